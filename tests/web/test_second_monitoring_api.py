"""二次监控 through the API (issue 15 §2): the list, finance opening a task, the unit recording it, the errors."""

from __future__ import annotations

from decimal import Decimal as D

from django.test import Client

from jixiao.evaluation import errors as e
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import SecondMonitoring

from .conftest import approve

P2 = "13032221QUQ99RB4O5098"
JSON = "application/json"


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def test_the_api_lists_opens_and_records(users, plan):
    approve(plan, users)  # nothing spent yet: all three projects need the second round
    finance, editor = bearer(users["finance"]), bearer(users["editor"])
    listed = finance.get(f"/api/plans/{plan.pk}/second-monitoring").json()
    assert listed["first_as_of"] == "2021-07-31" and listed["dates"] == ["2021-08-31", "2021-09-30"]
    assert [n["reasons"] for n in listed["needs"]][1] == ["截至2021-07-31预算执行为0（预算24,000.00元，未支出）"]
    assert all(n["task_id"] is None for n in listed["needs"]) and listed["tasks"] == []
    p2 = plan.projects.get(code=P2)
    refused = editor.post(f"/api/plans/{plan.pk}/second-monitoring", {"project": p2.pk, "as_of": "2021-08-31"},
                          content_type=JSON)
    assert refused.status_code == 403 and refused.json()["message"] == e.SECOND_OPENERS
    wrong = finance.post(f"/api/plans/{plan.pk}/second-monitoring", {"project": p2.pk, "as_of": "2021-08-30"},
                         content_type=JSON)
    assert wrong.status_code == 400 and wrong.json()["fields"] == {
        "second_as_of": e.SECOND_DATE_MONTH_END.format(date="2021-08-30", example="2021-08-31")}
    opened = finance.post(f"/api/plans/{plan.pk}/second-monitoring", {"project": p2.pk, "as_of": "2021-08-31"},
                          content_type=JSON)
    task = opened.json()
    assert opened.status_code == 200 and (task["status"], task["as_of"], task["figures"]) == ("open", "2021-08-31", None)
    twice = finance.post(f"/api/plans/{plan.pk}/second-monitoring", {"project": p2.pk, "as_of": "2021-09-30"},
                         content_type=JSON)
    assert twice.status_code == 409
    url = f"/api/plans/{plan.pk}/second-monitoring/{task['id']}"
    body = {"forecast_rate": "80", "forecast": "", "rectification_state": "已联系体检机构", "version": 0}
    done = editor.put(url, body, content_type=JSON)
    assert done.status_code == 200, done.json()
    out = done.json()
    assert (out["status"], out["forecast_rate"], out["version"]) == ("done", "80.00", 1)
    assert out["figures"]["as_of"] == "2021-08-31" and out["figures"]["projects"][0]["spent"] == "0.00"
    stale = editor.put(url, {**body, "rectification_state": "别人的"}, content_type=JSON)
    assert stale.status_code == 409
    empty = editor.put(url, {**body, "rectification_state": " ", "version": 1}, content_type=JSON)
    assert empty.status_code == 400 and empty.json()["message"] == e.SECOND_STATE_MISSING
    assert editor.get(url).json()["rectification_state"] == "已联系体检机构"
    assert SecondMonitoring.objects.get().forecast_rate == D(80)
    other = bearer(users["outsider"]).get(url)
    assert other.status_code == 404
    assert editor.get(f"/api/plans/{plan.pk}/second-monitoring/999999").status_code == 404
    listed = editor.get(f"/api/plans/{plan.pk}/second-monitoring").json()
    assert listed["needs"][1]["task_id"] == task["id"] and len(listed["tasks"]) == 1
