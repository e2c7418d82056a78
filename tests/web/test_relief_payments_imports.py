"""One rule for every table of the relief area (register, 劳模名册, survey answers, payments): the
whole file is checked first, every bad row listed with its row number, column and reason, and
nothing is written unless the user chooses to import only the good rows."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.relief.errors import RowsError
from jixiao.web.accounts.models import Token
from jixiao.web.relief import errors, services
from jixiao.web.relief.models import Beneficiary, ModelWorker, Standard, Survey, SurveyResponse

from .conftest import approve, login
from .test_relief_payments import ident

P1 = "13032221GVUVTX63BWWCQ"


@pytest.fixture
def unit(users, plan):
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    return plan.unit


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


REGISTER = f"姓名,身份证号,困难程度,银行账号,开户银行\n王建国,{ident(0)},深度困难,6228480000000000001,农行昌黎支行\n" \
           f"李秀英,123,相对困难,,\n张桂兰,{ident(2)},很困难,,\n刘志强,{ident(3)},相对困难,62284800abc,农行昌黎支行\n"


def test_the_register_service_lists_every_bad_row_and_writes_nothing_unless_only_good(users, unit):
    rows = [line.split(",") for line in REGISTER.splitlines()]
    with pytest.raises(RowsError) as refused:
        services.register_import(unit=unit, rows=rows, user=users["relief"], name="档案.csv")
    error = refused.value
    assert (error.code, error.place, error.status) == (errors.BAD_ROWS, "档案.csv", 400)
    assert set(error.fields) == {"第3行“身份证号”", "第4行“困难程度”", "第5行“银行账号”"}
    assert not Beneficiary.objects.exists()
    assert services.register_import(unit=unit, rows=rows, user=users["relief"], only_good=True)[0] == 1
    assert list(Beneficiary.objects.values_list("id_number", flat=True)) == [ident(0)]


def test_the_register_page_previews_and_cancel_writes_nothing(client, users, unit):
    officer = login(client, users["relief"])
    page = officer.post("/relief/register/import/", {"unit": unit.pk, "file": SimpleUploadedFile(
        "档案.csv", REGISTER.encode("gb18030"))}).content.decode()
    assert "先核对整个文件" in page and "合格1行，有误3行" in page
    assert "第5行“银行账号”：银行账号“62284800abc”应为10～30位数字" in page
    cancelled = officer.post("/relief/imports/confirm/", {"action": "cancel"})
    assert cancelled.status_code == 302 and not Beneficiary.objects.exists()
    again = officer.post("/relief/imports/confirm/", {"action": "import"})  # nothing waits any more
    assert again.status_code == 400 and errors.IMPORT_EXPIRED_MESSAGE in again.content.decode()
    assert not Beneficiary.objects.exists()
    assert "先核对整个文件" in officer.get("/relief/register/").content.decode()  # the rule, on the page


def test_the_register_api_needs_only_good_to_import_a_file_with_bad_rows(users, unit):
    refused = api(users["relief"]).post("/api/relief/register/import", {"unit": "711001", "file": SimpleUploadedFile(
        "档案.csv", REGISTER.encode())})
    assert (refused.status_code, refused.json()["code"]) == (400, errors.BAD_ROWS) and not Beneficiary.objects.exists()
    assert refused.json()["message"].startswith("档案.csv：3行有误，未导入任何记录：第3行“身份证号”")
    done = api(users["relief"]).post("/api/relief/register/import", {"unit": "711001", "only_good": "true",
                                                                     "file": SimpleUploadedFile("档案.csv", REGISTER.encode())})
    assert done.status_code == 200 and done.json()["count"] == 1 and len(done.json()["bad"]) == 3


def test_model_workers_follow_the_same_rule(client, users, unit):
    names = f"姓名,身份证号,级别,授予年份\n甲,{ident(40)},省部级,2015\n乙,{ident(41)},县级,2015\n丙,{ident(42)},全国,往年\n"
    refused = api(users["relief"]).post("/api/relief/workers/import", {"unit": "711001", "file": SimpleUploadedFile(
        "名册.csv", names.encode())})
    assert refused.status_code == 400 and set(refused.json()["fields"]) == {"第3行“级别”", "第4行“授予年份”"}
    assert not ModelWorker.objects.exists()
    officer = login(client, users["relief"])
    page = officer.post("/relief/workers/import/", {"unit": unit.pk, "file": SimpleUploadedFile("名册.csv", names.encode())})
    assert "只导入合格的行（1行）" in page.content.decode() and not ModelWorker.objects.exists()
    assert "已导入1人" in officer.post("/relief/imports/confirm/", {"action": "import"}).content.decode()
    assert ModelWorker.objects.count() == 1


def test_survey_answers_list_every_bad_cell_instead_of_stopping_at_the_first(client, users, unit, plan):
    survey = services.survey_create(project=plan.projects.get(code=P1), name="救助满意度",
                                    questions=["总体评价", "及时性"], user=users["relief"])
    text = "总体评价,及时性\n5,4\n6,4\n4,五\n3,\n"
    refused = api(users["relief"]).post(f"/api/relief/surveys/{survey.pk}/answers", {"file": SimpleUploadedFile(
        "回答.csv", text.encode())})
    assert refused.status_code == 400 and refused.json()["fields"] == {"第3行“总体评价”": "“6”不是1～5分",
                                                                       "第4行“及时性”": "“五”不是1～5分"}
    assert not SurveyResponse.objects.exists()
    officer = login(client, users["relief"])
    page = officer.post(f"/relief/surveys/{survey.pk}/answers/", {"file": SimpleUploadedFile("回答.csv", text.encode())})
    assert "第3行“总体评价”：“6”不是1～5分" in page.content.decode() and "第4行“及时性”" in page.content.decode()
    assert not SurveyResponse.objects.exists()
    assert officer.post("/relief/imports/confirm/", {"action": "import"}).status_code == 302
    assert [r.answers for r in Survey.objects.get().responses.order_by("id")] == [[5, 4], [3, None]]
