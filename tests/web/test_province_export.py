"""`jixiao province export` writes the database's plans as a province directory, and `jixiao province
score` over it gives every project the total and grade the self-evaluation gives it (the per-project
Python path: web/evaluation/selectors.scores → evaluation.scoring.score_project)."""

import csv
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.evaluation import province
from jixiao.evaluation.errors import UNIT_MISMATCH, EvaluationError
from jixiao.evaluation.records import spent
from jixiao.rulesets import load
from jixiao.web.evaluation import selectors
from jixiao.web.evaluation.models import IndicatorValue
from jixiao.web.evaluation.province_export import (
    NO_PLANS,
    NO_PLANS_OF_YEAR,
    NOT_A_FOLDER,
    SKIPPED,
    province_code,
    province_export,
)
from jixiao.web.goals.models import Plan

from .conftest import SEED

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output + (result.stderr or "")
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def demo(db, settings, tmp_path):
    from jixiao.web.demo import load_demo

    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_demo(SEED)
    return Plan.objects.get(year=2021), Plan.objects.get(year=2022)


def cent(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_the_demo_exported_scores_as_the_self_evaluation_does(demo, tmp_path):
    folder = tmp_path / "省"
    result = run("province", "export", "--out", folder)
    assert result.exit_code == 0, result.output
    expected = {}
    for plan in demo:
        for s in selectors.scores(plan):
            expected[(plan.year, s.code, s.name)] = s
    assert len(expected) == 2 * 3  # the seed's three projects, in 2021 and in the 2022 draft
    assert "已导出2份绩效目标：6个项目" in result.stdout
    scored = run("province", "score", "--dir", folder, "--out", tmp_path / "scores.csv")
    assert scored.exit_code == 0, scored.output
    with open(tmp_path / "scores.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 6
    for row in rows:
        s = expected[(int(row["预算年度"]), row["项目编码"], row["项目名称"])]
        assert row["单位编码"] == "711001"
        assert Decimal(row["预算数（元）"]) == s.execution.budget and Decimal(row["支出数（元）"]) == s.execution.spent
        assert Decimal(row["执行率（%）"]) == cent(s.execution.rate)
        assert Decimal(row["预算执行得分"]) == cent(s.execution.score)
        assert Decimal(row["总分"]) == cent(s.total) and row["等级"] == s.grade
    grades = {g: sum(1 for s in expected.values() if s.grade == g) for g in "优良中差"}
    for grade, count in grades.items():
        assert f"│ {grade}   │ {count:>6} │" in scored.stdout
    # and to the last digit, indicator by indicator
    con = province.connect(folder)
    totals = {code: (total, grade) for code, _, _, _, _, total, grade in province.score_province(con, load()).fetchall()}
    by_code = {province_code("711001", y, code or name): s for (y, code, name), s in expected.items()}
    assert set(totals) == set(by_code)
    for code, s in by_code.items():
        assert abs(totals[code][0] - float(s.total)) < 1e-9 and totals[code][1] == s.grade
    for code, seq, weight, score, exceeded, missing in con.sql(province.indicator_scores_sql(load())).fetchall():
        i = by_code[code].indicators[seq]
        assert abs(weight - float(i.weight)) < 1e-9 and abs(score - float(i.score)) < 1e-9
        assert missing == ("无完成值" in i.flags) and exceeded == ("目标可能偏低" in i.flags)


def test_the_export_holds_the_self_evaluations_records(demo, tmp_path):
    plan_2021, _ = demo
    province_export(directory=tmp_path, year=2021)
    con = province.connect(tmp_path)
    spending, actuals = selectors.records(plan_2021)
    projects = con.execute("SELECT code, plan, unit, year, project_code, name FROM projects").fetchall()
    assert {p[3] for p in projects} == {2021} and {p[1] for p in projects} == {plan_2021.pk}
    for code, _, _, _, project_code, name in projects:
        money = con.execute("SELECT coalesce(sum(amount), 0), count(*) FROM spending WHERE code = ?", [code]).fetchall()[0]
        assert money[0] == spent(spending, project_code or name)
    assert con.execute("SELECT count(*) FROM spending").fetchall()[0][0] == len(spending)
    assert con.execute("SELECT count(*) FROM actuals").fetchall()[0][0] == sum(
        1 for a in actuals if a.indicator and a.actual is not None)


def test_a_plan_the_self_evaluation_cannot_score_is_left_out_and_said(demo, tmp_path):
    plan_2021, plan_2022 = demo
    # a value stored in a unit its target's cannot be converted from (as an older version could keep it)
    IndicatorValue.objects.filter(indicator__project__plan=plan_2021, indicator__name="增加经济收入").update(
        unit="公里", actual="500公里")
    with pytest.raises(EvaluationError) as raised:
        selectors.scores(plan_2021)
    assert raised.value.message == UNIT_MISMATCH.format(indicator="增加经济收入", unit="公里", target_unit="元")
    result = run("province", "export", "--out", tmp_path)
    assert result.exit_code == 1
    assert SKIPPED.format(unit=plan_2021.unit.name, year=2021, message=str(raised.value)) in result.stderr
    assert "已导出1份绩效目标：3个项目" in result.stdout
    years = duckdb.sql(f"SELECT DISTINCT year FROM read_parquet('{tmp_path / 'projects.parquet'}')").fetchall()
    assert years == [(2022,)]
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path / 'spending.parquet'}')").fetchall() == [(0,)]


def test_an_empty_database_or_year_is_refused(db, tmp_path):
    result = run("province", "export", "--out", tmp_path / "省")
    assert result.exit_code == 2 and NO_PLANS in result.stderr
    assert not (tmp_path / "省").exists()


def test_a_year_without_plans_is_refused(demo, tmp_path):
    result = run("province", "export", "--out", tmp_path, "--year", 2019)
    assert result.exit_code == 2 and NO_PLANS_OF_YEAR.format(year=2019) in result.stderr


def test_a_folder_that_cannot_be_written_is_refused(demo, tmp_path):
    (tmp_path / "文件").write_text("不是文件夹", "utf-8")
    inside = run("province", "export", "--out", tmp_path / "文件" / "省")
    assert inside.exit_code == 2 and f"无法写入文件夹“{tmp_path / '文件' / '省'}”" in inside.stderr
    file = run("province", "export", "--out", tmp_path / "文件")
    assert file.exit_code == 2 and NOT_A_FOLDER.format(path=tmp_path / "文件") in file.stderr
