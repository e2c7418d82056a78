"""Reads of the programmes' records, and the metrics they give bound indicators."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.http import Http404

from ...relief import checks as core_checks
from ...relief import register as core_register
from ...relief import rounds as core_rounds
from ...relief.metrics import CATALOGUE, MetricValue, ProjectRecords
from ...relief.persons import mask_id, mask_phone
from ..accounts.roles import ADMIN, RELIEF, has_role, in_unit, unit_ids_of
from ..evaluation.models import SpendingRecord
from ..goals.models import Plan, Project
from .models import Beneficiary, HealthCheck, MetricBinding, ModelWorker, Payment, Round, SurveyResponse


def sees_personal_data(user, unit_id: int) -> bool:
    """ID numbers and phones in full: the unit's relief officers and administrators only."""
    return has_role(user, ADMIN) or (has_role(user, RELIEF) and in_unit(user, unit_id))


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
        raise Http404("没有这个发放轮次，或你无权查看") from None


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
    """Everything the metrics read about one project, in a fixed number of queries."""
    plan = project.plan
    register = {b.id_number: core_register.Beneficiary(b.id_number, b.name, b.phone, b.employer, b.household_size,
                                                       b.household_income, b.cause, b.degree, b.status)
                for b in Beneficiary.objects.filter(unit_id=plan.unit_id)}
    records = []
    rounds = Round.objects.filter(project=project).prefetch_related("entries__payments")
    for r in rounds:
        core = core_rounds.Round(r.name, project.code, r.kind, r.start, r.end, tuple(r.degrees), r.state)
        entries = {e.id_number: core_rounds.Entry(e.id_number, e.name, e.amount) for e in r.entries.all()}
        payments = [core_rounds.Payment(e.id_number, p.amount, p.date, r.name, p.method, p.status, f"payment:{p.pk}")
                    for e in r.entries.all() for p in e.payments.all()]
        records.append(core_rounds.RoundRecord(core, entries, payments))
    workers = [core_checks.ModelWorker(w.id_number, w.name, w.level, w.year_honoured)
               for w in ModelWorker.objects.filter(unit_id=plan.unit_id)]
    checks = [core_checks.HealthCheck(c.worker.id_number, c.year, c.state, c.date, c.institution, c.cost, c.reason,
                                      f"check:{c.pk}")
              for c in HealthCheck.objects.filter(worker__unit_id=plan.unit_id, year=plan.year).select_related("worker")]
    responses = list(SurveyResponse.objects.filter(survey__project=project))
    spending = list(SpendingRecord.objects.filter(project=project).values_list("pk", "amount"))
    return ProjectRecords(plan.year, project.total, sum((a for _, a in spending), Decimal(0)),
                          [f"spending:{pk}" for pk, _ in spending], register, records, workers, checks,
                          [r.answers for r in responses], [f"response:{r.pk}" for r in responses])


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
