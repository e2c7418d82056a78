"""A unit-wide indicator's actual from the records: its metric (取数口径), its value and the records
counted (ID numbers masked except for the unit's relief officers), the form that binds it, and its
history. Views only translate; the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ...evaluation.department import DepartmentError
from ...evaluation.unit_metrics import NOT_BOUND
from ..history import selectors as history
from ..relief.permissions import sees_personal_data
from . import goal_selectors, selectors, services
from .forms import UnitMetricForm, errors_text
from .permissions import may_edit, require_editor


def _page(request, indicator, bind_error: str = "", status: int = 200):
    plan = indicator.plan
    row = selectors.unit_actuals(plan=plan, indicators=[indicator])[0]
    full = sees_personal_data(request.user, plan.unit_id)
    records = selectors.unit_drill_down(row.value.records, full) if row.value is not None else []
    return render(request, "department/unit_actual.html", {
        "indicator": indicator, "row": row, "plan": plan, "records": records, "catalogue": row.fitting,
        "can_edit": may_edit(request.user, plan.unit_id), "bind_error": bind_error, "not_bound": NOT_BOUND,
        "history": history.history_list(indicator, limit=history.limit_of(request))}, status=status)


@login_required
@require_GET
def unit_actual(request, indicator_id: int):
    """Where a unit-wide indicator's actual comes from."""
    return _page(request, goal_selectors.unit_indicator_get(user=request.user, indicator_id=indicator_id))


@login_required
@require_POST
def unit_indicator_bind(request, indicator_id: int):
    """Set, change or remove a unit-wide indicator's metric; a metric whose unit does not fit the target is
    refused beside the form (400), a stale page's (409), and nothing changes."""
    indicator = goal_selectors.unit_indicator_get(user=request.user, indicator_id=indicator_id)
    require_editor(request.user, indicator.plan.unit_id)  # before the form: a reader is told why
    form = UnitMetricForm(request.POST)
    if not form.is_valid():
        raise DepartmentError("invalid", errors_text(form))
    try:
        services.unit_indicator_bind(indicator=indicator, metric=form.cleaned_data["metric"],
                                     version=form.cleaned_data["version"], user=request.user)
    except DepartmentError as exc:
        if exc.code not in ("metric", "stale", "proposed"):
            raise
        indicator.refresh_from_db()
        return _page(request, indicator, bind_error=exc.message, status=exc.status)
    messages.success(request, f"已设置“{indicator.name}”的取数口径")
    return redirect("department:unit_actual", indicator_id=indicator.pk)
