"""结果应用 on the new year's plan (issue 14 §5): the 2022 draft shows the unit and the finance reviewer
2021's plan grade with the consequence the rule set gives it, each project's self-evaluation score and
grade, and 2021's open rectification items; the project API gives each indicator last year's target and
actual (历史标准) as the pages show them."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from jixiao.rulesets import load
from jixiao.web.evaluation.selectors import scores
from jixiao.web.goals.models import Plan
from jixiao.web.goals.previous import last_year_result

from .conftest import SEED


@pytest.fixture
def demo(db, settings, tmp_path):
    from jixiao.web.demo import load_demo

    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_demo(SEED)
    return Plan.objects.get(year=2021), Plan.objects.get(year=2022)


def test_the_draft_shows_last_years_grades_consequences_and_open_items(demo, client):
    last, draft = demo
    result = last_year_result(draft)
    assert result is not None and (result.year, result.plan_grade) == (2021, "良")
    assert result.plan_consequence == "与财政部门协商完善绩效目标后进入下一步预算安排流程"
    expected = {s.code: (s.total, s.grade) for s in scores(last)}
    assert {p.code: (p.score, p.grade) for p in result.projects} == expected and len(expected) == 3
    assert last_year_result(last) is None  # 2020 has no plan
    for name in ("editor", "finance"):
        client.force_login(get_user_model().objects.get(username=name))
        page = client.get(f"/goals/{draft.pk}/").content.decode()
        assert "上年结果（2021年）" in page, name
        assert "2021年绩效目标审核等级：<strong>良</strong>（结果应用：与财政部门协商完善绩效目标后进入下一步预算安排流程）" in page
        consequence = load()["results"]["self_evaluation_grade"]
        for s in scores(last):
            assert re.search(rf"<td>{re.escape(s.name)}（{s.code}）</td><td class=\"num\">{s.total:.2f}</td><td>{s.grade}</td>"
                             rf"<td>{re.escape(consequence[s.grade])}</td>", page), (name, s.name)
        assert "未完成的整改事项" in page and "差旅费" in page
    page = client.get(f"/goals/{last.pk}/").content.decode()
    assert "上年结果" not in page


def test_a_rule_set_that_names_a_consequence_shows_it(demo, client, monkeypatch):
    from jixiao.rulesets import RuleSet

    rules = load()
    province = RuleSet("HB-TEST", "河北测试", {**rules.data, "results": {
        "plan_grade": rules.data["results"]["plan_grade"],
        "self_evaluation_grade": {g: f"{g}：下年度预算{'优先保障' if g == '优' else '压减10%'}" for g in "优良中差"}}})
    monkeypatch.setattr(Plan, "rules", property(lambda plan: province))  # the plan's rule set says it
    _, draft = demo
    client.force_login(get_user_model().objects.get(username="finance"))
    page = client.get(f"/goals/{draft.pk}/").content.decode()
    assert "下年度预算" in page and "规则集未规定" not in page


def test_the_project_api_gives_each_indicator_last_year(demo, client):
    last, draft = demo
    client.force_login(get_user_model().objects.get(username="editor"))
    project = draft.projects.get(code__endswith="EVGFV")
    data = client.get(f"/api/projects/{project.pk}").json()
    rows = {i["name"]: i["last_year"] for i in data["indicators"]}
    assert rows["困难职工帮扶人数"] == {"year": 2021, "target": "≥10人", "actual": "12人"}
    assert all(r is None or r["year"] == 2021 for r in rows.values()) and len(rows) == project.indicators.count()
    old = client.get(f"/api/projects/{last.projects.get(code__endswith='EVGFV').pk}").json()
    assert all(i["last_year"] is None for i in old["indicators"])
