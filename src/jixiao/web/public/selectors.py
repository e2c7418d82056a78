"""What the public reads: the published goal document, not the live plan; and how the goals in force
differ from it (the plan page's 已公开的目标与现行目标不一致, the 更正's fingerprint)."""

from __future__ import annotations

from ...core.document import GoalDocument
from ...core.errors import NOT_FOUND
from ...core.goal_changes import GoalChange, goal_changes
from ...formats.jixiao_json import from_dict
from ..fingerprints import fingerprint
from ..goals.convert import plan_document
from . import errors as e
from .models import PublishedPlan


def published_document(plan) -> GoalDocument:
    """The goal document as published (the newest publication). A plan published before publications were
    frozen is frozen at its first public reading, as it is then."""
    snapshot = PublishedPlan.objects.filter(plan=plan).first()
    if snapshot is None:
        from .services import published_plan_create

        snapshot = published_plan_create(plan=plan, user=None)
    return snapshot_document(snapshot)


def snapshot_document(snapshot: PublishedPlan) -> GoalDocument:
    return from_dict(snapshot.document, f"{snapshot.plan}（公开版本）")


def published_plan(plan) -> PublishedPlan | None:
    """The publication in force (the newest), None when the goals were never frozen."""
    return PublishedPlan.objects.filter(plan=plan).select_related("created_by").first()


def published_plan_list(plan):
    """Every publication of the plan's goals, the one in force first; the others were replaced by a 更正."""
    return PublishedPlan.objects.filter(plan=plan).select_related("created_by")


def published_plan_get(*, plan, publication_id: int) -> PublishedPlan:
    """One publication of the plan's goals (an earlier one stays readable after a 更正); 404 otherwise."""
    found = PublishedPlan.objects.filter(plan=plan, pk=publication_id).first()
    if found is None:
        raise e.PublicError(e.MISSING_PUBLICATION, e.MISSING_PUBLICATION_MESSAGE.format(
            unit=plan.unit.name, year=plan.year, id=publication_id), kind=NOT_FOUND)
    return found


def published_goal_changes(plan, published: PublishedPlan | None) -> list[GoalChange]:
    """How the goals in force differ from the publication (an adjustment approved since); [] when the same
    or never frozen."""
    if published is None:
        return []
    return goal_changes(snapshot_document(published), plan_document(plan))


def goals_seen(published: PublishedPlan | None, changes: list[GoalChange]) -> str:
    """What the plan page shows of the publication, as its 更正 form sends it back: the publication in force
    and the changes listed. Another 更正, or another adjustment approved since, changes it (409)."""
    return fingerprint({"published": published.pk if published else None, "changes": [str(c) for c in changes]})
