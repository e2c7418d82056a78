"""Reads of the programmes' records, and the metrics they give bound indicators. Each list
holds only what the user may see (their units; 财政审核 and 管理员 every unit); a single
record the user may not see is missing (404), as one that does not exist."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Prefetch, Sum
from django.utils import timezone

from ...core.document import project_key
from ...evaluation.records import COMPUTED, Provenance
from ...relief import rounds as core_rounds
from ...relief.metrics import CATALOGUE, MetricValue, ProjectRecords
from ...relief.persons import mask_id, mask_name, mask_phone
from ...relief.register import mask_account
from ...relief.surveys import overall_question
from ..accounts.roles import visible
from ..evaluation.models import IndicatorValue, SpendingRecord
from ..goals.models import Plan, Project, Unit
from ..history import selectors as history
from . import convert
from . import errors as e
from .models import (
    Beneficiary,
    HealthCheck,
    MetricBinding,
    ModelWorker,
    Payment,
    Round,
    RoundEntry,
    Standard,
    Survey,
    SurveyResponse,
)


def masked(person, full: bool) -> dict:
    """A hardship worker's personal data as this user may see it: in full for the unit's relief
    officers (`full`); for everyone else the name masked (张*金), the ID number and phone masked,
    and no 致困原因."""
    return {"id_number": person.id_number if full else mask_id(person.id_number),
            "phone": person.phone if full or not person.phone else mask_phone(person.phone),
            "name": person.name if full else mask_name(person.name), "cause": person.cause if full else "",
            "bank_account": person.bank_account if full else mask_account(person.bank_account)}


def shown_name(name: str, full: bool) -> str:
    """A hardship worker's name: in full for the unit's relief officers, masked (张*金) otherwise."""
    return name if full else mask_name(name)


HIDDEN_CHANGES = frozenset({"cause", "name"})  # not shown in a person's history to other roles


def beneficiary_history(person: Beneficiary, full: bool, limit: int | None = history.LIMIT) -> history.Entries:
    """A person's newest history entries (all, `limit` None); for roles other than the relief officer
    without the 致困原因 (or name) they changed."""
    entries = history.history_list(person, limit=limit)
    if not full:
        for entry in entries:
            entry.changes = {k: v for k, v in (entry.changes or {}).items() if k not in HIDDEN_CHANGES}
    return entries


def unit_list(*, user):
    return visible(Unit.objects.all(), user, "pk")


def unit_by_code(*, user, code: str) -> Unit:
    """One of the user's units by its code (the API names units so)."""
    unit = unit_list(user=user).filter(code=code.strip()).first()
    if unit is None:
        raise e.ReliefError(e.UNIT, e.UNIT_CODE_MESSAGE.format(code=code))
    return unit


def beneficiary_list(*, user, unit_id: int | None = None, q: str = ""):
    rows = visible(Beneficiary.objects.select_related("unit"), user, "unit_id")
    if unit_id:
        rows = rows.filter(unit_id=unit_id)
    if q:
        rows = rows.filter(name__contains=q)
    return rows


def beneficiary_get(*, user, person_id: int) -> Beneficiary:
    person = beneficiary_list(user=user).filter(pk=person_id).first()
    if person is None:
        raise e.missing(e.MISSING_PERSON_MESSAGE)
    return person


def round_list(*, user):
    """Newest first."""
    return visible(Round.objects.select_related("project__plan__unit"), user,
                    "project__plan__unit_id").order_by("-start", "id")


def round_get(*, user, round_id: int) -> Round:
    r = round_list(user=user).filter(pk=round_id).first()
    if r is None:
        raise e.missing(e.MISSING_ROUND_MESSAGE)
    return r


def round_of_project(*, project: Project, round_id: int | None) -> Round | None:
    return None if not round_id else Round.objects.filter(pk=round_id, project=project).first()


def approved_projects(*, user):
    """The projects a round may be made for: of approved or published plans."""
    return visible(Project.objects.filter(plan__state__in=[Plan.APPROVED, Plan.PUBLISHED]).select_related(
        "plan__unit"), user, "plan__unit_id")


def unit_projects(*, user):
    return visible(Project.objects.select_related("plan__unit"), user, "plan__unit_id")


def standards_of(unit_id: int, year: int) -> list:
    return [convert.standard_core(s) for s in Standard.objects.filter(unit_id=unit_id, year=year)]


def round_draw(r: Round):
    """The list the round would freeze now, and who is left out and why."""
    already = set(RoundEntry.objects.filter(round=r).values_list("id_number", flat=True))
    people = [convert.beneficiary_core(b) for b in Beneficiary.objects.filter(unit_id=r.project.plan.unit_id)]
    return core_rounds.draw(convert.round_core(r), people, standards_of(r.project.plan.unit_id, r.project.plan.year),
                            already)


def standard_missing(r: Round) -> e.ReliefError | None:
    """The one error that says the round's kind has no 救助标准 for its year (nobody could be
    listed), or None."""
    plan = r.project.plan
    if Standard.objects.filter(unit_id=plan.unit_id, year=plan.year, kind=r.kind).exists():
        return None
    return e.ReliefError(e.NO_STANDARD, e.NO_STANDARD_MESSAGE.format(year=plan.year, kind=r.kind), "救助类别")


def without_bank_account(r: Round, draft: list | None = None) -> list[tuple[str, str]]:
    """(姓名, 身份证号) of the people on the round's list whom the bank cannot pay, having no
    银行账号 or no 开户银行 in the register now, in the list's order: the `draft` entries drawn for
    the page (a draft round), else the frozen list (the export reads the register's accounts)."""
    if draft is None:
        rows = r.entries.order_by("id").values_list("name", "id_number", "beneficiary__bank_account", "beneficiary__bank")
        return [(name, number) for name, number, account, bank in rows
                if not (account or "").strip() or not (bank or "").strip()]
    ids = [entry.id_number for entry in draft]
    paid_to = {b.id_number: (b.bank_account, b.bank) for b in Beneficiary.objects.filter(
        unit_id=r.project.plan.unit_id, id_number__in=ids)}
    return [(entry.name, entry.id_number) for entry in draft
            if not all(v.strip() for v in paid_to.get(entry.id_number, ("", "")))]


def people_text(people: list[tuple[str, str]], full: bool) -> str:
    """姓名（masked 身份证号）、…: the name as the page shows it to this user (in full for the
    unit's relief officers, 张*金 otherwise), the ID always masked."""
    return "、".join(f"{name if full else mask_name(name)}（{mask_id(number)}）" for name, number in people)


def round_listed(r: Round):
    """An approved round's frozen list, each entry with its payments."""
    return r.entries.prefetch_related("payments__reversed_by").order_by("id")


def round_paid(entry: RoundEntry) -> Decimal:
    """What has been paid to one entry (its payments prefetched): the payment no correction reversed."""
    reversed_ = {p.reverses_id for p in entry.payments.all()}
    return sum((p.amount for p in entry.payments.all() if p.status == Payment.PAID and p.pk not in reversed_),
               Decimal(0))


def payment_get(*, user, payment_id: int) -> Payment:
    """One payment of a round the user may see (404 otherwise)."""
    payment = visible(Payment.objects.select_related("entry__round__project__plan"), user,
                       "entry__round__project__plan__unit_id").filter(pk=payment_id).first()
    if payment is None:
        raise e.missing(e.MISSING_PAYMENT_MESSAGE)
    return payment


def worker_list(*, user):
    checks = Prefetch("checks", queryset=HealthCheck.objects.order_by("-year"))
    return visible(ModelWorker.objects.select_related("unit").prefetch_related(checks), user,
                    "unit_id").order_by("id")


def worker_get(*, user, worker_id: int) -> ModelWorker:
    worker = visible(ModelWorker.objects.all(), user, "unit_id").filter(pk=worker_id).first()
    if worker is None:
        raise e.missing(e.MISSING_WORKER_MESSAGE)
    return worker


def check_project(*, worker: ModelWorker, year: int, project_id: int | None) -> Project | None:
    """The project of the worker's unit that a check's cost is posted to, if any: of any year, so that
    `services.check_record` refuses one of another year by name instead of the cost being dropped.
    An id that is no project of the unit is refused here (404)."""
    if not project_id:
        return None
    project = Project.objects.select_related("plan").filter(plan__unit_id=worker.unit_id, pk=project_id).first()
    if project is None:
        raise e.missing(e.CHECK_NO_PROJECT_MESSAGE.format(project=project_id))
    return project


def standard_list(*, user):
    return visible(Standard.objects.select_related("unit"), user, "unit_id").order_by("unit__code", "-year", "kind",
                                                                                      "id")


def survey_list(*, user):
    """Newest first, each with `n`, the number of responses."""
    return visible(Survey.objects.select_related("project__plan__unit"), user, "project__plan__unit_id").annotate(
        n=Count("responses")).order_by("-id")


def survey_get(*, user, survey_id: int) -> Survey:
    survey = visible(Survey.objects.select_related("project__plan"), user, "project__plan__unit_id").filter(
        pk=survey_id).first()
    if survey is None:
        raise e.missing(e.MISSING_SURVEY_MESSAGE)
    return survey


def drill_down(refs: Collection[str], full: bool, limit: int = 500) -> list[dict]:
    """The records behind a value (`payment:12`, `check:3`, `response:7`), read in one query per kind."""
    ids: dict[str, list[int]] = {}
    for ref in refs:
        kind, _, pk = ref.partition(":")
        if pk.isdigit():
            ids.setdefault(kind, []).append(int(pk))
    show = (lambda n: n) if full else mask_id
    rows = []
    for p in Payment.objects.filter(pk__in=ids.get("payment", [])[:limit]).select_related("entry__round"):
        rows.append({"kind": "发放", "who": f"{shown_name(p.entry.name, full)} {show(p.entry.id_number)}",
                     "what": f"{p.amount}元",
                     "when": p.date, "where": p.entry.round.name})
    for c in HealthCheck.objects.filter(pk__in=ids.get("check", [])).select_related("worker"):
        rows.append({"kind": "体检", "who": f"{c.worker.name} {show(c.worker.id_number)}", "what": c.state,
                     "when": c.date, "where": c.institution})
    for s in SurveyResponse.objects.filter(pk__in=ids.get("response", [])[:limit]).select_related("survey"):
        rows.append({"kind": "问卷", "who": "", "what": "、".join("未答" if a is None else str(a) for a in s.answers),
                     "when": s.date or s.survey.date, "where": s.survey.name})
    return rows


def metric_value(indicator) -> MetricValue | None:
    """A bound indicator's value computed from the records now; None when it is typed."""
    binding = getattr(indicator, "binding", None)
    if binding is None:
        return None
    return CATALOGUE[binding.metric].compute(project_records(indicator.project), binding.params)


def committed(project: Project, leave_out: Round | None = None) -> Decimal:
    """Money already promised: approved rounds' lists, and spending that no round paid."""
    rounds = Round.objects.filter(project=project, state=Round.APPROVED)
    if leave_out is not None:
        rounds = rounds.exclude(pk=leave_out.pk)
    listed = rounds.aggregate(s=Sum("entries__amount"))["s"] or Decimal(0)
    own = SpendingRecord.objects.filter(project=project).exclude(
        pk__in=Payment.objects.filter(spending__isnull=False).values("spending_id")).aggregate(s=Sum("amount"))["s"]
    return listed + (own or Decimal(0))


def project_records(project: Project, as_of: date | None = None) -> ProjectRecords:
    """Everything the metrics read about one project, as plain tuples (a hundred thousand
    payments load in a fraction of a second), in a fixed number of queries. With `as_of`, the
    metrics count only the records dated on or before it."""
    plan = project.plan
    rounds = {r.pk: core_rounds.RoundRecord(convert.round_core(r, project_key(project)))
              for r in Round.objects.filter(project=project)}
    # The two big reads go straight to the cursor: a hundred thousand rows each, no model instances.
    with connection.cursor() as cur:
        cur.execute(f"SELECT {convert.ENTRY_COLUMNS} FROM relief_roundentry e "
                    "JOIN relief_round r ON r.id = e.round_id WHERE r.project_id = %s", [project.pk])
        for round_id, *entry in cur.fetchall():
            rounds[round_id].entries[entry[0]] = convert.entry_from_columns(*entry)
        cur.execute(f"SELECT {convert.PAYMENT_COLUMNS} FROM relief_payment p "
                    "JOIN relief_roundentry e ON e.id = p.entry_id JOIN relief_round r ON r.id = e.round_id "
                    "WHERE r.project_id = %s", [project.pk])
        for pk, round_id, *payment in cur.fetchall():
            r = rounds[round_id]
            r.payments.append(convert.payment_from_columns(pk, *payment, round_name=r.round.name))
    workers = [convert.worker_core(w) for w in ModelWorker.objects.filter(unit_id=plan.unit_id)]
    checks = [convert.check_core(c) for c in HealthCheck.objects.filter(
        worker__unit_id=plan.unit_id, year=plan.year).select_related("worker")]
    # A response is dated when it was given, else on its survey's date (rows written around the services).
    dated = list(SurveyResponse.objects.filter(survey__project=project).values_list(
        "pk", "answers", "survey__round__name", "date", "survey__date"))
    responses = [(pk, answers, round_name) for pk, answers, round_name, _, _ in dated]
    spending = list(SpendingRecord.objects.filter(project=project).values_list("pk", "date", "amount"))
    records = ProjectRecords(plan.year, project.total, sum((a for _, _, a in spending), Decimal(0)),
                             [f"spending:{pk}" for pk, _, _ in spending], {}, list(rounds.values()), workers, checks,
                             [a for _, a, _ in responses], [f"response:{pk}" for pk, _, _ in responses],
                             [r or "" for _, _, r in responses],
                             spending=[(f"spending:{pk}", on, amount) for pk, on, amount in spending],
                             answer_dates=[on or survey_on for *_, on, survey_on in dated],
                             planned=_planned_lists(project), as_of=as_of)
    records.answer_overall = answer_overall(project, [pk for pk, _, _ in responses])
    return records


def answer_overall(project: Project, response_ids: list[int]) -> list[int | None]:
    """Each response's overall question (its survey's 总体评价), in the order of `response_ids`."""
    questions = dict(SurveyResponse.objects.filter(survey__project=project).values_list("pk", "survey__questions"))
    return [overall_question(questions.get(pk) or []) for pk in response_ids]


def _planned_lists(project: Project) -> dict[str, tuple[str, ...]]:
    """Each draft round's would-be list (ID numbers): what the round is planned to pay, before it is approved."""
    drafts = list(Round.objects.filter(project=project, state=Round.DRAFT).select_related("project__plan"))
    return {r.name: tuple(entry.id_number for entry in round_draw(r)[0]) for r in drafts}


class Computed(NamedTuple):
    """A bound indicator's value from the records at a date, and its year-end forecast with the rule it follows."""

    metric: str
    value: MetricValue
    forecast: MetricValue
    rule: str


def computed_actuals(plan: Plan, as_of: date | None = None) -> dict[tuple[str, str], Computed]:
    """(project code, indicator name) → what its metric gives for every bound indicator, counting only the
    records dated on or before `as_of` (None: the whole year)."""
    bindings = MetricBinding.objects.filter(indicator__project__plan=plan).select_related("indicator__project")
    by_project: dict[int, list[MetricBinding]] = {}
    for b in bindings:
        by_project.setdefault(b.indicator.project_id, []).append(b)
    out = {}
    for bound in by_project.values():
        records = project_records(bound[0].indicator.project, as_of)
        for b in bound:
            metric = CATALOGUE[b.metric]
            value = metric.compute(records, b.params)
            out[(project_key(b.indicator.project), b.indicator.name)] = Computed(
                b.metric, value, metric.project(records, b.params, value), metric.forecast_rule)
    return out


def actuals_report(project: Project) -> dict:
    """Every indicator's actual: computed from records where bound, typed or imported otherwise;
    each with its provenance (`label` as evaluation.records.Provenance says it), None when there is
    no value at all."""
    bindings = {b.indicator_id: b for b in MetricBinding.objects.filter(indicator__project=project)}
    typed = {v.indicator_id: v for v in IndicatorValue.objects.filter(indicator__project=project)}
    records = project_records(project) if bindings else ProjectRecords(project.plan.year)
    now = timezone.now().isoformat(timespec="seconds")
    rows = []
    for indicator in project.indicators.all():
        if indicator.pk in bindings:
            b = bindings[indicator.pk]
            value = CATALOGUE[b.metric].compute(records, b.params)
            source = Provenance(COMPUTED, metric=b.metric, records=value.records)
            rows.append({"name": indicator.name, "metric": b.metric, "actual": value.text or None,
                         "unit": value.unit, "provenance": _provenance(source, now)})
            continue
        v = typed.get(indicator.pk)
        if v is None or not v.actual:
            rows.append({"name": indicator.name, "metric": None, "actual": None, "unit": indicator.unit,
                         "provenance": None})
        else:
            rows.append({"name": indicator.name, "metric": None, "actual": v.actual, "unit": indicator.unit,
                         "provenance": _provenance(Provenance(v.source, file=v.source_file))})
    return {"project": project.code, "year": project.plan.year, "indicators": rows}


def _provenance(source: Provenance, computed_at: str | None = None) -> dict:
    return {"kind": source.kind, "label": source.label, "records": list(source.records), "computed_at": computed_at}
