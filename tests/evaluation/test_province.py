"""The columnar path (DuckDB over Parquet) gives the per-project path's numbers."""

from datetime import date

import pytest

from jixiao.evaluation import province
from jixiao.rulesets import load

RULES = load()
AS_OF = date(2021, 7, 31)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    directory = tmp_path_factory.mktemp("province")
    province.synthesize(directory, projects=400)
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


def test_scores_agree(sample):
    con, (projects, actuals, spending) = sample
    python = province.score_each(projects, actuals, spending, RULES)
    rows = province.score_province(con, RULES).fetchall()
    assert len(rows) == len(python) == 400
    for code, budget, spent, rate, execution, total, grade in rows:
        p = python[code]
        assert (budget, spent) == (p.execution.budget, p.execution.spent)
        assert close(rate, p.execution.rate) and close(execution, p.execution.score) and close(total, p.total)
        assert grade == p.grade
    indicators = con.sql(province.indicator_scores_sql(RULES)).fetchall()
    for code, seq, weight, score, exceeded, missing in indicators:
        s = python[code].indicators[seq]
        assert close(weight, s.weight) and close(score, s.score)
        assert exceeded == ("目标可能偏低" in s.flags) and missing == ("无完成值" in s.flags)


def test_monitoring_agrees(sample):
    con, (projects, actuals, spending) = sample
    python = province.monitor_each(projects, actuals, spending, RULES, AS_OF)
    rows, indicators = province.monitor_province(con, RULES, AS_OF)
    colours = set()
    for code, budget, spent, execution, planned, time_rate, gap, colour in rows.fetchall():
        m = python[code]
        assert (budget, spent, colour) == (m.budget, m.spent, m.colour) and close(gap, m.gap)
        assert close(execution, m.execution_rate) and close(planned, m.planned_rate) and close(time_rate, m.time_rate)
        colours.add(colour)
    assert colours == {"green", "yellow", "red"}
    for code, seq, progress, forecast, likelihood in indicators.fetchall():
        i = python[code].indicators[seq]
        assert close(progress, i.progress) and close(forecast, i.forecast) and likelihood == i.likelihood
