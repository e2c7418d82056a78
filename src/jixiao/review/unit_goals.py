"""The rules of the unit-wide part (部门整体绩效目标), run by the engine when a document has one.

- department-sub-goal-unmeasured: every 分项目标 has a quantified indicator to judge it by; where it has
  none but its sentences hold numbers, the message names the indicators `core.unit_goals.propose` makes
  of them (建议指标), for the user to confirm. A unit whose own 年度绩效指标 table (the official
  部门整体支出绩效目标表, 财预〔2015〕88号) has at least as many quantified indicators is measured as a
  whole: its 分项目标 are not faulted.
- department-project-uncovered: every project's money lies under some 分项目标 (the links written in
  the sub-goals, or where none is written, the ones `core.unit_goals.propose_links` proposes).
- department-<code>: the project rules that judge one indicator at a time, run over each 分项目标's
  indicators and over the unit's own (`department.indicators`); the rule set's `[review.unit_goals]
  indicator_rules` says which. Same check, same dimension, severity, hint and source as the project rule.

Findings name `UNIT_WIDE` (部门整体) as their project, and the indicator's name, or else the
sub-goal's name, as their indicator.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from ..core.document import Budget, DepartmentGoals, GoalDocument, Indicator, Project, SubGoal
from ..core.frameworks import canonical_levels
from ..core.unit_goals import covered, propose
from ..rulesets import RuleSet, load
from . import appropriateness, completeness, feasibility, history, relevance  # noqa: F401  (the project rules)
from .registry import APPROPRIATENESS, RELEVANCE, RULES, UNIT_WIDE, WARNING, Context, Rule, UnitProblem, unit_rule

SOURCE_MEASURABLE = ("RULES.md §2.1 细化量化（财预〔2015〕88号：绩效目标应细化量化，尽量量化）；"
                     "§6 河北部门整体绩效目标：分项目标各有绩效指标[S18]")
SOURCE_COVERED = ("RULES.md §6 河北部门整体绩效目标：部门整体目标统领专项资金和预算项目目标[S18]；"
                  "§2.1 相应匹配（财预〔2015〕88号：绩效目标与资金量相匹配）")


def proposal_text(ind: Indicator) -> str:
    """A proposed indicator as a person reads it: 救助人数 ≥400人."""
    return f"{ind.name} {ind.target.raw}"


@unit_rule("department-sub-goal-unmeasured", RELEVANCE, WARNING,
           "为每个分项目标设置量化的绩效指标（可确认由文字生成的建议指标），使其能够衡量", SOURCE_MEASURABLE)
def sub_goals_measurable(doc: GoalDocument, ctx: Context) -> Iterator[UnitProblem]:
    assert doc.department is not None
    least = ctx.settings["unit_goals"]["min_quantified"]
    if not doc.department.sub_goals:
        yield "", None, "sub_goals", "部门整体绩效目标没有分项目标，无从衡量"
    for sub, measure in zip(doc.department.sub_goals, sub_goal_measures(doc.department, least)):
        if measure == UNMEASURED:
            yield sub.name, None, "indicators", unmeasured_message(sub, quantified(sub.indicators), least, doc.framework)


OWN, BY_UNIT_TABLE, UNMEASURED = "own", "unit_table", "unmeasured"


def quantified(indicators: list[Indicator]) -> int:
    return sum(i.target.is_quantitative for i in indicators)


def sub_goal_measures(department: DepartmentGoals, least: int) -> list[str]:
    """How each 分项目标 is measured, as department-sub-goal-unmeasured judges it: `OWN` (at least
    `least` quantified indicators of its own), `BY_UNIT_TABLE` (not enough of its own, but the unit's
    own 年度绩效指标 table has `least` quantified ones and measures the unit as a whole) or `UNMEASURED`
    (faulted). Pages say by it what the review says.

    >>> from ..core.document import SubGoal
    >>> from ..core.targets import parse_target
    >>> row = Indicator("产出指标", "数量指标", "救助人数", "", parse_target("≥400人"))
    >>> department = DepartmentGoals(sub_goals=[SubGoal("帮扶工作", "", "", indicators=[row]), SubGoal("劳模", "", "")])
    >>> sub_goal_measures(department, 1)
    ['own', 'unmeasured']
    >>> department.indicators = [row]
    >>> sub_goal_measures(department, 1)
    ['own', 'unit_table']
    """
    whole = quantified(department.indicators) >= least  # the official form measures the unit by its own table
    return [OWN if quantified(sub.indicators) >= least else BY_UNIT_TABLE if whole else UNMEASURED
            for sub in department.sub_goals]


def measures_of(department: DepartmentGoals, ruleset: RuleSet | None = None) -> list[str]:
    """`sub_goal_measures` with the rule set's `[review.unit_goals] min_quantified` (the default rule set's
    when none is given, as review_document)."""
    return sub_goal_measures(department, (ruleset or load())["review"]["unit_goals"]["min_quantified"])


def unmeasured_message(sub: SubGoal, have: int, least: int, framework: str) -> str:
    head = (f"分项目标“{sub.name}”没有量化指标" if have == 0
            else f"分项目标“{sub.name}”只有{have}个量化指标，少于{least}个")
    known = {i.name for i in sub.indicators}
    proposed = [i for i in propose(sub, framework) if i.name not in known]
    if not proposed:
        return head + "，文中也没有可据以生成指标的数字"
    sentence = min((i.description for i in proposed), key=len)
    return (f"{head}；可由文中“{sentence}”等生成建议指标："
            + "、".join(proposal_text(i) for i in proposed))


@unit_rule("department-project-uncovered", APPROPRIATENESS, WARNING,
           "把项目归入它所服务的分项目标（或为它补充分项目标），使部门整体目标涵盖全部项目资金", SOURCE_COVERED)
def projects_covered(doc: GoalDocument, ctx: Context) -> Iterator[UnitProblem]:
    assert doc.department is not None
    if not doc.department.sub_goals:
        return  # said once by department-sub-goal-unmeasured
    written = any(s.projects for s in doc.department.sub_goals)
    cover = covered(doc)
    for project in doc.projects:
        key = project.code or project.name
        if cover.get(key):
            continue
        why = "没有归入任何分项目标" if written else "与各分项目标没有共同的词，未能归入任何分项目标"
        yield "", None, "projects", f"项目“{project.name}”的资金{why}"


def _sub_goal_project(name: str, own: list[Indicator]) -> Project:
    """A sub-goal's (or the unit's own) indicators as a project's, their levels as the frameworks
    name them, for the project rules that judge one indicator at a time."""
    indicators = [replace(i, level1=c1, level2=c2) for i in own
                  for c1, c2 in [canonical_levels(i.level1, i.level2)]]
    return Project("", name, Budget(Decimal(0), Decimal(0), Decimal(0)), indicators=indicators)


def _over_sub_goals(project_rule: Rule):
    def check(doc: GoalDocument, ctx: Context) -> Iterator[UnitProblem]:
        assert doc.department is not None
        if project_rule.code not in ctx.settings["unit_goals"]["indicator_rules"]:
            return
        for sub in doc.department.sub_goals:
            if not sub.indicators:
                continue
            for ind, field, message in project_rule.check(_sub_goal_project(sub.name, sub.indicators), ctx):
                yield sub.name, ind, field, f"分项目标“{sub.name}”：{message}"
        if doc.department.indicators:
            unit = _sub_goal_project(UNIT_WIDE, doc.department.indicators)
            for ind, field, message in project_rule.check(unit, ctx):
                yield "", ind, field, f"部门整体年度绩效指标：{message}"

    check.__doc__ = f"{project_rule.code} over each 分项目标's indicators."
    return check


for _code, _rule in list(RULES.items()):
    unit_rule(f"department-{_code}", _rule.dimension, _rule.severity, _rule.hint, _rule.source)(_over_sub_goals(_rule))
