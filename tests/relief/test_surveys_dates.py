"""Survey answers dated when they were given: an answers file's 日期 column, else the survey's
date; a date that cannot be read or lies outside the plan's year is a bad row, listed with the
others, and monitoring at a date counts only the answers given by then."""

from datetime import date
from decimal import Decimal as D

from jixiao.formats.records_csv import parse_date
from jixiao.relief import metrics
from jixiao.relief.errors import ANSWER_DATE, ANSWER_OUTSIDE_YEAR_MESSAGE, BAD_ANSWER, NOT_A_DATE_MESSAGE
from jixiao.relief.surveys import read_dated_answer_rows

SURVEY_DAY = date(2021, 2, 22)


def read(rows, questions=2):
    return read_dated_answer_rows(rows, questions, year=2021, default=SURVEY_DAY, parse_day=parse_date)


def test_without_a_date_column_every_response_is_dated_on_the_survey_day():
    good, bad = read([["总体评价", "及时性"], ["5", "4"], ["", ""], ["3", ""]])
    assert good == [([5, 4], SURVEY_DAY), ([3, None], SURVEY_DAY)] and bad == []


def test_the_date_column_may_stand_anywhere_and_is_read_as_people_write_dates():
    rows = [["总体评价", "日期", "及时性"], ["5", "2021年3月2日", "4"], ["4", "2021/12/30", ""], ["2", "", "3"]]
    good, bad = read(rows)
    assert good == [([5, 4], date(2021, 3, 2)), ([4, None], date(2021, 12, 30)), ([2, 3], SURVEY_DAY)]
    assert bad == []


def test_a_bad_or_out_of_year_date_is_a_bad_row_listed_with_the_bad_scores():
    rows = [["回答日期", "总体评价", "及时性"], ["2021-03-01", "5", "4"], ["2020-12-31", "5", "5"],
            ["三月初", "6", "4"], ["2022-01-02", "4", "4"], ["2021-03-03", "4", "五"]]
    good, bad = read(rows)
    assert good == [([5, 4], date(2021, 3, 1))]
    assert [(b.row, b.field, b.code) for b in bad] == [(3, "回答日期", ANSWER_DATE), (4, "总体评价", BAD_ANSWER),
                                                       (4, "回答日期", ANSWER_DATE), (5, "回答日期", ANSWER_DATE),
                                                       (6, "及时性", BAD_ANSWER)]
    assert bad[0].message == ANSWER_OUTSIDE_YEAR_MESSAGE.format(on=date(2020, 12, 31), year=2021)
    assert str(bad[0]) == "第3行“回答日期”：回答日期2020-12-31不在2021年内"
    assert bad[2].message == NOT_A_DATE_MESSAGE.format(cell="三月初", year=2021) == "“三月初”不是日期，应如2021-03-05"


def test_satisfaction_at_a_date_counts_only_the_answers_given_by_then():
    def records(as_of):
        return metrics.ProjectRecords(2021, D(0), answers=[[5], [2], [4], [1]],
                                      answer_refs=["response:1", "response:2", "response:3", "response:4"],
                                      answer_dates=[date(2021, 2, 25), date(2021, 3, 31), date(2021, 4, 1),
                                                    date(2021, 10, 30)], as_of=as_of)

    value = metrics.CATALOGUE["survey_satisfaction"].compute
    assert value(records(date(2021, 2, 1)), {}).value is None  # nobody had answered yet
    march = value(records(date(2021, 3, 31)), {})
    assert (march.value, march.records) == (D(50), ("response:1", "response:2"))
    assert value(records(None), {}).value == D(50) and len(value(records(None), {}).records) == 4
