"""Monitoring and self-evaluation pages, record entry and import, tables and charts."""

from __future__ import annotations

import base64
import secrets
from datetime import date, timedelta
from decimal import Decimal
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...core.document import project_key
from ...core.errors import CONFLICT
from ...core.formulas import execution_rate
from ...evaluation import errors as e
from ...evaluation.errors import EvaluationError
from ...formats.records_csv import parse_date
from ..downloads import evidence_file, table_file
from ..goals import selectors as goal_selectors
from ..goals.convert import plan_document
from ..goals.forms import checked
from ..goals.models import Plan
from ..history.selectors import cached, generation
from ..rectification.findings import monitoring_rectification, self_evaluation_rectification
from ..rectification.permissions import may_list
from ..redirects import redirect_next
from ..uploads import upload_or_carried
from . import monitoring_views, second_monitoring, second_monitoring_views, selectors, services
from .forms import ImportConfirmForm, SpendingCorrectForm, SpendingDeleteForm, SpendingForm, ValueForm
from .imports import KINDS, SPENDING, records_check
from .permissions import may_record, require_recorder

MONTHS = range(1, 13)


def _as_of(request, plan: Plan) -> date | None:
    text = request.GET.get("as_of", "").strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise EvaluationError("as_of", e.AS_OF_UNREADABLE.format(text=text, year=plan.year)) from None


CSRF_MARK = "csrf-token-of-the-request"  # in a cached page body: each request puts its own form token there


@login_required
@require_GET
def monitoring(request, plan_id: int):
    """The monitoring page. Its body is computed and rendered once for a plan, a date, the records as they are
    (`generation`: any change writes the history) and what the user may do there, and kept in the cache
    (`cached`): fifty readers of a plan between two changes cost one computation per server process, not
    fifty. Each answer carries its own form token."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id, projects=False)
    as_of, user = _as_of(request, plan), request.user
    may = (may_record(user, plan), may_list(user, plan.unit_id), second_monitoring.may_open(user))
    key = f"monitoring:{plan.pk}:{as_of}:{timezone.localdate()}:{generation()}:" + "".join(str(int(m)) for m in may)
    content = cached(key, lambda: _monitoring_body(user, goal_selectors.plan_projects(plan), as_of, may[0]))
    return render(request, "evaluation/monitoring.html", {
        "plan": plan, "content": mark_safe(content.replace(CSRF_MARK, get_token(request)))})


def _monitoring_body(user, plan: Plan, as_of: date | None, can_record: bool) -> str:
    document, spending = plan_document(plan), selectors.spending_records(plan)
    when, rows = selectors.monitoring(plan, as_of, document, spending)
    reasons, rectify = (monitoring_views.page_context(plan, can_record),
                        monitoring_rectification(user=user, plan=plan, rows=rows, as_of=when))
    return render_to_string("evaluation/_monitoring.html", {
        "plan": plan, "as_of": when, "rows": rows, "charts": _execution_chart(plan, document, rows, when, spending),
        "indicator_tables": _indicator_tables(rows, rectify["rectify"]["indicators"], reasons.get("indicator_rows", {})),
        "can_record": can_record, "spending_form": SpendingForm(initial={"date": when}),
        "projects": plan.projects.all(), **reasons, **rectify, "csrf_token": CSRF_MARK,
        **second_monitoring_views.page_context(user, plan, when, rows)})


def _indicator_tables(rows, buttons: dict, records: dict) -> list[tuple]:
    """Each project's row with its indicators as dicts, each with its 列为整改事项 button and, for a user who
    records, its database row: a template finds a name in a dict at once, on an object only after looking it
    up as a key has failed (an exception per cell, 200 rows of a dozen cells: a third of the page's time)."""
    return [(r, [{**vars(i), "forecast_text": i.forecast_text, "button": buttons.get(r.key, {}).get(i.name),
                  "record": records.get(r.key, {}).get(i.name)} for i in r.indicators]) for r in rows]


def _execution_chart(plan: Plan, document, rows, when: date, records: list) -> dict:
    """Cumulative % spent and % planned at each month's end, per project."""
    by_project: dict = {}
    spending: dict[str, list[tuple[date, Decimal]]] = {}
    for record in records:
        spending.setdefault(record.project, []).append((record.date, record.amount))
    projects = {project_key(p): p for p in document.projects}  # by key: code, or name without one
    ends = [date(plan.year, m + 1, 1) - timedelta(days=1) if m < 12 else date(plan.year, 12, 31) for m in MONTHS]
    for row in rows:
        core = projects[row.key]
        own = spending.get(row.key, [])
        spent = [sum((a for d, a in own if d <= end), Decimal(0)) for end in ends]
        label = row.name if row.name not in by_project else f"{row.name}（{row.key}）"  # a coded namesake apart
        by_project[label] = {
            "planned": [float(round(core.spending_plan.planned_rate(end), 2)) for end in ends],
            "spent": [float(round(execution_rate(s, row.budget), 2)) if end <= max(when, ends[0]) else None
                      for s, end in zip(spent, ends)]}
    return {"months": [f"{m}月" for m in MONTHS], "projects": by_project}


@login_required
@require_GET
def self_evaluation(request, plan_id: int):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    results = selectors.scores(plan)
    indicators = selectors.indicators_by_project(plan)
    chart = {"projects": [r.name for r in results], "totals": [float(round(r.total, 2)) for r in results],
             "levels": _level_scores(results)}
    return render(request, "evaluation/self_evaluation.html", {
        "plan": plan, "results": results, "chart": chart, "indicators": indicators,
        "consistency": selectors.consistency(plan, results),
        "can_record": may_record(request.user, plan), **_publication(request.user, plan),
        **self_evaluation_rectification(user=request.user, plan=plan, results=results)})


def _publication(user, plan: Plan) -> dict:
    """The self-evaluation page's part on publication: the snapshot in force, how the results differ
    from it now (与公开结果不一致), the earlier publications, and whether this user may publish or correct."""
    published = selectors.published_evaluation(plan)
    can_publish = services.may_publish(user, plan)
    return {"published": published, "publications": list(selectors.published_evaluation_list(plan)),
            "differences": selectors.published_differences(plan, published) if published is not None else [],
            "can_publish": can_publish, "seen": _results_seen(plan, published) if can_publish else ""}


def _results_seen(plan: Plan, published) -> str:
    """The results the page shows, as its publish and correct forms send them back; "" when they cannot be
    scored now (publishing then fails with its own message)."""
    try:
        return selectors.results_seen(published, selectors.self_evaluation_snapshot(plan))
    except EvaluationError:
        return ""


@login_required
@require_POST
def self_evaluation_publish(request, plan_id: int):
    """公开自评结果: the results as they stand now become the public ones."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    services.self_evaluation_publish(plan=plan, user=request.user, seen=request.POST.get("seen") or None)
    messages.success(request, "已公开自评结果；之后的变化须通过“更正”公开")
    return redirect("evaluation:self_evaluation", plan_id=plan.pk)


@login_required
@require_POST
def self_evaluation_correct(request, plan_id: int):
    """更正: the results as they stand now replace the published ones, with the reason."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    services.self_evaluation_correct(plan=plan, reason=request.POST.get("reason", "")[:2000], user=request.user,
                                     seen=request.POST.get("seen") or None)  # none sent: no check
    messages.success(request, "已更正公开的自评结果")
    return redirect("evaluation:self_evaluation", plan_id=plan.pk)


def _level_scores(results) -> dict:
    levels: dict[str, list[float]] = {}
    for k, r in enumerate(results):
        for s in r.indicators:
            levels.setdefault(s.level1, [0.0] * len(results))[k] += float(s.score)
    return {name: [round(v, 2) for v in values] for name, values in levels.items()}


def _confirm_token(request) -> str:
    """A one-time token for a confirm page: confirming it again (Back, then 确认录入) writes nothing."""
    token = secrets.token_urlsafe(16)
    request.session["confirm_tokens"] = [*request.session.get("confirm_tokens", [])[-19:], token]
    return token


def _confirm_token_state(request, token: str) -> str:
    """"issued" (its page is open), "used" (a record was saved with it) or "unknown" (too old, or not ours)."""
    if token in request.session.get("confirm_used", []):
        return "used"
    return "issued" if token in request.session.get("confirm_tokens", []) else "unknown"


def _confirm_token_spend(request, token: str) -> None:
    """After the record is saved, and only then: a failed save leaves the token for another try."""
    request.session["confirm_tokens"] = [t for t in request.session.get("confirm_tokens", []) if t != token]
    request.session["confirm_used"] = [*request.session.get("confirm_used", [])[-19:], token]


@login_required
@require_POST
def spending_add(request, plan_id: int):
    """A spending record; one that would take its project above the budget first asks for a confirmation
    and a reason (a confirm step that writes nothing). Everything else is checked before that page, and the
    page's token is spent only by a record saved with it."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    form = checked(SpendingForm(request.POST), EvaluationError, "spending")
    project = selectors.project_in(plan, form.cleaned_data["project"])
    data = form.cleaned_data
    require_recorder(request.user, plan)
    services.spending_check(project=project, date=data["date"], amount=data["amount"])
    over = selectors.over_budget(project, selectors.spending_total(project) + data["amount"])
    token = request.POST.get("confirm_token", "")
    state = _confirm_token_state(request, token) if over and token else ""
    if state == "used":  # its confirm page was confirmed before, and saved a record
        raise EvaluationError("confirmed_twice", e.CONFIRMED_TWICE, kind=CONFLICT)
    if over and (state != "issued" or not (data["confirm_over_budget"] and data["reason"].strip())):
        return render(request, "evaluation/spending_confirm.html", {
            "plan": plan, "project": project, "over": over, "form": form, "expired": state == "unknown",
            "reason_missing": data["confirm_over_budget"] and state != "unknown", "token": _confirm_token(request)})
    services.spending_create(project=project, user=request.user,
                             **{k: data[k] for k in ("date", "amount", "note", "confirm_over_budget", "reason")})
    if state:
        _confirm_token_spend(request, token)
    messages.success(request, "已录入支出")
    return redirect("evaluation:monitoring", plan_id=plan.pk)


@login_required
@require_GET
def spending_list(request, plan_id: int):
    """The plan's spending records, each with its correction and deletion when a person entered it."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    try:
        page = max(1, min(int(request.GET.get("page", "1")), 100000))
    except ValueError:
        page = 1
    records = selectors.spending_page(plan, page)
    return render(request, "evaluation/spending.html", {
        "plan": plan, "records": records, "page": page, "can_record": may_record(request.user, plan),
        "total": sum((r.amount for r in records), Decimal(0))})


@login_required
@require_http_methods(["GET", "POST"])
def spending_correct(request, plan_id: int, spending_id: int):
    """Correct a spending record (with a reason), or delete it (with a reason) from the same page."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    record = selectors.spending_in(plan, spending_id)
    over = None
    if request.method == "POST":
        form = SpendingCorrectForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            require_recorder(request.user, plan)
            services.spending_check(project=record.project, date=data["date"], amount=data["amount"])
            total = selectors.spending_total(record.project, excluding=record.pk) + data["amount"]
            over = selectors.over_budget(record.project, total) if data["amount"] > record.amount else None
            if over is None or data["confirm_over_budget"]:
                services.spending_correct(record=record, user=request.user, **data)
                messages.success(request, "已更正支出")
                return redirect("evaluation:spending_list", plan_id=plan.pk)
    else:
        form = SpendingCorrectForm(initial={"date": record.date, "amount": record.amount, "note": record.note,
                                            "version": record.version})
    return render(request, "evaluation/spending_correct.html", {
        "plan": plan, "record": record, "form": form, "over": over, "delete_form": SpendingDeleteForm(),
        "posted_by": selectors.spending_posted_by(record), "can_record": may_record(request.user, plan)},
        status=400 if form.errors else 200)


@login_required
@require_POST
def spending_delete(request, plan_id: int, spending_id: int):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    record = selectors.spending_in(plan, spending_id)
    form = SpendingDeleteForm(request.POST)
    valid = form.is_valid()
    services.spending_delete(record=record, reason=form.cleaned_data["reason"] if valid else "", user=request.user,
                             version=form.cleaned_data.get("version") if valid else None)
    messages.success(request, "已删除支出")
    return redirect("evaluation:spending_list", plan_id=plan.pk)


@login_required
@require_POST
def value_save(request, plan_id: int, indicator_id: int):
    indicator = selectors.indicator_in(user=request.user, plan_id=plan_id, indicator_id=indicator_id)
    form = checked(ValueForm(request.POST, request.FILES), EvaluationError, "value")
    fields = form.fields_to_save()
    services.value_save(indicator=indicator, user=request.user, fields=fields, version=form.cleaned_data["version"])
    if "actual" in fields and not str(fields["actual"] or "").strip():  # an emptied box is a clearing, said so
        messages.warning(request, f"已清除“{indicator.name}”的完成值，该指标现为无完成值（不得分）")
    else:
        messages.success(request, f"已保存“{indicator.name}”的完成值")
    return redirect_next(request, "evaluation:self_evaluation", plan_id=plan_id)


@login_required
@require_POST
def records_import(request, plan_id: int, kind: str):
    """Upload → the whole file checked → imported at once when every row is good and within budget;
    otherwise a report of every bad row (row, field, reason) and of the budgets exceeded, with
    只导入合格的行 / 取消, and nothing written until confirmed."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    if kind not in KINDS:
        raise EvaluationError("file", e.NO_FILE)
    data, name, confirm = upload_or_carried(request, ImportConfirmForm)
    require_recorder(request.user, plan)
    name = PurePath(name).name or "上传的文件"
    back = "evaluation:monitoring" if kind == SPENDING else "evaluation:self_evaluation"
    check = records_check(plan=plan, kind=kind, data=data, name=name)
    confirmed = confirm is not None and (confirm.cleaned_data["only_good"] or not check.bad)
    over_ok = not check.over or (confirm is not None and confirm.cleaned_data["confirm_over_budget"]
                                 and confirm.cleaned_data["reason"].strip())
    if check.good and (confirmed or not check.bad) and over_ok:
        reason = confirm.cleaned_data["reason"] if confirm is not None else ""
        services.records_import(plan=plan, kind=kind, data=data, name=name, user=request.user,
                                only_good=bool(check.bad), confirm_over_budget=bool(check.over), reason=reason)
        skipped = f"，跳过有误的{check.bad_rows}行" if check.bad else ""
        messages.success(request, f"已导入{len(check.good)}条记录{skipped}")
        return redirect(back, plan_id=plan.pk)
    form = ImportConfirmForm(initial={"content": base64.b64encode(data).decode("ascii"), "file_name": name,
                                      "only_good": True})
    return render(request, "evaluation/import_report.html", {
        "plan": plan, "kind": kind, "what": KINDS[kind], "check": check, "form": form, "back": back,
        "reason_missing": confirm is not None and bool(check.over)})


@login_required
@require_GET
def table_download(request, plan_id: int, table: str, fmt: str):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    return table_file(plan, table, fmt, _as_of(request, plan))


@login_required
@require_GET
def evidence(request, indicator_id: int):
    """An evidence file, to whoever may see the indicator's plan."""
    return evidence_file(goal_selectors.indicator_get(user=request.user, indicator_id=indicator_id))
