"""结果应用 read from the rule set: a grade's consequence where the rule set names one, none otherwise."""

from decimal import Decimal

from jixiao.evaluation.results import PLAN_GRADE, SELF_EVALUATION_GRADE, consequence, year_result
from jixiao.rulesets import RuleSet, load


def test_the_default_rule_set_gives_88hao_consequences_for_the_review_grade():
    assert [consequence(load(), PLAN_GRADE, g) for g in "优良中差"] == [
        "直接进入下一步预算安排流程", "与财政部门协商完善绩效目标后进入下一步预算安排流程",
        "修改完善绩效目标后重新报送审核", "不得进入下一步预算安排流程"]
    assert consequence(load(), PLAN_GRADE, "") == ""  # not graded


def test_a_province_rule_set_names_the_self_evaluation_consequence():
    province = RuleSet("X", "x", {"results": {SELF_EVALUATION_GRADE: {"差": "压减预算"}}})
    result = year_result(2021, "", [("A", "甲", Decimal("55"), "差"), ("B", "乙", Decimal("91"), "优")], province)
    assert [(p.grade, p.consequence) for p in result.projects] == [("差", "压减预算"), ("优", "")]
    assert (result.plan_grade, result.plan_consequence) == ("", "")
    assert consequence(RuleSet("Y", "y", {}), SELF_EVALUATION_GRADE, "差") == ""
