"""Satisfaction per respondent, as the seed defines it (受帮扶困难职工满意的人数 ÷ 总救助人数):
one person counts once, by their overall answer or else the mean of their answers."""

from datetime import date
from decimal import Decimal as D

from jixiao.relief import metrics
from jixiao.relief.surveys import overall_question, satisfaction, satisfied


def test_a_respondent_counts_once_not_each_answer():
    # Pooling answers would give 3 of 4 = 75 %; per person one of two is satisfied.
    assert satisfaction([[5, 4], [4, 2]]) == D(50)


def test_the_overall_question_decides_when_the_survey_has_one():
    answers = [[5, 2, 2], [3, 5, 5], [None, 4, 5]]  # the third left the overall question blank: mean 4.5
    assert satisfaction(answers, overall=0) == D(2) * 100 / 3
    assert [satisfied(a, 0) for a in answers] == [True, False, True]


def test_a_respondent_without_a_valid_answer_is_not_counted():
    assert satisfaction([[None, 9], [4, 4]]) == D(100)
    assert satisfaction([[None]]) is None and satisfied([None, 0]) is None


def test_the_mean_must_reach_satisfied():
    assert satisfied([4, 3]) is False and satisfied([4, 4]) is True and satisfied([5, 3]) is True


def test_the_overall_question_is_found_by_its_words():
    assert overall_question(["对救助（服务）的总体评价", "对发放及时性的评价"]) == 0
    assert overall_question(["及时性", "整体满意程度"]) == 1
    assert overall_question(["及时性", "态度"]) is None


def test_the_metric_counts_respondents_and_says_so():
    records = metrics.ProjectRecords(2021, answers=[[5, 2], [2, 5], [4, None]], answer_refs=["r1", "r2", "r3"],
                                     answer_overall=[0, 0, 0])
    value = metrics.CATALOGUE["survey_satisfaction"].compute(records, {})
    assert value.value == D(2) * 100 / 3 and value.records == ("r1", "r2", "r3")
    description = metrics.CATALOGUE["survey_satisfaction"].description
    assert "按人计" in description and "总体评价" in description and "平均分" in description


def test_the_metric_keeps_the_as_of_date():
    records = metrics.ProjectRecords(2021, answers=[[5], [1]], answer_refs=["r1", "r2"],
                                     answer_dates=[date(2021, 3, 1), date(2021, 9, 1)], as_of=date(2021, 6, 30))
    assert metrics.CATALOGUE["survey_satisfaction"].compute(records, {}).value == D(100)
