"""jixiao rulesets, and --ruleset with a shipped code or a province's own file on score and monitor."""

import json

from jixiao.rulesets import errors as e

from .test_cli import SEED, run
from .test_evaluation_cli import records  # noqa: F401 - the spending and actuals CSV fixture

PROVINCE = """code = "HN-2024"
title = "某省2024年项目支出绩效自评规则"
base = "CZ-2020-10-STRICT"

[grades]   # 某省财政厅〔2024〕3号 第六条
"优" = 85
"""


def test_rulesets_lists_the_shipped_ones_with_their_sources():
    result = run("rulesets")
    assert result.exit_code == 0, result.stderr
    for code in ("CZ-2020-10", "CZ-2020-10-STRICT", "CZ-2020-10-B80"):
        assert code in result.stdout
    assert "基础规则集：CZ-2020-10" in result.stdout and "预算执行率10分" in result.stdout
    assert "其余参数同CZ-2020-10（--all 列出全部）" in result.stdout


def test_rulesets_json_gives_every_parameter_with_its_source():
    data = json.loads(run("rulesets", "--json").stdout)
    assert [r["code"] for r in data] == ["CZ-2020-10", "CZ-2020-10-B80", "CZ-2020-10-STRICT"]
    strict = data[2]
    assert strict["base"] == "CZ-2020-10" and strict["file"] is None
    caps = next(p for p in strict["parameters"] if p["key"] == "self_evaluation.execution_caps")
    assert caps["value"] == [[80, 89], [70, 79], [60, 69], [50, 59]] and caps["own"] and "issue 15" in caps["source"]
    weight = next(p for p in strict["parameters"] if p["key"] == "self_evaluation.execution_weight")
    assert weight == {"key": "self_evaluation.execution_weight", "value": 10, "own": False,
                      "source": "财预〔2020〕10号：预算执行率10分 [S1][S4]"}


def test_rulesets_shows_a_province_file(tmp_path):
    path = tmp_path / "hn.toml"
    path.write_text(PROVINCE, "utf-8")
    data = json.loads(run("rulesets", path, "--json").stdout)
    [rules] = data
    assert rules["code"] == "HN-2024" and rules["base"] == "CZ-2020-10-STRICT"
    own = [p for p in rules["parameters"] if p["own"]]
    assert own == [{"key": "grades.优", "value": 85, "own": True, "source": "某省财政厅〔2024〕3号 第六条"}]


def test_score_by_a_strict_rule_set_and_by_a_province_file(records, tmp_path):  # noqa: F811
    spending, actuals = records
    national = json.loads(run("score", SEED, "--spending", spending, "--actuals", actuals, "--json").stdout)
    strict = json.loads(run("score", SEED, "--spending", spending, "--actuals", actuals, "--json",
                            "--ruleset", "CZ-2020-10-STRICT").stdout)
    assert strict["ruleset"] == "CZ-2020-10-STRICT"
    # the third project spent 4万元 of its budget: its total is held at the cap its execution rate sets
    third, third_national = strict["projects"][2], national["projects"][2]
    assert third["cap"] is not None and float(third["total"]) <= float(third["cap"])
    assert third_national["cap"] is None
    path = tmp_path / "hn.toml"
    path.write_text(PROVINCE, "utf-8")
    own = json.loads(run("score", SEED, "--spending", spending, "--actuals", actuals, "--json", "--ruleset", path).stdout)
    assert own["ruleset"] == "HN-2024" and own["projects"][2]["total"] == third["total"]


def test_monitor_by_absolute_bands_with_indicator_states(records):  # noqa: F811
    spending, actuals = records
    result = run("monitor", SEED, "--spending", spending, "--actuals", actuals, "--json", "--ruleset", "cz-2020-10-strict")
    data = json.loads(result.stdout)
    p1 = data["projects"][0]  # 98,000 of 200,000 by 31 July = 49 %: below 60 % red (by the gap it is yellow)
    assert p1["execution_rate"] == "49.00" and p1["colour"] == "red"
    people = p1["indicators"][0]  # 406 people by 31 July: 406 ÷ (212 ÷ 365) = 699.0 ≥ 1.2 × 400: blue
    assert people["name"] == "困难帮扶人数" and people["state"] == "blue" and people["reason_required"]
    printed = run("monitor", SEED, "--spending", spending, "--actuals", actuals, "--ruleset", "CZ-2020-10-STRICT")
    assert "蓝（≥1.2倍）" in printed.stdout and "状态" in printed.stdout


def test_a_bad_province_file_names_the_file_and_key(records, tmp_path):  # noqa: F811
    spending, actuals = records
    path = tmp_path / "hn.toml"
    path.write_text(PROVINCE.replace('"优" = 85', '"优" = 85\n[self_evaluation]\nexceed_ratoi = 1.3'), "utf-8")
    result = run("score", SEED, "--spending", spending, "--actuals", actuals, "--ruleset", path)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"{path}：没有参数“self_evaluation.exceed_ratoi”，是否指：")
    missing = run("monitor", SEED, "--spending", spending, "--ruleset", tmp_path / "none.toml")
    assert missing.exit_code == 2 and e.NO_FILE in missing.stderr


def test_an_unknown_code_is_refused_with_the_known_ones():
    result = run("rulesets", "HB-2099")
    assert result.exit_code == 2
    assert e.UNKNOWN_RULESET.format(code="HB-2099", known="CZ-2020-10、CZ-2020-10-B80、CZ-2020-10-STRICT") in result.stderr
