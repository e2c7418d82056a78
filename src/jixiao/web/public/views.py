"""Pages for the public: published goal tables and self-evaluation results, no login."""

from django.shortcuts import redirect, render
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET

from ..downloads import public_file
from ..goals import selectors
from . import errors as e
from .selectors import (
    published_document,
    published_goal_changes,
    published_plan_get,
    published_plan_list,
    snapshot_document,
)


@require_GET
def index(request):
    if request.user.is_authenticated and request.GET.get("public") != "1":
        return redirect("goals:plan_list")
    return render(request, "public/index.html", {"plans": selectors.published_plans()})


@require_GET
def plan(request, unit_code: str, year: int):
    plan = selectors.published_plan(unit_code=unit_code, year=year)
    from ..evaluation.selectors import published_evaluation_list, published_scores

    publications = list(published_evaluation_list(plan))  # the newest is in force; the others were corrected
    document = published_document(plan)
    goal_publications = list(published_plan_list(plan))  # the same for the goals (更正 after an adjustment)
    return render(request, "public/plan.html", {"plan": plan, "document": document,
                                                "scores": published_scores(plan), "publications": publications,
                                                "corrections": [p for p in publications if p.reason],
                                                "goal_publications": goal_publications,
                                                "goal_corrections": [p for p in goal_publications if p.reason],
                                                "goals_pending": _pending(plan, goal_publications)})


def _pending(plan, publications: list) -> str:
    """The public page is never silently out of date: when an adjustment was approved after the goals in
    force were published and the unit has not corrected them yet, it says so; "" otherwise."""
    if not publications or not published_goal_changes(plan, publications[0]):
        return ""
    on = localtime(publications[0].created_at)
    return e.GOALS_PENDING.format(when=f"{on.year}年{on.month}月{on.day}日{'更正' if publications[0].reason else '公开'}")


@require_GET
def plan_version(request, unit_code: str, year: int, publication_id: int):
    """One publication of the goals, an earlier one included: what the public read until its 更正."""
    plan = selectors.published_plan(unit_code=unit_code, year=year)
    publication = published_plan_get(plan=plan, publication_id=publication_id)
    newest = published_plan_list(plan).first()
    return render(request, "public/plan_version.html", {
        "plan": plan, "publication": publication, "document": snapshot_document(publication),
        "in_force": newest is not None and newest.pk == publication.pk,
        "replaced_by": published_plan_list(plan).filter(pk__gt=publication.pk).order_by("pk").first()})


@require_GET
def download(request, unit_code: str, year: int, table: str, fmt: str):
    """The published 目标表 or 自评表 as .pdf or .xlsx, for anyone."""
    return public_file(selectors.published_plan(unit_code=unit_code, year=year), table, fmt)
