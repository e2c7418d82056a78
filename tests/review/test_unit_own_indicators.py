"""The unit's own 年度绩效指标 (the official 部门整体支出绩效目标表's table) in the review."""

import copy
from pathlib import Path

from jixiao.core.document import Indicator
from jixiao.core.targets import parse_target
from jixiao.formats.reader import read_path
from jixiao.review import review_document
from jixiao.review.registry import UNIT_WIDE
from jixiao.rulesets import RuleSet, load

ROOT = Path(__file__).parents[2]
NINGDE = ROOT / "tests/fixtures/corpus/real/ningde-dangshi-2019-unitwide.txt"
SEED = ROOT / "src/jixiao/seed/changli-union-2021.txt"


def unit_wide(doc, ruleset=None):
    return [f for f in review_document(doc, ruleset).findings if f.project == UNIT_WIDE]


def test_ningde_sub_goals_are_not_faulted_when_the_unit_table_measures_the_whole():
    doc = read_path(NINGDE)[0]
    assert not [f for f in unit_wide(doc) if f.code == "department-sub-goal-unmeasured"]
    doc.department.indicators = []
    found = [f.indicator for f in unit_wide(doc) if f.code == "department-sub-goal-unmeasured"]
    assert found == [s.name for s in doc.department.sub_goals]


def test_the_unit_table_needs_min_quantified_quantified_indicators():
    doc = read_path(NINGDE)[0]
    for ind in doc.department.indicators:
        ind.target = parse_target("按时完成")
    assert len([f for f in unit_wide(doc) if f.code == "department-sub-goal-unmeasured"]) == 3
    doc = read_path(NINGDE)[0]
    data = copy.deepcopy(load().data)
    data["review"]["unit_goals"]["min_quantified"] = 7  # the table has 6
    assert len([f for f in unit_wide(doc, RuleSet("TEST-1", "test", data))
                if f.code == "department-sub-goal-unmeasured"]) == 3


def test_one_indicator_rules_run_over_the_unit_table():
    doc = read_path(NINGDE)[0]
    found = unit_wide(doc)
    inferred = [f for f in found if f.code == "department-operator-inferred"]
    assert [f.indicator for f in inferred][:2] == ["志鉴地情相关工作开展所需资金的供应时效", "确保日常工作正常运行"]
    assert inferred[0].message.startswith("部门整体年度绩效指标：指标值“100%”没有写指标性质")
    doc.department.indicators.append(Indicator("效益指标", "数量指标", "走访户数", "", parse_target("≥100户")))
    (misplaced,) = [f for f in unit_wide(doc) if f.code == "department-level2-misplaced"]
    assert misplaced.indicator == "走访户数" and misplaced.message.startswith("部门整体年度绩效指标：")


def test_the_rule_set_chooses_the_rules_for_the_unit_table_too():
    doc = read_path(NINGDE)[0]
    data = copy.deepcopy(load().data)
    data["review"]["unit_goals"]["indicator_rules"] = []
    assert unit_wide(doc, RuleSet("TEST-1", "test", data)) == []


def test_the_seed_still_gets_its_unit_wide_findings():
    doc = read_path(SEED)[0]
    assert doc.department.indicators == []
    found = {f.indicator for f in unit_wide(doc) if f.code == "department-sub-goal-unmeasured"}
    assert found == {"帮扶工作", "劳模体检费", "工会事务"}
