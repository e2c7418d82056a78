"""core.goal_changes: how the goals in force differ from the published ones, named by place."""

from decimal import Decimal

from jixiao.core.document import Budget, DepartmentGoals, GoalDocument, Indicator, Project, SubGoal, Unit
from jixiao.core.goal_changes import NONE, GoalChange, goal_changes
from jixiao.core.targets import parse_target


def indicator(name: str, target: str, basis: str = "") -> Indicator:
    return Indicator("产出指标", "数量指标", name, "", parse_target(target), basis)


def document(projects=(), department=None) -> GoalDocument:
    return GoalDocument(Unit("711001", "昌黎县总工会本级"), 2021, list(projects), department=department)


def project(code: str, name: str, *indicators: Indicator, total: str = "200000") -> Project:
    money = Decimal(total)
    return Project(code, name, Budget(money, money, Decimal(0)), indicators=list(indicators))


def test_the_same_goals_have_no_changes():
    goals = document([project("P1", "劳模体检费", indicator("劳模体检人数", "48人"))], DepartmentGoals("总体目标"))
    assert goal_changes(goals, goals) == []


def test_a_project_added_and_one_gone_are_both_named():
    was = document([project("P1", "劳模体检费")])
    now = document([project("P2", "工会事务")])
    assert goal_changes(was, now) == [GoalChange("项目“工会事务”", NONE, "新增"), GoalChange("项目“劳模体检费”", "已公开", NONE)]


def test_money_is_said_in_yuan_and_an_indicator_gone_with_what_it_was():
    was = document([project("P1", "劳模体检费", indicator("劳模体检人数", "48人", "名册"))])
    now = document([project("P1", "劳模体检费", total="240000")])
    assert [str(c) for c in goal_changes(was, now)] == [
        "项目“劳模体检费”的预算数：200,000.00元 → 240,000.00元",
        "项目“劳模体检费”的财政资金：200,000.00元 → 240,000.00元",
        "项目“劳模体检费”指标“劳模体检人数”：产出指标／数量指标／劳模体检人数／48人／名册 → （无）"]


def test_an_indicator_written_twice_keeps_each_by_its_place():
    was = document([project("P1", "帮扶", indicator("帮扶人数", "≥400人"), indicator("帮扶人数", "≥10人"))])
    now = document([project("P1", "帮扶", indicator("帮扶人数", "≥400人"), indicator("帮扶人数", "≥12人"))])
    assert goal_changes(was, now) == [GoalChange("项目“帮扶”指标“帮扶人数（2）”的指标值", "≥10人", "≥12人")]


def test_the_unit_wide_part_names_its_sub_goals_and_measures():
    was = DepartmentGoals("总体", [SubGoal("帮扶工作", "保障", indicators=[indicator("救助人数", "≥400人")])])
    now = DepartmentGoals("总体", [SubGoal("帮扶工作", "保障帮扶", indicators=[indicator("救助人数", "≥450人")]),
                                  SubGoal("工会事务")])
    assert [str(c) for c in goal_changes(document(department=was), document(department=now))] == [
        "分项目标“帮扶工作”的绩效目标：保障 → 保障帮扶",
        "分项目标“帮扶工作”指标“救助人数”的指标值：≥400人 → ≥450人",
        "分项目标“工会事务”：（无） → 新增"]
    assert goal_changes(document(department=was), document()) == [GoalChange("部门整体绩效目标", "已公开", NONE)]
