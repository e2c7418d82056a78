"""Monitoring and self-evaluation pages, record entry and import, tables and charts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ...core.formulas import execution_rate
from ...evaluation import errors as e
from ...evaluation.errors import EvaluationError
from ...formats.records_csv import parse_date
from ..downloads import evidence_file, table_file
from ..goals import selectors as goal_selectors
from ..goals.convert import plan_document
from ..goals.forms import errors_text
from ..goals.models import Plan
from . import selectors, services
from .forms import SpendingForm, ValueForm
from .permissions import may_record

MONTHS = range(1, 13)


def _as_of(request, plan: Plan) -> date | None:
    text = request.GET.get("as_of", "").strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise EvaluationError("as_of", e.AS_OF_UNREADABLE.format(text=text, year=plan.year)) from None


@login_required
@require_GET
def monitoring(request, plan_id: int):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    document = plan_document(plan)
    when, rows = selectors.monitoring(plan, _as_of(request, plan), document)
    return render(request, "evaluation/monitoring.html", {
        "plan": plan, "as_of": when, "rows": rows, "charts": _execution_chart(plan, document, rows, when),
        "can_record": may_record(request.user, plan), "spending_form": SpendingForm(initial={"date": when}),
        "projects": plan.projects.all()})


def _execution_chart(plan: Plan, document, rows, when: date) -> dict:
    """Cumulative % spent and % planned at each month's end, per project."""
    by_project = {}
    spending = selectors.spending_by_project(plan)
    projects = {p.code: p for p in document.projects}
    ends = [date(plan.year, m + 1, 1) - timedelta(days=1) if m < 12 else date(plan.year, 12, 31) for m in MONTHS]
    for row in rows:
        core = projects[row.code]
        own = spending.get(row.code, [])
        spent = [sum((a for d, a in own if d <= end), Decimal(0)) for end in ends]
        by_project[row.name] = {
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
        "can_record": may_record(request.user, plan)})


def _level_scores(results) -> dict:
    levels: dict[str, list[float]] = {}
    for k, r in enumerate(results):
        for s in r.indicators:
            levels.setdefault(s.level1, [0.0] * len(results))[k] += float(s.score)
    return {name: [round(v, 2) for v in values] for name, values in levels.items()}


@login_required
@require_POST
def spending_add(request, plan_id: int):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    form = SpendingForm(request.POST)
    if not form.is_valid():
        raise EvaluationError("spending", errors_text(form))
    project = selectors.project_in(plan, form.cleaned_data["project"])
    services.spending_create(project=project, user=request.user,
                             **{k: form.cleaned_data[k] for k in ("date", "amount", "note")})
    messages.success(request, "已录入支出")
    return redirect("evaluation:monitoring", plan_id=plan.pk)


@login_required
@require_POST
def value_save(request, plan_id: int, indicator_id: int):
    indicator = selectors.indicator_in(user=request.user, plan_id=plan_id, indicator_id=indicator_id)
    form = ValueForm(request.POST, request.FILES)
    if not form.is_valid():
        raise EvaluationError("value", errors_text(form))
    services.value_save(indicator=indicator, user=request.user, fields=form.fields_to_save())
    messages.success(request, f"已保存“{indicator.name}”的完成值")
    return redirect(request.POST.get("next") or "evaluation:self_evaluation", plan_id=plan_id)


@login_required
@require_POST
def records_import(request, plan_id: int, kind: str):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    upload = request.FILES.get("file")
    if upload is None or kind not in ("spending", "actuals"):
        raise EvaluationError("file", e.NO_FILE)
    count = services.records_import(plan=plan, kind=kind, data=upload.read(), name=upload.name, user=request.user)
    messages.success(request, f"已导入{count}条记录")
    return redirect("evaluation:monitoring" if kind == "spending" else "evaluation:self_evaluation", plan_id=plan.pk)


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
