from decimal import Decimal as D

import pytest

from jixiao.evaluation.errors import EvaluationError
from jixiao.evaluation.quantities import record_from_text
from jixiao.evaluation.scoring import grade, indicator_weights, score_document, score_execution, score_indicator
from jixiao.rulesets import RuleSet

from .helpers import RULES, actual, document, ind, paid, project

SETTINGS = RULES["self_evaluation"]
W = D(10)


def score(target, value, level2="数量指标", share=None, settings=SETTINGS, name="指标"):
    indicator = ind("产出指标", level2, name, target)
    record = record_from_text("p", name, value, share) if value is not None else None
    return score_indicator(indicator, record, W, settings)


def test_weights_split_each_level1_equally():
    weights = indicator_weights(project(), SETTINGS["weights"])
    assert weights == [D(25), D(25), D(30), D(10)]


def test_a_missing_level1_passes_its_weight_on_in_proportion():
    p = project([ind("产出指标", "数量指标", "a", "≥1人"), ind("效益指标", "社会效益指标", "b", "≥1人")])
    assert indicator_weights(p, SETTINGS["weights"]) == [D("56.25"), D("33.75")]


def test_framework_b_cost_shares_the_output_weight():
    p = project([ind("产出指标", "数量指标", "a", "≥1人"), ind("成本指标", "经济成本指标", "b", "≤1元"),
                 ind("效益指标", "社会效益指标", "c", "≥1人"), ind("满意度指标", "服务对象满意度指标", "d", "≥90%")])
    assert indicator_weights(p, SETTINGS["weights"]) == [D(25), D(25), D(30), D(10)]


def test_weights_written_in_the_document_are_used():
    p = project([ind("产出指标", "数量指标", "a", "≥1人", D(60)), ind("效益指标", "社会效益指标", "b", "≥1人", D(30))])
    assert indicator_weights(p, SETTINGS["weights"]) == [D(60), D(30)]


def test_a_level1_without_weight_is_an_error():
    p = project([ind("过程指标", "数量指标", "a", "≥1人")])
    with pytest.raises(EvaluationError, match="指标“a”的一级指标“过程指标”没有权重"):
        indicator_weights(p, SETTINGS["weights"])


@pytest.mark.parametrize("target, value, expected", [
    ("≥400人", "300人", D("7.5")), ("≥400人", "400人", W), ("≥400人", "450人", W), ("≥0人", "0人", W),
    (">90%", "45%", D(5)),
    ("≤500元", "400元", W), ("≤500元", "625元", D(8)), ("≤500元", "0元", W), ("≤0元", "5元", D(0)),
    ("=6个", "6个", W), ("=6个", "5个", W * (1 - D(1) / 6)), ("=6个", "13个", D(0)),
    ("90%-95%", "92%", W), ("90%-95%", "81%", D(9)), ("90%-95%", "100%", D("9.5")),
])
def test_quantitative_scores(target, value, expected):
    assert score(target, value).score == expected


def test_inferred_operator_scores_like_the_written_one():
    assert score("500元", "625元", level2="成本指标").score == D(8)  # inferred ≤
    assert score("48人", "46人").score == D(46) / 48 * W  # inferred ≥


def test_equal_target_within_tolerance_is_full():
    settings = dict(SETTINGS, eq_tolerance=1)
    assert score("=6个", "5个", settings=settings).score == W
    assert score("=6个", "5个").score < W


@pytest.mark.parametrize("value, share, expected", [("达成", None, W), ("部分达成", None, D(7)), ("未达成", None, D(3)),
                                                    ("达成年度指标", D(85), D("8.5")), ("部分达成", D(60), D(6)),
                                                    ("未达成", D(0), D(0))])
def test_qualitative_scores_by_tier_and_share(value, share, expected):
    assert score("有效改善", value, level2="社会效益指标", share=share).score == expected


@pytest.mark.parametrize("value, share", [("达成", D(79)), ("部分达成", D(80)), ("未达成", D(60))])
def test_a_share_outside_its_band_is_an_error(value, share):
    with pytest.raises(EvaluationError, match="得分比例应在"):
        score("有效改善", value, level2="社会效益指标", share=share)


def test_units_are_converted_or_refused():
    assert score("≥1.21万元", "12100元").score == W
    assert score("≥12100元", "1.21万元").score == W
    assert score("≥95%", "96百分比").score == W
    assert score("≥400人", "390").score == D(390) / 400 * W  # a bare number is in the target's unit
    with pytest.raises(EvaluationError, match="“指标”的完成值单位“次”无法与指标值单位“人”比较"):
        score("≥400人", "400次")


def test_bad_actuals_are_errors_naming_the_indicator():
    with pytest.raises(EvaluationError, match="指标“指标”的完成值“很多”不是数值"):
        score("≥400人", "很多")
    with pytest.raises(EvaluationError, match="定量指标“指标”的完成值应为数值"):
        score("≥400人", "达成")
    with pytest.raises(EvaluationError, match="定性指标“指标”的完成值应为达成、部分达成或未达成"):
        score("有效改善", "90%", level2="社会效益指标")


def test_no_actual_scores_zero_and_asks_for_a_reason():
    result = score("≥400人", None)
    assert result.score == 0 and result.flags == ["无完成值"] and result.reason_required


def test_far_above_target_is_flagged_and_asks_for_a_reason():
    assert score("≥400人", "481人").flags == ["目标可能偏低"]
    assert score("≥400人", "480人").flags == []
    assert score("≤600元", "499元").flags == ["目标可能偏低"]
    assert score("≤600元", "500元").flags == []
    result = score("≥400人", "481人")
    assert result.score == W and result.reason_required


def test_the_flag_deducts_only_when_the_rule_set_says_so():
    settings = dict(SETTINGS, exceed_deducts=True)
    assert score("≥400人", "560人", settings=settings).score == W - 2  # 560 > 1.2 × 400: full 10 less exceed_points 2
    assert score("≥400人", "560人").score == W


def test_reason_required_below_weight_and_not_at_full():
    assert score("≥400人", "399人").reason_required
    assert not score("≥400人", "400人").reason_required


@pytest.mark.parametrize("spent, rate, points, explain", [(200000, 100, 10, False), (180000, 90, 9, False),
                                                          (179998, D("89.999"), D("8.9999"), True),
                                                          (220000, 110, 9, True)])  # 超支: the excess deducted
def test_execution_rate_score(spent, rate, points, explain):
    e = score_execution(project(), [paid(spent)], SETTINGS)
    assert (e.rate, e.score, e.reason_required) == (rate, points, explain)


@pytest.mark.parametrize("total, expected", [(D(100), "优"), (D(90), "优"), (D("89.999"), "良"), (D(80), "良"),
                                             (D("79.99"), "中"), (D(60), "中"), (D("59.99"), "差"), (D(0), "差")])
def test_grade_bands(total, expected):
    assert grade(total, RULES["grades"]) == expected


def test_a_whole_project_scores_to_its_total_and_grade():
    actuals = [actual("帮扶人数", "380人"), actual("每人补助标准", "500元"), actual("生活改善", "达成"),
               actual("满意度", "96%")]
    [result] = score_document(document(), [paid(190000)], actuals, RULES)
    assert result.execution.score == D("9.5")
    assert [s.score for s in result.indicators] == [D("23.75"), D(25), D(30), D(10)]
    assert result.total == D("98.25") and result.grade == "优"


def test_results_name_the_rule_set_used():
    other = RuleSet("TEST-1", "test", dict(RULES.data, grades={"优": 99, "良": 98, "中": 97}))
    [result] = score_document(document(), [paid(200000)], [actual("帮扶人数", "400人")], other)
    assert result.grade == "差" and result.ruleset == "TEST-1"


def test_unknown_indicator_in_actuals_is_an_error():
    with pytest.raises(EvaluationError, match="没有指标“满意”，是否指：满意度"):
        score_document(document(), [], [actual("满意", "90%")], RULES)


def test_the_same_actual_twice_is_an_error():
    with pytest.raises(EvaluationError, match="“满意度”重复填写"):
        score_document(document(), [], [actual("满意度", "90%"), actual("满意度", "91%")], RULES)
