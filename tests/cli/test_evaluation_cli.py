"""jixiao monitor and jixiao score on the seed, with spending and actuals as CSV."""

import json

import pytest

from .test_cli import SEED, run

P1, P2, P3 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098", "13032221W892NIM0EVGFV"
SPENDING = f"""project,date,amount,note
{P1},2021-01-28,98000,春节送温暖
{P1},2021/9/28,101500,国庆救助
{P2},2021年6月15日,23000,劳模体检
{P3},20210320,4万元,专项救助
"""
ACTUALS = f"""project,indicator,actual,share,reason,measure
{P1},困难帮扶人数,406人,,,
{P1},困难职工帮扶工作,部分达成,75,,
{P1},受帮扶困难职工满意度,96.5%,,,
{P2},劳模体检人数,46人,,2人因病住院未检,年底前补检
"""


@pytest.fixture
def records(tmp_path):
    spending, actuals = tmp_path / "s.csv", tmp_path / "a.csv"
    spending.write_text(SPENDING, "utf-8")
    actuals.write_text(ACTUALS, "gb18030")  # units save CSV from Excel in GB18030
    return spending, actuals


def test_monitor_json(records):
    spending, actuals = records
    result = run("monitor", SEED, "--spending", spending, "--actuals", actuals, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2021-07-31"
    p1 = data["projects"][0]
    assert {k: p1[k] for k in ("code", "budget", "spent", "execution_rate", "planned_rate", "time_rate", "gap",
                               "colour")} == {
        "code": P1, "budget": "200000.00", "spent": "98000.00", "execution_rate": "49.00", "planned_rate": "62.60",
        "time_rate": "58.08", "gap": "-13.60", "colour": "yellow"}
    first = p1["indicators"][0]
    assert set(first) >= {"name", "target", "actual", "progress", "forecast", "likelihood", "reason_required"}
    assert (first["name"], first["progress"], first["likelihood"]) == ("困难帮扶人数", "101.50", "确定能")
    assert data["projects"][2]["colour"] == "red"


def test_monitor_as_of_another_date(records):
    spending, _ = records
    data = json.loads(run("monitor", SEED, "--spending", spending, "--as-of", "2021-12-31", "--json").stdout)
    assert data["as_of"] == "2021-12-31" and data["projects"][0]["execution_rate"] == "99.75"


def test_monitor_prints_tables(records):
    spending, actuals = records
    result = run("monitor", SEED, "--spending", spending, "--actuals", actuals)
    assert "截至2021年7月31日" in result.stdout and "完成目标可能性" in result.stdout


def test_score_json(records):
    spending, actuals = records
    result = run("score", SEED, "--spending", spending, "--actuals", actuals, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ruleset"] == "CZ-2020-10"
    p1 = data["projects"][0]
    assert p1["execution"] == {"budget": "200000.00", "spent": "199500.00", "rate": "99.75", "weight": "10",
                               "score": "9.975", "reason_required": False, "flags": []}
    first = p1["indicators"][0]
    assert set(first) == {"name", "level1", "weight", "target", "actual", "score", "flags", "reason_required"}
    assert (first["weight"], first["score"]) == ("12.5", "12.5")
    assert p1["grade"] in "优良中差" and p1["total"]


def test_score_prints_tables(records):
    spending, actuals = records
    result = run("score", SEED, "--spending", spending, "--actuals", actuals)
    assert "总分" in result.stdout and "预算执行率" in result.stdout


def bad(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_a_bad_amount_names_row_and_column(tmp_path, records):
    _, actuals = records
    spending = bad(tmp_path, "bad.csv", f"project,date,amount\n{P1},2021-01-28,九万八\n")
    result = run("score", SEED, "--spending", spending, "--actuals", actuals)
    assert result.exit_code == 1
    assert f"{spending}：第2行“amount”列：错误：金额“九万八”不是数字" in result.stderr


def test_a_bad_date_names_row_and_column(tmp_path):
    spending = bad(tmp_path, "bad.csv", f"project,date,amount\n{P1},2021-01-28,1\n{P1},下个月,2\n")
    result = run("monitor", SEED, "--spending", spending)
    assert result.exit_code == 1 and "第3行“date”列：错误：日期“下个月”无法识别" in result.stderr


def test_a_missing_column_is_named(tmp_path):
    spending = bad(tmp_path, "bad.csv", f"project,amount\n{P1},1\n")
    result = run("monitor", SEED, "--spending", spending)
    assert result.exit_code == 1 and "第1行缺少“date”（日期）列" in result.stderr


def test_an_unreadable_csv_exits_2(tmp_path):
    spending = tmp_path / "s.csv"
    spending.write_bytes(b"")
    result = run("monitor", SEED, "--spending", spending)
    assert result.exit_code == 2 and "文件是空的" in result.stderr


def test_an_unknown_indicator_names_the_nearest(tmp_path, records):
    spending, _ = records
    actuals = bad(tmp_path, "a.csv", f"project,indicator,actual\n{P1},困难帮扶人,400人\n")
    result = run("score", SEED, "--spending", spending, "--actuals", actuals)
    assert result.exit_code == 1
    assert f"{actuals}：第2行：错误：项目“职工困难帮扶防贫资金”没有指标“困难帮扶人”，是否指：困难帮扶人数" in result.stderr


def test_an_actual_in_the_wrong_unit_is_refused(tmp_path, records):
    spending, _ = records
    actuals = bad(tmp_path, "a.csv", f"project,indicator,actual\n{P1},困难帮扶人数,400元\n")
    result = run("score", SEED, "--spending", spending, "--actuals", actuals)
    assert result.exit_code == 1 and "“困难帮扶人数”的完成值单位“元”无法与指标值单位“人”比较" in result.stderr


def test_a_bad_as_of_date_is_refused(records):
    spending, _ = records
    result = run("monitor", SEED, "--spending", spending, "--as-of", "七月底")
    assert result.exit_code == 2 and "监控截止日期“七月底”无法识别" in result.stderr


@pytest.mark.parametrize("to", ["xlsx", "docx"])
def test_monitoring_table_saved_in_the_official_layout(records, tmp_path, to):
    spending, actuals = records
    out = tmp_path / f"monitor.{to}"
    assert run("monitor", SEED, "--spending", spending, "--actuals", actuals, "--out", out).exit_code == 0
    texts = _texts(out)
    assert "项目支出绩效目标执行监控表（2021年1-7月）" in texts
    for text in ("1-7月执行率", "完成目标可能性", "纠偏措施", "49.00%", "62.60%", "黄", "确定能", "9.80"):
        assert text in texts, text
    assert not any("（缺）" in text for text in texts)  # a reason not given is a blank cell


@pytest.mark.parametrize("to", ["xlsx", "docx"])
def test_self_evaluation_table_saved_in_the_official_layout(records, tmp_path, to):
    spending, actuals = records
    out = tmp_path / f"score.{to}"
    assert run("score", SEED, "--spending", spending, "--actuals", actuals, "--out", out).exit_code == 0
    texts = _texts(out)
    assert "项目支出绩效自评表（2021年度）" in texts
    for text in ("全年预算数", "全年执行数", "偏差原因分析及改进措施", "自评等级", "19.95", "99.75%", "12.50",
                 "2人因病住院未检"):
        assert text in texts, text


def test_table_to_an_unknown_format_is_refused(records, tmp_path):
    spending, actuals = records
    result = run("score", SEED, "--spending", spending, "--actuals", actuals, "--out", tmp_path / "x.odt")
    assert result.exit_code == 2 and "表格只能另存为.xlsx、.docx或.pdf" in result.stderr
    assert not (tmp_path / "x.odt").exists()


def _texts(path) -> set[str]:
    """Every cell's text (numbers as the table shows them) in a saved table."""
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        return {f"{c.value * 100:.2f}%" if c.number_format == "0.00%" else
                f"{c.value:.2f}" if isinstance(c.value, (int, float)) else str(c.value)
                for s in book for row in s.iter_rows() for c in row if c.value is not None}
    import docx

    d = docx.Document(str(path))
    return {p.text for p in d.paragraphs} | {c.text for t in d.tables for row in t.rows for c in row.cells}
