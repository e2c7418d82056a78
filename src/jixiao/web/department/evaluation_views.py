"""The 部门整体支出绩效自评 page of a unit's year (issue 14 §3): base data, the unit-wide indicators scored,
the execution, the projects summarised, total and grade, the 自评报告's sections with the unit's prose
form, the open rectification items, the downloads, and publishing (公开, 更正) with the differences from
the published one; and the public downloads made from the publication. Views only translate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ...core.errors import NOT_FOUND
from ...evaluation.department import DepartmentError
from ...formats.evaluation_tables import write_department_evaluation, write_department_report
from ...rulesets import load
from ..downloads import attachment
from ..goals.errors import NotFound
from ..goals.models import Plan
from ..history import selectors as history
from ..history.models import Entry
from . import errors as e
from . import evaluation_selectors as selectors
from . import evaluation_services as services
from .permissions import may_edit, require_editor
from .selectors import unit_get, year_checked

TABLE_FORMATS = ("xlsx", "docx", "pdf")
PUBLIC_FORMATS = ("pdf", "xlsx")
TABLE, REPORT = "部门整体支出绩效自评表", "部门整体支出绩效自评报告"
PUBLISH_ACTIONS = ("department_evaluation.published", "department_evaluation.corrected")


def plan_of(request, unit_id: int, year: int) -> Plan:
    unit = unit_get(user=request.user, unit_id=unit_id)
    year = year_checked(year)
    plan = Plan.objects.filter(unit=unit, year=year).select_related("unit").first()
    if plan is None:
        raise DepartmentError("plan", e.EVALUATION_NO_PLAN.format(unit=unit.name, year=year), kind=NOT_FOUND)
    return plan


def _history(request, plan: Plan):
    prose = selectors.prose_get(unit=plan.unit, year=plan.year)
    rows = Entry.objects.filter(Q(object_type="departmentprose", object_id=prose.pk if prose else -1)
                                | Q(object_type="plan", object_id=plan.pk, action__in=PUBLISH_ACTIONS))
    limit = history.limit_of(request)
    found = history.Entries(rows.select_related("user")[: None if limit is None else limit + 1])
    if limit is not None and len(found) > limit:
        del found[limit:]
        found.more = True
    return found


@login_required
@require_GET
def evaluation(request, unit_id: int, year: int):
    return render(request, "department/evaluation.html", _context(request, plan_of(request, unit_id, year)))


def _context(request, plan: Plan, typed: dict[str, str] | None = None, prose_error: str = "") -> dict:
    """The page's context; `typed`: the prose a stale save sent, kept in the form with the saved text beside
    each section that differs, on the version saved now, so that nothing typed is lost."""
    from ..rectification.selectors import open_rectifications

    shown = selectors.department_evaluation_of(plan)
    rows = selectors.evaluation_json(shown.evaluation)
    published = selectors.published_list(plan)
    prose = selectors.prose_get(unit=plan.unit, year=plan.year)
    saved = prose.sections if prose else {}
    given = saved if typed is None else typed
    return {
        "plan": plan, "unit": plan.unit, "year": plan.year, "ev": shown.evaluation, "rows": shown.rows,
        "can_edit": may_edit(request.user, plan.unit_id), "can_publish": services.may_publish(request.user, plan),
        "prose_version": prose.version if prose else 0,
        "prose_fields": [(k, t, given.get(t, ""), saved.get(t, "") if typed is not None
                          and saved.get(t, "") != typed.get(t, "").replace("\r\n", "\n").strip() else None)
                         for k, t in enumerate(load()["department"]["report_sections"])],
        "prose_error": prose_error,
        "published": published, "differences": selectors.differences(published[0].rows, rows) if published else [],
        "seen": selectors.fingerprint(plan, rows),
        "open_rectifications": open_rectifications(unit_id=plan.unit_id, years=[plan.year]),
        "rectification_unit": plan.unit_id, "rectification_year": plan.year,
        "history": _history(request, plan), "history_objects": True}


def _int(text: str | None) -> int:
    if text is None or not text.strip().isdigit():
        raise DepartmentError("version", e.NO_VERSION)
    return int(text)


@login_required
@require_POST
def prose_save(request, unit_id: int, year: int):
    plan = plan_of(request, unit_id, year)
    require_editor(request.user, plan.unit_id, outsider=e.PROSE_OUTSIDER)  # before the form: a reader is told why
    titles = load()["department"]["report_sections"]
    sections = {t: request.POST.get(f"section_{k}", "") for k, t in enumerate(titles)}
    try:
        services.prose_save(unit=plan.unit, year=plan.year, sections=sections,
                            version=_int(request.POST.get("version")), user=request.user)
    except DepartmentError as exc:
        if exc.code != "stale":
            raise
        message = e.PROSE_STALE.format(unit=plan.unit.name, year=plan.year)
        return render(request, "department/evaluation.html", _context(request, plan, sections, message), status=409)
    messages.success(request, "已保存自评报告")
    return redirect("department:evaluation", unit_id=plan.unit_id, year=plan.year)


@login_required
@require_POST
def publish(request, unit_id: int, year: int):
    plan = plan_of(request, unit_id, year)
    services.department_evaluation_publish(plan=plan, seen=request.POST.get("seen", ""), user=request.user)
    messages.success(request, f"已公开{plan.unit.name}{plan.year}年部门整体自评")
    return redirect("department:evaluation", unit_id=plan.unit_id, year=plan.year)


@login_required
@require_POST
def correct(request, unit_id: int, year: int):
    plan = plan_of(request, unit_id, year)
    services.department_evaluation_correct(plan=plan, reason=request.POST.get("reason", ""),
                                           seen=request.POST.get("seen", ""), user=request.user)
    messages.success(request, "已更正公开的部门整体自评")
    return redirect("department:evaluation", unit_id=plan.unit_id, year=plan.year)


def _file(ev, kind: str, fmt: str, formats: tuple[str, ...]):
    if kind == "table" and fmt in formats:
        return attachment(write_department_evaluation(ev, fmt), f"{ev.unit}{ev.year}年{TABLE}.{fmt}")
    if kind == "report" and fmt == "docx" and "docx" in formats:
        return attachment(write_department_report(ev), f"{ev.unit}{ev.year}年{REPORT}.docx")
    choices = "、".join([f"table.{f}" for f in formats] + (["report.docx"] if "docx" in formats else []))
    raise NotFound(f"没有“{kind}.{fmt}”这种下载，可选：{choices}")


@login_required
@require_GET
def download(request, unit_id: int, year: int, kind: str, fmt: str):
    """The table (.xlsx/.docx/.pdf) or the report (.docx) as the records give them now."""
    plan = plan_of(request, unit_id, year)
    return _file(selectors.department_evaluation_of(plan).evaluation, kind, fmt, TABLE_FORMATS)


@require_GET
def public_download(request, unit_code: str, year: int, fmt: str):
    """The published 部门整体支出绩效自评表 as .pdf or .xlsx, for anyone, from the publication in force."""
    from ..goals.selectors import published_plan

    if fmt not in PUBLIC_FORMATS:  # named as the public address names it, before anything is looked up
        raise NotFound(e.PUBLIC_FORMAT.format(fmt=fmt[:20], choices="、".join(
            f"department-evaluation.{f}" for f in PUBLIC_FORMATS)))
    plan = published_plan(unit_code=unit_code, year=year)
    snapshot = selectors.published(plan)
    if snapshot is None:
        raise NotFound(e.DEPARTMENT_NOT_PUBLISHED.format(plan=f"{plan.unit.name}{plan.year}年"))
    return _file(selectors.evaluation_from_json(snapshot.rows), "table", fmt, PUBLIC_FORMATS)
