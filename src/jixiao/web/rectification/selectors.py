"""Reads of the ledger, filtered by what the user may see: a unit's items of a year with overdue ones
first, one item, the open items of some years (shown on the plan and self-evaluation pages)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ...core.errors import NOT_FOUND
from ...evaluation import rectification as rules
from ..accounts.roles import in_unit
from ..goals.models import Unit
from . import errors as e
from .models import Rectification, RectificationEvidence


def local_today() -> date:
    return timezone.localdate()


def _marked(items, today: date) -> list[Rectification]:
    rows = list(items)
    for item in rows:
        item.overdue = rules.is_overdue(item.status, item.deadline, today=today)
        item.status_label = rules.label(item.status)
        item.closed = item.status in rules.closed()
        item.source_label = rules.sources().get(item.source_kind, item.source_kind)
    return rows


def unit_get(*, user, unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not in_unit(user, unit.pk):
        raise rules.RectificationError("unit", e.MISSING_UNIT, kind=NOT_FOUND)
    return unit


def unit_by_code(*, user, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not in_unit(user, unit.pk):
        raise rules.RectificationError("unit", e.MISSING_UNIT, kind=NOT_FOUND)
    return unit


def unit_years(*, user) -> list[tuple[Unit, list[tuple[int, int, int]]]]:
    """The units the user sees, each with its years that have items or a plan, newest first: (year, items,
    open items)."""
    from ..goals.models import Plan

    found = []
    for unit in Unit.objects.order_by("code"):
        if not in_unit(user, unit.pk):
            continue
        years: dict[int, list[int]] = {y: [0, 0] for y in Plan.objects.filter(unit=unit).values_list("year", flat=True)}
        for year, status in Rectification.objects.filter(unit=unit).values_list("year", "status"):
            counts = years.setdefault(year, [0, 0])
            counts[0] += 1
            counts[1] += status not in rules.closed()
        found.append((unit, [(y, years[y][0], years[y][1]) for y in sorted(years, reverse=True)]))
    return found


def rectification_list(*, user, unit: Unit, year: int, today: date | None = None) -> list[Rectification]:
    """The unit's items of the year: overdue first (earliest deadline first), then open ones by status and
    deadline, closed ones last."""
    if not in_unit(user, unit.pk):
        raise rules.RectificationError("unit", e.MISSING_UNIT, kind=NOT_FOUND)
    return ledger(unit=unit, year=year, today=today)


def ledger(*, unit: Unit, year: int, today: date | None = None) -> list[Rectification]:
    """The ledger with no user's view applied (the command line's): overdue first."""
    today = today or local_today()
    order = list(rules.statuses())
    rows = _marked(Rectification.objects.filter(unit=unit, year=year).select_related(
        "project", "indicator").prefetch_related("evidence"), today)
    return sorted(rows, key=lambda r: (not rules.is_overdue(r.status, r.deadline, today=today),
                                       order.index(r.status) if r.status in order else 99, r.deadline or date.max, r.pk))


def rectification_get(*, user, item_id: int) -> Rectification:
    item = Rectification.objects.select_related("unit", "plan", "project", "indicator").filter(pk=item_id).first()
    if item is None or not in_unit(user, item.unit_id):
        raise rules.RectificationError("missing", e.MISSING, kind=NOT_FOUND)
    return _marked([item], local_today())[0]


def evidence_get(*, user, item_id: int, evidence_id: int) -> RectificationEvidence:
    item = rectification_get(user=user, item_id=item_id)
    evidence = item.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise rules.RectificationError("missing", e.MISSING_EVIDENCE, kind=NOT_FOUND)
    return evidence


def open_rectifications(*, unit_id: int, years: list[int]) -> list[Rectification]:
    """Items not closed (未整改, 整改中) of the unit in these years, overdue first."""
    today = local_today()
    rows = _marked(Rectification.objects.filter(unit_id=unit_id, year__in=years).exclude(
        status__in=rules.closed()), today)
    return sorted(rows, key=lambda r: (not rules.is_overdue(r.status, r.deadline, today=today),
                                       r.deadline or date.max, r.pk))


def item_json(item: Rectification) -> dict:
    """An item as the API and `jixiao rectifications --json` give it (dates as ISO text)."""
    return {"id": item.pk, "unit": item.unit.code, "year": item.year, "plan": item.plan_id, "project": item.project_id,
            "indicator": item.indicator_id, "source_kind": item.source_kind, "finding_key": item.finding_key,
            "found_where": item.found_where, "problem": item.problem, "responsible": item.responsible,
            "deadline": item.deadline.isoformat() if item.deadline else None, "measures": item.measures,
            "status": item.status, "status_label": rules.label(item.status), "reason": item.reason,
            "overdue": rules.is_overdue(item.status, item.deadline, today=local_today()),
            "evidence": [{"id": f.pk, "name": f.name, "uploaded_at": f.uploaded_at.isoformat()}
                         for f in item.evidence.all()],
            "version": item.version}
