"""Every parameter a province's rule set may set, scored and monitored by hand: each expected value is
worked out in the comment beside it."""

from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.evaluation import errors as e
from jixiao.evaluation.errors import EvaluationError
from jixiao.evaluation.monitoring import BLUE, GREEN, RED, YELLOW, monitor_document
from jixiao.evaluation.quantities import record_from_text
from jixiao.evaluation.scoring import (
    CAPPED,
    EXCEEDED,
    NEGATIVE,
    grade,
    score_document,
    score_execution,
    score_indicator,
)
from jixiao.rulesets import load

from .helpers import actual, document, ind, paid, project

CZ, STRICT, B80 = load(), load("CZ-2020-10-STRICT"), load("CZ-2020-10-B80")
W = D(10)
JULY = date(2021, 7, 31)  # 212 of 365 days gone: 序时进度 58.08 %


def score(target, value, rules=CZ, weight=W):
    return score_indicator(ind("产出指标", "数量指标", "指标", target), record_from_text("p", "指标", value), weight,
                           rules["self_evaluation"])


def settings(rules=CZ, **changed):
    return dict(rules["self_evaluation"], **changed)


# ---------------------------------------------------------------- lower_is_better

@pytest.mark.parametrize("value, ratio, linear", [
    ("400元", W, W),                # within the ceiling: full either way
    ("500元", W, W),                # at the ceiling
    ("625元", D(8), D("7.5")),      # ratio 500 ÷ 625 × 10 = 8; linear (1 − 125 ÷ 500) × 10 = 7.5
    ("750元", D(500) / 750 * W, D(5)),   # ratio 6.67; linear (1 − 250 ÷ 500) × 10 = 5
    ("999元", D(500) / 999 * W, D("0.02")),  # linear (1 − 499 ÷ 500) × 10 = 0.02
    ("1000元", D(5), D(0)),         # twice the ceiling: ratio 5, linear 0
    ("1500元", D(500) / 1500 * W, D(0)),
])
def test_a_ceiling_passed_scores_by_ratio_or_linearly_to_twice_the_target(value, ratio, linear):
    assert score("≤500元", value).score == ratio
    assert score("≤500元", value, STRICT).score == linear


def test_a_zero_ceiling_passed_scores_nothing_either_way():
    assert score("≤0起", "1起").score == 0 and score("≤0起", "1起", STRICT).score == 0
    assert score("≤0起", "0起").score == W and score("≤0起", "0起", STRICT).score == W


def test_the_upper_end_of_a_range_scores_as_a_ceiling():
    # 60%-80% with 85 %: as ≤80 %: ratio 80 ÷ 85 × 10 = 9.41…; linear (1 − 5 ÷ 80) × 10 = 9.375
    assert score("60%-80%", "85%").score == D(80) / 85 * W
    assert score("60%-80%", "85%", STRICT).score == D("9.375")
    # 170 % is past twice 80 %: 0 linearly, 80 ÷ 170 × 10 = 4.71 by ratio
    assert score("60%-80%", "170%", STRICT).score == 0 and score("60%-80%", "170%").score == D(80) / 170 * W
    # below the lower end both score 45 ÷ 60 × 10 = 7.5, within it full
    assert score("60%-80%", "45%", STRICT).score == D("7.5") == score("60%-80%", "45%").score
    assert score("60%-80%", "70%", STRICT).score == W


# ---------------------------------------------------------------- exceed_ratio, exceed_deducts, exceed_points

def test_thirty_percent_above_a_floor_loses_two_points_under_the_strict_rules():
    at = score("≥400人", "520人", STRICT)   # 520 = 1.3 × 400, the boundary counts: 10 − 2 = 8
    assert at.score == 8 and at.flags == [EXCEEDED] and at.reason_required
    below = score("≥400人", "519人", STRICT)  # 519 ÷ 400 = 1.2975 < 1.3: full, no flag
    assert below.score == W and below.flags == []
    assert score("≥400人", "800人", STRICT).score == 8  # twice the floor: still only 2 points


def test_the_deduction_never_goes_below_zero():
    # weight 1.5: 1.5 − 2 would be −0.5, kept at 0
    assert score("≥400人", "600人", STRICT, weight=D("1.5")).score == 0


def test_a_ceiling_beaten_by_far_is_flagged_but_not_deducted():
    # ≤600元 with 400: 400 < 600 ÷ 1.3 = 461.5: flagged, full 10 (the deduction is for ≥ and > only)
    result = score("≤600元", "400元", STRICT)
    assert result.flags == [EXCEEDED] and result.score == W


def test_the_national_defaults_only_flag_beyond_one_point_two():
    assert score("≥400人", "480人").flags == []        # 480 = 1.2 × 400: not beyond
    assert score("≥400人", "481人").flags == [EXCEEDED] and score("≥400人", "481人").score == W
    deducting = settings(exceed_deducts=True)         # 1.2 with deduction: the boundary counts
    result = score_indicator(ind("产出指标", "数量指标", "指标", "≥400人"), record_from_text("p", "指标", "480人"), W,
                             deducting)
    assert result.score == 8 and result.flags == [EXCEEDED]


# ---------------------------------------------------------------- negative actuals, weights above 0

def test_a_negative_actual_counts_as_zero():
    result = score("≥90%", "-5%")   # 0 ÷ 90 × 10 = 0, flagged
    assert result.score == 0 and result.flags == [NEGATIVE] and result.reason_required
    assert score("≤500元", "-10元").score == W  # 0 against a ceiling: full
    assert score("≤500元", "-10元", STRICT).score == W


def test_a_document_weight_of_zero_is_an_error_naming_the_indicator():
    p = project([ind("产出指标", "数量指标", "帮扶人数", "≥400人", D(0)),
                 ind("效益指标", "社会效益指标", "生活改善", "生活明显改善", D(90))])
    with pytest.raises(EvaluationError) as caught:
        score_document(document(p), [], [], CZ)
    assert caught.value.message == e.ZERO_WEIGHT.format(indicator="帮扶人数", weight=0)
    assert caught.value.code == "zero_weight"


# ---------------------------------------------------------------- execution_caps

FULL = [actual("帮扶人数", "400人"), actual("每人补助标准", "500元"), actual("生活改善", "达成"),
        actual("满意度", "96%")]  # every indicator full: 25 + 25 + 30 + 10 = 90 points


def scored(spent, rules):
    [result] = score_document(document(), [paid(spent)], FULL, rules)
    return result


@pytest.mark.parametrize("spent, rate, uncapped, cap, total, grade", [
    (170000, 85, D("98.5"), None, D("98.5"), "优"),   # 85 %: 8.5 + 90 = 98.5, no cap
    (160000, 80, D(98), None, D(98), "优"),            # exactly 80 %: no cap
    (150000, 75, D("97.5"), 89, D(89), "良"),          # below 80 %: 97.5 capped at 89, 8.5 deducted
    (130000, 65, D("96.5"), 79, D(79), "中"),          # below 70 %: 79 (the lowest cap that applies)
    (110000, 55, D("95.5"), 69, D(69), "中"),          # below 60 %: 69
    (90000, 45, D("94.5"), 59, D(59), "差"),           # below 50 %: 59
])
def test_the_execution_rate_caps_the_total(spent, rate, uncapped, cap, total, grade):
    national, strict = scored(spent, CZ), scored(spent, STRICT)
    assert national.total == uncapped and national.cap is None and national.flags == []
    assert strict.total == total and strict.grade == grade
    assert strict.cap == (None if cap is None else D(cap))
    if cap is not None:
        assert strict.flags == [CAPPED.format(rate=D(rate), below=D(_below(cap)), cap=D(cap), deducted=uncapped - cap)]


def _below(cap):
    return {89: 80, 79: 70, 69: 60, 59: 50}[cap]


def test_the_cap_message_reads_as_a_finance_bureau_would_write_it():
    assert scored(150000, STRICT).flags == ["执行率75.00%低于80%，总分以89分为限，扣减8.50分"]


def test_a_total_under_its_cap_is_kept():
    [result] = score_document(document(), [paid(150000)], FULL[:1], STRICT)  # 7.5 + 25 = 32.5 < 89
    assert result.total == D("32.5") and result.cap == 89 and result.flags == []


# ---------------------------------------------------------------- execution_cap_100

def test_spending_above_the_budget_is_deducted_or_held_at_full_points():
    # 240,000 of 200,000 = 120 %: deducted as a shortfall 10 × (2 − 1.2) = 8, or held at 100 %: 10
    assert score_execution(project(), [paid(240000)], CZ["self_evaluation"]).score == 8
    held = score_execution(project(), [paid(240000)], B80["self_evaluation"])
    assert held.score == 10 and held.reason_required and held.flags


# ---------------------------------------------------------------- grades

@pytest.mark.parametrize("total_spent, cz, b80", [(150000, "优", "优"), (90000, "优", "差")])
def test_grade_bands_come_from_the_rule_set(total_spent, cz, b80):
    # 75 %: CZ 97.5 优; B80 capped at 89, ≥ 80 优. 45 %: CZ 94.5 优; B80 capped at 59 < 60 差
    assert scored(total_spent, CZ).grade == cz and scored(total_spent, B80).grade == b80


def test_eighty_seventy_sixty_bands():
    # 79 under B80 (≥ 70) is 良, under the national bands (≥ 60, < 80) 中
    assert grade(D(79), B80["grades"]) == "良" and grade(D(79), CZ["grades"]) == "中"
    assert grade(D(80), B80["grades"]) == "优" and grade(D("69.99"), B80["grades"]) == "中"


# ---------------------------------------------------------------- monitoring: colours

def monitored(spent, rules, values=()):
    _, [row] = monitor_document(document(), [paid(spent)], list(values), JULY, rules)
    return row


@pytest.mark.parametrize("spent, gap_colour, absolute", [
    (119980, GREEN, RED),      # 59.99 %: 2.6 points behind the plan's 62.60 %: gap green; absolute red
    (120000, GREEN, YELLOW),   # 60 %: absolute yellow from 60
    (159980, GREEN, YELLOW),   # 79.99 %
    (160000, GREEN, GREEN),    # 80 %: absolute green from 80
    (100000, YELLOW, RED),     # 50 % against 62.60 %: gap −12.60 yellow; absolute below 60 % red
])
def test_monitoring_colours_by_the_gap_or_by_absolute_bands(spent, gap_colour, absolute):
    assert monitored(spent, CZ).colour == gap_colour
    assert monitored(spent, STRICT).colour == absolute


def test_spending_above_the_budget_is_red_in_either_mode():
    assert monitored(240000, STRICT).colour == RED and monitored(240000, CZ).colour == RED


# ---------------------------------------------------------------- monitoring: indicator progress pro rata

def indicator_row(value, rules, name="帮扶人数"):
    return next(i for i in monitored(120000, rules, [actual(name, value)]).indicators if i.name == name)


def test_progress_to_date_against_pro_rata():
    # 300 people by 31 July: to date 300 ÷ 400 = 75 %; pro rata the year's forecast 300 ÷ (212 ÷ 365) = 516.51
    # people, 516.51 ÷ 400 = 129.13 %
    to_date, pro_rata = indicator_row("300人", CZ), indicator_row("300人", STRICT)
    assert to_date.progress == 75 and to_date.state == ""
    assert round(pro_rata.progress, 2) == D("129.13") and round(pro_rata.forecast, 2) == D("516.51")


def test_a_forecast_far_above_the_target_is_blue():
    row = indicator_row("300人", STRICT)   # 516.51 ≥ 1.2 × 400 = 480: blue, an explanation asked
    assert row.state == BLUE and row.reason_required and not row.reminder


def test_a_deviation_of_more_than_fifteen_percent_reminds():
    # 200 people: forecast 344.34, short of 400 by 13.9 %: green; 190 people: 327.12, short by 18.2 %: reminder
    near, far = indicator_row("200人", STRICT), indicator_row("190人", STRICT)
    assert (near.state, near.reminder) == (GREEN, False)
    assert (far.state, far.reminder) == (YELLOW, True) and far.reason_required


def test_a_rate_is_not_carried_forward():
    # 满意度 96 % against ≥95 %: a rate stays where it is, 96 ÷ 95 = 101.05 %, green
    row = indicator_row("96%", STRICT, name="满意度")
    assert round(row.progress, 2) == D("101.05") and row.state == GREEN
