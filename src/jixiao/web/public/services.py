"""Freezing what the public sees: a plan's goal document at its publication, and its 更正 when the goals in
force differ from it (an adjustment approved after publication)."""

from __future__ import annotations

from django.db import transaction

from ...core.corrections import correction_reason
from ...core.errors import CONFLICT
from ...formats.jixiao_json import to_dict
from ..goals.convert import plan_document
from ..goals.models import Plan
from ..goals.permissions import require_plan_action
from ..history.services import log_action
from . import errors as e
from . import selectors
from .models import PublishedPlan


@transaction.atomic
def published_plan_create(*, plan, user) -> PublishedPlan:
    """The plan's goal document as it is now, kept as the published one (part of 公开绩效目标, whose
    history entry plan.published records it)."""
    return PublishedPlan.objects.create(plan=plan, document=to_dict(plan_document(plan)), created_by=user)


@transaction.atomic
def published_plan_correct(*, plan: Plan, reason: str, user, seen: str | None = None) -> PublishedPlan:
    """更正 the published goals: the goals in force (project and unit-wide, an approved 调整 included)
    become the published ones, with the reason the public page shows; the earlier publications are kept.
    By those who may publish. Refused (409) when the goals were never published, when nothing differs,
    or when they are not what the page showed (`seen`, from `selectors.goals_seen`): a 更正 made or an
    adjustment approved since; a double click is refused by the same check."""
    require_plan_action(user, plan, "publish")
    reason = correction_reason(reason, e.GOALS_REASON_MESSAGE, e.PublicError)
    plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)  # two at once: one after the other
    published = selectors.published_plan(plan)
    if plan.state != Plan.PUBLISHED or published is None:
        raise e.PublicError(e.GOALS_NOT_PUBLISHED, e.GOALS_NOT_PUBLISHED_MESSAGE.format(
            plan=plan, state=plan.get_state_display()), kind=CONFLICT)
    changes = selectors.published_goal_changes(plan, published)
    if seen is not None and seen != selectors.goals_seen(published, changes):
        raise e.PublicError(e.GOALS_CHANGED, e.GOALS_CHANGED_MESSAGE.format(plan=plan), kind=CONFLICT)
    if not changes:
        raise e.PublicError(e.GOALS_SAME, e.GOALS_SAME_MESSAGE.format(plan=plan), kind=CONFLICT)
    snapshot = PublishedPlan.objects.create(plan=plan, document=to_dict(plan_document(plan)), reason=reason,
                                            created_by=user)
    log_action("plan.corrected", plan, user, {"published_goals": [
        "；".join(f"{c.place}：{c.published}" for c in changes), "；".join(f"{c.place}：{c.now}" for c in changes)]},
        reason)
    return snapshot
