"""Pages for the public: published goal tables and self-evaluation results, no login."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ..downloads import public_file
from ..goals import selectors
from .selectors import published_document


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
    return render(request, "public/plan.html", {"plan": plan, "document": published_document(plan),
                                                "scores": published_scores(plan), "publications": publications,
                                                "corrections": [p for p in publications if p.reason]})


@require_GET
def download(request, unit_code: str, year: int, table: str, fmt: str):
    """The published 目标表 or 自评表 as .pdf or .xlsx, for anyone."""
    return public_file(selectors.published_plan(unit_code=unit_code, year=year), table, fmt)
