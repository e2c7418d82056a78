"""Reads, filtered by what the user may see."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, prefetch_related_objects

from ..accounts.roles import ADMIN, has_role, has_role_in, unit_ids_of, visible
from . import errors as e
from .errors import NotFound
from .models import Indicator, Plan, Project, Unit
from .permissions import EDITS


def with_counts(rows, model, key: str, attribute: str):
    """Set each row's count of related rows with one query for the rows shown, not the whole table."""
    rows = list(rows)
    counts = dict(model.objects.filter(**{f"{key}__in": [r.pk for r in rows]}).values_list(key).annotate(n=Count("id")))
    for r in rows:
        setattr(r, attribute, counts.get(r.pk, 0))
    return rows


def plan_list(*, user, filters: dict | None = None):
    plans = visible(Plan.objects.select_related("unit"), user, "unit_id").order_by("-year", "unit__code", "id")
    if filters:
        if filters.get("year"):
            plans = plans.filter(year=filters["year"])
        if filters.get("state"):
            plans = plans.filter(state=filters["state"])
        if filters.get("q"):
            plans = plans.filter(Q(unit__name__contains=filters["q"]) | Q(unit__code__startswith=filters["q"]))
    return plans


def project_list(*, user, filters: dict | None = None):
    projects = visible(Project.objects.select_related("plan__unit"), user, "plan__unit_id")
    projects = projects.order_by("-plan_id", "position", "id")  # newest plans first, along an index
    if filters:
        if filters.get("year"):
            projects = projects.filter(plan__year=filters["year"])
        if filters.get("q"):
            q = filters["q"]
            projects = projects.filter(Q(name__contains=q) | Q(code__startswith=q) | Q(plan__unit__name__contains=q))
    return projects


PROJECTS = Prefetch("projects", queryset=Project.objects.prefetch_related("indicators"))


def plan_get(*, user, plan_id: int, projects: bool = True) -> Plan:
    """A plan the user may see, with its projects and their indicators (unless `projects` is False: then
    `plan_projects` reads them when needed)."""
    queryset = visible(Plan.objects.select_related("unit"), user, "unit_id")
    try:
        plan = queryset.get(pk=plan_id)
    except Plan.DoesNotExist:
        raise NotFound(e.MISSING_PLAN_MESSAGE) from None
    return plan_projects(plan) if projects else plan


def plan_projects(plan: Plan) -> Plan:
    """The plan with its projects and their indicators read in two queries."""
    prefetch_related_objects([plan], PROJECTS)
    return plan


def project_get(*, user, project_id: int) -> Project:
    queryset = visible(Project.objects.select_related("plan__unit"), user, "plan__unit_id").prefetch_related(
        "indicators")
    try:
        return queryset.get(pk=project_id)
    except Project.DoesNotExist:
        raise NotFound(e.MISSING_PROJECT_MESSAGE) from None


def indicator_get(*, user, indicator_id: int) -> Indicator:
    queryset = visible(Indicator.objects.select_related("project__plan__unit"), user, "project__plan__unit_id")
    try:
        return queryset.get(pk=indicator_id)
    except Indicator.DoesNotExist:
        raise NotFound(e.MISSING_INDICATOR_MESSAGE) from None


def unit_list(*, user):
    return visible(Unit.objects.all(), user, "id")


def published_plans():
    return Plan.objects.filter(state=Plan.PUBLISHED).select_related("unit").order_by("unit__code", "-year")


def published_plan(*, unit_code: str, year: int) -> Plan:
    try:
        return Plan.objects.select_related("unit").prefetch_related(
            Prefetch("projects", queryset=Project.objects.prefetch_related("indicators"))).get(
            unit__code=unit_code, year=year, state=Plan.PUBLISHED)
    except Plan.DoesNotExist:
        raise NotFound(e.MISSING_PUBLIC_PLAN_MESSAGE) from None


def import_unit(*, user, unit_code: str, unit_name: str) -> tuple[Unit | None, str]:
    """The unit a document is imported into and, when it has no unit code, a notice saying how it was
    chosen: by its code; without one, the one unit of its name, else the uploader's own unit when they
    enter goals for exactly one. None when there is no such unit."""
    if unit_code:
        return Unit.objects.filter(code=unit_code).first(), ""
    named = list(Unit.objects.filter(name=unit_name)[:2]) if unit_name else []
    if len(named) == 1:
        return named[0], e.UNIT_BY_NAME_MESSAGE.format(name=unit_name, unit=named[0])
    units = unit_ids_of(user)
    own = [] if units is None else [u for u in sorted(units) if has_role_in(user, u, *EDITS)]
    if len(own) == 1:
        unit = Unit.objects.get(pk=own[0])
        return unit, e.UNIT_OWN_MESSAGE.format(name=unit_name or e.NO_UNIT_NAME, unit=unit)
    return None, ""


def plan_import_outcome(*, user, unit_code: str, unit_name: str, year: int) -> dict:
    """What importing a document of this unit and year would do, told on the preview before the user
    confirms: `refusal` (the message the import would be refused with) or `notices` (a draft to be
    replaced, a unit to be created, the unit chosen for a document without a unit code), `unit` (the
    unit it goes to, when it exists) and `replaces` (the draft's id, when there is one)."""
    label = f"{unit_code}{unit_name}"
    unit, chosen = import_unit(user=user, unit_code=unit_code, unit_name=unit_name)
    if unit is None and not unit_code:
        return {"refusal": e.NO_UNIT_MESSAGE.format(name=unit_name or e.NO_UNIT_NAME), "notices": [],
                "replaces": None, "unit": None}
    outcome = _outcome(user, unit, label, year)
    if chosen:
        outcome["notices"].insert(0, chosen)
    return {**outcome, "unit": unit}


def _outcome(user, unit: Unit | None, label: str, year: int) -> dict:
    if unit is None:
        if not has_role(user, ADMIN):
            return {"refusal": e.UNIT_NOT_CREATED_MESSAGE.format(unit=label), "notices": [], "replaces": None}
        return {"refusal": "", "notices": [e.UNIT_WILL_BE_CREATED_MESSAGE.format(unit=label)], "replaces": None}
    if not has_role_in(user, unit.id, *EDITS):
        return {"refusal": e.OUTSIDER_IMPORT_MESSAGE.format(unit=unit), "notices": [], "replaces": None}
    plan = Plan.objects.filter(unit=unit, year=year).first()
    if plan is None:
        return {"refusal": "", "notices": [], "replaces": None}
    if plan.locked:
        return {"refusal": e.EXISTS_LOCKED_MESSAGE.format(unit=unit.name, year=year, state=plan.get_state_display()),
                "notices": [], "replaces": None}
    notice = e.DRAFT_EXISTS_MESSAGE.format(unit=unit.name, year=year, count=plan.projects.count())
    return {"refusal": "", "notices": [notice], "replaces": plan.pk}
