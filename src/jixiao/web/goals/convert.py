"""ORM rows to core objects and back. The core computes; the web stores."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ...core import document as core
from ...core.spending_plan import SpendingPlan
from ...core.targets import Target
from ...formats.templates import BY_NAME
from .models import IndicatorFields, Plan, Project

PLAN_FIELDS = {3: "plan_3", 6: "plan_6", 10: "plan_10", 12: "plan_12"}


def indicator_core(row: IndicatorFields) -> core.Indicator:
    """A project's indicator, or a unit-wide one (department.UnitIndicator), as the core reads it."""
    target = Target(row.target_raw, row.op, row.value, row.value_hi, row.unit, row.inferred)
    return core.Indicator(row.level1, row.level2, row.name, row.description, target, row.basis, row.weight)


def project_core(row: Project) -> core.Project:
    plan = SpendingPlan({m: getattr(row, f) for m, f in PLAN_FIELDS.items()})
    return core.Project(row.code, row.name, core.Budget(row.total, row.fiscal, row.other), row.purpose, plan,
                        list(row.goals), [indicator_core(i) for i in row.indicators.all()])


def department_core(data: dict | None, indicators: Iterable[IndicatorFields] = ()) -> core.DepartmentGoals | None:
    """The unit-wide part as stored: its texts and each 分项目标's project keys from the plan's JSON, its
    indicators from the plan's `UnitIndicator` rows (`indicators`, each with its 分项目标's position in
    `goal`; goal None: the unit's own 年度绩效指标, `DepartmentGoals.indicators`), the confirmed ones only:
    a proposal waiting for a person (`proposed`) is not yet the unit's goal, and the review does not
    read it. A plan stored before the rows existed has none."""
    if data is None:
        return None
    rows = [r for r in indicators if not getattr(r, "proposed", False)]
    sub_goals = [core.SubGoal(s.get("name", ""), s.get("goal", ""), s.get("indicators_text", ""),
                              [indicator_core(r) for r in rows if getattr(r, "goal", None) == k],
                              list(s.get("projects", [])))
                 for k, s in enumerate(data.get("sub_goals", []))]
    return core.DepartmentGoals(data.get("overall_goal", ""), sub_goals,
                                [core.Measure(**m) for m in data.get("measures", [])],
                                [indicator_core(r) for r in rows if getattr(r, "goal", -1) is None])


def department_data(dept: core.DepartmentGoals | None) -> dict | None:
    """The unit-wide part as the plan stores it: the texts and each 分项目标's project keys; its indicators
    are rows of their own (department.UnitIndicator, made by the import)."""
    if dept is None:
        return None
    return {"overall_goal": dept.overall_goal,
            "sub_goals": [{"name": s.name, "goal": s.goal, "indicators_text": s.indicators_text,
                           "projects": list(s.projects)} for s in dept.sub_goals],
            "measures": [{"name": m.name, "text": m.text} for m in dept.measures]}


def plan_form(plan: Plan, projects: list[core.Project]) -> frozenset[str]:
    """The fields the plan's form has: its template's, plus 指标值确定依据 where an indicator has one;
    every field for a plan made in jixiao (or read by a template no longer known)."""
    template = BY_NAME.get(plan.template)
    if template is None:
        return core.FORM_FIELDS
    has_basis = any(i.basis for p in projects for i in p.indicators)
    return template.has | {"basis"} if has_basis else template.has


def plan_document(plan: Plan) -> core.GoalDocument:
    """The plan as a goal document (prefetch projects__indicators for one query per table)."""
    projects = [project_core(p) for p in plan.projects.all()]
    return core.GoalDocument(core.Unit(plan.unit.code, plan.unit.name), plan.year, projects,
                             department_core(plan.department, plan.unit_indicators.all()), plan.framework,
                             template=plan.template,
                             form=plan_form(plan, projects))


def project_fields(p: core.Project) -> dict:
    fields = {"code": p.code, "name": p.name, "total": p.budget.total, "fiscal": p.budget.fiscal,
              "other": p.budget.other, "purpose": p.purpose, "goals": list(p.goals)}
    fields.update({f: p.spending_plan.checkpoints[m] for m, f in PLAN_FIELDS.items()})
    return fields


def indicator_fields(i: core.Indicator) -> dict:
    t = i.target
    return {"level1": i.level1, "level2": i.level2, "name": i.name, "description": i.description,
            "target_raw": t.raw, "op": t.op, "value": _dec(t.value), "value_hi": _dec(t.value_hi), "unit": t.unit,
            "inferred": t.inferred, "basis": i.basis, "weight": i.weight}


def _dec(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.000001"))
