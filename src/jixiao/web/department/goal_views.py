"""The 部门整体绩效目标 page of a unit's year: the plan's 总体目标, each 分项目标 with its text, its
indicators (待确认 ones with 确认 / 修改 / 删除) and the projects it covers, the 工作保障措施, the review's
findings about the unit-wide part and the history; an indicator's own page to change it. Views only
translate; the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ...core.bounds import FIRST_YEAR, LAST_YEAR
from ...evaluation.department import DepartmentError
from ..goals.permissions import may_edit
from ..history import selectors as history
from . import errors as e
from . import goal_selectors, goal_services, selectors
from .forms import errors_text
from .goal_forms import GoalProjectsForm, IndicatorForm, VersionForm
from .permissions import may_edit as may_bind
from .permissions import require_editor


def _unit_year(request, unit_id: int, year: int):
    return selectors.unit_get(user=request.user, unit_id=unit_id), selectors.year_checked(year)


def _plan(unit, year: int):
    return goal_selectors.plan_get(unit=unit, year=year)


def _context(request, unit, year: int, plan, forms: dict | None = None) -> dict:
    forms = forms or {}
    rows = goal_selectors.sub_goal_list(plan=plan) if plan is not None else []
    can_edit = plan is not None and may_edit(request.user, plan)
    for row in rows:
        row.form = forms.get(row.goal) or IndicatorForm(framework=plan.framework, prefix=f"g{row.goal}",
                                                         initial={"version": 0})
    unit_form = (forms.get(UNIT_FORM) or IndicatorForm(framework=plan.framework, prefix="u", initial={"version": 0})
                 if plan is not None else None)
    return {
        "unit": unit, "year": year, "plan": plan, "sub_goals": rows, "can_edit": can_edit,
        "department": plan.department if plan is not None else None,
        "unit_table": goal_selectors.unit_table(plan=plan) if plan is not None else [], "unit_form": unit_form,
        "uncovered": goal_selectors.uncovered_projects(plan=plan) if plan is not None else [],
        "findings": goal_selectors.unit_wide_findings(plan=plan) if plan is not None else [],
        "to_propose": [r for r in rows if not r.indicators],
        # each indicator's actual from the records, when bound to a unit-wide metric (evaluation/unit_metrics.py)
        "actuals": {a.indicator.pk: a for a in selectors.unit_actuals(plan=plan)} if plan is not None else {},
        # 历史标准: last year's target and actual beside this year's target (issue 14 §5)
        "before": goal_selectors.unit_last_year(plan=plan) if plan is not None else {},
        "can_bind": plan is not None and may_bind(request.user, plan.unit_id),  # any state: the metric is no target
        "history": goal_selectors.goals_history(plan=plan, limit=history.limit_of(request)) if plan else [],
        "history_objects": True,
        "first_year": FIRST_YEAR, "last_year": LAST_YEAR}  # the year links stop where year_checked does


@login_required
@require_GET
def goals(request, unit_id: int, year: int):
    unit, year = _unit_year(request, unit_id, year)
    plan = goal_selectors.plan_of(unit=unit, year=year)
    return render(request, "department/goals.html", _context(request, unit, year, plan))


def _back(plan):
    return redirect("department:goals", unit_id=plan.unit_id, year=plan.year)


@login_required
@require_POST
def unit_indicator_add(request, unit_id: int, year: int, goal: int):
    """A new indicator of the 分项目标 at `goal`; a form with mistakes comes back beside its fields (400)."""
    unit, year = _unit_year(request, unit_id, year)
    plan = _plan(unit, year)
    require_editor(request.user, unit.pk, outsider=e.GOALS_OUTSIDER)
    form = IndicatorForm(request.POST, framework=plan.framework, prefix=f"g{goal}")
    if not form.is_valid():
        return render(request, "department/goals.html", _context(request, unit, year, plan, {goal: form}), status=400)
    row = goal_services.unit_indicator_create(plan=plan, goal=goal, fields=form.fields_to_save(), user=request.user)
    messages.success(request, f"已新增部门整体绩效指标“{row.name}”")
    return _back(plan)


UNIT_FORM = "unit"  # the key of the unit's own table's add form among the page's forms


@login_required
@require_POST
def unit_table_add(request, unit_id: int, year: int):
    """A new indicator of the unit's own 年度绩效指标 (no 分项目标); a form with mistakes comes back (400)."""
    unit, year = _unit_year(request, unit_id, year)
    plan = _plan(unit, year)
    require_editor(request.user, unit.pk, outsider=e.GOALS_OUTSIDER)
    form = IndicatorForm(request.POST, framework=plan.framework, prefix="u")
    if not form.is_valid():
        return render(request, "department/goals.html", _context(request, unit, year, plan, {UNIT_FORM: form}),
                      status=400)
    row = goal_services.unit_indicator_create(plan=plan, goal=None, fields=form.fields_to_save(), user=request.user)
    messages.success(request, f"已新增部门整体年度绩效指标“{row.name}”")
    return _back(plan)


@login_required
@require_POST
def unit_goals_propose(request, unit_id: int, year: int):
    unit, year = _unit_year(request, unit_id, year)
    plan = _plan(unit, year)
    rows = goal_services.unit_goals_propose(plan=plan, user=request.user)
    if rows:
        messages.success(request, f"已由分项目标的文字建议{len(rows)}个指标，请逐个确认、修改或删除")
    else:
        messages.info(request, e.NOTHING_TO_PROPOSE)
    return _back(plan)


@login_required
@require_POST
def sub_goal_projects(request, unit_id: int, year: int, goal: int):
    unit, year = _unit_year(request, unit_id, year)
    plan = _plan(unit, year)
    require_editor(request.user, unit.pk, outsider=e.GOALS_OUTSIDER)  # before the form: a reader is told why
    form = GoalProjectsForm(request.POST, keys=request.POST.getlist("projects"))
    if not form.is_valid():
        raise DepartmentError("invalid", errors_text(form) if "version" not in form.errors else e.NO_VERSION)
    goal_services.sub_goal_projects_set(plan=plan, goal=goal, projects=form.cleaned_data["projects"],
                                        version=form.cleaned_data["version"], user=request.user)
    messages.success(request, f"已保存分项目标{goal + 1}覆盖的项目")
    return _back(plan)


def _version(request) -> int:
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise DepartmentError("version", e.NO_VERSION)
    return form.cleaned_data["version"]


@login_required
@require_POST
def unit_indicator_confirm(request, indicator_id: int):
    indicator = goal_selectors.unit_indicator_get(user=request.user, indicator_id=indicator_id)
    require_editor(request.user, indicator.plan.unit_id, outsider=e.GOALS_OUTSIDER)
    goal_services.unit_indicator_confirm(indicator=indicator, version=_version(request), user=request.user)
    messages.success(request, f"已确认部门整体绩效指标“{indicator.name}”")
    return _back(indicator.plan)


@login_required
@require_POST
def unit_indicator_delete(request, indicator_id: int):
    indicator = goal_selectors.unit_indicator_get(user=request.user, indicator_id=indicator_id)
    require_editor(request.user, indicator.plan.unit_id, outsider=e.GOALS_OUTSIDER)
    goal_services.unit_indicator_delete(indicator=indicator, version=_version(request), user=request.user)
    messages.success(request, f"已删除部门整体绩效指标“{indicator.name}”")
    return _back(indicator.plan)


@login_required
def unit_indicator_edit(request, indicator_id: int):
    """An indicator's form and history; saved, a proposed one is confirmed by it. A stale save (another
    user changed it since) shows the form again with what was typed, on the version saved now (409)."""
    indicator = goal_selectors.unit_indicator_get(user=request.user, indicator_id=indicator_id)
    plan = indicator.plan
    status = 200
    if request.method == "POST":
        require_editor(request.user, plan.unit_id, outsider=e.GOALS_OUTSIDER)
        form = IndicatorForm(request.POST, framework=plan.framework)
        status = 400
        if form.is_valid():
            try:
                goal_services.unit_indicator_update(indicator=indicator, fields=form.fields_to_save(),
                                                    version=form.cleaned_data["version"], user=request.user)
            except DepartmentError as exc:
                if exc.code != "stale":
                    raise
                indicator.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(indicator.version)
                form = IndicatorForm(data, framework=plan.framework)
                form.is_valid()
                form.add_error(None, e.UNIT_INDICATOR_STALE_KEPT.format(name=indicator.name, target=indicator.target_raw))
                status = 409
            else:
                messages.success(request, f"已保存部门整体绩效指标“{form.cleaned_data['name']}”")
                return _back(plan)
    else:
        form = IndicatorForm(framework=plan.framework, initial={
            "version": indicator.version, **{f: getattr(indicator, f) for f in goal_services.FIELDS}})
    goals = goal_selectors.sub_goals_of(plan)
    return render(request, "department/unit_indicator_edit.html", {
        "form": form, "indicator": indicator, "plan": plan, "unit": plan.unit,
        "sub_goal": ({"name": goal_services.UNIT_TABLE} if indicator.goal is None
                     else goals[indicator.goal] if indicator.goal < len(goals) else {}),
        "editable": may_edit(request.user, plan),
        "history": history.history_list(indicator, limit=history.limit_of(request))}, status=status)
