"""The ledger pages: a unit's items of a year (overdue first), an item with its evidence and history,
and the POSTs that list, edit, move and prove items. Views only translate; the services decide."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ...core.evidence import content_type
from ...evaluation import rectification as rules
from ...evaluation.rectification import RectificationError
from ..goals import selectors as goal_selectors
from ..history import selectors as history
from . import errors as e
from . import selectors, services
from .forms import ItemForm, ManualForm, MoveForm, checked
from .permissions import may_keep, may_list, require_keeper, require_lister

FINDING_FIELDS = ("found_where", "problem", "responsible", "deadline", "measures")


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise RectificationError("year", e.YEAR_RANGE.format(year=year))
    return year


@login_required
@require_GET
def index(request):
    """The units the user sees and their years, each with its items and open ones, linking to the ledger."""
    return render(request, "rectification/index.html", {"units": selectors.unit_years(user=request.user),
                                                        "this_year": timezone.localdate().year})


@login_required
@require_GET
def ledger(request, unit_id: int, year: int):
    unit = selectors.unit_get(user=request.user, unit_id=unit_id)
    items = selectors.rectification_list(user=request.user, unit=unit, year=_year(year))
    return render(request, "rectification/ledger.html", {
        "unit": unit, "year": year, "items": items, "form": ManualForm(), "can_list": may_list(request.user, unit.pk),
        "history": history.history_of_kind("rectification", [i.pk for i in items], limit=history.limit_of(request)),
        "history_objects": True})


@login_required
@require_POST
def ledger_add(request, unit_id: int, year: int):
    """An item entered by hand: from an audit, a finance inspection or elsewhere."""
    unit = selectors.unit_get(user=request.user, unit_id=unit_id)
    require_lister(request.user, unit.pk)  # before the form: a reader is told why, not what to fix
    form = checked(ManualForm(request.POST), RectificationError, "invalid")
    item = services.rectification_create(
        unit=unit, year=_year(year), source_kind=form.cleaned_data["source_kind"], user=request.user,
        fields={k: form.cleaned_data[k] for k in FINDING_FIELDS})
    messages.success(request, f"已列入整改台账：{item.problem[:40]}")
    return redirect("rectification:item", item_id=item.pk)


def _int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


@login_required
@require_POST
def from_finding(request):
    """列为整改事项 from a page that shows a problem: the review's findings, a monitoring row, a
    self-evaluation indicator. The same finding twice is refused (409) and nothing is made."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=_int(request.POST.get("plan", "")) or 0)
    require_lister(request.user, plan.unit_id)  # before the form: a reader is told why
    project = indicator = None
    if (indicator_id := _int(request.POST.get("indicator", ""))) is not None:
        indicator = next((i for p in plan.projects.all() for i in p.indicators.all() if i.pk == indicator_id), None)
        if indicator is None:
            raise RectificationError("indicator", e.FOREIGN.format(what="指标", unit=plan.unit.name, year=plan.year))
    if (project_id := _int(request.POST.get("project", ""))) is not None:
        project = next((p for p in plan.projects.all() if p.pk == project_id), None)
        if project is None:
            raise RectificationError("project", e.FOREIGN.format(what="项目", unit=plan.unit.name, year=plan.year))
    source = request.POST.get("source_kind", "")
    rules.check_source(source)
    item = services.rectification_create(
        unit=plan.unit, year=plan.year, source_kind=source, user=request.user, plan=plan, project=project,
        indicator=indicator, finding_key=request.POST.get("finding_key", "")[:300],
        fields={"found_where": request.POST.get("found_where", "")[:300],
                "problem": request.POST.get("problem", "")[:2000]})
    messages.success(request, f"已列为整改事项：{item.problem[:40]}；请填写责任人、整改期限和整改措施")
    return redirect("rectification:item", item_id=item.pk)


def _item_page(request, item, form=None, move_form=None, status=200, edit_error=""):
    return render(request, "rectification/item.html", {
        "item": item, "can_keep": may_keep(request.user, item.unit_id), "edit_error": edit_error,
        "form": form or ItemForm(initial={k: getattr(item, k) for k in FINDING_FIELDS} | {"version": item.version}),
        "move_form": move_form or MoveForm(initial={"version": item.version, "measures": item.measures}),
        "moves": [(s, rules.label(s)) for s in rules.allowed_moves(item.status)],
        "evidence": list(item.evidence.all()),
        "history": history.history_list(item, limit=history.limit_of(request))}, status=status)


@login_required
@require_GET
def item(request, item_id: int):
    return _item_page(request, selectors.rectification_get(user=request.user, item_id=item_id))


@login_required
@require_POST
def item_edit(request, item_id: int):
    item = selectors.rectification_get(user=request.user, item_id=item_id)
    require_keeper(request.user, item.unit_id)
    form = checked(ItemForm(request.POST), RectificationError, "invalid")
    if form.cleaned_data["version"] is None:
        raise RectificationError("version", e.NO_VERSION)
    try:
        services.rectification_update(item=item, version=form.cleaned_data["version"], user=request.user,
                                      fields={k: form.cleaned_data[k] for k in FINDING_FIELDS})
    except RectificationError as exc:
        if exc.code != "stale":
            raise
        item.refresh_from_db()  # what was typed stays in the form, on the version saved now
        data = request.POST.copy()
        data["version"] = str(item.version)
        kept = ItemForm(data)
        return _item_page(request, item, form=kept, status=409, edit_error=e.STALE_KEPT.format(problem=item.problem[:40]))
    messages.success(request, "已保存整改事项")
    return redirect("rectification:item", item_id=item.pk)


@login_required
@require_POST
def item_move(request, item_id: int):
    item = selectors.rectification_get(user=request.user, item_id=item_id)
    require_keeper(request.user, item.unit_id)
    form = checked(MoveForm(request.POST), RectificationError, "invalid")
    measures = form.cleaned_data["measures"] if "measures" in request.POST else None
    services.rectification_move(item=item, status=form.cleaned_data["status"], version=form.cleaned_data["version"],
                                user=request.user, reason=form.cleaned_data["reason"], measures=measures)
    messages.success(request, f"整改状态已改为“{rules.label(item.status)}”")
    return redirect("rectification:item", item_id=item.pk)


@login_required
@require_POST
def evidence_upload(request, item_id: int):
    item = selectors.rectification_get(user=request.user, item_id=item_id)
    evidence = services.rectification_evidence_add(item=item, file=request.FILES.get("file"), user=request.user)
    messages.success(request, f"已上传佐证材料：{evidence.name}")
    return redirect("rectification:item", item_id=item.pk)


@login_required
@require_GET
def evidence_download(request, item_id: int, evidence_id: int):
    """An evidence file, to whoever may see the item's unit."""
    evidence = selectors.evidence_get(user=request.user, item_id=item_id, evidence_id=evidence_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=Path(evidence.name).name,
                        content_type=content_type(evidence.name))  # never text/html: an old upload may be a page
