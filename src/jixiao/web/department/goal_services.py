"""Writes of a plan's 部门整体绩效目标: the indicators of each 分项目标 (部门整体绩效指标, `UnitIndicator`),
the ones jixiao proposes from a 分项目标's sentences (core.unit_goals.propose) until a person confirms
them, and the projects whose money each 分项目标 covers (`plan.department["sub_goals"][i]["projects"]`,
project keys). As a project's indicators: only the unit's 单位填报 (and 管理员) while the plan is a draft,
the 指标值 parsed and bounded by the same helper (goals.services.target_fields), each indicator's version
checked (409 when stale), a history entry in the same transaction, the plan's 建议等级 refreshed."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from ...core import document as core
from ...core import unit_goals
from ...core.document import project_key
from ...core.errors import CONFLICT, NOT_FOUND
from ...core.frameworks import FRAMEWORKS
from ...evaluation.department import DepartmentError
from ..goals.convert import indicator_fields
from ..goals.models import Plan
from ..goals.services import proposed_grade_refresh, target_fields
from ..history.services import diff, log_action
from . import errors as e
from .goal_selectors import sub_goals_of, unit_indicators_read
from .models import UnitIndicator
from .permissions import require_editor

FIELDS = ("level1", "level2", "name", "description", "target_raw", "basis")  # what a person types
UNIT_TABLE = "部门整体年度绩效指标"  # the unit's own table (UnitIndicator.goal None)
LABELS = dict(Plan.STATES)


@dataclass
class Imported:
    """What an import made of the unit-wide goals' indicators: read from the document, and proposed."""

    read: int = 0
    proposed: int = 0

    def phrase(self) -> str:
        """For the import's history note: "、部门整体绩效指标3个（其中待确认3个）", "" when none."""
        total = self.read + self.proposed
        return f"、部门整体绩效指标{total}个（其中待确认{self.proposed}个）" if total else ""


def _place(plan: Plan) -> dict:
    return {"unit": plan.unit.name, "year": plan.year}


def _editable(plan: Plan, user) -> None:
    require_editor(user, plan.unit_id, outsider=e.GOALS_OUTSIDER)
    if plan.locked:
        raise DepartmentError("locked", e.GOALS_LOCKED.format(**_place(plan), state=LABELS[plan.state]), kind=CONFLICT)


def _sub_goal(plan: Plan, goal: int) -> dict:
    goals = sub_goals_of(plan)
    if plan.department is None:
        raise DepartmentError("goal", e.NO_DEPARTMENT.format(**_place(plan)), kind=NOT_FOUND)
    if not 0 <= goal < len(goals):
        message = e.MISSING_GOAL.format(**_place(plan), number=goal + 1, count=len(goals))
        raise DepartmentError("goal", message, kind=NOT_FOUND, fields={"goal": message})
    return goals[goal]


def _typed(plan: Plan, fields: dict) -> dict:
    """The typed fields as columns: 一级/二级 of the plan's framework, the 指标值 parsed and bounded."""
    level1, level2 = fields["level1"], fields["level2"]
    if not FRAMEWORKS[plan.framework].allows(level1, level2):
        message = e.LEVELS.format(level1=level1, level2=level2)
        raise DepartmentError("level2", message, fields={"level2": message})
    data = {k: fields[k] for k in FIELDS if k != "target_raw"}
    return data | target_fields(fields["target_raw"], level2)


def _checked(row: UnitIndicator) -> None:
    """The columns' own limits (lengths, digits), in Chinese, before anything is saved."""
    try:
        row.full_clean(exclude=["plan"])
    except ValidationError as error:
        fields = {k: str(v[0]) for k, v in error.message_dict.items()}
        labels = {f.name: str(f.verbose_name) for f in UnitIndicator._meta.fields}
        message = e.INDICATOR_FIELDS.format(fields="；".join(f"{labels.get(k, k)}：{v}" for k, v in fields.items()))
        raise DepartmentError("invalid", message, fields=fields) from None


def _stale(indicator: UnitIndicator) -> DepartmentError:
    return DepartmentError("stale", e.STALE.format(what=e.UNIT_INDICATOR.format(name=indicator.name)), kind=CONFLICT)


def _note(plan: Plan, goal: int | None) -> str:
    if goal is None:
        return f"{plan.year}年{UNIT_TABLE}"
    goals = sub_goals_of(plan)
    name = goals[goal].get("name", "") if 0 <= goal < len(goals) else ""
    return f"{plan.year}年分项目标{goal + 1}“{name}”"


@transaction.atomic
def unit_indicator_create(*, plan: Plan, goal: int | None, fields: dict, user) -> UnitIndicator:
    """Add an indicator to the 分项目标 at `goal` (its position, from 0), or with `goal` None to the unit's
    own 年度绩效指标; confirmed, as typed by a person."""
    _editable(plan, user)
    if goal is None:
        if plan.department is None:
            raise DepartmentError("goal", e.NO_DEPARTMENT.format(**_place(plan)), kind=NOT_FOUND)
    else:
        _sub_goal(plan, goal)
    Plan.objects.select_for_update().filter(pk=plan.pk).exists()  # the same form sent twice at once: one after the other
    position = (plan.unit_indicators.filter(goal=goal).aggregate(m=Max("position"))["m"] or 0) + 1
    row = UnitIndicator(plan=plan, goal=goal, position=position, **_typed(plan, fields))
    _checked(row)
    if plan.unit_indicators.filter(goal=goal, name=row.name, target_raw=row.target_raw).exists():  # sent twice
        message = e.UNIT_INDICATOR_TWICE.format(where=_note(plan, goal), name=row.name, target=row.target_raw)
        raise DepartmentError("twice", message, kind=CONFLICT, fields={"name": message})
    row.save()
    log_action("unit_indicator.created", row, user, diff({}, {k: fields[k] for k in FIELDS}), _note(plan, goal))
    proposed_grade_refresh(plan)
    return row


@transaction.atomic
def unit_indicator_update(*, indicator: UnitIndicator, fields: dict, version: int, user) -> UnitIndicator:
    """Change an indicator shown at `version` (409 when someone changed it since). A proposed one that a
    person edits and saves is confirmed by it."""
    plan = indicator.plan
    _editable(plan, user)
    merged = {k: getattr(indicator, k) for k in FIELDS} | {k: v for k, v in fields.items() if k in FIELDS}
    data = _typed(plan, merged)
    _checked(UnitIndicator(plan=plan, goal=indicator.goal, position=indicator.position, **data))
    before = {k: getattr(indicator, k) for k in FIELDS} | {"proposed": _state(indicator.proposed)}
    if not UnitIndicator.objects.filter(pk=indicator.pk, version=version).update(
            version=F("version") + 1, proposed=False, **data):
        raise _stale(indicator)
    indicator.refresh_from_db()
    after = {k: getattr(indicator, k) for k in FIELDS} | {"proposed": _state(False)}
    log_action("unit_indicator.changed", indicator, user, diff(before, after), _note(plan, indicator.goal))
    proposed_grade_refresh(plan)
    return indicator


def _state(proposed: bool) -> str:
    return "待确认" if proposed else "已确认"


@transaction.atomic
def unit_indicator_confirm(*, indicator: UnitIndicator, version: int, user) -> UnitIndicator:
    """A proposed indicator confirmed as it stands: from now on the review reads it."""
    plan = indicator.plan
    _editable(plan, user)
    if not indicator.proposed:
        raise DepartmentError("confirmed", e.CONFIRMED.format(name=indicator.name), kind=CONFLICT)
    if not UnitIndicator.objects.filter(pk=indicator.pk, version=version, proposed=True).update(
            version=F("version") + 1, proposed=False):
        raise _stale(indicator)
    indicator.refresh_from_db()
    log_action("unit_indicator.confirmed", indicator, user, {"proposed": [_state(True), _state(False)]},
               _note(plan, indicator.goal))
    proposed_grade_refresh(plan)
    return indicator


@transaction.atomic
def unit_indicator_delete(*, indicator: UnitIndicator, version: int, user) -> None:
    """Delete an indicator shown at `version` (a proposal turned down, one entered by mistake); the entry
    goes on the plan, whose page and the 部门整体绩效目标 page still show it."""
    plan = indicator.plan
    _editable(plan, user)
    log_action("unit_indicator.deleted", plan, user,
               {"unit_indicator": [f"{indicator.name}（{indicator.target_raw}）{'，待确认' if indicator.proposed else ''}", ""]},
               _note(plan, indicator.goal))
    if not UnitIndicator.objects.filter(pk=indicator.pk, version=version).delete()[0]:
        raise _stale(indicator)
    proposed_grade_refresh(plan)


def _proposals(plan: Plan, goal: int, sub: dict) -> list[UnitIndicator]:
    """Rows of the indicators proposed from a 分项目标's sentences, not saved."""
    found = unit_goals.propose(core.SubGoal(sub.get("name", ""), sub.get("goal", ""), sub.get("indicators_text", "")),
                               plan.framework)
    return [UnitIndicator(plan=plan, goal=goal, position=n, proposed=True, **indicator_fields(i))
            for n, i in enumerate(found, 1)]


@transaction.atomic
def unit_goals_propose(*, plan: Plan, user) -> list[UnitIndicator]:
    """Propose indicators, from their sentences' numbers, for the 分项目标 that have none yet; they wait
    as 待确认 for a person to confirm, change or delete. Asked again, it adds nothing to a 分项目标 that
    has indicators (proposed or confirmed)."""
    _editable(plan, user)
    Plan.objects.select_for_update().filter(pk=plan.pk).exists()  # two proposals at once: one after the other
    having = set(plan.unit_indicators.values_list("goal", flat=True))
    rows = [row for goal, sub in enumerate(sub_goals_of(plan)) if goal not in having
            for row in _proposals(plan, goal, sub)]
    if rows:
        UnitIndicator.objects.bulk_create(rows)
        log_action("unit_goals.proposed", plan, user, {"unit_indicator": ["", "；".join(
            f"{r.name}（{r.target_raw}）" for r in rows)]}, f"{plan.year}年：建议{len(rows)}个部门整体绩效指标，待确认")
        proposed_grade_refresh(plan)
    return rows


def unit_indicators_import(*, plan: Plan, document: core.GoalDocument) -> Imported:
    """Called by goals.services.plan_import in its transaction, the document's unit-wide part just stored
    in the plan: each 分项目标's indicators read from the document become its rows (confirmed), and for a
    分项目标 without any, the indicators proposed from its sentences (待确认); a 分项目标 that names no
    projects gets those proposed by their shared words (core.unit_goals.propose_links). The unit's own
    年度绩效指标 (the official form's one table) become rows without a 分项目标 (goal None), confirmed.
    The plan's former rows (a draft replaced) go."""
    plan.unit_indicators.all().delete()
    done = Imported()
    if document.department is None or plan.department is None:
        return done
    rows = [UnitIndicator(plan=plan, goal=r.goal, position=r.position, proposed=r.proposed, **indicator_fields(r.indicator))
            for r in unit_indicators_read(document)]
    done.read = sum(not r.proposed for r in rows)
    done.proposed = sum(r.proposed for r in rows)
    UnitIndicator.objects.bulk_create(rows)
    links = unit_goals.propose_links(document)
    department = dict(plan.department)
    department["sub_goals"] = [s if s.get("projects") else
                               dict(s, projects=list(dict.fromkeys(k.project for k in links if k.sub_goal == s.get("name"))))
                               for s in sub_goals_of(plan)]
    if department != plan.department:
        Plan.objects.filter(pk=plan.pk).update(department=department)
        plan.department = department
    return done


@transaction.atomic
def sub_goal_projects_set(*, plan: Plan, goal: int, projects: list[str], version: int, user) -> Plan:
    """The projects whose money the 分项目标 at `goal` covers, by their keys (项目编码, or the name of a
    project without one), replacing what was there; the plan shown at `version` (409 when stale)."""
    _editable(plan, user)
    sub = _sub_goal(plan, goal)
    known = {project_key(p): p.name for p in plan.projects.all()}
    wanted = list(dict.fromkeys(k.strip() for k in projects if k.strip()))
    if unknown := [k for k in wanted if k not in known]:
        message = e.UNKNOWN_PROJECTS.format(**_place(plan), keys="、".join(unknown[:10]))
        raise DepartmentError("projects", message, fields={"projects": message})
    before = [known.get(k, k) for k in sub.get("projects", [])]
    department = dict(plan.department or {})
    department["sub_goals"] = [dict(s, projects=wanted) if k == goal else s for k, s in enumerate(sub_goals_of(plan))]
    if not Plan.objects.filter(pk=plan.pk, version=version).update(department=department, version=F("version") + 1):
        raise DepartmentError("stale", e.STALE.format(what=e.GOAL_PROJECTS.format(**_place(plan))), kind=CONFLICT)
    plan.refresh_from_db()
    log_action("sub_goal.projects_set", plan, user, diff({"projects": before}, {"projects": [known[k] for k in wanted]}),
               _note(plan, goal))
    proposed_grade_refresh(plan)
    return plan
