"""财政审核 per project (issue 15 §3): finance grades and comments each project of a plan in review;
returned projects go back to the unit while approved ones stay approved and locked; the plan is approved
when all its projects are, its grade the worst of theirs (RULES.md §5.2)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from jixiao.rulesets import DEFAULT
from jixiao.web.accounts.roles import FINANCE
from jixiao.web.goals import errors as e
from jixiao.web.goals import services
from jixiao.web.goals.models import Plan, Project, ReviewArea
from jixiao.web.goals.services import plan_grade_of
from jixiao.web.history.models import Entry

from .conftest import PASSWORD, login
from .test_api_live import browser_login
from .test_concurrency import at_once


def in_review(plan: Plan, users) -> list[Project]:
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    services.plan_unit_approve(plan=plan, user=users["approver"])
    return list(plan.projects.order_by("position"))


def grade(client, project: Project, grade: str, comment: str = "", version: int | None = None):
    return client.post(f"/goals/projects/{project.pk}/grade/", {
        "grade": grade, "comment": comment, "version": project.version if version is None else version})


def test_the_plan_grade_is_the_worst_of_its_projects():
    assert plan_grade_of(["优", "优"]) == "优"
    assert plan_grade_of(["良", "优", "优"]) == "良"
    assert plan_grade_of(["优", "中", "差", "良"]) == "差"
    assert plan_grade_of(["", "中"]) == "中"
    assert plan_grade_of([]) == ""


def test_finance_grades_each_project_and_the_plan_follows_when_the_last_is_graded(client, users, plan):
    a, b, c = in_review(plan, users)
    login(client, users["finance"])
    assert grade(client, a, "优").status_code == 302
    a.refresh_from_db(), plan.refresh_from_db()
    assert (a.review_state, a.grade, a.version) == (Project.APPROVED, "优", 2)
    assert (plan.state, plan.grade) == (Plan.FINANCE_REVIEW, "优")  # two projects still to grade
    assert grade(client, b, "中", "产出指标未细化量化").status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.grade) == (Plan.FINANCE_REVIEW, "中")
    assert grade(client, c, "良").status_code == 302
    plan.refresh_from_db()
    b.refresh_from_db()
    assert (plan.state, plan.grade) == (Plan.DRAFT, "中")  # B returned: the plan back to the unit
    assert (b.review_state, b.grade, b.grade_comment) == (Project.RETURNED, "中", "产出指标未细化量化")
    entry = Entry.objects.filter(action="plan.graded").latest("id")
    assert entry.note == "1个项目退回修改，2个项目已通过"
    # the plan page shows each project's grade, and every grade in the history with its label
    login(client, users["editor"])
    page = client.get(f"/goals/{plan.pk}/").content.decode()
    assert page.count("项目财政审核评级") == 3 and "产出指标未细化量化" in page
    assert re.search(rf'id="project-{b.pk}".*?class="review-state">已退回</td><td class="project-grade">中<', page, re.S)
    assert f"规则集：{DEFAULT}" in page


def test_the_unit_edits_only_the_returned_projects_and_resubmits_them(client, users, plan):
    a, b, c = in_review(plan, users)
    services.project_grade(project=a, user=users["finance"], grade="优", comment="", version=a.version)
    services.project_grade(project=b, user=users["finance"], grade="差", comment="目标与预算不匹配", version=b.version)
    services.project_grade(project=c, user=users["finance"], grade="良", comment="", version=c.version)
    a.refresh_from_db(), b.refresh_from_db()
    login(client, users["editor"])
    count = a.indicators.count()
    locked = client.post(f"/goals/indicators/{a.indicators.first().pk}/delete/", {"version": a.version})
    assert locked.status_code == 409
    assert e.PROJECT_APPROVED_MESSAGE.format(name=a.name, grade="优") in locked.content.decode()
    assert a.indicators.count() == count
    page = client.get(f"/goals/projects/{a.pk}/").content.decode()
    assert "本项目已通过财政审核，指标已锁定" in page and "新增指标" not in page
    assert "新增指标" in client.get(f"/goals/projects/{b.pk}/").content.decode()  # the returned one is editable
    kept = b.indicators.count()
    assert client.post(f"/goals/indicators/{b.indicators.last().pk}/delete/", {"version": b.version}).status_code == 302
    assert b.indicators.count() == kept - 1
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.review_state, a.grade) == (Project.APPROVED, "优")  # stays approved
    assert (b.review_state, b.grade) == (Project.PENDING, "")  # back for review; its grade kept in the history
    services.plan_unit_approve(plan=plan, user=users["approver"])
    services.project_grade(project=b, user=users["finance"], grade="良", comment="", version=b.version)
    plan.refresh_from_db()
    assert (plan.state, plan.grade) == (Plan.APPROVED, "良")  # worst of 优, 良, 良
    grades = list(Entry.objects.filter(action="project.graded", object_id=b.pk).order_by("id")
                  .values_list("changes", flat=True))
    assert [g["grade"][1] for g in grades] == ["差", "良"]


def test_grading_the_whole_plan_grades_every_pending_project(users, plan):
    a, b, c = in_review(plan, users)
    services.project_grade(project=a, user=users["finance"], grade="优", comment="", version=a.version)
    services.plan_grade(plan=plan, user=users["finance"], grade="良", comment="总体合理")
    plan.refresh_from_db()
    assert (plan.state, plan.grade, plan.grade_comment) == (Plan.APPROVED, "良", "总体合理")
    assert list(plan.projects.order_by("position").values_list("review_state", "grade")) == [
        (Project.APPROVED, "优"), (Project.APPROVED, "良"), (Project.APPROVED, "良")]


def test_a_stale_grade_is_refused_and_a_returned_grade_needs_a_comment(client, users, plan):
    a, b, _ = in_review(plan, users)
    login(client, users["finance"])
    refused = grade(client, a, "中")
    assert refused.status_code == 400 and e.COMMENT_MESSAGE in refused.content.decode()
    assert grade(client, a, "良").status_code == 302
    again = grade(client, a, "差", "再评一次", version=a.version)  # the version the page showed, before
    assert again.status_code == 409
    assert "已被评为“良”（已通过）" in again.content.decode()
    a.refresh_from_db()
    assert (a.review_state, a.grade) == (Project.APPROVED, "良")
    stale = grade(client, b, "良", version=b.version + 5)
    assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
    bad = grade(client, b, "A")
    assert bad.status_code == 400
    b.refresh_from_db()
    assert b.review_state == Project.PENDING


def test_grading_outside_the_review_is_refused(client, users, plan):
    project = plan.projects.first()
    login(client, users["finance"])
    refused = grade(client, project, "良")
    assert refused.status_code == 409
    assert e.NOT_IN_REVIEW_MESSAGE.format(state="草稿") in refused.content.decode()


@pytest.mark.parametrize("who", ["editor", "approver", "relief", "outsider"])
def test_a_unit_user_cannot_grade(client, users, plan, who):
    a, *_ = in_review(plan, users)
    login(client, users[who])
    assert grade(client, a, "优").status_code in (403, 404)
    a.refresh_from_db()
    assert a.review_state == Project.PENDING
    page = client.get(f"/goals/{plan.pk}/")
    assert page.status_code == (404 if who == "outsider" else 200)
    assert "评级</button>" not in page.content.decode()


def test_the_api_grades_a_project_with_its_version(client, users, plan):
    a, *_ = in_review(plan, users)
    login(client, users["finance"])
    url = f"/api/projects/{a.pk}/grade"
    shown = client.get(f"/api/projects/{a.pk}").json()
    assert (shown["review_state"], shown["grade"]) == ("pending", "")
    done = client.post(url, {"grade": "优", "comment": "", "version": shown["version"]}, content_type="application/json")
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["review_state"], body["review_state_label"], body["grade"], body["version"]) == (
        "approved", "已通过", "优", shown["version"] + 1)
    assert body["plan"]["state"] == "finance_review" and body["plan"]["ruleset"] == DEFAULT
    stale = client.post(url, {"grade": "差", "comment": "x", "version": shown["version"]},
                        content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == e.PROJECT_GRADED
    login(client, users["editor"])
    assert client.post(url, {"grade": "优", "version": body["version"]},
                       content_type="application/json").status_code == 403


@pytest.fixture
def other_area(users, plan, django_user_model):
    """The plan's unit under 昌黎县财政局; a finance reviewer of 卢龙县财政局 and one of 昌黎."""
    plan.unit.finance_bureau = "昌黎县财政局"
    plan.unit.save()
    made = {}
    for name, bureau in (("luolong", "卢龙县财政局"), ("changli", "昌黎县财政局")):
        user = django_user_model.objects.create_user(name, password=PASSWORD)
        user.groups.add(Group.objects.get(name=FINANCE))
        ReviewArea.objects.create(user=user, finance_bureau=bureau)
        made[name] = user
    return made


def test_a_finance_user_of_another_area_sees_nothing_of_it(client, users, plan, other_area):
    a, *_ = in_review(plan, users)
    login(client, other_area["luolong"])
    assert client.get(f"/goals/{plan.pk}/").status_code == 404
    assert client.get(f"/goals/projects/{a.pk}/").status_code == 404
    assert plan.unit.name not in client.get("/goals/").content.decode()
    assert grade(client, a, "优").status_code == 404
    assert client.post(f"/api/projects/{a.pk}/grade", {"grade": "优", "version": a.version},
                       content_type="application/json").status_code == 404
    a.refresh_from_db()
    assert a.review_state == Project.PENDING
    with pytest.raises(PermissionDenied, match="不在你的财政审核范围（卢龙县财政局）"):  # the service refuses too, whatever the page
        services.project_grade(project=a, user=other_area["luolong"], grade="优", comment="", version=a.version)
    login(client, other_area["changli"])  # the unit's own bureau grades it
    assert grade(client, a, "优").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_on_a_live_server(live_server, users, plan, sessions, django_user_model):
    """One reviewer grades project A while another returns project B of the same plan: both kept; then
    both grade project C from the same page at once: one is kept, the other answered 409."""
    second = django_user_model.objects.create_user("finance2", password=PASSWORD)
    second.groups.add(Group.objects.get(name=FINANCE))
    a, b, c = in_review(plan, users)
    base = live_server.url
    one, two = browser_login(base, "finance"), browser_login(base, "finance2")
    sessions += [one, two]
    url = f"{base}/goals/{plan.pk}/"
    pages = [s.get(url, timeout=60).text for s in (one, two)]
    assert all(f'action="/goals/projects/{c.pk}/grade/"' in p for p in pages)

    def form_version(page: str, project: Project) -> str:
        found = re.search(rf'action="/goals/projects/{project.pk}/grade/">.*?name="version" value="(\d+)"', page, re.S)
        return found[1]

    def post(session, project, page, grade_, comment=""):
        return session.post(f"{base}/goals/projects/{project.pk}/grade/", timeout=60, allow_redirects=False,
                            headers={"Referer": url}, data={
                                "grade": grade_, "comment": comment, "version": form_version(page, project),
                                "csrfmiddlewaretoken": session.cookies["csrftoken"]})

    first = at_once(lambda: post(one, a, pages[0], "优"), lambda: post(two, b, pages[1], "中", "数量指标缺少目标值"))
    assert [r.status_code for r in first] == [302, 302]
    rows = dict(Project.objects.filter(plan=plan).values_list("pk", "review_state"))
    assert (rows[a.pk], rows[b.pk], rows[c.pk]) == (Project.APPROVED, Project.RETURNED, Project.PENDING)
    pages = [s.get(url, timeout=60).text for s in (one, two)]
    both = at_once(lambda: post(one, c, pages[0], "良"), lambda: post(two, c, pages[1], "差", "不合理"))
    assert sorted(r.status_code for r in both) == [302, 409]
    refused = next(r for r in both if r.status_code == 409)
    assert "不能再次评级" in refused.text or "已被他人修改" in refused.text
    c.refresh_from_db()
    plan.refresh_from_db()
    assert c.review_state in (Project.APPROVED, Project.RETURNED)
    assert Entry.objects.filter(action="project.graded", object_id=c.pk).count() == 1
    assert (plan.state, plan.grade) == (Plan.DRAFT, plan_grade_of(["优", "中", c.grade]))


def test_an_admin_sets_a_reviewers_area_and_it_is_in_the_history(client, users, plan):
    from jixiao.web.accounts import errors as accounts_errors
    from jixiao.web.accounts import services as accounts
    from jixiao.web.accounts.errors import AccountsError

    plan.unit.finance_bureau = "昌黎县财政局"
    plan.unit.save()
    finance, admin = users["finance"], users["admin"]
    assert accounts.review_area_set(user=finance, finance_bureau=" 卢龙县财政局 ", acting_user=admin) == 0
    assert ReviewArea.objects.get(user=finance).finance_bureau == "卢龙县财政局"
    login(client, finance)
    assert client.get(f"/goals/{plan.pk}/").status_code == 404
    assert accounts.review_area_set(user=finance, finance_bureau="昌黎县财政局", acting_user=admin) == 1
    assert client.get(f"/goals/{plan.pk}/").status_code == 200
    assert accounts.review_area_set(user=finance, finance_bureau="", acting_user=admin) == 2  # every unit again
    assert not ReviewArea.objects.filter(user=finance).exists()
    changes = [e.changes["财政审核范围"] for e in Entry.objects.filter(action="review_area.set").order_by("id")]
    assert changes == [["全部单位", "卢龙县财政局"], ["卢龙县财政局", "昌黎县财政局"], ["昌黎县财政局", "全部单位"]]
    with pytest.raises(AccountsError, match=accounts_errors.AREA_NOT_FINANCE.format(login="editor")):
        accounts.review_area_set(user=users["editor"], finance_bureau="昌黎县财政局", acting_user=admin)
    with pytest.raises(PermissionDenied):
        accounts.review_area_set(user=finance, finance_bureau="昌黎县财政局", acting_user=users["finance"])
    with pytest.raises(AccountsError, match="不能超过200个字"):
        accounts.review_area_set(user=finance, finance_bureau="局" * 201, acting_user=admin)
    login(client, admin)
    assert "设置财政审核范围" in client.get(f"/accounts/users/{finance.pk}/").content.decode()


def test_each_project_keeps_the_reviews_proposed_grade(users, plan):
    from jixiao.review import review_document
    from jixiao.web.goals.convert import plan_document
    from jixiao.web.goals.previous import plan_previous

    review = review_document(plan_document(plan), previous=plan_previous(plan))
    kept = {p.code or p.name: p.proposed_grade for p in plan.projects.all()}
    assert kept == review.grades and set(kept.values()) <= set("优良中差") and len(kept) == 3


def test_a_plan_with_approved_projects_is_not_replaced_by_an_import(users, plan):
    from jixiao.formats.reader import read_path
    from jixiao.web.goals.errors import StateError

    from .conftest import SEED

    a, b, c = in_review(plan, users)
    services.project_grade(project=a, user=users["finance"], grade="优", comment="", version=a.version)
    services.plan_grade(plan=plan, user=users["finance"], grade="中", comment="指标需细化")
    plan.refresh_from_db()
    assert (plan.state, plan.grade) == (Plan.DRAFT, "中")
    document, _ = read_path(SEED)
    with pytest.raises(StateError) as refused:
        services.plan_import(document=document, user=users["editor"])
    assert refused.value.message == e.REIMPORT_APPROVED_MESSAGE.format(unit=plan.unit.name, year=2021, count=1)
    assert plan.projects.filter(review_state=Project.APPROVED).count() == 1
