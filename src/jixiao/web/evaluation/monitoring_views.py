"""The monitoring page's reasons and saved reports: 偏差原因 and 纠偏措施 typed for a project or
any indicator, and monitoring tables saved as dated 监控报告 that stay as they were saved."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ...evaluation import errors as e
from ...evaluation.errors import EvaluationError
from ...evaluation.monitoring import KIND_PART, MEASURE_PART
from ...formats.evaluation_tables import TABLE_FORMATS, write_monitoring
from ...formats.records_csv import parse_date
from ..downloads import attachment
from ..goals import selectors as goal_selectors
from ..goals.convert import plan_document
from ..goals.forms import checked
from ..goals.models import Plan
from . import selectors, services
from .forms import MonitoringReportForm, ReasonForm

REASON_PARTS = (KIND_PART, MEASURE_PART)  # what a complete explanation needs, as the page says it


def page_context(plan: Plan, can_record: bool) -> dict:
    """What the monitoring page needs to list the saved reports and, for a user who records, to take a
    reason for every row (the rows' ids and versions: a reader's page has no forms and needs none)."""
    context = {"reason_parts": REASON_PARTS, "reports": selectors.monitoring_report_list(plan)}
    if can_record:
        context.update({
            "indicator_rows": selectors.indicators_by_project(plan), "reason_kinds": ReasonForm.KINDS[1:],
            "project_ids": {selectors.project_key(p): p.pk for p in plan.projects.all()},
            "remark_versions": {selectors.project_key(p): p.remark.version if hasattr(p, "remark") else 0
                                for p in plan.projects.select_related("remark")}})
    return context


def _back_to_monitoring(request, plan_id: int):
    """The monitoring page again, at the date it was looked at."""
    response = redirect("evaluation:monitoring", plan_id=plan_id)
    as_of = request.POST.get("as_of", "").strip()
    if as_of:
        try:
            response["Location"] += f"?as_of={parse_date(as_of).isoformat()}"
        except ValueError:
            pass  # a date the page did not send: back to the default date
    return response


def _reason_form(request) -> ReasonForm:
    form = checked(ReasonForm(request.POST), EvaluationError, "reason")
    return form


@login_required
@require_POST
def project_reason_save(request, plan_id: int, project_id: int):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    project = selectors.project_in(plan, project_id)
    form = _reason_form(request)
    services.project_reason_save(project=project, user=request.user, **form.cleaned_data)
    messages.success(request, f"已保存“{project.name}”的偏差原因和纠偏措施")
    return _back_to_monitoring(request, plan.pk)


@login_required
@require_POST
def indicator_reason_save(request, plan_id: int, indicator_id: int):
    indicator = selectors.indicator_in(user=request.user, plan_id=plan_id, indicator_id=indicator_id)
    form = _reason_form(request)
    services.indicator_reason_save(indicator=indicator, user=request.user, **form.cleaned_data)
    messages.success(request, f"已保存“{indicator.name}”的偏差原因和纠偏措施")
    return _back_to_monitoring(request, plan_id)


@login_required
@require_POST
def monitoring_report_save(request, plan_id: int):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    form = checked(MonitoringReportForm(request.POST), EvaluationError, "as_of")
    report = services.monitoring_report_save(plan=plan, user=request.user, **form.cleaned_data)
    messages.success(request, f"已保存截至{report.as_of:%Y-%m-%d}的监控报告")
    return redirect("evaluation:monitoring_report", plan_id=plan.pk, report_id=report.pk)


@login_required
@require_GET
def monitoring_report(request, plan_id: int, report_id: int):
    """A saved 监控报告, as it was saved."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    report = selectors.monitoring_report_in(plan, report_id)
    when, rows = selectors.monitoring_report_rows(report)
    return render(request, "evaluation/monitoring_report.html", {"plan": plan, "report": report, "as_of": when,
                                                                 "rows": rows,
                                                                 "second": selectors.second_round_marks(plan, when, rows)})


@login_required
@require_GET
def monitoring_report_download(request, plan_id: int, report_id: int, fmt: str):
    """A saved 监控报告 as the official 绩效目标执行监控表 (.xlsx, .docx or .pdf)."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    return report_file(plan, selectors.monitoring_report_in(plan, report_id), fmt)


def report_file(plan: Plan, report, fmt: str):
    """The official table of a saved report, made from its saved rows, as a download (the page's and the API's)."""
    if fmt not in TABLE_FORMATS:
        raise EvaluationError("format", e.REPORT_FORMAT.format(fmt=fmt, formats="、".join(TABLE_FORMATS)))
    when, rows = selectors.monitoring_report_rows(report)
    return attachment(write_monitoring(plan_document(plan), when, rows, fmt, selectors.second_round_marks(plan, when, rows)),
                      f"{plan.unit.name}{plan.year}年绩效目标执行监控表（截至{report.as_of:%Y-%m-%d}）.{fmt}")
