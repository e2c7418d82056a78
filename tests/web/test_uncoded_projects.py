"""Monitoring, records and self-evaluation of a plan whose projects have no 项目编码 (as the goal documents
of most provinces): each project is named by its name, its spending and values stay its own, and a
records file may name it by its name."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from python_calamine import CalamineWorkbook

from jixiao.evaluation import errors as ee
from jixiao.evaluation.records import project_key
from jixiao.formats import errors as fe
from jixiao.formats.reader import read_path
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import IndicatorValue, PublishedEvaluation, SpendingRecord
from jixiao.web.goals import services
from jixiao.web.goals.convert import plan_document
from jixiao.web.goals.models import Plan, Unit

from ..conftest import CORPUS
from .conftest import approve, login

JINGYAN = CORPUS / "real" / "jingyan-mata-2023-export.xlsx"
PAY, CLUB = "村组干部报酬", "基层组织活动经费"  # 3,309,840元 and 660,000元, neither with a 项目编码


@pytest.fixture
def uncoded(users) -> Plan:
    """The Sichuan export's two uncoded projects, approved, in the unit of the conftest's users (given the
    document's unit code, as an administrator would set up the unit)."""
    Unit.objects.filter(code="711001").update(code="820001")
    document, _ = read_path(JINGYAN)
    plan = services.plan_import(document=document, user=users["editor"])
    assert [(p.code, p.name) for p in plan.projects.all()] == [("", PAY), ("", CLUB)]
    return approve(plan, users)


def upload(name: str, text: str):
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"))}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def spend(client, plan: Plan) -> None:
    """1,000,000元 for 村组干部报酬 through the page; the rest through a CSV naming each project by its name."""
    project = plan.projects.get(name=PAY)
    response = client.post(f"/evaluation/{plan.pk}/spending/", {"project": project.pk, "date": "2023-03-10",
                                                                 "amount": "1000000", "note": "一季度报酬"})
    assert response.status_code == 302
    csv = f"项目名称,日期,金额,摘要\n{PAY},2023-05-10,\"654,920.00\",报酬\n{CLUB},2023-04-01,198000,活动经费\n"
    response = client.post(f"/evaluation/{plan.pk}/import/spending/", upload("支出.csv", csv))
    assert response.status_code == 302, text_of(response)[:3000]


def test_spending_by_page_and_by_name_stays_each_projects_own(client, users, uncoded):
    editor = login(client, users["editor"])
    spend(editor, uncoded)
    totals = {name: sum(SpendingRecord.objects.filter(project__name=name).values_list("amount", flat=True))
              for name in (PAY, CLUB)}
    assert totals == {PAY: Decimal("1654920.00"), CLUB: Decimal("198000.00")}

    response = editor.get(f"/evaluation/{uncoded.pk}/monitoring/?as_of=2023-07-31")
    assert response.status_code == 200
    rows = {r.name: r for r in response.context["rows"]}
    assert (rows[PAY].spent, rows[PAY].execution_rate) == (Decimal("1654920.00"), Decimal("50.00"))
    assert (rows[CLUB].spent, rows[CLUB].execution_rate) == (Decimal("198000.00"), Decimal("30.00"))
    assert [r.key for r in response.context["rows"]] == [PAY, CLUB]
    text = text_of(response)
    # 万元 to 2 decimals down the column, the exact 元 on hover
    assert ('<td>村组干部报酬</td><td class="num" title="3,309,840.00元">330.98</td>'
            '<td class="num" title="1,654,920.00元">165.49</td>') in text
    assert ('<td>基层组织活动经费</td><td class="num" title="660,000.00元">66.00</td>'
            '<td class="num" title="198,000.00元">19.80</td>') in text
    assert "列：项目编码（没有编码的项目填项目名称，也可用“项目名称”列）、日期" in text  # the import's column help
    # Each project's reason form goes to its own project.
    for project in uncoded.projects.all():
        assert f"/evaluation/{uncoded.pk}/reasons/project/{project.pk}/" in text
    chart = response.context["charts"]["projects"]
    assert chart[PAY]["spent"][2:7] == [30.21, 30.21, 50.0, 50.0, 50.0]  # March … July
    assert chart[CLUB]["spent"][2:7] == [0.0, 30.0, 30.0, 30.0, 30.0]
    assert chart[PAY]["spent"][7:] == [None] * 5

    listed = api(users["editor"]).get(f"/api/plans/{uncoded.pk}/monitoring?as_of=2023-07-31").json()["projects"]
    assert [(p["code"], p["name"], p["spent"], p["execution_rate"]) for p in listed] == [
        ("", PAY, "1654920.00", "50.00"), ("", CLUB, "198000.00", "30.00")]


def test_values_by_name_give_each_project_its_own_scores(client, users, uncoded):
    editor = login(client, users["editor"])
    spend(editor, uncoded)
    # The same 满意度 name in two projects' files apart; one project named in the 项目编码 column, by its name.
    csv = (f"项目编码,三级指标,完成值\n{PAY},人民群众满意度,96%\n{PAY},维护社会稳定,80%\n"
           f"{CLUB},辖区内群众满意度,50%\n{CLUB},保障村社区正常运转,98%\n")
    response = editor.post(f"/evaluation/{uncoded.pk}/import/actuals/", upload("完成值.csv", csv))
    assert response.status_code == 302, text_of(response)[:3000]
    values = dict(IndicatorValue.objects.filter(indicator__name__endswith="满意度")
                  .values_list("indicator__project__name", "actual"))
    assert values == {PAY: "96%", CLUB: "50%"}
    # A value typed on the page for the second project's own indicator.
    indicator = uncoded.projects.get(name=CLUB).indicators.get(name="促进农村集体经济发展")
    response = editor.post(f"/evaluation/{uncoded.pk}/values/{indicator.pk}/", {"actual": "97%", "version": 0})
    assert response.status_code == 302

    response = editor.get(f"/evaluation/{uncoded.pk}/self-evaluation/")
    assert response.status_code == 200
    results = {r.name: r for r in response.context["results"]}
    assert set(results) == {PAY, CLUB}
    assert results[PAY].execution.spent == Decimal("1654920.00") and results[CLUB].execution.spent == 198000
    actuals = {name: {s.name: s.actual for s in r.indicators} for name, r in results.items()}
    assert actuals[PAY]["人民群众满意度"] == "96%" and actuals[PAY]["维护社会稳定"] == "80%"
    assert actuals[CLUB] == {"辖区内群众满意度": "50%", "促进农村集体经济发展": "97%",
                             "经济、环境等方面可持续发展": "", "保障村社区正常运转": "98%"}
    assert results[PAY].total != results[CLUB].total
    text = text_of(response)
    # Each indicator's value form is the indicator of its own project.
    for project in uncoded.projects.all():
        for ind in project.indicators.all():
            assert f"/evaluation/{uncoded.pk}/values/{ind.pk}/" in text

    scored = api(users["editor"]).get(f"/api/plans/{uncoded.pk}/self-evaluation").json()["projects"]
    assert [(p["code"], p["name"]) for p in scored] == [("", PAY), ("", CLUB)]
    assert [Decimal(p["total"]) for p in scored] == [results[PAY].total, results[CLUB].total]
    assert {i["name"]: i["actual"] for i in scored[1]["indicators"]}["辖区内群众满意度"] == "50%"

    table = editor.get(f"/evaluation/{uncoded.pk}/tables/self-evaluation.xlsx")
    assert table.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(table.content))
    sheets = [" ".join(str(c) for row in book.get_sheet_by_index(k).to_python() for c in row)
              for k in range(len(book.sheet_names))]
    assert len(sheets) == 2  # a table per project, each with its own name, values and total
    assert f"项目名称 {PAY}" in sheets[0] and "人民群众满意度 ≥95% 96%" in sheets[0] and CLUB not in sheets[0]
    assert f"项目名称 {CLUB}" in sheets[1] and "辖区内群众满意度 ≥95% 50%" in sheets[1] and "97%" in sheets[1]
    assert f"总分 {results[PAY].total:.2f}" in sheets[0] and f"总分 {results[CLUB].total:.2f}" in sheets[1]

    # Published and read back by name: the snapshot agrees with the records, per project.
    approver = login(Client(), users["approver"])
    assert approver.post(f"/evaluation/{uncoded.pk}/self-evaluation/publish/").status_code == 302
    published = PublishedEvaluation.objects.get(plan=uncoded).rows["projects"]
    kept = {p["name"]: {i["name"]: (i["value"] and Decimal(i["value"]), i["unit"]) for i in p["indicators"]} for p in published}
    assert kept[PAY]["人民群众满意度"] == (96, "%") and kept[CLUB]["辖区内群众满意度"] == (50, "%")
    assert kept[CLUB]["促进农村集体经济发展"] == (97, "%") and kept[CLUB]["经济、环境等方面可持续发展"] == (None, "")
    page = approver.get(f"/evaluation/{uncoded.pk}/self-evaluation/")
    assert page.context["differences"] == []
    # A later value of one project is a difference of that project only.
    later = uncoded.projects.get(name=PAY).indicators.get(name="维护社会稳定")
    version = IndicatorValue.objects.get(indicator=later).version  # the imported value's, as the page shows it
    editor.post(f"/evaluation/{uncoded.pk}/values/{later.pk}/", {"actual": "90%", "version": version})
    differences = approver.get(f"/evaluation/{uncoded.pk}/self-evaluation/").context["differences"]
    assert len(differences) == 1 and differences[0].startswith(f"{PAY}·维护社会稳定：公开的是80%")


def test_a_file_naming_an_unknown_project_is_refused_naming_the_row(client, users, uncoded):
    editor = login(client, users["editor"])
    csv = f"项目名称,日期,金额\n{PAY},2023-05-10,1000\n村组干部报酬金,2023-05-11,2000\n"
    response = editor.post(f"/evaluation/{uncoded.pk}/import/spending/", upload("支出.csv", csv))
    text = text_of(response)
    message = ee.UNKNOWN_PROJECT_OR_NAME.format(code="村组干部报酬金", nearest=ee.NEAREST.format(names=PAY))
    assert response.status_code == 200 and "尚未导入任何记录" in text
    assert re.search(r"<td class=\"num\">第3行</td><td>项目编码</td><td class=\"error-text\">([^<]+)</td>", text)[1] == message
    assert not SpendingRecord.objects.exists()
    # The API says the same, in `fields`, and writes nothing.
    refused = api(users["editor"]).post(f"/api/plans/{uncoded.pk}/import/spending",
                                        {"file": SimpleUploadedFile("支出.csv", csv.encode())})
    assert refused.status_code == 400 and refused.json()["fields"] == {"第3行“项目编码”": message}
    assert not SpendingRecord.objects.exists()
    # A row with neither a code nor a name says what to fill in.
    empty = "项目编码,项目名称,日期,金额\n,,2023-05-10,1000\n"
    response = editor.post(f"/evaluation/{uncoded.pk}/import/spending/", upload("空.csv", empty))
    assert fe.EMPTY_PROJECT_MESSAGE in text_of(response) and "项目名称" in fe.EMPTY_PROJECT_MESSAGE
    assert not SpendingRecord.objects.exists()
    # A file with neither column names both in the message.
    headless = editor.post(f"/evaluation/{uncoded.pk}/import/spending/", upload("无项目.csv", "日期,金额\n2023-05-10,1\n"))
    assert headless.status_code == 400
    assert "第1行缺少“project”（项目编码，没有编码的项目为项目名称）列" in headless.content.decode()


def test_a_file_may_hold_both_columns_the_code_first(users, uncoded):
    """A coded project keeps its code as its key; an uncoded one in the same file is named by its name."""
    project = uncoded.projects.get(name=CLUB)
    project.code = "51112423000000000001"
    project.save(update_fields=["code"])
    document = plan_document(uncoded)
    assert [project_key(p) for p in document.projects] == [PAY, "51112423000000000001"]
    csv = (f"项目编码,项目名称,日期,金额\n,{PAY},2023-05-10,1000\n51112423000000000001,{CLUB},2023-05-11,2000\n"
           f"{CLUB},,2023-05-12,3000\n")
    refused = api(users["editor"]).post(f"/api/plans/{uncoded.pk}/import/spending",
                                        {"file": SimpleUploadedFile("支出.csv", csv.encode())})
    # A coded project is named by its code, not its name: the message says which code to write.
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["第4行“项目编码”"]
    assert refused.json()["fields"]["第4行“项目编码”"].startswith(
        ee.NAMED_NOT_CODED.format(name=CLUB, code="51112423000000000001"))
    done = api(users["editor"]).post(f"/api/plans/{uncoded.pk}/import/spending",
                                     {"file": SimpleUploadedFile("支出.csv", csv.encode()), "only_good": "true"})
    assert done.status_code == 200, done.content
    assert set(SpendingRecord.objects.values_list("project__name", "amount")) == {
        (PAY, Decimal("1000.00")), (CLUB, Decimal("2000.00"))}


def test_a_coded_namesake_of_an_uncoded_project_stays_apart(client, users, uncoded):
    """A project with a code may bear the name of one without: the name names the uncoded one, the code the other."""
    code = "51112423000000000001"
    uncoded.projects.filter(name=CLUB).update(code=code, name=PAY)
    editor = login(client, users["editor"])
    csv = f"项目编码,日期,金额\n{PAY},2023-05-10,\"33,098.40\"\n{code},2023-05-11,66000\n"
    response = editor.post(f"/evaluation/{uncoded.pk}/import/spending/", upload("支出.csv", csv))
    assert response.status_code == 302, text_of(response)[:3000]
    assert set(SpendingRecord.objects.values_list("project__code", "amount")) == {
        ("", Decimal("33098.40")), (code, Decimal("66000.00"))}
    response = editor.get(f"/evaluation/{uncoded.pk}/monitoring/?as_of=2023-07-31")
    assert [(r.key, r.execution_rate) for r in response.context["rows"]] == [
        (PAY, Decimal("1.00")), (code, Decimal("10.00"))]
    chart = response.context["charts"]["projects"]
    assert list(chart) == [PAY, f"{PAY}（{code}）"]
    assert chart[PAY]["spent"][4] == 1.0 and chart[f"{PAY}（{code}）"]["spent"][4] == 10.0


def test_an_indicator_of_an_uncoded_project_bound_to_a_metric_is_computed_under_its_own_project(uncoded, users, client):
    from jixiao.web.relief import selectors as relief_selectors
    from jixiao.web.relief import services as relief_services

    satisfied = uncoded.projects.get(name=PAY).indicators.get(name="人民群众满意度")
    relief_services.binding_set(indicator=satisfied, metric="survey_satisfaction", params={}, user=users["relief"])
    computed = relief_selectors.computed_actuals(uncoded)
    assert set(computed) == {(PAY, "人民群众满意度")}
    editor = login(client, users["editor"])
    for url in (f"/evaluation/{uncoded.pk}/monitoring/", f"/evaluation/{uncoded.pk}/self-evaluation/"):
        assert editor.get(url).status_code == 200, url
