"""What walking issue 14's pages as a careless county user (and as two users at once) found, each fixed:
a basic-spending file imported twice, or a record sent twice, is not counted twice; two staffing imports
colliding answer a Chinese 409, not a 500; what the pages say is true and names the right files."""

from __future__ import annotations

import base64
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.evaluation import department as rules
from jixiao.web.department import selectors, services
from jixiao.web.department.models import BasicSpending, Staffing
from jixiao.web.history.models import Entry

from .conftest import login

SPENDING_CSV = ("日期,类别,金额,摘要\n2021-07-01,公用经费,\"1,000.00元\",办公用品\n"
                "2021-07-02,人员经费,２０００,7月工资\n").encode()


@pytest.fixture
def unit(users):
    return users["editor"].memberships.get().unit


def url(unit, rest=""):
    return f"/department/{unit.pk}/2021/{rest}"


def test_the_same_spending_file_imported_twice_is_refused_row_by_row_and_counted_once(client, users, unit):
    login(client, users["editor"])
    first = client.post(url(unit, "import/basic_spending/"), {"file": SimpleUploadedFile("支出.csv", SPENDING_CSV)})
    assert first.status_code == 302 and BasicSpending.objects.count() == 2
    again = client.post(url(unit, "import/basic_spending/"), {"file": SimpleUploadedFile("支出.csv", SPENDING_CSV)})
    text = again.content.decode()
    assert again.status_code == 200 and BasicSpending.objects.count() == 2  # the report; nothing written
    assert "已有一条相同的基本支出记录（2021-07-01 公用经费1000.00元“办公用品”），没有重复录入" in text
    assert "已有一条相同的基本支出记录（2021-07-02 人员经费2000.00元“7月工资”）" in text
    assert Entry.objects.filter(action="basic_spending.imported").count() == 1
    # the year's execution counts 3,000.00 元 of basic spending, not 6,000.00
    assert selectors.unit_execution(unit=unit, year=2021).basic_spent == Decimal("3000.00")


def test_a_file_with_one_new_row_imports_only_it_when_the_good_rows_are_chosen(client, users, unit):
    login(client, users["editor"])
    client.post(url(unit, "import/basic_spending/"), {"file": SimpleUploadedFile("支出.csv", SPENDING_CSV)})
    more = SPENDING_CSV + "2021-08-01,公用经费,300,8月水电\n".encode()
    report = client.post(url(unit, "import/basic_spending/"), {"file": SimpleUploadedFile("支出.csv", more)})
    assert "第2行" in report.content.decode() and "第3行" in report.content.decode()
    content = base64.b64encode(more).decode()
    done = client.post(url(unit, "import/basic_spending/"), {"content": content, "file_name": "支出.csv", "only_good": "True"})
    assert done.status_code == 302
    assert sorted(b.amount for b in BasicSpending.objects.all()) == [Decimal("300.00"), Decimal("1000.00"),
                                                                     Decimal("2000.00")]


def test_the_same_spending_record_sent_twice_is_a_409_and_one_told_apart_by_its_note_is_saved(client, users, unit):
    login(client, users["editor"])
    form = {"date": "2021-05-01", "kind": "公用经费", "amount": "1,234.50元", "note": "差旅费"}
    assert client.post(url(unit, "spending/"), form).status_code == 302
    twice = client.post(url(unit, "spending/"), form)
    assert twice.status_code == 409
    assert rules.SPENDING_TWICE.format(on=BasicSpending.objects.get().date, kind="公用经费", amount=Decimal("1234.50"),
                                       note="“差旅费”") in twice.content.decode()
    assert BasicSpending.objects.count() == 1
    other = client.post(url(unit, "spending/"), form | {"note": "差旅费（第二笔）"})
    assert other.status_code == 302 and BasicSpending.objects.count() == 2


def test_a_spending_record_without_a_note_sent_twice_is_named_without_one(users, unit):
    fields = {"date": "2021-05-01", "kind": "人员经费", "amount": "100", "note": ""}
    services.basic_spending_create(unit=unit, year=2021, fields=fields, user=users["editor"])
    with pytest.raises(rules.DepartmentError) as refused:
        services.basic_spending_create(unit=unit, year=2021, fields=fields | {"amount": "１００.００"}, user=users["editor"])
    assert refused.value.status == 409
    assert refused.value.message.startswith("已有一条相同的基本支出记录（2021-05-01 人员经费100.00元，无摘要）")


def test_a_staffing_import_colliding_with_a_record_added_meanwhile_is_a_chinese_409(client, users, unit, monkeypatch):
    """Another user adds 昌黎县工人文化宫 between the import's check and its insert (two imports at once on
    PostgreSQL): the unique constraint answers, in Chinese, and nothing of the file is written."""
    checked, calls = services.records_check, []

    def check_then_someone_adds(**kwargs):
        found = checked(**kwargs)
        calls.append(1)
        if len(calls) == 2:  # the import's own check, in its transaction: the row comes right after it
            Staffing.objects.create(unit=unit, year=2021, unit_name="昌黎县工人文化宫", posts=10, in_post=10, retired=4)
        return found

    monkeypatch.setattr(services, "records_check", check_then_someone_adds)
    login(client, users["editor"])
    table = "单位,编制数,在职人数,退休人数\n昌黎县总工会机关,6,6,19\n昌黎县工人文化宫,10,10,4\n".encode()
    response = client.post(url(unit, "import/staffing/"), {"file": SimpleUploadedFile("编制.csv", table)})
    assert response.status_code == 409
    assert "昌黎县总工会本级2021年已有“昌黎县工人文化宫”的编制记录" in response.content.decode()
    assert list(Staffing.objects.values_list("unit_name", flat=True)) == []  # rolled back with the request


def test_the_import_report_page_names_the_duplicate_rows_on_a_live_server(live_server, users, unit, sessions):
    from .test_api_live import browser_login

    session = browser_login(live_server.url, "editor")
    sessions.append(session)
    page = f"{live_server.url}{url(unit)}"
    token = session.cookies["csrftoken"]
    for _ in range(2):
        answer = session.post(f"{page}import/basic_spending/", data={"csrfmiddlewaretoken": token},
                              files={"file": ("支出.csv", SPENDING_CSV)}, headers={"Referer": page}, timeout=60)
    assert answer.status_code == 200 and "没有重复录入" in answer.text
    assert BasicSpending.objects.count() == 2
    assert "3,000.00" in session.get(page, timeout=60).text  # 合计 of basic spending, counted once


def test_an_indicator_without_a_metric_is_said_to_score_0_not_to_be_evaluated_by_hand(client, users, plan):
    """No page offers a typed actual for a unit-wide indicator: the pages say what the evaluation does with it."""
    from jixiao.evaluation.unit_metrics import NOT_BOUND

    indicator = plan.unit_indicators.get(name="救助人数")
    login(client, users["editor"])
    page = client.get(f"/department/unit-indicators/{indicator.pk}/actual/").content.decode()
    assert NOT_BOUND in page and "手工评价" not in page
    goals = client.get(f"/department/{plan.unit_id}/{plan.year}/goals/").content.decode()
    assert "未设置取数口径（按0分计）" in goals and "手工评价" not in goals


XLS = Path(__file__).resolve().parents[1] / "fixtures" / "tables" / "staffing-2021.xls"  # saved by LibreOffice as Excel 97


def test_an_old_excel_staffing_table_is_imported_as_county_units_keep_them(client, users, unit):
    login(client, users["editor"])
    response = client.post(url(unit, "import/staffing/"), {"file": SimpleUploadedFile("编制.xls", XLS.read_bytes())})
    assert response.status_code == 302
    assert sorted(Staffing.objects.values_list("unit_name", "posts", "in_post", "retired")) == [
        ("昌黎县工人文化宫", 10, 10, 4), ("昌黎县总工会机关", 6, 6, 19)]
    assert 'accept=".csv,.xlsx,.xls,.et"' in client.get(url(unit)).content.decode()


def test_an_old_excel_file_libreoffice_cannot_convert_is_refused_naming_it(client, users, unit, monkeypatch):
    from jixiao.formats import old_office

    def missing(*args, **kwargs):
        raise FileNotFoundError("soffice")

    monkeypatch.setattr(old_office, "libreoffice", missing)
    login(client, users["editor"])
    response = client.post(url(unit, "import/staffing/"), {"file": SimpleUploadedFile("编制.xls", XLS.read_bytes())})
    assert response.status_code == 400 and not Staffing.objects.exists()
    assert "编制.xls：读取旧版文件需要LibreOffice" in response.content.decode()


def test_a_public_download_of_a_format_not_offered_names_the_public_files(client, db):
    response = client.get("/public/711001/2021/department-evaluation.docx")
    assert response.status_code == 404
    assert ("没有“department-evaluation.docx”这种下载，可选：department-evaluation.pdf、department-evaluation.xlsx"
            in response.content.decode())


def test_a_reader_posting_a_write_form_by_its_address_is_told_it_may_not_not_what_to_fix(client, users, plan):
    """The unit's 帮扶干事 reads the 部门整体 pages; any write it posts, even an empty or stale form, is refused
    for its role (403) before the form is looked at, and nothing changes."""
    from jixiao.web.rectification import services as ledger

    unit = plan.unit
    record = services.staffing_create(unit=unit, year=2021, user=users["editor"], fields={
        "unit_name": "昌黎县总工会机关", "posts": "6", "in_post": "6", "retired": "19"})
    item = ledger.rectification_create(unit=unit, year=2021, source_kind="audit", user=users["editor"],
                                       fields={"problem": "公用经费报销缺少审批签字"})
    indicator = plan.unit_indicators.first()
    login(client, users["relief"])
    for path in [url(unit, "staffing/"), url(unit, f"staffing/{record.pk}/"), url(unit, f"staffing/{record.pk}/delete/"),
                 url(unit, "spending/"), url(unit, "budget/"), url(unit, "evaluation/prose/"),
                 url(unit, "goals/0/indicators/"), url(unit, "goals/unit/indicators/"), url(unit, "goals/0/projects/"),
                 f"/department/unit-indicators/{indicator.pk}/", f"/department/unit-indicators/{indicator.pk}/confirm/",
                 f"/department/unit-indicators/{indicator.pk}/delete/", f"/department/unit-indicators/{indicator.pk}/metric/",
                 f"/rectifications/{unit.pk}/2021/new/", f"/rectifications/item/{item.pk}/edit/",
                 f"/rectifications/item/{item.pk}/move/"]:
        response = client.post(path, {"version": "x"})
        assert response.status_code == 403, path
        assert "需要以下角色之一" in response.content.decode(), path
    record.refresh_from_db()
    assert record.version == 0 and not BasicSpending.objects.exists()


@pytest.mark.parametrize(("typed", "message"), [
    ("1999-01-01", "整改期限1999-01-01早于台账年度2021年"),
    ("9999-12-31", "整改期限9999-12-31晚于2100年，请核对年份"),
])
def test_a_deadline_out_of_the_years_says_which_years_not_unrecognised(client, users, unit, typed, message):
    login(client, users["editor"])
    response = client.post(f"/rectifications/{unit.pk}/2021/new/", {
        "source_kind": "audit", "problem": "差旅费报销缺少审批签字", "deadline": typed})
    assert response.status_code == 400 and message in response.content.decode()
    assert "无法识别" not in response.content.decode()


def test_a_deadline_typed_in_full_width_digits_is_read(client, users, unit):
    from jixiao.web.rectification.models import Rectification

    login(client, users["editor"])
    response = client.post(f"/rectifications/{unit.pk}/2021/new/", {
        "source_kind": "audit", "problem": "差旅费报销缺少审批签字", "deadline": "２０２２－０３－３１"})
    assert response.status_code == 302
    assert str(Rectification.objects.get().deadline) == "2022-03-31"


def test_a_negative_count_typed_for_a_unit_wide_indicator_is_found_by_the_review(client, users, plan):
    login(client, users["editor"])
    response = client.post(f"/department/{plan.unit_id}/{plan.year}/goals/0/indicators/", {
        "g0-level1": "产出指标", "g0-level2": "数量指标", "g0-name": "走访困难职工户数", "g0-target_raw": "≥-5户",
        "g0-basis": "计划标准", "g0-version": "0"})
    assert response.status_code == 302
    page = client.get(f"/department/{plan.unit_id}/{plan.year}/goals/").content.decode()
    assert "“走访困难职工户数”的指标值“≥-5户”是小于0的户数" in page


def test_a_spending_record_edited_into_the_same_as_another_is_a_409_and_stays_as_it_was(client, users, unit):
    fields = {"date": "2021-05-01", "kind": "公用经费", "amount": "300", "note": "水电费"}
    services.basic_spending_create(unit=unit, year=2021, fields=fields, user=users["editor"])
    other = services.basic_spending_create(unit=unit, year=2021, fields=fields | {"note": "电话费"}, user=users["editor"])
    login(client, users["editor"])
    response = client.post(url(unit, f"spending/{other.pk}/"), fields | {"version": "0"})
    assert response.status_code == 409 and "已有一条相同的基本支出记录（2021-05-01 公用经费300.00元“水电费”）" in response.content.decode()
    other.refresh_from_db()
    assert (other.note, other.version) == ("电话费", 0)
    assert client.post(url(unit, f"spending/{other.pk}/"), fields | {"amount": "320", "version": "0"}).status_code == 302


def test_a_stale_report_save_keeps_what_was_typed_beside_what_the_other_user_saved(client, users, plan):
    """Two users write the 自评报告 at once: the second one's save is a 409 that shows the page again with
    their text still in the form, the other's text beside each section that differs, on the version now
    saved, so that saving again after merging works and nothing typed is lost."""
    from jixiao.web.department import errors as e
    from jixiao.web.department.evaluation_services import prose_save

    page = f"/department/{plan.unit_id}/{plan.year}/evaluation/"
    prose_save(unit=plan.unit, year=plan.year, sections={"基本情况": "县总工会机关6人、工人文化宫10人在职。"}, version=0,
               user=users["editor"])
    login(client, users["admin"])
    typed = {"section_0": "机关和文化宫共16人在职", "section_3": "每季度核对救助人数进度"}
    stale = client.post(page + "prose/", typed | {"version": "0"})
    text = stale.content.decode()
    assert stale.status_code == 409 and e.PROSE_STALE.format(unit=plan.unit.name, year=plan.year) in text
    assert ">机关和文化宫共16人在职</textarea>" in text and ">每季度核对救助人数进度</textarea>" in text
    assert "他人保存的“基本情况”：县总工会机关6人、工人文化宫10人在职。" in text
    assert "他人保存的“改进措施”：（空）" in text and "他人保存的“存在问题”" not in text  # both empty: no difference
    assert re.search(r'name="version" value="1"', text)
    assert client.post(page + "prose/", typed | {"version": "1"}).status_code == 302


def test_a_stale_edit_of_a_rectification_item_keeps_what_was_typed_on_the_version_now_saved(client, users, unit):
    from jixiao.web.rectification import errors as re_errors
    from jixiao.web.rectification import services as ledger

    item = ledger.rectification_create(unit=unit, year=2021, source_kind="audit", user=users["editor"],
                                       fields={"problem": "公用经费2笔差旅费报销缺少审批签字"})
    ledger.rectification_update(item=item, version=0, user=users["approver"], fields={"responsible": "县总工会办公室"})
    login(client, users["editor"])
    typed = {"found_where": "2022年1月县财政局财政检查", "problem": "公用经费2笔差旅费报销缺少审批签字",
             "responsible": "会计", "deadline": "2022-06-30", "measures": "补办审批手续；修订财务报销审批制度", "version": "0"}
    stale = client.post(f"/rectifications/item/{item.pk}/edit/", typed)
    text = stale.content.decode()
    assert stale.status_code == 409 and re_errors.STALE_KEPT.format(problem=item.problem) in text
    assert ">\n补办审批手续；修订财务报销审批制度</textarea>" in text and 'value="2022年1月县财政局财政检查"' in text
    assert re.search(r'name="version" value="1"', text)
    item.refresh_from_db()
    assert (item.responsible, item.measures) == ("县总工会办公室", "")
    assert client.post(f"/rectifications/item/{item.pk}/edit/", typed | {"version": "1"}).status_code == 302


@pytest.mark.parametrize(("typed", "message"), [
    ("0", "基本支出预算数：基本支出预算数应大于0，填的是“0”"),
    ("九十六万", "基本支出预算数：基本支出预算数应为数字（元），如“1,234.50”，填的是“九十六万”"),
])
def test_a_wrong_basic_budget_is_named_as_the_budget_not_as_an_amount(client, users, unit, typed, message):
    login(client, users["editor"])
    response = client.post(url(unit, "budget/"), {"amount": typed, "version": "0"})
    assert response.status_code == 400 and message in response.content.decode()
    assert client.post(url(unit, "budget/"), {"amount": "９６０,０００元", "version": "0"}).status_code == 302
    assert selectors.basic_budget_get(unit=unit, year=2021).amount == Decimal("960000.00")


def test_a_staffing_table_with_a_blank_cell_asks_for_it(client, users, unit):
    login(client, users["editor"])
    table = "单位,编制数,在职人数,退休人数\n昌黎县总工会机关,6,6,\n".encode()
    report = client.post(url(unit, "import/staffing/"), {"file": SimpleUploadedFile("编制.csv", table)})
    assert "请填写退休人数（没有的填0）" in report.content.decode() and not Staffing.objects.exists()


def test_reopening_a_closed_item_asks_for_a_reason_and_keeps_it_in_the_history(client, users, unit):
    """One click on 变更状态 of a closed item used to reopen it, with no word why; now the page asks to
    confirm, the move needs a reason, and the history keeps it."""
    from jixiao.evaluation import rectification as rect
    from jixiao.web.rectification import services as ledger

    item = ledger.rectification_create(unit=unit, year=2021, source_kind="audit", user=users["editor"],
                                       fields={"problem": "工人文化宫音响设备未登记固定资产账"})
    item = ledger.rectification_move(item=item, status="not_needed", version=0, user=users["editor"],
                                     reason="设备属租用，不入固定资产账")
    login(client, users["editor"])
    page = client.get(f"/rectifications/item/{item.pk}/").content.decode()
    assert 'data-confirm="这个整改事项已无需整改，确认重新打开？"' in page
    refused = client.post(f"/rectifications/item/{item.pk}/move/", {"status": "open", "version": str(item.version)})
    assert refused.status_code == 400
    assert rect.REOPEN_NEEDS["reason"].format(current="无需整改", target="未整改") in refused.content.decode()
    item.refresh_from_db()
    assert item.status == "not_needed"
    done = client.post(f"/rectifications/item/{item.pk}/move/", {
        "status": "open", "version": str(item.version), "reason": "审计复查：设备为购置，合同在档"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == "open" and item.reason == "设备属租用，不入固定资产账"
    assert Entry.objects.filter(action="rectification.moved", object_id=item.pk,
                                note="重新打开的理由：审计复查：设备为购置，合同在档").exists()


def test_a_stale_unit_indicator_edit_keeps_what_was_typed_on_the_version_now_saved(client, users, plan):
    from jixiao.web.department import errors as e
    from jixiao.web.department import goal_services

    indicator = plan.unit_indicators.get(name="救助人数")
    fields = {k: getattr(indicator, k) for k in goal_services.FIELDS}
    shown = indicator.version
    goal_services.unit_indicator_update(indicator=indicator, fields=fields | {"target_raw": "≥410人"}, version=shown,
                                        user=users["admin"])
    login(client, users["editor"])
    typed = fields | {"target_raw": "≥420人", "basis": "历史标准：2021年救助406人", "version": str(shown)}
    stale = client.post(f"/department/unit-indicators/{indicator.pk}/", typed)
    text = stale.content.decode()
    assert stale.status_code == 409 and e.UNIT_INDICATOR_STALE_KEPT.format(name="救助人数", target="≥410人") in text
    assert 'value="≥420人"' in text and 'value="历史标准：2021年救助406人"' in text
    assert re.search(rf'name="version" value="{shown + 1}"', text)
    indicator.refresh_from_db()
    assert indicator.target_raw == "≥410人"
    assert client.post(f"/department/unit-indicators/{indicator.pk}/", typed | {"version": str(shown + 1)}).status_code == 302


def test_the_same_unit_wide_indicator_sent_twice_is_added_once(client, users, plan):
    from jixiao.web.department import errors as e

    login(client, users["editor"])
    form = {"u-level1": "满意度指标", "u-level2": "服务对象满意度指标", "u-name": "受助职工满意度", "u-target_raw": "≥95%",
            "u-basis": "问卷调查", "u-version": "0"}
    page = f"/department/{plan.unit_id}/{plan.year}/goals/unit/indicators/"
    assert client.post(page, form).status_code == 302
    twice = client.post(page, form)
    assert twice.status_code == 409
    message = e.UNIT_INDICATOR_TWICE.format(where="2021年部门整体年度绩效指标", name="受助职工满意度", target="≥95%")
    assert message in twice.content.decode()
    assert plan.unit_indicators.filter(name="受助职工满意度").count() == 1
    assert client.post(page, form | {"u-target_raw": "≥98%"}).status_code == 302  # another target: the review warns
