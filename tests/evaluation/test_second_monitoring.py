"""二次监控 (issue 15 §2): which projects of a first-round table need the second round, hand-computed.

The helpers' project at 2021-07-31: 212 of 365 days gone, so a count of people is forecast as actual × 365 ÷ 212
(106人 → 182.5人); a rate or an amount per head stays where it is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.evaluation import errors as e
from jixiao.evaluation.errors import EvaluationError
from jixiao.evaluation.monitoring import monitor_document
from jixiao.evaluation.second_monitoring import (
    DEVIATES,
    ZERO_EXECUTION,
    check_second_date,
    deviation,
    second_dates,
    second_round,
    settings_of,
)

from .helpers import CODE, RULES, actual, document, paid, project

JULY = date(2021, 7, 31)
MONITORING = RULES["monitoring"]


def first_round(spending=(), actuals=(), doc=None, monitoring=MONITORING):
    when, rows = monitor_document(doc or document(), list(spending), list(actuals), JULY, RULES)
    return rows, second_round(rows, when, monitoring)


def test_the_thresholds_are_the_rule_sets():
    assert settings_of(MONITORING) == {"zero_execution": True, "deviation": 30, "latest": "09-30"}
    assert settings_of({"as_of": "07-31"}) == settings_of(MONITORING)  # a rule set without the section


def test_nothing_spent_and_a_count_far_behind_call_for_the_second_round():
    rows, needs = first_round(actuals=[actual("帮扶人数", "106人"), actual("每人补助标准", "650元"),
                                       actual("满意度", "66%")])
    (need,) = needs
    assert (need.key, need.name) == (CODE, "困难职工帮扶资金")
    money, persons, satisfaction = need.triggers
    assert money.text == ZERO_EXECUTION.format(first="2021-07-31", budget="200,000.00")
    # 106 × 365 ÷ 212 = 182.5 of ≥400: (400 − 182.5) ÷ 400 = 54.375 %
    assert (persons.indicator, persons.deviation) == ("帮扶人数", D("54.375"))
    assert persons.text == DEVIATES.format(indicator="帮扶人数", forecast="182.50人", target="≥400人", deviation="54.38",
                                           limit="30")
    # 66 % of ≥95 %: (95 − 66) ÷ 95 = 30.53 % > 30 %; 650元 of ≤500元: (650 − 500) ÷ 500 = 30 %, not above
    assert (satisfaction.indicator, round(satisfaction.deviation, 2)) == ("满意度", D("30.53"))
    assert need.why == "；".join(t.text for t in need.triggers)


def test_money_moving_and_indicators_within_thirty_percent_need_nothing():
    # 212人 → 365人: (400 − 365) ÷ 400 = 8.75 %
    rows, needs = first_round([paid("1")], [actual("帮扶人数", "212人"), actual("满意度", "67%")])
    assert needs == [] and deviation(rows[0].indicators[0]) == D("8.75")
    assert round(deviation(rows[0].indicators[3]), 4) == D("29.4737")  # (95 − 67) ÷ 95


def test_a_single_indicator_deviating_is_enough():
    _, needs = first_round([paid("50000")], [actual("帮扶人数", "106人")])
    assert [(t.indicator, t.deviation) for t in needs[0].triggers] == [("帮扶人数", D("54.375"))]


def test_a_project_without_budget_is_not_zero_execution():
    _, needs = first_round(doc=document(project(total="0")))
    assert needs == []


def test_zero_execution_can_be_switched_off_and_the_deviation_changed():
    monitoring = {**MONITORING, "second": {"zero_execution": False, "deviation": 60, "latest": "09-30"}}
    _, needs = first_round(actuals=[actual("帮扶人数", "106人")], monitoring=monitoring)
    assert needs == []  # 54.375 % is within 60 %, and nothing spent no longer counts


def test_indicators_without_a_number_have_no_deviation():
    rows, needs = first_round([paid("1")], [actual("生活改善", "未达成")])
    assert needs == [] and [deviation(i) for i in rows[0].indicators] == [None, None, None, None]


def test_the_second_dates_are_the_month_ends_after_the_first_by_september():
    assert second_dates(2021, MONITORING) == [date(2021, 8, 31), date(2021, 9, 30)]
    june = {**MONITORING, "as_of": "06-30"}
    assert second_dates(2024, june) == [date(2024, 7, 31), date(2024, 8, 31), date(2024, 9, 30)]


@pytest.mark.parametrize("when, message", [
    (date(2021, 8, 30), e.SECOND_DATE_MONTH_END.format(date="2021-08-30", example="2021-08-31")),
    (date(2021, 7, 31), e.SECOND_DATE_RANGE.format(date="2021-07-31", first="2021-07-31", latest="2021-09-30")),
    (date(2021, 10, 31), e.SECOND_DATE_RANGE.format(date="2021-10-31", first="2021-07-31", latest="2021-09-30")),
])
def test_a_second_date_elsewhere_is_refused(when, message):
    with pytest.raises(EvaluationError) as caught:
        check_second_date(when, 2021, MONITORING)
    assert caught.value.message == message and caught.value.fields == {"second_as_of": message}
    assert caught.value.status == 400


def test_a_month_end_in_august_or_september_is_accepted():
    check_second_date(date(2021, 8, 31), 2021, MONITORING)
    check_second_date(date(2021, 9, 30), 2021, MONITORING)
