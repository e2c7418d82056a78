"""A plan is submitted only when its review finds no error, its warnings read and confirmed;
a project is never saved with money that does not hold together (预算数 ≠ 财政资金 + 其他资金,
a spending plan going down): refused on the page (beside the field), in the API and in the
service, nothing changed."""

from decimal import Decimal

import pytest
from django.test import Client

from jixiao.core.errors import JixiaoError
from jixiao.web.accounts.models import Token
from jixiao.web.goals import errors as e
from jixiao.web.goals import services
from jixiao.web.goals.models import Plan, Project
from jixiao.web.history.models import Entry

from ..review.test_rules import clean_document
from .conftest import login

HELP = "13032221GVUVTX63BWWCQ"  # 职工困难帮扶防贫资金, 20.00万元, plan 50/50/100/100


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def form(project, **changes):
    data = {"version": project.version, "code": project.code, "name": project.name, "total": "20.00",
            "fiscal": "20.00", "other": "0", "purpose": project.purpose, "plan_3": "50", "plan_6": "50",
            "plan_10": "100", "plan_12": "100", "goals": "\n".join(project.goals)}
    data.update(changes)
    return data


def api_body(project, **changes):
    data = form(project, **changes)
    data["goals"] = list(project.goals)
    return data


# ---------------------------------------------------------------- saving

def test_a_spending_plan_going_down_is_refused_beside_its_field(client, users, plan):
    project = plan.projects.get(code=HELP)
    before = project.version
    response = login(client, users["editor"]).post(f"/goals/projects/{project.pk}/save/",
                                                   form(project, plan_3="60", plan_6="40"))
    text = response.content.decode()
    assert response.status_code == 400 and "请求有误" not in text
    error = "6月底支出计划（%）：6月底计划40%低于之前的60%"
    assert text.index('name="plan_6"') < text.index(error) < text.index('name="plan_10"')  # beside plan_6
    project.refresh_from_db()
    assert (project.plan_3, project.plan_6, project.version) == (Decimal("50.00"), Decimal("50.00"), before)
    assert not Entry.objects.filter(action="project.changed").exists()


def test_budget_parts_that_do_not_add_up_are_refused_beside_the_budget(client, users, plan):
    project = plan.projects.get(code=HELP)
    response = login(client, users["editor"]).post(f"/goals/projects/{project.pk}/save/",
                                                   form(project, fiscal="15", other="3"))
    text = response.content.decode()
    error = "预算数（万元）：财政资金15.00万元 + 其他资金3.00万元 ≠ 预算数20.00万元"
    assert response.status_code == 400 and text.index('name="total"') < text.index(error) < text.index('name="fiscal"')
    project.refresh_from_db()
    assert (project.fiscal, project.other) == (Decimal("200000.00"), Decimal("0.00"))


def test_the_api_refuses_them_naming_each_field(users, plan):
    project = plan.projects.get(code=HELP)
    response = bearer(users["editor"]).put(f"/api/projects/{project.pk}", api_body(
        project, fiscal="15", other="3", plan_3="60", plan_6="40"), content_type="application/json")
    body = response.json()
    assert response.status_code == 400 and body["code"] == e.INVALID
    assert body["fields"] == {"total": "财政资金15.00万元 + 其他资金3.00万元 ≠ 预算数20.00万元",
                              "plan_6": "6月底计划40%低于之前的60%"}
    assert body["message"] == e.INVALID_MESSAGE.format(fields="预算数（万元）：财政资金15.00万元 + 其他资金3.00万元 ≠ "
                                                              "预算数20.00万元；6月底支出计划（%）：6月底计划40%低于之前的60%")
    project.refresh_from_db()
    assert project.fiscal == Decimal("200000.00")


def test_the_service_refuses_them_too(users, plan):
    project = plan.projects.get(code=HELP)
    with pytest.raises(JixiaoError) as refused:
        services.project_update(project=project, fields={"plan_3": Decimal(60), "plan_6": Decimal(40)},
                                version=project.version, user=users["editor"])
    assert (refused.value.code, refused.value.status) == (e.MONEY, 400)
    assert refused.value.message == e.MONEY_MESSAGE.format(name="职工困难帮扶防贫资金", problems="6月底计划40%低于之前的60%")
    assert refused.value.fields == {"plan_6": "6月底计划40%低于之前的60%"}
    project.refresh_from_db()
    assert project.plan_6 == Decimal("50.00")


def test_a_plan_that_holds_together_still_saves(client, users, plan):
    project = plan.projects.get(code=HELP)
    response = login(client, users["editor"]).post(f"/goals/projects/{project.pk}/save/",
                                                   form(project, plan_3="25", plan_6="50", fiscal="18", other="2"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.plan_3, project.fiscal, project.other) == (Decimal("25.00"), Decimal("180000.00"),
                                                               Decimal("20000.00"))


# ---------------------------------------------------------------- submitting

def broken(plan) -> None:
    """Money that does not hold together, as stored before saving checked it (or by an older jixiao)."""
    Project.objects.filter(plan=plan, code=HELP).update(plan_3=Decimal(60), plan_6=Decimal(40),
                                                        fiscal=Decimal(150000))


ERRORS = ("项目“职工困难帮扶防贫资金”：财政资金15.00万元 + 其他资金0.00万元 ≠ 预算数20.00万元；"
          "项目“职工困难帮扶防贫资金”：6月底计划40.00%低于之前的60.00%")


def test_a_plan_with_errors_is_not_submitted_by_the_api_even_confirmed(users, plan):
    broken(plan)
    response = bearer(users["editor"]).post(f"/api/plans/{plan.pk}/actions/submit", {"confirm_warnings": True},
                                            content_type="application/json")
    body = response.json()
    assert (response.status_code, body["code"]) == (409, e.REVIEW_ERRORS)
    assert body["message"] == e.REVIEW_ERRORS_MESSAGE.format(count=2, first=ERRORS)
    assert body["fields"] == {"1.budget-parts": ERRORS.split("；")[0], "2.spending-plan": ERRORS.split("；")[1]}
    plan.refresh_from_db()
    assert plan.state == Plan.DRAFT and not Entry.objects.filter(action="plan.submitted").exists()


def test_a_plan_with_errors_is_not_submitted_from_the_page(client, users, plan):
    broken(plan)
    editor = login(client, users["editor"])
    page = editor.get(f"/goals/{plan.pk}/").content.decode()
    assert "审核发现2处错误，修改后才能提交审核" in page and f"/goals/{plan.pk}/submit/" not in page
    assert page.index("sev-error") < page.index("sev-warning")  # errors first in the findings
    response = editor.post(f"/goals/{plan.pk}/submit/", {"confirm_warnings": "1"})
    assert response.status_code == 409 and e.REVIEW_ERRORS_MESSAGE.format(count=2, first=ERRORS) in \
        response.content.decode()
    plan.refresh_from_db()
    assert plan.state == Plan.DRAFT


def test_the_first_three_errors_are_named_and_the_rest_counted(users, plan):
    broken(plan)
    Project.objects.filter(plan=plan).exclude(code=HELP).update(goals=[])
    with pytest.raises(JixiaoError) as refused:
        services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    assert refused.value.message.startswith("审核发现4处错误，修改后才能提交：") and refused.value.message.endswith(e.MORE)
    assert refused.value.message.count("；") == 2 and len(refused.value.fields) == 4


def test_warnings_need_a_confirmation_in_the_api(users, plan):
    client = bearer(users["editor"])
    response = client.post(f"/api/plans/{plan.pk}/actions/submit", {}, content_type="application/json")
    body = response.json()
    warnings = len(body["fields"])
    assert (response.status_code, body["code"]) == (400, e.WARNINGS) and warnings >= 10
    assert body["message"].startswith(f"审核发现{warnings}条警告（项目“职工困难帮扶防贫资金”指标“帮扶防贫资金发放合规率”：")
    assert "confirm_warnings: true" in body["message"]
    plan.refresh_from_db()
    assert plan.state == Plan.DRAFT
    confirmed = client.post(f"/api/plans/{plan.pk}/actions/submit", {"confirm_warnings": True},
                            content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "submitted"
    assert Entry.objects.get(action="plan.submitted").note == f"已确认{warnings}条审核警告"


def test_warnings_need_the_confirm_box_on_the_page(client, users, plan):
    editor = login(client, users["editor"])
    page = editor.get(f"/goals/{plan.pk}/").content.decode()
    assert 'name="confirm_warnings" value="1" required' in page and "确认提交" in page
    refused = editor.post(f"/goals/{plan.pk}/submit/")
    assert refused.status_code == 400 and "请阅读后勾选“确认提交”再提交" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.state == Plan.DRAFT
    assert editor.post(f"/goals/{plan.pk}/submit/", {"confirm_warnings": "1"}).status_code == 302
    plan.refresh_from_db()
    assert plan.state == Plan.SUBMITTED


def test_a_plan_without_findings_submits_without_a_confirmation(client, users):
    clean = services.plan_import(document=clean_document(), user=users["editor"])
    editor = login(client, users["editor"])
    assert "confirm_warnings" not in editor.get(f"/goals/{clean.pk}/").content.decode()
    assert editor.post(f"/goals/{clean.pk}/submit/").status_code == 302
    clean.refresh_from_db()
    assert clean.state == Plan.SUBMITTED and Entry.objects.get(action="plan.submitted").note == ""


def test_a_submitted_plan_submitted_again_is_a_state_conflict_not_a_review(users, plan):
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    response = bearer(users["editor"]).post(f"/api/plans/{plan.pk}/actions/submit", {},
                                            content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (409, e.STATE)
