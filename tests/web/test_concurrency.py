"""Concurrent users (issue 13 §4): two approvals of one project's rounds at the same moment never pass
its budget; two saves of one indicator's 完成值 from stale forms keep one and refuse the other (409,
in Chinese) with one history entry; many writers at once on the live server get no 500 (on SQLite
the database is a file in WAL mode, writers wait for the lock). These run on SQLite and, in
scripts/test.sh's second run, on PostgreSQL, where the project's row lock is what holds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from datetime import date
from decimal import Decimal as D

import pytest
import requests
from django.db import connection

from jixiao.relief.errors import ROUND_OVER_BUDGET, RoundError
from jixiao.relief.synthetic import made_up_id
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import IndicatorValue, SpendingRecord
from jixiao.web.goals.models import Indicator
from jixiao.web.history.models import Entry
from jixiao.web.relief import services
from jixiao.web.relief.models import Round, RoundEntry, Standard

from .conftest import approve
from .test_api_live import browser_login, chinese

P1 = "13032221GVUVTX63BWWCQ"  # 困难职工帮扶: a budget of 200,000.00元
HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]


def at_once(*calls):
    """Run each call in its own thread (its own database connection), all released together by a
    barrier; return what each returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(k, call):
        try:
            barrier.wait()
            results[k] = call()
        except Exception as exc:  # noqa: BLE001 (kept to be asserted on)
            results[k] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(k, c)) for k, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.fixture
def two_rounds(users, plan):
    """The approved seed plan, ten workers in hardship, a standard of 12,000.00元 and two draft rounds of
    the 200,000.00元 project: each round 120,000.00元, 60 % of what remains."""
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D("12000.00"))
    rows = [HEADER] + [[f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
                       for k in range(10)]
    assert services.register_import(unit=plan.unit, rows=rows, user=users["relief"]) == (10, [])
    project = plan.projects.get(code=P1)
    assert project.total == D("200000.00")
    made = [services.round_create(project=project, name=name, kind="救助", start=start, end=end, degrees=[],
                                  user=users["relief"])
            for name, start, end in [("2021年春节送温暖", date(2021, 1, 15), date(2021, 2, 10)),
                                     ("2021年国庆救助", date(2021, 9, 20), date(2021, 10, 10))]]
    return project, made


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(5))
def test_two_rounds_approved_at_the_same_moment_never_pass_the_budget(users, two_rounds, attempt):
    project, (spring, autumn) = two_rounds
    results = at_once(lambda: services.round_approve(round_=spring, user=users["approver"]),
                      lambda: services.round_approve(round_=autumn, user=users["approver"]))
    approved = [r for r in results if r == 10]
    refused = [r for r in results if isinstance(r, RoundError)]
    assert len(approved) == 1 and len(refused) == 1, results
    assert refused[0].code == ROUND_OVER_BUDGET and "超过项目剩余预算8.00万元" in refused[0].message
    assert Round.objects.filter(project=project, state=Round.APPROVED).count() == 1
    assert sum(RoundEntry.objects.filter(round__project=project).values_list("amount", flat=True)) == D("120000.00")


@pytest.mark.django_db(transaction=True)
def test_one_after_the_other_the_second_round_is_refused(users, two_rounds):
    project, (spring, autumn) = two_rounds
    assert services.round_approve(round_=spring, user=users["approver"]) == 10
    with pytest.raises(RoundError, match="本轮合计12.00万元，超过项目剩余预算8.00万元"):
        services.round_approve(round_=autumn, user=users["approver"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_spending_imports_at_once_never_pass_the_budget_unconfirmed(users, plan, attempt):
    """Each file spends 60 % of the project's budget: one is imported, the other is asked to confirm
    going over the budget (409) and writes nothing."""
    from jixiao.evaluation.errors import EvaluationError
    from jixiao.web.evaluation import services as evaluation

    approve(plan, users)
    project = plan.projects.get(code=P1)
    files = [f"项目编码,日期,金额,摘要\n{P1},2021-0{m}-15,\"120,000.00\",{what}\n".encode()
             for m, what in ((3, "春节送温暖"), (9, "国庆救助"))]
    results = at_once(*[(lambda data=data: evaluation.records_import(plan=plan, kind="spending", data=data,
                                                                     name="支出.csv", user=users["editor"]))
                        for data in files])
    refused = [r for r in results if isinstance(r, EvaluationError)]
    assert len(refused) == 1 and refused[0].code == "over_budget" and "超出预算" in refused[0].message, results
    assert sum(project.spending.values_list("amount", flat=True)) == D("120000.00")


# ---------------------------------------------------------------- stale forms on the live server

def value_form(session: requests.Session, base: str, plan_id: int, indicator_id: int) -> dict:
    """The fields of the indicator's 完成值 form as the self-evaluation page shows them now."""
    page = session.get(f"{base}/evaluation/{plan_id}/self-evaluation/", timeout=60)
    assert page.status_code == 200
    form = re.search(rf'<form[^>]*action="/evaluation/{plan_id}/values/{indicator_id}/"[^>]*>(.*?)</form>',
                     page.text, re.S)
    assert form, "no 完成值 form for the indicator"
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form[1]))
    assert "version" in fields, "the form carries no version"
    return fields


@pytest.fixture
def recording(live_server, users, plan, sessions):
    """The approved seed plan and two users who may record its values (单位填报 and 管理员), each logged in
    through the login page in their own browser session."""
    approve(plan, users)
    indicator = Indicator.objects.get(project__plan=plan, project__code=P1, name="困难帮扶人数")
    logged = [browser_login(live_server.url, name) for name in ("editor", "admin")]
    sessions.extend(logged)
    return plan, indicator, logged


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_value_from_stale_forms_keep_one_and_refuse_the_other(live_server, recording):
    plan, indicator, (editor, admin) = recording
    IndicatorValue.objects.create(indicator=indicator, measure="年底前补录")  # the page's form has no 纠偏措施
    base, url = live_server.url, f"{live_server.url}/evaluation/{plan.pk}/values/{indicator.pk}/"
    forms = [value_form(s, base, plan.pk, indicator.pk) for s in (editor, admin)]  # both read the same version
    typed = [("398人", "人员保障：2人迁出本县"), ("401人", "经费保障：追加1人")]
    results = at_once(*[
        (lambda s=s, f=f, t=t: s.post(url, timeout=60, allow_redirects=False, headers={"Referer": url}, data={
            **f, "actual": t[0], "reason": t[1], "csrfmiddlewaretoken": s.cookies["csrftoken"]}))
        for s, f, t in zip((editor, admin), forms, typed, strict=True)])
    statuses = sorted(r.status_code for r in results)
    assert statuses == [302, 409], [(r.status_code, r.text[:300]) for r in results]
    refused = next(r for r in results if r.status_code == 409)
    assert "已被他人修改" in refused.text and "刷新" in refused.text and chinese(refused.text)
    saved = typed[[r.status_code for r in results].index(302)]
    value = IndicatorValue.objects.get(indicator=indicator)
    assert (value.actual, value.reason) == saved  # the one kept, whole: nothing of the other
    assert value.measure == "年底前补录"  # what the form does not show is left as it was
    assert Entry.objects.filter(action__endswith="value.saved", object_id=indicator.pk).count() == 1
    fresh = value_form(editor, base, plan.pk, indicator.pk)  # after a reload the next save goes through
    again = editor.post(url, timeout=60, allow_redirects=False, headers={"Referer": url}, data={
        **fresh, "actual": "400人", "reason": saved[1], "csrfmiddlewaretoken": editor.cookies["csrftoken"]})
    assert again.status_code == 302 and IndicatorValue.objects.get(indicator=indicator).actual == "400人"


@pytest.mark.django_db(transaction=True)
def test_a_stale_reason_form_on_the_monitoring_page_is_refused(live_server, recording):
    plan, indicator, (editor, admin) = recording
    base = live_server.url
    url = f"{base}/evaluation/{plan.pk}/reasons/indicator/{indicator.pk}/"
    page = editor.get(f"{base}/evaluation/{plan.pk}/monitoring/", timeout=60).text
    form = re.search(rf'action="/evaluation/{plan.pk}/reasons/indicator/{indicator.pk}/"[^>]*>(.*?)</form>', page, re.S)
    version = re.search(r'name="version" value="(\d+)"', form[1])[1]
    first = admin.post(url, timeout=60, allow_redirects=False, headers={"Referer": url}, data={
        "version": version, "kind": "人员", "reason": "2人迁出本县", "measure": "补录",
        "csrfmiddlewaretoken": admin.cookies["csrftoken"]})
    assert first.status_code == 302
    stale = editor.post(url, timeout=60, allow_redirects=False, headers={"Referer": url}, data={
        "version": version, "kind": "经费", "reason": "资金未到位", "measure": "",
        "csrfmiddlewaretoken": editor.cookies["csrftoken"]})
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    assert IndicatorValue.objects.get(indicator=indicator).reason == "人员保障：2人迁出本县"


@pytest.mark.django_db(transaction=True)
def test_a_stale_spending_correction_is_refused_on_the_page_and_in_the_api(live_server, users, recording):
    plan, indicator, (editor, admin) = recording
    record = SpendingRecord.objects.create(project=indicator.project, date=date(2021, 1, 28), amount=D("98000.00"),
                                           note="春节送温暖", created_by=users["editor"])
    url = f"{live_server.url}/evaluation/{plan.pk}/spending/{record.pk}/"
    shown = [re.search(r'name="version" value="(\d+)"', s.get(url, timeout=60).text)[1] for s in (editor, admin)]
    assert shown == ["0", "0"]

    def correct(session, amount, why):
        return session.post(url, timeout=60, allow_redirects=False, headers={"Referer": url}, data={
            "date": "2021-01-28", "amount": amount, "note": "春节送温暖", "reason": why, "version": "0",
            "csrfmiddlewaretoken": session.cookies["csrftoken"]})

    assert correct(admin, "89,000.00", "银行回单为8.9万元").status_code == 302
    stale = correct(editor, "97,500.50", "按凭证更正")
    assert stale.status_code == 409 and "支出记录已被他人修改" in stale.text
    record.refresh_from_db()
    assert (record.amount, record.version) == (D("89000.00"), 1)
    assert Entry.objects.filter(action__endswith="spending.corrected").count() == 1
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {Token.issue(users['editor'])}"
    path = f"{live_server.url}/api/plans/{plan.pk}/spending/{record.pk}"
    refused = api.patch(path, json={"note": "春节", "reason": "摘要", "version": 0}, timeout=60)
    assert refused.status_code == 409 and refused.json()["code"] == "stale" and chinese(refused.json()["message"])
    done = api.patch(path, json={"note": "春节", "reason": "摘要", "version": 1}, timeout=60)
    assert done.status_code == 200 and done.json()["version"] == 2
    api.close()


@pytest.mark.django_db(transaction=True)
def test_a_stale_unit_page_is_refused(live_server, users, sessions):
    """Two pages of one unit open (the 管理员 in two windows): the second save is refused, the first kept."""
    from jixiao.web.accounts import errors as account_errors
    from jixiao.web.goals.models import Unit

    unit = Unit.objects.get(code="711001")
    url = f"{live_server.url}/accounts/units/{unit.pk}/"
    windows = [browser_login(live_server.url, "admin") for _ in range(2)]
    sessions.extend(windows)
    shown = [dict(re.findall(r'<input type="hidden" name="(seen_\w+)" value="([^"]*)"', w.get(url, timeout=60).text))
             for w in windows]
    assert shown[0] == shown[1] == {"seen_code": "711001", "seen_name": "昌黎县总工会本级"}  # no bureau yet: no value

    def save(window, fields, seen):
        return window.post(url, timeout=60, allow_redirects=False, headers={"Referer": url}, data={
            **fields, **seen, "csrfmiddlewaretoken": window.cookies["csrftoken"]})

    assert save(windows[0], {"code": "711001", "name": "昌黎县总工会", "finance_bureau": "昌黎县财政局"},
                shown[0]).status_code == 302
    stale = save(windows[1], {"code": "711001", "name": "昌黎县总工会本级", "finance_bureau": ""}, shown[1])
    message = account_errors.UNIT_STALE.format(code="711001", name="昌黎县总工会")
    assert stale.status_code == 409 and message in stale.text
    unit.refresh_from_db()
    assert (unit.name, unit.finance_bureau) == ("昌黎县总工会", "昌黎县财政局")


def _form(page: str, marker: str) -> dict:
    """The fields of the form on `page` whose opening tag holds `marker`, as a browser would send them."""
    found = re.search(rf'<form[^>]*{marker}[^>]*>(.*?)</form>', page, re.S)
    assert found, f"no form with {marker}"
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', found[1]))
    assert "seen" in fields, "the form carries no fingerprint of what it shows"
    return fields


def _post(window: requests.Session, url: str, fields: dict) -> requests.Response:
    return window.post(url, timeout=60, allow_redirects=False, headers={"Referer": url},
                       data={**fields, "csrfmiddlewaretoken": window.cookies["csrftoken"]})


@pytest.mark.django_db(transaction=True)
def test_a_stale_standard_form_is_refused_and_a_new_one_never_overwrites(live_server, users, sessions):
    """救助标准: the 帮扶干事 and the 管理员 both open the page showing 500元; the 管理员 saves 600, the stale
    form's 550 is refused (409) and 600 stays; the "new standard" form for the same key is refused too."""
    from jixiao.web.goals.models import Unit

    unit = Unit.objects.get(code="711001")
    standard = Standard.objects.create(unit=unit, year=2021, kind="救助", amount=D("500.00"))
    windows = [browser_login(live_server.url, name) for name in ("relief", "admin")]
    sessions.extend(windows)
    url = f"{live_server.url}/relief/standards/"
    shown = [_form(w.get(url, timeout=60).text, f'data-standard="{standard.pk}"') for w in windows]
    assert shown[0]["seen"] == shown[1]["seen"] and shown[0]["amount"] == "500.00"
    assert _post(windows[1], url, {**shown[1], "amount": "600"}).status_code == 302
    stale = _post(windows[0], url, {**shown[0], "amount": "550"})
    assert stale.status_code == 409 and "已被他人修改（现为600元）" in stale.text and chinese(stale.text)
    new = _form(windows[0].get(url, timeout=60).text, 'method="post"><input type="hidden" name="csrfmiddlewaretoken"')
    again = _post(windows[0], url, {**new, "unit": unit.pk, "year": "2021", "kind": "救助", "degree": "",
                                    "cause": "", "amount": "450"})
    assert again.status_code == 409 and "2021年救助已有标准600元，" in again.text
    standard.refresh_from_db()
    assert standard.amount == D("600.00")
    assert Entry.objects.filter(action__endswith="standard.set").count() == 1
    fresh = _form(windows[0].get(url, timeout=60).text, f'data-standard="{standard.pk}"')
    assert _post(windows[0], url, {**fresh, "amount": "550"}).status_code == 302  # after a reload it goes through
    standard.refresh_from_db()
    assert standard.amount == D("550.00")


@pytest.mark.django_db(transaction=True)
def test_a_stale_check_form_is_refused_and_keeps_the_check_recorded_first(live_server, users, sessions):
    """劳模体检: two pages listing a worker with no check; one records 2021 已检, the other's stale
    form (未检) is refused (409) and the first check stays, with one history entry."""
    from jixiao.web.goals.models import Unit
    from jixiao.web.relief.models import HealthCheck, ModelWorker

    worker = ModelWorker.objects.create(unit=Unit.objects.get(code="711001"), id_number=made_up_id(7),
                                        name="王建国", level="省部级", year_honoured=2015)
    windows = [browser_login(live_server.url, name) for name in ("relief", "admin")]
    sessions.extend(windows)
    page, url = f"{live_server.url}/relief/workers/", f"{live_server.url}/relief/workers/{worker.pk}/check/"
    shown = [_form(w.get(page, timeout=60).text, f'action="/relief/workers/{worker.pk}/check/"') for w in windows]
    assert shown[0]["seen"] == shown[1]["seen"]
    done = {"year": "2021", "state": "已检", "date": "2021-05-10", "institution": "县医院", "cost": "500"}
    assert _post(windows[1], url, {**shown[1], **done}).status_code == 302
    stale = _post(windows[0], url, {**shown[0], "year": "2021", "state": "未检", "reason": "住院"})
    assert stale.status_code == 409 and "王建国的体检记录已被他人修改" in stale.text and chinese(stale.text)
    check = HealthCheck.objects.get(worker=worker, year=2021)
    assert (check.state, check.institution, check.reason) == ("已检", "县医院", "")
    assert Entry.objects.filter(action__endswith="check.recorded").count() == 1
    fresh = _form(windows[0].get(page, timeout=60).text, f'action="/relief/workers/{worker.pk}/check/"')
    assert fresh["seen"] != shown[0]["seen"]
    assert _post(windows[0], url, {**fresh, "year": "2021", "state": "未检", "reason": "住院"}).status_code == 302


# ---------------------------------------------------------------- many writers at once

@pytest.mark.django_db(transaction=True)
def test_twenty_writers_at_once_get_no_server_error(live_server, users, recording, sessions):
    """20 clients, each its own connection, at the same moment, three times over: spending added through
    the API, the project's 偏差原因 saved, its page read. Every answer is a success and nothing is lost."""
    plan, indicator, _ = recording
    project, base = indicator.project, f"{live_server.url}/api/plans/{plan.pk}"
    before = project.spending.count()
    clients = []
    for _ in range(20):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {Token.issue(users['editor'])}"
        clients.append(session)
    sessions.extend(clients)

    def work(session: requests.Session, k: int) -> list[int]:
        statuses = []
        for n in range(3):
            statuses.append(session.post(f"{base}/spending", timeout=120, json={
                "project": project.pk, "date": "2021-06-30", "amount": "1,234.50", "note": f"第{k}-{n}笔",
                "confirm_over_budget": True, "reason": "追加发放"}).status_code)
            statuses.append(session.put(f"{base}/reasons/projects/{project.pk}", timeout=120, json={
                "kind": "经费", "reason": f"第{k}位填报", "measure": "加快拨付"}).status_code)
            statuses.append(session.get(f"{base}/monitoring", timeout=120).status_code)
        return statuses

    results = at_once(*[(lambda s=s, k=k: work(s, k)) for k, s in enumerate(clients)])
    assert all(isinstance(r, list) for r in results), results
    assert {status for r in results for status in r} == {200}, results
    assert project.spending.count() == before + 60


def test_an_installation_on_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_immediate_transactions(tmp_path):
    """What every connection of a default installation (no DATABASE_URL) is set to, asked of SQLite itself."""
    script = """
import json
from jixiao.web import commands
commands.setup()
from django.db import connection
with connection.cursor() as c:
    pragmas = {p: c.execute(f"PRAGMA {p}").fetchone()[0] for p in ("journal_mode", "synchronous", "busy_timeout")}
print(json.dumps(pragmas | {"transaction_mode": connection.transaction_mode}))
"""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"JIXIAO_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20000,
                               "transaction_mode": "IMMEDIATE"}
