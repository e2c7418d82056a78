"""The 部门整体 page of a unit's year: staffing, basic spending with totals by kind, the basic budget,
staff in post and the whole budget's execution, the forms and imports, and the history. Views only
translate; the services decide."""

from __future__ import annotations

import base64
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ...core.problems import ReadError
from ...evaluation import department as rules
from ...evaluation.department import DepartmentError
from ...formats.registers import rows_of
from ..history import selectors as history
from ..history.models import Entry
from ..uploads import CarriedFileForm, upload_or_carried
from . import errors as e
from . import selectors, services
from .forms import BudgetForm, DeleteForm, SpendingForm, StaffingForm, errors_text
from .permissions import may_edit, require_editor

IMPORT_ACTIONS = ("staffing.imported", "basic_spending.imported", "staffing.deleted", "basic_spending.deleted")


def _unit_year(request, unit_id: int, year: int):
    return selectors.unit_get(user=request.user, unit_id=unit_id), selectors.year_checked(year)


def _history(request, unit, year: int):
    staffing = [s.pk for s in selectors.staffing_list(unit=unit, year=year)]
    spending = [b.pk for b in selectors.basic_spending_list(unit=unit, year=year)]
    budget = selectors.basic_budget_get(unit=unit, year=year)
    rows = Entry.objects.filter(
        Q(object_type="staffing", object_id__in=staffing) | Q(object_type="basicspending", object_id__in=spending)
        | Q(object_type="basicbudget", object_id__in=[budget.pk] if budget else [])
        | Q(object_type="unit", object_id=unit.pk, action__in=IMPORT_ACTIONS, note__startswith=f"{year}年"))
    limit = history.limit_of(request)
    found = history.Entries(rows.select_related("user")[: None if limit is None else limit + 1])
    if limit is not None and len(found) > limit:
        del found[limit:]
        found.more = True
    return found


@login_required
@require_GET
def index(request):
    """The units the user sees and their years, each year linking to its page."""
    return render(request, "department/index.html", {"units": selectors.unit_years(user=request.user),
                                                     "this_year": timezone.localdate().year})


@login_required
@require_GET
def page(request, unit_id: int, year: int):
    unit, year = _unit_year(request, unit_id, year)
    spending = selectors.basic_spending_list(unit=unit, year=year)
    budget = selectors.basic_budget_get(unit=unit, year=year)
    return render(request, "department/page.html", {
        "unit": unit, "year": year, "can_edit": may_edit(request.user, unit.pk),
        "staffing": selectors.staffing_list(unit=unit, year=year), "spending": spending,
        "totals": rules.spending_totals([b.to_domain() for b in spending]), "kinds": rules.KINDS,
        "budget": budget, "staff": selectors.staff_in_post(unit=unit, year=year),
        "execution": selectors.unit_execution(unit=unit, year=year),
        "staffing_form": StaffingForm(), "spending_form": SpendingForm(),
        "budget_form": BudgetForm(initial={"amount": budget.amount if budget else "",
                                           "version": budget.version if budget else 0}),
        "history": _history(request, unit, year), "history_objects": True})


def _form(form_class, request):
    form = form_class(request.POST)
    if not form.is_valid():
        raise DepartmentError("invalid", errors_text(form))
    return form.cleaned_data


def _version(data: dict) -> int:
    if data.get("version") is None:
        raise DepartmentError("version", e.NO_VERSION)
    return data["version"]


@login_required
@require_POST
def staffing_add(request, unit_id: int, year: int):
    unit, year = _unit_year(request, unit_id, year)
    require_editor(request.user, unit.pk)  # before the form: a reader is told why, not what to fix
    data = _form(StaffingForm, request)
    record = services.staffing_create(unit=unit, year=year, user=request.user,
                                      fields={k: data[k] for k in services.STAFFING_FIELDS})
    messages.success(request, f"已新增编制记录：{record.unit_name}")
    if warning := rules.over_posts(record.to_domain()):
        messages.warning(request, warning)
    return redirect("department:page", unit_id=unit.pk, year=year)


@login_required
@require_POST
def staffing_edit(request, unit_id: int, year: int, record_id: int):
    unit, year = _unit_year(request, unit_id, year)
    require_editor(request.user, unit.pk)  # before the form: a reader is told why, not what to fix
    record = selectors.staffing_get(unit=unit, year=year, record_id=record_id)
    data = _form(StaffingForm, request)
    record = services.staffing_update(record=record, version=_version(data), user=request.user,
                                      fields={k: data[k] for k in services.STAFFING_FIELDS})
    messages.success(request, f"已保存编制记录：{record.unit_name}")
    if warning := rules.over_posts(record.to_domain()):
        messages.warning(request, warning)
    return redirect("department:page", unit_id=unit.pk, year=year)


@login_required
@require_POST
def spending_add(request, unit_id: int, year: int):
    unit, year = _unit_year(request, unit_id, year)
    require_editor(request.user, unit.pk)  # before the form: a reader is told why, not what to fix
    data = _form(SpendingForm, request)
    record = services.basic_spending_create(unit=unit, year=year, user=request.user,
                                            fields={k: data[k] for k in services.SPENDING_FIELDS})
    messages.success(request, f"已录入基本支出：{record.kind}{record.amount:,.2f}元")
    return redirect("department:page", unit_id=unit.pk, year=year)


@login_required
@require_POST
def spending_edit(request, unit_id: int, year: int, record_id: int):
    unit, year = _unit_year(request, unit_id, year)
    require_editor(request.user, unit.pk)  # before the form: a reader is told why, not what to fix
    record = selectors.basic_spending_get(unit=unit, year=year, record_id=record_id)
    data = _form(SpendingForm, request)
    services.basic_spending_update(record=record, version=_version(data), user=request.user,
                                   fields={k: data[k] for k in services.SPENDING_FIELDS})
    messages.success(request, "已保存基本支出记录")
    return redirect("department:page", unit_id=unit.pk, year=year)


@login_required
@require_POST
def staffing_delete(request, unit_id: int, year: int, record_id: int):
    unit, year = _unit_year(request, unit_id, year)
    require_editor(request.user, unit.pk)  # before the form: a reader is told why, not what to fix
    record = selectors.staffing_get(unit=unit, year=year, record_id=record_id)
    services.staffing_delete(record=record, version=_version(_form(DeleteForm, request)), user=request.user)
    messages.success(request, f"已删除编制记录：{record.unit_name}")
    return redirect("department:page", unit_id=unit.pk, year=year)


@login_required
@require_POST
def spending_delete(request, unit_id: int, year: int, record_id: int):
    unit, year = _unit_year(request, unit_id, year)
    require_editor(request.user, unit.pk)  # before the form: a reader is told why, not what to fix
    record = selectors.basic_spending_get(unit=unit, year=year, record_id=record_id)
    services.basic_spending_delete(record=record, version=_version(_form(DeleteForm, request)), user=request.user)
    messages.success(request, f"已删除基本支出记录：{record.date:%Y-%m-%d} {record.kind}{record.amount}元")
    return redirect("department:page", unit_id=unit.pk, year=year)


@login_required
@require_POST
def budget_set(request, unit_id: int, year: int):
    unit, year = _unit_year(request, unit_id, year)
    require_editor(request.user, unit.pk)  # before the form: a reader is told why, not what to fix
    data = _form(BudgetForm, request)
    services.basic_budget_set(unit=unit, year=year, amount=data["amount"], version=data["version"], user=request.user)
    messages.success(request, f"已设置{year}年基本支出预算")
    return redirect("department:page", unit_id=unit.pk, year=year)


@login_required
@require_POST
def records_import(request, unit_id: int, year: int, kind: str):
    """Upload → the whole file checked → imported at once when every row is good; otherwise a report
    of every bad row (row, field, reason) with 只导入合格的行 / 取消, and nothing written until confirmed."""
    unit, year = _unit_year(request, unit_id, year)
    if kind not in services.KINDS:
        raise DepartmentError("kind", e.KIND.format(kind=kind[:40]))
    require_editor(request.user, unit.pk)
    data, name, carried = upload_or_carried(request)
    only_good = carried is not None and carried.cleaned_data["only_good"]
    name = PurePath(name).name or "上传的文件"
    try:
        rows = rows_of(data, name)
    except ReadError as exc:
        raise exc.within(name, then=e.NOTHING_IMPORTED) from None
    good, bad = services.records_check(unit=unit, year=year, kind=kind, rows=rows)
    if good and (not bad or only_good):
        count, skipped = services.records_import(unit=unit, year=year, kind=kind, rows=rows, name=name,
                                                 user=request.user, only_good=only_good)
        messages.success(request, f"已导入{count}条{services.KINDS[kind]}记录" + (f"，跳过有误的{len(skipped)}行" if skipped else ""))
        return redirect("department:page", unit_id=unit.pk, year=year)
    form = CarriedFileForm(initial={"content": base64.b64encode(data).decode("ascii"), "file_name": name,
                                      "only_good": True})
    return render(request, "department/import_report.html", {
        "unit": unit, "year": year, "kind": kind, "what": services.KINDS[kind], "name": name,
        "good": good, "bad": bad, "form": form})
