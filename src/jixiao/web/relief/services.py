"""Writes of the programmes' records: checked against the rules of `jixiao.relief`,
atomic, in the history (personal data masked there), spending posted by itself.

Every write is keyword-only and refuses what the user may not do (`permissions.require_*`).
The core's errors (a bad 身份证号, a status move the register does not allow, a round over
its budget) reach the edges as they are; a file's error is placed in the file and says that
nothing of it was kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from ...core.errors import CONFLICT
from ...core.problems import ReadError
from ...formats.bank_list import read_payment_results, write_bank_list
from ...formats.registers import rows_of
from ...relief import rounds as core_rounds
from ...relief.checks import DONE, read_workers
from ...relief.errors import (
    OUTSIDE_DATES,
    REGISTERED_TWICE,
    REGISTERED_TWICE_MESSAGE,
    PersonError,
    RowsError,
    round_frozen,
)
from ...relief.metrics import CATALOGUE
from ...relief.persons import mask_id, mask_phone
from ...relief.register import edit, move, read_rows
from ...relief.register import person as core_person
from ...relief.surveys import read_answers
from ..evaluation.models import SpendingRecord
from ..goals.models import Indicator, Plan, Project, Unit
from ..history.services import log_action
from . import convert
from . import errors as e
from .errors import ReliefError
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
from .permissions import require_binder, require_officer
from .selectors import committed, round_draw, standard_missing

# Kept as they are; refused are the others (not on the list, not the standard, outside the year).
KEPT_PROBLEMS = frozenset({OUTSIDE_DATES})


def upload_rows(*, name: str, data: bytes, nothing: str = "记录") -> tuple[str, list[list[str]]]:
    """An uploaded table (.xlsx or .csv) as rows, with the file's own name; a broken file imports
    nothing and says so ("未导入任何{nothing}")."""
    name = PurePath(name or "").name or "上传的文件"
    try:
        return name, rows_of(data, name)
    except ReadError as exc:
        raise exc.within(name, then=e.NOTHING_IMPORTED.format(what=nothing)) from None


@transaction.atomic
def register_import(*, unit: Unit, rows: list[list], user) -> tuple[int, list[str]]:
    """Good rows in, bad rows listed with their reasons."""
    require_officer(user, unit.pk)
    known = set(Beneficiary.objects.filter(unit=unit).values_list("id_number", flat=True))
    good, bad = read_rows(rows, known)
    Beneficiary.objects.bulk_create([Beneficiary(unit=unit, status_since=timezone.localdate(),
                                                 **convert.beneficiary_fields(p)) for _, p in good])
    log_action("register.imported", unit, user, {"rows": ["", str(len(good))]}, f"{len(bad)}行有误未导入")
    return len(good), [str(b) for b in bad]


@transaction.atomic
def beneficiary_move(*, beneficiary: Beneficiary, to: str, on: date, user) -> Beneficiary:
    """A status move the register allows (PersonError otherwise), dated."""
    require_officer(user, beneficiary.unit_id)
    move(convert.beneficiary_core(beneficiary), to, on)
    before = beneficiary.status
    beneficiary.status, beneficiary.status_since = to, on
    beneficiary.version += 1
    beneficiary.save(update_fields=["status", "status_since", "version"])
    log_action("beneficiary.moved", beneficiary, user, {"status": [before, to]}, on.isoformat())
    return beneficiary


@transaction.atomic
def beneficiary_update(*, beneficiary: Beneficiary, fields: dict, version: int, user) -> Beneficiary:
    """`fields`: phone, employer, cause and degree as the officer typed them; checked here, once
    (PersonError). A version someone else has saved since is refused (409)."""
    require_officer(user, beneficiary.unit_id)
    fields = edit(fields)
    before = {k: getattr(beneficiary, k) for k in fields}
    if not Beneficiary.objects.filter(pk=beneficiary.pk, version=version).update(version=version + 1, **fields):
        raise e.stale(beneficiary.name)
    beneficiary.refresh_from_db()
    hide = {"id_number": mask_id, "phone": mask_phone}
    changes = {k: [hide.get(k, str)(str(before[k])), hide.get(k, str)(str(v))] for k, v in fields.items()
               if str(before[k]) != str(v)}
    log_action("beneficiary.changed", beneficiary, user, changes)
    return beneficiary


@transaction.atomic
def round_create(*, project: Project, name: str, kind: str, start: date, end: date, degrees: list[str], user) -> Round:
    plan = project.plan
    require_officer(user, plan.unit_id)
    if plan.state not in (Plan.APPROVED, Plan.PUBLISHED):
        raise ReliefError(e.NOT_APPROVED, e.NOT_APPROVED_MESSAGE)
    if not (start <= end and start.year == end.year == plan.year):
        raise ReliefError(e.DATES, e.DATES_MESSAGE.format(year=plan.year))
    if Round.objects.filter(project=project, name=name).exists():
        raise ReliefError(e.ROUND_NAME, e.ROUND_NAME_MESSAGE.format(project=project.name, year=plan.year, name=name),
                          "名称", kind=CONFLICT)
    if not Standard.objects.filter(unit_id=plan.unit_id, year=plan.year, kind=kind).exists():
        raise ReliefError(e.NO_STANDARD, e.NO_STANDARD_MESSAGE.format(year=plan.year, kind=kind), "救助类别")
    r = Round.objects.create(project=project, name=name, kind=kind, start=start, end=end, degrees=degrees)
    log_action("round.created", r, user)
    return r


@transaction.atomic
def round_approve(*, round_: Round, user) -> int:
    """Freeze the list and amounts; refused when it would pass the project's remaining budget
    (RoundError), or when someone has approved it already (409)."""
    require_officer(user, round_.project.plan.unit_id)
    r = Round.objects.select_for_update().get(pk=round_.pk)
    if r.state != Round.DRAFT:
        raise round_frozen(r.name)
    no_standard = standard_missing(r)
    if no_standard is not None:
        raise no_standard
    entries, _ = round_draw(r)
    remaining = r.project.total - committed(r.project, leave_out=r)
    core_rounds.approve(convert.round_core(r), entries, remaining)
    people = {b.id_number: b for b in Beneficiary.objects.filter(unit_id=r.project.plan.unit_id)}
    RoundEntry.objects.bulk_create([RoundEntry(round=r, beneficiary=people[e.id_number], id_number=e.id_number,
                                               name=e.name, amount=e.amount) for e in entries])
    r.state, r.approved_by, r.approved_at = Round.APPROVED, user, timezone.now()
    r.save(update_fields=["state", "approved_by", "approved_at"])
    round_.refresh_from_db()
    log_action("round.approved", r, user, {"entries": ["", str(len(entries))],
                                           "total": ["", str(sum(e.amount for e in entries))]})
    return len(entries)


@transaction.atomic
def payment_record(*, round_: Round, id_number: str, amount: Decimal, on: date, user, method: str = "银行代发",
                   status: str = Payment.PAID) -> Payment:
    """Record a payment of an approved round. One to a person not on the frozen list or
    not of the standard amount is refused; one outside the round's dates is kept and
    counts as not compliant. A paid payment posts to the project's spending by itself."""
    require_officer(user, round_.project.plan.unit_id)
    round_.refresh_from_db(fields=["state"])
    if round_.state != Round.APPROVED:
        raise ReliefError(e.ROUND_NOT_APPROVED, e.ROUND_NOT_APPROVED_MESSAGE.format(name=round_.name))
    entry = RoundEntry.objects.filter(round=round_, id_number=id_number).first()
    # One outside the round's dates is kept (it counts as not compliant); the others are refused.
    problems = [p for p in core_rounds.payment_problems(
        core_rounds.Payment(id_number, amount, on), convert.round_core(round_),
        convert.entry_core(entry) if entry else None, year=round_.project.plan.year) if p.code not in KEPT_PROBLEMS]
    if problems:
        raise ReliefError(e.PAYMENT, "；".join(p.message for p in problems), mask_id(id_number),
                          fields={p.code: p.message for p in problems})
    assert entry is not None  # one not on the list is refused above
    spending = None
    if status == Payment.PAID:
        spending = SpendingRecord.objects.create(project=round_.project, date=on, amount=amount, created_by=user,
                                                 note=f"{round_.name}：{entry.name}")
    payment = Payment.objects.create(entry=entry, amount=amount, date=on, method=method, status=status,
                                     spending=spending)
    log_action("payment.recorded", round_, user, {"amount": ["", str(amount)]}, mask_id(id_number))
    return payment


PAYMENT_STATES = {"已发放": Payment.PAID, "发放失败": Payment.FAILED, "已退回": Payment.RETURNED, "": Payment.PAID}


@transaction.atomic
def payments_import(*, round_: Round, rows: list[list], name: str, user) -> int:
    """The bank's return file as rows: 身份证号, 金额, 日期[, 状态]. All rows or none: the first bad
    row is named (in the file `name`) and nothing is recorded."""
    nothing = e.NOTHING_IMPORTED.format(what="记录")
    try:
        results = read_payment_results(rows)
    except ReadError as exc:
        raise exc.within(name, then=nothing) from None
    for result in results:
        try:
            payment_record(round_=round_, id_number=result.id_number, amount=result.amount, on=result.on,
                           status=PAYMENT_STATES.get(result.state, Payment.PAID), user=user)
        except ReliefError as exc:
            raise exc.within(f"{name}：第{result.row}行", then=nothing) from None
    return len(results)


@transaction.atomic
def check_record(*, worker: ModelWorker, project: Project | None, year: int, state: str, on: date | None,
                 institution: str, cost: Decimal, reason: str, user) -> HealthCheck:
    """A model worker's check of the year; its cost, when done, posts to `project` (of the
    worker's unit and that year) by itself."""
    require_officer(user, worker.unit_id)
    if project is not None and (project.plan.unit_id != worker.unit_id or project.plan.year != year):
        raise ReliefError(e.CHECK_PROJECT, e.CHECK_PROJECT_MESSAGE.format(project=project.name, year=year))
    if state != DONE and not reason.strip():
        raise ReliefError(e.CHECK_REASON, e.CHECK_REASON_MESSAGE.format(name=worker.name, state=state))
    if on is not None and on.year != year:
        raise ReliefError(e.CHECK_YEAR, e.CHECK_YEAR_MESSAGE.format(name=worker.name, on=on, year=year), "体检日期")
    posts = state == DONE and bool(cost) and project is not None
    if posts and on is None:
        raise ReliefError(e.CHECK_DATE, e.CHECK_DATE_MESSAGE.format(name=worker.name))
    check, _ = HealthCheck.objects.update_or_create(worker=worker, year=year, defaults={
        "project": project, "state": state, "date": on, "institution": institution, "cost": cost, "reason": reason})
    if posts and on is not None and check.spending is None:
        check.spending = SpendingRecord.objects.create(project=project, date=on, amount=cost, created_by=user,
                                                       note=f"劳模体检：{worker.name}")
        check.save(update_fields=["spending"])
    log_action("check.recorded", worker, user, {"state": ["", state]}, str(year))
    return check


@transaction.atomic
def binding_set(*, indicator: Indicator, metric: str, params: dict, user) -> MetricBinding | None:
    require_binder(user, indicator.project.plan.unit_id)
    if not metric:
        MetricBinding.objects.filter(indicator=indicator).delete()
        log_action("binding.set", indicator, user, {"metric": ["", "手工填报"]})
        return None
    if metric not in CATALOGUE:
        raise ReliefError(e.NO_METRIC, e.NO_METRIC_MESSAGE.format(metric=metric))
    binding, _ = MetricBinding.objects.update_or_create(indicator=indicator, defaults={"metric": metric,
                                                                                      "params": params})
    log_action("binding.set", indicator, user, {"metric": ["", CATALOGUE[metric].name]})
    return binding


def bank_list(round_: Round) -> bytes:
    """The bank's payment list for an approved round, as .xlsx."""
    entries = round_.entries.order_by("id").values_list("name", "id_number", "amount")
    return write_bank_list(entries, round_.name)


@transaction.atomic
def standard_set(*, unit: Unit, year: int, kind: str, degree: str, cause: str, amount: Decimal, user) -> Standard:
    require_officer(user, unit.pk)
    if amount <= 0 or not kind.strip():
        raise ReliefError(e.STANDARD, e.STANDARD_MESSAGE)
    standard, _ = Standard.objects.update_or_create(unit=unit, year=year, kind=kind.strip(), degree=degree,
                                                    cause=cause, defaults={"amount": amount})
    log_action("standard.set", unit, user, {"standard": ["", f"{year}年{kind}{degree}{cause}：{amount}元"]})
    return standard


@transaction.atomic
def survey_create(*, project: Project, name: str, questions: list[str], user, round_: Round | None = None) -> Survey:
    require_officer(user, project.plan.unit_id)
    if round_ is not None and round_.project_id != project.pk:
        raise ReliefError(e.SURVEY_ROUND, e.SURVEY_ROUND_MESSAGE.format(round=round_.name, project=project.name))
    questions = [q.strip() for q in questions if q.strip()]
    if not name.strip() or not questions:
        raise ReliefError(e.SURVEY, e.SURVEY_MESSAGE)
    survey = Survey.objects.create(project=project, round=round_, name=name.strip(), questions=questions)
    log_action("survey.created", survey, user, {"questions": ["", str(len(questions))]})
    return survey


@transaction.atomic
def survey_import(*, survey: Survey, rows: list[list], name: str, user) -> int:
    """Answers, one response a row and one question a column, scored 1–5 (blank allowed);
    a bad cell refuses the whole file."""
    require_officer(user, survey.project.plan.unit_id)
    try:
        answers = read_answers(rows, len(survey.questions))
    except RowsError as exc:
        raise exc.within(name, then=e.NOTHING_IMPORTED.format(what="回答")) from None
    SurveyResponse.objects.bulk_create([SurveyResponse(survey=survey, answers=a) for a in answers])
    log_action("survey.answered", survey, user, {"responses": ["", str(len(answers))]}, name)
    return len(answers)


@transaction.atomic
def workers_import(*, unit: Unit, rows: list[list], user) -> tuple[int, list[str]]:
    """Model workers: 姓名, 身份证号, 级别, 授予年份; bad rows listed, duplicates refused."""
    require_officer(user, unit.pk)
    known = set(ModelWorker.objects.filter(unit=unit).values_list("id_number", flat=True))
    good, bad = read_workers(rows, known)
    ModelWorker.objects.bulk_create([ModelWorker(unit=unit, **convert.worker_fields(w)) for _, w in good])
    log_action("register.imported", unit, user, {"model_workers": ["", str(len(good))]}, f"{len(bad)}行有误未导入")
    return len(good), [str(b) for b in bad]

@transaction.atomic
def beneficiary_create(*, unit: Unit, fields: dict[str, str], user) -> Beneficiary:
    """One person added to the register by hand (姓名, 身份证号 and the register's other columns),
    checked as an imported row is (PersonError naming the field); one already registered is a
    conflict (409)."""
    require_officer(user, unit.pk)
    person = core_person(fields)
    if Beneficiary.objects.filter(unit=unit, id_number=person.id_number).exists():
        raise PersonError(REGISTERED_TWICE, REGISTERED_TWICE_MESSAGE.format(masked=mask_id(person.id_number)),
                          "身份证号", kind=CONFLICT)
    created = Beneficiary.objects.create(unit=unit, status_since=timezone.localdate(),
                                         **convert.beneficiary_fields(person))
    log_action("beneficiary.created", created, user, {"status": ["", created.status]}, mask_id(created.id_number))
    return created


@transaction.atomic
def round_delete(*, round_: Round, user) -> None:
    """A draft round deleted (an approved one is frozen: 409); the project's history keeps it."""
    project = round_.project
    require_officer(user, project.plan.unit_id)
    r = Round.objects.select_for_update().get(pk=round_.pk)
    if r.state != Round.DRAFT:
        raise round_frozen(r.name)
    r.delete()  # its surveys stay, about no round
    log_action("round.deleted", project, user, {"round": [r.name, ""]}, e.ROUND_DELETED_NOTE.format(name=r.name))
