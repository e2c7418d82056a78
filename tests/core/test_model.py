from decimal import Decimal

from jixiao.core import project_code
from jixiao.core.checks import check_document
from jixiao.core.document import Budget, GoalDocument, Indicator, Project, Unit
from jixiao.core.frameworks import FRAMEWORKS, detect_framework
from jixiao.core.money import format_wan, parse_amount, to_yuan
from jixiao.core.spending_plan import SpendingPlan
from jixiao.core.targets import parse_target

D = Decimal


def test_the_two_frameworks_place_cost_differently():
    assert FRAMEWORKS["A"].allows("产出指标", "成本指标")
    assert not FRAMEWORKS["B"].allows("产出指标", "成本指标")
    assert FRAMEWORKS["B"].allows("成本指标", "经济成本指标")
    assert detect_framework(["成本指标"]) == "B" and detect_framework(["产出指标"]) == "A"


def test_project_code_rule():
    assert project_code.is_valid("51000021R000000019951")
    assert not project_code.is_valid("1303222GVUVTX63BWWCQ")
    assert not project_code.is_valid("13032221GVUVTX63BWWC-")
    assert "应为21位，实为20位" in project_code.problem("1303222GVUVTX63BWWCQ")


def test_money_helpers():
    assert to_yuan(D("14.55")) == D("145500.00")
    assert format_wan(D("24000")) == "2.40"
    assert parse_amount("1,234.5元") == D("1234.5")


def test_budget_adds_up_within_a_hundredth_of_a_wan():
    assert Budget(D("200000"), D("199950"), D("0")).adds_up()
    assert not Budget(D("200000"), D("180000"), D("0")).adds_up()


def test_spending_plan_blank_checkpoints_are_kept_as_none():
    plan = SpendingPlan({12: D("100")})
    assert list(plan.checkpoints) == [3, 6, 10, 12] and plan.checkpoints[3] is None
    assert plan.problems() == []
    assert SpendingPlan({}).problems() == ["12月底累计计划为空，应为100%"]
    assert SpendingPlan({3: D("120"), 12: D("100")}).problems()[0] == "3月底计划120%不在0%～100%之间"


def test_checks_flag_a_level2_outside_its_level1():
    ind = Indicator("效益指标", "数量指标", "人数", "", parse_target("≥1人"))
    project = Project("13032221GVUVTX63BWWCQ", "x", Budget(D(1), D(1), D(0)), spending_plan=SpendingPlan({12: D(100)}),
                      indicators=[ind])
    found = check_document(GoalDocument(Unit("711001", "u"), 2021, [project]))
    assert [p.code for p in found] == ["indicator_level", "levels_cut_off"]  # the seed's form prints every 一级指标
    assert found[0].severity == "warning"
