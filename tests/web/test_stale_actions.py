"""Acting on what a page showed (issue 13 §4, found by a careless-user walk): approving a round's list,
publishing or correcting the self-evaluation, moving a person's status and deleting a spending record
each carry what the page showed, and are refused (409, in Chinese, nothing changed) when another user
has changed it since; a double click on 列入整改台账 or 保存监控报告 makes one record, not two. On a live
server with each user's own session and CSRF token."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.relief.synthetic import made_up_id
from jixiao.web.evaluation import services as evaluation
from jixiao.web.evaluation.models import MonitoringReport, PublishedEvaluation, SpendingRecord
from jixiao.web.goals.models import Indicator
from jixiao.web.history.models import Entry
from jixiao.web.rectification.models import Rectification
from jixiao.web.relief import services as relief
from jixiao.web.relief.models import Beneficiary, Round, Standard

from .conftest import approve
from .test_api_live import browser_login, chinese
from .test_concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)
P1 = "13032221GVUVTX63BWWCQ"
HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]


def fields_of(page: str, action: str) -> dict:
    """The hidden and text inputs of the form posting to `action`, as a browser sends them."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    assert form, f"no form posting to {action}"
    return dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form[1]))


def post(window, url: str, data: dict):
    return window.post(url, timeout=60, allow_redirects=False, headers={"Referer": url},
                       data={**data, "csrfmiddlewaretoken": window.cookies["csrftoken"]})


@pytest.fixture
def windows(live_server, sessions):
    """login(username): that user's own browser session on the live server."""
    def login(username: str):
        window = browser_login(live_server.url, username)
        sessions.append(window)
        return window
    return login


def register(plan, users, ks) -> None:
    rows = [HEADER] + [[f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
                       for k in ks]
    relief.register_import(unit=plan.unit, rows=rows, user=users["relief"])


def test_a_round_whose_list_changed_after_the_page_showed_it_is_not_approved(live_server, users, plan, windows):
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    register(plan, users, range(2))
    r = relief.round_create(project=plan.projects.get(code=P1), name="2021年春节送温暖", kind="救助",
                            start=date(2021, 1, 15), end=date(2021, 2, 10), degrees=[], user=users["relief"])
    approver, base = windows("approver"), live_server.url
    page = approver.get(f"{base}/relief/rounds/{r.pk}/", timeout=60).text
    shown = fields_of(page, f"/relief/rounds/{r.pk}/approve/")
    assert "seen" in shown and "名单（2人" in page
    register(plan, users, [2])  # the officer registers one more who fits the round meanwhile
    refused = post(approver, f"{base}/relief/rounds/{r.pk}/approve/", shown)
    assert refused.status_code == 409 and chinese(refused.text)
    assert "名单在你打开页面后变了（现为3人，合计1500元）" in refused.text
    r.refresh_from_db()
    assert r.state == Round.DRAFT and not r.entries.exists()
    fresh = fields_of(approver.get(f"{base}/relief/rounds/{r.pk}/", timeout=60).text, f"/relief/rounds/{r.pk}/approve/")
    assert post(approver, f"{base}/relief/rounds/{r.pk}/approve/", fresh).status_code == 302
    r.refresh_from_db()
    assert r.state == Round.APPROVED and r.entries.count() == 3


def test_the_self_evaluation_is_published_and_corrected_only_as_the_page_showed_it(live_server, users, plan, windows):
    approve(plan, users)
    persons = Indicator.objects.get(project__plan=plan, project__code=P1, name="困难帮扶人数")
    evaluation.value_save(indicator=persons, fields={"actual": "406人"}, user=users["editor"])
    approver, base = windows("approver"), live_server.url
    page_url = f"{base}/evaluation/{plan.pk}/self-evaluation/"
    publish, correct = f"/evaluation/{plan.pk}/self-evaluation/publish/", f"/evaluation/{plan.pk}/self-evaluation/correct/"
    shown = fields_of(approver.get(page_url, timeout=60).text, publish)
    evaluation.value_save(indicator=persons, fields={"actual": "398人"}, user=users["editor"])  # meanwhile
    refused = post(approver, base + publish, shown)
    assert refused.status_code == 409 and "自评结果在你打开页面后有变化" in refused.text and "没有公开" in refused.text
    assert not PublishedEvaluation.objects.filter(plan=plan).exists()
    assert post(approver, base + publish, fields_of(approver.get(page_url, timeout=60).text, publish)).status_code == 302

    evaluation.value_save(indicator=persons, fields={"actual": "401人"}, user=users["editor"])
    shown = fields_of(approver.get(page_url, timeout=60).text, correct)
    evaluation.value_save(indicator=persons, fields={"actual": "9999人"}, user=users["editor"])  # meanwhile
    stale = post(approver, base + correct, {**shown, "reason": "按花名册核对"})
    assert stale.status_code == 409 and "没有更正" in stale.text
    assert PublishedEvaluation.objects.filter(plan=plan).count() == 1
    shown = fields_of(approver.get(page_url, timeout=60).text, correct)  # shows 9999人 now
    twice = at_once(*[lambda: post(approver, base + correct, {**shown, "reason": "按花名册核对"})] * 2)
    assert sorted(r.status_code for r in twice) == [302, 409], [r.text[:300] for r in twice]
    kept = PublishedEvaluation.objects.filter(plan=plan).order_by("pk")
    assert [p.reason for p in kept] == ["", "按花名册核对"]
    assert Entry.objects.filter(action="self_evaluation.corrected").count() == 1


def test_two_status_moves_of_one_person_at_once_keep_one(live_server, users, plan, windows):
    register(plan, users, [7])
    person = Beneficiary.objects.get(id_number=made_up_id(7))
    officer, admin = windows("relief"), windows("admin")
    url = f"{live_server.url}/relief/people/{person.pk}/"
    shown = [fields_of(w.get(url, timeout=60).text, f"/relief/people/{person.pk}/move/") for w in (officer, admin)]
    assert shown[0]["version"] == shown[1]["version"]
    moves = at_once(*[(lambda w=w, f=f, to=to: post(w, f"{url}move/", {**f, "status": to, "date": "2021-06-30"}))
                      for w, f, to in zip((officer, admin), shown, ("脱困", "注销"), strict=True)])
    assert sorted(r.status_code for r in moves) == [302, 409], [r.text[:300] for r in moves]
    refused = next(r for r in moves if r.status_code == 409)
    assert "已被他人修改" in refused.text and chinese(refused.text)
    person.refresh_from_db()
    assert person.status in ("脱困", "注销")
    assert Entry.objects.filter(action="beneficiary.moved", object_id=person.pk).count() == 1


def test_deleting_a_spending_record_someone_corrected_since_is_refused(live_server, users, plan, windows):
    approve(plan, users)
    record = SpendingRecord.objects.create(project=plan.projects.get(code=P1), date=date(2021, 3, 1),
                                           amount=D("0.01"), note="测试", created_by=users["editor"])
    editor, admin = windows("editor"), windows("admin")
    url = f"{live_server.url}/evaluation/{plan.pk}/spending/{record.pk}/"
    delete = fields_of(editor.get(url, timeout=60).text, f"/evaluation/{plan.pk}/spending/{record.pk}/delete/")
    assert delete["version"] == "0"
    assert post(admin, url, {"date": "2021-03-01", "amount": "0.02", "note": "测试", "reason": "管理员改过",
                             "version": "0"}).status_code == 302
    refused = post(editor, f"{url}delete/", {**delete, "reason": "我以为是0.01的那笔"})
    assert refused.status_code == 409 and "支出记录已被他人修改" in refused.text
    record.refresh_from_db()
    assert record.amount == D("0.02")
    assert not Entry.objects.filter(action="spending.deleted").exists()


def test_a_double_click_lists_one_rectification_item_and_saves_one_report(live_server, users, plan, windows):
    approve(plan, users)
    editor, base = windows("editor"), live_server.url
    item = {"source_kind": "audit", "problem": "专项资金未按计划拨付", "found_where": "2021年县审计"}
    ledger = f"{base}/rectifications/{plan.unit_id}/{plan.year}/new/"
    clicks = at_once(*[lambda: post(editor, ledger, item)] * 2)
    assert sorted(r.status_code for r in clicks) == [302, 409], [r.text[:300] for r in clicks]
    assert "已列入整改台账" in next(r for r in clicks if r.status_code == 409).text
    assert Rectification.objects.filter(problem="专项资金未按计划拨付").count() == 1
    other = post(editor, ledger, {**item, "problem": "专项资金未按计划拨付（第二笔）"})
    assert other.status_code == 302 and Rectification.objects.count() == 2  # another item is listed

    reports = f"{base}/evaluation/{plan.pk}/monitoring/reports/"
    saves = at_once(*[lambda: post(editor, reports, {"as_of": "2021-06-30", "note": ""})] * 2)
    assert sorted(r.status_code for r in saves) == [302, 409], [r.text[:300] for r in saves]
    assert "截至2021年6月30日的监控报告已于" in next(r for r in saves if r.status_code == 409).text
    assert MonitoringReport.objects.filter(plan=plan).count() == 1
    evaluation.value_save(indicator=Indicator.objects.get(project__plan=plan, project__code=P1, name="困难帮扶人数"),
                          fields={"actual": "406人"}, user=users["editor"])
    assert post(editor, reports, {"as_of": "2021-06-30", "note": ""}).status_code == 302  # changed: saved again
    assert MonitoringReport.objects.filter(plan=plan).count() == 2
