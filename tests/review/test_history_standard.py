"""历史标准 in the review: a plan read beside the unit's plan of last year (its targets and actuals)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.core.targets import parse_target
from jixiao.review import RULES, review_document
from jixiao.review.history import LastYear, Previous, move_year, old_year_mentions
from jixiao.rulesets import load

from .test_rules import clean_document

CODE = "13032221GVUVTX63BWWCQ"


def last(target: str, actual: str | None, level2: str = "数量指标") -> LastYear:
    t = parse_target(target, level2)
    a = parse_target(actual) if actual else None
    return LastYear(t.raw, t.op, t.value, t.unit, a.value if a else None, a.unit if a else "", actual or "")


def found(doc, previous: Previous | None, code: str):
    return [f for f in review_document(doc, previous=previous).findings if f.code == code]


def the_2022_plan():
    doc = clean_document()
    doc.year = 2022
    return doc


def test_a_target_below_last_years_actual_warns_naming_both():
    doc = the_2022_plan()  # ≥400人 again, while 2021 relieved 414
    previous = Previous(2021, {(CODE, "困难帮扶人数"): last("≥400人", "414人")})
    [f] = found(doc, previous, "history-below-last-actual")
    assert (f.indicator, f.field, f.severity) == ("困难帮扶人数", "target", "warning")
    assert f.message == "目标≥400人低于2021年实际完成值414人，且未说明原因"


def test_a_reason_in_the_basis_or_description_silences_it():
    doc = the_2022_plan()
    doc.projects[0].indicators[0].basis = "2021年底已有26人脱困，困难职工人数减少"
    previous = Previous(2021, {(CODE, "困难帮扶人数"): last("≥400人", "414人")})
    assert not found(doc, previous, "history-below-last-actual")


def test_a_le_target_above_last_years_actual_warns():
    doc = the_2022_plan()  # 每人救助标准 ≤500元, while 2021 cost 480 a person
    previous = Previous(2021, {(CODE, "每人救助标准"): last("≤500元", "480元", "成本指标")})
    [f] = found(doc, previous, "history-below-last-actual")
    assert f.message == "目标≤500元高于2021年实际完成值480元，且未说明原因"


def test_a_target_at_or_above_last_years_actual_or_in_another_unit_is_fine():
    doc = the_2022_plan()
    for actual in ("400人", "380人", "414次", None):
        previous = Previous(2021, {(CODE, "困难帮扶人数"): last("≥400人", actual)})
        assert not found(doc, previous, "history-below-last-actual"), actual


def test_an_unchanged_target_far_exceeded_last_year_warns_at_the_rulesets_factor():
    doc = the_2022_plan()
    factor = D(str(load()["review"]["history"]["far_above"]))
    assert factor == D("1.2")
    at = f"{400 * factor:.0f}人"  # 480人: far above
    [f] = found(doc, Previous(2021, {(CODE, "困难帮扶人数"): last("≥400人", at)}), "history-target-unchanged")
    assert f.message == "目标≥400人与2021年相同，而2021年实际完成480人，远超目标"
    assert not found(doc, Previous(2021, {(CODE, "困难帮扶人数"): last("≥400人", "479人")}), "history-target-unchanged")
    assert not found(doc, Previous(2021, {(CODE, "困难帮扶人数"): last("≥350人", "480人")}), "history-target-unchanged")


def test_copied_text_naming_last_year_warns_where_it_is():
    doc = the_2022_plan()  # the clean table's 救助金发放完成时间 is "2021年10月底前"
    [f] = found(doc, Previous(2021), "history-old-year")
    assert (f.indicator, f.field) == ("救助金发放完成时间", "target") and "指标值仍写着2021年" in f.message
    doc.projects[0].goals = ["完成2021年度帮扶任务"]
    assert {g.field for g in found(doc, Previous(2021), "history-old-year")} == {"target", "goals.1"}


def test_without_last_years_plan_no_history_rule_runs():
    doc = the_2022_plan()
    assert not [f for f in review_document(doc).findings if f.code.startswith("history-")]


@pytest.mark.parametrize("code", ["history-old-year", "history-below-last-actual", "history-target-unchanged"])
def test_the_history_rules_name_their_source(code):
    assert "历史标准" in RULES[code].source and "财预〔2020〕10号" in RULES[code].source


@pytest.mark.parametrize(("text", "moved", "left"), [
    ("2021年12月31日前", "2022年12月31日前", []),
    ("冀财规（2021）24号", "冀财规（2021）24号", []),
    ("财预〔2021〕10号及2021年计划", "财预〔2021〕10号及2022年计划", []),
    ("截至2021-11-30", "截至2021-11-30", ["截至2021-11-30"]),
    ("12021年", "12021年", []),
])
def test_the_plan_year_moves_and_other_mentions_are_left_for_a_person(text, moved, left):
    assert move_year(text, 2021, 2022) == (moved, left)
    assert old_year_mentions(moved, 2021) == left


def test_money_in_yuan_compares_with_a_target_in_wan_yuan():
    doc = the_2022_plan()
    doc.projects[0].indicators[3].target = parse_target("≤1.3万元", "成本指标")
    previous = Previous(2021, {(CODE, "每人救助标准"): last("≤1.3万元", "12100元", "成本指标")})
    [f] = found(doc, previous, "history-below-last-actual")
    assert f.message == "目标≤1.3万元高于2021年实际完成值12100元，且未说明原因"
