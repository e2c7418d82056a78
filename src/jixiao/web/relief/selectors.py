"""Reads of the programmes' records, and the metrics they give bound indicators."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import Sum

from ...relief import checks as core_checks
from ...relief import rounds as core_rounds
from ...relief.metrics import CATALOGUE, MetricValue, ProjectRecords
from ...relief.persons import mask_id, mask_phone
from ..accounts.roles import unit_ids_of
from ..evaluation.models import SpendingRecord
from ..goals.errors import NotFound
from ..goals.models import Plan, Project
from .models import Beneficiary, HealthCheck, MetricBinding, ModelWorker, Payment, Round, SurveyResponse


def masked(person, full: bool) -> dict:
    return {"id_number": person.id_number if full else mask_id(person.id_number),
            "phone": person.phone if full or not person.phone else mask_phone(person.phone)}


def beneficiary_list(*, user, unit_id: int | None = None, q: str = ""):
    rows = Beneficiary.objects.select_related("unit")
    units = unit_ids_of(user)
    if units is not None:
        rows = rows.filter(unit_id__in=units)
    if unit_id:
        rows = rows.filter(unit_id=unit_id)
    if q:
        rows = rows.filter(name__contains=q)
    return rows


def round_get(*, user, round_id: int) -> Round:
    rounds = Round.objects.select_related("project__plan__unit")
    units = unit_ids_of(user)
    if units is not None:
        rounds = rounds.filter(project__plan__unit_id__in=units)
    try:
        return rounds.get(pk=round_id)
    except Round.DoesNotExist:
        raise NotFound("没有这个发放轮次，或你无权查看") from None


def committed(project: Project, leave_out: Round | None = None) -> Decimal:
    """Money already promised: approved rounds' lists, and spending that no round paid."""
    rounds = Round.objects.filter(project=project, state=Round.APPROVED)
    if leave_out is not None:
        rounds = rounds.exclude(pk=leave_out.pk)
    listed = rounds.aggregate(s=Sum("entries__amount"))["s"] or Decimal(0)
    own = SpendingRecord.objects.filter(project=project).exclude(
        pk__in=Payment.objects.filter(spending__isnull=False).values("spending_id")).aggregate(s=Sum("amount"))["s"]
    return listed + (own or Decimal(0))


def project_records(project: Project) -> ProjectRecords:
    """Everything the metrics read about one project, as plain tuples (a hundred thousand
    payments load in a fraction of a second), in a fixed number of queries."""
    plan = project.plan
    rounds = {}
    for pk, name, kind, start, end, degrees, state in Round.objects.filter(project=project).values_list(
            "pk", "name", "kind", "start", "end", "degrees", "state"):
        core = core_rounds.Round(name, project.code, kind, start, end, tuple(degrees), state)
        rounds[pk] = core_rounds.RoundRecord(core)
    # The two big reads go straight to the cursor: a hundred thousand rows each, no model instances.
    with connection.cursor() as cur:
        cur.execute("SELECT e.round_id, e.id_number, e.name, e.amount FROM relief_roundentry e "
                    "JOIN relief_round r ON r.id = e.round_id WHERE r.project_id = %s", [project.pk])
        for round_id, id_number, name, amount in cur.fetchall():
            rounds[round_id].entries[id_number] = core_rounds.Entry(id_number, name, amount)
        cur.execute("SELECT p.id, e.round_id, e.id_number, p.amount, p.date, p.method, p.status FROM relief_payment p "
                    "JOIN relief_roundentry e ON e.id = p.entry_id JOIN relief_round r ON r.id = e.round_id "
                    "WHERE r.project_id = %s", [project.pk])
        for pk, round_id, id_number, amount, day, method, status in cur.fetchall():
            r = rounds[round_id]
            r.payments.append(core_rounds.Payment(id_number, amount, day, r.round.name, method, status, f"payment:{pk}"))
    workers = [core_checks.ModelWorker(*row) for row in ModelWorker.objects.filter(unit_id=plan.unit_id).values_list(
        "id_number", "name", "level", "year_honoured")]
    checks = [core_checks.HealthCheck(id_number, year, state, day, institution, cost, reason, f"check:{pk}")
              for pk, id_number, year, state, day, institution, cost, reason in HealthCheck.objects.filter(
                  worker__unit_id=plan.unit_id, year=plan.year).values_list(
                  "pk", "worker__id_number", "year", "state", "date", "institution", "cost", "reason")]
    responses = list(SurveyResponse.objects.filter(survey__project=project).values_list("pk", "answers",
                                                                                       "survey__round__name"))
    spending = list(SpendingRecord.objects.filter(project=project).values_list("pk", "amount"))
    return ProjectRecords(plan.year, project.total, sum((a for _, a in spending), Decimal(0)),
                          [f"spending:{pk}" for pk, _ in spending], {}, list(rounds.values()), workers, checks,
                          [a for _, a, _ in responses], [f"response:{pk}" for pk, _, _ in responses],
                          [r or "" for _, _, r in responses])


def computed_actuals(plan: Plan) -> dict[tuple[str, str], tuple[str, MetricValue]]:
    """(project code, indicator name) → (metric code, value) for every bound indicator."""
    bindings = MetricBinding.objects.filter(indicator__project__plan=plan).select_related("indicator__project")
    by_project: dict[int, list[MetricBinding]] = {}
    for b in bindings:
        by_project.setdefault(b.indicator.project_id, []).append(b)
    out = {}
    for bound in by_project.values():
        records = project_records(bound[0].indicator.project)
        for b in bound:
            out[(b.indicator.project.code, b.indicator.name)] = (b.metric, CATALOGUE[b.metric].compute(records, b.params))
    return out


def actuals_report(project: Project) -> dict:
    """Every indicator's actual: computed from records where bound (with provenance), typed otherwise."""
    from django.utils import timezone

    from ..evaluation.models import IndicatorValue

    bindings = {b.indicator_id: b for b in MetricBinding.objects.filter(indicator__project=project)}
    typed = {v.indicator_id: v for v in IndicatorValue.objects.filter(indicator__project=project)}
    records = project_records(project) if bindings else None
    now = timezone.now().isoformat(timespec="seconds")
    rows = []
    for indicator in project.indicators.all():
        if indicator.pk in bindings:
            b = bindings[indicator.pk]
            value = CATALOGUE[b.metric].compute(records, b.params)
            rows.append({"name": indicator.name, "metric": b.metric, "actual": value.text or None,
                         "unit": value.unit, "provenance": {"records": list(value.records), "computed_at": now}})
        else:
            v = typed.get(indicator.pk)
            rows.append({"name": indicator.name, "metric": None, "actual": v.actual if v and v.actual else None,
                         "unit": indicator.unit, "provenance": None})
    return {"project": project.code, "year": project.plan.year, "indicators": rows}
