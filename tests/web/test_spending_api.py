"""Spending records in the API: listed, corrected (PUT/PATCH) and deleted with a reason; an entry above
the budget is a 409 naming the project, budget and new total unless confirmed with a reason; amounts
with separators (issue 11 §2)."""

from decimal import Decimal

from django.test import Client

from jixiao.evaluation import errors as e
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import SpendingRecord
from jixiao.web.history.models import Entry

from .conftest import approve

P1 = "13032221GVUVTX63BWWCQ"  # 职工困难帮扶防贫资金, 预算20万元
JSON = "application/json"


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def _post(client, plan, project, amount, **more):
    return client.post(f"/api/plans/{plan.pk}/spending", {"project": project.pk, "date": "2021-01-28",
                                                          "amount": amount, "note": "春节送温暖", **more},
                       content_type=JSON)


def test_an_amount_with_separators_is_accepted(users, plan):
    approve(plan, users)
    response = _post(bearer(users["editor"]), plan, plan.projects.get(code=P1), "98,000.00")
    assert response.status_code == 200 and response.json()["amount"] == "98000.00"
    assert response.json()["posted_by"] == "" and response.json()["over_budget_reason"] == ""


def test_above_the_budget_is_a_409_naming_project_budget_and_total_until_confirmed_with_a_reason(users, plan):
    approve(plan, users)
    client = bearer(users["editor"])
    project = plan.projects.get(code=P1)
    assert _post(client, plan, project, "97,000.00").status_code == 200
    refused = _post(client, plan, project, "1,000,000.00")
    body = refused.json()
    assert refused.status_code == 409 and body["code"] == "over_budget"
    assert "职工困难帮扶防贫资金" in body["message"] and "200,000.00元" in body["message"]
    assert "1,097,000.00元" in body["message"] and "confirm_over_budget" in body["fields"]
    no_reason = _post(client, plan, project, "1,000,000.00", confirm_over_budget=True)
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "over_budget_reason"
    assert SpendingRecord.objects.count() == 1
    done = _post(client, plan, project, "1,000,000.00", confirm_over_budget=True, reason="追加专项资金，预算调整在办")
    assert done.status_code == 200 and done.json()["over_budget_reason"] == "追加专项资金，预算调整在办"
    monitoring = client.get(f"/api/plans/{plan.pk}/monitoring?as_of=2021-07-31").json()["projects"][0]
    assert (monitoring["colour"], monitoring["problems"], monitoring["execution_rate"]) == ("red", ["数据有误"],
                                                                                            "548.50")
    execution = client.get(f"/api/plans/{plan.pk}/self-evaluation").json()["projects"][0]["execution"]
    assert execution["flags"] == ["超支：执行率超过100%，需说明偏差原因"] and execution["score"] == "0"


def test_spending_is_listed_corrected_and_deleted_with_a_reason(users, plan):
    approve(plan, users)
    client = bearer(users["editor"])
    project = plan.projects.get(code=P1)
    record = _post(client, plan, project, "98,000.00").json()
    listed = client.get(f"/api/plans/{plan.pk}/spending").json()
    assert [r["id"] for r in listed] == [record["id"]]
    url = f"/api/plans/{plan.pk}/spending/{record['id']}"

    no_reason = client.put(url, {"date": "2021-01-28", "amount": "89,000.00", "note": "", "reason": " "},
                           content_type=JSON)
    assert no_reason.status_code == 400 and no_reason.json()["message"] == e.CORRECTION_REASON
    assert client.put(url, {"date": "2021-01-28", "amount": "89000"}, content_type=JSON).status_code == 422
    fixed = client.put(url, {"date": "2021-01-29", "amount": "89,000.00", "note": "春节", "reason": "按银行回单更正"},
                       content_type=JSON)
    assert fixed.status_code == 200 and (fixed.json()["amount"], fixed.json()["date"]) == ("89000.00", "2021-01-29")
    patched = client.patch(url, {"note": "春节送温暖", "reason": "摘要补全"}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["amount"] == "89000.00"
    assert patched.json()["note"] == "春节送温暖"
    over = client.patch(url, {"amount": "890,000.00", "reason": "按回单"}, content_type=JSON)
    assert over.status_code == 409 and "890,000.00元" in over.json()["message"]
    assert SpendingRecord.objects.get().amount == Decimal("89000.00")
    notes = list(Entry.objects.filter(action="spending.corrected").order_by("id").values_list("note", flat=True))
    assert notes == ["按银行回单更正", "摘要补全"]

    assert client.delete(url).status_code == 422  # the reason is required
    assert client.delete(f"{url}?reason=").json()["message"] == e.DELETION_REASON
    gone = client.delete(f"{url}?reason=与国库支付记录重复")
    assert gone.status_code == 200 and gone.json()["amount"] == "89000.00"
    assert not SpendingRecord.objects.exists()
    assert Entry.objects.get(action="spending.deleted").note == "与国库支付记录重复"
    assert client.delete(f"{url}?reason=再删一次").status_code == 404


def test_only_the_units_recorders_may_correct_or_delete(users, plan):
    approve(plan, users)
    record = _post(bearer(users["editor"]), plan, plan.projects.get(code=P1), "1000").json()
    url = f"/api/plans/{plan.pk}/spending/{record['id']}"
    assert bearer(users["approver"]).delete(f"{url}?reason=x").status_code == 403
    assert bearer(users["outsider"]).delete(f"{url}?reason=x").status_code in (403, 404)
    assert bearer(users["finance"]).put(url, {"date": "2021-01-28", "amount": "1", "reason": "x"},
                                        content_type=JSON).status_code == 403
    assert SpendingRecord.objects.get().amount == Decimal(1000)
