"""二次监控 pages (issue 15 §2): the monitoring page's list of the projects the first round sends to a second
round, with finance's button to open each one's follow-up task; the task's page, where the unit records it."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ...evaluation.errors import EvaluationError
from ..goals import selectors as goal_selectors
from ..goals.forms import checked
from ..goals.models import Plan
from ..history import selectors as history
from . import second_monitoring as second
from . import selectors
from .forms import SecondMonitoringForm, SecondMonitoringOpenForm
from .permissions import may_record


def page_context(user, plan: Plan, when: date, rows) -> dict:
    """The monitoring page's 二次监控 part: the projects the first round (the rule set's date) found behind, each
    with its task if opened, the dates finance may choose and whether this user may open a task. None before the
    goals are approved: no records are kept, so nothing can be behind."""
    if plan.state not in (Plan.APPROVED, Plan.PUBLISHED):
        return {"second": None}
    first = second.first_as_of(plan)
    needs = second.needs(plan, rows if when == first else None)
    tasks = {t.project_id: t for t in second.second_monitoring_list(plan)}
    ids = {selectors.project_key(p): p.pk for p in plan.projects.all()}
    return {"second": {"first": first, "needs": [(n, ids.get(n.key), tasks.get(ids.get(n.key))) for n in needs],
                       "tasks": list(tasks.values()), "dates": second.dates(plan),
                       "can_open": second.may_open(user)}}


@login_required
@require_POST
def second_monitoring_open(request, plan_id: int):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    form = checked(SecondMonitoringOpenForm(request.POST), EvaluationError, "second_open")
    project = selectors.project_in(plan, form.cleaned_data["project"])
    task = second.second_monitoring_open(plan=plan, project=project, as_of=form.cleaned_data["as_of"],
                                         user=request.user)
    messages.success(request, f"已打开“{project.name}”截至{task.as_of:%Y-%m-%d}的二次监控任务")
    return redirect("evaluation:second_monitoring", task_id=task.pk)


@login_required
@require_http_methods(["GET", "POST"])
def second_monitoring(request, task_id: int):
    """A follow-up task: why it was opened, the figures of its date (kept when recorded; until then as the
    records give them now), the year-end forecast, the state of rectification with the open ledger items, and
    the form for the unit."""
    task = second.second_monitoring_get(user=request.user, task_id=task_id)
    if request.method == "POST":
        form = checked(SecondMonitoringForm(request.POST), EvaluationError, "second_record")
        data = form.cleaned_data
        second.second_monitoring_record(task=task, forecast_rate=data["forecast_rate"], forecast=data["forecast"],
                                        rectification_state=data["rectification_state"], version=data["version"],
                                        user=request.user)
        messages.success(request, f"已填报“{task.project.name}”的二次监控")
        return redirect("evaluation:second_monitoring", task_id=task.pk)
    kept = second.figure_rows(task.figures)
    when, rows = kept if kept is not None else second.figure_rows(second.figures_now(task))
    form = SecondMonitoringForm(initial={"forecast_rate": task.forecast_rate, "forecast": task.forecast,
                                         "rectification_state": task.rectification_state, "version": task.version})
    return render(request, "evaluation/second_monitoring.html", {
        "task": task, "plan": task.plan, "as_of": when, "rows": rows, "kept": kept is not None, "form": form,
        "can_record": may_record(request.user, task.plan), "open_items": second.open_items(task),
        "history": history.history_list(task, limit=history.limit_of(request))})
