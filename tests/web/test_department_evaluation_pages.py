"""The 部门整体支出绩效自评 page (issue 14 §3): base data, unit-wide indicators scored with where their actual
comes from, the projects summarised, total and grade, the 自评报告's sections with the unit's prose (a
versioned record: a stale form is 409), the open rectification items, the downloads; publishing (公开部门整体
自评) by the unit's 单位审核 once the goals are approved, frozen: the public download does not change with
the records until a 更正 with its reason. By the Django client, on a live server with CSRF, and on the demo."""

from __future__ import annotations

import io
import re
import subprocess
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jixiao.web.department import errors as e
from jixiao.web.department import evaluation_selectors as selectors
from jixiao.web.department import services as department
from jixiao.web.department.models import DepartmentProse, PublishedDepartmentEvaluation
from jixiao.web.goals import services as goals
from jixiao.web.history.models import Entry
from jixiao.web.rectification import services as rectification

from .conftest import PASSWORD, SEED, approve, login
from .test_api_live import browser_login

TITLES = ["基本情况", "绩效目标完成情况", "存在问题", "改进措施"]


def _records(plan, users) -> None:
    editor = users["editor"]
    for name, posts, in_post, retired in (("昌黎县总工会本级", "8", "6", "19"), ("昌黎县工人文化宫", "10", "10", "4")):
        department.staffing_create(unit=plan.unit, year=plan.year, user=editor, fields={
            "unit_name": name, "posts": posts, "in_post": in_post, "retired": retired})
    department.basic_spending_create(unit=plan.unit, year=plan.year, user=editor, fields={
        "date": "2021-06-30", "kind": "人员经费", "amount": "500,000"})
    department.basic_spending_create(unit=plan.unit, year=plan.year, user=editor, fields={
        "date": "2021-06-30", "kind": "公用经费", "amount": "80,000"})


@pytest.fixture
def year(users, plan):
    _records(plan, users)
    return approve(plan, users)


def url(plan, name: str = "evaluation", *args) -> str:
    return reverse(f"department:{name}", args=[plan.unit_id, plan.year, *args])


def client_of(users, name: str) -> Client:
    return login(Client(), users[name])


def found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    assert match is not None, pattern
    return match[1]


def seen(page) -> str:
    return found(r'name="seen" value="([0-9a-f]+)"', page.content.decode())


def prose_version(page) -> str:
    return found(r'name="version" value="(\d+)"', page.content.decode().split('id="prose-form"')[1])


# ---------------------------------------------------------------- the page

def test_the_page_shows_base_data_indicators_parts_total_and_the_report(year, users):
    editor = client_of(users, "editor")
    assert 'id="unit-evaluation-link"' in editor.get(url(year, "page")).content.decode()
    page = editor.get(url(year))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<td class="num" id="in-post">16</td>' in html and "500,000.00" in html and "80,000.00" in html
    ev = selectors.department_evaluation_of(year).evaluation
    assert f"自评总分：<strong>{ev.total:.2f}</strong>分，等级：<strong>{ev.grade}</strong>" in html
    assert [p.name for p in ev.parts] == ["部门整体绩效指标", "部门预算执行", "项目支出绩效"]
    for p in ev.projects:
        assert f"<td>{p.name}</td>" in html
    for title in TITLES:
        assert f"{title}</h3>" in html
    assert "昌黎县总工会本级编制数18人，在职16人，退休23人" in html  # a figure of 基本情况
    assert html.count("（单位尚未填写）") == 4 and 'id="prose-form"' in html
    assert "公开部门整体自评</button>" not in html  # the editor does not publish
    for _row, actual in selectors.department_evaluation_of(year).rows:
        assert reverse("department:unit_actual", args=[actual.indicator.pk]) in html


def test_open_rectification_items_of_the_year_are_listed(year, users):
    item = rectification.rectification_create(unit=year.unit, year=year.year, source_kind="audit", user=users["editor"], fields={
        "found_where": "县审计局审计", "problem": "部门整体绩效指标未量化"})
    html = client_of(users, "editor").get(url(year)).content.decode()
    assert "未完成的整改事项" in html and reverse("rectification:item", args=[item.pk]) in html


def test_an_outsider_gets_404_on_every_path_and_changes_nothing(year, users):
    outsider = client_of(users, "outsider")
    for path in (url(year), url(year, "evaluation_download", "table", "xlsx")):
        page = outsider.get(path)
        assert page.status_code == 404 and e.MISSING_UNIT in page.content.decode()
    for name, data in (("evaluation_prose", {"version": "0", "section_2": "x"}), ("evaluation_publish", {"seen": "x"}),
                       ("evaluation_correct", {"seen": "x", "reason": "x"})):
        assert outsider.post(url(year, name), data).status_code == 404
    assert not DepartmentProse.objects.exists() and not PublishedDepartmentEvaluation.objects.exists()


def test_finance_reads_the_page_but_writes_nothing(year, users):
    finance = client_of(users, "finance")
    html = finance.get(url(year)).content.decode()
    assert "自评总分" in html and 'id="prose-form"' not in html and "公开部门整体自评</button>" not in html
    assert finance.post(url(year, "evaluation_prose"), {"version": "0", "section_2": "问题"}).status_code == 403
    page = client_of(users, "approver").get(url(year))
    assert finance.post(url(year, "evaluation_publish"), {"seen": seen(page)}).status_code == 403
    assert not DepartmentProse.objects.exists() and not PublishedDepartmentEvaluation.objects.exists()


def test_a_year_without_a_plan_is_404_in_chinese(users, plan):
    page = client_of(users, "editor").get(reverse("department:evaluation", args=[plan.unit_id, 2019]))
    assert page.status_code == 404 and e.EVALUATION_NO_PLAN.format(unit=plan.unit.name, year=2019) in page.content.decode()


# ---------------------------------------------------------------- the unit's prose

def test_the_prose_is_saved_with_its_version_shown_in_the_report_and_the_history(year, users):
    editor = client_of(users, "editor")
    version = prose_version(editor.get(url(year)))
    done = editor.post(url(year, "evaluation_prose"), {"version": version, "section_2": "部分指标未量化\r\n台账不全",
                                                       "section_3": "下年度细化指标"}, follow=True)
    html = done.content.decode()
    assert done.status_code == 200 and "已保存自评报告" in html and "部分指标未量化<br>台账不全" in html
    assert html.count("（单位尚未填写）") == 2
    prose = DepartmentProse.objects.get(unit=year.unit, year=year.year)
    assert prose.version == 1 and prose.sections["存在问题"] == "部分指标未量化\n台账不全"
    assert "<td>填写部门整体自评报告</td>" in html  # the 变更历史 of the page
    ev = selectors.department_evaluation_of(year).evaluation
    assert [s.prose for s in ev.sections] == ["", "", "部分指标未量化\n台账不全", "下年度细化指标"]
    report = editor.get(url(year, "evaluation_download", "report", "docx"))
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(report.content)).paragraphs]
    assert "台账不全" in paragraphs and "下年度细化指标" in paragraphs


def test_a_stale_prose_form_is_409_and_changes_nothing(year, users):
    editor, approver = client_of(users, "editor"), client_of(users, "approver")
    version = prose_version(editor.get(url(year)))
    assert editor.post(url(year, "evaluation_prose"), {"version": version, "section_2": "第一稿"}).status_code == 302
    stale = editor.post(url(year, "evaluation_prose"), {"version": version, "section_2": "第二稿"})
    assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
    assert DepartmentProse.objects.get().sections["存在问题"] == "第一稿"
    assert editor.post(url(year, "evaluation_prose"), {"section_2": "无版本"}).status_code == 400
    too_long = editor.post(url(year, "evaluation_prose"), {"version": "1", "section_2": "字" * 5001})
    assert too_long.status_code == 400 and "不能超过5000字" in too_long.content.decode()
    assert approver.post(url(year, "evaluation_prose"), {"version": "1", "section_2": "审核员"}).status_code == 403
    assert DepartmentProse.objects.get().sections["存在问题"] == "第一稿"
    assert Entry.objects.filter(action="department_prose.saved").count() == 1


# ---------------------------------------------------------------- downloads

def test_the_table_downloads_in_three_formats_and_the_pdf_reads_in_the_official_column_order(year, users, tmp_path):
    editor = client_of(users, "editor")
    types = {"xlsx": "spreadsheetml", "docx": "wordprocessingml", "pdf": "application/pdf"}
    for fmt, kind in types.items():
        got = editor.get(url(year, "evaluation_download", "table", fmt))
        assert got.status_code == 200 and kind in got["Content-Type"]
        assert got["Content-Disposition"].endswith(
            "%E9%83%A8%E9%97%A8%E6%95%B4%E4%BD%93%E6%94%AF%E5%87%BA%E7%BB%A9%E6%95%88%E8%87%AA%E8%AF%84%E8%A1%A8." + fmt)
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(editor.get(url(year, "evaluation_download", "table", "pdf")).content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    header = next(line for line in text.splitlines() if "一级指标" in line)
    columns = ["分项目标", "一级指标", "二级指标", "三级指标", "年度指标值", "分值", "得分"]  # 实际完成值 wraps
    assert [header.index(c) for c in columns] == sorted(header.index(c) for c in columns)
    assert "实际完成" in text and "部门整体支出绩效自评表（2021年度）" in text and "项目支出绩效" in text
    parts = [text.index(p) for p in ("一、基础数据", "二、部门整体绩效指标", "三、项目支出绩效自评结果", "四、自评得分")]
    assert parts == sorted(parts)
    for bad in ("report.pdf", "table.csv", "other.xlsx"):
        kind, fmt = bad.split(".")
        assert editor.get(url(year, "evaluation_download", kind, fmt)).status_code == 404


# ---------------------------------------------------------------- publishing

def test_publishing_before_approval_is_refused(users, plan):
    _records(plan, users)
    approver = client_of(users, "approver")
    page = approver.get(url(plan))
    assert "公开部门整体自评</button>" not in page.content.decode()
    refused = approver.post(url(plan, "evaluation_publish"), {"seen": selectors.fingerprint(
        plan, selectors.evaluation_json(selectors.department_evaluation_of(plan).evaluation))})
    assert refused.status_code == 409 and "审核通过后才能公开部门整体自评" in refused.content.decode()
    assert not PublishedDepartmentEvaluation.objects.exists()


def test_publish_once_then_correct_with_a_reason_and_each_form_acts_on_what_it_showed(year, users):
    approver = client_of(users, "approver")
    page = approver.get(url(year))
    assert "公开部门整体自评</button>" in page.content.decode()
    shown = seen(page)
    assert approver.post(url(year, "evaluation_publish"), {}).status_code == 400  # no fingerprint
    done = approver.post(url(year, "evaluation_publish"), {"seen": shown}, follow=True)
    html = done.content.decode()
    assert done.status_code == 200 and "已公开" in html and "与公开结果一致" in html
    assert "<td>公开部门整体自评</td>" in html
    twice = approver.post(url(year, "evaluation_publish"), {"seen": shown})  # a double click
    assert twice.status_code == 409 and "已于" in twice.content.decode()
    assert PublishedDepartmentEvaluation.objects.count() == 1
    snapshot = PublishedDepartmentEvaluation.objects.get()
    assert snapshot.created_by == users["approver"] and snapshot.rows["base"]["personnel"] == "500000.00"
    # a value changes after publication: the page says how, a 更正 needs a reason and the fingerprint
    department.basic_spending_create(unit=year.unit, year=year.year, user=users["editor"], fields={
        "date": "2021-09-30", "kind": "公用经费", "amount": "20,000"})
    page = approver.get(url(year))
    html = page.content.decode()
    assert 'id="differences"' in html and "基础数据（编制、基本支出、项目预算或支出）与公开时不同" in html
    no_reason = approver.post(url(year, "evaluation_correct"), {"seen": seen(page), "reason": "  "})
    assert no_reason.status_code == 400 and e.CORRECTION_REASON in no_reason.content.decode()
    old = approver.post(url(year, "evaluation_correct"), {"seen": shown, "reason": "补录公用经费"})
    assert old.status_code == 409 and e.SHOWN_CHANGED in old.content.decode()
    assert PublishedDepartmentEvaluation.objects.count() == 1
    fixed = approver.post(url(year, "evaluation_correct"), {"seen": seen(page), "reason": "补录公用经费"}, follow=True)
    html = fixed.content.decode()
    assert fixed.status_code == 200 and "与公开结果一致" in html and "更正：补录公用经费" in html
    assert "<td>更正公开的部门整体自评</td>" in html
    newest = PublishedDepartmentEvaluation.objects.all()[0]
    assert newest.reason == "补录公用经费" and newest.rows["base"]["running"] == "100000.00"
    again = approver.post(url(year, "evaluation_correct"), {"seen": seen(page), "reason": "补录公用经费"})  # double click
    assert again.status_code == 409 and e.SHOWN_CHANGED in again.content.decode()
    assert PublishedDepartmentEvaluation.objects.count() == 2
    assert Entry.objects.filter(action="department_evaluation.corrected", note="补录公用经费").count() == 1


def test_the_snapshot_reads_back_as_the_evaluation_it_froze(year):
    ev = selectors.department_evaluation_of(year).evaluation
    rows = selectors.evaluation_json(ev)
    assert selectors.evaluation_json(selectors.evaluation_from_json(rows)) == rows


def test_the_public_download_is_made_from_the_publication_not_the_records(year, users):
    goals.plan_publish(plan=year, user=users["approver"])
    anyone = Client()
    public = reverse("public:department_download", args=[year.unit.code, year.year, "xlsx"])
    missing = anyone.get(public)
    assert missing.status_code == 404 and "部门整体自评尚未公开" in missing.content.decode()
    approver = client_of(users, "approver")
    approver.post(url(year, "evaluation_publish"), {"seen": seen(approver.get(url(year)))})
    page = anyone.get(reverse("public:plan", args=[year.unit.code, year.year])).content.decode()
    assert 'id="department-evaluation"' in page and public in page

    def cells(response) -> list:
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [[c for c in row] for row in sheet.iter_rows(values_only=True)]

    before = cells(anyone.get(public))
    assert any("500000" in str(c) or "50" == str(c) for row in before for c in row if c is not None)
    department.basic_spending_create(unit=year.unit, year=year.year, user=users["editor"], fields={
        "date": "2021-09-30", "kind": "人员经费", "amount": "123,456"})
    assert cells(anyone.get(public)) == before  # a change after publication does not change the download
    pdf = anyone.get(reverse("public:department_download", args=[year.unit.code, year.year, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert anyone.get(reverse("public:department_download", args=[year.unit.code, year.year, "docx"])).status_code == 404
    approver.post(url(year, "evaluation_correct"), {"seen": seen(approver.get(url(year))), "reason": "补录人员经费"})
    after = cells(anyone.get(public))
    assert after != before


# ---------------------------------------------------------------- the demo

@pytest.fixture
def demo(db):
    from jixiao.web.demo import load_demo
    from jixiao.web.goals.models import Plan

    load_demo(SEED)
    User = get_user_model()
    for user in User.objects.all():
        user.set_password(PASSWORD)
        user.save()
    return Plan.objects.get(year=2021)


def test_the_demo_gives_a_page_with_16_in_post_and_406_relieved(demo):
    client = login(Client(), get_user_model().objects.get(username="editor"))
    page = client.get(url(demo))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<td class="num" id="in-post">16</td>' in html
    row = next(r for r in html.split("<tr>") if "<td>救助人数</td>" in r)
    assert "<td>406人</td>" in row
    staff = next(r for r in html.split("<tr>") if "<td>正常运转人数</td>" in r)
    assert "<td>16人</td>" in staff


# ---------------------------------------------------------------- live server

@pytest.mark.django_db(transaction=True)
def test_a_browser_publishes_changes_a_value_and_corrects_on_a_live_server(live_server, users, plan):
    _records(plan, users)
    approve(plan, users)
    goals.plan_publish(plan=plan, user=users["approver"])
    for name in ("approver",):
        users[name].set_password(PASSWORD)
        users[name].save()
    with browser_login(live_server.url, "approver") as session:  # closed after: PostgreSQL drops its database
        _publish_change_correct(live_server, session, plan, users)


def _publish_change_correct(live_server, session, plan, users) -> None:
    page_url = f"{live_server.url}{url(plan)}"
    page = session.get(page_url, timeout=60)
    token = found(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    shown = found(r'name="seen" value="([0-9a-f]+)"', page.text)
    publish = f"{live_server.url}{url(plan, 'evaluation_publish')}"
    assert session.post(publish, data={"seen": shown}, headers={"Referer": page_url}, timeout=60).status_code == 403
    done = session.post(publish, data={"seen": shown, "csrfmiddlewaretoken": token}, headers={"Referer": page_url},
                        timeout=60)
    assert done.status_code == 200 and "与公开结果一致" in done.text
    public = f"{live_server.url}{reverse('public:department_download', args=[plan.unit.code, plan.year, 'pdf'])}"
    first = requests_text(public)
    department.basic_budget_set(unit=plan.unit, year=plan.year, amount="900,000", version=None, user=users["editor"])
    assert requests_text(public) == first
    page = session.get(page_url, timeout=60)
    assert "与公开结果不一致" in page.text
    shown = found(r'name="seen" value="([0-9a-f]+)"', page.text)
    fixed = session.post(f"{live_server.url}{url(plan, 'evaluation_correct')}", timeout=60,
                         data={"seen": shown, "reason": "补录基本支出预算", "csrfmiddlewaretoken": token},
                         headers={"Referer": page_url})
    assert fixed.status_code == 200 and "更正：补录基本支出预算" in fixed.text
    assert requests_text(public) != first
    assert D(PublishedDepartmentEvaluation.objects.all()[0].rows["base"]["basic_budget"]) == D("900000")


def requests_text(address: str) -> str:
    """The public PDF's text, fetched without a login."""
    import tempfile

    import requests

    response = requests.get(address, timeout=60)
    assert response.status_code == 200
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(response.content)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout



# ---------------------------------------------------------------- the API

def test_the_api_gives_the_evaluation_saves_prose_publishes_and_corrects_as_the_page_does(year, users):
    base = f"/api/department/{year.unit.code}/{year.year}/self-evaluation"
    editor, approver = client_of(users, "editor"), client_of(users, "approver")
    got = editor.get(base).json()
    page = editor.get(url(year))
    assert got["seen"] == seen(client_of(users, "approver").get(url(year))) and got["published"] == []
    assert got["evaluation"]["total"] == selectors.evaluation_json(
        selectors.department_evaluation_of(year).evaluation)["total"] and page.status_code == 200
    put = editor.put(f"{base}/prose", {"sections": {"存在问题": "台账不全", "other": "x"}, "version": 0},
                     content_type="application/json")
    assert put.status_code == 200 and put.json() == {"sections": {"基本情况": "", "绩效目标完成情况": "", "存在问题": "台账不全",
                                                                  "改进措施": ""}, "version": 1}
    stale = editor.put(f"{base}/prose", {"sections": {"存在问题": "又改"}, "version": 0}, content_type="application/json")
    assert stale.status_code == 409 and DepartmentProse.objects.get().sections["存在问题"] == "台账不全"
    assert client_of(users, "outsider").get(base).status_code == 404
    shown = editor.get(base).json()["seen"]
    assert editor.post(f"{base}/publish", {"seen": shown}, content_type="application/json").status_code == 403
    assert client_of(users, "finance").post(f"{base}/publish", {"seen": shown},
                                            content_type="application/json").status_code == 403
    done = approver.post(f"{base}/publish", {"seen": shown}, content_type="application/json")
    assert done.status_code == 200 and done.json()["published_by"] == "approver" and done.json()["reason"] == ""
    assert approver.post(f"{base}/publish", {"seen": shown}, content_type="application/json").status_code == 409
    shown = editor.get(base).json()["seen"]
    assert approver.post(f"{base}/correct", {"seen": shown, "reason": " "},
                         content_type="application/json").status_code == 400
    fixed = approver.post(f"{base}/correct", {"seen": shown, "reason": "复核"}, content_type="application/json")
    assert fixed.status_code == 200 and fixed.json()["reason"] == "复核"
    assert [p["reason"] for p in editor.get(base).json()["published"]] == ["复核", ""]
