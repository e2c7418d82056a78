"""The JSON API: token and session authentication, Chinese errors as {code, message, fields}."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.web.accounts.models import Token
from jixiao.web.goals.models import Plan

from .conftest import SEED, approve, login


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def test_token_authentication(users, plan):
    response = bearer(users["finance"]).get("/api/plans/")
    assert response.status_code == 200 and response.json()[0]["unit_code"] == "711001"
    assert Client(HTTP_AUTHORIZATION="Bearer wrong").get("/api/plans/").status_code == 401
    assert not Token.objects.filter(digest__contains="-").exists()  # only digests are stored


def test_plan_detail_has_the_document_and_the_review(users, plan):
    data = bearer(users["editor"]).get(f"/api/plans/{plan.pk}").json()
    assert data["document"]["format"] == "jixiao/1" and len(data["document"]["projects"]) == 3
    assert data["review"]["ruleset"] == "CZ-2020-10" and data["review"]["findings"]


def test_upload_through_the_api(users):
    client = bearer(users["editor"])
    response = client.post("/api/plans/", {"file": SimpleUploadedFile("seed.txt", SEED.read_bytes())})
    assert response.status_code == 200 and response.json()["state"] == "draft"
    broken = client.post("/api/plans/", {"file": SimpleUploadedFile("x.docx", b"PK\x03\x04broken")})
    assert broken.status_code == 400 and broken.json()["message"] == "x.docx：Word文件已损坏或不完整，无法打开"
    assert Plan.objects.count() == 1


def test_a_malformed_request_is_a_422_in_chinese(users, plan):
    project = plan.projects.first()
    response = bearer(users["editor"]).put(f"/api/projects/{project.pk}", {"name": "缺字段"},
                                           content_type="application/json")
    body = response.json()
    assert response.status_code == 422 and body["code"] == "malformed" and body["message"].startswith("请求格式不正确")
    assert "version" in body["fields"]


def test_a_stale_update_is_a_409(users, plan):
    project = plan.projects.first()
    client = bearer(users["editor"])
    payload = {"version": project.version, "code": project.code, "name": "新名称", "total": "20", "fiscal": "20",
               "other": "0", "plan_12": "100"}
    assert client.put(f"/api/projects/{project.pk}", payload, content_type="application/json").status_code == 200
    again = client.put(f"/api/projects/{project.pk}", {**payload, "name": "又一个名称"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "stale"
    project.refresh_from_db()
    assert project.name == "新名称"


def test_invalid_fields_are_named(users, plan):
    project = plan.projects.first()
    payload = {"version": project.version, "code": "1", "name": "x", "total": "多", "fiscal": "1", "other": "0"}
    body = bearer(users["editor"]).put(f"/api/projects/{project.pk}", payload, content_type="application/json").json()
    assert body["code"] == "invalid" and "不是数字" in body["fields"]["total"] and "应为21位" in body["fields"]["code"]


def test_unknown_action_and_missing_object(users, plan):
    client = bearer(users["admin"])
    response = client.post(f"/api/plans/{plan.pk}/actions/fly", {}, content_type="application/json")
    assert response.status_code == 400 and "没有操作“fly”" in response.json()["message"]
    assert client.get("/api/plans/99999").json()["code"] == "not_found"


def test_session_posts_need_the_csrf_token(users, plan):
    client = Client(enforce_csrf_checks=True)
    login(client, users["editor"])
    response = client.post(f"/api/plans/{plan.pk}/actions/submit", {}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "csrf"
    plan.refresh_from_db()
    assert plan.state == Plan.DRAFT


def test_monitoring_and_self_evaluation_json(users, plan):
    approve(plan, users)
    client = bearer(users["finance"])
    monitoring = client.get(f"/api/plans/{plan.pk}/monitoring?as_of=2021-07-31").json()
    assert monitoring["as_of"] == "2021-07-31" and monitoring["projects"][0]["planned_rate"] == "62.60"
    scores = client.get(f"/api/plans/{plan.pk}/self-evaluation").json()
    assert scores["ruleset"] == "CZ-2020-10" and scores["projects"][0]["grade"] == "差"  # nothing recorded yet


def test_values_at_the_edges_are_refused_in_chinese_not_a_500(users, plan):
    """What schemathesis probes for: dates at the calendar's ends, huge or non-finite numbers."""
    approve(plan, users)
    client = bearer(users["editor"])
    for as_of in ("0001-01-01", "9999-12-31"):
        response = client.get(f"/api/plans/{plan.pk}/monitoring?as_of={as_of}")
        assert response.status_code == 400 and response.json()["message"] == \
            f"监控截止日期{as_of}应在1971年至2071年之间"
    project = plan.projects.first()
    indicator = project.indicators.get(name="困难帮扶人数")
    huge = client.put(f"/api/plans/{plan.pk}/values/{indicator.pk}", {"actual": "9" * 40 + "人"},
                      content_type="application/json")
    assert huge.status_code == 400 and "过大" in huge.json()["message"]
    rich = client.post(f"/api/plans/{plan.pk}/spending", {"project": project.pk, "date": "2021-05-01",
                                                          "amount": "99999999999999.99"}, content_type="application/json")
    assert rich.status_code == 422 and rich.json()["fields"]["amount"] == "数字位数不能超过14位"
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = f"project,date,amount\n{project.code},2021-05-01,99999999999999.99\n".encode()
    imported = client.post(f"/api/plans/{plan.pk}/import/spending", {"file": SimpleUploadedFile("s.csv", csv)})
    assert imported.status_code == 400 and "应大于0且小于1万亿元" in imported.json()["message"]
    assert client.get(f"/api/plans/{plan.pk}/monitoring?as_of=2021-07-31").status_code == 200
    draft = client.post(f"/api/plans/{plan.pk}/actions/copy", {}, content_type="application/json").json()
    new = Plan.objects.get(pk=draft["id"]).projects.first()
    base = {"version": new.version, "code": new.code, "name": new.name, "fiscal": "1", "other": "0"}
    for total, message in (("1e30", "金额过大"), ("NaN", "不是数字"), ("Infinity", "不是数字")):
        body = client.put(f"/api/projects/{new.pk}", {**base, "total": total}, content_type="application/json").json()
        assert body["code"] == "invalid" and message in body["fields"]["total"]
    body = client.put(f"/api/projects/{new.pk}", {**base, "total": "1", "plan_6": "NaN"},
                      content_type="application/json").json()
    assert body["fields"]["plan_6"] == "“NaN”不是百分数"
