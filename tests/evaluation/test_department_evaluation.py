"""部门整体支出绩效自评 as data (issue 14 §3): base data, the unit-wide indicators scored as a project's are,
the projects summarised, the total by the rule set's [department] weights, and the 自评报告's sections."""

from decimal import Decimal as D

from jixiao.evaluation.department_evaluation import (
    EXECUTION,
    INDICATORS,
    NOT_RECORDED,
    PROJECTS,
    UnitIndicatorItem,
    evaluate_department,
)
from jixiao.evaluation.scoring import NO_ACTUAL
from jixiao.rulesets import RuleSet

from .department_example import ITEMS, UNIT, base, evaluation, project_scores
from .helpers import RULES, ind


def two(value: D) -> D:
    return value.quantize(D("0.01"))


def test_the_base_data_adds_up_the_staffing_and_the_money():
    b = base()
    assert (b.posts, b.in_post, b.retired) == (16, 16, 23)  # 6 + 10 in post, 19 + 4 retired
    assert b.basic_spent == D("1420500.00") and b.spent == D("1771500.00") and b.budget == D("1819500.00")
    assert two(b.rate) == D("97.36")
    assert b.three_public_text == NOT_RECORDED and b.procurement_text == "8.60万元"
    assert base(three_public=D("12000")).three_public_text == "1.20万元"


def test_the_unit_wide_indicators_are_scored_with_the_rule_sets_weights():
    ev = evaluation()
    weights = RULES["department"]["weights"]
    assert [p.name for p in ev.parts] == [INDICATORS, EXECUTION, PROJECTS]
    assert [p.weight for p in ev.parts] == [D(weights[INDICATORS]), D(weights[EXECUTION]), D(weights[PROJECTS])]
    assert sum(p.weight for p in ev.parts) == 100
    share = D(weights[INDICATORS]) / len(ITEMS)
    assert [s.score.weight for s in ev.items] == [share] * 4
    assert [two(s.score.score) for s in ev.items] == [two(share), two(share), two(share * 46 / 48), two(share)]
    assert [s.sub_goal for s in ev.items] == ["帮扶工作", "帮扶工作", "劳模体检费", "工会事务"]
    execution, projects = ev.parts[1], ev.parts[2]
    assert two(execution.score) == two(D(weights[EXECUTION]) * D("1771500") / D("1819500"))
    assert two(projects.score) == two(D(weights[PROJECTS]) * project_scores()[0].total / 100)
    assert ev.total == sum(p.score for p in ev.parts) and two(ev.total) == D("98.75") and ev.grade == "优"
    assert ev.ruleset == "CZ-2020-10"


def test_an_indicator_without_an_actual_scores_nothing_and_is_a_problem():
    items = [*ITEMS[:3], UnitIndicatorItem("工会事务", ind("产出指标", "数量指标", "正常运转人数", "≥16人"), None)]
    ev = evaluation(items)
    last = ev.items[-1].score
    assert last.score == 0 and NO_ACTUAL in last.flags and last.actual == ""
    problems = next(s for s in ev.sections if s.title == "存在问题")
    assert "正常运转人数未达到年度指标值（≥16人，实际无完成值）。" in problems.figures


def test_own_weights_are_scaled_to_the_indicators_part():
    items = [UnitIndicatorItem("帮扶工作", ind("产出指标", "数量指标", "救助人数", "≥400人", weight=D(30)), D(406), 406),
             UnitIndicatorItem("工会事务", ind("产出指标", "数量指标", "正常运转人数", "≥16人", weight=D(10)), D(16), 2)]
    ev = evaluation(items)
    total = D(RULES["department"]["weights"][INDICATORS])
    assert [s.score.weight for s in ev.items] == [total * 30 / 40, total * 10 / 40]


def test_a_rule_set_decides_the_weights_and_the_reports_sections():
    data = {**RULES.data, "department": {"report_sections": ["基本情况", "存在问题"],
                                         "weights": {INDICATORS: 80, EXECUTION: 20}}}
    ev = evaluate_department(UNIT, 2021, base(), ITEMS, project_scores(), RuleSet("X", "省规则", data))
    assert [p.weight for p in ev.parts] == [80, 20, 0] and ev.parts[2].score == 0
    assert [s.title for s in ev.sections] == ["基本情况", "存在问题"]


def test_the_reports_sections_have_their_figures_and_the_units_prose_or_none():
    ev = evaluation(prose={"存在问题": "  劳模体检有2人因病住院未检。 ", "改进措施": ""})
    sections = {s.title: s for s in ev.sections}
    assert list(sections) == ["基本情况", "绩效目标完成情况", "存在问题", "改进措施"]
    basics = "".join(sections["基本情况"].figures)
    assert "编制数16人，在职16人，退休23人" in basics and "昌黎县工人文化宫编制10人、在职10人、退休4人" in basics
    assert "人员经费123.60万元" in basics and "预算执行率97.36%" in basics
    assert "“三公”经费未记录；政府采购8.60万元。" in basics
    done = sections["绩效目标完成情况"].figures
    assert done[0] == "部门整体绩效指标4项，3项达到年度指标值。"
    assert "劳模体检费·劳模体检人数：年度指标值≥48人，实际完成值46人（由46条记录计算）。" in done
    assert done[-1] == "部门整体支出绩效自评总分98.75分，等级为“优”。"
    assert sections["存在问题"].prose == "劳模体检有2人因病住院未检。"
    assert sections["改进措施"].prose == "" and sections["改进措施"].figures == []


def test_without_projects_the_projects_part_scores_nothing_and_says_so():
    ev = evaluate_department(UNIT, 2021, base(), ITEMS, [], RULES)
    assert ev.parts[2].score == 0 and "本年度无项目支出绩效自评结果" in ev.parts[2].basis
