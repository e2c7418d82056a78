"""The review's rules for the unit-wide part (部门整体绩效目标)."""

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.document import Budget, DepartmentGoals, Indicator, Project, SubGoal, project_key
from jixiao.core.targets import parse_target
from jixiao.core.unit_goals import link_projects, propose
from jixiao.formats.reader import read_path
from jixiao.review import RULES, review_document
from jixiao.review.registry import ERROR, UNIT_RULES, UNIT_WIDE, WARNING
from jixiao.rulesets import RuleSet, load

SEED = Path(__file__).parents[2] / "src/jixiao/seed/changli-union-2021.txt"


@pytest.fixture
def seed():
    return copy.deepcopy(_SEED)


_SEED = read_path(SEED)[0]


def unit_wide(doc, ruleset=None):
    return [f for f in review_document(doc, ruleset).findings if f.project == UNIT_WIDE]


def test_seed_sub_goals_without_indicators_are_unmeasured_and_the_message_proposes_some(seed):
    found = {f.indicator: f for f in unit_wide(seed)}
    assert set(found) == {"帮扶工作", "劳模体检费", "工会事务"}
    f = found["帮扶工作"]
    assert (f.code, f.severity, f.dimension, f.field) == ("department-sub-goal-unmeasured", WARNING, "相关性",
                                                          "indicators")
    assert f.message == ("分项目标“帮扶工作”没有量化指标；可由文中“救助人数400人以上”等生成建议指标："
                         "救助标准 ≥500元、救助人数 ≥400人")
    assert "正常运转人数 ≥16人" in found["工会事务"].message


def test_seed_projects_are_all_covered_by_proposed_links(seed):
    assert not [f for f in unit_wide(seed) if f.code == "department-project-uncovered"]


def test_confirmed_proposals_and_links_leave_the_seed_without_unit_wide_findings(seed):
    for sub in seed.department.sub_goals:
        sub.indicators = propose(sub)
    link_projects(seed)
    assert unit_wide(seed) == []


def test_a_sub_goal_whose_text_has_no_number_says_so(seed):
    seed.department.sub_goals[2].indicators_text = "提升工会机关业务水平，增强监督实效。"
    seed.department.sub_goals[2].goal = "保障工会机关正常运转。"
    (f,) = [f for f in unit_wide(seed) if f.indicator == "工会事务"]
    assert f.message == "分项目标“工会事务”没有量化指标，文中也没有可据以生成指标的数字"


def test_qualitative_indicators_alone_do_not_measure_a_sub_goal(seed):
    sub = seed.department.sub_goals[2]
    sub.indicators = [Indicator("效益指标", "社会效益指标", "机关运转", "", parse_target("正常运转"))]
    (f,) = [f for f in unit_wide(seed) if f.indicator == "工会事务"]
    assert f.code == "department-sub-goal-unmeasured" and "没有量化指标" in f.message
    assert "正常运转人数 ≥16人" in f.message


def test_the_threshold_is_the_rule_set_s(seed):
    for sub in seed.department.sub_goals:
        sub.indicators = propose(sub)[:1]
    data = copy.deepcopy(load().data)
    data["review"]["unit_goals"]["min_quantified"] = 2
    found = {f.indicator: f.message for f in unit_wide(seed, RuleSet("TEST-1", "test", data))
             if f.code == "department-sub-goal-unmeasured"}
    assert found["帮扶工作"].startswith("分项目标“帮扶工作”只有1个量化指标，少于2个；")
    assert "救助人数 ≥400人" in found["帮扶工作"] and "救助标准" not in found["帮扶工作"]  # not proposed twice
    assert found["工会事务"] == "分项目标“工会事务”只有1个量化指标，少于2个，文中也没有可据以生成指标的数字"


def test_a_project_sharing_no_word_with_any_sub_goal_is_uncovered(seed):
    seed.projects.append(Project("", "办公楼维修改造", Budget(Decimal(50000), Decimal(50000), Decimal(0))))
    (f,) = [f for f in unit_wide(seed) if f.code == "department-project-uncovered"]
    assert (f.severity, f.dimension, f.field, f.indicator) == (WARNING, "适当性", "projects", "")
    assert f.message == "项目“办公楼维修改造”的资金与各分项目标没有共同的词，未能归入任何分项目标"


def test_written_links_decide_and_an_unlinked_project_is_named(seed):
    seed.department.sub_goals[1].projects = [project_key(seed.projects[1])]
    found = [f.message for f in unit_wide(seed) if f.code == "department-project-uncovered"]
    assert found == ["项目“职工困难帮扶防贫资金”的资金没有归入任何分项目标",
                     "项目“提前下达2021年困难职工及劳模帮扶救助专项资金”的资金没有归入任何分项目标"]


def test_a_unit_wide_part_without_sub_goals_is_said_once(seed):
    seed.department.sub_goals = []
    found = unit_wide(seed)
    assert [(f.code, f.field, f.message) for f in found] == [
        ("department-sub-goal-unmeasured", "sub_goals", "部门整体绩效目标没有分项目标，无从衡量")]


def test_no_unit_wide_part_no_unit_wide_findings(seed):
    seed.department = None
    assert unit_wide(seed) == []


def test_project_rules_for_one_indicator_run_over_sub_goal_indicators(seed):
    sub = seed.department.sub_goals[0]
    sub.indicators = propose(sub) + [
        Indicator("产出指标", "数量指标", "帮扶覆盖面", "", parse_target("进一步扩大")),      # not quantified, vague
        Indicator("效益指标", "数量指标", "救助户数", "", parse_target("≥100户")),          # level2 under wrong level1
        Indicator("产出指标", "成本指标", "人均救助", "", parse_target("≥500元")),          # a cost as a floor
    ]
    found = {(f.code, f.indicator): f for f in unit_wide(seed)}
    assert {"department-not-quantified", "department-vague-target", "department-level2-misplaced",
            "department-cost-with-floor"} <= {code for code, _ in found}
    misplaced = found["department-level2-misplaced", "救助户数"]
    assert misplaced.severity == ERROR == RULES["level2-misplaced"].severity
    assert misplaced.dimension == RULES["level2-misplaced"].dimension and misplaced.hint == RULES["level2-misplaced"].hint
    assert misplaced.message.startswith("分项目标“帮扶工作”：")
    assert UNIT_RULES["department-level2-misplaced"].source == RULES["level2-misplaced"].source
    # The sub-goal is measured (救助人数 ≥400人), and no rule about a project's money or count runs on it.
    codes = {code for code, _ in found}
    assert ("department-sub-goal-unmeasured", "帮扶工作") not in found
    assert not codes & {"department-too-few-indicators", "department-budget-parts", "department-level1-missing"}


def test_a_province_s_level_names_are_judged_by_their_meaning(seed):
    sub = seed.department.sub_goals[0]
    sub.indicators = [Indicator("项目完成指标", "数量值", "救助人数", "", parse_target("≥400人"))]
    assert not [f for f in unit_wide(seed) if f.code == "department-level2-misplaced"]


def test_the_rule_set_chooses_which_indicator_rules_run(seed):
    sub = seed.department.sub_goals[0]
    sub.indicators = [Indicator("效益指标", "数量指标", "救助人数", "", parse_target("≥400人"), "困难职工档案")]
    data = copy.deepcopy(load().data)
    data["review"]["unit_goals"]["indicator_rules"] = []
    mine = lambda found: [f.code for f in found if f.indicator in ("帮扶工作", "救助人数")]  # noqa: E731
    assert mine(unit_wide(seed, RuleSet("TEST-1", "test", data))) == []
    assert mine(unit_wide(seed)) == ["department-level2-misplaced"]


def test_unit_wide_findings_leave_project_grades_alone(seed):
    before = review_document(_SEED_WITHOUT_DEPARTMENT())
    after = review_document(seed)
    assert before.grades == after.grades
    assert [f for f in after.findings if f.project != UNIT_WIDE] == before.findings


def _SEED_WITHOUT_DEPARTMENT():
    doc = copy.deepcopy(_SEED)
    doc.department = None
    return doc


def test_unit_rules_name_their_sources():
    for code in ("department-sub-goal-unmeasured", "department-project-uncovered"):
        rule = UNIT_RULES[code]
        assert rule.source.startswith("RULES.md §") and "财预〔2015〕88号" in rule.source
    assert all(r.source for r in UNIT_RULES.values() if r.severity == ERROR)
    assert not set(UNIT_RULES) & set(RULES)


def test_other_fixture_liuxi_proposes_and_covers():
    doc = read_path(Path(__file__).parents[1] / "fixtures/corpus/samples/liuxi-fulian-2022.txt")[0]
    found = {f.indicator: f.message for f in unit_wide(doc)}
    assert "培训合格率 ≥90%" in found["巾帼家政技能培训"]
    assert "在职人员 =7人" in found["机关运转保障"]
    assert not [m for m in found.values() if "未能归入" in m]
    doc.department = DepartmentGoals(doc.department.overall_goal,
                                     [SubGoal(s.name, s.goal, s.indicators_text, propose(s)) for s in doc.department.sub_goals])
    assert unit_wide(doc) == []
