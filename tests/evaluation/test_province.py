"""The columnar path (DuckDB over Parquet) gives the per-project path's numbers, under every shipped
rule set: on a synthetic province, and on a small one made to hit every parameter's edges."""

from datetime import date

import duckdb
import pytest

from jixiao.evaluation import province
from jixiao.evaluation.errors import EvaluationError
from jixiao.evaluation.scoring import NEGATIVE
from jixiao.rulesets import load, shipped

RULES = load()
AS_OF = date(2021, 7, 31)
RULESETS = [r.code for r in shipped()]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    directory = tmp_path_factory.mktemp("province")
    province.synthesize(directory, projects=400)
    con = province.connect(directory)
    return con, province.load_projects(con)


# Projects of 10万元 whose spending gives each execution band of the caps (85, 75, 65, 55, 45 %), spending
# above the budget (120 %) and exactly the budget; the last one weighted by its document.
EDGE_PROJECTS = [("E1", 85000), ("E2", 75000), ("E3", 65000), ("E4", 55000), ("E5", 45000), ("E6", 120000),
                 ("E7", 100000)]
# seq, 一级, name, op, value, value_hi, unit, actual, tier, document weight (E7 only)
EDGE_INDICATORS = [
    (0, "产出指标", "服务人数", "≥", 400, None, "人", 520, None, 10),     # exactly 1.3 × the target
    (1, "产出指标", "培训人数", "≥", 400, None, "人", 481, None, 10),     # above 1.2 ×, below 1.3 ×
    (2, "产出指标", "人均成本", "≤", 500, None, "元", 625, None, 10),     # ratio 8/10, linear 7.5/10
    (3, "产出指标", "单位成本", "≤", 500, None, "元", 1000, None, 10),    # twice the ceiling: linear 0
    (4, "效益指标", "达标区间", "range", 60, 80, "%", 85, None, 10),      # above the upper end: scored as ≤80%
    (5, "效益指标", "覆盖率", "≥", 90, None, "%", -5, None, 10),          # negative: counts as 0
    (6, "效益指标", "完成数量", "=", 6, None, "个", 5, None, 10),
    (7, "效益指标", "达标率", "≥", 80, None, "%", 68, None, 5),           # exactly 15 % short: no reminder
    (8, "效益指标", "合格率", "≥", 80, None, "%", 67.9, None, 5),         # more than 15 % short: reminder
    (9, "效益指标", "入户率", "≥", 50, None, "%", 60, None, 5),           # exactly 1.2 ×: blue
    (10, "满意度指标", "满意度", "≥", 95, None, "%", 96, None, 5),
    (11, "满意度指标", "社会效果", "qualitative", None, None, "", None, "部分达成", 5),
]


def write_province(directory, projects, indicators, weighted=("E7",)):
    con = duckdb.connect()
    con.execute("CREATE TABLE projects (code VARCHAR, budget DECIMAL(18, 2), p3 DOUBLE, p6 DOUBLE, p10 DOUBLE, p12 DOUBLE)")
    con.execute("CREATE TABLE indicators (code VARCHAR, seq BIGINT, level1 VARCHAR, name VARCHAR, op VARCHAR, "
                "value DOUBLE, value_hi DOUBLE, unit VARCHAR, weight DOUBLE)")
    con.execute("CREATE TABLE actuals (code VARCHAR, seq BIGINT, value DOUBLE, tier VARCHAR, share DOUBLE)")
    con.execute("CREATE TABLE spending (code VARCHAR, day DATE, amount DECIMAL(18, 2))")
    for code, spent in projects:
        con.execute("INSERT INTO projects VALUES (?, 100000, 10, 40, 80, 100)", [code])
        con.execute("INSERT INTO spending VALUES (?, DATE '2021-03-15', ?), (?, DATE '2021-07-20', ?)",
                    [code, spent * 0.4, code, spent * 0.6])
        for seq, level1, name, op, value, hi, unit, actual, tier, weight in indicators:
            con.execute("INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [code, seq, level1, name, op, value, hi, unit, weight if code in weighted else None])
            con.execute("INSERT INTO actuals VALUES (?, ?, ?, ?, NULL)", [code, seq, actual, tier])
    for table in province.TABLES:
        con.execute(f"COPY {table} TO '{directory / table}.parquet' (FORMAT parquet)")


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    directory = tmp_path_factory.mktemp("edge")
    write_province(directory, EDGE_PROJECTS, EDGE_INDICATORS)
    con = province.connect(directory)
    return con, province.load_projects(con)


def close(a, b) -> bool:
    return (a is None and b is None) or abs(float(a) - float(b)) < 1e-6


def test_the_sample_has_every_kind_of_case(sample):
    con, (projects, actuals, _) = sample
    ops = {op for (op,) in con.execute("SELECT DISTINCT op FROM indicators").fetchall()}
    assert ops == {"≥", "≤", "=", "range", "qualitative"}
    assert any(all(i.level1 != "满意度指标" for i in p.indicators) for p in projects.values())
    assert con.execute("SELECT count(*) FROM actuals WHERE value IS NULL AND tier IS NULL").fetchall()[0][0] > 0
    assert con.execute("SELECT count(*) FROM projects WHERE p3 IS NULL").fetchall()[0][0] > 0


def scores_agree(con, projects, actuals, spending, rules):
    python = province.score_each(projects, actuals, spending, rules)
    rows = province.score_province(con, rules).fetchall()
    assert len(rows) == len(python) > 0
    for code, budget, spent, rate, execution, total, grade in rows:
        p = python[code]
        assert (budget, spent) == (p.execution.budget, p.execution.spent)
        assert close(rate, p.execution.rate) and close(execution, p.execution.score), code
        assert close(total, p.total) and grade == p.grade, code
    indicators = con.sql(province.indicator_scores_sql(rules)).fetchall()
    for code, seq, weight, score, exceeded, missing in indicators:
        s = python[code].indicators[seq]
        assert close(weight, s.weight) and close(score, s.score), (code, s.name)
        assert exceeded == ("目标可能偏低" in s.flags) and missing == ("无完成值" in s.flags)
    return python


def monitoring_agrees(con, projects, actuals, spending, rules):
    python = province.monitor_each(projects, actuals, spending, rules, AS_OF)
    rows, indicators = province.monitor_province(con, rules, AS_OF)
    colours, states = set(), set()
    for code, budget, spent, execution, planned, time_rate, gap, colour in rows.fetchall():
        m = python[code]
        assert (budget, spent, colour) == (m.budget, m.spent, m.colour) and close(gap, m.gap), code
        assert close(execution, m.execution_rate) and close(planned, m.planned_rate) and close(time_rate, m.time_rate)
        colours.add(colour)
    for code, seq, progress, forecast, likelihood, state in indicators.fetchall():
        i = python[code].indicators[seq]
        assert close(progress, i.progress) and close(forecast, i.forecast) and likelihood == i.likelihood, (code, i.name)
        assert state == i.state, (code, i.name)
        states.add(state)
    return python, colours, states


@pytest.mark.parametrize("code", RULESETS)
def test_scores_agree(sample, code):
    con, (projects, actuals, spending) = sample
    scores_agree(con, projects, actuals, spending, load(code))


@pytest.mark.parametrize("code", RULESETS)
def test_monitoring_agrees(sample, code):
    con, (projects, actuals, spending) = sample
    _, colours, _ = monitoring_agrees(con, projects, actuals, spending, load(code))
    assert colours == {"green", "yellow", "red"}


@pytest.mark.parametrize("code", RULESETS)
def test_scores_agree_at_every_parameter_edge(edge, code):
    con, (projects, actuals, spending) = edge
    python = scores_agree(con, projects, actuals, spending, load(code))
    rules = load(code)["self_evaluation"]
    e5 = python["E5"]  # 45 % executed
    assert NEGATIVE in e5.indicators[5].flags and e5.indicators[5].score == 0
    if rules["execution_caps"]:  # 45 % executed: at most 59
        assert e5.cap == 59 and e5.total == 59 and e5.flags
    if rules["exceed_deducts"]:  # 520 of ≥400 人 loses 2 points
        assert e5.indicators[0].score == e5.indicators[0].weight - 2


@pytest.mark.parametrize("code", RULESETS)
def test_monitoring_agrees_at_every_parameter_edge(edge, code):
    con, (projects, actuals, spending) = edge
    python, colours, states = monitoring_agrees(con, projects, actuals, spending, load(code))
    if load(code)["monitoring"]["indicator_progress"] == "pro_rata":
        assert states == {"blue", "yellow", "green"}  # (a qualitative row has no number to monitor)
        row = python["E1"].indicators
        assert (row[7].state, row[8].state, row[9].state) == ("green", "yellow", "blue")
    else:
        assert states == {""}
    assert "red" in colours  # E6: spending above the budget


def test_a_weight_of_zero_stops_both_paths_naming_the_indicator(tmp_path):
    rows = [(0, "产出指标", "服务人数", "≥", 400, None, "人", 400, None, 0), (1, "效益指标", "覆盖率", "≥", 90, None, "%", 95, None, 90)]
    write_province(tmp_path, [("E7", 100000)], rows)
    con = province.connect(tmp_path)
    projects, actuals, spending = province.load_projects(con)
    with pytest.raises(EvaluationError, match="指标“服务人数”的分值为0"):
        province.score_each(projects, actuals, spending, RULES)
    with pytest.raises(duckdb.Error, match="指标“服务人数”的分值为0"):
        province.score_province(con, RULES).fetchall()
