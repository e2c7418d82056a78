"""How the goals in force differ from the goals a unit published (公开的绩效目标): each change as the
place it is at, what was published and what is in force now. A unit publishes its goals with its
budget; a 调整 approved later changes a target in force, and the public learns of it only by a 更正,
which these changes describe (the plan's page, the correction's history entry).

>>> from decimal import Decimal
>>> from .document import Budget, DepartmentGoals, GoalDocument, Indicator, Project, SubGoal, Unit
>>> from .targets import parse_target
>>> def doc(persons, own):
...     row = Indicator("产出指标", "数量指标", "困难帮扶人数", "", parse_target(persons))
...     unit = Indicator("产出指标", "数量指标", "救助人数", "", parse_target(own))
...     project = Project("13032221GVUVTX63BWWCQ", "困难职工帮扶", Budget(Decimal(1), Decimal(1), Decimal(0)),
...                       indicators=[row])
...     return GoalDocument(Unit("711001", "昌黎县总工会本级"), 2021, [project],
...                         department=DepartmentGoals("", [SubGoal("帮扶工作")], indicators=[unit]))
>>> goal_changes(doc("≥400人", "≥400人"), doc("≥400人", "≥400人"))
[]
>>> for c in goal_changes(doc("≥400人", "≥400人"), doc("≥350人", "≥380人")):
...     print(c)
项目“困难职工帮扶”指标“困难帮扶人数”的指标值：≥400人 → ≥350人
部门整体年度绩效指标“救助人数”的指标值：≥400人 → ≥380人
>>> from .spending_plan import SpendingPlan
>>> was, now = doc("≥400人", "≥400人"), doc("≥400人", "≥400人")
>>> was.projects[0].spending_plan = SpendingPlan({6: Decimal("50.000000"), 12: Decimal("100")})
>>> now.projects[0].spending_plan = SpendingPlan({6: Decimal("60"), 12: Decimal("100.0")})
>>> now.projects[0].indicators.append(Indicator("满意度指标", "服务对象满意度指标", "受助职工满意度", "",
...                                             parse_target("≥95%")))
>>> for c in goal_changes(was, now):
...     print(c)
项目“困难职工帮扶”的资金支出计划：6月底50%，12月底100% → 6月底60%，12月底100%
项目“困难职工帮扶”指标“受助职工满意度”：（无） → 满意度指标／服务对象满意度指标／受助职工满意度／≥95%
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .document import DepartmentGoals, GoalDocument, Indicator, Project, project_key

NONE = "（无）"


@dataclass(frozen=True)
class GoalChange:
    place: str  # 项目“…”指标“…”的指标值, 部门整体年度绩效指标“…”, 分项目标“…”的绩效目标 …
    published: str  # as published; NONE when it was not there
    now: str  # as in force now; NONE when it is gone

    def __str__(self) -> str:
        return f"{self.place}：{self.published} → {self.now}"


def goal_changes(published: GoalDocument, now: GoalDocument) -> list[GoalChange]:
    """The changes from the published goals to those in force, projects first (in the order in force,
    then the ones gone), then the unit-wide part; [] when they are the same."""
    out: list[GoalChange] = []
    before = {project_key(p): p for p in published.projects}
    after = {project_key(p): p for p in now.projects}
    for key, project in after.items():
        if key not in before:
            out.append(GoalChange(f"项目“{project.name}”", NONE, "新增"))
        else:
            out += _project_changes(before[key], project)
    out += [GoalChange(f"项目“{p.name}”", "已公开", NONE) for key, p in before.items() if key not in after]
    out += _department_changes(published.department, now.department)
    return out


def _money(value: Decimal) -> str:
    return f"{value:,.2f}元"


def _project_changes(was: Project, now: Project) -> list[GoalChange]:
    place = f"项目“{now.name}”"
    pairs = [("项目名称", was.name, now.name), ("预算数", _money(was.budget.total), _money(now.budget.total)),
             ("财政资金", _money(was.budget.fiscal), _money(now.budget.fiscal)),
             ("其他资金", _money(was.budget.other), _money(now.budget.other)),
             ("资金用途", was.purpose, now.purpose),
             ("资金支出计划", _plan(was), _plan(now)),
             ("绩效目标", "；".join(was.goals), "；".join(now.goals))]
    out = [GoalChange(f"{place}的{label}", a or NONE, b or NONE) for label, a, b in pairs if a != b]
    return out + _indicator_changes(f"{place}指标", was.indicators, now.indicators)


def _plan(project: Project) -> str:
    return "，".join(f"{m}月底{v.normalize():f}%" for m, v in project.spending_plan.known())


def _named(indicators: list[Indicator]) -> dict[str, Indicator]:
    """By name; a name written twice keeps its place as 名称（2）."""
    out: dict[str, Indicator] = {}
    for i in indicators:
        key, n = i.name, 1
        while key in out:
            n += 1
            key = f"{i.name}（{n}）"
        out[key] = i
    return out


def _whole(i: Indicator) -> str:
    return "／".join(x for x in (i.level1, i.level2, i.name, i.description, i.target.raw, i.basis) if x)


def _indicator_changes(prefix: str, was: list[Indicator], now: list[Indicator]) -> list[GoalChange]:
    """`prefix` names the table: 项目“…”指标, 部门整体年度绩效指标, 分项目标“…”指标."""
    before, after = _named(was), _named(now)
    out = []
    for key, i in after.items():
        old = before.get(key)
        where = f"{prefix}“{key}”"
        if old is None:
            out.append(GoalChange(where, NONE, _whole(i)))
        elif _whole(old) != _whole(i):
            same_but_target = (old.level1, old.level2, old.description, old.basis) == (i.level1, i.level2, i.description,
                                                                                      i.basis)
            out.append(GoalChange(f"{where}的指标值", old.target.raw, i.target.raw) if same_but_target
                       else GoalChange(where, _whole(old), _whole(i)))
    return out + [GoalChange(f"{prefix}“{key}”", _whole(i), NONE) for key, i in before.items() if key not in after]


def _department_changes(was: DepartmentGoals | None, now: DepartmentGoals | None) -> list[GoalChange]:
    if was is None and now is None:
        return []
    if was is None or now is None:
        return [GoalChange("部门整体绩效目标", NONE if was is None else "已公开", "现有" if was is None else NONE)]
    out = []
    if was.overall_goal != now.overall_goal:
        out.append(GoalChange("部门整体的总体绩效目标", was.overall_goal or NONE, now.overall_goal or NONE))
    out += _indicator_changes("部门整体年度绩效指标", was.indicators, now.indicators)
    subs_before = {s.name: s for s in was.sub_goals}
    for sub in now.sub_goals:
        old = subs_before.pop(sub.name, None)
        place = f"分项目标“{sub.name}”"
        if old is None:
            out.append(GoalChange(place, NONE, "新增"))
            continue
        if old.goal != sub.goal:
            out.append(GoalChange(f"{place}的绩效目标", old.goal or NONE, sub.goal or NONE))
        out += _indicator_changes(f"{place}指标", old.indicators, sub.indicators)
    out += [GoalChange(f"分项目标“{name}”", "已公开", NONE) for name in subs_before]
    before_measures = [(m.name, m.text) for m in was.measures]
    if before_measures != [(m.name, m.text) for m in now.measures]:
        out.append(GoalChange("工作保障措施", "；".join(m.name for m in was.measures) or NONE,
                              "；".join(m.name for m in now.measures) or NONE))
    return out
