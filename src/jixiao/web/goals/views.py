"""Pages of the goals area: they only translate between HTTP and services/selectors."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_POST

from ...core.document import Budget, GoalDocument, project_key
from ...core.document import Unit as CoreUnit
from ...core.problems import ReadError
from ...core.spending_plan import SpendingPlan
from ...formats.jixiao_json import from_dict, to_dict
from ...formats.reader import read_bytes
from ...formats.templates import BY_NAME
from ...review import review_document
from ..department.goal_selectors import unit_indicators_preview
from ..downloads import plan_file
from ..history import selectors as history
from ..history.services import ACTIONS
from ..public import errors as public_errors
from ..public import selectors as public
from ..public import services as public_services
from ..rectification.findings import plan_rectification
from . import errors as e
from . import permissions, selectors, services
from .convert import PLAN_FIELDS, plan_document, plan_form, project_core
from .errors import GoalsError
from .forms import (
    AdjustmentForm,
    GoalsCorrectionForm,
    IndicatorForm,
    PlanGradeForm,
    ProjectForm,
    ProjectGradeForm,
    RulesetForm,
    UploadForm,
    checked,
)
from .models import Adjustment, Indicator, Plan, Project
from .previous import last_year_of, last_year_result, plan_previous
from .rulesets import may_change_ruleset, plan_ruleset_change, ruleset_list

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}  # in this order: errors first


def _findings(document, project_code: str | None = None, previous=None, ruleset=None):
    review = review_document(document, ruleset, previous=previous)
    names = {project_key(p): p.name for p in document.projects}
    found = [f for f in review.findings if project_code is None or f.project == project_code]
    found.sort(key=lambda f: list(SEVERITY).index(f.severity))  # stable: each severity keeps the rules' order
    return review, [{**f.__dict__, "severity_label": SEVERITY[f.severity], "project_name": names.get(f.project, ""),
                     "whole_document": project_code is None} for f in found]


def _counts(findings: list[dict]) -> dict[str, int]:
    return {severity: sum(f["severity"] == severity for f in findings) for severity in SEVERITY}


@login_required
@require_GET
def plan_list(request):
    filters = {k: request.GET.get(k, "").strip() for k in ("year", "state", "q")}
    if filters["year"] and not (filters["year"].isascii() and filters["year"].isdigit()):  # not ², ١٢
        filters["year"] = ""
    plans = _page(request, selectors.plan_list(user=request.user, filters=filters))
    plans.object_list = selectors.with_counts(plans.object_list, Project, "plan_id", "project_count")
    return render(request, "goals/plan_list.html", {"plans": plans, "filters": filters, "states": Plan.STATES,
                                                    "can_upload": permissions.may_import(request.user)})


PAGE_SIZE = 50


def _query_key(queryset, *more) -> str | None:
    """What names a QuerySet's rows in the cache: its SQL with its parameters (the filters and who sees what),
    `more`, and the state of the records (`generation`: every change writes the history); None for a filter
    no row can meet (a year beyond any integer, where Django counts 0 without asking the database)."""
    try:
        sql = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return f"{hashlib.sha256(repr((sql, more)).encode()).hexdigest()}:{history.generation()}"


class CountedPaginator(Paginator):
    """Its total taken from the cache while the records are as they were: counting the 20,000 projects of a
    finance area is a list's one costly query, and the same user's next page needs it again."""

    @cached_property
    def count(self) -> int:
        key = _query_key(self.object_list)
        return history.cached(key and f"count:{key}", self.object_list.count)  # type: ignore[attr-defined]


def _page(request, queryset):
    """One page of rows; a page number out of range shows the nearest page."""
    return CountedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@require_GET
def project_list(request):
    """The projects the user may see. A page of the list holds no form token nor anything of the user beyond
    what they may see: rendered once per query, page and state of the records, as the desk is."""
    filters = {k: request.GET.get(k, "").strip() for k in ("year", "q")}
    if filters["year"] and not (filters["year"].isascii() and filters["year"].isdigit()):  # not ², ١٢
        filters["year"] = ""
    queryset = selectors.project_list(user=request.user, filters=filters)
    key = _query_key(queryset, filters, request.GET.get("page"))
    content = history.cached(key and f"projects:{key}", lambda: _project_list_body(request, queryset, filters))
    return render(request, "goals/project_list.html", {"content": content})


def _project_list_body(request, queryset, filters: dict) -> str:
    projects = _page(request, queryset)
    projects.object_list = selectors.with_counts(projects.object_list, Indicator, "project_id", "indicator_count")
    return render_to_string("goals/_project_list.html", {"projects": projects, "filters": filters})


@login_required
def plan_upload(request):
    if not permissions.may_import(request.user):
        return render(request, "errors/error.html", {"title": "无权操作", "message": "只有单位填报人员可以导入绩效目标",
                                                     "status": 403}, status=403)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name
        try:
            document, problems = read_bytes(upload.read(), name)
        except ReadError as exc:
            form.add_error("file", f"{name}：{exc.message}")
        else:
            if not ((document.projects or document.department) and document.year):  # nothing a preview could show
                form.add_error("file", e.NOTHING_READ_MESSAGE.format(name=name, problems="；".join(
                    p.message for p in problems if p.severity == "error")))
                return render(request, "goals/plan_upload.html", {"form": form})
            request.session["upload"] = {"name": name, "document": to_dict(document), "template": document.template}
            review, findings = _findings(document)
            outcome = selectors.plan_import_outcome(user=request.user, unit_code=document.unit.code,
                                                    unit_name=document.unit.name, year=document.year)
            errors = [{"place": p.place, "message": p.message} for p in problems if p.severity == "error"]
            unit_wide = unit_indicators_preview(document)
            return render(request, "goals/plan_preview.html", {
                "name": name, "document": document, "errors": errors, "findings": findings,
                "unit_wide": unit_wide, "unit_own": sum(r["goal"] is None for r in unit_wide),
                "unit_sub": sum(r["goal"] is not None for r in unit_wide),
                "unit_proposed": sum(r["proposed"] for r in unit_wide),
                "hints": [p for p in problems if p.severity != "error"], "missing": _missing(document),
                "grade": review.grade, "outcome": outcome, "can_save": not outcome["refusal"] and not errors})
    return render(request, "goals/plan_upload.html", {"form": form})


# What a form may lack, as the preview names it (core/document.py FORM_FIELDS).
FIELD_LABELS = {"code": "项目编码", "fiscal": "财政资金", "other": "其他资金", "plan": "资金支出计划",
                "unit_code": "单位编码", "basis": "指标值确定依据"}


def _missing(document) -> list[str]:
    """What the document does not give: the fields its form lacks, and a unit code or project code it left out."""
    given = {"code": bool(document.projects) and all(p.code for p in document.projects),
             "unit_code": bool(document.unit.code)}
    return [label for field, label in FIELD_LABELS.items() if not given.get(field, field in document.form)]


@login_required
@require_POST
def plan_upload_confirm(request):
    pending = request.session.get("upload")  # kept until saved: a refusal can be confirmed again from the preview
    if pending is None:
        messages.error(request, "没有待保存的导入内容，请重新上传文件")
        return redirect("goals:plan_upload")
    document = from_dict(pending["document"])
    template = BY_NAME.get(pending.get("template", ""))
    if template is not None:  # the exchange format keeps what a document says, not the form it was read from
        document.template, document.form = template.name, template.has
    plan = services.plan_import(document=document, user=request.user,
                                replace_draft=bool(request.POST.get("replace_draft")))
    del request.session["upload"]
    messages.success(request, f"已导入{pending['name']}：{plan}")
    return redirect("goals:plan_detail", plan_id=plan.pk)


@login_required
@require_GET
def plan_detail(request, plan_id: int):
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    document = plan_document(plan)
    review, findings = _findings(document, previous=plan_previous(plan), ruleset=plan.rules)
    user = request.user
    can = {**dict.fromkeys(permissions.plan_actions(user, plan), True), "decide": permissions.may_decide(user)}
    counts = _counts(findings)
    pending = Adjustment.objects.filter(indicator__project__plan=plan, state=Adjustment.PENDING).select_related(
        "indicator", "requested_by")
    return render(request, "goals/plan_detail.html", {
        "plan": plan, "document": document, "review": review, "findings": findings, "can": can, "counts": counts,
        "grade_form": PlanGradeForm(initial={"grade": plan.proposed_grade or review.grade,
                                             "pending": services.pending_shown(plan)}),
        "history": _plan_history(request, plan), "actions": ACTIONS, "history_objects": True,
        "adjustments": pending, "last_year_result": last_year_result(plan),
        **_ruleset_part(user, plan),
        **_goals_publication(user, plan),
        **plan_rectification(user=user, plan=plan, findings=findings)})


def _ruleset_part(user, plan) -> dict:
    """The rule set that judges the plan (code and title) and, for a 管理员 or the 财政审核 of its area before
    approval, the form that changes it."""
    rules = plan.rules
    if not may_change_ruleset(user, plan):
        return {"rules": rules}
    form = RulesetForm(initial={"ruleset": plan.ruleset, "version": plan.version}, rulesets=ruleset_list())
    return {"rules": rules, "ruleset_form": form}


@login_required
@require_POST
def plan_ruleset(request, plan_id: int):
    """更换规则集: from the plan page's form, with a reason; a stale page is a 409 and changes nothing."""
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    form = checked(RulesetForm(request.POST, rulesets=ruleset_list()), GoalsError, e.RULESET_UNKNOWN)
    plan = plan_ruleset_change(plan=plan, ruleset=form.cleaned_data["ruleset"], reason=form.cleaned_data["reason"],
                               version=form.cleaned_data["version"], user=request.user)
    messages.success(request, f"已更换规则集：{plan.rules.code}（{plan.rules.title}），审核意见和建议等级已按它重新得出")
    return redirect("goals:plan_detail", plan_id=plan.pk)


def _goals_publication(user, plan) -> dict:
    """The plan page's part on its published goals: the publication in force, how the goals in force
    differ from it (an adjustment approved since: 已公开的目标与现行目标不一致), the earlier ones, and the
    更正 form for those who may publish."""
    if plan.state != Plan.PUBLISHED:
        return {}
    published = public.published_plan(plan)
    changes = public.published_goal_changes(plan, published)
    return {"goals_published": published, "goals_publications": list(public.published_plan_list(plan)),
            "goals_changes": changes, "goals_differ": public_errors.GOALS_DIFFER,
            "can_correct_goals": permissions.may_correct(user, plan), "goals_seen": public.goals_seen(published, changes)}


def _plan_history(request, plan):
    """The plan's entries and every grade given to its projects (财政审核 per project), newest first."""
    limit = history.limit_of(request)
    return history.newest(history.history_list(plan, limit=limit), history.history_of_kind(
        "project", [p.pk for p in plan.projects.all()], actions=["project.graded"], limit=limit), limit=limit)


@login_required
@require_POST
def plan_correct(request, plan_id: int):
    """更正 of the published goals: the goals in force become the public ones, with the reason."""
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    form = checked(GoalsCorrectionForm(request.POST), public_errors.PublicError, public_errors.GOALS_REASON)
    public_services.published_plan_correct(plan=plan, reason=form.cleaned_data["reason"], user=request.user,
                                           seen=form.cleaned_data["seen"])
    messages.success(request, "已发布更正：公开页面显示现行的绩效目标和更正原因")
    return redirect("goals:plan_detail", plan_id=plan.pk)
@login_required
@require_POST
def project_grade(request, project_id: int):
    """财政审核 of one project: 优/良 approve it, 中/差 (with a comment) return it; a stale page is a 409."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    form = ProjectGradeForm(request.POST)
    if not form.is_valid():
        raise GoalsError(e.GRADE, "；".join(str(m) for errors in form.errors.values() for m in errors))
    services.project_grade(project=project, user=request.user, grade=form.cleaned_data["grade"],
                           comment=form.cleaned_data["comment"], version=form.cleaned_data["version"])
    project.refresh_from_db()
    messages.success(request, f"项目“{project.name}”：{project.grade}，{project.get_review_state_display()}")
    if request.POST.get("back") == "project":
        return redirect("goals:project_detail", project_id=project.pk)
    return redirect(reverse("goals:plan_detail", args=[project.plan_id]) + f"#project-{project.pk}")


@login_required
@require_POST
def plan_action(request, plan_id: int, action: str):
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    grade, comment, shown = "", request.POST.get("comment", ""), None
    if action == "grade":
        form = PlanGradeForm(request.POST)
        if not form.is_valid():  # what was wrong, as the form says it (naming what was typed)
            raise GoalsError(e.GRADE, "；".join(str(m) for errors in form.errors.values() for m in errors))
        grade, comment = form.cleaned_data["grade"], form.cleaned_data["comment"]
        shown = form.cleaned_data["pending"] if "pending" in request.POST else None  # a page's form sends it
    result = services.plan_act(plan=plan, action=action, user=request.user, grade=grade, comment=comment,
                               confirm_warnings=bool(request.POST.get("confirm_warnings")), shown=shown)
    messages.success(request, f"已生成{result}" if action == "copy" else f"{result}：{result.get_state_display()}")
    return redirect("goals:plan_detail", plan_id=result.pk)


@login_required
@require_GET
def plan_download(request, plan_id: int, fmt: str):
    return plan_file(selectors.plan_get(user=request.user, plan_id=plan_id), fmt)


# ---------------------------------------------------------------- a project

def _project_context(request, project, form=None, new_indicator=None):
    plan = project.plan
    # Review this project alone: its rules look at one project and the document's year and framework;
    # while a form is being typed, the project as typed so far (what parses), nothing saved.
    draft = project_core(project) if form is None or not form.is_bound else _as_typed(project, form)
    document = GoalDocument(CoreUnit(plan.unit.code, plan.unit.name), plan.year, [draft], None, plan.framework,
                            template=plan.template, form=plan_form(plan, [draft]))
    previous = plan_previous(plan)
    _, findings = _findings(document, project_key(draft), previous, plan.rules)
    editable, adjustable = permissions.may_edit(request.user, plan), permissions.may_adjust(request.user, plan)
    editable = editable and project.review_state != Project.APPROVED  # finance approved it: locked
    return {"project": project, "plan": plan, "findings": findings, "editable": editable, "adjustable": adjustable,
            "form": form or ProjectForm(initial=ProjectForm.initial_for(project), form=document.form),
            "new_indicator": new_indicator or IndicatorForm(framework=plan.framework,
                                                            initial={"version": project.version}),
            "core": project_core(project), "actions": ACTIONS,
            "history": history.history_list(project, limit=history.limit_of(request)),
            "adjustment_form": AdjustmentForm(), "previous_year": previous.year if previous else None,
            "can_grade": plan.state == Plan.FINANCE_REVIEW and project.review_state == Project.PENDING
            and "grade" in permissions.plan_actions(request.user, plan),
            "grade_form": ProjectGradeForm(initial={"grade": project.proposed_grade or "良", "version": project.version}),
            "indicator_rows": _with_last_year(project, last_year_of(plan, previous) if previous else {})}


def _with_last_year(project, last: dict) -> list:
    """Each indicator with last year's target and actual (历史标准), None where last year had none."""
    return [(i, last.get(i.pk)) for i in project.indicators.all()]


def _as_typed(project, form):
    """The project with the values of a bound form that parse, for the review while typing."""
    draft, data = project_core(project), form.cleaned_data
    for name in ("code", "name", "purpose", "goals"):
        if name in data:
            setattr(draft, name, data[name])
    budget = draft.budget
    draft.budget = Budget(*(data.get(k, getattr(budget, k)) for k in ("total", "fiscal", "other")))
    draft.spending_plan = SpendingPlan({m: data.get(f, draft.spending_plan.checkpoints[m])
                                        for m, f in PLAN_FIELDS.items()})
    return draft


@login_required
@require_GET
def project_detail(request, project_id: int):
    project = selectors.project_get(user=request.user, project_id=project_id)
    return render(request, "goals/project_detail.html", _project_context(request, project))


@login_required
@require_POST
def project_validate(request, project_id: int):
    """Live validation while typing: each field's errors beside it and the review's findings of the
    project as typed, swapped in out of band (the inputs are left alone); nothing saved."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    form = ProjectForm(request.POST, form=plan_form(project.plan, []))
    form.is_valid()
    return render(request, "goals/_project_validate.html", _project_context(request, project, form))


@login_required
@require_POST
def project_save(request, project_id: int):
    project = selectors.project_get(user=request.user, project_id=project_id)
    form = ProjectForm(request.POST, form=plan_form(project.plan, []))
    if form.is_valid():
        services.project_update(project=project, fields=form.fields_to_save(), version=form.cleaned_data["version"],
                                user=request.user)
        messages.success(request, "已保存")
        return redirect("goals:project_detail", project_id=project.pk)
    return render(request, "goals/project_detail.html", _project_context(request, project, form), status=400)


@login_required
@require_POST
def indicator_add(request, project_id: int):
    project = selectors.project_get(user=request.user, project_id=project_id)
    form = IndicatorForm(request.POST, framework=project.plan.framework)
    if not form.is_valid():  # shown again beside its fields
        return render(request, "goals/project_detail.html", _project_context(request, project, new_indicator=form),
                      status=400)
    services.indicator_create(project=project, fields=form.fields_to_save(), version=form.cleaned_data["version"],
                              user=request.user)
    messages.success(request, "已新增指标")
    return redirect("goals:project_detail", project_id=project.pk)


@login_required
def indicator_edit(request, indicator_id: int):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    project = indicator.project
    if request.method == "POST":
        form = IndicatorForm(request.POST, framework=project.plan.framework)
        if form.is_valid():
            services.indicator_update(indicator=indicator, fields=form.fields_to_save(),
                                      version=form.cleaned_data["version"], user=request.user)
            messages.success(request, f"已保存指标“{form.cleaned_data['name']}”")
            return redirect("goals:project_detail", project_id=project.pk)
    else:
        form = IndicatorForm(framework=project.plan.framework, initial={
            "version": project.version, **{f: getattr(indicator, f) for f in
                                           ("level1", "level2", "name", "description", "target_raw", "basis")}})
    return render(request, "goals/indicator_edit.html", {
        "form": form, "indicator": indicator, "project": project,
        "history": history.history_list(indicator, limit=history.limit_of(request)),
        "actions": ACTIONS, "editable": project.plan.state == Plan.DRAFT}, status=200 if request.method == "GET" else 400)


@login_required
@require_POST
def indicator_delete(request, indicator_id: int):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    project = indicator.project
    services.indicator_delete(indicator=indicator, version=_version(request), user=request.user)
    messages.success(request, f"已删除指标“{indicator.name}”")
    return redirect("goals:project_detail", project_id=project.pk)


@login_required
@require_POST
def indicator_move(request, indicator_id: int, direction: str):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    services.indicator_move(indicator=indicator, up=direction == "up", version=_version(request), user=request.user)
    return redirect("goals:project_detail", project_id=indicator.project_id)


def _version(request) -> int:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        raise GoalsError(e.VERSION, e.VERSION_MESSAGE) from None


@login_required
@require_POST
def adjustment_request(request, indicator_id: int):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    form = AdjustmentForm(request.POST)
    if not form.is_valid():
        raise GoalsError(e.ADJUSTMENT, e.ADJUSTMENT_MESSAGE)
    services.adjustment_request(indicator=indicator, user=request.user, **form.cleaned_data)
    messages.success(request, "已提交调整申请，待财政审核批准")
    return redirect("goals:project_detail", project_id=indicator.project_id)


@login_required
@require_POST
def adjustment_decide(request, adjustment_id: int):
    adjustment = get_object_or_404(Adjustment, pk=adjustment_id)
    selectors.indicator_get(user=request.user, indicator_id=adjustment.indicator_id)  # visible to this user
    approve = services.adjustment_decision(request.POST.get("decision", ""))
    services.adjustment_decide(adjustment=adjustment, approve=approve,
                               comment=request.POST.get("comment", ""), user=request.user)
    messages.success(request, f"已{'批准' if approve else '驳回'}指标“{adjustment.indicator.name}”的调整申请")
    plan = adjustment.indicator.project.plan
    if approve and plan.state == Plan.PUBLISHED:  # the public still reads the goals as published
        messages.warning(request, f"{public_errors.GOALS_DIFFER}（由本单位的单位审核在绩效目标页面发布）")
    return redirect("goals:plan_detail", plan_id=plan.pk)


