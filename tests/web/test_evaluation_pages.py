"""Monitoring and self-evaluation in the browser: entering and importing records,
the tables, charts' data, and bad input refused with nothing saved."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.evaluation.models import IndicatorValue, SpendingRecord
from jixiao.web.goals.models import Indicator

from .conftest import approve, login

P1 = "13032221GVUVTX63BWWCQ"


def test_records_only_after_approval(client, users, plan):
    project = plan.projects.get(code=P1)
    response = login(client, users["editor"]).post(f"/evaluation/{plan.pk}/spending/", {
        "project": project.pk, "date": "2021-01-28", "amount": "98000"})
    assert response.status_code == 409 and "批复后才能录入" in response.content.decode()  # a wrong state
    assert not SpendingRecord.objects.exists()


def test_spending_entered_shows_in_monitoring(client, users, plan):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    editor = login(client, users["editor"])
    assert editor.post(f"/evaluation/{plan.pk}/spending/", {"project": project.pk, "date": "2021-01-28",
                                                            "amount": "98000", "note": "春节送温暖"}).status_code == 302
    text = editor.get(f"/evaluation/{plan.pk}/monitoring/?as_of=2021-07-31").content.decode()
    assert "截至2021年7月31日" in text and "49.00%" in text and "62.60%" in text and 'class="yellow"' in text
    assert "缺偏差原因或纠偏措施" in text and "execution-data" in text


def test_spending_outside_the_year_or_malformed_is_refused(client, users, plan):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    editor = login(client, users["editor"])
    response = editor.post(f"/evaluation/{plan.pk}/spending/", {"project": project.pk, "date": "2020-12-31",
                                                                "amount": "1"})
    assert response.status_code == 400 and "不在预算年度2021年内" in response.content.decode()
    response = editor.post(f"/evaluation/{plan.pk}/spending/", {"project": project.pk, "date": "2021-05-01",
                                                                "amount": "很多"})
    assert response.status_code == 400 and "金额（元）" in response.content.decode()
    assert not SpendingRecord.objects.exists()


def test_a_value_in_the_wrong_unit_is_refused_and_not_saved(client, users, plan):
    approve(plan, users)
    indicator = Indicator.objects.get(project__plan=plan, name="困难帮扶人数")
    response = login(client, users["editor"]).post(f"/evaluation/{plan.pk}/values/{indicator.pk}/",
                                                   {"actual": "400元", "version": 0})
    assert response.status_code == 400 and "“困难帮扶人数”的完成值单位“元”无法与指标值单位“人”比较" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_values_scored_on_the_self_evaluation_page(client, users, plan):
    approve(plan, users)
    indicator = Indicator.objects.get(project__plan=plan, name="困难帮扶人数")
    editor = login(client, users["editor"])
    assert editor.post(f"/evaluation/{plan.pk}/values/{indicator.pk}/", {"actual": "300人", "version": 0}).status_code == 302
    text = editor.get(f"/evaluation/{plan.pk}/self-evaluation/").content.decode()
    assert "300人" in text and "9.38" in text and "score-data" in text  # 300/400 × 12.5


def csv(name: str, text: str):
    return {"file": SimpleUploadedFile(name, text.encode("gb18030"))}


def test_importing_csv_records(client, users, plan):
    approve(plan, users)
    editor = login(client, users["editor"])
    response = editor.post(f"/evaluation/{plan.pk}/import/spending/", csv(
        "s.csv", f"project,date,amount,note\n{P1},2021-01-28,98000,春节\n{P1},2021-09-28,101500,国庆\n"))
    assert response.status_code == 302 and SpendingRecord.objects.count() == 2
    response = editor.post(f"/evaluation/{plan.pk}/import/actuals/", csv(
        "a.csv", f"项目编码,三级指标,完成值,偏差原因,纠偏措施\n{P1},困难帮扶人数,406人,,\n{P1},,,经费保障：集中拨付,按节点发放\n"))
    assert response.status_code == 302 and IndicatorValue.objects.get().actual == "406人"


def test_a_bad_csv_names_its_row_and_saves_nothing(client, users, plan):
    approve(plan, users)
    editor = login(client, users["editor"])
    response = editor.post(f"/evaluation/{plan.pk}/import/spending/", csv(
        "s.csv", f"project,date,amount\n{P1},2021-01-28,98000\n{P1},2021-02-30,1\n"))
    text = response.content.decode()  # the whole file checked: a report, nothing saved until confirmed
    assert "导入检查：s.csv" in text and "第3行</td><td>日期</td>" in text and "尚未导入任何记录" in text
    response = editor.post(f"/evaluation/{plan.pk}/import/actuals/", csv(
        "a.csv", f"project,indicator,actual\n{P1},困难帮扶人,406人\n"))
    text = response.content.decode()
    assert "第2行</td><td>三级指标</td>" in text and "项目“职工困难帮扶防贫资金”没有指标“困难帮扶人”" in text
    assert "没有合格的行" in text
    assert not SpendingRecord.objects.exists() and not IndicatorValue.objects.exists()


def test_tables_download_in_three_formats(client, users, plan):
    approve(plan, users)
    client = login(client, users["finance"])
    for table in ("monitoring", "self-evaluation"):
        for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")):
            response = client.get(f"/evaluation/{plan.pk}/tables/{table}.{fmt}")
            assert response.status_code == 200 and response.content.startswith(magic), (table, fmt)
    assert client.get(f"/evaluation/{plan.pk}/tables/monitoring.odt").status_code == 400


def test_a_bad_as_of_date_is_refused(client, users, plan):
    approve(plan, users)
    response = login(client, users["finance"]).get(f"/evaluation/{plan.pk}/monitoring/?as_of=七月底")
    assert response.status_code == 400 and "监控截止日期“七月底”无法识别" in response.content.decode()


def test_importing_spending_from_excel(client, users, plan):
    import io

    import openpyxl

    approve(plan, users)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["项目编码", "日期", "金额", "备注"])
    sheet.append([P1, "2021-01-28", 98000, "春节送温暖"])
    sheet.append([P1, "2021-09-28", 101500.5, "国庆救助"])
    data = io.BytesIO()
    book.save(data)
    response = login(client, users["editor"]).post(f"/evaluation/{plan.pk}/import/spending/", {
        "file": SimpleUploadedFile("支出.xlsx", data.getvalue())})
    assert response.status_code == 302
    assert sorted(SpendingRecord.objects.values_list("amount", flat=True)) == [98000, Decimal("101500.50")]
