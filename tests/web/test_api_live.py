"""The API against a running server with a real HTTP client: every endpoint group once
with a Bearer token and once as a browser would (session cookie from /login/ and the
CSRF token); writes without the CSRF token, from another unit and on a stale version
are refused in Chinese."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
import requests

from jixiao.relief.synthetic import made_up_id
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import IndicatorValue, SpendingRecord
from jixiao.web.goals.models import Adjustment, Indicator, Plan
from jixiao.web.history.models import Entry
from jixiao.web.relief import services as relief_services
from jixiao.web.relief.models import (
    Beneficiary,
    HealthCheck,
    MetricBinding,
    ModelWorker,
    Payment,
    Round,
    Standard,
    Survey,
    SurveyResponse,
)

from .conftest import PASSWORD, SEED, approve

pytestmark = pytest.mark.django_db(transaction=True)
MODES = ["bearer", "session"]
P1, P2 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098"
REGISTER = "姓名,身份证号,电话,工作单位,家庭人口,家庭年收入,致困原因,困难程度\n" + "".join(
    f"职工{k},{made_up_id(k)},13800000000,县纺织厂,3,20000,因病,相对困难\n" for k in range(5))


def chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


class Api:
    """A client of /api/ on the live server; `ok` insists on a 200."""

    def __init__(self, base: str, session: requests.Session):
        self.base, self.session = base, session

    def __call__(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, f"{self.base}/api{path}", timeout=60, **kwargs)

    def ok(self, method: str, path: str, **kwargs):
        response = self(method, path, **kwargs)
        assert response.status_code == 200, (method, path, response.status_code, response.text)
        return response.json()


def browser_login(base: str, username: str) -> requests.Session:
    """Log in through /login/ as a browser does: the form's CSRF cookie, then the credentials."""
    session = requests.Session()
    assert session.get(f"{base}/login/", timeout=60).status_code == 200
    response = session.post(f"{base}/login/", timeout=60, data={
        "username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/login/"})
    assert response.status_code == 200 and "sessionid" in session.cookies, response.text[:500]
    return session


@pytest.fixture
def connect(live_server, users, sessions):
    """connect(user, mode): an Api for that user, by Bearer token or by a browser's session and CSRF token."""

    def make(name: str, mode: str = "bearer") -> Api:
        if mode == "bearer":
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {Token.issue(users[name])}"
        else:
            session = browser_login(live_server.url, name)
            session.headers["X-CSRFToken"] = session.cookies["csrftoken"]  # rotated at login: read it after
        sessions.append(session)
        return Api(live_server.url, session)

    return make


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# ---------------------------------------------------------------- one test per endpoint group and mode

@pytest.mark.parametrize("mode", MODES)
def test_plan_upload_and_the_whole_workflow(connect, users, mode):
    editor, approver, finance = connect("editor", mode), connect("approver", mode), connect("finance", mode)
    plan = editor.ok("post", "/plans/", files={"file": ("seed.txt", SEED.read_bytes())})
    assert (plan["unit_code"], plan["year"], plan["state"]) == ("711001", 2021, "draft")
    detail = editor.ok("get", f"/plans/{plan['id']}")
    assert len(detail["projects"]) == 3 and detail["document"]["format"] == "jixiao/1"
    assert editor.ok("post", f"/plans/{plan['id']}/actions/submit", json={"confirm_warnings": True})["state"] == "submitted"
    assert approver.ok("post", f"/plans/{plan['id']}/actions/unit_approve", json={})["state"] == "finance_review"
    graded = finance.ok("post", f"/plans/{plan['id']}/actions/grade", json={"grade": "良", "comment": ""})
    assert (graded["state"], graded["grade"]) == ("approved", "良")
    assert approver.ok("post", f"/plans/{plan['id']}/actions/publish", json={})["state"] == "published"
    copied = editor.ok("post", f"/plans/{plan['id']}/actions/copy", json={})
    assert (copied["year"], copied["state"]) == (2022, "draft")
    assert Plan.objects.filter(unit__code="711001").count() == 2
    public = requests.get(f"{editor.base}/api/public/plans", timeout=60).json()
    assert [(p["year"], p["state"]) for p in public] == [(2021, "published")]
    actions = set(Entry.objects.filter(user=users["editor"]).values_list("action", flat=True))
    assert {"plan.imported", "plan.submitted", "plan.copied"} <= actions


@pytest.mark.parametrize("mode", MODES)
def test_project_and_indicator_edits_and_adjustments(connect, users, plan, mode):
    editor, finance = connect("editor", mode), connect("finance", mode)
    project = plan.projects.get(code=P1)
    payload = {"version": project.version, "code": project.code, "name": "职工困难帮扶资金", "total": "20",
               "fiscal": "20", "other": "0", "plan_6": "50", "plan_12": "100", "goals": ["帮扶困难职工"]}
    version = editor.ok("put", f"/projects/{project.pk}", json=payload)["version"]
    assert version == project.version + 1
    created = editor.ok("post", f"/projects/{project.pk}/indicators", json={
        "version": version, "level1": "产出指标", "level2": "数量指标", "name": "慰问人次", "target_raw": "≥50人次"})
    assert created["name"] == "慰问人次" and created["project_version"] == version + 1
    changed = editor.ok("put", f"/indicators/{created['id']}", json={
        "version": created["project_version"], "level1": "产出指标", "level2": "数量指标", "name": "慰问人次",
        "target_raw": "≥60人次"})
    assert changed["target_raw"] == "≥60人次"
    moved = editor.ok("post", f"/indicators/{created['id']}/move",
                      json={"version": changed["project_version"], "direction": "up"})
    assert Indicator.objects.get(pk=created["id"]).position < Indicator.objects.filter(project=project).count() - 1
    deleted = editor.ok("delete", f"/indicators/{created['id']}", params={"version": moved["version"]})
    assert not Indicator.objects.filter(pk=created["id"]).exists() and deleted["version"] == moved["version"] + 1
    project.refresh_from_db()
    assert (project.name, project.total) == ("职工困难帮扶资金", D(200000))

    approve(plan, users)  # an approved target changes only through 调整
    indicator = project.indicators.get(name="困难帮扶人数")
    locked = editor("put", f"/indicators/{indicator.pk}", json={
        "version": project.version + 1, "level1": "产出指标", "level2": "数量指标", "name": "困难帮扶人数",
        "target_raw": "≥300人"})
    assert locked.status_code == 409 and chinese(locked.json()["message"])
    asked = editor.ok("post", f"/indicators/{indicator.pk}/adjustments", json={"revised": "≥350人", "reason": "经费压减"})
    assert (asked["original"], asked["state"]) == ("≥400人", Adjustment.PENDING)
    assert editor("post", f"/adjustments/{asked['id']}/decide", json={"decision": "approve"}).status_code == 403
    decided = finance.ok("post", f"/adjustments/{asked['id']}/decide", json={"decision": "approve", "comment": "同意"})
    assert decided["state"] == Adjustment.APPROVED
    indicator.refresh_from_db()
    assert indicator.target_raw == "≥350人"


@pytest.mark.parametrize("mode", MODES)
def test_spending_values_evidence_and_record_imports(connect, users, plan, media, mode):
    approve(plan, users)
    editor = connect("editor", mode)
    project = plan.projects.get(code=P1)
    record = editor.ok("post", f"/plans/{plan.pk}/spending",
                       json={"project": project.pk, "date": "2021-03-01", "amount": "1000.50", "note": "春节慰问"})
    assert (record["project_code"], record["amount"]) == (P1, "1000.50")
    late = editor("post", f"/plans/{plan.pk}/spending", json={"project": project.pk, "date": "2020-12-31",
                                                              "amount": "1"})
    assert late.status_code == 400 and "不在预算年度2021年内" in late.json()["message"]
    indicator = project.indicators.get(name="困难职工生活环境美化程度")
    value = editor.ok("put", f"/plans/{plan.pk}/values/{indicator.pk}", json={"actual": "88%", "reason": "入户较少"})
    assert (value["actual"], value["evidence"]) == ("88%", "")
    with_file = editor.ok("post", f"/plans/{plan.pk}/values/{indicator.pk}/evidence",
                          files={"file": ("入户调查.pdf", b"%PDF-1.4 evidence")})
    assert with_file["evidence"].endswith(".pdf") and with_file["actual"] == "88%"
    assert IndicatorValue.objects.get(indicator=indicator).evidence.read() == b"%PDF-1.4 evidence"
    csv = f"project,date,amount,note\n{P1},2021-04-01,200,补发\n{P2},2021-05-01,300,体检\n".encode()
    assert editor.ok("post", f"/plans/{plan.pk}/import/spending", files={"file": ("s.csv", csv)}) == \
        {"kind": "spending", "count": 2, "skipped": 0, "bad": []}
    bad = editor("post", f"/plans/{plan.pk}/import/spending", files={"file": ("s.csv", b"project,date,amount\nX,1,2\n")})
    assert bad.status_code == 400 and chinese(bad.json()["message"]) and SpendingRecord.objects.count() == 3
    listed = editor.ok("get", f"/plans/{plan.pk}/spending")
    assert [r["amount"] for r in listed] == ["1000.50", "200.00", "300.00"]
    monitoring = editor.ok("get", f"/plans/{plan.pk}/monitoring", params={"as_of": "2021-07-31"})
    assert next(p for p in monitoring["projects"] if p["code"] == P1)["spent"] == "1200.50"


@pytest.mark.parametrize("mode", MODES)
def test_register_import_and_person_edits(connect, users, plan, mode):
    officer, editor = connect("relief", mode), connect("editor", "bearer")
    report = officer.ok("post", "/relief/register/import", data={"unit": "711001", "only_good": "true"},
                        files={"file": ("register.csv", (REGISTER + "坏行,123,,,,,,\n").encode())})
    assert report["count"] == 5 and len(report["bad"]) == 1 and "第7行" in report["bad"][0]
    full = officer.ok("get", "/relief/register")
    assert [p["id_number"] for p in full] == [made_up_id(k) for k in range(5)] and full[0]["phone"] == "13800000000"
    masked = editor.ok("get", "/relief/register")
    assert masked[0]["id_number"] == made_up_id(0)[:6] + "********" + made_up_id(0)[-4:]
    assert masked[0]["phone"] == "138****0000"
    person = full[0]
    edited = officer.ok("put", f"/relief/people/{person['id']}", json={
        "version": person["version"], "phone": "13912345678", "employer": "新单位", "cause": "因病", "degree": "深度困难"})
    assert (edited["phone"], edited["degree"], edited["version"]) == ("13912345678", "深度困难", person["version"] + 1)
    assert editor.ok("get", f"/relief/people/{person['id']}")["phone"] == "139****5678"
    moved = officer.ok("post", f"/relief/people/{person['id']}/move", json={"status": "脱困", "date": "2021-05-01"})
    assert moved["status"] == "脱困"
    relapsed = officer("post", f"/relief/people/{person['id']}/move", json={"status": "返贫", "date": "2021-05-01"})
    assert relapsed.status_code == 200  # 脱困 → 返贫 is allowed; 注销 → anything is not
    officer.ok("post", f"/relief/people/{person['id']}/move", json={"status": "注销", "date": "2021-06-01"})
    closed = officer("post", f"/relief/people/{person['id']}/move", json={"status": "建档", "date": "2021-07-01"})
    assert closed.status_code == 400 and "不能改为“建档”" in closed.json()["message"]
    bad_phone = officer("put", f"/relief/people/{person['id']}", json={
        "version": edited["version"], "phone": "1", "cause": "因病", "degree": "深度困难"})
    assert bad_phone.status_code == 400 and "不是有效的手机或固定电话号码" in bad_phone.json()["message"]
    assert editor("put", f"/relief/people/{person['id']}", json={
        "version": edited["version"], "cause": "因病", "degree": "深度困难"}).status_code == 403


@pytest.mark.parametrize("mode", MODES)
def test_standards_rounds_draw_approval_and_payments(connect, users, plan, mode):
    approve(plan, users)
    relief_services.register_import(unit=plan.unit, rows=[r.split(",") for r in REGISTER.splitlines()],
                                    user=users["relief"])
    officer, editor = connect("relief", mode), connect("editor", "bearer")
    standard = officer.ok("put", "/relief/standards", json={"unit": "711001", "year": 2021, "kind": "救助",
                                                            "amount": "500"})
    assert standard["amount"] == "500.00" and Standard.objects.filter(kind="救助", amount=500).exists()
    project = plan.projects.get(code=P1)
    made = officer.ok("post", "/relief/rounds", json={"project": project.pk, "name": "2021年春节送温暖", "kind": "救助",
                                                      "start": "2021-01-15", "end": "2021-02-10"})
    assert made["state"] == Round.DRAFT
    drawn = officer.ok("get", f"/relief/rounds/{made['id']}")
    assert len(drawn["draft"]) == 5 and drawn["total"] == "2500.00" and drawn["draft"][0]["id_number"] == made_up_id(0)
    assert "*" in editor.ok("get", f"/relief/rounds/{made['id']}")["draft"][0]["id_number"]
    assert editor("post", f"/relief/rounds/{made['id']}/approve").status_code == 403
    assert officer("post", f"/relief/rounds/{made['id']}/approve").status_code == 403  # its drafter never approves
    checker = connect("approver", mode)
    assert checker.ok("post", f"/relief/rounds/{made['id']}/approve") == {"round": made["id"], "entries": 5}
    again = checker("post", f"/relief/rounds/{made['id']}/approve")
    assert again.status_code == 409 and "已审批" in again.json()["message"]
    results = "身份证号,金额,日期,状态\n" + "".join(f"{made_up_id(k)},500,2021-02-01,已发放\n" for k in range(3))
    assert officer.ok("post", f"/relief/rounds/{made['id']}/payments",
                      files={"file": ("results.csv", results.encode())})["new"] == 3
    wrong = f"身份证号,金额,日期\n{made_up_id(3)},500,2021-02-01\n{made_up_id(4)},9999,2021-02-01\n"
    refused = officer("post", f"/relief/rounds/{made['id']}/payments", files={"file": ("r.csv", wrong.encode())})
    assert refused.status_code == 400 and "r.csv：1行有误，未导入任何记录：第3行“金额”" in refused.json()["message"]
    assert Payment.objects.count() == 3 and SpendingRecord.objects.filter(project=project).count() == 3
    listed = officer.ok("get", f"/relief/rounds/{made['id']}")["listed"]
    assert [e["paid"] for e in listed] == ["500.00"] * 3 + ["0.00"] * 2


@pytest.mark.parametrize("mode", MODES)
def test_workers_checks_surveys_and_metric_bindings(connect, users, plan, mode):
    approve(plan, users)
    officer, editor = connect("relief", mode), connect("editor", mode)
    names = f"姓名,身份证号,级别,授予年份\n甲,{made_up_id(300)},省部级,2015\n乙,{made_up_id(301)},县级,2015\n"
    refused = officer("post", "/relief/workers/import", data={"unit": "711001"}, files={"file": ("w.csv", names.encode())})
    assert refused.status_code == 400 and refused.json()["code"] == "bad_rows"  # checked whole: nothing written
    assert not ModelWorker.objects.exists()
    report = officer.ok("post", "/relief/workers/import", data={"unit": "711001", "only_good": "true"},
                        files={"file": ("w.csv", names.encode())})
    assert report["count"] == 1 and "第3行“级别”：“县级”不是全国、省部级、市级之一" in report["bad"][0]
    worker = ModelWorker.objects.get()
    p2 = plan.projects.get(code=P2)
    check = officer.ok("post", f"/relief/workers/{worker.pk}/checks", json={
        "year": 2021, "state": "已检", "date": "2021-06-01", "institution": "县医院", "cost": "500", "project": p2.pk})
    assert check["state"] == "已检" and HealthCheck.objects.get().spending.amount == 500
    unexplained = officer("post", f"/relief/workers/{worker.pk}/checks", json={"year": 2021, "state": "未检"})
    assert unexplained.status_code == 400 and "请写明原因" in unexplained.json()["message"]
    assert "*" in editor.ok("get", "/relief/workers")[0]["id_number"]
    p1 = plan.projects.get(code=P1)
    survey = officer.ok("post", "/relief/surveys", json={"project": p1.pk, "name": "救助满意度",
                                                         "questions": ["总体评价", "及时性"], "date": "2021-03-05"})
    assert survey["questions"] == ["总体评价", "及时性"] and survey["date"] == "2021-03-05"
    answers = "总体评价,及时性\n5,4\n3,\n".encode()
    assert officer.ok("post", f"/relief/surveys/{survey['id']}/answers", files={"file": ("a.csv", answers)}) == \
        {"count": 2}
    broken = officer("post", f"/relief/surveys/{survey['id']}/answers", files={"file": ("a.csv", "总体评价,及时性\n6,4\n".encode())})
    assert broken.status_code == 400 and "“6”不是1～5分" in broken.json()["message"]
    assert SurveyResponse.objects.count() == 2 and Survey.objects.get().responses.count() == 2
    indicator = p1.indicators.get(name="受帮扶困难职工满意度")
    bound = editor.ok("put", f"/relief/bindings/{indicator.pk}", json={"metric": "survey_satisfaction"})
    assert bound == {"indicator": indicator.pk, "metric": "survey_satisfaction", "params": {}}
    deadline = officer.ok("put", f"/relief/bindings/{indicator.pk}", json={"metric": "checks_on_time_rate",
                                                                          "deadline": "2021-11-30"})
    assert deadline["params"] == {"deadline": "2021-11-30"}
    unknown = editor("put", f"/relief/bindings/{indicator.pk}", json={"metric": "nothing"})
    assert unknown.status_code == 400 and "没有取数口径“nothing”" in unknown.json()["message"]
    assert editor.ok("put", f"/relief/bindings/{indicator.pk}", json={"metric": ""})["metric"] == ""
    assert not MetricBinding.objects.exists()
    actuals = editor.ok("get", f"/relief/actuals/{p1.pk}")
    assert actuals["project"] == P1 and len(actuals["indicators"]) == p1.indicators.count()


@pytest.mark.parametrize("mode", MODES)
def test_downloads_the_goal_document_the_tables_the_bank_list_and_evidence(connect, users, plan, media, mode):
    from io import BytesIO

    from openpyxl import load_workbook

    approve(plan, users)
    editor, officer = connect("editor", mode), connect("relief", mode)
    pdf = editor("get", f"/plans/{plan.pk}/download/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and "filename*=UTF-8''" in \
        pdf.headers["Content-Disposition"]
    assert editor.ok("get", f"/plans/{plan.pk}/download/json")["format"] == "jixiao/1"
    table = editor("get", f"/plans/{plan.pk}/tables/monitoring/xlsx", params={"as_of": "2021-07-31"})
    assert table.status_code == 200 and table.content.startswith(b"PK")
    assert editor("get", f"/plans/{plan.pk}/tables/self-evaluation/docx").content.startswith(b"PK")
    wrong = editor("get", f"/plans/{plan.pk}/tables/monitoring/odt")
    assert wrong.status_code == 422 and chinese(wrong.json()["message"])

    indicator = plan.projects.get(code=P1).indicators.first()
    editor.ok("put", f"/plans/{plan.pk}/values/{indicator.pk}", json={"actual": "406人"})
    missing = editor("get", f"/plans/{plan.pk}/values/{indicator.pk}/evidence")
    assert (missing.status_code, missing.json()["message"]) == (404, "这个指标没有上传佐证材料")
    editor.ok("post", f"/plans/{plan.pk}/values/{indicator.pk}/evidence", files={"file": ("发放花名册.pdf", b"%PDF-1.4 x")})
    assert editor("get", f"/plans/{plan.pk}/values/{indicator.pk}/evidence").content == b"%PDF-1.4 x"

    relief_services.register_import(unit=plan.unit, rows=[r.split(",") for r in REGISTER.splitlines()],
                                    user=users["relief"])
    officer.ok("put", "/relief/standards", json={"unit": "711001", "year": 2021, "kind": "救助", "amount": "500"})
    made = officer.ok("post", "/relief/rounds", json={"project": plan.projects.get(code=P1).pk, "name": "春节送温暖",
                                                      "kind": "救助", "start": "2021-01-15", "end": "2021-02-10"})
    early = officer("get", f"/relief/rounds/{made['id']}/bank-list")
    assert early.status_code == 409 and early.json()["message"] == "名单审批后才能导出代发名单"  # a wrong state
    connect("approver", mode).ok("post", f"/relief/rounds/{made['id']}/approve")  # not its drafter
    no_accounts = officer("get", f"/relief/rounds/{made['id']}/bank-list")  # the bank pays accounts only
    assert no_accounts.status_code == 409 and no_accounts.json()["code"] == "no_bank_account"
    Beneficiary.objects.update(bank_account="6228480000000000001", bank="农业银行")
    listed = officer("get", f"/relief/rounds/{made['id']}/bank-list")
    rows = list(load_workbook(BytesIO(listed.content)).active.iter_rows(values_only=True))
    assert made_up_id(0) in [c for row in rows for c in row]  # in full, for the bank
    refused = editor("get", f"/relief/rounds/{made['id']}/bank-list")
    assert refused.status_code == 403 and refused.json()["message"] == "只有本单位帮扶干事可以导出代发名单"


@pytest.mark.parametrize("mode", MODES)
def test_units_users_roles_and_passwords_for_the_administrator(connect, live_server, users, sessions, mode):
    from jixiao.web.accounts.roles import roles_in
    from jixiao.web.goals.models import Unit

    admin, editor = connect("admin", mode), connect("editor", mode)
    unit = admin.ok("post", "/accounts/units", json={"code": "726101", "name": "柳溪县总工会本级",
                                                      "finance_bureau": "柳溪县财政局"})
    assert unit["code"] == "726101" and Unit.objects.filter(code="726101").exists()
    twice = admin("post", "/accounts/units", json={"code": "726101", "name": "重复"})
    assert twice.status_code == 409 and twice.json()["message"] == "单位编码“726101”已被“柳溪县总工会本级”使用"
    made = admin.ok("post", "/accounts/users", json={"login": "wangfang", "name": "王芳",
                                                      "memberships": [{"role": "单位填报", "unit": "726101"}]})
    assert made["password"] and made["memberships"] == [{"unit": "726101", "unit_name": "柳溪县总工会本级", "role": "单位填报"}]
    weak = admin("post", "/accounts/users", json={"login": "li", "name": "李", "password": "12345678"})
    assert weak.status_code == 400 and weak.json()["message"].startswith("密码不合要求")
    admin.ok("post", "/accounts/users/wangfang/memberships", json={"role": "帮扶干事", "unit": "726101"})
    person = django_user("wangfang")
    assert roles_in(person, Unit.objects.get(code="726101").pk) == {"单位填报", "帮扶干事"}
    reset = admin.ok("post", "/accounts/users/wangfang/password", json={})
    assert django_user("wangfang").check_password(reset["password"])
    assert admin.ok("post", "/accounts/users/wangfang/deactivate")["active"] is False
    refused = editor("post", "/accounts/units", json={"code": "726102", "name": "某单位"})
    assert refused.status_code == 403 and refused.json()["message"] == "只有管理员可以管理单位、用户和角色"
    assert not Unit.objects.filter(code="726102").exists()


def django_user(login: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=login)


# ---------------------------------------------------------------- refusals

def test_a_session_write_without_the_csrf_token_is_refused_in_chinese(live_server, users, plan, sessions):
    session = browser_login(live_server.url, "editor")
    sessions.append(session)
    url = f"{live_server.url}/api/plans/{plan.pk}/actions/submit"
    for headers in ({}, {"X-CSRFToken": "wrong" * 8}):
        response = session.post(url, json={}, headers=headers, timeout=60)
        body = response.json()
        assert response.status_code == 403 and body["code"] == "csrf" and body["fields"] == {}
        assert "CSRF" in body["message"] and chinese(body["message"])
    assert session.get(f"{live_server.url}/api/plans/{plan.pk}", timeout=60).status_code == 200  # reads need none
    plan.refresh_from_db()
    assert plan.state == Plan.DRAFT
    ok = session.post(url, json={"confirm_warnings": True}, headers={"X-CSRFToken": session.cookies["csrftoken"]},
                      timeout=60)
    assert ok.status_code == 200 and ok.json()["state"] == "submitted"


def test_a_bearer_write_by_a_user_of_another_unit_is_forbidden(connect, users, plan):
    outsider = connect("outsider")
    response = outsider("post", "/plans/", files={"file": ("seed.txt", SEED.read_bytes())})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert "你不属于单位" in response.json()["message"]
    hidden = outsider("post", f"/plans/{plan.pk}/actions/submit", json={})
    assert hidden.status_code == 404 and chinese(hidden.json()["message"])  # not even shown to exist
    wrong_role = connect("approver")("post", f"/plans/{plan.pk}/actions/submit", json={})
    assert wrong_role.status_code == 403 and "需要以下角色之一" in wrong_role.json()["message"]
    plan.refresh_from_db()
    assert plan.state == Plan.DRAFT and Plan.objects.count() == 1


def test_a_stale_version_is_a_409(connect, users, plan):
    editor = connect("editor")
    project = plan.projects.first()
    payload = {"version": project.version, "code": project.code, "name": "新名称", "total": "20", "fiscal": "20",
               "other": "0", "plan_12": "100"}
    assert editor.ok("put", f"/projects/{project.pk}", json=payload)["version"] == project.version + 1
    stale = editor("put", f"/projects/{project.pk}", json={**payload, "name": "又一个名称"})
    assert stale.status_code == 409 and stale.json()["code"] == "stale" and "已被他人修改" in stale.json()["message"]
    indicator = project.indicators.first()
    moved = editor("post", f"/indicators/{indicator.pk}/move", json={"version": project.version, "direction": "down"})
    assert moved.status_code == 409
    relief_services.register_import(unit=plan.unit, rows=[r.split(",") for r in REGISTER.splitlines()],
                                    user=users["relief"])
    person = Beneficiary.objects.first()
    officer = connect("relief")
    data = {"version": person.version, "phone": "", "employer": "甲", "cause": "因病", "degree": "深度困难"}
    officer.ok("put", f"/relief/people/{person.pk}", json=data)
    again = officer("put", f"/relief/people/{person.pk}", json={**data, "employer": "乙"})
    assert again.status_code == 409 and again.json()["code"] == "stale"
    project.refresh_from_db()
    person.refresh_from_db()
    assert (project.name, person.employer) == ("新名称", "甲")


def test_every_error_is_chinese_json(live_server, connect, users, plan):
    editor = connect("editor")
    base = f"{live_server.url}/api"
    project = plan.projects.first()
    cases = {
        "no credentials": (requests.get(f"{base}/plans/", timeout=60), 401, "unauthenticated"),
        "a wrong token": (requests.get(f"{base}/plans/", headers={"Authorization": "Bearer nope"}, timeout=60), 401,
                          "unauthenticated"),
        "an unknown path": (editor("get", "/nothing/here"), 404, "not_found"),
        "a missing object": (editor("get", "/plans/99999"), 404, "not_found"),
        "a wrong method": (editor("delete", "/plans/"), 405, "method_not_allowed"),
        "a non-numeric id": (editor("get", "/plans/abc"), 422, "malformed"),
        "a zero page": (editor("get", "/plans/", params={"page": 0}), 422, "malformed"),
        "a bad date": (editor("get", f"/plans/{plan.pk}/monitoring", params={"as_of": "明天"}), 422, "malformed"),
        "a body that is not JSON": (editor("put", f"/projects/{project.pk}", data=b"{not json",
                                           headers={"Content-Type": "application/json"}), 400, "malformed"),
        "a missing field": (editor("put", f"/projects/{project.pk}", json={"name": "缺字段"}), 422, "malformed"),
        "a missing file part": (editor("post", "/plans/", data={"x": "1"}), 422, "malformed"),
        "an unknown action": (editor("post", f"/plans/{plan.pk}/actions/fly", json={}), 400, "action"),
        "an unknown kind": (editor("post", f"/plans/{plan.pk}/import/other", files={"file": ("a.csv", b"x")}), 422,
                            "malformed"),
        "a choice not offered": (editor("post", f"/indicators/{project.indicators.first().pk}/move",
                                        json={"version": 1, "direction": "sideways"}), 422, "malformed"),
    }
    for what, (response, status, code) in cases.items():
        body = response.json()
        assert (response.status_code, body["code"]) == (status, code), (what, response.text)
        assert set(body) == {"code", "message", "fields"} and chinese(body["message"]), (what, body)
        assert all(chinese(v) for v in body["fields"].values()), (what, body)
    missing = cases["a missing field"][0].json()
    assert missing["fields"]["version"] == "缺少此字段" and "version缺少此字段" in missing["message"]
    assert cases["a missing file part"][0].json()["fields"] == {"file": "缺少此字段"}
    assert "up" in cases["a choice not offered"][0].json()["fields"]["direction"]
    assert cases["a wrong method"][0].headers["Allow"]
    docs = requests.get(f"{base}/docs", timeout=60)  # served locally, sending the CSRF token with session calls
    assert docs.status_code == 200 and "openapi.json" in docs.text and "csrf" in docs.text.lower()
