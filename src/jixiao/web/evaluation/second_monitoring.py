"""二次监控 (issue 15 §2) in the database: which projects of a plan the first monitoring round sends to a second
round (evaluation/second_monitoring.py), the follow-up tasks finance opens for them, and what the unit records
in them. Reads first, then the writes (keyword-only, atomic, each with its history entry).

Who does what: the finance bureau's 财政审核 (or 管理员) opens a task and chooses its date. The second round is
finance's follow-up of what the first found (136号: 财政 does the 定期监控 and may adjust, suspend or stop a project
that deviates, RULES.md §3.3-3.4): the unit that is behind does not get to choose when it is looked at again.
The unit's 单位填报 (or 管理员), who keep its records, fill the task in: the figures of that date are computed
from the records, the unit adds its year-end forecast and the state of rectification."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ...core.document import project_key
from ...core.errors import CONFLICT
from ...evaluation import errors as e
from ...evaluation import rectification as rectification_rules
from ...evaluation.errors import EvaluationError
from ...evaluation.monitoring import default_as_of
from ...evaluation.second_monitoring import SecondRoundNeed, check_second_date, second_dates, second_round, settings_of
from ...formats.evaluation_json import monitor_json, monitor_rows
from ..accounts.roles import ADMIN, FINANCE, has_role, require
from ..goals.errors import NotFound
from ..goals.models import Plan, Project
from ..history.services import diff, log_action
from . import selectors
from .models import SecondMonitoring
from .permissions import OPEN, require_recorder

OPENERS = (FINANCE, ADMIN)


# ---------------------------------------------------------------- reads

def first_as_of(plan: Plan) -> date:
    """The first round's cut-off: the rule set's monitoring date in the plan's year (1-7月)."""
    return default_as_of(plan.year, plan.rules["monitoring"])


def needs(plan: Plan, first_rows=None) -> list[SecondRoundNeed]:
    """The plan's projects that need 二次监控 after the first round (`first_rows`: its table, when at hand)."""
    first = first_as_of(plan)
    if first_rows is None:
        _, first_rows = selectors.monitoring(plan, first)
    return second_round(first_rows, first, plan.rules["monitoring"])


def dates(plan: Plan) -> list[date]:
    """The month-ends a second round of this plan may be set at."""
    return second_dates(plan.year, plan.rules["monitoring"])


def second_monitoring_list(plan: Plan):
    return SecondMonitoring.objects.filter(plan=plan).select_related("project", "created_by", "recorded_by")


def second_monitoring_get(*, user, task_id: int) -> SecondMonitoring:
    """A task of a plan the user may see; NotFound otherwise (as for a plan of another unit)."""
    from ..goals import selectors as goal_selectors

    task = SecondMonitoring.objects.select_related("plan__unit", "project").filter(pk=task_id).first()
    if task is None:
        raise NotFound(e.SECOND_NO_SUCH_TASK.format(id=task_id))
    goal_selectors.plan_get(user=user, plan_id=task.plan_id)
    return task


def figures_now(task: SecondMonitoring) -> dict:
    """The project's monitoring row at the task's date, from the records dated by then (as the first round's),
    as `monitor_json` writes a table of one project."""
    when, rows = selectors.monitoring(task.plan, task.as_of)
    key = project_key(task.project)
    return monitor_json(when, [r for r in rows if r.key == key], task.plan.rules.code, sources=True)


def figure_rows(figures: dict | None):
    """A task's kept figures as monitoring rows (date, rows), or None before they are recorded."""
    return None if not figures else monitor_rows(figures)


def open_items(task: SecondMonitoring) -> list:
    """The project's rectification items still open (未整改, 整改中) of the plan's year, for the task page."""
    from ..rectification.models import Rectification

    items = list(Rectification.objects.filter(unit_id=task.plan.unit_id, year=task.plan.year, project=task.project)
                 .exclude(status__in=rectification_rules.closed()).order_by("deadline", "id"))
    for item in items:
        item.status_label = rectification_rules.label(item.status)  # type: ignore[attr-defined]
    return items


def may_open(user) -> bool:
    return has_role(user, *OPENERS)


# ---------------------------------------------------------------- writes

def second_monitoring_open(*, plan: Plan, project: Project, as_of: date, user) -> SecondMonitoring:
    """Open the follow-up task of a project the first round found behind, at a month-end after it (1-9月).
    Refused: a user who is not finance (403), a date elsewhere (400), a plan not approved, a project the first
    round does not call for, and a task opened twice (409)."""
    require(has_role(user, *OPENERS), e.SECOND_OPENERS)
    if plan.state not in OPEN:
        raise EvaluationError("not_approved", e.SECOND_PLAN_STATE.format(plan=plan, state=plan.get_state_display()),
                              kind=CONFLICT)
    check_second_date(as_of, plan.year, plan.rules["monitoring"])
    first = first_as_of(plan)
    need = next((n for n in needs(plan) if n.key == project_key(project)), None)
    if need is None:
        deviation = settings_of(plan.rules["monitoring"])["deviation"]
        raise EvaluationError("not_needed", e.SECOND_NOT_NEEDED.format(project=project.name, first=f"{first:%Y-%m-%d}",
                                                                       deviation=deviation), kind=CONFLICT)
    try:
        with transaction.atomic():
            task = SecondMonitoring.objects.create(plan=plan, project=project, first_as_of=first, as_of=as_of,
                                                   triggers=[t.text for t in need.triggers], created_by=user)
            log_action("second_monitoring.opened", task, user, {"as_of": ["", as_of.isoformat()]}, need.why[:500])
    except IntegrityError:
        same = SecondMonitoring.objects.get(project=project, first_as_of=first)
        raise EvaluationError("opened_twice", e.SECOND_OPEN_TWICE.format(
            project=project.name, first=f"{first:%Y-%m-%d}", when=timezone.localtime(same.created_at), id=same.pk),
            kind=CONFLICT) from None
    return task


def second_monitoring_record(*, task: SecondMonitoring, forecast_rate: Decimal, forecast: str,
                             rectification_state: str, version: int | None, user) -> SecondMonitoring:
    """The unit's follow-up: the figures of the task's date computed from the records and kept, with its year-end
    forecast (execution rate, and in words) and the state of rectification. Recording again replaces them (the
    history keeps each). A stale `version` is refused (409); the figures are computed before the write begins."""
    require_recorder(user, task.plan)
    if not rectification_state.strip():
        raise EvaluationError("rectification_state", e.SECOND_STATE_MISSING,
                              fields={"rectification_state": e.SECOND_STATE_MISSING})
    figures = figures_now(task)
    with transaction.atomic():
        match = SecondMonitoring.objects.filter(pk=task.pk)
        if version is not None:
            match = match.filter(version=version)
        if not match.update(version=F("version") + 1):
            raise EvaluationError(e.STALE, e.STALE_MESSAGE.format(what=str(task)), kind=CONFLICT)
        task.refresh_from_db()
        before = {"forecast_rate": task.forecast_rate, "forecast": task.forecast,
                  "rectification_state": task.rectification_state, "status": task.get_status_display()}
        task.figures, task.forecast_rate, task.forecast = figures, forecast_rate, forecast.strip()
        task.rectification_state, task.status = rectification_state.strip(), SecondMonitoring.DONE
        task.recorded_by, task.recorded_at = user, timezone.now()
        task.full_clean(exclude=["plan", "project", "created_by", "recorded_by"])
        task.save(update_fields=["figures", "forecast_rate", "forecast", "rectification_state", "status",
                                 "recorded_by", "recorded_at"])
        after = {"forecast_rate": task.forecast_rate, "forecast": task.forecast,
                 "rectification_state": task.rectification_state, "status": task.get_status_display()}
        log_action("second_monitoring.recorded", task, user, diff(before, after))
    return task
