"""The whole goal cycle through the pages: submit, unit approval, finance review
returning it, fix, approve, publish, public page; locks and adjustments."""

import pytest

from jixiao.web.goals.models import Adjustment, Indicator, Plan
from jixiao.web.history.models import Entry

from .conftest import approve, login


def act(client, plan, action, **data):
    return client.post(f"/goals/{plan.pk}/{action}/", data)


def test_the_goal_cycle(client, users, plan):
    assert plan.state == Plan.DRAFT and plan.proposed_grade in "优良中差"
    assert act(login(client, users["editor"]), plan, "submit", confirm_warnings="1").status_code == 302
    assert act(login(client, users["approver"]), plan, "unit_approve").status_code == 302
    finance = login(client, users["finance"])
    assert act(finance, plan, "grade", grade="中", comment="合规率不是绩效指标，请修改").status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.grade) == (Plan.DRAFT, "中")  # 中 sends it back to the unit
    editor = login(client, users["editor"])
    indicator = Indicator.objects.get(project__plan=plan, name="帮扶防贫资金发放合规率")
    project = indicator.project
    response = editor.post(f"/goals/indicators/{indicator.pk}/edit/", {
        "version": project.version, "level1": "产出指标", "level2": "质量指标", "name": "救助对象认定准确率",
        "description": "经核实符合救助条件的人数占救助人数的比率", "target_raw": "≥98%", "basis": "历史标准"})
    assert response.status_code == 302
    assert act(editor, plan, "submit", confirm_warnings="1").status_code == 302
    assert act(login(client, users["approver"]), plan, "unit_approve").status_code == 302
    assert act(login(client, users["finance"]), plan, "grade", grade="良", comment="").status_code == 302
    plan.refresh_from_db()
    assert plan.state == Plan.APPROVED
    assert act(login(client, users["approver"]), plan, "publish").status_code == 302
    client.logout()
    page = client.get("/public/711001/2021/")
    assert page.status_code == 200 and "救助对象认定准确率" in page.content.decode()
    actions = list(Entry.objects.filter(object_type="plan", object_id=plan.pk).values_list("action", flat=True))
    assert {"plan.imported", "plan.submitted", "plan.approved_by_unit", "plan.graded", "plan.published"} <= set(actions)
    assert actions.count("plan.graded") == 2


def test_grading_middle_or_poor_needs_a_comment(client, users, plan):
    services_submit(users, plan)
    response = act(login(client, users["finance"]), plan, "grade", grade="差", comment="")
    assert response.status_code == 400 and "须写明审核意见" in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == Plan.FINANCE_REVIEW


def services_submit(users, plan):
    from jixiao.web.goals import services

    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    services.plan_unit_approve(plan=plan, user=users["approver"])


def test_a_submitted_plan_is_locked(client, users, plan):
    act(login(client, users["editor"]), plan, "submit", confirm_warnings="1")
    project = plan.projects.first()
    response = client.post(f"/goals/projects/{project.pk}/save/", {"version": project.version, "code": project.code,
                                                                 "name": "改名", "total": "20", "fiscal": "20", "other": "0"})
    assert response.status_code == 409 and "不能直接修改" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "职工困难帮扶防贫资金"


def test_a_wrong_state_is_refused_with_a_message(client, users, plan):
    response = act(login(client, users["approver"]), plan, "unit_approve")
    assert response.status_code == 409 and "当前为“草稿”" in response.content.decode()


def test_an_approved_target_changes_only_by_an_approved_adjustment(client, users, plan):
    approve(plan, users)
    indicator = Indicator.objects.get(project__plan=plan, name="困难帮扶人数")
    editor = login(client, users["editor"])
    response = editor.post(f"/goals/indicators/{indicator.pk}/adjust/", {"revised": "≥420人", "reason": "困难职工增加"})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.target_raw == "≥400人"  # unchanged until finance approves
    adjustment = Adjustment.objects.get()
    finance = login(client, users["finance"])
    assert finance.post(f"/goals/adjustments/{adjustment.pk}/decide/", {"decision": "approve"}).status_code == 302
    indicator.refresh_from_db()
    adjustment.refresh_from_db()
    assert indicator.target_raw == "≥420人" and indicator.value == 420
    assert (adjustment.original, adjustment.revised, adjustment.state) == ("≥400人", "≥420人", Adjustment.APPROVED)


def test_an_editor_cannot_decide_an_adjustment(client, users, plan):
    approve(plan, users)
    indicator = Indicator.objects.get(project__plan=plan, name="困难帮扶人数")
    editor = login(client, users["editor"])
    editor.post(f"/goals/indicators/{indicator.pk}/adjust/", {"revised": "≥420人", "reason": "x"})
    response = editor.post(f"/goals/adjustments/{Adjustment.objects.get().pk}/decide/", {"decision": "approve"})
    assert response.status_code == 403 and "财政审核" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.target_raw == "≥400人"


def test_next_year_starts_from_this_year(client, users, plan):
    response = act(login(client, users["editor"]), plan, "copy")
    new = Plan.objects.get(year=2022)
    assert response.status_code == 302 and new.state == Plan.DRAFT
    assert new.projects.count() == 3 and Indicator.objects.filter(project__plan=new).count() == 27


@pytest.mark.parametrize("fmt, magic", [("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF"), ("json", b"{")])
def test_downloads(client, users, plan, fmt, magic):
    response = login(client, users["relief"]).get(f"/goals/{plan.pk}/download.{fmt}")
    assert response.status_code == 200 and response.content.startswith(magic)
    assert "attachment" in response["Content-Disposition"]
