"""What the public reads: the published goal document, not the live plan."""

from __future__ import annotations

from ...core.document import GoalDocument
from ...formats.jixiao_json import from_dict
from .models import PublishedPlan


def published_document(plan) -> GoalDocument:
    """The goal document as published (the newest publication). A plan published before publications were
    frozen is frozen at its first public reading, as it is then."""
    snapshot = PublishedPlan.objects.filter(plan=plan).first()
    if snapshot is None:
        from .services import published_plan_create

        snapshot = published_plan_create(plan=plan, user=None)
    return from_dict(snapshot.document, f"{plan}（公开版本）")
