"""Freezing what the public sees: a plan's goal document at its publication."""

from __future__ import annotations

from django.db import transaction

from ...formats.jixiao_json import to_dict
from ..goals.convert import plan_document
from .models import PublishedPlan


@transaction.atomic
def published_plan_create(*, plan, user) -> PublishedPlan:
    """The plan's goal document as it is now, kept as the published one (part of 公开绩效目标, whose
    history entry plan.published records it)."""
    return PublishedPlan.objects.create(plan=plan, document=to_dict(plan_document(plan)), created_by=user)
