"""A 退回 and a 驳回 say why, a decision is approve or reject and nothing else, and an adjustment
changes the target: on the pages, in the API and on a live server, each refusal answers its
Chinese message and changes nothing."""

import requests
from django.test import Client

from jixiao.web.accounts.models import Token
from jixiao.web.goals import errors as e
from jixiao.web.goals import services
from jixiao.web.goals.models import Adjustment, Indicator, Plan
from jixiao.web.history.models import Entry

from .conftest import approve, login
from .test_api_live import browser_login


def changes() -> int:
    """History entries of goals records (a login or an issued token is in the history too)."""
    return Entry.objects.filter(action__regex=r"(plan|adjustment)\.").count()


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def persons(plan) -> Indicator:
    return Indicator.objects.get(project__plan=plan, name="困难帮扶人数")


def asked(plan, users) -> Adjustment:
    approve(plan, users)
    return services.adjustment_request(indicator=persons(plan), revised="≥350人", reason="经费压减",
                                       user=users["editor"])


def test_a_return_without_a_reason_is_refused_on_the_page_and_in_the_api(client, users, plan):
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    api_client = bearer(users["approver"])
    entries = changes()
    response = login(client, users["approver"]).post(f"/goals/{plan.pk}/unit_return/", {"comment": "   "})
    assert response.status_code == 400 and e.RETURN_REASON_MESSAGE in response.content.decode()
    api = api_client.post(f"/api/plans/{plan.pk}/actions/unit_return", {"comment": ""},
                          content_type="application/json")
    assert api.status_code == 400 and api.json()["code"] == e.RETURN_REASON
    plan.refresh_from_db()
    assert plan.state == Plan.SUBMITTED and changes() == entries
    returned = client.post(f"/goals/{plan.pk}/unit_return/", {"comment": "请补充指标依据"}, follow=True)
    plan.refresh_from_db()
    assert plan.state == Plan.DRAFT and "请补充指标依据" in returned.content.decode()  # the history shows it


def test_an_unknown_decision_is_a_400_naming_the_allowed_ones(client, users, plan):
    adjustment = asked(plan, users)
    response = login(client, users["finance"]).post(f"/goals/adjustments/{adjustment.pk}/decide/",
                                                    {"decision": "maybe", "comment": "再看看"})
    assert response.status_code == 400
    assert e.DECISION_MESSAGE.format(decision="maybe") in response.content.decode()
    assert "approve（批准）、reject（驳回）" in response.content.decode()
    adjustment.refresh_from_db()
    assert adjustment.state == Adjustment.PENDING
    api = bearer(users["finance"]).post(f"/api/adjustments/{adjustment.pk}/decide", {"decision": "maybe"},
                                        content_type="application/json")
    assert api.status_code == 422 and "decision" in api.json()["fields"]  # the API's schema names approve, reject
    adjustment.refresh_from_db()
    assert adjustment.state == Adjustment.PENDING


def test_a_rejection_needs_a_reason_and_the_message_says_what_was_done(client, users, plan):
    adjustment = asked(plan, users)
    url = f"/goals/adjustments/{adjustment.pk}/decide/"
    api_client = bearer(users["finance"])
    entries = changes()
    refused = login(client, users["finance"]).post(url, {"decision": "reject", "comment": " "})
    message = e.REJECT_REASON_MESSAGE.format(name="困难帮扶人数")
    assert refused.status_code == 400 and message in refused.content.decode()
    api = api_client.post(f"/api/adjustments/{adjustment.pk}/decide", {"decision": "reject"},
                          content_type="application/json")
    assert (api.status_code, api.json()["code"], api.json()["message"]) == (400, e.REJECT_REASON, message)
    adjustment.refresh_from_db()
    assert adjustment.state == Adjustment.PENDING and changes() == entries
    done = client.post(url, {"decision": "reject", "comment": "压减理由不充分"}, follow=True)
    assert "已驳回指标“困难帮扶人数”的调整申请" in done.content.decode()
    adjustment.refresh_from_db()
    assert adjustment.state == Adjustment.REJECTED and adjustment.comment == "压减理由不充分"


def test_an_approval_needs_no_reason_and_says_it_approved(client, users, plan):
    adjustment = asked(plan, users)
    done = login(client, users["finance"]).post(f"/goals/adjustments/{adjustment.pk}/decide/",
                                                {"decision": "approve", "comment": ""}, follow=True)
    assert "已批准指标“困难帮扶人数”的调整申请" in done.content.decode()
    assert persons(plan).target_raw == "≥350人"


def test_an_adjustment_to_the_same_value_is_refused(client, users, plan):
    approve(plan, users)
    indicator = persons(plan)
    same = indicator.target_raw.replace("≥", "＞＝")  # written differently, the same target
    response = login(client, users["editor"]).post(f"/goals/indicators/{indicator.pk}/adjust/",
                                                   {"revised": same, "reason": "再核对"})
    message = e.SAME_TARGET_MESSAGE.format(name=indicator.name, revised=same, current=indicator.target_raw)
    assert response.status_code == 400 and message in response.content.decode()
    api = bearer(users["editor"]).post(f"/api/indicators/{indicator.pk}/adjustments",
                                       {"revised": indicator.target_raw, "reason": "再核对"},
                                       content_type="application/json")
    assert api.status_code == 400 and api.json()["code"] == e.SAME_TARGET
    assert not Adjustment.objects.exists()


def test_a_rejection_on_a_live_server_with_the_form_and_its_csrf_token(live_server, users, plan, sessions):
    adjustment = asked(plan, users)
    session = browser_login(live_server.url, "finance")
    sessions.append(session)
    page = session.get(f"{live_server.url}/goals/{plan.pk}/", timeout=60)
    assert "意见（驳回时必填）" in page.text
    url = f"{live_server.url}/goals/adjustments/{adjustment.pk}/decide/"

    def post(data: dict) -> requests.Response:
        return session.post(url, data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                            headers={"Referer": page.url}, timeout=60)

    refused = post({"decision": "reject", "comment": ""})
    assert refused.status_code == 400 and e.REJECT_REASON_MESSAGE.format(name="困难帮扶人数") in refused.text
    unknown = post({"decision": "maybe"})
    assert unknown.status_code == 400 and e.DECISION_MESSAGE.format(decision="maybe") in unknown.text
    adjustment.refresh_from_db()
    assert adjustment.state == Adjustment.PENDING
    done = post({"decision": "reject", "comment": "压减理由不充分"})
    assert done.status_code == 200 and "已驳回指标“困难帮扶人数”的调整申请" in done.text
