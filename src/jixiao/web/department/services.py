"""Writes of a unit's 部门整体 records: keyword-only, atomic, refused to whoever may not edit the unit,
checked by the domain (evaluation/department.py), a stale version refused (409), each with its history
entry. An import is checked whole: with bad rows nothing is written unless `only_good`."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from ...core.errors import CONFLICT
from ...core.targets import QUALITATIVE
from ...evaluation import department as rules
from ...evaluation.department import DepartmentError, RowProblem
from ...evaluation.unit_metrics import CATALOGUE as UNIT_CATALOGUE
from ..goals.models import Unit
from ..history.services import diff, log_action
from . import errors as e
from .models import BasicBudget, BasicSpending, Staffing, UnitIndicator
from .permissions import require_editor
from .selectors import year_checked

STAFFING_FIELDS = ("unit_name", "posts", "in_post", "retired")
SPENDING_FIELDS = ("date", "kind", "amount", "note")
STAFFING, SPENDING = "staffing", "basic_spending"
KINDS = {STAFFING: "编制", SPENDING: "基本支出"}
BUDGET_LABEL = "基本支出预算数"


def _stale(what: str) -> DepartmentError:
    return DepartmentError("stale", e.STALE.format(what=what), kind=CONFLICT)


def _twice(unit: Unit, year: int, name: str) -> DepartmentError:
    message = e.UNIT_TWICE.format(unit=unit.name, year=year, name=name)
    return DepartmentError("unit_name", message, kind=CONFLICT, fields={"unit_name": message})


def _staffing_fields(record: rules.Staffing) -> dict:
    return {k: getattr(record, k) for k in STAFFING_FIELDS}


def _spending_fields(record: rules.BasicSpending) -> dict:
    return {"date": record.on, "kind": record.kind, "amount": record.amount, "note": record.note}


@transaction.atomic
def staffing_create(*, unit: Unit, year: int, fields: dict, user) -> Staffing:
    """A staffing record of the unit itself or a subordinate unit; one per name and year (409)."""
    require_editor(user, unit.pk)
    year_checked(year)
    clean = _staffing_fields(rules.staffing_row(fields))
    if Staffing.objects.filter(unit=unit, year=year, unit_name=clean["unit_name"]).exists():
        raise _twice(unit, year, clean["unit_name"])
    try:
        with transaction.atomic():
            record = Staffing.objects.create(unit=unit, year=year, created_by=user, **clean)
    except IntegrityError:  # the same name added at the same moment
        raise _twice(unit, year, clean["unit_name"]) from None
    log_action("staffing.created", record, user, diff({}, clean), f"{year}年")
    return record


@transaction.atomic
def staffing_update(*, record: Staffing, fields: dict, version: int, user) -> Staffing:
    require_editor(user, record.unit_id)
    clean = _staffing_fields(rules.staffing_row({**_staffing_fields(record.to_domain()), **fields}))
    if Staffing.objects.filter(unit_id=record.unit_id, year=record.year, unit_name=clean["unit_name"]).exclude(
            pk=record.pk).exists():
        raise _twice(record.unit, record.year, clean["unit_name"])
    before = {k: getattr(record, k) for k in STAFFING_FIELDS}
    if not Staffing.objects.filter(pk=record.pk, version=version).update(version=version + 1, **clean):
        raise _stale(str(record))
    record.refresh_from_db()
    log_action("staffing.changed", record, user, diff(before, clean), f"{record.year}年")
    return record


@transaction.atomic
def basic_spending_create(*, unit: Unit, year: int, fields: dict, user) -> BasicSpending:
    require_editor(user, unit.pk)
    year_checked(year)
    row = rules.basic_spending_row({**fields, "on": fields.get("date")}, year)
    Unit.objects.select_for_update().filter(pk=unit.pk).exists()  # the same record sent twice at once: one after the other
    if row in _spending_known(unit, year):
        raise DepartmentError("twice", rules.spending_twice(row), kind=CONFLICT)
    clean = _spending_fields(row)
    record = BasicSpending.objects.create(unit=unit, year=year, created_by=user, **clean)
    log_action("basic_spending.created", record, user, diff({}, clean), f"{year}年")
    return record


@transaction.atomic
def basic_spending_update(*, record: BasicSpending, fields: dict, version: int, user) -> BasicSpending:
    require_editor(user, record.unit_id)
    merged = {"on": record.date, "kind": record.kind, "amount": record.amount, "note": record.note}
    merged |= {("on" if k == "date" else k): v for k, v in fields.items() if k in SPENDING_FIELDS}
    row = rules.basic_spending_row({**merged, "on": str(merged["on"])}, record.year)
    others = BasicSpending.objects.filter(unit_id=record.unit_id, year=record.year).exclude(pk=record.pk)
    if row in {b.to_domain() for b in others}:  # made the same as another record: one of them is entered twice
        raise DepartmentError("twice", rules.spending_twice(row), kind=CONFLICT)
    clean = _spending_fields(row)
    before = {k: getattr(record, k) for k in SPENDING_FIELDS}
    if not BasicSpending.objects.filter(pk=record.pk, version=version).update(version=version + 1, **clean):
        raise _stale(str(record))
    record.refresh_from_db()
    log_action("basic_spending.changed", record, user, diff(before, clean), f"{record.year}年")
    return record


def _delete(model, record, version: int, user, action: str, was: dict) -> None:
    """Delete a record shown at `version` (409 when someone changed it since); the history entry goes on the
    unit, noted by the year, so that the year's page still shows what was deleted."""
    require_editor(user, record.unit_id)
    log_action(action, record.unit, user, {k: [str(v), ""] for k, v in was.items()}, f"{record.year}年：{record}")
    if not model.objects.filter(pk=record.pk, version=version).delete()[0]:
        raise _stale(str(record))


@transaction.atomic
def staffing_delete(*, record: Staffing, version: int, user) -> None:
    """Delete a staffing record (one entered twice, a unit that no longer exists)."""
    _delete(Staffing, record, version, user, "staffing.deleted", {k: getattr(record, k) for k in STAFFING_FIELDS})


@transaction.atomic
def basic_spending_delete(*, record: BasicSpending, version: int, user) -> None:
    """Delete a basic-spending record entered by mistake."""
    _delete(BasicSpending, record, version, user, "basic_spending.deleted",
            {"date": record.date.isoformat(), "kind": record.kind, "amount": record.amount, "note": record.note})


@transaction.atomic
def basic_budget_set(*, unit: Unit, year: int, amount: object, version: int | None, user) -> BasicBudget:
    """The year's basic-spending budget; changing a recorded one needs its version (409 when stale)."""
    require_editor(user, unit.pk)
    year_checked(year)
    value = rules.amount(amount, label=BUDGET_LABEL)
    budget = BasicBudget.objects.select_for_update().filter(unit=unit, year=year).first()
    before: Decimal | None = None
    if budget is None:
        if version not in (None, 0):
            raise _stale(f"{year}年基本支出预算")
        try:
            with transaction.atomic():
                budget = BasicBudget.objects.create(unit=unit, year=year, amount=value)
        except IntegrityError:
            raise _stale(f"{year}年基本支出预算") from None
    else:
        if version is None or version != budget.version:
            raise _stale(str(budget))
        before = budget.amount
        budget.amount, budget.version = value, budget.version + 1
        budget.save(update_fields=["amount", "version"])
    log_action("basic_budget.set", budget, user, diff({"amount": before}, {"amount": value}), f"{year}年")
    return budget


def _spending_known(unit: Unit, year: int) -> set[rules.BasicSpending]:
    return {b.to_domain() for b in BasicSpending.objects.filter(unit=unit, year=year)}


def records_check(*, unit: Unit, year: int, kind: str, rows: list[list]) -> tuple[list, list[RowProblem]]:
    """A table checked whole against the year's records: good rows and every bad row."""
    if kind == STAFFING:
        known = set(Staffing.objects.filter(unit=unit, year=year).values_list("unit_name", flat=True))
        return rules.read_staffing(rows, known)
    if kind == SPENDING:
        return rules.read_basic_spending(rows, year, _spending_known(unit, year))
    raise DepartmentError("kind", e.KIND.format(kind=str(kind)[:40]))


def rows_refused(name: str, bad: list[RowProblem], good: int) -> DepartmentError:
    listed = "；".join(str(b) for b in bad[:20]) + ("；……" if len(bad) > 20 else "")
    message = (e.BAD_ROWS.format(name=name, bad=len(bad), rows=listed, good=good) if good
               else e.NO_GOOD_ROWS.format(name=name, rows=listed))
    return DepartmentError("rows", message, fields={"file": message} | {f"第{b.row}行": f"{b.field}：{b.message}" for b in bad})


@transaction.atomic
def records_import(*, unit: Unit, year: int, kind: str, rows: list[list], name: str, user,
                   only_good: bool = False) -> tuple[int, list[RowProblem]]:
    """Import a staffing or basic-spending table: with bad rows nothing is written unless `only_good`
    (and then only with some good row). Returns how many came in and the rows left out."""
    require_editor(user, unit.pk)
    year_checked(year)
    Unit.objects.select_for_update().filter(pk=unit.pk).exists()  # two imports at once: one after the other
    good, bad = records_check(unit=unit, year=year, kind=kind, rows=rows)
    if (bad and not only_good) or not good:
        raise rows_refused(name, bad, len(good))
    if kind == STAFFING:
        try:
            with transaction.atomic():
                Staffing.objects.bulk_create([Staffing(unit=unit, year=year, created_by=user, **_staffing_fields(r))
                                              for _, r in good])
        except IntegrityError:  # a unit of the file added by the form since the check
            names = [r.unit_name for _, r in good]
            taken = Staffing.objects.filter(unit=unit, year=year, unit_name__in=names).values_list("unit_name", flat=True)
            raise _twice(unit, year, "、".join(sorted(taken)) or names[0]) from None
    else:
        BasicSpending.objects.bulk_create([BasicSpending(unit=unit, year=year, created_by=user, **_spending_fields(r))
                                           for _, r in good])
    log_action(f"{kind}.imported", unit, user, {"rows": ["", str(len(good))]},
               f"{year}年：{name}，导入{len(good)}行" + (f"，{len(bad)}行有误未导入" if bad else ""))
    return len(good), bad


# A unit-wide indicator's metric (部门整体绩效指标 ← evaluation/unit_metrics.py).

def unit_metric_text(code: str) -> str:
    """A metric as the history names it: its Chinese name, or 未设置取数口径 when none."""
    if not code:
        return "未设置取数口径"
    found = UNIT_CATALOGUE.get(code)
    return found.name if found is not None else code


def _unit_metric_comparable(indicator: UnitIndicator, code: str) -> None:
    """The metric's values must compare with the target as scoring compares them (`UnitMetric.fits`): the
    same unit, two money units, or an amount per person written /人; refused naming both units."""
    found = UNIT_CATALOGUE[code]
    names = {"indicator": indicator.name, "target": indicator.target_raw, "metric": found.name,
             "metric_unit": found.unit or "无", "target_unit": indicator.unit or "无"}
    if indicator.op == QUALITATIVE:
        message = e.UNIT_METRIC_QUALITATIVE.format(**names)
    elif found.fits(indicator.unit):
        return
    else:
        message = e.UNIT_METRIC_UNIT.format(**names)
    raise DepartmentError("metric", message, indicator.name, fields={"metric": message})


@transaction.atomic
def unit_indicator_bind(*, indicator: UnitIndicator, metric: str, version: int, user) -> UnitIndicator:
    """Bind a confirmed unit-wide indicator to a metric of the catalogue (its actual then comes from the
    records), change it, or unbind it (`metric` empty). Refused: a metric not in the catalogue, one whose
    unit cannot be compared with the target's, an indicator still proposed, a stale version (409). The
    change is in the indicator's history, before and after."""
    require_editor(user, indicator.plan.unit_id)
    metric = (metric or "").strip()
    if metric and metric not in UNIT_CATALOGUE:
        message = e.NO_UNIT_METRIC.format(metric=metric[:40])
        raise DepartmentError("metric", message, fields={"metric": message})
    if indicator.proposed:
        raise DepartmentError("proposed", e.UNIT_METRIC_PROPOSED.format(indicator=indicator.name))
    if metric:
        _unit_metric_comparable(indicator, metric)
    was = indicator.metric
    if not UnitIndicator.objects.filter(pk=indicator.pk, version=version).update(version=version + 1, metric=metric):
        raise DepartmentError("stale", e.UNIT_METRIC_STALE.format(indicator=indicator.name), kind=CONFLICT)
    indicator.refresh_from_db()
    if was != metric:
        log_action("unit_indicator.bound", indicator, user, {"metric": [unit_metric_text(was), unit_metric_text(metric)]},
                   f"{indicator.plan.year}年")
    return indicator
