"""Writes of the programmes' records: checked against the rules of `jixiao.relief`,
atomic, in the history (personal data masked there), spending posted by itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from ...core.problems import ReadError
from ...formats.bank_list import write_bank_list
from ...formats.records_csv import parse_date
from ...formats.registers import rows_of
from ...relief import rounds as core_rounds
from ...relief.metrics import CATALOGUE
from ...relief.persons import PersonError, mask_id, mask_phone
from ...relief.register import Beneficiary as CoreBeneficiary
from ...relief.register import edit, move, read_rows
from ...relief.standards import Standard as CoreStandard
from ..evaluation.models import SpendingRecord
from ..goals.errors import GoalsError, StateError
from ..goals.models import Indicator, Plan, Project, Unit
from ..history.services import log_action
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
from .selectors import committed


class ReliefError(GoalsError):
    pass


def upload_rows(*, name: str, data: bytes, nothing: str = "记录") -> tuple[str, list[list[str]]]:
    """An uploaded table (.xlsx or .csv) as rows, with the file's own name; a broken file imports
    nothing and says so ("未导入任何{nothing}")."""
    name = PurePath(name or "").name or "上传的文件"
    try:
        return name, rows_of(data, name)
    except ReadError as exc:
        raise GoalsError(exc.code, f"{name}：{exc.message}，未导入任何{nothing}") from None


@transaction.atomic
def register_import(*, unit: Unit, rows: list[list], user) -> tuple[int, list[str]]:
    """Good rows in, bad rows listed with their reasons."""
    require_officer(user, unit.pk)
    known = set(Beneficiary.objects.filter(unit=unit).values_list("id_number", flat=True))
    good, bad = read_rows(rows, known)
    Beneficiary.objects.bulk_create([
        Beneficiary(unit=unit, id_number=p.id_number, name=p.name, phone=p.phone, employer=p.employer,
                    household_size=p.household_size, household_income=p.household_income, cause=p.cause,
                    degree=p.degree, status=p.status, status_since=timezone.localdate()) for _, p in good])
    log_action("register.imported", unit, user, {"rows": ["", str(len(good))]}, f"{len(bad)}行有误未导入")
    return len(good), [str(b) for b in bad]


@transaction.atomic
def beneficiary_move(*, beneficiary: Beneficiary, to: str, on: date, user) -> Beneficiary:
    require_officer(user, beneficiary.unit_id)
    person = CoreBeneficiary(beneficiary.id_number, beneficiary.name, status=beneficiary.status)
    try:
        move(person, to, on)
    except PersonError as exc:
        raise ReliefError("status", str(exc)) from None
    before = beneficiary.status
    beneficiary.status, beneficiary.status_since = to, on
    beneficiary.version += 1
    beneficiary.save(update_fields=["status", "status_since", "version"])
    log_action("beneficiary.moved", beneficiary, user, {"status": [before, to]}, on.isoformat())
    return beneficiary


@transaction.atomic
def beneficiary_update(*, beneficiary: Beneficiary, fields: dict, version: int, user) -> Beneficiary:
    """`fields`: phone, employer, cause and degree as the officer typed them; checked here, once."""
    require_officer(user, beneficiary.unit_id)
    try:
        fields = edit(fields)
    except PersonError as exc:
        raise ReliefError("person", str(exc)) from None
    before = {k: getattr(beneficiary, k) for k in fields}
    if not Beneficiary.objects.filter(pk=beneficiary.pk, version=version).update(version=version + 1, **fields):
        raise ReliefError("stale", f"{beneficiary.name}的档案已被他人修改，请刷新后重试")
    beneficiary.refresh_from_db()
    hide = {"id_number": mask_id, "phone": mask_phone}
    changes = {k: [hide.get(k, str)(str(before[k])), hide.get(k, str)(str(v))] for k, v in fields.items()
               if str(before[k]) != str(v)}
    log_action("beneficiary.changed", beneficiary, user, changes)
    return beneficiary


def _standards(unit_id: int, year: int) -> list[CoreStandard]:
    return [CoreStandard(s.kind, s.amount, s.degree, s.cause) for s in Standard.objects.filter(unit_id=unit_id, year=year)]


def _core_round(r: Round) -> core_rounds.Round:
    return core_rounds.Round(r.name, r.project.code, r.kind, r.start, r.end, tuple(r.degrees), r.state)


@transaction.atomic
def round_create(*, project: Project, name: str, kind: str, start: date, end: date, degrees: list[str], user) -> Round:
    plan = project.plan
    require_officer(user, plan.unit_id)
    if plan.state not in (Plan.APPROVED, Plan.PUBLISHED):
        raise ReliefError("not_approved", "项目的绩效目标批复后才能安排发放")
    if not (start <= end and start.year == end.year == plan.year):
        raise ReliefError("dates", f"发放日期应在{plan.year}年内，且开始不晚于截止")
    r = Round.objects.create(project=project, name=name, kind=kind, start=start, end=end, degrees=degrees)
    log_action("round.created", r, user)
    return r


def round_draw(r: Round):
    """The list the round would freeze now, and who is left out and why."""
    already = set(RoundEntry.objects.filter(round=r).values_list("id_number", flat=True))
    people = [CoreBeneficiary(b.id_number, b.name, b.phone, b.employer, b.household_size, b.household_income,
                              b.cause, b.degree, b.status)
              for b in Beneficiary.objects.filter(unit_id=r.project.plan.unit_id)]
    return core_rounds.draw(_core_round(r), people, _standards(r.project.plan.unit_id, r.project.plan.year), already)


@transaction.atomic
def round_approve(*, round_: Round, user) -> int:
    """Freeze the list and amounts; refused when it would pass the project's remaining budget."""
    require_officer(user, round_.project.plan.unit_id)
    r = Round.objects.select_for_update().get(pk=round_.pk)
    if r.state != Round.DRAFT:
        raise StateError("round", f"“{r.name}”已审批，名单已冻结")
    entries, _ = round_draw(r)
    remaining = r.project.total - committed(r.project, leave_out=r)
    try:
        core_rounds.approve(_core_round(r), entries, remaining)
    except core_rounds.RoundError as exc:
        raise ReliefError("round", str(exc)) from None
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
        raise ReliefError("round", f"“{round_.name}”名单尚未审批，不能发放")
    entry = RoundEntry.objects.filter(round=round_, id_number=id_number).first()
    core_entry = core_rounds.Entry(entry.id_number, entry.name, entry.amount) if entry else None
    # One outside the round's dates is kept (it counts as not compliant); the others are refused.
    problems = [p.message for p in core_rounds.payment_problems(core_rounds.Payment(id_number, amount, on),
                                                                _core_round(round_), core_entry)
                if p.code != core_rounds.OUTSIDE_DATES]
    if on.year != round_.project.plan.year:
        problems.append(f"发放日期{on:%Y-%m-%d}不在预算年度内")
    if problems:
        raise ReliefError("payment", f"{mask_id(id_number)}：" + "；".join(problems))
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
    row is named and nothing is recorded."""
    header = [str(h).strip() for h in rows[0]] if rows else []
    for column in ("身份证号", "金额", "日期"):
        if column not in header:
            raise GoalsError("header", f"{name}：第1行缺少“{column}”列")
    at = {column: header.index(column) for column in header}
    count = 0
    for n, row in enumerate(rows[1:], 2):
        if not any(str(c).strip() for c in row):
            continue
        try:
            amount = Decimal(str(row[at["金额"]]).replace(",", ""))
            on = parse_date(str(row[at["日期"]]))
        except (InvalidOperation, ValueError, IndexError):
            raise GoalsError("row", f"{name}：第{n}行的金额或日期无法识别，未导入任何记录") from None
        state = str(row[at["状态"]]).strip() if "状态" in at and at["状态"] < len(row) else ""
        try:
            payment_record(round_=round_, id_number=str(row[at["身份证号"]]).strip(), amount=amount, on=on,
                           status=PAYMENT_STATES.get(state, Payment.PAID), user=user)
        except GoalsError as exc:
            raise GoalsError(exc.code, f"{name}：第{n}行：{exc.message}，未导入任何记录") from None
        count += 1
    return count


@transaction.atomic
def check_record(*, worker: ModelWorker, project: Project | None, year: int, state: str, on: date | None,
                 institution: str, cost: Decimal, reason: str, user) -> HealthCheck:
    require_officer(user, worker.unit_id)
    if state != "已检" and not reason.strip():
        raise ReliefError("reason", f"{worker.name}{state}，请写明原因")
    check, _ = HealthCheck.objects.update_or_create(worker=worker, year=year, defaults={
        "project": project, "state": state, "date": on, "institution": institution, "cost": cost, "reason": reason})
    if state == "已检" and cost and project is not None and check.spending is None:
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
        raise ReliefError("metric", f"没有取数口径“{metric}”")
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
        raise ReliefError("standard", "请填写救助类别和大于0的标准金额")
    standard, _ = Standard.objects.update_or_create(unit=unit, year=year, kind=kind.strip(), degree=degree,
                                                    cause=cause, defaults={"amount": amount})
    log_action("standard.set", unit, user, {"standard": ["", f"{year}年{kind}{degree}{cause}：{amount}元"]})
    return standard


@transaction.atomic
def survey_create(*, project: Project, name: str, questions: list[str], user, round_: Round | None = None) -> Survey:
    require_officer(user, project.plan.unit_id)
    if round_ is not None and round_.project_id != project.pk:
        raise ReliefError("round", f"“{round_.name}”不是项目“{project.name}”的发放轮次")
    questions = [q.strip() for q in questions if q.strip()]
    if not name.strip() or not questions:
        raise ReliefError("survey", "请填写问卷名称和至少一个问题")
    survey = Survey.objects.create(project=project, round=round_, name=name.strip(), questions=questions)
    log_action("survey.created", survey, user, {"questions": ["", str(len(questions))]})
    return survey


@transaction.atomic
def survey_import(*, survey: Survey, rows: list[list], name: str, user) -> int:
    """Answers, one response a row and one question a column, scored 1–5 (blank allowed);
    a bad cell refuses the whole file."""
    require_officer(user, survey.project.plan.unit_id)
    responses = []
    for n, row in enumerate(rows[1:], 2):
        cells = [str(c).strip() for c in row[:len(survey.questions)]]
        if not any(cells):
            continue
        answers = []
        for k, cell in enumerate(cells):
            if cell and cell not in ("1", "2", "3", "4", "5"):
                raise ReliefError("answer", f"{name}：第{n}行第{k + 1}列“{cell}”不是1～5分，未导入任何回答")
            answers.append(int(cell) if cell else None)
        responses.append(SurveyResponse(survey=survey, answers=answers))
    SurveyResponse.objects.bulk_create(responses)
    log_action("survey.answered", survey, user, {"responses": ["", str(len(responses))]}, name)
    return len(responses)


@transaction.atomic
def workers_import(*, unit: Unit, rows: list[list], user) -> tuple[int, list[str]]:
    """Model workers: 姓名, 身份证号, 级别, 授予年份; bad rows listed, duplicates refused."""
    from ...relief.checks import LEVELS
    from ...relief.persons import id_number as valid_id

    require_officer(user, unit.pk)
    header = [str(h).strip() for h in rows[0]] if rows else []
    missing = [c for c in ("姓名", "身份证号", "级别", "授予年份") if c not in header]
    if missing:
        return 0, [f"第1行“表头”：缺少“{'”“'.join(missing)}”列"]
    col = {c: header.index(c) for c in ("姓名", "身份证号", "级别", "授予年份")}
    known = set(ModelWorker.objects.filter(unit=unit).values_list("id_number", flat=True))
    good, bad = [], []
    for n, row in enumerate(rows[1:], 2):
        get = lambda c, row=row: str(row[col[c]]).strip() if col[c] < len(row) else ""
        if not any(str(c).strip() for c in row):
            continue
        try:
            number = valid_id(get("身份证号"))
        except PersonError as exc:
            bad.append(f"第{n}行“身份证号”：{exc}")
            continue
        if get("级别") not in LEVELS:
            bad.append(f"第{n}行“级别”：“{get('级别')}”不是{'、'.join(LEVELS)}之一")
        elif not get("授予年份").isdigit():
            bad.append(f"第{n}行“授予年份”：“{get('授予年份')}”不是年份")
        elif number in known:
            bad.append(f"第{n}行“身份证号”：{mask_id(number)}已在劳模名册中")
        else:
            known.add(number)
            good.append(ModelWorker(unit=unit, id_number=number, name=get("姓名"), level=get("级别"),
                                    year_honoured=int(get("授予年份"))))
    ModelWorker.objects.bulk_create(good)
    log_action("register.imported", unit, user, {"model_workers": ["", str(len(good))]}, f"{len(bad)}行有误未导入")
    return len(good), bad
