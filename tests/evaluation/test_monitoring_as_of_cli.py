"""`jixiao monitor` says each forecast with its unit and how it was made."""

import json

from ..cli.test_cli import SEED, run

P1 = "13032221GVUVTX63BWWCQ"


def test_the_cli_gives_each_forecast_with_its_unit(tmp_path):
    spending, actuals = tmp_path / "s.csv", tmp_path / "a.csv"
    spending.write_text(f"project,date,amount\n{P1},2021-01-28,98000\n", "utf-8")
    actuals.write_text(f"project,indicator,actual\n{P1},困难帮扶人数,212人\n{P1},受帮扶困难职工满意度,96.5%\n", "utf-8")
    data = json.loads(run("monitor", SEED, "--spending", spending, "--actuals", actuals, "--json").stdout)
    people, satisfied = (next(i for i in data["projects"][0]["indicators"] if i["name"] == name)
                         for name in ("困难帮扶人数", "受帮扶困难职工满意度"))
    assert (people["forecast"], people["forecast_unit"], people["forecast_text"]) == ("365.00", "人", "365人")
    assert people["forecast_rule"] == "按序时进度线性推算"
    assert (satisfied["forecast_text"], satisfied["forecast_rule"]) == ("96.50%", "按截至目前的值（比率、人均数不外推）")
    table = run("monitor", SEED, "--spending", spending, "--actuals", actuals).stdout
    assert "365人" in table and "96.50%" in table
