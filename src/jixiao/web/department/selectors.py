"""Reads of a unit's 部门整体 records, filtered by what the user may see, and the unit-wide metrics
computed from them: staff in post (with the records counted) and the execution of the whole budget."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from ...core.bounds import FIRST_YEAR, LAST_YEAR
from ...core.document import project_key
from ...core.errors import NOT_FOUND
from ...core.targets import QUALITATIVE
from ...evaluation import department as rules
from ...evaluation.department import DepartmentError
from ...evaluation.monitoring import GREEN
from ...evaluation.records import COMPUTED, Provenance
from ...evaluation.unit_metrics import CATALOGUE as UNIT_CATALOGUE
from ...evaluation.unit_metrics import NOT_BOUND, UnitMetric, UnitRecords
from ...relief.metrics import MetricValue
from ..accounts.roles import in_unit
from ..evaluation.models import SpendingRecord
from ..goals.models import Plan, Unit
from . import errors as e
from .models import BasicBudget, BasicSpending, Staffing, UnitIndicator

TWO = Decimal("0.01")


def year_checked(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
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


# Unit-wide actuals (部门整体绩效指标 bound to a metric of evaluation/unit_metrics.py).

def unit_records(*, unit: Unit, year: int, as_of: date | None = None, monitored: bool = True) -> UnitRecords:
    """Everything the unit-wide metrics read about a unit's year: each project's records as the relief
    metrics read them (relief.selectors.project_records), the staffing and basic-spending records, the
    basic budget and, when `monitored`, each project's monitoring colour at `as_of` (else the year's end)."""
    from ..relief.selectors import project_records

    plan = Plan.objects.filter(unit=unit, year=year).first()
    projects = list(plan.projects.all()) if plan is not None else []
    budget = basic_budget_get(unit=unit, year=year)
    records = UnitRecords(
        year, as_of, projects={project_key(p): project_records(p, as_of) for p in projects},
        staffing={f"staffing:{s.pk}": s.to_domain() for s in staffing_list(unit=unit, year=year)},
        basic={f"basic_spending:{b.pk}": b.to_domain() for b in basic_spending_list(unit=unit, year=year)},
        basic_budget=budget.amount if budget else None)
    if monitored and plan is not None and projects:
        from ..evaluation.selectors import monitoring

        records.monitored_on, rows = monitoring(plan, as_of or date(year, 12, 31))
        records.on_track = {row.key: row.colour == GREEN for row in rows}
    return records


@dataclass
class UnitActual:
    """A unit-wide indicator with its metric's value from the records (None when not bound)."""

    indicator: UnitIndicator
    goal: str  # the 分项目标's name
    metric: UnitMetric | None
    value: MetricValue | None

    @property
    def text(self) -> str:
        """The actual as the target is written (500元/人 for a per-person amount); "" without one."""
        if self.metric is None or self.value is None:
            return ""
        quantity = self.metric.quantity(self.value, self.indicator.unit)
        return quantity.text if quantity is not None else ""

    @property
    def fitting(self) -> list[UnitMetric]:
        """The metrics the binding form offers: those whose unit compares with a quantitative target's."""
        if self.indicator.op == QUALITATIVE:
            return []
        return [m for m in UNIT_CATALOGUE.values() if m.fits(self.indicator.unit)]

    @property
    def source(self) -> Provenance | None:
        if self.metric is None or self.value is None:
            return None
        return Provenance(COMPUTED, metric=self.metric.code, records=self.value.records)


UNIT_AS_A_WHOLE = "部门整体"  # the 分项目标 named for the unit's own 年度绩效指标 (UnitIndicator.goal None)


def goal_name(plan: Plan, goal: int | None) -> str:
    if goal is None:
        return UNIT_AS_A_WHOLE
    goals = (plan.department or {}).get("sub_goals") or []
    return goals[goal].get("name", "") if 0 <= goal < len(goals) else ""


def unit_actuals(*, plan: Plan, as_of: date | None = None, records: UnitRecords | None = None,
                 indicators: list[UnitIndicator] | None = None) -> list[UnitActual]:
    """Each unit-wide indicator of the plan with its bound metric's value; the records are read once,
    and the monitoring only when a metric needs it (the share of projects on track)."""
    rows = indicators if indicators is not None else list(plan.unit_indicators.all())
    bound = {i.metric for i in rows if i.metric in UNIT_CATALOGUE}
    if bound and records is None:
        records = unit_records(unit=plan.unit, year=plan.year, as_of=as_of,
                               monitored="unit_projects_on_track" in bound)
    out = []
    for i in rows:
        metric = UNIT_CATALOGUE.get(i.metric)
        value = metric.compute(records) if metric is not None and records is not None else None
        out.append(UnitActual(i, goal_name(plan, i.goal), metric, value))
    return out


def unit_drill_down(refs: tuple[str, ...], full: bool, limit: int = 500) -> list[dict]:
    """The records behind a unit-wide value: payments and checks as relief shows them (ID numbers masked
    unless `full`), project spending, staffing, basic spending and the projects on track."""
    from ..relief.selectors import drill_down

    ids: dict[str, list[int]] = {}
    keys = []
    for ref in refs:
        kind, _, pk = ref.partition(":")
        if kind == "project":
            keys.append(pk)
        elif pk.isdigit():
            ids.setdefault(kind, []).append(int(pk))
    rows = drill_down(refs, full, limit)
    for s in SpendingRecord.objects.filter(pk__in=ids.get("spending", [])[:limit]).select_related("project"):
        rows.append({"kind": "项目支出", "who": s.project.name, "what": f"{s.amount}元", "when": s.date, "where": s.note})
    for st in Staffing.objects.filter(pk__in=ids.get("staffing", [])):
        rows.append({"kind": "编制", "who": st.unit_name, "what": f"在职{st.in_post}人（编制{st.posts}，退休{st.retired}）",
                     "when": None, "where": f"{st.year}年"})
    for b in BasicSpending.objects.filter(pk__in=ids.get("basic_spending", [])[:limit]):
        rows.append({"kind": "基本支出", "who": b.kind, "what": f"{b.amount}元", "when": b.date, "where": b.note})
    for key in keys[:limit]:
        rows.append({"kind": "按进度执行的项目", "who": key, "what": "运行监控为绿色", "when": None, "where": ""})
    return rows


def department_evaluation(*, plan: Plan, as_of: date | None = None) -> dict:
    """The plan's unit-wide indicators with their targets, actuals from the records (metric, unit,
    records counted) and scores, the whole unit's execution, the staff in post, and the total: scored as
    the 部门整体支出绩效自评 is (`evaluation.department_evaluation`, the rule set's [department] weights).
    Only confirmed indicators are evaluated; proposed ones are counted as waiting."""
    from ...evaluation.department_evaluation import EXECUTION, evaluate_department
    from ..evaluation.selectors import scores
    from .evaluation_selectors import base_data, prose_get, unit_item

    indicators = list(plan.unit_indicators.filter(proposed=False))
    records = unit_records(unit=plan.unit, year=plan.year, as_of=as_of,
                           monitored=any(i.metric == "unit_projects_on_track" for i in indicators))
    rows = unit_actuals(plan=plan, records=records, indicators=indicators)
    execution = records.execution()
    staff = rules.staff_in_post(list(records.staffing.values()))
    prose = prose_get(unit=plan.unit, year=plan.year)
    ev = evaluate_department(plan.unit.name, plan.year, base_data(unit=plan.unit, year=plan.year),
                             [unit_item(r) for r in rows], scores(plan), plan.rules, prose.sections if prose else {})
    out = []
    for r, scored in zip(rows, ev.items, strict=True):
        i, s = r.indicator, scored.score
        out.append({
            "goal": r.goal, "goal_index": i.goal, "level1": i.level1, "level2": i.level2, "name": i.name,
            "target": i.target_raw, "unit": i.unit,
            "metric": None if r.metric is None else {"code": r.metric.code, "name": r.metric.name, "unit": r.metric.unit,
                                                     "description": r.metric.description},
            "actual": r.text or None,
            "value": None if r.value is None or r.value.value is None else str(r.value.value),
            "provenance": None if r.source is None else {"kind": r.source.kind, "label": r.source.label,
                                                         "count": len(r.source.records), "records": list(r.source.records)},
            "score": {"weight": str(s.weight.quantize(TWO)), "score": str(s.score.quantize(TWO)),
                      "flags": s.flags, "reason_required": s.reason_required},
            "note": NOT_BOUND if r.metric is None else ""})
    executed = next(p for p in ev.parts if p.name == EXECUTION)
    return {
        "unit": plan.unit.code, "unit_name": plan.unit.name, "year": plan.year,
        "as_of": None if as_of is None else as_of.isoformat(),
        "indicators": out, "proposed": plan.unit_indicators.filter(proposed=True).count(),
        "execution": {"budget": str(execution.budget), "project_budget": str(execution.project_budget),
                      "basic_budget": None if execution.basic_budget is None else str(execution.basic_budget),
                      "spent": str(execution.spent), "project_spent": str(execution.project_spent),
                      "basic_spent": str(execution.basic_spent),
                      "rate": None if execution.rate is None else str(execution.rate), "basis": execution.basis,
                      "weight": str(executed.weight), "score": str(executed.score.quantize(TWO))},
        "staff_in_post": {"value": staff.value, "unit": staff.unit, "basis": staff.basis, "records": staff.records,
                          "refs": list(records.staffing)},
        "score": {"total": str(ev.total.quantize(TWO)), "grade": ev.grade, "complete": all(r.metric for r in rows),
                  "parts": [{"name": p.name, "weight": str(p.weight), "score": str(p.score.quantize(TWO)),
                             "basis": p.basis} for p in ev.parts],
                  "ruleset": ev.ruleset},
    }
