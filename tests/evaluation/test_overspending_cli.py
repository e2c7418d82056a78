"""`jixiao monitor` and `jixiao score` on a spending file above the budget: red, 超支 or 数据有误, flagged."""

import json

from ..cli.test_cli import SEED, run

P1 = "13032221GVUVTX63BWWCQ"  # 职工困难帮扶防贫资金, 20万元
TYPO = f"""project,date,amount,note
{P1},2021-01-28,"97,000.00",春节送温暖
{P1},2021-03-15,"1,000,000.00",专项救助（多打了一个0）
"""
OVER = f"""project,date,amount,note
{P1},2021-01-28,"98,000.00",春节送温暖
{P1},2021-06-28,"140,000.00",夏季送清凉
"""
ACTUALS = f"""project,indicator,actual
{P1},困难帮扶人数,406人
"""


def test_monitor_json_says_red_and_implausible_for_a_mistyped_million(tmp_path):
    spending = tmp_path / "s.csv"
    spending.write_text(TYPO, "utf-8")
    result = run("monitor", SEED, "--spending", spending, "--json")
    assert result.exit_code == 0, result.stderr
    p1 = json.loads(result.stdout)["projects"][0]
    assert (p1["execution_rate"], p1["colour"], p1["problems"]) == ("548.50", "red", ["数据有误"])
    assert p1["reason_required"] and p1["reason_missing"]


def test_monitor_prints_red_with_the_problem(tmp_path):
    spending = tmp_path / "s.csv"
    spending.write_text(OVER, "utf-8")
    result = run("monitor", SEED, "--spending", spending)
    assert result.exit_code == 0, result.stderr
    assert "红（超支）" in result.stdout and "119.00%" in result.stdout


def test_score_flags_the_execution_rate_above_100(tmp_path):
    spending, actuals = tmp_path / "s.csv", tmp_path / "a.csv"
    spending.write_text(OVER, "utf-8")
    actuals.write_text(ACTUALS, "utf-8")
    data = json.loads(run("score", SEED, "--spending", spending, "--actuals", actuals, "--json").stdout)
    execution = data["projects"][0]["execution"]
    assert execution["rate"] == "119" and execution["flags"] == ["超支：执行率超过100%，需说明偏差原因"]
    assert execution["score"] == "8.1" and execution["reason_required"]  # 10 × (1 − 19 %)
    printed = run("score", SEED, "--spending", spending, "--actuals", actuals).stdout
    assert "超支：执行率超过100%" in printed
