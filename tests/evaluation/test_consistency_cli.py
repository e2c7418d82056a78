"""`jixiao score` gives each project's 绩效与预算执行一致性 (a column and --json); `jixiao monitor` marks the
projects that need 二次监控 (a column and --json). Seed projects: 职工困难帮扶防贫资金 (P1, 200,000元, five 产出
and 效益 indicators of 12.5 and 7.5 …), 劳模体检费 (P2, 24,000元), the third (145,500元)."""

import json

from jixiao.evaluation.consistency import NO_RESULTS, UNSPENT

from ..cli.test_cli import SEED, run

P1, P2, P3 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098", "13032221W892NIM0EVGFV"


def test_score_gives_the_consistency_colour_with_its_figures(tmp_path):
    spending, actuals = tmp_path / "s.csv", tmp_path / "a.csv"
    spending.write_text(f"project,date,amount\n{P1},2021-01-28,98000\n{P2},2021-05-10,24000\n", "utf-8")
    actuals.write_text(f"project,indicator,actual\n{P1},困难帮扶人数,406人\n", "utf-8")
    data = json.loads(run("score", SEED, "--spending", spending, "--actuals", actuals, "--json").stdout)
    first, second, _ = data["projects"]
    # P1: 12.5 of 90 indicator points = 13.89 %; 98,000 of 200,000 = 49 % of the execution's 10; 51 % unspent
    assert first["consistency"] == {"colour": "yellow", "indicator_share": "13.89", "execution_share": "49.00",
                                    "gap": "-252.80", "unspent": "51.00",
                                    "reason": UNSPENT.format(unspent="51.00", limit="20")}
    # P2: all spent, no actual yet: nothing runs ahead of the money
    assert (second["consistency"]["colour"], second["consistency"]["gap"]) == ("green", None)
    assert second["consistency"]["reason"] == NO_RESULTS.format(unspent="0.00")
    table = run("score", SEED, "--spending", spending, "--actuals", actuals).stdout
    assert "一致性" in table and "预算未支出51.00%，超过20%" in table and "13.89%" in table and "-252.80%" in table


def test_monitor_marks_the_projects_that_need_the_second_round(tmp_path):
    spending, actuals = tmp_path / "s.csv", tmp_path / "a.csv"
    spending.write_text(f"project,date,amount\n{P1},2021-01-28,98000\n{P2},2021-05-10,12000\n", "utf-8")
    actuals.write_text(f"project,indicator,actual\n{P1},困难帮扶人数,106人\n", "utf-8")
    data = json.loads(run("monitor", SEED, "--spending", spending, "--actuals", actuals, "--json").stdout)
    marks = {p["code"]: p["second_monitoring"] for p in data["projects"]}
    # P1: 106人 by 7-31 → 182.50人 for the year, 54.38 % short of ≥400人; P2 spent, on track; P3 nothing spent
    assert marks == {P1: ["“困难帮扶人数”全年预计182.50人，与指标值≥400人偏差54.38%，超过30%"], P2: [],
                     P3: ["截至2021-07-31预算执行为0（预算145,500.00元，未支出）"]}
    table = run("monitor", SEED, "--spending", spending, "--actuals", actuals).stdout
    rows = [line for line in table.splitlines() if "劳模体检费" in line or "职工困难帮扶防贫资金" in line]
    assert "二次监控" in table and rows[0].rstrip(" │").endswith("需要") and not rows[1].rstrip(" │").endswith("需要")
    late = json.loads(run("monitor", SEED, "--spending", spending, "--actuals", actuals, "--as-of", "2021-09-30",
                          "--json").stdout)
    assert all(p["second_monitoring"] == [] for p in late["projects"])  # no month-end left for a second round


def test_monitor_out_marks_the_second_round_in_the_table(tmp_path):
    from openpyxl import load_workbook

    spending, actuals, out = tmp_path / "s.csv", tmp_path / "a.csv", tmp_path / "监控表.xlsx"
    spending.write_text(f"project,date,amount\n{P1},2021-01-28,98000\n{P2},2021-05-10,12000\n", "utf-8")
    actuals.write_text(f"project,indicator,actual\n{P1},困难帮扶人数,106人\n", "utf-8")
    run("monitor", SEED, "--spending", spending, "--actuals", actuals, "--out", out)
    texts = [[str(c.value) for row in s.iter_rows() for c in row if c.value] for s in load_workbook(out)]
    assert "黄；需二次监控" in texts[0] and not any("需二次监控" in t for t in texts[1])
    assert "红；需二次监控" in texts[2]


def test_score_out_prints_the_consistency_line_under_each_projects_table(tmp_path):
    from openpyxl import load_workbook

    spending, actuals, out = tmp_path / "s.csv", tmp_path / "a.csv", tmp_path / "自评表.xlsx"
    spending.write_text(f"project,date,amount\n{P1},2021-01-28,98000\n{P2},2021-05-10,24000\n", "utf-8")
    actuals.write_text(f"project,indicator,actual\n{P1},困难帮扶人数,406人\n", "utf-8")
    run("score", SEED, "--spending", spending, "--actuals", actuals, "--out", out)
    lines = [c.value for s in load_workbook(out) for row in s.iter_rows() for c in row
             if str(c.value or "").startswith("一致性检查")]
    # P1 as above; P2: all spent, nothing scored; P3: nothing spent of 145,500元, nothing scored
    assert lines == ["一致性检查：黄。指标得分率13.89%，预算执行得分率49.00%；预算未支出51.00%，超过20%。",
                     "一致性检查：绿。指标得分率0.00%，预算执行得分率100.00%；指标得分为0，绩效结果没有超前于资金使用；预算未支出0.00%。",
                     "一致性检查：黄。指标得分率0.00%，预算执行得分率0.00%；预算未支出100.00%，超过20%。"]
