"""What walking issue 15's finance pages as a careless county finance officer (and as two at once) found,
each fixed: the desk, per-project grading, the indicator library, 二次监控 and the 一致性 colour."""

from __future__ import annotations

import time

import pytest

from jixiao.web.history.models import Entry
from jixiao.web.library import errors as library_errors
from jixiao.web.library import services as library
from jixiao.web.library.models import LibraryEntry

from .test_concurrency import at_once
from .test_library import _approved_plan
from .test_second_monitoring import P3, _open, first_round  # noqa: F401 (a fixture)


@pytest.mark.django_db(transaction=True)
def test_two_curators_promoting_one_indicator_at_once_make_one_entry(users, monkeypatch):
    """Two 财政审核 promote 职工书屋建设数量 from two units' approved plans at the same moment (a double click
    on two tabs): one entry, the other told it is there (409), one history line. On PostgreSQL both read
    no entry of that name before either wrote, and the library got it twice."""
    from django.contrib.auth.models import Group

    from jixiao.core.indicator_library import LibraryError
    from jixiao.web.accounts.roles import FINANCE

    second = type(users["finance"]).objects.create_user("finance2", password="x")
    second.groups.add(Group.objects.get(name=FINANCE))
    library.library_seed()
    one = _approved_plan("711201", 2021, [("职工书屋建设数量", "≥5个")]).projects.get().indicators.get()
    two = _approved_plan("711202", 2021, [("职工书屋建设数量", "≥8个")]).projects.get().indicators.get()
    clean = LibraryEntry.full_clean

    def slow_clean(self, *args, **kwargs):  # the time between the check and the insert, made long
        time.sleep(0.5)
        return clean(self, *args, **kwargs)

    monkeypatch.setattr(LibraryEntry, "full_clean", slow_clean)
    results = at_once(lambda: library.entry_promote(indicator=one, user=users["finance"]),
                      lambda: library.entry_promote(indicator=two, user=second))
    made = [r for r in results if isinstance(r, LibraryEntry)]
    refused = [r for r in results if isinstance(r, LibraryError)]
    assert len(made) == 1 and len(refused) == 1, results
    assert refused[0].status == 409 and refused[0].message == library_errors.ALREADY.format(
        name="职工书屋建设数量", unit="个", entry=made[0])
    assert LibraryEntry.objects.filter(name="职工书屋建设数量").count() == 1
    assert Entry.objects.filter(action="library_entry.promoted").count() == 1


def test_the_desk_shows_each_projects_consistency_colour_from_its_published_self_evaluation(client, users, plan):
    """Issue 15 §2-3: the desk shows the 一致性 colour beside the self-evaluation score (it showed the score
    only). 职工困难帮扶防贫资金 published with indicators at 81 of 90 points (90 %) and execution at 7.5 of 10
    (75 %): (90 − 75) ÷ 90 = 16.67 % > 5 %, red; 劳模体检费 with 81 of 90 and all spent: green; the third
    not in the publication: blank."""
    import io
    from decimal import Decimal as D

    from django.core.cache import cache
    from openpyxl import load_workbook

    from jixiao.web.evaluation.models import PublishedEvaluation

    from .conftest import approve, login

    cache.clear()
    approve(plan, users)
    p1, p2, p3 = plan.projects.order_by("position")

    def row(project, budget, spent, execution, points):
        return {"code": project.code, "name": project.name, "total": str(D(execution) + sum(D(s) for s, _ in points)),
                "execution": {"budget": budget, "spent": spent, "rate": "0", "weight": "10", "score": execution},
                "indicators": [{"name": f"指标{k}", "weight": w, "score": s} for k, (s, w) in enumerate(points)]}

    PublishedEvaluation.objects.create(plan=plan, ruleset="CZ-2020-10", rows={"ruleset": "CZ-2020-10", "projects": [
        row(p1, "200000", "150000", "7.5", [("45", "50"), ("36", "40")]),
        row(p2, "24000", "24000", "10", [("45", "50"), ("36", "40")])]})
    login(client, users["finance"])
    page = client.get("/desk/?year=2021")
    rows = {p.pk: p for p in page.context["rows"]}
    assert [rows[p.pk].consistency for p in (p1, p2, p3)] == ["red", "green", ""]
    ahead = "指标得分率90.00%高于预算执行得分率75.00%，偏差16.67%，超过5%：绩效结果超前于资金使用"
    assert rows[p1.pk].consistency_reason == ahead
    text = page.content.decode()
    assert "<th>一致性</th>" in text and f'<td class="red" title="{ahead}">红色</td>' in text
    api = client.get("/api/desk?year=2021").json()["rows"]
    assert [(r["consistency"], r["consistency_reason"][:11]) for r in api] == [
        ("red", "指标得分率90.00%"), ("green", "指标得分率90.00%"), ("", "")]
    sheet = load_workbook(io.BytesIO(client.get("/desk/export.xlsx?year=2021").content)).active
    assert [c.value for c in sheet[3]][12:] == ["自评得分", "一致性", "一致性说明"]
    assert [c.value for c in sheet[4]][12:] == [88.5, "红色", ahead]
    assert [c.value for c in sheet[6]][12:] == [None, None, None]
    cache.clear()


@pytest.fixture
def in_review(users, plan):
    from .test_project_grading import in_review as submitted

    return submitted(plan, users)


def test_a_10000_character_grade_comment_is_refused_and_nothing_is_graded(client, users, plan, in_review):
    """A comment pasted twice over (10,000 characters) was saved whole and stretched the plan's table; the
    API already refused more than 2,000. Now the page and the service say so too, for a grade and a 退回."""
    from jixiao.web.goals.models import Project

    from .conftest import login
    from .test_project_grading import grade

    a = in_review[0]
    login(client, users["finance"])
    refused = grade(client, a, "差", "意" * 10000)
    assert refused.status_code == 400
    assert "审核意见最多2000个字，填了10000个，请精简后再提交" in refused.content.decode()
    whole = client.post(f"/goals/{plan.pk}/grade/", {"grade": "中", "comment": "见" * 2001})
    assert whole.status_code == 400 and "审核意见最多2000个字，填了2001个" in whole.content.decode()
    a.refresh_from_db()
    assert (a.review_state, a.grade, a.grade_comment) == (Project.PENDING, "", "")
    assert not Entry.objects.filter(action="project.graded").exists()
    assert grade(client, a, "差", "意" * 2000).status_code == 302  # the limit itself is allowed


def test_a_unit_return_with_an_endless_comment_is_refused(client, users, plan):
    from jixiao.web.goals import services
    from jixiao.web.goals.models import Plan

    from .conftest import login

    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    login(client, users["approver"])
    refused = client.post(f"/goals/{plan.pk}/unit_return/", {"comment": "退" * 5000})
    assert refused.status_code == 400 and "退回意见最多2000个字，填了5000个" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.state == Plan.SUBMITTED


def test_a_grade_not_in_the_list_for_the_whole_plan_names_what_was_sent(client, users, plan, in_review):
    """The whole plan's grade form answered 请选择审核等级 to any mistake; the project's form named the value."""
    from .conftest import login

    login(client, users["finance"])
    refused = client.post(f"/goals/{plan.pk}/grade/", {"grade": "甲", "comment": "x"})
    assert refused.status_code == 400
    assert "审核等级“甲”不是可选的值，应为：优、良、中、差" in refused.content.decode()
    assert not Entry.objects.filter(action="project.graded").exists()


def test_a_second_monitoring_date_in_full_width_digits_and_a_forecast_typed_with_its_percent_sign(
        client, users, first_round):  # noqa: F811 (the fixture imported above)
    """The unit typed 全年预计执行率（%） as “85%” or “８５．５％” and was told it is no number; finance typed
    the date as ２０２１-０８-３１ (as the ledger's deadlines accept) and was told it is no date."""
    from decimal import Decimal as D

    from jixiao.web.evaluation.models import SecondMonitoring

    from .conftest import login

    login(client, users["finance"])
    opened = _open(client, first_round, P3, "２０２１-０８-３１")
    assert opened.status_code == 302
    task = SecondMonitoring.objects.get()
    assert task.as_of.isoformat() == "2021-08-31"
    login(client, users["editor"])
    url = f"/evaluation/second-monitoring/{task.pk}/"
    for typed, expected in (("85%", D("85")), ("８５．５％", D("85.5"))):
        task.refresh_from_db()
        answer = client.post(url, {"forecast_rate": typed, "rectification_state": "已督促支付", "version": task.version})
        assert answer.status_code == 302, answer.content.decode()[:300]
        task.refresh_from_db()
        assert task.forecast_rate == expected
    refused = client.post(url, {"forecast_rate": "85元", "rectification_state": "已督促", "version": task.version})
    assert refused.status_code == 400 and "全年预计执行率（%）“85元”不是数字" in refused.content.decode()


def test_an_overlong_retire_reason_or_sector_is_refused_not_cut(client, users, plan):
    """A 停用理由 of 10,000 characters was cut to 2,000 on the entry while the history kept all of it; a 行业
    of 300 characters was cut to 100 without a word. Both are refused now, naming the field, and nothing
    changes."""
    from .conftest import approve, login

    library.library_seed()
    entry = LibraryEntry.objects.filter(retired=False).first()
    login(client, users["finance"])
    refused = client.post(f"/library/{entry.pk}/retire/", {"version": entry.version, "reason": "重" * 10000})
    assert refused.status_code == 400
    assert library_errors.TOO_LONG.format(what="停用理由", limit=2000, length=10000) in refused.content.decode()
    entry.refresh_from_db()
    assert not entry.retired and not Entry.objects.filter(action="library_entry.retired").exists()
    approve(plan, users)
    indicator = plan.projects.get(name="劳模体检费").indicators.get(name="劳模体检合规率")
    refused = client.post(f"/library/promote/{indicator.pk}/", {"kind": "个性", "sector": "劳" * 300})
    assert refused.status_code == 400
    assert "行业或资金用途最多100个字，填了300个" in refused.content.decode()
    assert not LibraryEntry.objects.filter(origin=LibraryEntry.PROMOTED).exists()
    assert client.post(f"/library/promote/{indicator.pk}/", {"kind": "个性", "sector": " 劳模服务 "}).status_code == 302
    assert LibraryEntry.objects.get(origin=LibraryEntry.PROMOTED).sector == "劳模服务"


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_the_last_two_projects_at_once_approve_the_plan_once(live_server, users, plan,
                                                                                      sessions, django_user_model):
    """Project A approved; then two reviewers, each from the plan page, approve B and C at the same moment:
    both kept, the plan approved exactly once (one 绩效目标审核 entry, 3个项目全部通过), one entry per grade.
    (This held already, on SQLite and PostgreSQL: the plan's row lock serialises the two last grades.)"""
    import re

    from django.contrib.auth.models import Group

    from jixiao.web.accounts.roles import FINANCE
    from jixiao.web.goals import services
    from jixiao.web.goals.models import Plan, Project

    from .conftest import PASSWORD
    from .test_api_live import browser_login
    from .test_project_grading import in_review

    second = django_user_model.objects.create_user("finance2", password=PASSWORD)
    second.groups.add(Group.objects.get(name=FINANCE))
    a, b, c = in_review(plan, users)
    services.project_grade(project=a, user=users["finance"], grade="优", comment="", version=a.version)
    base, url = live_server.url, f"{live_server.url}/goals/{plan.pk}/"
    one, two = browser_login(base, "finance"), browser_login(base, "finance2")
    sessions += [one, two]
    pages = [s.get(url, timeout=60).text for s in (one, two)]

    def post(session, page, project):
        version = re.search(rf'action="/goals/projects/{project.pk}/grade/">.*?name="version" value="(\d+)"', page,
                            re.S)[1]
        return session.post(f"{base}/goals/projects/{project.pk}/grade/", timeout=60, allow_redirects=False,
                            headers={"Referer": url}, data={"grade": "良", "comment": "", "version": version,
                                                            "csrfmiddlewaretoken": session.cookies["csrftoken"]})

    answers = at_once(lambda: post(one, pages[0], b), lambda: post(two, pages[1], c))
    assert [r.status_code for r in answers] == [302, 302]
    plan.refresh_from_db()
    assert (plan.state, plan.grade) == (Plan.APPROVED, "良")
    assert set(plan.projects.values_list("review_state", flat=True)) == {Project.APPROVED}
    graded = Entry.objects.filter(action="plan.graded", object_id=plan.pk)
    assert [(e.changes["state"], e.note) for e in graded] == [(["财政审核", "已批复"], "3个项目全部通过")]
    assert sorted(Entry.objects.filter(action="project.graded").values_list("object_id", flat=True)) == sorted(
        [a.pk, b.pk, c.pk])
    assert "3个项目全部通过" in one.get(url, timeout=60).text  # the history on the plan's page


def test_a_draft_nobody_sent_is_not_waiting_for_finance_on_the_desk(client, users, plan):
    """The unit's 2021 draft (never submitted) showed 待审核 in the desk's 财政审核 column, counted 待审核3个
    and came up under the filter 财政审核：待审核, while the to-do list said 待审核：0个项目 and the plan page
    offered nothing to grade. A draft's projects are 未报送财政; 待审核 is what finance has in hand."""
    import io

    from django.core.cache import cache
    from openpyxl import load_workbook

    from jixiao.web.goals import services

    from .conftest import login

    cache.clear()
    login(client, users["finance"])
    page = client.get("/desk/?year=2021")
    text = page.content.decode()
    assert [p.review_label for p in page.context["rows"]] == ["未报送财政"] * 3
    assert "待审核0个" in text and "待审核：0个项目" in text and "<td>待审核</td>" not in text
    assert client.get("/desk/?year=2021&review=pending").context["rows"] == []
    sheet = load_workbook(io.BytesIO(client.get("/desk/export.xlsx?year=2021").content)).active
    assert [c.value for c in sheet[4]][6] == "未报送财政"
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)  # with the unit's 审核: not yet
    assert client.get("/desk/?year=2021&review=pending").context["rows"] == []
    services.plan_unit_approve(plan=plan, user=users["approver"])  # sent to finance: now it waits
    page = client.get("/desk/?year=2021&review=pending")
    assert [p.review_label for p in page.context["rows"]] == ["待审核"] * 3
    assert "待审核3个" in page.content.decode() and "待审核：3个项目" in page.content.decode()
    cache.clear()


def test_grading_the_whole_plan_from_a_page_opened_before_another_reviewer_graded_a_project(client, users, plan,
                                                                                            in_review):
    """Reviewer A opens the plan with three projects 待审核 to grade them all 良; meanwhile B returns 劳模体检费
    with 差. A's 良 went to the two left and the plan back to the unit, A never having seen B's 差. Now A is
    told what changed (409) and nothing is graded; after a refresh the form carries what A sees."""
    import re

    from django.contrib.auth.models import Group

    from jixiao.web.accounts.roles import FINANCE
    from jixiao.web.goals import services
    from jixiao.web.goals.models import Plan, Project

    from .conftest import login

    second = type(users["finance"]).objects.create_user("finance2", password="x")
    second.groups.add(Group.objects.get(name=FINANCE))
    login(client, users["finance"])
    page = client.get(f"/goals/{plan.pk}/").content.decode()
    shown = re.search(r'name="pending" value="([^"]*)"', page)[1]
    a, b, c = in_review
    assert shown == ",".join(str(p.pk) for p in sorted(in_review, key=lambda p: p.pk))
    services.project_grade(project=b, user=second, grade="差", comment="指标不可衡量", version=b.version)
    stale = client.post(f"/goals/{plan.pk}/grade/", {"grade": "良", "comment": "", "pending": shown})
    assert stale.status_code == 409
    assert ("你打开页面后，项目“劳模体检费”已被评为“差”（已退回）；整体评级没有执行（其余项目未改动），请刷新页面，看过之后再评级"
            in stale.content.decode())
    assert [p.review_state for p in Project.objects.filter(pk__in=[a.pk, c.pk])] == [Project.PENDING] * 2
    plan.refresh_from_db()
    assert plan.state == Plan.FINANCE_REVIEW
    fresh = re.search(r'name="pending" value="([^"]*)"', client.get(f"/goals/{plan.pk}/").content.decode())[1]
    assert fresh == ",".join(str(p.pk) for p in sorted([a, c], key=lambda p: p.pk))
    assert client.post(f"/goals/{plan.pk}/grade/", {"grade": "良", "comment": "", "pending": fresh}).status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.grade) == (Plan.DRAFT, "差")  # B's 差 returned one project: back to the unit
    assert Entry.objects.filter(action="project.graded").count() == 3


def test_an_unknown_desk_filter_in_the_api_lists_the_choices_in_chinese(client, users, plan):
    """/api/desk?colour=purple answered 应为以下之一：, green, yellow、red (the empty choice a stray comma, the
    rest half in English commas); now each choice once, the empty one named."""
    from .conftest import login

    login(client, users["finance"])
    colour = client.get("/api/desk?colour=purple")
    assert colour.status_code == 422
    assert colour.json()["fields"] == {"colour": "应为以下之一：空（不填）、green、yellow、red"}
    sort = client.get("/api/desk?sort=drop").json()["fields"]["sort"]
    assert sort == "应为以下之一：unit、execution、-execution、budget、-budget、grade、proposed、state"


def test_the_desk_sorts_grades_best_first_and_plans_in_workflow_order(client, users, plan, in_review):
    """按审核等级 sorted by the characters' codes: 差 (U+5DEE) before 良 (U+826F), 中 before 优, and the plan
    states alphabetically (approved before draft). Now 优良中差 (blank last) and 草稿 → 已提交 → 财政审核 →
    已批复 → 已公开."""
    from django.core.cache import cache

    from jixiao.web.goals import services
    from jixiao.web.goals.models import Plan, Project

    from .conftest import login

    cache.clear()
    a, b, c = in_review
    services.project_grade(project=a, user=users["finance"], grade="良", comment="", version=a.version)
    services.project_grade(project=b, user=users["finance"], grade="差", comment="指标不可衡量", version=b.version)
    for project, proposed in ((a, "中"), (b, "优"), (c, "良")):
        Project.objects.filter(pk=project.pk).update(proposed_grade=proposed)
    approved = _approved_plan("711301", 2021, [("职工书屋建设数量", "≥5个")])
    draft = _approved_plan("711302", 2021, [("职工书屋建设数量", "≥3个")])
    Plan.objects.filter(pk=draft.pk).update(state=Plan.DRAFT)
    login(client, users["finance"])

    def names(sort: str, unit: str = "711001") -> list[str]:
        return [p.name for p in client.get(f"/desk/?year=2021&unit={unit}&sort={sort}").context["rows"]]

    assert names("grade") == [a.name, b.name, c.name]  # 良, 差, not yet graded
    assert names("proposed") == [b.name, c.name, a.name]  # 优, 良, 中
    every = [p.plan_id for p in client.get("/desk/?year=2021&sort=state").context["rows"]]
    assert every == [draft.pk, plan.pk, plan.pk, plan.pk, approved.pk]  # 草稿, 财政审核 ×3, 已批复
    cache.clear()


def test_an_indicator_name_of_only_punctuation_is_suggested_for_by_the_project(client, users, plan):
    """While writing an indicator, a name of only “，，，” answered 指标库建议（按“，，，”） with the project's
    suggestions under it; it is treated as nothing typed yet (按项目名称和资金用途)."""
    from .conftest import login

    library.library_seed()
    project = plan.projects.get(name="职工困难帮扶防贫资金")
    login(client, users["editor"])
    for typed in ("，，，", " ？！ ", "——"):
        answer = client.post(f"/library/assist/{project.pk}/", {"name": typed, "target_raw": "≥400人"})
        text = answer.content.decode()
        assert answer.status_code == 200 and "指标库建议（按项目名称和资金用途）" in text and f"按“{typed.strip()}”" not in text
        assert "困难职工帮扶人数" in text
