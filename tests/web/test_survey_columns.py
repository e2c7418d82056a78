"""Survey answers are matched to the questionnaire's questions by their header, not by position:
swapped columns land on the right questions, a header written with half-width brackets or
spaces still matches, and a file whose header does not name the questions (a register uploaded
as answers) is refused whole, naming the missing questions and the unknown columns."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.relief.errors import ANSWER_COLUMNS, RowsError
from jixiao.web.relief import services
from jixiao.web.relief.models import SurveyResponse

from .conftest import approve, login
from .test_api_live import browser_login
from .test_relief_payments_imports import P1, api

OVERALL, TIMELY = "对救助（服务）的总体评价", "对发放及时性的评价"
# The walk's files: the answers with the columns in the other order and a 备注, and a register in GBK.
SWAPPED = "对发放及时性的评价,对救助（服务）的总体评价,备注\n5,1,x\n".encode()
REGISTER_GBK = ("姓名,身份证号,电话,工作单位,家庭人口,家庭年收入,致困原因,困难程度\n"
                "国标甲,130322195601017008,13800000007,县纺织厂,2,8000,因病,深度困难\n").encode("gbk")


@pytest.fixture
def survey(users, plan):
    approve(plan, users)
    return services.survey_create(project=plan.projects.get(code=P1), name="2021年救助回访",
                                  questions=[OVERALL, TIMELY], on=date(2021, 3, 5), user=users["relief"])


def upload(client, survey, name, data):
    return client.post(f"/relief/surveys/{survey.pk}/answers/", {"file": SimpleUploadedFile(name, data)})


def test_swapped_columns_land_on_their_questions_and_the_overall_score_is_the_overall_answer(client, users, survey):
    page = upload(login(client, users["relief"]), survey, "ans2.csv", SWAPPED)
    assert page.status_code == 302
    assert list(SurveyResponse.objects.values_list("answers", flat=True)) == [[1, 5]]  # 总体 1, 及时 5
    from jixiao.relief.metrics import CATALOGUE
    from jixiao.web.relief import selectors

    value = CATALOGUE["survey_satisfaction"].compute(selectors.project_records(survey.project, None), {})
    assert value.value == 0  # the one respondent rated the relief 1: not satisfied


def test_headers_match_with_half_width_brackets_spaces_a_date_and_a_note_column(users, survey):
    rows = [["备注", " 对发放及时性的评价 ", "日期", "对救助(服务)的总体评价"],
            ["电话回访", "4", "2021-03-06", "5"], ["", "", "", "2"]]
    assert services.survey_import(survey=survey, rows=rows, name="回答.xlsx", user=users["relief"]) == 2
    assert list(SurveyResponse.objects.order_by("id").values_list("answers", "date")) == [
        ([5, 4], date(2021, 3, 6)), ([2, None], date(2021, 3, 5))]


def test_a_register_uploaded_as_answers_is_refused_naming_the_missing_questions_and_unknown_columns(
        client, users, survey):
    page = upload(login(client, users["relief"]), survey, "gbk.csv", REGISTER_GBK)
    text = page.content.decode()
    assert page.status_code == 400
    assert "gbk.csv" in text and "表头与问卷“2021年救助回访”的问题对不上" in text
    assert f"缺少问题“{OVERALL}”、“{TIMELY}”" in text
    assert "不认识的列“姓名”、“身份证号”、“电话”、“工作单位”、“家庭人口”、“家庭年收入”、“致困原因”、“困难程度”" in text
    assert "国标甲" not in text and not SurveyResponse.objects.exists()


def test_a_file_lacking_one_question_or_naming_one_twice_is_refused_by_the_api_and_nothing_is_written(
        users, survey):
    lacking = f"{OVERALL},对工作人员态度的评价\n5,4\n".encode()
    refused = api(users["relief"]).post(f"/api/relief/surveys/{survey.pk}/answers",
                                        {"file": SimpleUploadedFile("回答.csv", lacking)})
    body = refused.json()
    assert refused.status_code == 400 and body["code"] == ANSWER_COLUMNS
    assert body["fields"] == {"表头": f"缺少问题“{TIMELY}”；不认识的列“对工作人员态度的评价”"}
    with pytest.raises(RowsError) as twice:
        services.survey_import(survey=survey, rows=[[OVERALL, TIMELY, "对救助(服务)的总体评价"], ["5", "4", "3"]],
                               name="回答.csv", user=users["relief"])
    assert "重复的列“对救助(服务)的总体评价”" in twice.value.message
    with pytest.raises(RowsError) as unnamed:
        services.survey_import(survey=survey, rows=[[OVERALL, TIMELY, ""], ["5", "4", "3"]], name="回答.csv",
                               user=users["relief"])
    assert "不认识的列第3列（无表头）" in unnamed.value.message
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_on_a_live_server_swapped_columns_import_right_and_a_register_is_refused(live_server, users, survey):
    session = browser_login(live_server.url, "relief")
    url = f"{live_server.url}/relief/surveys/{survey.pk}/answers/"

    def post(name, data):
        return session.post(url, data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
                            files={"file": (name, data)}, headers={"Referer": url}, timeout=60)

    refused = post("gbk.csv", REGISTER_GBK)
    assert refused.status_code == 400 and "不认识的列“姓名”" in refused.text
    assert not SurveyResponse.objects.exists()
    done = post("ans2.csv", SWAPPED)
    assert done.status_code == 200 and "已导入1份回答" in done.text
    assert list(SurveyResponse.objects.values_list("answers", flat=True)) == [[1, 5]]
