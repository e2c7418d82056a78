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
from typing import Any

from django.db import transaction
from django.utils import timezone

from ...core.bounds import check_date, check_year
from ...core.errors import CONFLICT, FORBIDDEN
from ...core.problems import ReadError
from ...formats.bank_list import read_payment_rows, write_bank_list
from ...formats.records_csv import parse_date
from ...formats.registers import rows_of
from ...relief import errors as pe
from ...relief import rounds as core_rounds
from ...relief.checks import DONE, read_workers
from ...relief.errors import REGISTERED_TWICE, REGISTERED_TWICE_MESSAGE, PersonError, RowsError, round_frozen
from ...relief.metrics import CATALOGUE
from ...relief.persons import mask_id, mask_name, mask_phone
from ...relief.register import RowProblem, bank_pair, edit, mask_account, move, read_rows
from ...relief.register import person as core_person
from ...relief.surveys import arrange_answer_columns, read_dated_answer_rows
from ..evaluation.models import SpendingRecord
from ..fingerprints import fingerprint
from ..goals.models import Indicator, Plan, Project, Unit
from ..history.services import diff, log_action
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
from .permissions import require_binder, require_officer, require_round_approver
from .selectors import committed, people_text, round_draw, standard_missing, without_bank_account


def upload_rows(*, name: str, data: bytes, nothing: str = "记录") -> tuple[str, list[list[str]]]:
    """An uploaded table (.xlsx or .csv) as rows, with the file's own name; a broken file, or one with
    no data rows, imports nothing and says so ("未导入任何{nothing}")."""
    name = PurePath(name or "").name or "上传的文件"
    try:
        rows = rows_of(data, name)
    except ReadError as exc:
        raise exc.within(name, then=e.NOTHING_IMPORTED.format(what=nothing)) from None
    if not any(str(cell or "").strip() for row in rows[1:] for cell in row):  # a header, or nothing
        raise ReliefError(e.NO_ROWS, e.NO_ROWS_MESSAGE.format(what=nothing), name)
    return name, rows


def register_check(*, unit: Unit, rows: list[list]) -> tuple[list, list[RowProblem]]:
    """The register table checked whole against the unit's register: good rows, every bad row."""
    known = set(Beneficiary.objects.filter(unit=unit).values_list("id_number", flat=True))
    return read_rows(rows, known, today=timezone.localdate(), parse_day=parse_date)


@transaction.atomic
def register_import(*, unit: Unit, rows: list[list], user, name: str = "", only_good: bool = False
                    ) -> tuple[int, list[str]]:
    """The table checked whole first: with bad rows nothing is written (a RowsError lists every bad
    row with its row number, column and reason) unless `only_good`, the user's choice to import only
    the good rows. Returns how many came in and the bad rows."""
    require_officer(user, unit.pk)
    good, bad = register_check(unit=unit, rows=rows)
    if bad and not only_good:
        raise rows_refused(name, bad)
    # Without a 建档日期 column the date is not known: left empty rather than the import day
    Beneficiary.objects.bulk_create([Beneficiary(unit=unit, status_since=p.since,
                                                 **convert.beneficiary_fields(p)) for _, p in good])
    log_action("register.imported", unit, user, {"rows": ["", str(len(good))]}, f"{len(bad)}行有误未导入")
    return len(good), [str(b) for b in bad]


@transaction.atomic
def beneficiary_move(*, beneficiary: Beneficiary, to: str, on: date, user, version: int | None = None
                     ) -> Beneficiary:
    """A status move the register allows (PersonError otherwise), dated. The person's row is locked, so
    two moves at once are judged one after the other; a page's move carries the record's `version`
    and is refused (409) when someone has changed the person since."""
    require_officer(user, beneficiary.unit_id)
    check_date(on, "变更日期")
    beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if version is not None and version != beneficiary.version:
        raise e.stale(beneficiary.name)
    move(convert.beneficiary_core(beneficiary), to, on)
    before = beneficiary.status
    beneficiary.status, beneficiary.status_since = to, on
    beneficiary.version += 1
    beneficiary.save(update_fields=["status", "status_since", "version"])
    log_action("beneficiary.moved", beneficiary, user, {"status": [before, to]}, on.isoformat())
    return beneficiary


def _id_changeable(beneficiary: Beneficiary, new: str) -> None:
    rounds = sorted(set(RoundEntry.objects.filter(beneficiary=beneficiary).values_list("round__name", flat=True)))
    if rounds:
        raise PersonError(pe.ID_LISTED, pe.ID_LISTED_MESSAGE.format(name=beneficiary.name, rounds="、".join(rounds)),
                          "身份证号")
    other = Beneficiary.objects.filter(unit_id=beneficiary.unit_id, id_number=new).first()
    if other is not None:
        raise PersonError(pe.ID_TAKEN, pe.ID_TAKEN_MESSAGE.format(masked=mask_id(new), name=other.name), "身份证号",
                          kind=CONFLICT)


@transaction.atomic
def beneficiary_update(*, beneficiary: Beneficiary, fields: dict, version: int, user) -> Beneficiary:
    """`fields`: any of the register's editable fields as the officer typed them; checked here, once
    (PersonError); a change of 银行账号 or 开户银行 that leaves one without the other is refused; an ID
    number changes only while no round lists it, and never to one the unit has.
    A version someone else has saved since is refused (409)."""
    require_officer(user, beneficiary.unit_id)
    fields = edit(fields)
    before = {k: getattr(beneficiary, k) for k in fields}
    if fields.get("id_number", beneficiary.id_number) != beneficiary.id_number:
        _id_changeable(beneficiary, fields["id_number"])
    if any(k in fields and str(fields[k]) != str(before[k]) for k in ("bank_account", "bank")):
        bank_pair(fields.get("bank_account", beneficiary.bank_account), fields.get("bank", beneficiary.bank))
    if not Beneficiary.objects.filter(pk=beneficiary.pk, version=version).update(version=version + 1, **fields):
        raise e.stale(beneficiary.name)
    beneficiary.refresh_from_db()
    hide = {"id_number": mask_id, "phone": mask_phone, "bank_account": mask_account, "name": mask_name}
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
    if not name.strip():  # a blank name would become a second round nobody can tell apart
        raise ReliefError(e.ROUND_NAME, e.ROUND_UNNAMED_MESSAGE.format(year=plan.year), "名称")
    if Round.objects.filter(project=project, name=name).exists():
        raise ReliefError(e.ROUND_NAME, e.ROUND_NAME_MESSAGE.format(project=project.name, year=plan.year, name=name),
                          "名称", kind=CONFLICT)
    if not Standard.objects.filter(unit_id=plan.unit_id, year=plan.year, kind=kind).exists():
        raise ReliefError(e.NO_STANDARD, e.NO_STANDARD_MESSAGE.format(year=plan.year, kind=kind), "救助类别")
    r = Round.objects.create(project=project, name=name, kind=kind, start=start, end=end, degrees=degrees,
                             created_by=user)
    log_action("round.created", r, user)
    return r


def round_seen(entries) -> str:
    """A draft round's list as its page showed it: who, and how much each."""
    return fingerprint(sorted([e.id_number, _yuan(e.amount)] for e in entries))


@transaction.atomic
def round_approve(*, round_: Round, user, seen: str | None = None) -> int:
    """Freeze the list and amounts; refused when it would pass the project's remaining budget
    (RoundError), when someone has approved it already, or when the list is no longer the one the
    approver's page showed (`seen`, from `round_seen`) (409). The approver is a 单位审核 (or
    管理员) of the unit and never the user who drew the round (403)."""
    require_round_approver(user, round_.project.plan.unit_id)
    # The project's row first (as spending does): two approvals of its rounds at once then sum what is
    # committed one after the other, and the second sees the first.
    Project.objects.select_for_update().get(pk=round_.project_id)
    r = Round.objects.select_for_update().get(pk=round_.pk)
    if r.state != Round.DRAFT:
        raise round_frozen(r.name)
    if r.created_by_id is not None and r.created_by_id == user.pk:
        raise ReliefError(e.OWN_ROUND, e.OWN_ROUND_MESSAGE.format(name=r.name), kind=FORBIDDEN)
    no_standard = standard_missing(r)
    if no_standard is not None:
        raise no_standard
    entries, _ = round_draw(r)
    if seen is not None and seen != round_seen(entries):
        total = _yuan(sum((e.amount for e in entries), Decimal(0)))
        raise ReliefError(e.ROUND_CHANGED, e.ROUND_CHANGED_MESSAGE.format(name=r.name, count=len(entries), total=total),
                          kind=CONFLICT)
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


def _approved(round_: Round) -> None:
    round_.refresh_from_db(fields=["state"])
    if round_.state != Round.APPROVED:
        raise ReliefError(e.ROUND_NOT_APPROVED, e.ROUND_NOT_APPROVED_MESSAGE.format(name=round_.name))


def _payment_add(*, entry: RoundEntry, payment: core_rounds.Payment, before: Payment | None, user,
                 method: str = "银行代发", reason: str = "") -> Payment:
    """A new payment record (a correction of `before` when given), posting to spending what it
    changes in what has been paid, and its history entry (the ID number masked)."""
    r = entry.round
    change = core_rounds.paid_change(convert.payment_core(before) if before else None, payment)
    spending = None
    if change:
        note = f"{r.name}：{mask_name(entry.name)}" + ("（冲正）" if before is not None else "")  # shown to every role
        spending = SpendingRecord.objects.create(project_id=r.project_id, date=payment.on, amount=change,
                                                 created_by=user, note=note)
    record = Payment.objects.create(entry=entry, amount=payment.amount, date=payment.on, method=method,
                                    status=payment.status, reverses=before, reason=reason, spending=spending)
    state = core_rounds.STATE_NAMES[payment.status]
    if before is None:
        log_action("payment.recorded", r, user, {"amount": ["", str(payment.amount)], "status": ["", state]},
                   mask_id(entry.id_number))
    else:
        log_action("payment.reversed", r, user, {"status": [core_rounds.STATE_NAMES[before.status], state],
                                                 "amount": [str(before.amount), str(payment.amount)]},
                   f"{mask_id(entry.id_number)}：{reason}")
    return record


def _counting(round_: Round) -> dict[str, Payment]:
    """The payment of each person of the round that counts now (none reverses it), by 身份证号."""
    rows = Payment.objects.filter(entry__round=round_, reversed_by__isnull=True).select_related("entry")
    return {p.entry.id_number: p for p in rows}


@transaction.atomic
def payment_record(*, round_: Round, id_number: str, amount: Decimal, on: date, user, method: str = "银行代发",
                   status: str = Payment.PAID) -> Payment:
    """Record a payment of an approved round. One to a person not on the frozen list or
    not of the standard amount is refused; one outside the round's dates is kept and
    counts as not compliant. A person has one payment a round: a second is refused (409; a
    correction is `payment_reverse`). A paid payment posts to the project's spending by itself."""
    require_officer(user, round_.project.plan.unit_id)
    _approved(round_)
    entry = RoundEntry.objects.select_for_update().filter(round=round_, id_number=id_number).first()
    payment = core_rounds.Payment(id_number, amount, on, round_.name, method, status)
    problems = [p for p in core_rounds.payment_problems(
        payment, convert.round_core(round_), convert.entry_core(entry) if entry else None,
        year=round_.project.plan.year) if p.code in core_rounds.REFUSED]
    if problems:
        raise ReliefError(e.PAYMENT, "；".join(p.message for p in problems), mask_id(id_number),
                          fields={p.code: p.message for p in problems})
    assert entry is not None  # one not on the list is refused above
    before = Payment.objects.filter(entry=entry, reversed_by__isnull=True).first()
    if before is not None:
        raise ReliefError(e.PAID_TWICE, e.PAID_TWICE_MESSAGE.format(
            name=entry.name, round=round_.name, on=before.date, amount=before.amount,
            state=before.get_status_display()), mask_id(id_number), kind=CONFLICT)
    return _payment_add(entry=entry, payment=payment, before=None, user=user, method=method)


@transaction.atomic
def payment_reverse(*, payment: Payment, status: str, reason: str, user, amount: Decimal | None = None,
                    on: date | None = None) -> Payment:
    """冲正: a new record that reverses `payment` and says what really happened (已退回, 发放失败,
    or 已发放 with the amount and date), never an edit. The reason is required; a payment that is
    already reversed is refused (409). Spending moves by the difference."""
    entry = payment.entry
    require_officer(user, entry.round.project.plan.unit_id)
    _approved(entry.round)
    if not reason.strip():
        raise ReliefError(e.REVERSE_REASON, e.REVERSE_REASON_MESSAGE)
    if status not in core_rounds.STATE_NAMES:
        raise ReliefError(e.REVERSE_STATE, e.REVERSE_STATE_MESSAGE.format(
            allowed="、".join(core_rounds.STATE_NAMES.values())))
    before = Payment.objects.select_for_update().get(pk=payment.pk)
    if Payment.objects.filter(reverses=before).exists():
        raise ReliefError(e.REVERSED, e.REVERSED_MESSAGE.format(name=entry.name), kind=CONFLICT)
    after = core_rounds.Payment(entry.id_number, before.amount if amount is None else amount,
                                before.date if on is None else on, entry.round.name, before.method, status)
    year = entry.round.project.plan.year
    if after.on.year != year:  # its spending would land in another year's books
        raise ReliefError(e.REVERSE_DATE, e.REVERSE_DATE_MESSAGE.format(on=after.on.isoformat(), year=year))
    if (after.status, after.amount, after.on) == (before.status, before.amount, before.date):
        raise ReliefError(e.REVERSE_SAME, e.REVERSE_SAME_MESSAGE)
    if after.status == Payment.PAID:
        problems = [p for p in core_rounds.payment_problems(
            after, convert.round_core(entry.round), convert.entry_core(entry),
            year=entry.round.project.plan.year) if p.code in core_rounds.REFUSED]
        if problems:
            raise ReliefError(e.PAYMENT, "；".join(p.message for p in problems), mask_id(entry.id_number),
                              fields={p.code: p.message for p in problems})
    return _payment_add(entry=entry, payment=after, before=before, user=user, method=before.method,
                        reason=reason.strip())


def payments_check(*, round_: Round, rows: list[list], name: str) -> core_rounds.ResultsCheck:
    """The bank's return file (身份证号, 金额, 日期[, 状态]) checked whole against the round's frozen
    list and what is recorded already: nothing is written. A file without the columns is a
    ReadError placed in the file; a round not approved yet has no list to check against (400)."""
    _approved(round_)
    try:
        read, unreadable = read_payment_rows(rows)
    except ReadError as exc:
        raise exc.within(name, then=e.NOTHING_IMPORTED.format(what="记录")) from None
    entries = {x.id_number: convert.entry_core(x) for x in round_.entries.all()}
    recorded = {n: convert.payment_core(p) for n, p in _counting(round_).items()}
    results = [core_rounds.Result(r.row, r.id_number, r.amount, r.on, r.state) for r in read]
    check = core_rounds.check_results(results, convert.round_core(round_), entries, recorded,
                                      year=round_.project.plan.year)
    check.bad = sorted(check.bad + [RowProblem(n, column, message) for n, column, message in unreadable],
                       key=lambda b: b.row)
    return check


@transaction.atomic
def payments_import(*, round_: Round, rows: list[list], name: str, user, only_good: bool = False) -> dict:
    """The bank's return file as rows: 身份证号, 金额, 日期[, 状态], checked whole first. A row
    recorded already is skipped (importing a file again changes nothing); a row that changes a
    recorded payment's state is a correction (冲正) reversing it. When some rows are bad, nothing is
    written unless `only_good` (the user confirmed importing only the good rows): a RowsError then
    lists every bad row with its row number, column and reason. Returns the report."""
    require_officer(user, round_.project.plan.unit_id)
    _approved(round_)
    check = payments_check(round_=round_, rows=rows, name=name)
    if check.bad and not only_good:
        raise rows_refused(name, check.bad)
    entries = {x.id_number: x for x in round_.entries.select_for_update()}
    counting = _counting(round_)
    for _, payment in check.new:
        _payment_add(entry=entries[payment.id_number], payment=payment, before=None, user=user)
    for row, payment in check.corrections:
        _payment_add(entry=entries[payment.id_number], payment=payment, before=counting[payment.id_number],
                     user=user, reason=e.CORRECTED_BY_FILE.format(name=name, row=row))
    report = import_report(name, check)
    if check.new or check.corrections:  # a file imported again changed nothing: no history line says it did
        log_action("payments.imported", round_, user, {"payments": ["", str(len(check.new))]}, report["summary"])
    return report


def import_report(name: str, check: core_rounds.ResultsCheck) -> dict:
    """What a return file did (or would do): counts, the bad rows, and one Chinese sentence."""
    summary = e.PAYMENTS_REPORT.format(new=len(check.new), corrected=len(check.corrections),
                                       already=len(check.already), bad=len(check.bad))
    return {"file": name, "new": len(check.new), "corrected": len(check.corrections), "already": len(check.already),
            "bad": [str(b) for b in check.bad], "summary": summary}


def rows_refused(name: str, bad: list[RowProblem]) -> RowsError:
    """A table with bad rows, none written: every bad row listed (row, column, reason)."""
    return RowsError(e.BAD_ROWS, e.BAD_ROWS_MESSAGE.format(count=len(bad), rows="；".join(str(b) for b in bad)),
                     name, fields={f"第{b.row}行“{b.field}”": b.message for b in bad})


@transaction.atomic
def check_record(*, worker: ModelWorker, project: Project | None, year: int, state: str, on: date | None,
                 institution: str, cost: Decimal, reason: str, user, seen: str | None = None) -> HealthCheck:
    """A model worker's check of the year; its cost, when done, posts to `project` (of the
    worker's unit and that year) by itself. A page's save is refused (409) when the worker's checks
    changed since the page listed them (`seen`, from `checks_seen`)."""
    require_officer(user, worker.unit_id)
    if seen is not None:
        worker = ModelWorker.objects.select_for_update().get(pk=worker.pk)
        if seen != checks_seen(worker):
            raise ReliefError(e.CHECK_STALE, e.CHECK_STALE_MESSAGE.format(name=worker.name), kind=CONFLICT)
    if project is not None and (project.plan.unit_id != worker.unit_id or project.plan.year != year):
        raise ReliefError(e.CHECK_PROJECT, e.CHECK_PROJECT_MESSAGE.format(project=project.name, year=year))
    if state != DONE and not reason.strip():
        raise ReliefError(e.CHECK_REASON, e.CHECK_REASON_MESSAGE.format(name=worker.name, state=state))
    if on is not None and on.year != year:
        raise ReliefError(e.CHECK_YEAR, e.CHECK_YEAR_MESSAGE.format(name=worker.name, on=on, year=year), "体检日期")
    posts = state == DONE and bool(cost) and project is not None
    if posts and on is None:
        raise ReliefError(e.CHECK_DATE, e.CHECK_DATE_MESSAGE.format(name=worker.name))
    if state == DONE and on is None:  # a check done has a day: it dates the check within its year
        raise ReliefError(e.CHECK_DATE, e.CHECK_DONE_DATE_MESSAGE.format(name=worker.name), "体检日期")
    fields = {"state": state, "date": on, "institution": institution, "cost": cost, "reason": reason}
    was = HealthCheck.objects.filter(worker=worker, year=year).first()
    before = {k: getattr(was, k) for k in fields} if was is not None else {}
    check, _ = HealthCheck.objects.update_or_create(worker=worker, year=year, defaults={"project": project, **fields})
    if posts and on is not None and project is not None and check.spending is None:
        check.spending = SpendingRecord.objects.create(project=project, date=on, amount=cost, created_by=user,
                                                       note=f"劳模体检：{worker.name}")
        check.save(update_fields=["spending"])
    log_action("check.recorded", worker, user, diff(before, fields), f"{year}年")
    return check


def _binding_comparable(indicator: Indicator, metric: str) -> None:
    """A metric's values must compare with the indicator's target, as scoring compares them
    (`evaluation.quantities.in_unit`): the same unit, or two money units; refused naming both units."""
    from ...core.money import FACTORS
    from ...core.targets import QUALITATIVE

    found = CATALOGUE[metric]
    names = {"indicator": indicator.name, "target": indicator.target_raw, "metric": found.name,
             "metric_unit": found.unit or "无"}
    if indicator.op == QUALITATIVE:
        raise ReliefError(e.BINDING_UNIT, e.BINDING_QUALITATIVE_MESSAGE.format(**names), indicator.name,
                          fields={"metric": e.BINDING_QUALITATIVE_MESSAGE.format(**names)})
    if found.unit == indicator.unit or (found.unit in FACTORS and indicator.unit in FACTORS):
        return
    message = e.BINDING_UNIT_MESSAGE.format(**names, target_unit=indicator.unit or "无")
    raise ReliefError(e.BINDING_UNIT, message, indicator.name, fields={"metric": message})


def _binding_text(binding: MetricBinding | None) -> tuple[str, str]:
    if binding is None:
        return "手工填报", ""
    name = CATALOGUE[binding.metric].name if binding.metric in CATALOGUE else binding.metric
    return name, "，".join(f"{k}={v}" for k, v in sorted((binding.params or {}).items()))


def binding_seen(binding: MetricBinding | None) -> str:
    return fingerprint(None if binding is None else [binding.metric, binding.params or {}])


def standard_seen(standard: Standard | None) -> str:
    return fingerprint(None if standard is None else _yuan(standard.amount))


def checks_seen(worker: ModelWorker) -> str:
    """Every check of the worker as the workers' page lists them (any year: the form's year is typed)."""
    return fingerprint([[c.year, c.state, c.date, c.institution, str(c.cost), c.reason, c.project_id]
                 for c in sorted(worker.checks.all(), key=lambda c: c.year)])  # the page's prefetch serves


@transaction.atomic
def binding_set(*, indicator: Indicator, metric: str, params: dict, user, seen: str | None = None
                ) -> MetricBinding | None:
    """Bind an indicator to a metric (its actual then comes from the records), change its metric or
    parameters, or unbind it (`metric` empty: typed again). A metric whose unit cannot be compared with
    the target's is refused; so is a page's save when the binding changed since the page showed it
    (`seen`, from `binding_seen`: 409). Each change is in the indicator's history, before and after."""
    require_binder(user, indicator.project.plan.unit_id)
    if params.get("deadline"):
        check_date(date.fromisoformat(str(params["deadline"])), "截止日期", key="deadline")
    old = MetricBinding.objects.select_for_update().filter(indicator=indicator).first()
    if seen is not None and seen != binding_seen(old):
        raise ReliefError(e.BINDING_STALE, e.BINDING_STALE_MESSAGE, kind=CONFLICT)
    was_metric, was_params = _binding_text(old)
    if not metric:
        if old is None:
            return None
        old.delete()
        log_action("binding.removed", indicator, user, {"metric": [was_metric, "手工填报"]}
                   | ({"params": [was_params, ""]} if was_params else {}))
        return None
    if metric not in CATALOGUE:
        raise ReliefError(e.NO_METRIC, e.NO_METRIC_MESSAGE.format(metric=metric))
    _binding_comparable(indicator, metric)
    binding, _ = MetricBinding.objects.update_or_create(indicator=indicator, defaults={"metric": metric,
                                                                                      "params": params})
    now_metric, now_params = _binding_text(binding)
    if old is not None and (was_metric, was_params) == (now_metric, now_params):
        return binding
    changes = {"metric": [was_metric if old is not None else "手工填报", now_metric]}
    if was_params != now_params:
        changes["params"] = [was_params, now_params]
    log_action("binding.set" if old is None else "binding.changed", indicator, user, changes)
    return binding


def bank_list(round_: Round) -> bytes:
    """The bank's payment list for an approved round, as .xlsx: each person's account and bank, a
    total row and the round's approver. Refused (409, naming them) while anyone on the list has no
    银行账号 or 开户银行 in the register: the bank rejects a row with an empty account."""
    unpaid = without_bank_account(round_)
    if unpaid:
        raise ReliefError(e.NO_BANK_ACCOUNT, e.NO_BANK_ACCOUNT_MESSAGE.format(
            name=round_.name, count=len(unpaid), people=people_text(unpaid, True)), kind=CONFLICT)
    entries = round_.entries.order_by("id").values_list("name", "id_number", "beneficiary__bank_account",
                                                        "beneficiary__bank", "amount")
    approver = round_.approved_by.get_full_name() or round_.approved_by.username if round_.approved_by else ""
    return write_bank_list(entries, round_.name, approver=approver)


def _yuan(amount) -> str:
    return format(Decimal(str(amount)).normalize(), "f")  # 500.00 and 500 read the same


@transaction.atomic
def standard_set(*, unit: Unit, year: int, kind: str, degree: str, cause: str, amount: Decimal, user,
                 seen: str | None = None) -> Standard:
    """Set a unit's standard for a year, kind, degree and cause. A page's save carries the standard as
    the page showed it (`seen`, from `standard_seen`; a new one's is that of none): when it changed
    since, or the "new" standard exists already, nothing is saved (409)."""
    require_officer(user, unit.pk)
    check_year(year, "标准年度")
    if amount <= 0 or not kind.strip():
        raise ReliefError(e.STANDARD, e.STANDARD_MESSAGE)
    key: dict[str, Any] = {"unit": unit, "year": year, "kind": kind.strip(), "degree": degree, "cause": cause}
    was = Standard.objects.select_for_update().filter(**key).first()
    named = f"{year}年{kind.strip()}{degree}{cause}"
    if seen is not None and seen != standard_seen(was):
        message = (e.STANDARD_EXISTS_MESSAGE if seen == standard_seen(None) else e.STANDARD_STALE_MESSAGE).format(
            named=named, amount=f"{_yuan(was.amount)}元" if was is not None else "已删除")
        raise ReliefError(e.STANDARD_STALE, message, kind=CONFLICT)
    standard, _ = Standard.objects.update_or_create(**key, defaults={"amount": amount})
    log_action("standard.set", unit, user, {"standard": [f"{named}：{_yuan(was.amount)}元" if was is not None else "",
                                                         f"{named}：{_yuan(amount)}元"]})
    return standard


@transaction.atomic
def survey_create(*, project: Project, name: str, questions: list[str], user, round_: Round | None = None,
                  on: date | None = None) -> Survey:
    """A survey conducted on `on` (调查日期), within the plan's year. The pages and the API always
    give the date; a caller that does not is dated as the migration dated older surveys: the
    end of its round, else 31 December of the plan's year."""
    require_officer(user, project.plan.unit_id)
    if round_ is not None and round_.project_id != project.pk:
        raise ReliefError(e.SURVEY_ROUND, e.SURVEY_ROUND_MESSAGE.format(round=round_.name, project=project.name))
    questions = [q.strip() for q in questions if q.strip()]
    if not name.strip() or not questions:
        raise ReliefError(e.SURVEY, e.SURVEY_MESSAGE)
    year = project.plan.year
    if on is None:
        on = round_.end if round_ is not None else date(year, 12, 31)
    if on.year != year:
        raise ReliefError(e.SURVEY_DATE, e.SURVEY_DATE_MESSAGE.format(on=on, year=year),
                          fields={"date": e.SURVEY_DATE_MESSAGE.format(on=on, year=year)})
    survey = Survey.objects.create(project=project, round=round_, name=name.strip(), questions=questions, date=on)
    log_action("survey.created", survey, user, {"questions": ["", str(len(questions))], "date": ["", on.isoformat()]})
    return survey


def survey_check(*, survey: Survey, rows: list[list], name: str = "回答文件"
                 ) -> tuple[list[tuple[list[int | None], date]], list[RowProblem]]:
    """The answers checked whole: the file's columns matched to the questionnaire's questions by
    their header (a header that lacks a question or has an unknown column is a RowsError naming
    them), then good responses with the day each was given (the file's 日期, else the survey's
    date), every bad cell (row and question, or a 日期 outside the plan's year)."""
    year = survey.project.plan.year
    default = survey.date or (survey.round.end if survey.round is not None else date(year, 12, 31))
    arranged = arrange_answer_columns(rows, list(survey.questions), name=name or "回答文件", survey=survey.name)
    return read_dated_answer_rows(arranged, len(survey.questions), year=year, default=default, parse_day=parse_date)


@transaction.atomic
def survey_import(*, survey: Survey, rows: list[list], name: str, user, only_good: bool = False) -> int:
    """Answers, one response a row and one question a column (matched by its header), scored 1–5
    (blank allowed), each
    dated by the file's 日期 column if it has one, else by the survey's date; checked whole first:
    with a bad cell or date nothing is written (a RowsError lists every one) unless `only_good`."""
    require_officer(user, survey.project.plan.unit_id)
    answers, bad = survey_check(survey=survey, rows=rows, name=name)
    if bad and not only_good:
        raise rows_refused(name, bad)
    SurveyResponse.objects.bulk_create([SurveyResponse(survey=survey, answers=a, date=on) for a, on in answers])
    log_action("survey.answered", survey, user, {"responses": ["", str(len(answers))]}, name)
    return len(answers)


def workers_check(*, unit: Unit, rows: list[list]) -> tuple[list, list[RowProblem]]:
    """The 劳模名册 checked whole against the unit's: good rows, every bad row."""
    known = set(ModelWorker.objects.filter(unit=unit).values_list("id_number", flat=True))
    return read_workers(rows, known)


@transaction.atomic
def workers_import(*, unit: Unit, rows: list[list], user, name: str = "", only_good: bool = False
                   ) -> tuple[int, list[str]]:
    """Model workers: 姓名, 身份证号, 级别, 授予年份, duplicates refused; checked whole first, and with
    bad rows nothing is written unless `only_good` (a RowsError lists them)."""
    require_officer(user, unit.pk)
    good, bad = workers_check(unit=unit, rows=rows)
    if bad and not only_good:
        raise rows_refused(name, bad)
    ModelWorker.objects.bulk_create([ModelWorker(unit=unit, **convert.worker_fields(w)) for _, w in good])
    log_action("workers.imported", unit, user, {"model_workers": ["", str(len(good))]}, f"{len(bad)}行有误未导入")
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
    created = Beneficiary.objects.create(unit=unit, status_since=None,  # the day of 建档 is not known
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
