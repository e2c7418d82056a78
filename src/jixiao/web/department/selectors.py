"""Reads of a unit's 部门整体 records, filtered by what the user may see, and the unit-wide metrics
computed from them: staff in post (with the records counted) and the execution of the whole budget."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from ...core.errors import NOT_FOUND
from ...evaluation import department as rules
from ...evaluation.department import DepartmentError
from ..accounts.roles import in_unit
from ..evaluation.models import SpendingRecord
from ..goals.models import Plan, Unit
from . import errors as e
from .models import BasicBudget, BasicSpending, Staffing


def year_checked(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise DepartmentError("year", e.YEAR_RANGE.format(year=year), fields={"year": e.YEAR_RANGE.format(year=year)})
    return year


def unit_get(*, user, unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not in_unit(user, unit.pk):
        raise DepartmentError("unit", e.MISSING_UNIT, kind=NOT_FOUND)
    return unit


def unit_by_code(*, user, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not in_unit(user, unit.pk):
        raise DepartmentError("unit", e.MISSING_UNIT, kind=NOT_FOUND)
    return unit


def staffing_list(*, unit: Unit, year: int) -> list[Staffing]:
    return list(Staffing.objects.filter(unit=unit, year=year))


def basic_spending_list(*, unit: Unit, year: int) -> list[BasicSpending]:
    return list(BasicSpending.objects.filter(unit=unit, year=year))


def basic_budget_get(*, unit: Unit, year: int) -> BasicBudget | None:
    return BasicBudget.objects.filter(unit=unit, year=year).first()


def _record(model, what: str, *, unit: Unit, year: int, record_id: int):
    found = model.objects.filter(pk=record_id, unit=unit, year=year).first()
    if found is None:
        raise DepartmentError("record", e.MISSING_RECORD.format(unit=unit.name, year=year, id=record_id, what=what),
                              kind=NOT_FOUND)
    return found


def staffing_get(*, unit: Unit, year: int, record_id: int) -> Staffing:
    return _record(Staffing, "编制记录", unit=unit, year=year, record_id=record_id)


def basic_spending_get(*, unit: Unit, year: int, record_id: int) -> BasicSpending:
    return _record(BasicSpending, "基本支出记录", unit=unit, year=year, record_id=record_id)


def staff_in_post(*, unit: Unit, year: int) -> rules.Measure:
    """Staff in post across the unit and its subordinate units, from the year's staffing records."""
    return rules.staff_in_post([s.to_domain() for s in staffing_list(unit=unit, year=year)])


def unit_execution(*, unit: Unit, year: int) -> rules.Execution:
    """The year's basic and project spending against the unit's budget: the year's plan's projects' 预算数
    plus the basic-spending budget when recorded."""
    plan = Plan.objects.filter(unit=unit, year=year).first()
    projects = list(plan.projects.all()) if plan is not None else []
    spent = dict(SpendingRecord.objects.filter(project__in=projects).values_list("project_id").annotate(s=Sum("amount")))
    budget = basic_budget_get(unit=unit, year=year)
    return rules.unit_execution(project_budgets={str(p.pk): p.total for p in projects},
                                project_spent={str(k): v or Decimal(0) for k, v in spent.items()},
                                basic=[b.to_domain() for b in basic_spending_list(unit=unit, year=year)],
                                basic_budget=budget.amount if budget else None)


def department_json(*, unit: Unit, year: int) -> dict:
    """The year's records and metrics as the API gives them."""
    staff = staff_in_post(unit=unit, year=year)
    execution = unit_execution(unit=unit, year=year)
    spending = basic_spending_list(unit=unit, year=year)
    budget = basic_budget_get(unit=unit, year=year)
    return {
        "unit": unit.code, "year": year,
        "staffing": [staffing_json(s) for s in staffing_list(unit=unit, year=year)],
        "basic_spending": [basic_spending_json(b) for b in spending],
        "basic_spending_totals": {k: str(v) for k, v in rules.spending_totals([b.to_domain() for b in spending]).items()},
        "basic_budget": str(budget.amount) if budget else None, "basic_budget_version": budget.version if budget else None,
        "staff_in_post": {"value": staff.value, "unit": staff.unit, "records": staff.records, "basis": staff.basis},
        "execution": {"budget": str(execution.budget), "project_budget": str(execution.project_budget),
                      "basic_budget": None if execution.basic_budget is None else str(execution.basic_budget),
                      "spent": str(execution.spent), "project_spent": str(execution.project_spent),
                      "basic_spent": str(execution.basic_spent),
                      "rate": None if execution.rate is None else str(execution.rate), "basis": execution.basis},
    }


def staffing_json(s: Staffing) -> dict:
    return {"id": s.pk, "unit_name": s.unit_name, "posts": s.posts, "in_post": s.in_post, "retired": s.retired,
            "version": s.version}


def basic_spending_json(b: BasicSpending) -> dict:
    return {"id": b.pk, "date": b.date, "kind": b.kind, "amount": str(b.amount), "note": b.note, "version": b.version}


def record_by_id(*, user, model, what: str, record_id: int):
    """A staffing or basic-spending record by its id, for a user who sees its unit (404 otherwise)."""
    found = model.objects.filter(pk=record_id).select_related("unit").first()
    if found is None or not in_unit(user, found.unit_id):
        raise DepartmentError("record", e.MISSING_BY_ID.format(id=record_id, what=what), kind=NOT_FOUND)
    return found


def unit_years(*, user) -> list[tuple[Unit, list[int]]]:
    """The units the user sees, each with its years that have a plan or 部门整体 records, newest first."""
    found = []
    for unit in Unit.objects.order_by("code"):
        if not in_unit(user, unit.pk):
            continue
        years = set(Plan.objects.filter(unit=unit).values_list("year", flat=True))
        years |= set(Staffing.objects.filter(unit=unit).values_list("year", flat=True))
        years |= set(BasicSpending.objects.filter(unit=unit).values_list("year", flat=True))
        found.append((unit, sorted(years, reverse=True)))
    return found
