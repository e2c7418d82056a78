"""`jixiao review FILE --previous LAST_YEAR_FILE [--previous-actuals CSV]`: the 历史标准 rules run from the
command line against last year's goal document and its actuals; a file of another year or unit, or actuals
without last year's document, are refused in Chinese."""

import json

from jixiao.review.history import PREVIOUS_UNIT, PREVIOUS_YEAR

from .test_cli import SEED, run

P3 = "13032221W892NIM0EVGFV"


def next_year(tmp_path):
    """The seed as the unit's 2022 plan, as next year's copy makes it: the plan year moved (2021年 → 2022年),
    the projects keeping their codes (so the title names the year); one indicator's description still naming
    2021 as pasted."""
    path = tmp_path / "2022.txt"
    text = "昌黎县总工会本级2022年部门预算绩效目标\n" + SEED.read_text("utf-8").replace("2021年", "2022年")
    path.write_text(text.replace("2022年12月31日前用于因病因灾", "2021年12月31日前用于因病因灾", 1), "utf-8")
    return path


def codes(result) -> set[tuple[str, str | None]]:
    return {(f["code"], f["indicator"]) for f in json.loads(result.stdout)["findings"]}


def test_last_years_document_and_actuals_raise_the_history_findings(tmp_path):
    this = next_year(tmp_path)
    actuals = tmp_path / "2021完成值.csv"
    actuals.write_text(f"project,indicator,actual\n{P3},困难职工帮扶人数,12人\n", "utf-8")
    alone = run("review", "--json", this)
    assert json.loads(alone.stdout)["previous"] is None
    assert not {c for c, _ in codes(alone)} & {"history-below-last-actual", "history-target-unchanged",
                                                "history-old-year"}
    result = run("review", "--json", this, "--previous", SEED, "--previous-actuals", actuals)
    assert json.loads(result.stdout)["previous"] == {"year": 2021, "source": f"上年文件{SEED.name}"}
    found = codes(result)
    assert ("history-below-last-actual", "困难职工帮扶人数") in found  # ≥10人 below 2021's 12人
    assert ("history-target-unchanged", "困难职工帮扶人数") in found
    assert ("history-old-year", "困难帮扶人数") in found  # its description still names 2021
    targets_only = run("review", "--json", this, "--previous", SEED)
    assert ("history-below-last-actual", "困难职工帮扶人数") not in codes(targets_only)  # no actual to compare
    assert ("history-old-year", "困难帮扶人数") in codes(targets_only)
    text = run("review", this, "--previous", SEED, "--previous-actuals", actuals).stdout
    assert f"历史标准：与2021年绩效目标比较（上年文件{SEED.name}）" in text and "低于2021年实际完成值12人" in text


def test_a_previous_file_of_another_year_or_unit_or_actuals_alone_are_refused(tmp_path):
    same = run("review", SEED, "--previous", SEED)
    assert same.exit_code == 1
    assert PREVIOUS_YEAR.format(name=SEED, found=2021, year=2021, expected=2020) in same.stderr
    other = tmp_path / "other.txt"
    other.write_text(SEED.read_text("utf-8").replace("711001", "726001"), "utf-8")
    refused = run("review", next_year(tmp_path), "--previous", other)
    assert refused.exit_code == 1 and "上年绩效目标文件“" in refused.stderr and "726001" in refused.stderr
    assert PREVIOUS_UNIT.split("{")[0] in refused.stderr
    alone = run("review", SEED, "--previous-actuals", tmp_path / "x.csv")
    assert alone.exit_code == 1 and "--previous-actuals须与--previous" in alone.stderr
    missing = run("review", SEED, "--previous", tmp_path / "none.txt")
    assert missing.exit_code == 2 and "none.txt" in missing.stderr
