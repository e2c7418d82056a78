"""Pages of the indicator library: they only translate between HTTP and services/selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ...core.indicator_library import KINDS, SECTOR, LibraryError, spread_key
from ..goals import selectors as goals
from ..history import selectors as history
from ..history.services import ACTIONS
from . import errors as e
from . import selectors, services
from .permissions import may_curate


def _version(request) -> int:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        raise LibraryError("version", e.NO_VERSION) from None


@login_required
@require_GET
def entry_list(request):
    q = request.GET.get("q", "").strip()[:100]
    retired = request.GET.get("retired") == "1"
    snapshot = selectors.library_snapshot()
    found = selectors.suggestions(text=q, limit=30, snapshot=snapshot) if q else []
    entries = list(selectors.entry_list(retired=retired)[:500]) if not q else []
    for entry in entries:
        entry.used = snapshot.used[spread_key(entry.name, '')[0]]
        entry.spread = selectors.spread_text(snapshot, entry.name, "", entry.level2)
    return render(request, "library/entry_list.html", {
        "q": q, "retired": retired, "found": found, "entries": entries, "curator": may_curate(request.user),
        "candidates": selectors.unused_candidates() if may_curate(request.user) and not q else [],
        "kinds": KINDS})


@login_required
@require_GET
def entry_detail(request, entry_id: int):
    entry = selectors.entry_get(entry_id=entry_id)
    snapshot = selectors.library_snapshot()
    return render(request, "library/entry_detail.html", {
        "entry": entry, "curator": may_curate(request.user), "used": snapshot.used[spread_key(entry.name, "")[0]],
        "spread": selectors.spread_text(snapshot, entry.name, "", entry.level2),
        "history": history.history_list(entry, limit=history.limit_of(request)), "actions": ACTIONS})


@login_required
@require_POST
def entry_retire(request, entry_id: int):
    entry = selectors.entry_get(entry_id=entry_id)
    services.entry_retire(entry=entry, version=_version(request), reason=request.POST.get("reason", ""),
                          user=request.user)
    messages.success(request, f"已停用指标“{entry.name}”")
    return redirect("library:entry_detail", entry_id=entry.pk)


@login_required
@require_POST
def entry_restore(request, entry_id: int):
    entry = selectors.entry_get(entry_id=entry_id)
    services.entry_restore(entry=entry, version=_version(request), user=request.user)
    messages.success(request, f"已恢复指标“{entry.name}”")
    return redirect("library:entry_detail", entry_id=entry.pk)


@login_required
@require_POST
def entry_promote(request, indicator_id: int):
    indicator = goals.indicator_get(user=request.user, indicator_id=indicator_id)
    entry = services.entry_promote(indicator=indicator, user=request.user,
                                   kind=request.POST.get("kind", SECTOR), sector=request.POST.get("sector", "").strip())
    messages.success(request, f"已将指标“{entry.name}”收入指标库")
    return redirect("library:entry_detail", entry_id=entry.pk)


@login_required
@require_POST
def assist(request, project_id: int):
    """While a project's indicator is being written (htmx): the library's suggestions for what is typed
    (or, before anything is typed, for the project's name and purpose), and where the typed target
    stands among the approved plans' targets for the same indicator. Nothing is saved."""
    project = goals.project_get(user=request.user, project_id=project_id)
    typed = request.POST.get("name", "").strip()[:200]
    if not any(ch.isalnum() for ch in typed):  # only punctuation or symbols: nothing to search by yet
        typed = ""
    target = request.POST.get("target_raw", "").strip()[:200]
    level2 = request.POST.get("level2", "").strip()[:40]
    snapshot = selectors.library_snapshot()
    text, context = (typed, project.name) if typed else (project.name, project.purpose[:500])
    return render(request, "library/_assist.html", {
        "project": project, "typed": typed, "target": target,
        "found": selectors.suggestions(text=text, context=context, snapshot=snapshot),
        "spread": selectors.spread_text(snapshot, typed, target, level2) if typed else ""})
