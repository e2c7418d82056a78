"""Reads of a plan's 部门整体绩效目标 for its page and the API: the 分项目标 with their text, indicators
(待确认 ones included, marked) and the projects each covers; the review's findings about the unit-wide
part; the history of all of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from ...core import document as core
from ...core.document import project_key
from ...core.errors import NOT_FOUND
from ...core.unit_goals import propose
from ...evaluation.department import DepartmentError
from ...review import review_document
from ...review.registry import UNIT_WIDE
from ...review.unit_goals import BY_UNIT_TABLE, OWN, UNMEASURED, measures_of
from ..accounts.roles import in_unit
from ..goals.convert import department_core, plan_document
from ..goals.models import Plan, Project, Unit
from ..goals.previous import plan_previous
from ..history import selectors as history
from ..history.models import Entry
from . import errors as e
from .models import UnitIndicator

# The entries written on the plan about its unit-wide goals (the others are on each indicator).
PLAN_ACTIONS = ("unit_indicator.deleted", "unit_goals.proposed", "sub_goal.projects_set")
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class ProjectChoice:
    key: str
    name: str
    covered: bool


@dataclass
class SubGoalRow:
    """A 分项目标 as its page shows it."""

    goal: int  # its position in plan.department["sub_goals"], from 0
    name: str
    text: str
    indicators_text: str
    indicators: list[UnitIndicator] = field(default_factory=list)
    projects: list[ProjectChoice] = field(default_factory=list)
    form: object = None  # the page's form to add an indicator here
    # how the review measures it (review.unit_goals.sub_goal_measures): by its own quantified indicators,
    # by the unit's own 年度绩效指标 table, or not at all (faulted: department-sub-goal-unmeasured)
    measure: str = OWN

    @property
    def unmeasured(self) -> bool:
        return self.measure == UNMEASURED

    @property
    def by_unit_table(self) -> bool:
        return self.measure == BY_UNIT_TABLE

    @property
    def number(self) -> int:
        return self.goal + 1

    @property
    def proposed(self) -> int:
        return sum(i.proposed for i in self.indicators)


@dataclass
class ReadIndicator:
    """A unit-wide indicator an import makes of a document: the 分项目标 it belongs to (its position, from
    0; None: the unit's own 年度绩效指标), its place there (from 1), and whether it is proposed from the
    分项目标's sentences (待确认) rather than read."""

    goal: int | None
    position: int
    indicator: core.Indicator
    proposed: bool = False


def unit_indicators_read(document: core.GoalDocument) -> list[ReadIndicator]:
    """What importing `document` makes of its unit-wide indicators, as the import stores them and its
    preview shows them: the unit's own 年度绩效指标, each 分项目标's written indicators, and for a 分项目标
    without any, the ones proposed from its sentences' numbers (core.unit_goals.propose)."""
    if document.department is None:
        return []
    rows = [ReadIndicator(None, n, i) for n, i in enumerate(document.department.indicators, 1)]
    for goal, sub in enumerate(document.department.sub_goals):
        if sub.indicators:
            rows += [ReadIndicator(goal, n, i) for n, i in enumerate(sub.indicators, 1)]
        else:
            rows += [ReadIndicator(goal, n, i, proposed=True) for n, i in enumerate(propose(
                core.SubGoal(sub.name, sub.goal, sub.indicators_text), document.framework), 1)]
    return rows


def unit_indicators_preview(document: core.GoalDocument) -> list[dict]:
    """The upload preview's rows of the unit-wide indicators the import would save: whose (部门整体 or
    the 分项目标), the indicator, and whether it is read or proposed (待确认)."""
    names = [s.name for s in document.department.sub_goals] if document.department is not None else []
    return [{"owner": UNIT_WIDE if r.goal is None else f"分项目标{r.goal + 1}“{names[r.goal]}”", "goal": r.goal,
             "indicator": r.indicator, "proposed": r.proposed} for r in unit_indicators_read(document)]


def sub_goals_of(plan: Plan) -> list[dict]:
    """The plan's 分项目标 as stored (text and project keys), [] when it has no unit-wide part."""
    return list((plan.department or {}).get("sub_goals", []))


def plan_of(*, unit: Unit, year: int) -> Plan | None:
    """The unit's plan of the year with what the page and the review read, or None."""
    return (Plan.objects.select_related("unit")
            .prefetch_related(Prefetch("projects", queryset=Project.objects.prefetch_related("indicators")),
                              "unit_indicators")
            .filter(unit=unit, year=year).first())


def plan_get(*, unit: Unit, year: int) -> Plan:
    """The unit's plan of the year, which its unit-wide goals are part of (404 when there is none)."""
    plan = plan_of(unit=unit, year=year)
    if plan is None:
        raise DepartmentError("plan", e.NO_PLAN.format(unit=unit.name, year=year), kind=NOT_FOUND)
    return plan


def unit_indicator_get(*, user, indicator_id: int) -> UnitIndicator:
    """A unit-wide indicator by its id, with its plan and unit, for a user who sees its unit (404 otherwise)."""
    found = UnitIndicator.objects.filter(pk=indicator_id).select_related("plan__unit").first()
    if found is None or not in_unit(user, found.plan.unit_id):
        raise DepartmentError("indicator", e.MISSING_UNIT_INDICATOR.format(id=indicator_id), kind=NOT_FOUND)
    return found


def sub_goal_list(*, plan: Plan) -> list[SubGoalRow]:
    rows = list(plan.unit_indicators.all())
    projects = [(project_key(p), p.name) for p in plan.projects.all()]
    department = department_core(plan.department, rows)
    measures = measures_of(department) if department is not None else []
    out = []
    for k, s in enumerate(sub_goals_of(plan)):
        covered = set(s.get("projects", []))
        out.append(SubGoalRow(k, s.get("name", ""), s.get("goal", ""), s.get("indicators_text", ""),
                              [r for r in rows if r.goal == k],
                              [ProjectChoice(key, name, key in covered) for key, name in projects],
                              measure=measures[k] if k < len(measures) else OWN))
    return out


def unit_table(*, plan: Plan) -> list[UnitIndicator]:
    """The unit's own 年度绩效指标 (the official form's one table for the unit as a whole: goal None)."""
    return [r for r in plan.unit_indicators.all() if r.goal is None]


def uncovered_projects(*, plan: Plan) -> list[str]:
    """The names of the plan's projects that no 分项目标 covers."""
    covered = {key for s in sub_goals_of(plan) for key in s.get("projects", [])}
    return [p.name for p in plan.projects.all() if project_key(p) not in covered]


def is_unit_wide(finding) -> bool:
    """A finding about the unit-wide part: one of the unit-wide rules (review/unit_goals.py), which name
    部门整体 (`UNIT_WIDE`) as their project, or one that names no project."""
    return finding.project in (UNIT_WIDE, "")


def unit_wide_findings(*, plan: Plan) -> list[dict]:
    """The review's findings about the unit-wide part, errors first, as goals/_findings.html shows them."""
    document = plan_document(plan)
    review = review_document(document, plan.rules, previous=plan_previous(plan))
    names = {project_key(p): p.name for p in document.projects}
    found = sorted((f for f in review.findings if is_unit_wide(f)), key=lambda f: list(SEVERITY).index(f.severity))
    return [{**f.__dict__, "severity_label": SEVERITY[f.severity], "project_name": names.get(f.project, f.project),
             "whole_document": True} for f in found]


def goals_history(*, plan: Plan, limit: int | None = history.LIMIT) -> history.Entries:
    """The changes of the plan's unit-wide goals: each indicator's own entries (of the indicators there
    are; a deleted one's deletion is on the plan) and the plan's entries about them."""
    ids = list(plan.unit_indicators.values_list("pk", flat=True))
    rows = Entry.objects.filter(Q(object_type="unitindicator", object_id__in=ids)
                                | Q(object_type="plan", object_id=plan.pk, action__in=PLAN_ACTIONS))
    return _cut(rows, limit)


def _cut(rows, limit: int | None) -> history.Entries:
    found = history.Entries(rows.select_related("user")[: None if limit is None else limit + 1])
    if limit is not None and len(found) > limit:
        del found[limit:]
        found.more = True
    return found


def unit_indicator_json(i: UnitIndicator) -> dict:
    return {"id": i.pk, "goal": i.goal, "position": i.position, "level1": i.level1, "level2": i.level2,
            "name": i.name, "description": i.description, "target_raw": i.target_raw, "basis": i.basis,
            "proposed": i.proposed, "metric": i.metric, "version": i.version}


def unit_goals_json(*, unit: Unit, year: int, plan: Plan | None) -> dict:
    """The year's unit-wide goals as the API gives them."""
    if plan is None or plan.department is None:
        return {"unit": unit.code, "year": year, "plan_id": plan.pk if plan else None,
                "plan_version": plan.version if plan else None, "state": plan.state if plan else None,
                "overall_goal": "", "indicators": [], "sub_goals": [], "measures": []}
    return {"unit": unit.code, "year": year, "plan_id": plan.pk, "plan_version": plan.version, "state": plan.state,
            "overall_goal": plan.department.get("overall_goal", ""),
            "indicators": [unit_indicator_json(i) for i in unit_table(plan=plan)],
            "sub_goals": [{"goal": s.goal, "name": s.name, "text": s.text, "indicators_text": s.indicators_text,
                           "indicators": [unit_indicator_json(i) for i in s.indicators],
                           "projects": [p.key for p in s.projects if p.covered]}
                          for s in sub_goal_list(plan=plan)],
            "measures": [{"name": m.get("name", ""), "text": m.get("text", "")}
                         for m in plan.department.get("measures", [])]}


@dataclass(frozen=True)
class UnitLastYear:
    """历史标准 of a unit-wide indicator: last year's target and its actual from last year's records."""

    year: int
    target: str
    actual: str  # "" when last year's indicator was not bound to a metric or had no value


def unit_last_year(*, plan: Plan) -> dict[int, UnitLastYear]:
    """This plan's unit-wide indicator id → last year's, matched as project indicators are (previous.py): by
    the 分项目标's name (none for the unit's own table) and the indicator's name, not by a copied link."""
    from .selectors import unit_actuals  # the records' side of the area

    last = Plan.objects.filter(unit_id=plan.unit_id, year=plan.year - 1).select_related("unit").first()
    if last is None:
        return {}
    try:
        before = {(row.indicator.goal is None, row.goal, row.indicator.name): row
                  for row in unit_actuals(plan=last, indicators=list(last.unit_indicators.filter(proposed=False)))}
    except DepartmentError:  # last year's records unreadable: no comparison rather than no page
        return {}
    from .selectors import goal_name

    out = {}
    for i in plan.unit_indicators.all():
        row = before.get((i.goal is None, goal_name(plan, i.goal), i.name))
        if row is not None:
            out[i.pk] = UnitLastYear(last.year, row.indicator.target_raw, row.text)
    return out
