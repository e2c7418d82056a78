"""Uploading real goal documents of other provinces through the pages and the API: the preview shows
what was read (unit, year, form, projects) and what is missing, errors apart from hints; a plan is
saved without 项目编码, remembers its form, and its review does not fault what the form never had."""

from __future__ import annotations

import json
import re

import pytest
import requests
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.core.checks import duplicate_projects
from jixiao.core.document import FORM_FIELDS
from jixiao.formats.jixiao_json import from_dict, to_dict
from jixiao.formats.reader import read_path
from jixiao.review import review_document
from jixiao.web.accounts.models import Membership, Token
from jixiao.web.accounts.roles import EDITOR
from jixiao.web.goals import errors as e
from jixiao.web.goals import services
from jixiao.web.goals.convert import plan_document, plan_form
from jixiao.web.goals.errors import GoalsError
from jixiao.web.goals.models import Plan, Project, Unit
from jixiao.web.history.models import Entry

from ..conftest import CORPUS
from .conftest import login

REAL = CORPUS / "real"
ZHAOHUA, XIANGTAN, JINGYAN = ("zhaohua-weijian-2021-tabrows.txt", "xiangtan-huanwei-2023-page.html",
                              "jingyan-mata-2023-export.xlsx")
FORM_NAME = "项目支出绩效目标申报表"
# Findings about fields these forms do not have: the 21-character code, the spending plan.
NOT_IN_FORM = {"bad-project-code", "spending-plan"}


def upload(client, name: str):
    return client.post("/goals/upload/", {"file": SimpleUploadedFile(name, (REAL / name).read_bytes())})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def section(text: str, element_id: str) -> str:
    """The text of one element of the page (up to its closing tag), for asserting where a thing is shown."""
    match = re.search(rf'<(\w+)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', text)
    assert match, element_id
    return match.group(2)


@pytest.fixture
def mata(users, django_user_model):
    """The unit-code-bearing Sichuan town of the export, with an editor of its own."""
    unit = Unit.objects.create(code="820001", name="井研县马踏镇人民政府")
    user = django_user_model.objects.create_user("mata")
    user.groups.add(Group.objects.get(name=EDITOR))
    Membership.objects.create(user=user, unit=unit)
    return user


def test_a_sichuan_text_is_previewed_with_what_it_lacks_and_saved_into_the_uploaders_unit(client, users):
    editor = login(client, users["editor"])
    response = upload(editor, ZHAOHUA)
    text = text_of(response)
    assert response.status_code == 200 and not Plan.objects.exists()
    assert "（无单位编码） 区卫生健康局" in text  # the document's unit, as written
    assert section(text, "import-unit") == "711001 昌黎县总工会本级"  # next to the unit it goes to
    assert e.UNIT_OWN_MESSAGE.format(name="区卫生健康局", unit="711001昌黎县总工会本级") in text
    assert section(text, "read-template") == FORM_NAME
    assert section(text, "read-missing") == "项目编码、财政资金、其他资金、资金支出计划、单位编码、指标值确定依据"
    projects = section(text, "read-projects")
    assert "<td>未编码</td><td>特困家庭再扶助(独生子女死亡再扶助)</td><td class=\"num\">6.30</td>" in projects
    assert projects.endswith('<td class="num">9</td></tr> ')
    assert 'id="read-errors"' not in text and "确认导入" in text

    response = editor.post("/goals/upload/confirm/")
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == f"/goals/{plan.pk}/"
    assert (plan.unit.code, plan.year, plan.template, plan.state) == ("711001", 2021, FORM_NAME, "draft")
    project = plan.projects.get()
    assert (project.code, project.name, project.total, project.indicators.count()) == (
        "", "特困家庭再扶助(独生子女死亡再扶助)", 63000, 9)
    page = text_of(editor.get(f"/goals/{plan.pk}/"))
    assert section(page, "plan-template") == f"表式：{FORM_NAME}"
    assert "<td>未编码</td>" in page and "项目编码为21位" not in page and "资金支出计划应逐期不减" not in page
    findings = {f.code for f in review_document(plan_document(plan)).findings}
    assert not findings & (NOT_IN_FORM | {"basis-missing"})  # the form has no 指标值确定依据 column either
    plan.template = ""  # the same plan as if made in jixiao: every field required, and faulted
    assert "bad-project-code" in {f.code for f in review_document(plan_document(plan)).findings}


def test_a_saved_page_with_a_basis_column_is_reviewed_for_its_basis(client, users):
    editor = login(client, users["editor"])
    text = text_of(upload(editor, XIANGTAN))
    assert section(text, "read-template") == FORM_NAME and "湘潭市环境卫生管理处" in text
    assert "指标值确定依据" not in section(text, "read-missing")  # the page has the column
    assert re.search(r"<td>未编码</td><td>雾炮车降尘抑尘服务</td><td class=\"num\">250.00</td>.*?"
                     r"<td class=\"num\">7</td>", section(text, "read-projects"))
    editor.post("/goals/upload/confirm/")
    plan = Plan.objects.get()
    assert plan.template == FORM_NAME and plan.projects.get().indicators.count() == 7
    assert plan_form(plan, plan_document(plan).projects) == frozenset({"total", "basis"})
    assert not {f.code for f in review_document(plan_document(plan)).findings} & NOT_IN_FORM
    project = plan.projects.get()
    page = text_of(editor.get(f"/goals/projects/{project.pk}/"))
    assert page.count("项目编码为21位") == 0 and "资金支出计划应逐期不减" not in page


def test_an_export_with_two_projects_without_codes_keeps_both(client, users, mata):
    client = login(client, mata)
    text = text_of(upload(client, JINGYAN))
    assert "820001 井研县马踏镇人民政府" in text and section(text, "import-unit") == "820001 井研县马踏镇人民政府"
    projects = section(text, "read-projects")
    assert "<td>1</td><td>未编码</td><td>村组干部报酬</td>" in projects
    assert "<td>2</td><td>未编码</td><td>基层组织活动经费</td>" in projects
    assert "单位编码" not in section(text, "read-missing")  # this one has it
    client.post("/goals/upload/confirm/")
    plan = Plan.objects.get()
    assert [(p.code, p.name, p.indicators.count()) for p in plan.projects.all()] == [
        ("", "村组干部报酬", 8), ("", "基层组织活动经费", 4)]
    page = text_of(client.get(f"/goals/{plan.pk}/"))
    assert page.count("<td>未编码</td>") == 4  # in the list of projects and in each project's table
    review = review_document(plan_document(plan))
    assert set(review.grades) == {"村组干部报酬", "基层组织活动经费"}  # a grade for each, by name
    for project in plan.projects.all():  # each project's grade shown on the plan page next to it
        assert re.search(rf">{project.name}</a>.*?<td class=\"num\">{project.indicators.count()}</td>"
                         rf"<td>{review.grades[project.name]}</td>", page)
    for fmt in ("docx", "xlsx", "pdf", "json"):  # the downloads hold both projects, with no code made up
        response = client.get(f"/goals/{plan.pk}/download.{fmt}")
        assert response.status_code == 200, fmt
    response = client.get(f"/goals/{plan.pk}/download.json")
    downloaded = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    assert [(p["code"], p["name"]) for p in downloaded["projects"]] == [("", "村组干部报酬"), ("", "基层组织活动经费")]


def test_a_document_of_an_unknown_coded_unit_is_still_refused_to_an_editor(client, users):
    text = text_of(upload(login(client, users["editor"]), JINGYAN))
    assert section(text, "import-refusal").startswith("不能导入：单位“820001井研县马踏镇人民政府”尚未建立")
    assert "确认导入" not in text
    assert client.post("/goals/upload/confirm/").status_code == 403 and not Plan.objects.exists()


def test_a_document_without_a_unit_code_goes_to_the_unit_of_its_name(client, users, django_user_model):
    unit = Unit.objects.create(code="743002", name="区卫生健康局")
    user = django_user_model.objects.create_user("weijian")
    user.groups.add(Group.objects.get(name=EDITOR))
    Membership.objects.create(user=user, unit=unit)
    client = login(client, user)
    text = text_of(upload(client, ZHAOHUA))
    assert e.UNIT_BY_NAME_MESSAGE.format(name="区卫生健康局", unit=unit) in text
    client.post("/goals/upload/confirm/")
    assert Plan.objects.get().unit == unit
    # An editor of another unit may not import a document naming that unit.
    client = login(client, users["editor"])
    text = text_of(upload(client, ZHAOHUA))
    assert section(text, "import-refusal") == "不能导入：" + e.OUTSIDER_IMPORT_MESSAGE.format(unit=unit)


def test_without_a_unit_code_an_administrator_must_have_a_unit_of_that_name(client, users):
    text = text_of(upload(login(client, users["admin"]), ZHAOHUA))
    assert section(text, "import-refusal") == "不能导入：" + e.NO_UNIT_MESSAGE.format(name="区卫生健康局")
    assert "确认导入" not in text
    response = client.post("/goals/upload/confirm/")
    assert response.status_code == 400 and e.NO_UNIT_MESSAGE.format(name="区卫生健康局") in response.content.decode()
    assert not Plan.objects.exists() and not Unit.objects.filter(code="").exists()


def test_uploading_the_same_document_twice_asks_before_replacing_the_draft(client, users):
    editor = login(client, users["editor"])
    upload(editor, ZHAOHUA)
    editor.post("/goals/upload/confirm/")
    first = Plan.objects.get()
    text = text_of(upload(editor, ZHAOHUA))
    assert e.DRAFT_EXISTS_MESSAGE.format(unit="昌黎县总工会本级", year=2021, count=1) in text
    assert 'name="replace_draft"' in text
    response = editor.post("/goals/upload/confirm/")  # not ticked: refused, nothing changed
    assert response.status_code == 409 and "请在预览页勾选“替换现有草稿”" in response.content.decode()
    assert Plan.objects.get().version == 1
    editor.post("/goals/upload/confirm/", {"replace_draft": "1"})
    plan = Plan.objects.get()
    assert (plan.pk, plan.version, plan.template, Project.objects.count()) == (first.pk, 2, FORM_NAME, 1)
    assert Entry.objects.filter(action="plan.imported").count() == 2


def test_two_projects_without_codes_under_one_name_are_an_error_and_not_saved(client, users):
    document, _ = read_path(REAL / JINGYAN)
    document.projects[1].name = document.projects[0].name
    Unit.objects.filter(code="711001").update(code="820001")  # the editor's unit is the document's
    client = login(client, users["editor"])
    data = json.dumps(to_dict(document), ensure_ascii=False).encode()
    text = text_of(client.post("/goals/upload/", {"file": SimpleUploadedFile("same.json", data)}))
    [clash] = duplicate_projects(from_dict(json.loads(data)).projects)  # as read from the JSON: no places
    message = clash.message
    assert "第2个项目与第1个项目都叫“村组干部报酬”且都没有项目编码" in message
    assert message in section(text, "read-errors") and "确认导入" not in text and "文件有错误，不能导入" in text
    response = client.post("/goals/upload/confirm/")  # straight to the confirmation all the same
    assert response.status_code == 400 and message in response.content.decode()
    assert not Plan.objects.exists()
    with pytest.raises(GoalsError) as raised:
        services.plan_import(document=document, user=users["editor"])
    assert raised.value.code == e.SAME_NAME and not Plan.objects.exists()


def test_a_project_without_a_code_is_edited_without_one_and_keeps_its_name_its_own(client, users, mata):
    client = login(client, mata)
    upload(client, JINGYAN)
    client.post("/goals/upload/confirm/")
    first, second = Plan.objects.get().projects.all()
    data = {"version": first.version, "code": "", "name": "村组干部报酬", "total": "330.984", "fiscal": "330.984",
            "other": "0", "purpose": "", "goals": "保障村组干部报酬按时发放"}
    response = client.post(f"/goals/projects/{first.pk}/save/", data)
    assert response.status_code == 302, text_of(response)[:2000]
    first.refresh_from_db()
    assert (first.code, first.goals, first.version) == ("", ["保障村组干部报酬按时发放"], 2)
    clash = {**data, "version": second.version, "name": "村组干部报酬"}
    response = client.post(f"/goals/projects/{second.pk}/save/", clash)
    assert response.status_code == 400
    assert e.NAME_TAKEN_MESSAGE.format(name="村组干部报酬") in response.content.decode()
    second.refresh_from_db()
    assert (second.name, second.version) == ("基层组织活动经费", 1)


def test_a_plan_keeps_the_form_it_was_read_from_and_one_made_in_jixiao_every_field(plan):
    assert plan.template == "河北省项目支出绩效目标表" and plan_document(plan).form == FORM_FIELDS
    Plan.objects.filter(pk=plan.pk).update(template="")
    plan.refresh_from_db()
    assert plan_document(plan).form == FORM_FIELDS and plan_document(plan).template == ""
    plan.template = FORM_NAME
    assert plan_document(plan).form == frozenset({"total", "basis"})  # the seed's indicators give a basis


@pytest.mark.django_db(transaction=True)
def test_the_apis_upload_takes_a_real_document(live_server, users):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {Token.issue(users['editor'])}"
    try:
        response = session.post(f"{live_server.url}/api/plans/", timeout=60,
                                files={"file": (ZHAOHUA, (REAL / ZHAOHUA).read_bytes())})
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["unit_code"], body["year"], body["state"]) == ("711001", 2021, "draft")
        detail = session.get(f"{live_server.url}/api/plans/{body['id']}", timeout=60).json()
        assert [p["code"] for p in detail["projects"]] == [""]
        assert not {f["code"] for f in detail["review"]["findings"]} & NOT_IN_FORM
        project = session.get(f"{live_server.url}/api/projects/{detail['projects'][0]['id']}", timeout=60).json()
        assert project["name"] == "特困家庭再扶助(独生子女死亡再扶助)" and len(project["indicators"]) == 9
        assert Plan.objects.get().template == FORM_NAME
        admin = requests.Session()
        admin.headers["Authorization"] = f"Bearer {Token.issue(users['admin'])}"
        refused = admin.post(f"{live_server.url}/api/plans/", timeout=60,
                             files={"file": (XIANGTAN, (REAL / XIANGTAN).read_bytes())})
        admin.close()
        assert refused.status_code == 400
        assert refused.json()["message"] == e.NO_UNIT_MESSAGE.format(name="湘潭市环境卫生管理处")
    finally:
        session.close()
