"""Surveys carry the date they were conducted (调查日期) and each answer the date it was given
(回答日期): required on the page and in the API, inside the plan's year, shown on the page, the
API and in the history; monitoring at a date counts only the answers given by then, the demo's
too (its surveys follow the rounds and checks they ask about)."""

import importlib
from datetime import date
from decimal import Decimal as D

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.relief.surveys import satisfaction
from jixiao.web.accounts.models import Token
from jixiao.web.goals.models import Plan
from jixiao.web.history.models import Entry
from jixiao.web.relief import errors, selectors, services
from jixiao.web.relief.errors import ReliefError
from jixiao.web.relief.models import Round, Survey, SurveyResponse

from .conftest import SEED, login

P1, P2, P3 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098", "13032221W892NIM0EVGFV"
SATISFACTION = {P1: "受帮扶困难职工满意度", P2: "劳模体检项目的满意程度", P3: "受救助困难职工满意度"}
MARCH = date(2021, 3, 31)


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


@pytest.fixture
def p1(plan):
    return plan.projects.get(code=P1)


@pytest.fixture
def demo(db):
    from jixiao.web.demo import load_demo

    load_demo(SEED)
    return Plan.objects.get(year=2021)


# ---------------------------------------------------------------- the demo at 31 March and at the year's end

def test_the_demo_at_31_march_counts_only_the_survey_answers_given_by_then(demo):
    march, year = selectors.computed_actuals(demo, MARCH), selectors.computed_actuals(demo)
    by_then = SurveyResponse.objects.filter(survey__project__plan=demo, survey__project__code=P1, date__lte=MARCH)
    # The spring round's follow-up (late February into March) only: the National Day one is in the autumn.
    assert by_then.count() == 150 and set(by_then.values_list("survey__name", flat=True)) == {"春节送温暖救助满意度回访"}
    counted = march[(P1, SATISFACTION[P1])].value
    assert counted.records == tuple(f"response:{pk}" for pk in by_then.order_by("id").values_list("pk", flat=True))
    assert counted.value == satisfaction([r.answers for r in by_then.order_by("id")], 0)
    # The checks' survey and the special fund's come at the year's end: no value yet.
    assert march[(P2, SATISFACTION[P2])].value.value is None and march[(P2, SATISFACTION[P2])].value.records == ()
    assert march[(P3, SATISFACTION[P3])].value.value is None
    # At the year's end every answer counts.
    everyone = SurveyResponse.objects.filter(survey__project__plan=demo, survey__project__code=P1).order_by("id")
    assert len(year[(P1, SATISFACTION[P1])].value.records) == 300
    assert year[(P1, SATISFACTION[P1])].value.value == satisfaction([r.answers for r in everyone], 0)
    assert len(year[(P2, SATISFACTION[P2])].value.records) == 46 and len(year[(P3, SATISFACTION[P3])].value.records) == 12


def test_the_demo_dates_each_survey_after_what_it_asks_about(demo):
    for survey in Survey.objects.filter(project__plan=demo).select_related("round"):
        days = list(survey.responses.values_list("date", flat=True))
        assert survey.date.year == 2021 and min(days) == survey.date and max(days).year == 2021
        if survey.round is not None:
            assert survey.date > survey.round.end or survey.round.name.endswith("春节送温暖")
            last_paid = max(survey.round.entries.values_list("payments__date", flat=True))
            assert survey.date > last_paid, survey.name
    checked = max(d for d in demo.unit.model_workers.values_list("checks__date", flat=True) if d)
    assert Survey.objects.get(project__plan=demo, project__code=P2).date > checked


# ---------------------------------------------------------------- creating a survey: its date

def test_a_survey_is_created_with_its_date_and_the_history_says_it(users, p1):
    survey = services.survey_create(project=p1, name="春节救助回访", questions=["总体评价"], on=date(2021, 2, 22),
                                    user=users["relief"])
    survey.refresh_from_db()
    assert survey.date == date(2021, 2, 22)
    entry = Entry.objects.get(action="survey.created", object_id=survey.pk)
    assert entry.changes["date"] == ["", "2021-02-22"]


def test_a_survey_dated_outside_the_plans_year_is_refused_and_nothing_is_written(users, p1):
    with pytest.raises(ReliefError) as refused:
        services.survey_create(project=p1, name="回访", questions=["总体评价"], on=date(2022, 1, 5),
                               user=users["relief"])
    assert refused.value.code == errors.SURVEY_DATE and refused.value.status == 400
    assert refused.value.message == "调查日期2022-01-05不在2021年内"
    assert not Survey.objects.exists() and not Entry.objects.filter(action="survey.created").exists()


def test_a_caller_giving_no_date_gets_the_rounds_end_or_the_years_end(users, p1):
    spring = Round.objects.create(project=p1, name="2021年春节送温暖", kind="救助", start=date(2021, 1, 15),
                                  end=date(2021, 2, 10))
    of_round = services.survey_create(project=p1, name="回访", questions=["总体"], round_=spring, user=users["relief"])
    whole = services.survey_create(project=p1, name="全年", questions=["总体"], user=users["relief"])
    assert (of_round.date, whole.date) == (date(2021, 2, 10), date(2021, 12, 31))


def test_the_page_requires_the_date_and_shows_it(client, users, p1):
    officer = login(client, users["relief"])
    missing = officer.post("/relief/surveys/", {"project": p1.pk, "name": "回访", "questions": "总体评价"})
    assert missing.status_code == 400 and errors.SURVEY_DATE_MISSING_MESSAGE in missing.content.decode()
    unreadable = officer.post("/relief/surveys/", {"project": p1.pk, "name": "回访", "questions": "总体评价",
                                                   "date": "二月底"})
    assert unreadable.status_code == 400 and errors.SURVEY_DATE_MISSING_MESSAGE in unreadable.content.decode()
    late = officer.post("/relief/surveys/", {"project": p1.pk, "name": "回访", "questions": "总体评价",
                                             "date": "2022-01-05"})
    assert late.status_code == 400 and "调查日期2022-01-05不在2021年内" in late.content.decode()
    assert not Survey.objects.exists()
    made = officer.post("/relief/surveys/", {"project": p1.pk, "name": "春节回访", "questions": "总体评价",
                                             "date": "2021年2月22日"})
    assert made.status_code == 302 and Survey.objects.get().date == date(2021, 2, 22)
    page = officer.get("/relief/surveys/").content.decode()
    assert "<th>调查日期</th>" in page and "2021年2月22日" in page and 'name="date"' in page


def test_the_api_requires_the_date_and_gives_it_back(users, p1):
    officer = api(users["relief"])
    missing = officer.post("/api/relief/surveys", {"project": p1.pk, "name": "回访", "questions": ["总体"]},
                           content_type="application/json")
    assert missing.status_code == 422 and missing.json()["fields"] == {"date": "缺少此字段"}
    late = officer.post("/api/relief/surveys", {"project": p1.pk, "name": "回访", "questions": ["总体"],
                                                "date": "2020-12-30"}, content_type="application/json")
    assert late.status_code == 400 and late.json()["code"] == errors.SURVEY_DATE
    assert late.json()["message"] == "调查日期2020-12-30不在2021年内"
    assert not Survey.objects.exists()
    made = officer.post("/api/relief/surveys", {"project": p1.pk, "name": "回访", "questions": ["总体"],
                                                "date": "2021-02-22"}, content_type="application/json")
    assert made.status_code == 200 and made.json()["date"] == "2021-02-22"
    listed = officer.get("/api/relief/surveys").json()
    assert [(s["name"], s["date"]) for s in listed] == [("回访", "2021-02-22")]


# ---------------------------------------------------------------- answers: their dates

def test_answers_without_a_date_column_take_the_surveys_date(users, p1):
    survey = services.survey_create(project=p1, name="回访", questions=["总体", "及时"], on=date(2021, 2, 22),
                                    user=users["relief"])
    services.survey_import(survey=survey, rows=[["总体", "及时"], ["5", "4"], ["3", ""]], name="a.csv",
                           user=users["relief"])
    assert list(SurveyResponse.objects.order_by("id").values_list("answers", "date")) == [
        ([5, 4], date(2021, 2, 22)), ([3, None], date(2021, 2, 22))]


def test_answers_dated_by_the_file_count_at_a_date_only_once_given(users, p1):
    survey = services.survey_create(project=p1, name="回访", questions=["总体"], on=date(2021, 3, 20),
                                    user=users["relief"])
    rows = [["总体", "日期"], ["5", "2021-03-20"], ["2", "2021-04-02"], ["4", ""]]
    assert services.survey_import(survey=survey, rows=rows, name="a.csv", user=users["relief"]) == 3
    assert list(SurveyResponse.objects.order_by("id").values_list("date", flat=True)) == [
        date(2021, 3, 20), date(2021, 4, 2), date(2021, 3, 20)]
    pick = lambda as_of: selectors.project_records(p1, as_of)  # noqa: E731
    from jixiao.relief.metrics import CATALOGUE

    value = CATALOGUE["survey_satisfaction"].compute
    assert value(pick(MARCH), {}).value == D(100) and len(value(pick(MARCH), {}).records) == 2
    assert value(pick(None), {}).value.quantize(D("0.01")) == D("66.67")
    assert value(pick(date(2021, 3, 19)), {}).value is None


def test_bad_answer_dates_refuse_the_whole_file_and_are_listed_with_their_rows(client, users, p1):
    survey = services.survey_create(project=p1, name="回访", questions=["总体", "及时"], on=date(2021, 2, 22),
                                    user=users["relief"])
    text = "日期,总体,及时\n2021-02-23,5,4\n2020-12-31,4,4\n二月底,5,5\n2021-03-01,6,4\n"
    refused = api(users["relief"]).post(f"/api/relief/surveys/{survey.pk}/answers",
                                        {"file": SimpleUploadedFile("回答.csv", text.encode())})
    assert refused.status_code == 400 and refused.json()["fields"] == {
        "第3行“日期”": "回答日期2020-12-31不在2021年内", "第4行“日期”": "“二月底”不是日期，应如2021-03-05",
        "第5行“总体”": "“6”不是1～5分"}
    assert not SurveyResponse.objects.exists()
    officer = login(client, users["relief"])
    page = officer.post(f"/relief/surveys/{survey.pk}/answers/", {"file": SimpleUploadedFile("回答.csv", text.encode())})
    assert "第3行“日期”：回答日期2020-12-31不在2021年内" in page.content.decode()
    assert not SurveyResponse.objects.exists()
    assert officer.post("/relief/imports/confirm/", {"action": "import"}).status_code == 302
    assert list(SurveyResponse.objects.values_list("answers", "date")) == [([5, 4], date(2021, 2, 23))]


# ---------------------------------------------------------------- the migration's dates for older surveys

def test_the_migration_dates_older_surveys_by_their_round_or_the_years_end(users, p1):
    spring = Round.objects.create(project=p1, name="2021年春节送温暖", kind="救助", start=date(2021, 1, 15),
                                  end=date(2021, 2, 10))
    of_round = Survey.objects.create(project=p1, round=spring, name="回访", questions=["总体"])
    whole = Survey.objects.create(project=p1, name="全年", questions=["总体"])
    SurveyResponse.objects.bulk_create([SurveyResponse(survey=of_round, answers=[5]),
                                        SurveyResponse(survey=whole, answers=[4]),
                                        SurveyResponse(survey=whole, answers=[3], date=date(2021, 6, 1))])
    migration = importlib.import_module("jixiao.web.relief.migrations.0004_survey_dates")
    migration.fill_dates(apps, None)
    of_round.refresh_from_db()
    whole.refresh_from_db()
    assert (of_round.date, whole.date) == (date(2021, 2, 10), date(2021, 12, 31))
    assert list(SurveyResponse.objects.order_by("id").values_list("date", flat=True)) == [
        date(2021, 2, 10), date(2021, 12, 31), date(2021, 6, 1)]
