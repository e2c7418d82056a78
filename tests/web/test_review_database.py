"""`jixiao review FILE --database`: last year's plan of the file's unit read from the database (its targets,
and its actuals as the self-evaluation scores them), so the 历史标准 rules run from the command line as on
the pages; a unit without last year's plan is said so, and no database at all is refused in Chinese."""

from __future__ import annotations

import json

import pytest

from jixiao.evaluation.quantities import parse_actual
from jixiao.web.commands import NO_DATABASE
from jixiao.web.evaluation.models import IndicatorValue
from jixiao.web.goals.models import Indicator

from ..cli.test_cli import run
from ..cli.test_review_previous import next_year

P3 = "13032221W892NIM0EVGFV"


@pytest.fixture
def helped(plan):
    """2021's 困难职工帮扶人数 done: 12 people against ≥10人."""
    indicator = Indicator.objects.get(project__plan=plan, project__code=P3, name="困难职工帮扶人数")
    q = parse_actual("12人")
    IndicatorValue.objects.create(indicator=indicator, actual="12人", value=q.value, unit=q.unit)
    return indicator


def test_the_review_reads_last_years_plan_and_actuals_from_the_database(helped, tmp_path):
    result = run("review", "--json", next_year(tmp_path), "--database")
    data = json.loads(result.stdout)
    assert data["previous"] == {"year": 2021, "source": "数据库"}
    found = {(f["code"], f["indicator"]) for f in data["findings"]}
    assert ("history-below-last-actual", "困难职工帮扶人数") in found
    assert ("history-old-year", "困难帮扶人数") in found
    text = run("review", next_year(tmp_path), "--database").stdout
    assert "历史标准：与2021年绩效目标比较（数据库）" in text and "低于2021年实际完成值12人" in text
    without = json.loads(run("review", "--json", next_year(tmp_path)).stdout)
    assert without["previous"] is None


def test_a_unit_without_last_years_plan_in_the_database_is_said_so(db, tmp_path):
    text = run("review", next_year(tmp_path), "--database").stdout
    assert "历史标准：数据库中没有昌黎县总工会本级2021年的绩效目标，未比较" in text


def test_no_database_is_refused_in_chinese(tmp_path, monkeypatch):
    from django.db import connection

    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "none.sqlite3"))
    if not connection.settings_dict["ENGINE"].endswith("sqlite3"):
        monkeypatch.setitem(connection.settings_dict, "ENGINE", "django.db.backends.sqlite3")
    result = run("review", next_year(tmp_path), "--database")
    assert result.exit_code == 2 and NO_DATABASE.format(name=tmp_path / "none.sqlite3") in result.stderr
