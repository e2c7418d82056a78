"""Writes of spending records and indicator values, with history."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath

from django.db import transaction

from ...evaluation import errors as e
from ...evaluation.errors import EvaluationError
from ...evaluation.quantities import Quantity, parse_actual, record_from_text
from ...evaluation.records import match
from ...evaluation.scoring import score_indicator
from ...formats.records_csv import actuals_of, spending_of
from ...rulesets import load
from ..goals.convert import indicator_core, plan_document
from ..goals.models import Indicator, Plan, Project
from ..history.services import diff, log_action
from .models import IndicatorValue, ProjectRemark, SpendingRecord
from .permissions import require_recorder

AMOUNT_LIMIT = Decimal(10) ** 12  # 1万亿元: beyond it sums lose cents in SQLite's float columns
ACTUAL_LIMIT = Decimal(10) ** 15
EVIDENCE_LIMIT = 20 * 1024 * 1024


def _sane_amount(amount: Decimal, where: str = "") -> None:
    if not 0 < amount < AMOUNT_LIMIT:
        raise EvaluationError("amount", e.AMOUNT_RANGE.format(amount=amount), where)


def _sane_actual(quantity: Quantity | None, where: str = "") -> None:
    """A number too large for the tables (more than 15 digits) is a typing mistake, not a value."""
    if quantity is not None and quantity.value is not None and abs(quantity.value) >= ACTUAL_LIMIT:
        raise EvaluationError("actual", e.ACTUAL_TOO_LARGE.format(text=quantity.text[:30]), where)


def _typed(actual: Quantity | None, forecast: Quantity | None = None) -> dict:
    """The columns that hold the parsed quantities beside the text as typed."""
    return {"value": actual.value if actual else None, "unit": actual.unit if actual else "",
            "level": (actual.level or "") if actual else "",
            "forecast_value": forecast.value if forecast else None, "forecast_unit": forecast.unit if forecast else ""}


def typed_columns(text: str) -> dict:
    """The parsed columns for a value known to be well formed (the demo's); ValueError otherwise."""
    return _typed(parse_actual(text) if text else None)


@transaction.atomic
def spending_create(*, project: Project, date, amount, note: str, user) -> SpendingRecord:
    require_recorder(user, project.plan)
    if date.year != project.plan.year:
        raise EvaluationError("date", e.DATE_OUTSIDE_YEAR.format(date=date, year=project.plan.year))
    _sane_amount(amount)
    record = SpendingRecord.objects.create(project=project, date=date, amount=amount, note=note, created_by=user)
    log_action("spending.created", project, user, {"amount": ["", str(amount)], "date": ["", date.isoformat()]}, note)
    return record


@transaction.atomic
def value_save(*, indicator: Indicator, fields: dict, user) -> IndicatorValue:
    require_recorder(user, indicator.project.plan)
    if "evidence" in fields and (fields["evidence"].size or 0) > EVIDENCE_LIMIT:
        raise EvaluationError("evidence", e.EVIDENCE_TOO_LARGE)
    typed = {}
    if "actual" in fields:  # parsed here, once; refused before anything is saved when it cannot be scored
        record = record_from_text(indicator.project.code, indicator.name, fields["actual"], fields.get("share"))
        if record.actual is not None:
            _sane_actual(record.actual)
            score_indicator(indicator_core(indicator), record, Decimal(1), load()["self_evaluation"])
        typed = {k: v for k, v in _typed(record.actual).items() if not k.startswith("forecast")}
        typed |= {"source": IndicatorValue.TYPED, "source_file": ""}
    value, _ = IndicatorValue.objects.get_or_create(indicator=indicator)
    before = {k: getattr(value, k) for k in fields}
    for k, v in (fields | typed).items():
        setattr(value, k, v)
    value.save(update_fields=list(fields) + list(typed))
    log_action("value.saved", indicator, user, diff({k: v for k, v in before.items() if k != "evidence"},
                                                     {k: v for k, v in fields.items() if k != "evidence"}))
    if "evidence" in fields:
        log_action("evidence.uploaded", indicator, user, {"evidence": ["", value.evidence.name]})
    return value


@transaction.atomic
def remark_save(*, project: Project, reason: str, measure: str, user) -> ProjectRemark:
    require_recorder(user, project.plan)
    remark, _ = ProjectRemark.objects.update_or_create(project=project, defaults={"reason": reason, "measure": measure})
    log_action("value.saved", project, user, {"reason": ["", reason], "measure": ["", measure]})
    return remark


@transaction.atomic
def records_import(*, plan: Plan, kind: str, data: bytes, name: str, user) -> int:
    """Import spending or actuals from CSV or .xlsx: every row checked first, then all saved, or none."""
    require_recorder(user, plan)
    name = PurePath(name).name or "上传的文件"
    rows: list = spending_of(data, name) if kind == "spending" else actuals_of(data, name)  # records of one kind
    document = plan_document(Plan.objects.prefetch_related("projects__indicators").select_related("unit").get(pk=plan.pk))
    match(document, rows if kind == "spending" else [], rows if kind == "actuals" else [])
    projects = {p.code: p for p in plan.projects.all()}
    if kind == "spending":
        for r in rows:
            if r.date.year != plan.year:
                raise EvaluationError("date", e.DATE_OUTSIDE_YEAR.format(date=r.date, year=plan.year), r.place)
            _sane_amount(r.amount, r.place)
        SpendingRecord.objects.bulk_create([SpendingRecord(project=projects[r.project], date=r.date, amount=r.amount,
                                                           note=r.note, created_by=user) for r in rows])
    else:
        indicators = {(i.project.code, i.name): i for i in
                      Indicator.objects.filter(project__plan=plan).select_related("project")}
        for r in rows:
            for quantity in (r.actual, r.forecast):
                _sane_actual(quantity, r.place)
            if r.indicator:
                IndicatorValue.objects.update_or_create(indicator=indicators[(r.project, r.indicator)], defaults={
                    "actual": r.text, "share": r.share, "reason": r.reason, "measure": r.measure,
                    "forecast": r.forecast.raw if r.forecast else "", **_typed(r.actual, r.forecast),
                    "source": IndicatorValue.IMPORTED, "source_file": r.place})
            else:
                ProjectRemark.objects.update_or_create(project=projects[r.project],
                                                       defaults={"reason": r.reason, "measure": r.measure})
    log_action("records.imported", plan, user, {"rows": ["", str(len(rows))]}, f"{name}（{kind}）")
    return len(rows)
