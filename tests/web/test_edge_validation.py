"""Every value a person or a client sends is checked at the edge (issue 13, §2): ids, pages, dates
within sane years, numbers finite and within their column, `next` only to this site. Against a live
server with a real HTTP client: the answer is a 400/404/409 (422 for the API's schema) in Chinese,
never a 500, and nothing in the database changes. The error page says truthfully whether anything
was saved."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
import requests
from django.db import DataError, connection, transaction
from django.urls import include
from django.urls import path as url

from jixiao.relief.synthetic import made_up_id
from jixiao.web import errors as web_errors
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import IndicatorValue, SpendingRecord
from jixiao.web.goals import services as goal_services
from jixiao.web.goals.models import Indicator, Plan, Project, Unit
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
)

from .conftest import SEED, approve
from .test_api_live import browser_login

pytestmark = pytest.mark.django_db(transaction=True)
HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]
HUGE = "9" * 30
NOT_FINITE = ["NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", "1e10", "1E+10", "123456", "12.345", "-1"]


def chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def snapshot() -> dict:
    """What a refused request must leave as it was."""
    return {"entries": Entry.objects.count(),
            "values": sorted(IndicatorValue.objects.values_list("indicator_id", "actual", "share", "reason")),
            "spending": SpendingRecord.objects.count(), "people": Beneficiary.objects.count(),
            "rounds": Round.objects.count(), "checks": HealthCheck.objects.count(),
            "standards": Standard.objects.count(), "surveys": Survey.objects.count(),
            "bindings": sorted(MetricBinding.objects.values_list("indicator_id", "metric", "params")),
            "payments": Payment.objects.count(),
            "projects": sorted(Project.objects.values_list("id", "code", "name", "version"))}


def refused(response: requests.Response, *statuses: int) -> str:
    """The response is one of `statuses`, in Chinese; returns its text."""
    statuses = statuses or (400,)
    assert response.status_code in statuses, (response.request.method, response.url, response.status_code,
                                              response.text[:800])
    text = response.text
    if response.headers.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        assert set(body) == {"code", "message", "fields"}, body
        text = f"{body['message']} {' '.join(f'{k} {v}' for k, v in body['fields'].items())}"
    assert chinese(text), text[:500]
    assert "Traceback" not in text
    return text


@pytest.fixture
def world(users, plan):
    """The seed plan approved, a register, a model worker, a standard, an approved and paid round, a survey."""
    approve(plan, users)
    project = plan.projects.first()
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=500)
    rows = [HEADER] + [[f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
                       for k in range(3)]
    relief_services.register_import(unit=plan.unit, rows=rows, user=users["relief"])
    relief_services.workers_import(unit=plan.unit, rows=[["姓名", "身份证号", "级别", "授予年份"],
                                                         ["甲", made_up_id(300), "省部级", "2015"]], user=users["relief"])
    round_ = relief_services.round_create(project=project, name="2021年春节送温暖", kind="救助",
                                          start=date(2021, 1, 15), end=date(2021, 2, 10), degrees=[],
                                          user=users["relief"])
    survey = relief_services.survey_create(project=project, name="满意度", questions=["总体评价"],
                                           on=date(2021, 3, 5), user=users["relief"])
    return {"plan": plan, "project": project, "round": round_, "survey": survey,
            "person": Beneficiary.objects.first(), "worker": ModelWorker.objects.first(),
            "indicator": Indicator.objects.filter(project=project).order_by("id").first(),
            "qualitative": Indicator.objects.get(project=project, name="困难职工的生活需求")}


@pytest.fixture
def opened():
    made: list[requests.Session] = []
    yield made
    for s in made:
        s.close()


@pytest.fixture
def api(live_server, users, opened):
    def make(name: str) -> requests.Session:
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {Token.issue(users[name])}"
        opened.append(s)
        return s
    return make


@pytest.fixture
def web(live_server, opened):
    def make(name: str) -> requests.Session:
        s = browser_login(live_server.url, name)
        opened.append(s)
        return s
    return make


def version(indicator) -> int:
    """The version the value form of `indicator` shows (0 before any value)."""
    return IndicatorValue.objects.filter(indicator=indicator).values_list("version", flat=True).first() or 0


def post(session: requests.Session, url: str, data: dict, **kwargs) -> requests.Response:
    """A form's POST as the browser sends it: the CSRF cookie's value in the form."""
    return session.post(url, data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                        allow_redirects=False, timeout=60, **kwargs)


# ---------------------------------------------------------------- the API

@pytest.mark.parametrize("page", ["0", "-1", "-99999999999", HUGE, "1e3", "abc"])
def test_api_register_page_out_of_range_is_refused_in_chinese(live_server, api, world, page):
    before = snapshot()
    text = refused(api("relief").get(f"{live_server.url}/api/relief/register", params={"page": page}, timeout=60),
                   400, 422)
    assert "page" in text
    assert snapshot() == before


def test_api_register_pages_within_range_answer(live_server, api, world):
    s = api("relief")
    assert len(s.get(f"{live_server.url}/api/relief/register", params={"page": 1}, timeout=60).json()) == 3
    assert s.get(f"{live_server.url}/api/relief/register", params={"page": 100000}, timeout=60).json() == []


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
@pytest.mark.parametrize("path", ["monitoring", "tables/monitoring/xlsx"])
def test_api_monitoring_at_an_absurd_date_is_refused_naming_as_of(live_server, api, world, as_of, path):
    before = snapshot()
    text = refused(api("editor").get(f"{live_server.url}/api/plans/{world['plan'].pk}/{path}",
                                     params={"as_of": as_of}, timeout=60), 400, 422)
    assert "as_of" in text or "截止日期" in text
    assert snapshot() == before


def test_api_monitoring_report_at_an_absurd_date_is_refused(live_server, api, world):
    before = snapshot()
    refused(api("editor").post(f"{live_server.url}/api/plans/{world['plan'].pk}/monitoring/reports",
                               json={"as_of": "9999-12-31", "note": ""}, timeout=60), 400, 422)
    assert snapshot() == before


@pytest.mark.parametrize("share", NOT_FINITE)
def test_api_a_share_not_finite_or_beyond_its_column_is_refused(live_server, api, world, share):
    before = snapshot()
    url = f"{live_server.url}/api/plans/{world['plan'].pk}/values/{world['qualitative'].pk}"
    text = refused(api("editor").put(url, json={"actual": "部分达成", "share": share}, timeout=60), 400, 422)
    assert "share" in text
    assert snapshot() == before


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_api_a_json_nan_literal_is_refused(live_server, api, world, literal):
    before = snapshot()
    url = f"{live_server.url}/api/plans/{world['plan'].pk}/values/{world['qualitative'].pk}"
    refused(api("editor").put(url, data=f'{{"actual": "达成", "share": {literal}}}',
                              headers={"Content-Type": "application/json"}, timeout=60), 400, 422)
    assert snapshot() == before


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e30", "12345678901234567890", "1.234"])
def test_api_a_spending_amount_not_finite_or_too_long_is_refused(live_server, api, world, amount):
    before = snapshot()
    refused(api("editor").post(f"{live_server.url}/api/plans/{world['plan'].pk}/spending", json={
        "project": world["project"].pk, "date": "2021-05-01", "amount": amount, "note": ""}, timeout=60), 400, 422)
    assert snapshot() == before


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31"])
def test_api_dates_out_of_years_are_refused_naming_the_field(live_server, api, world, when):
    relief, editor, base = api("relief"), api("editor"), live_server.url
    before = snapshot()
    cases = [
        (editor, "post", f"/api/plans/{world['plan'].pk}/spending",
         {"project": world["project"].pk, "date": when, "amount": "1,234.50", "note": ""}, "date"),
        (relief, "post", "/api/relief/surveys",
         {"project": world["project"].pk, "name": "又一问卷", "questions": ["总体评价"], "date": when}, "date"),
        (relief, "post", f"/api/relief/people/{world['person'].pk}/move", {"status": "脱困", "date": when}, "date"),
        (relief, "put", f"/api/relief/bindings/{world['indicator'].pk}",
         {"metric": "persons_paid", "deadline": when, "round": ""}, "deadline"),
        (relief, "post", "/api/relief/rounds", {"project": world["project"].pk, "name": "某轮", "kind": "救助",
                                                "start": when, "end": when, "degrees": []}, "start"),
    ]
    wrong = []
    for session, method, path, body, field in cases:
        before = snapshot()
        response = session.request(method, base + path, json=body, timeout=60)
        try:
            text = refused(response, 400, 422)
            assert field in text or "日期" in text, (path, text)
            assert snapshot() == before, path
        except AssertionError as exc:
            wrong.append(f"{path}: {exc}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("pk", ["-1", "0", HUGE])
def test_api_ids_out_of_range_are_404_or_422_in_chinese(live_server, api, world, pk):
    s = api("admin")
    for path in [f"/api/relief/people/{pk}", f"/api/plans/{pk}", f"/api/relief/rounds/{pk}",
                 f"/api/indicators/{pk}", f"/api/plans/{world['plan'].pk}/values/{pk}/evidence"]:
        refused(s.get(live_server.url + path, timeout=60), 404, 422)


def test_api_public_plan_of_an_absurd_year_is_404(live_server, world):
    for year in ["0", "-5", HUGE]:
        refused(requests.get(f"{live_server.url}/api/public/plans/711001/{year}", timeout=60), 404, 422)


def test_api_project_code_of_another_project_is_409(live_server, api, users, world):
    draft = goal_services.plan_copy_next_year(plan=world["plan"], user=users["editor"])
    first, second = draft.projects.order_by("id")[:2]
    before = snapshot()
    payload = {"version": first.version, "code": second.code, "name": first.name, "total": str(first.total),
               "fiscal": str(first.fiscal), "other": str(first.other)}
    text = refused(api("editor").put(f"{live_server.url}/api/projects/{first.pk}", json=payload, timeout=60),
                   400, 409)
    assert second.code in text
    assert snapshot() == before


# ---------------------------------------------------------------- the pages

@pytest.mark.parametrize("pk", [HUGE, "99999999999999999999"])
def test_pages_with_a_huge_id_are_404(live_server, web, world, pk):
    s = web("admin")
    for path in [f"/relief/people/{pk}/", f"/relief/rounds/{pk}/", f"/goals/{pk}/", f"/goals/projects/{pk}/",
                 f"/evaluation/{pk}/monitoring/", f"/relief/actuals/{pk}/", f"/evaluation/evidence/{pk}/",
                 f"/public/711001/{pk}/"]:
        refused(s.get(live_server.url + path, timeout=60), 404)


@pytest.mark.parametrize("page", ["0", "-3", "abc", HUGE, "1e5"])
def test_page_numbers_out_of_range_are_clamped(live_server, web, world, page):
    s = web("admin")
    for path in ["/relief/register/", "/goals/", "/goals/projects/", f"/evaluation/{world['plan'].pk}/spending/records/",
                 "/accounts/users/"]:
        response = s.get(live_server.url + path, params={"page": page}, timeout=60)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1800-01-01"])
def test_monitoring_page_at_an_absurd_date_is_400_naming_the_field(live_server, web, world, as_of):
    s = web("editor")
    base = f"{live_server.url}/evaluation/{world['plan'].pk}"
    for path in ["/monitoring/", "/tables/monitoring.xlsx"]:
        text = refused(s.get(base + path, params={"as_of": as_of}, timeout=60), 400)
        assert "截止日期" in text or "as_of" in text


@pytest.mark.parametrize("share", NOT_FINITE)
def test_value_form_refuses_a_share_not_finite_or_beyond_its_column(live_server, web, world, share):
    s = web("editor")
    plan, indicator = world["plan"], world["qualitative"]
    s.get(f"{live_server.url}/evaluation/{plan.pk}/self-evaluation/", timeout=60)
    before = snapshot()
    text = refused(post(s, f"{live_server.url}/evaluation/{plan.pk}/values/{indicator.pk}/",
                        {"actual": "部分达成", "share": share, "version": version(indicator)}), 400)
    assert "得分比例" in text
    assert snapshot() == before


def _store_share(indicator_id: int, text: str):
    """A value stored before the checks existed (SQLite keeps whatever it is given)."""
    IndicatorValue.objects.get_or_create(indicator_id=indicator_id)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE evaluation_indicatorvalue SET share = %s, actual = %s WHERE indicator_id = %s",
                       [text, "达成", indicator_id])


@pytest.mark.parametrize("stored", ["NaN", "1e10", "Infinity"])
def test_a_share_stored_before_the_checks_is_emptied_and_the_pages_answer(live_server, web, api, world, stored):
    """SQLite kept a typed NaN, Infinity or 1e10 in the share's column (PostgreSQL a NaN); migration 0007
    empties it, and the pages, the table and the API read the value again and it can be typed anew."""
    if connection.vendor == "postgresql" and stored != "NaN":  # numeric(5,2) refuses these itself
        with pytest.raises(DataError), transaction.atomic():
            _store_share(world["qualitative"].pk, stored)
        return
    _store_share(world["qualitative"].pk, stored)
    migration = importlib.import_module("jixiao.web.evaluation.migrations.0008_share_not_finite")
    with connection.schema_editor() as editor:
        migration.empty_shares_not_finite(None, editor)
    assert IndicatorValue.objects.get(indicator=world["qualitative"]).actual == "达成"
    plan = world["plan"]
    s = web("editor")
    for path in [f"/evaluation/{plan.pk}/self-evaluation/", f"/evaluation/{plan.pk}/tables/self-evaluation.xlsx",
                 f"/evaluation/{plan.pk}/monitoring/"]:
        response = s.get(live_server.url + path, timeout=60)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
    response = api("editor").get(f"{live_server.url}/api/plans/{plan.pk}/self-evaluation", timeout=60)
    assert response.status_code == 200, response.text[:300]
    # and it can be corrected from the page
    response = post(s, f"{live_server.url}/evaluation/{plan.pk}/values/{world['qualitative'].pk}/",
                    {"actual": "达成", "share": "", "version": version(world["qualitative"])})
    assert response.status_code == 302, response.text[:300]
    assert IndicatorValue.objects.get(indicator=world["qualitative"]).share is None


def test_relief_forms_refuse_ids_that_are_not_numbers(live_server, web, world):
    s = web("relief")
    base = live_server.url
    s.get(f"{base}/relief/rounds/", timeout=60)
    before = snapshot()
    cases = [
        ("/relief/rounds/new/", {"project": "abc", "name": "某轮", "kind": "救助", "start": "2021-03-01",
                                 "end": "2021-03-10"}),
        ("/relief/rounds/new/", {"project": HUGE, "name": "某轮", "kind": "救助", "start": "2021-03-01",
                                 "end": "2021-03-10"}),
        ("/relief/rounds/new/", {"project": "-1", "name": "某轮", "kind": "救助", "start": "2021-03-01",
                                 "end": "2021-03-10"}),
        ("/relief/register/new/", {"unit": "abc", "name": "张三", "id_number": made_up_id(77)}),
        ("/relief/register/new/", {"unit": HUGE, "name": "张三", "id_number": made_up_id(77)}),
        ("/relief/standards/", {"unit": "abc", "year": "2021", "kind": "救助", "amount": "500"}),
        ("/relief/standards/", {"unit": HUGE, "year": "2021", "kind": "救助", "amount": "500"}),
        (f"/relief/workers/{world['worker'].pk}/check/", {"year": "2021", "date": "2021-05-01", "project": "abc"}),
        ("/relief/surveys/", {"project": "abc", "date": "2021-03-05", "name": "问卷", "questions": "总体评价"}),
        ("/relief/surveys/", {"project": world["project"].pk, "date": "2021-03-05", "name": "问卷",
                              "questions": "总体评价", "round": "abc"}),
        ("/relief/surveys/", {"project": world["project"].pk, "date": "2021-03-05", "name": "问卷",
                              "questions": "总体评价", "round": HUGE}),
        (f"/relief/people/{world['person'].pk}/edit/", {"version": "abc", "phone": "13900000000"}),
        (f"/relief/people/{world['person'].pk}/edit/", {"version": HUGE, "phone": "13900000000"}),
        ("/relief/register/import/", {"unit": "abc"}),
        ("/relief/workers/import/", {"unit": HUGE}),
    ]
    for path, data in cases:
        refused(post(s, base + path, data, files={"file": ("a.csv", b"x")} if "import" in path else None),
                400, 404, 409)
        assert snapshot() == before, path


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31", "1899-01-01"])
def test_dates_in_forms_out_of_years_are_400_naming_the_field(live_server, web, world, when):
    s, editor, base = web("relief"), web("editor"), live_server.url
    s.get(f"{base}/relief/rounds/", timeout=60)
    editor.get(f"{base}/evaluation/{world['plan'].pk}/monitoring/", timeout=60)
    before = snapshot()
    cases = [
        (s, "/relief/surveys/", {"project": world["project"].pk, "date": when, "name": "问卷", "questions": "总体评价"},
         "调查日期"),
        (s, f"/relief/people/{world['person'].pk}/move/", {"status": "脱困", "date": when}, "日期"),
        (s, f"/relief/workers/{world['worker'].pk}/check/", {"year": "2021", "date": when}, "日期"),
        (s, f"/relief/actuals/{world['indicator'].pk}/bind/", {"metric": "checks_on_time_rate", "deadline": when},
         "截止日期"),
        (s, "/relief/rounds/new/", {"project": world["project"].pk, "name": "某轮", "kind": "救助", "start": when,
                                    "end": when}, "日期"),
        (editor, f"/evaluation/{world['plan'].pk}/spending/", {"project": world["project"].pk, "date": when,
                                                               "amount": "1,234.50"}, "日期"),
        (editor, f"/evaluation/{world['plan'].pk}/monitoring/reports/", {"as_of": when}, "日期"),
    ]
    wrong = []
    for session, path, data, word in cases:
        before = snapshot()
        try:
            text = refused(post(session, base + path, data), 400)
            assert word in text, (path, text[:1000])
            assert snapshot() == before, path
        except AssertionError as exc:
            wrong.append(f"{path}: {str(exc)[:300]}")
    assert not wrong, "\n".join(wrong)


def test_a_binding_with_a_round_and_no_deadline_works_or_is_refused(live_server, web, api, world):
    s = web("relief")
    indicator = world["indicator"]
    s.get(f"{live_server.url}/relief/actuals/{indicator.pk}/", timeout=60)
    for metric in ["rounds_on_time", "survey_satisfaction", "checks_on_time_rate", "persons_paid",
                   "compliance_rate"]:
        response = post(s, f"{live_server.url}/relief/actuals/{indicator.pk}/bind/",
                        {"metric": metric, "round": world["round"].name, "deadline": ""})
        assert response.status_code in (302, 400), (metric, response.status_code, response.text[:500])
        for path in [f"/relief/actuals/{indicator.pk}/", f"/evaluation/{world['plan'].pk}/self-evaluation/",
                     f"/evaluation/{world['plan'].pk}/monitoring/"]:
            page = s.get(live_server.url + path, timeout=60)
            assert page.status_code == 200, (metric, path, page.status_code, page.text[:300])
        response = api("relief").put(f"{live_server.url}/api/relief/bindings/{indicator.pk}",
                                     json={"metric": metric, "round": "没有这一轮"}, timeout=60)
        assert response.status_code in (200, 400), (metric, response.text[:300])


def test_project_form_with_the_code_of_another_project_is_refused(live_server, web, users, world):
    s = web("editor")
    draft = goal_services.plan_copy_next_year(plan=world["plan"], user=users["editor"])
    first, second = draft.projects.order_by("id")[:2]
    s.get(f"{live_server.url}/goals/projects/{first.pk}/", timeout=60)
    before = snapshot()
    text = refused(post(s, f"{live_server.url}/goals/projects/{first.pk}/save/", {
        "version": first.version, "code": second.code, "name": first.name, "total": "20", "fiscal": "20",
        "other": "0"}), 400, 409)
    assert second.code in text
    assert snapshot() == before


# ---------------------------------------------------------------- next

@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "http:evil.example", "/\\evil.example",
                                    "javascript:alert(1)"])
def test_next_after_a_save_stays_on_the_site(live_server, web, world, target):
    s = web("editor")
    plan, indicator = world["plan"], world["qualitative"]
    s.get(f"{live_server.url}/evaluation/{plan.pk}/self-evaluation/", timeout=60)
    response = post(s, f"{live_server.url}/evaluation/{plan.pk}/values/{indicator.pk}/",
                    {"actual": "达成", "next": target, "version": version(indicator)})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location, location


def test_next_to_a_path_of_the_site_is_followed(live_server, web, world):
    s = web("editor")
    plan, indicator = world["plan"], world["qualitative"]
    s.get(f"{live_server.url}/evaluation/{plan.pk}/self-evaluation/", timeout=60)
    response = post(s, f"{live_server.url}/evaluation/{plan.pk}/values/{indicator.pk}/",
                    {"actual": "达成", "version": version(indicator),
                     "next": f"/evaluation/{plan.pk}/monitoring/?as_of=2021-07-31"})
    assert response.headers["Location"] == f"/evaluation/{plan.pk}/monitoring/?as_of=2021-07-31"


def test_login_next_off_the_site_lands_on_the_site(live_server, users):
    s = requests.Session()
    s.get(f"{live_server.url}/login/", timeout=60)
    from .conftest import PASSWORD
    response = post(s, f"{live_server.url}/login/?next=https://evil.example/",
                    {"username": "editor", "password": PASSWORD, "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]
    s.close()


# ---------------------------------------------------------------- the 500 page says what was saved

def _boom_after_a_commit(request):
    Unit.objects.create(code="boom-1", name="提交后出错")  # outside a transaction: committed at once
    raise RuntimeError("after a commit")


def _boom_after_an_atomic_block(request):
    with transaction.atomic():
        Unit.objects.create(code="boom-2", name="事务提交后出错")
    raise RuntimeError("after a committed transaction")


def _boom_inside_a_transaction(request):
    with transaction.atomic():
        Unit.objects.create(code="boom-3", name="事务中出错")
        raise RuntimeError("inside a transaction: rolled back")


def _boom_reading(request):
    list(Unit.objects.all())
    raise RuntimeError("nothing written")


# A test-only URL conf (this module): the site, and views that fail after or before a commit.
urlpatterns = [
    url("boom/committed/", _boom_after_a_commit),
    url("boom/atomic-committed/", _boom_after_an_atomic_block),
    url("boom/rolled-back/", _boom_inside_a_transaction),
    url("boom/read/", _boom_reading),
    url("", include("jixiao.web.urls")),
]
handler500 = web_errors.server_error


@pytest.mark.parametrize(("path", "saved", "unit"), [
    ("/boom/committed/", True, "boom-1"), ("/boom/atomic-committed/", True, "boom-2"),
    ("/boom/rolled-back/", False, "boom-3"), ("/boom/read/", False, None)])
def test_the_500_page_says_whether_anything_was_saved(live_server, users, settings, path, saved, unit):
    settings.ROOT_URLCONF = __name__
    response = requests.get(live_server.url + path, timeout=60)
    assert response.status_code == 500
    assert (web_errors.SAVED_MAYBE in response.text) is saved and (web_errors.SAVED_NOTHING in response.text) is not saved
    assert "数据未被修改" not in response.text or not saved
    if unit:
        assert Unit.objects.filter(code=unit).exists() is saved


@pytest.mark.parametrize("saved", [True, False])
def test_the_api_500_says_whether_anything_was_saved(live_server, api, world, monkeypatch, saved):
    def failing_standard_set(**kwargs):
        if saved:
            Unit.objects.create(code="boom-api", name="接口提交后出错")
        raise RuntimeError("a bug")

    monkeypatch.setattr(relief_services, "standard_set", failing_standard_set)
    response = api("relief").put(f"{live_server.url}/api/relief/standards", json={
        "unit": "711001", "year": 2021, "kind": "救助", "amount": "500"}, timeout=60)
    assert response.status_code == 500, response.text[:300]
    body = response.json()
    assert body["code"] == "server_error"
    assert body["message"] == (web_errors.SAVED_MAYBE if saved else web_errors.SAVED_NOTHING)
    assert Unit.objects.filter(code="boom-api").exists() is saved


def test_a_document_with_one_code_twice_is_refused_on_upload_not_a_500(live_server, api, web, users):
    """Two projects of one 项目编码 in an uploaded document: refused in Chinese naming the code (API and
    page), no plan made."""
    text = SEED.read_text(encoding="utf-8").replace("13032221QUQ99RB4O5098", "13032221GVUVTX63BWWCQ")
    before = Plan.objects.count()
    body = refused(api("editor").post(f"{live_server.url}/api/plans/", files={"file": ("双编码.txt", text.encode())},
                                      timeout=60), 400, 409)
    assert "13032221GVUVTX63BWWCQ" in body
    s = web("editor")
    s.get(f"{live_server.url}/goals/upload/", timeout=60)
    response = post(s, f"{live_server.url}/goals/upload/", {}, files={"file": ("双编码.txt", text.encode())})
    if response.status_code == 200:  # the preview: it names the code and asks for a corrected file
        assert "的项目编码都是“13032221GVUVTX63BWWCQ”，同一文件中项目编码不能重复" in response.text, response.text[:2000]
    else:
        refused(response, 400, 409)
    assert Plan.objects.count() == before


ODD = ["²", "١٢", "0x10", HUGE, "-1", "1.5", "%00", "\x00", "a" * 3000, "' OR 1=1 --", "NaN"]


def test_query_parameters_of_every_list_page_never_crash(live_server, web, world):
    """Filters and pages typed into the address: odd digits (², Arabic-Indic), huge, negative, NUL, long text."""
    s, plan = web("admin"), world["plan"]
    pages = {"/goals/": ("year", "state", "q", "page"), "/goals/projects/": ("year", "q", "page"),
             "/relief/register/": ("q", "page"), "/relief/rounds/": ("page", "project", "year"),
             "/relief/workers/": ("page", "year"), "/relief/standards/": ("year", "unit"), "/relief/surveys/": ("page",),
             "/accounts/users/": ("q", "active", "page"), "/accounts/units/": ("q", "page"), "/": ("year", "unit"),
             f"/evaluation/{plan.pk}/monitoring/": ("as_of",), f"/evaluation/{plan.pk}/self-evaluation/": ("as_of",),
             f"/evaluation/{plan.pk}/spending/records/": ("page",), f"/goals/{plan.pk}/": ("tab",),
             f"/relief/actuals/{world['indicator'].pk}/": ("as_of",)}
    wrong = []
    for path, names in pages.items():
        for name in names:
            for value in ODD:
                response = s.get(live_server.url + path, params={name: value}, timeout=60)
                if response.status_code not in (200, 400, 404) or not chinese(response.text):
                    wrong.append(f"{path}?{name}={value[:20]!r}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


NUMBERS_ODD = ["NaN", "Infinity", "-Infinity", "1e10", "1e400", "9" * 41, "²", "١٢", "-0", "0.0000001", "12.345", "-5"]


def test_number_fields_of_every_form_never_crash(live_server, web, users, world):
    """Each number a form takes, given NaN, Infinity, 1e400, 41 digits, ², Arabic-Indic digits, too many places:
    saved as a sane value or refused (400/409) in Chinese; never a 500."""
    draft = goal_services.plan_copy_next_year(plan=world["plan"], user=users["editor"])
    project = draft.projects.order_by("id").first()
    indicator = project.indicators.order_by("id").first()
    editor, relief, base, plan = web("editor"), web("relief"), live_server.url, world["plan"]
    editor.get(f"{base}/goals/", timeout=60)
    relief.get(f"{base}/relief/rounds/", timeout=60)

    def project_form(field, value):
        project.refresh_from_db()
        data = {"version": project.version, "code": project.code, "name": project.name, "total": "20", "fiscal": "20",
                "other": "0"}
        return editor, f"/goals/projects/{project.pk}/save/", data | {field: value}

    def indicator_form(field, value):
        project.refresh_from_db()
        indicator.refresh_from_db()
        data = {"version": project.version, "level1": indicator.level1, "level2": indicator.level2,
                "name": indicator.name, "target_raw": indicator.target_raw}
        return editor, f"/goals/indicators/{indicator.pk}/edit/", data | {field: value}

    forms = [(project_form, f) for f in ("total", "fiscal", "other", "plan_3", "plan_12", "version")]
    forms += [(indicator_form, "target_raw"), (indicator_form, "version")]
    forms += [(lambda f, v: (editor, f"/evaluation/{plan.pk}/spending/", {
        "project": world["project"].pk, "date": "2021-05-01", "amount": "1,234.50"} | {f: v}), f)
        for f in ("amount", "project")]
    forms += [(lambda f, v: (editor, f"/evaluation/{plan.pk}/values/{world['indicator'].pk}/", {
        "actual": "46人", "version": version(world["indicator"])} | {f: v}), f) for f in ("actual", "version")]
    forms += [(lambda f, v: (relief, "/relief/standards/", {"unit": plan.unit_id, "year": "2021", "kind": "救助",
                                                           "amount": "500"} | {f: v}), f) for f in ("amount", "year")]
    forms += [(lambda f, v: (relief, f"/relief/workers/{world['worker'].pk}/check/", {
        "year": "2021", "date": "2021-05-01", "cost": "300"} | {f: v}), f) for f in ("cost", "year")]
    forms += [(lambda f, v: (relief, "/relief/register/new/", {
        "unit": plan.unit_id, "name": "张三", "id_number": made_up_id(88), "household_size": "3",
        "household_income": "20000", "cause": "因病", "degree": "相对困难"} | {f: v}), f)
        for f in ("household_size", "household_income")]
    wrong = []
    for make, field in forms:
        for value in NUMBERS_ODD:
            session, path, data = make(field, value)
            response = post(session, base + path, data)
            if response.status_code not in (200, 302, 400, 404, 409) or not (response.status_code == 302
                                                                         or chinese(response.text)):
                wrong.append(f"{path} {field}={value[:12]!r}: {response.status_code}")
    for path in [f"/goals/projects/{project.pk}/", f"/evaluation/{plan.pk}/self-evaluation/",
                 f"/evaluation/{plan.pk}/monitoring/", f"/evaluation/{plan.pk}/spending/records/", "/relief/register/",
                 "/relief/standards/", "/relief/workers/", f"/goals/{draft.pk}/"]:
        response = editor.get(base + path, timeout=60) if "relief" not in path else relief.get(base + path, timeout=60)
        if response.status_code != 200:
            wrong.append(f"afterwards {path}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_a_nul_character_is_refused_in_chinese_before_any_query(live_server, web, api, world):
    """PostgreSQL can neither store nor compare text holding NUL: refused at the edge (400), nothing changed."""
    s, base = web("relief"), live_server.url
    s.get(f"{base}/relief/surveys/", timeout=60)
    before = snapshot()
    assert web_errors.NUL_MESSAGE in refused(s.get(f"{base}/relief/register/", params={"q": "张\x00"}, timeout=60))
    refused(post(s, f"{base}/relief/surveys/", {"project": world["project"].pk, "date": "2021-03-05",
                                                "name": "问\x00卷", "questions": "总体评价"}))
    text = refused(api("relief").post(f"{base}/api/relief/people", json={
        "unit": "711001", "name": "张\x00三", "id_number": made_up_id(91)}, timeout=60))
    assert web_errors.NUL_MESSAGE in text
    assert snapshot() == before


def test_odd_words_in_addresses_are_404_or_400(live_server, web, world):
    """Words in a page's address (an action, a table, a format, a direction, a kind) that name nothing."""
    s, base, plan = web("admin"), live_server.url, world["plan"]
    s.get(f"{base}/goals/", timeout=60)
    wrong = []
    for method, path in [("post", f"/goals/{plan.pk}/explode/"), ("get", f"/goals/{plan.pk}/download.exe"),
                         ("get", f"/evaluation/{plan.pk}/tables/secret.xlsx"),
                         ("get", f"/evaluation/{plan.pk}/tables/monitoring.exe"),
                         ("post", f"/evaluation/{plan.pk}/import/everything/"),
                         ("post", f"/goals/indicators/{world['indicator'].pk}/move/sideways/"),
                         ("get", f"/evaluation/{plan.pk}/monitoring/reports/{HUGE}/table.xlsx"),
                         ("get", "/public/%00/2021/"), ("get", "/public/711001/2021/"), ("get", "/public/x" * 50)]:
        response = post(s, base + path, {}) if method == "post" else s.get(base + path, timeout=60)
        if response.status_code not in (400, 404, 405, 409) or not chinese(response.text):
            wrong.append(f"{method} {path}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
