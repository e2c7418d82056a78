"""Writes of spending records and indicator values, with history."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import PurePath

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ...core.bounds import check_number
from ...core.corrections import correction_reason
from ...core.errors import CONFLICT
from ...core.evidence import file_problem
from ...evaluation import errors as e
from ...evaluation.errors import EvaluationError
from ...evaluation.quantities import Quantity, parse_actual, record_from_text
from ...evaluation.scoring import score_indicator
from ..goals.convert import indicator_core
from ..goals.models import Indicator, Plan, Project
from ..history.services import diff, log_action
from . import selectors
from .imports import ACTUAL_LIMIT, AMOUNT_LIMIT, KINDS, SPENDING, ImportCheck, records_check, spending_over
from .models import IndicatorValue, MonitoringReport, ProjectRemark, SpendingRecord
from .permissions import require_recorder

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


def _budget_room(overs: list[selectors.OverBudget], confirm: bool, reason: str) -> str:
    """Nothing when within budget; above it, a conflict (409) naming each project, its budget and the new
    total unless confirmed, and a reason required with the confirmation. Returns the reason."""
    if not overs:
        return ""
    if not confirm:
        message = "；".join(o.message for o in overs)
        raise EvaluationError("over_budget", message, kind=CONFLICT, fields={"confirm_over_budget": message})
    if not reason.strip():
        o = overs[0]
        message = e.OVER_BUDGET_REASON.format(project=o.project.name, total=selectors.yuan(o.total),
                                              budget=selectors.yuan(o.budget))
        raise EvaluationError("over_budget_reason", message, fields={"reason": message})
    return reason.strip()


def _in_year(project: Project, date) -> None:
    if date.year != project.plan.year:
        raise EvaluationError("date", e.DATE_OUTSIDE_YEAR.format(date=date, year=project.plan.year),
                              fields={"date": e.DATE_OUTSIDE_YEAR.format(date=date, year=project.plan.year)})


def spending_check(*, project: Project, date, amount) -> None:
    """What `spending_create` and `spending_correct` refuse whatever the budget (a date outside the budget
    year, an amount out of range): a page checks it before it asks to confirm an amount above the budget."""
    _in_year(project, date)
    _sane_amount(amount)


@transaction.atomic
def spending_create(*, project: Project, date, amount, note: str, user, confirm_over_budget: bool = False,
                    reason: str = "") -> SpendingRecord:
    """A spending record; one that takes the project above its budget needs `confirm_over_budget` and a reason."""
    require_recorder(user, project.plan)
    _in_year(project, date)
    _sane_amount(amount)
    project = Project.objects.select_for_update().get(pk=project.pk)
    over = selectors.over_budget(project, selectors.spending_total(project) + amount)
    why = _budget_room([over] if over else [], confirm_over_budget, reason)
    record = SpendingRecord.objects.create(project=project, date=date, amount=amount, note=note, created_by=user,
                                           over_budget_reason=why)
    changes = {"amount": ["", str(amount)], "date": ["", date.isoformat()]}
    log_action("spending.created", project, user, changes | ({"over_budget_reason": ["", why]} if why else {}), note)
    return record


def _editable(record: SpendingRecord, user, reason: str, missing: str) -> str:
    """A record a person entered, by one who may record, with the reason for the change."""
    require_recorder(user, record.project.plan)
    posted = selectors.spending_posted_by(record)
    if posted:
        raise EvaluationError("posted_by_programme", e.POSTED_BY_PROGRAMME.format(what=posted), kind=CONFLICT)
    if not reason.strip():
        raise EvaluationError("reason", missing, fields={"reason": missing})
    return reason.strip()


@transaction.atomic
def spending_correct(*, record: SpendingRecord, date, amount, note: str, reason: str, user,
                     confirm_over_budget: bool = False, version: int | None = None) -> SpendingRecord:
    """Correct a spending record a person entered, with the reason; a correction that raises the project's
    spending above its budget needs `confirm_over_budget` (the reason serves for both). `version` is the
    record's as the form showed it: one corrected by someone else since is refused (409)."""
    why = _editable(record, user, reason, e.CORRECTION_REASON)
    _in_year(record.project, date)
    _sane_amount(amount)
    project = Project.objects.select_for_update().get(pk=record.project_id)
    record = SpendingRecord.objects.select_for_update().get(pk=record.pk)
    if version is not None and record.version != version:
        what = f"{record.date:%Y-%m-%d}{record.amount}元的支出记录"
        raise EvaluationError(e.STALE, e.STALE_MESSAGE.format(what=what), kind=CONFLICT)
    over = selectors.over_budget(project, selectors.spending_total(project, excluding=record.pk) + amount)
    raises = amount > record.amount
    over_reason = _budget_room([over] if over and raises else [], confirm_over_budget, why)
    before = {"date": record.date, "amount": record.amount, "note": record.note}
    record.date, record.amount, record.note, record.version = date, amount, note, record.version + 1
    fields = ["date", "amount", "note", "version"]
    if over_reason:
        before["over_budget_reason"] = record.over_budget_reason
        record.over_budget_reason = over_reason
        fields.append("over_budget_reason")
    record.full_clean()
    record.save(update_fields=fields)
    log_action("spending.corrected", project, user, diff(before, {k: getattr(record, k) for k in before}), why)
    return record


@transaction.atomic
def spending_delete(*, record: SpendingRecord, reason: str, user, version: int | None = None) -> None:
    """Delete a spending record a person entered, with the reason; the history keeps what it was.
    `version` is the record's as the page showed it: one corrected by someone else since is kept (409)."""
    why = _editable(record, user, reason, e.DELETION_REASON)
    record = SpendingRecord.objects.select_for_update().get(pk=record.pk)
    if version is not None and record.version != version:
        what = f"{record.date:%Y-%m-%d}{record.amount}元的支出记录"
        raise EvaluationError(e.STALE, e.STALE_MESSAGE.format(what=what), kind=CONFLICT)
    was = {"date": record.date.isoformat(), "amount": str(record.amount), "note": record.note}
    log_action("spending.deleted", record.project, user, {k: [v, ""] for k, v in was.items()}, why)
    record.delete()


def _claim(row, version: int | None, what: str):
    """Take `row` for this save: its version raised by one in a conditional UPDATE, which holds the row until
    the transaction ends; refused (409) when the form was shown at another version, someone else having saved
    since. Without a version (an API client that sends none) the last save wins. Returns the row as it is now."""
    match = type(row).objects.filter(pk=row.pk)
    if version is not None:
        match = match.filter(version=version)
    if not match.update(version=F("version") + 1):
        raise EvaluationError(e.STALE, e.STALE_MESSAGE.format(what=what), kind=CONFLICT)
    row.refresh_from_db()
    return row


def value_name(indicator: Indicator) -> str:
    return f"指标“{indicator.name}”的完成值"


@transaction.atomic
def value_save(*, indicator: Indicator, fields: dict, user, version: int | None = None) -> IndicatorValue:
    """The indicator's typed 完成值 (and share, reason, measure, evidence as given); `version` is the one the
    form was shown (0 before any value), a stale one refused (409)."""
    require_recorder(user, indicator.project.plan)
    if fields.get("share") is not None:  # NaN or 1e10 never reaches the column (SQLite would keep it)
        check_number(Decimal(fields["share"]), "得分比例", key="share", max_digits=5, decimal_places=2, lo=0, hi=100)
    if "evidence" in fields and (fields["evidence"].size or 0) > EVIDENCE_LIMIT:
        raise EvaluationError("evidence", e.EVIDENCE_TOO_LARGE)
    if "evidence" in fields and (problem := file_problem(fields["evidence"])):  # empty, or not a kind of evidence
        raise EvaluationError("evidence", problem, fields={"evidence": problem})
    typed = {}
    if "actual" in fields:  # parsed here, once; refused before anything is saved when it cannot be scored
        record = record_from_text(selectors.project_key(indicator.project), indicator.name, fields["actual"], fields.get("share"))
        if record.actual is not None:
            _sane_actual(record.actual)
            score_indicator(indicator_core(indicator), record, Decimal(1), indicator.project.plan.rules["self_evaluation"])
        typed = {k: v for k, v in _typed(record.actual).items() if not k.startswith("forecast")}
        typed |= {"source": IndicatorValue.TYPED, "source_file": ""}
    value, _ = IndicatorValue.objects.get_or_create(indicator=indicator)
    value = _claim(value, version, value_name(indicator))
    before = {k: getattr(value, k) for k in fields}
    for k, v in (fields | typed).items():
        setattr(value, k, v)
    value.save(update_fields=list(fields) + list(typed))
    changes = diff({k: v for k, v in before.items() if k != "evidence"},
                   {k: v for k, v in fields.items() if k != "evidence"})
    if changes or "evidence" not in fields:  # a file alone is said by its own entry
        log_action("value.saved", indicator, user, changes)
    if "evidence" in fields:
        was = before["evidence"].name if before["evidence"] else ""
        log_action("evidence.uploaded", indicator, user, {"evidence": [was, value.evidence.name]})
    return value


@transaction.atomic
def remark_save(*, project: Project, reason: str, measure: str, user) -> ProjectRemark:
    require_recorder(user, project.plan)
    was = ProjectRemark.objects.filter(project=project).first()
    before = {"reason": was.reason, "measure": was.measure} if was is not None else {}
    remark, _ = ProjectRemark.objects.update_or_create(project=project, defaults={"reason": reason, "measure": measure})
    log_action("value.saved", project, user, diff(before, {"reason": reason, "measure": measure}))
    return remark


def records_import(*, plan: Plan, kind: str, data: bytes, name: str, user, only_good: bool = False,
                   confirm_over_budget: bool = False, reason: str = "") -> ImportCheck:
    """Import spending or actuals from CSV or .xlsx. The whole file is checked first; when any row is
    bad, nothing is written unless `only_good` confirms importing only the good rows (the error lists
    every bad row: its number, field and reason). Spending that takes a project above its budget needs
    `confirm_over_budget` and a reason. Returns the check: what was imported and what was left out.
    The file is read and checked before the write begins (on SQLite a write holds the whole database,
    and every other writer would wait for the reading); the rows are written in one transaction, which
    checks the budgets again under the projects' locks."""
    require_recorder(user, plan)
    name = PurePath(name).name or "上传的文件"
    check = records_check(plan=plan, kind=kind, data=data, name=name)
    listed = "；".join(str(b) for b in check.bad)
    if not check.good:
        raise EvaluationError("no_good_rows", e.NO_GOOD_ROWS.format(name=name, rows=listed or "没有记录"),
                              fields=check.bad_fields())
    if check.bad and not only_good:
        raise EvaluationError("bad_rows", e.BAD_ROWS.format(name=name, bad=check.bad_rows, rows=listed,
                                                            good=len(check.good)), fields=check.bad_fields())
    return _records_write(plan=plan, kind=kind, check=check, name=name, user=user,
                          confirm_over_budget=confirm_over_budget, reason=reason)


@transaction.atomic
def _records_write(*, plan: Plan, kind: str, check: ImportCheck, name: str, user, confirm_over_budget: bool,
                   reason: str) -> ImportCheck:
    """The good rows of a checked file written, with their history; spending above a budget, counted now
    under the projects' locks, needs the confirmation and a reason."""
    require_recorder(user, plan)
    list(Project.objects.select_for_update().filter(plan=plan).order_by("pk"))
    if kind == SPENDING:
        check.over = spending_over(plan, [r for _, r in check.good])
    why = _budget_room(check.over, confirm_over_budget, reason)
    projects = {selectors.project_key(p): p for p in plan.projects.all()}  # a record names its project by key
    rows = [r for _, r in check.good]
    if kind == SPENDING:
        over = {selectors.project_key(o.project) for o in check.over}
        SpendingRecord.objects.bulk_create([SpendingRecord(
            project=projects[r.project], date=r.date, amount=r.amount, note=r.note, created_by=user,
            over_budget_reason=why if r.project in over else "") for r in rows])
        _spending_imported(projects, rows, name, user)
    else:
        indicators = {(selectors.project_key(i.project), i.name): i for i in
                      Indicator.objects.filter(project__plan=plan).select_related("project")}
        values = {v.indicator_id: v for v in IndicatorValue.objects.filter(indicator__project__plan=plan)}
        remarks = {m.project_id: m for m in ProjectRemark.objects.filter(project__plan=plan)}
        for r in rows:
            if r.indicator:
                indicator = indicators[(r.project, r.indicator)]
                after = {"actual": r.text, "share": r.share, "reason": r.reason, "measure": r.measure,
                         "forecast": r.forecast.raw if r.forecast else ""}
                IndicatorValue.objects.update_or_create(indicator=indicator, defaults={
                    **after, **_typed(r.actual, r.forecast), "source": IndicatorValue.IMPORTED, "source_file": r.place})
                _imported(indicator, values.get(indicator.pk), after, r.place, user)
            else:
                ProjectRemark.objects.update_or_create(project=projects[r.project],
                                                       defaults={"reason": r.reason, "measure": r.measure})
                _imported(projects[r.project], remarks.get(projects[r.project].pk),
                          {"reason": r.reason, "measure": r.measure}, r.place, user)
        # An open form of a value or remark the file changed is stale now (409 when saved).
        IndicatorValue.objects.filter(indicator_id__in=[indicators[(r.project, r.indicator)].pk for r in rows
                                                        if r.indicator]).update(version=F("version") + 1)
        ProjectRemark.objects.filter(project_id__in=[projects[r.project].pk for r in rows if not r.indicator]
                                     ).update(version=F("version") + 1)
    changes = {"rows": ["", str(len(rows))]} | ({"skipped": ["", str(check.bad_rows)]} if check.bad else {})
    log_action("records.imported", plan, user, changes,
               f"{name}（{KINDS.get(kind, kind)}）" + (f"；超出预算的原因：{why}" if why else ""))
    return check


def _imported(subject, row, after: dict, place: str, user) -> None:
    """An imported value or remark in its indicator's (or project's) history: each field it changed,
    before → after, and the file and row it came from. A row that changes nothing leaves no entry."""
    changes = diff({k: getattr(row, k) for k in after} if row is not None else {}, after)
    if changes:
        log_action("value.imported", subject, user, changes, place)


def _spending_imported(projects: dict, rows: list, name: str, user) -> None:
    """Imported spending in each project's history: how many records, their sum, the file."""
    by_project: dict[str, list] = {}
    for r in rows:
        by_project.setdefault(r.project, []).append(r)
    for key, mine in by_project.items():
        log_action("spending.imported", projects[key], user,
                   {"rows": ["", str(len(mine))], "amount": ["", str(sum(r.amount for r in mine))]}, name)


REASON_LIMIT = 2000


def reason_text(kind: str, reason: str) -> str:
    """The 偏差原因 as kept: its kind (经费, 制度, 人员 or 硬件) named in front as “经费保障：…”,
    unless the text already names one; a kind outside the four is refused."""
    from ...evaluation.monitoring import REASON_KINDS

    kind, reason = kind.strip().removesuffix("保障"), reason.strip()
    if kind and kind not in REASON_KINDS:
        raise EvaluationError("reason_kind", e.REASON_KIND.format(kind=kind), "原因类别")
    if not kind or any(k in reason for k in REASON_KINDS):
        return reason
    return f"{kind}保障：{reason}"


def _reason_fields(kind: str, reason: str, measure: str) -> tuple[str, str]:
    text, measure = reason_text(kind, reason), measure.strip()
    for field, value in (("偏差原因", text), ("纠偏措施", measure)):
        if len(value) > REASON_LIMIT:
            raise EvaluationError("reason", e.REASON_TOO_LONG.format(field=field), field)
    return text, measure


@transaction.atomic
def indicator_reason_save(*, indicator: Indicator, kind: str = "", reason: str, measure: str, user,
                          version: int | None = None) -> IndicatorValue:
    """An indicator's 偏差原因 and 纠偏措施, for any indicator (one computed from records too): its
    完成值 is not touched. A stale `version` is refused (409)."""
    require_recorder(user, indicator.project.plan)
    value, _ = IndicatorValue.objects.get_or_create(indicator=indicator)
    value = _claim(value, version, f"指标“{indicator.name}”的偏差原因")
    return _reason_set(value, indicator, kind, reason, measure, user)


@transaction.atomic
def project_reason_save(*, project: Project, kind: str = "", reason: str, measure: str, user,
                        version: int | None = None) -> ProjectRemark:
    """A project's 偏差原因 and 纠偏措施 for its money. A stale `version` is refused (409)."""
    require_recorder(user, project.plan)
    remark, _ = ProjectRemark.objects.get_or_create(project=project)
    remark = _claim(remark, version, f"项目“{project.name}”的偏差原因")
    return _reason_set(remark, project, kind, reason, measure, user)


def _reason_set(row, subject, kind: str, reason: str, measure: str, user):
    """Write a row's 偏差原因 and 纠偏措施 and the subject's history (a project's or an indicator's)."""
    text, measure = _reason_fields(kind, reason, measure)
    before = {"reason": row.reason, "measure": row.measure}
    row.reason, row.measure = text, measure
    row.save(update_fields=["reason", "measure"])
    log_action("reason.saved", subject, user, diff(before, {"reason": text, "measure": measure}))
    return row


def monitoring_report_save(*, plan: Plan, as_of, note: str = "", user) -> MonitoringReport:
    """The monitoring table at `as_of` saved as a 监控报告: its rows as they are now (actuals,
    forecasts with their units, colours, reasons and measures), who and when. It stays as saved.
    The table is computed before the write begins (on SQLite a write holds the whole database, and
    every other writer waits for it); the report and its history are written in one transaction."""
    from ...formats.evaluation_json import monitor_json

    require_recorder(user, plan)
    when, rows = selectors.monitoring(plan, as_of)
    table = monitor_json(when, rows, "CZ-2020-10", sources=True)
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)  # two saves at once: the second sees the first
        same = MonitoringReport.objects.filter(plan=plan, as_of=when, note=note.strip()[:200]).order_by("-pk").first()
        if same is not None and same.rows == json.loads(json.dumps(table, cls=DjangoJSONEncoder)):
            raise EvaluationError(e.REPORT_SAVED, e.REPORT_SAVED_MESSAGE.format(
                as_of=when, when=timezone.localtime(same.created_at), id=same.pk), kind=CONFLICT)
        report = MonitoringReport.objects.create(plan=plan, as_of=when, note=note.strip()[:200], created_by=user,
                                                 rows=table)
        log_action("monitoring_report.saved", plan, user, {"as_of": ["", when.isoformat()]}, note.strip()[:200])
    return report


# ---------------------------------------------------------------- published self-evaluations (issue 11 §3)

PUBLISHERS_NOTE = "你不属于该单位，不能公开或更正它的自评结果"


def require_publisher(user, plan: Plan) -> None:
    """The unit's 单位审核 (or 管理员) publishes its self-evaluation, as it publishes its goals; only once
    the goals are approved."""
    from ..accounts.roles import ADMIN, APPROVER, require_role_in

    require_role_in(user, plan.unit_id, APPROVER, ADMIN, outsider=PUBLISHERS_NOTE)
    if plan.state not in (Plan.APPROVED, Plan.PUBLISHED):
        raise EvaluationError("not_approved", e.PUBLISH_STATE.format(plan=plan, state=plan.get_state_display()),
                              kind=CONFLICT)


def may_publish(user, plan: Plan) -> bool:
    """Whether the page offers 公开自评结果 and 更正 to this user."""
    from ..accounts.roles import ADMIN, APPROVER, has_role_in

    return plan.state in (Plan.APPROVED, Plan.PUBLISHED) and has_role_in(user, plan.unit_id, APPROVER, ADMIN)


def _snapshot_create(plan: Plan, user, reason: str, seen: str | None, action: str):
    """A snapshot of the results as they stand now; refused (409) when they are not the ones the page showed
    (`seen`, from `selectors.results_seen`): another's value, or a publication or correction made since."""
    from .models import PublishedEvaluation

    rows = selectors.self_evaluation_snapshot(plan)  # an error when the records cannot be scored: nothing kept
    if seen is not None and seen != selectors.results_seen(selectors.published_evaluation(plan), rows):
        raise EvaluationError(e.RESULTS_CHANGED, e.RESULTS_CHANGED_MESSAGE.format(action=action), kind=CONFLICT)
    return PublishedEvaluation.objects.create(plan=plan, rows=rows, ruleset=rows["ruleset"], reason=reason,
                                              created_by=user)


def _totals(rows: dict) -> str:
    return "；".join(f"{p['name']}{p['total']}分（{p['grade']}）" for p in rows["projects"])


@transaction.atomic
def self_evaluation_publish(*, plan: Plan, user, seen: str | None = None):
    """Publish the unit's self-evaluation (公开自评结果): its results as they stand now are kept as a
    snapshot, which the public page and the official tables read from then on. Once only: later changes
    reach the public by `self_evaluation_correct`."""
    require_publisher(user, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    published = selectors.published_evaluation(plan)
    if published is not None:
        raise EvaluationError("already_published", e.ALREADY_PUBLISHED.format(plan=plan, when=published.created_at),
                              kind=CONFLICT)
    snapshot = _snapshot_create(plan, user, "", seen, "公开")
    log_action("self_evaluation.published", plan, user, {"self_evaluation": ["", _totals(snapshot.rows)]})
    return snapshot


@transaction.atomic
def self_evaluation_correct(*, plan: Plan, reason: str, user, seen: str | None = None):
    """Correct the published self-evaluation (更正): a new snapshot of the results as they stand now, with
    the reason, in the history beside what was published before. The earlier snapshots are kept."""
    require_publisher(user, plan)
    reason = correction_reason(reason, e.CORRECTION_NEEDS_REASON, EvaluationError)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    published = selectors.published_evaluation(plan)
    if published is None:
        raise EvaluationError("not_published", e.NOT_PUBLISHED.format(plan=plan), kind=CONFLICT)
    snapshot = _snapshot_create(plan, user, reason, seen, "更正")
    log_action("self_evaluation.corrected", plan, user,
               {"self_evaluation": [_totals(published.rows), _totals(snapshot.rows)]}, reason)
    return snapshot
