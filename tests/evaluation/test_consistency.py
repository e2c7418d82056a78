"""绩效与预算执行一致性 (issue 15 §2): hand-computed over projects scored by the rule set.

The helpers' project: budget 200,000元, indicators 帮扶人数 ≥400人 (25), 每人补助标准 ≤500元 (25), 生活改善
(qualitative, 30), 满意度 ≥95% (10): 90 points of indicators, 10 of execution."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from jixiao.evaluation.consistency import (
    AHEAD,
    NO_BUDGET,
    NO_INDICATORS,
    NO_RESULTS,
    UNSPENT,
    consistency,
    consistency_of,
    settings_of,
)
from jixiao.evaluation.monitoring import GREEN, RED, YELLOW
from jixiao.evaluation.scoring import score_document
from jixiao.rulesets import RuleSet

from .helpers import CODE, RULES, actual, document, paid, project

SETTINGS = RULES["consistency"]
ALL_MET = [actual("帮扶人数", "400人"), actual("每人补助标准", "400元"), actual("生活改善", "达成"),
           actual("满意度", "96%")]


def judged(spent, actuals=ALL_MET, rules=RULES, **made):
    (result,) = score_document(document(project(**made)), [paid(spent)] if spent else [], actuals, rules)
    return result, consistency(result, settings_of(rules))


def test_the_thresholds_are_the_rule_sets_with_their_source():
    assert SETTINGS == {"red_gap": 5, "yellow_unspent": 20}


def test_every_indicator_met_with_three_quarters_spent_is_red():
    result, c = judged("150000")
    assert [i.score for i in result.indicators] == [D(25), D(25), D(30), D(10)] and result.execution.score == D("7.5")
    # indicators 90 ÷ 90 = 100 %; execution 7.5 ÷ 10 = 75 %; (100 − 75) ÷ 100 = 25 % > 5 %
    assert (c.colour, c.indicator_share, c.execution_share, c.gap, c.unspent) == (RED, D(100), D(75), D(25), D(25))
    assert c.reason == AHEAD.format(indicators="100.00", execution="75.00", gap="25.00", limit="5")
    assert c.colour_name == "红"


def test_a_gap_of_exactly_five_percent_is_not_red():
    _, c = judged("190000")  # execution 95 %: (100 − 95) ÷ 100 = 5 %, not above 5 %; 5 % unspent
    assert (c.colour, c.gap, c.unspent) == (GREEN, D(5), D(5))


def test_a_gap_just_above_five_percent_is_red():
    _, c = judged("189980")  # execution 94.99 %: gap 5.01 %
    assert (c.colour, c.gap) == (RED, D("5.01"))


def test_low_results_with_a_fifth_unspent_is_yellow():
    # 帮扶人数 300 of 400: 25 × 0.75 = 18.75; the rest missing: 18.75 ÷ 90 = 20.83 %, behind the money's 75 %
    _, c = judged("150000", [actual("帮扶人数", "300人")])
    assert c.colour == YELLOW and c.unspent == D(25) and c.gap < 0
    assert c.reason == UNSPENT.format(unspent="25.00", limit="20")


def test_exactly_twenty_percent_unspent_is_not_yellow():
    _, c = judged("160000", [actual("帮扶人数", "300人")])
    assert (c.colour, c.unspent) == (GREEN, D(20))


def test_a_project_without_budget_is_yellow_even_when_its_indicators_are_met():
    _, c = judged(None, total="0")
    assert (c.colour, c.indicator_share, c.execution_share, c.unspent) == (YELLOW, D(100), D(0), None)
    assert c.reason == NO_BUDGET


def test_no_indicators_judges_the_money_alone():
    _, c = judged("200000", [], indicators=[])
    assert (c.colour, c.indicator_share, c.gap, c.unspent) == (GREEN, None, None, D(0))
    assert c.reason == NO_INDICATORS.format(indicators="—", execution="100.00", gap="—", unspent="0.00")
    _, c = judged("100000", [], indicators=[])
    assert (c.colour, c.unspent) == (YELLOW, D(50))


def test_zero_scores_never_run_ahead_of_the_money():
    _, c = judged("200000", [])  # no actual at all: every indicator 0
    assert (c.colour, c.indicator_share, c.gap) == (GREEN, D(0), None)
    assert c.reason == NO_RESULTS.format(unspent="0.00")


def test_spending_above_the_budget_counts_by_its_deducted_score():
    # 240,000 of 200,000: 120 %, deducted as a shortfall: 8 of 10 = 80 %; (100 − 80) ÷ 100 = 20 % > 5 %
    _, c = judged("240000")
    assert (c.colour, c.execution_share, c.gap, c.unspent) == (RED, D(80), D(20), D(-20))
    # a rule set that gives full points above the budget: 100 % against 100 %
    data = {**RULES.data, "self_evaluation": {**RULES["self_evaluation"], "execution_cap_100": True}}
    _, c = judged("240000", rules=RuleSet("TEST", "t", data))
    assert (c.colour, c.execution_share, c.gap) == (GREEN, D(100), D(0))


def test_the_thresholds_come_from_the_settings():
    result, _ = judged("150000")
    assert consistency(result, {"red_gap": 30, "yellow_unspent": 20}).colour == YELLOW  # 25 % gap, 25 % unspent
    assert consistency(result, {"red_gap": 30, "yellow_unspent": 30}).colour == GREEN


def test_a_rule_set_without_the_section_takes_the_national_default():
    bare = RuleSet("BARE", "b", {k: v for k, v in RULES.data.items() if k != "consistency"})
    assert settings_of(bare) == SETTINGS


def test_every_project_by_its_key():
    other = replace(project(), code="", name="劳模体检")
    results = score_document(document(project(), other), [paid("150000")], ALL_MET, RULES)
    found = consistency_of(results, RULES)
    assert list(found) == [CODE, "劳模体检"]
    assert found[CODE].colour == RED and found["劳模体检"].colour == YELLOW  # nothing spent, nothing scored
    with pytest.raises(KeyError):
        consistency(results[0], {})
