"""Spending and values imports: the whole file checked first, every bad row listed (row, field, reason),
nothing written unless the user confirms importing only the good rows; spending that takes a project
above its budget asks for a confirmation and a reason (issue 11 §1's import rule, §2)."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import IndicatorValue, SpendingRecord
from jixiao.web.history.models import Entry

from .conftest import approve, login

P1, P2 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098"  # 20万元 and 2.4万元 (劳模体检费)
SPENDING = f"""项目编码,日期,金额,摘要
{P1},2021-01-28,"98,000.00",春节送温暖
{P1},2021-02-30,5000,日期不存在
{P2},2021-06-15,"12,000.00",劳模体检
1303222100000000XXXXX,2021-06-15,100,没有这个项目
{P1},2020-12-31,500,上年度的支出
{P1},2021-03-01,很多,金额不是数
"""
ACTUALS = f"""项目编码,三级指标,完成值
{P1},困难帮扶人数,406人
{P1},困难帮扶人数,400人
{P1},困难帮扶人数的拼写错误,3人
{P2},劳模体检人数,46元
{P2},劳模体检人数,46人
"""


def upload(name: str, text: str):
    return {"file": SimpleUploadedFile(name, text.encode("gb18030"))}


def test_a_file_with_bad_rows_is_reported_whole_and_nothing_written(client, users, plan):
    approve(plan, users)
    editor = login(client, users["editor"])
    response = editor.post(f"/evaluation/{plan.pk}/import/spending/", upload("支出.csv", SPENDING))
    text = response.content.decode()
    assert response.status_code == 200 and "尚未导入任何记录" in text and "合格2行，有误4行" in text
    rows = re.findall(r"<tr><td class=\"num\">第(\d+)行</td><td>([^<]+)</td>", text)
    assert rows == [("3", "日期"), ("5", "项目编码"), ("6", "日期"), ("7", "金额")]
    assert "日期“2021-02-30”无法识别" in text and "没有项目编码“1303222100000000XXXXX”" in text
    assert "不在预算年度2021年内" in text and "金额“很多”不是数字" in text
    assert "只导入合格的2行" in text and "取消" in text
    assert not SpendingRecord.objects.exists()
    content = re.search(r'name="content" value="([^"]+)"', text)[1]
    done = editor.post(f"/evaluation/{plan.pk}/import/spending/", {"content": content, "file_name": "支出.csv",
                                                                   "only_good": "True"})
    assert done.status_code == 302
    assert sorted(SpendingRecord.objects.values_list("amount", flat=True)) == [12000, 98000]
    entry = Entry.objects.get(action="records.imported")
    assert entry.changes == {"rows": ["", "2"], "skipped": ["", "4"]}
    history = editor.get(f"/goals/{plan.pk}/").content.decode()
    assert "导入记录" in history and "未导入的有误行数" in history


def test_a_good_file_is_imported_at_once(client, users, plan):
    approve(plan, users)
    response = login(client, users["editor"]).post(f"/evaluation/{plan.pk}/import/spending/", upload(
        "s.csv", f"project,date,amount\n{P1},2021-01-28,\"98,000.00\"\n{P1},2021-09-28,101500\n"))
    assert response.status_code == 302 and SpendingRecord.objects.count() == 2


def test_the_rule_is_stated_on_the_pages(client, users, plan):
    approve(plan, users)
    editor = login(client, users["editor"])
    for page in ("monitoring", "self-evaluation"):
        text = editor.get(f"/evaluation/{plan.pk}/{page}/").content.decode()
        assert "导入前先检查整个文件" in text and "除非你确认只导入合格的行" in text


def test_an_import_above_a_budget_asks_for_a_confirmation_and_a_reason(client, users, plan):
    approve(plan, users)
    editor = login(client, users["editor"])
    text = editor.post(f"/evaluation/{plan.pk}/import/spending/", upload(
        "s.csv", f"project,date,amount\n{P2},2021-06-15,\"30,000.00\"\n")).content.decode()
    assert "劳模体检费" in text and "24,000.00" in text and "30,000.00" in text and "确认超出预算导入" in text
    assert not SpendingRecord.objects.exists()
    content = re.search(r'name="content" value="([^"]+)"', text)[1]
    form = {"content": content, "file_name": "s.csv", "only_good": "True"}
    again = editor.post(f"/evaluation/{plan.pk}/import/spending/", form | {"confirm_over_budget": "1"})
    assert "请确认超出预算并填写原因" in again.content.decode() and not SpendingRecord.objects.exists()
    done = editor.post(f"/evaluation/{plan.pk}/import/spending/", form | {"confirm_over_budget": "1",
                                                                         "reason": "两名劳模复查，费用追加"})
    assert done.status_code == 302
    assert SpendingRecord.objects.get().over_budget_reason == "两名劳模复查，费用追加"


def test_a_tampered_confirmation_changes_nothing(client, users, plan):
    approve(plan, users)
    response = login(client, users["editor"]).post(f"/evaluation/{plan.pk}/import/spending/", {
        "content": "不是base64!", "file_name": "s.csv", "only_good": "True"})
    assert response.status_code == 400 and "重新上传" in response.content.decode()
    assert not SpendingRecord.objects.exists()


def test_values_import_lists_unknown_duplicate_and_unscorable_rows(client, users, plan):
    approve(plan, users)
    editor = login(client, users["editor"])
    text = editor.post(f"/evaluation/{plan.pk}/import/actuals/", upload("完成值.csv", ACTUALS)).content.decode()
    rows = re.findall(r"<tr><td class=\"num\">第(\d+)行</td><td>([^<]+)</td>", text)
    assert rows == [("3", "三级指标"), ("4", "三级指标"), ("5", "完成值")]
    assert "与第2行重复" in text and "困难帮扶人数的拼写错误" in text and "单位“元”无法与指标值单位“人”比较" in text
    assert not IndicatorValue.objects.exists()


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def test_the_api_lists_every_bad_row_and_imports_the_good_ones_only_when_asked(users, plan):
    approve(plan, users)
    client = bearer(users["editor"])
    url = f"/api/plans/{plan.pk}/import/spending"
    refused = client.post(url, upload("支出.csv", SPENDING))
    body = refused.json()
    assert refused.status_code == 400 and body["code"] == "bad_rows"
    assert set(body["fields"]) == {"第3行“日期”", "第5行“项目编码”", "第6行“日期”", "第7行“金额”"}
    assert "有4行有误，未导入任何记录" in body["message"] and "only_good=true" in body["message"]
    assert not SpendingRecord.objects.exists()
    done = client.post(url, upload("支出.csv", SPENDING) | {"only_good": "true"})
    assert done.status_code == 200 and (done.json()["count"], done.json()["skipped"]) == (2, 4)
    assert done.json()["bad"][0] == {"row": 3, "field": "日期", "reason": "日期“2021-02-30”无法识别，应如2021-07-31"}
    assert SpendingRecord.objects.count() == 2


def test_the_api_refuses_an_import_above_a_budget_unless_confirmed(users, plan):
    approve(plan, users)
    client = bearer(users["editor"])
    url = f"/api/plans/{plan.pk}/import/spending"
    over = f"project,date,amount\n{P2},2021-06-15,30000\n"
    refused = client.post(url, upload("s.csv", over))
    assert refused.status_code == 409 and "劳模体检费" in refused.json()["message"]
    assert "30,000.00元" in refused.json()["message"] and not SpendingRecord.objects.exists()
    no_reason = client.post(url, upload("s.csv", over) | {"confirm_over_budget": "true"})
    assert no_reason.status_code == 400 and not SpendingRecord.objects.exists()
    done = client.post(url, upload("s.csv", over) | {"confirm_over_budget": "true", "reason": "复查费用"})
    assert done.status_code == 200 and SpendingRecord.objects.get().over_budget_reason == "复查费用"


def test_a_file_without_a_good_row_is_refused(users, plan):
    approve(plan, users)
    response = bearer(users["editor"]).post(f"/api/plans/{plan.pk}/import/spending", upload(
        "s.csv", f"project,date,amount\n{P1},2021-05-01,99999999999999.99\n") | {"only_good": "true"})
    assert response.status_code == 400 and "没有合格的行" in response.json()["message"]
    assert "应大于0且小于1万亿元" in response.json()["message"] and not SpendingRecord.objects.exists()
