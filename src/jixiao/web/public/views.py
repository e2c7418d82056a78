"""Pages for the public: published goal tables and self-evaluation results, no login."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ..goals import selectors
from ..goals.convert import plan_document


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
    return render(request, "public/plan.html", {"plan": plan, "document": plan_document(plan),
                                                "scores": published_scores(plan), "publications": publications,
                                                "corrections": [p for p in publications if p.reason]})
