"""Writes of the 部门整体支出绩效自评 (issue 14 §3): the unit's prose of its 自评报告 (versioned), and the
publication (公开部门整体自评) and its corrections (更正) as frozen snapshots, each acting on what the page
showed (its fingerprint). Each in one transaction with its history entry."""

from __future__ import annotations

from django.db import transaction

from ...core.corrections import correction_reason
from ...core.errors import CONFLICT
from ...evaluation.department import DepartmentError
from ...rulesets import load
from ..accounts.roles import ADMIN, APPROVER, has_role_in, require_role_in
from ..goals.models import Plan, Unit
from ..history.services import log_action
from . import errors as e
from . import evaluation_selectors as selectors
from .models import DepartmentProse, PublishedDepartmentEvaluation
from .permissions import require_editor

PROSE_LIMIT = 5000  # characters per section


def _titles() -> list[str]:
    return list(load()["department"]["report_sections"])


@transaction.atomic
def prose_save(*, unit: Unit, year: int, sections: dict[str, str], version: int, user) -> DepartmentProse:
    """Save the unit's text of the report's sections (by the rule set's titles; others are ignored); the
    form's version must be the record's (0 before the first save), else 409 and nothing changes."""
    require_editor(user, unit.pk, outsider=e.PROSE_OUTSIDER)
    clean = {}
    for title in _titles():
        text = (sections.get(title) or "").replace("\r\n", "\n").strip()
        if len(text) > PROSE_LIMIT:
            message = e.PROSE_TOO_LONG.format(title=title, limit=PROSE_LIMIT, length=len(text))
            raise DepartmentError("prose", message, fields={title: message})
        clean[title] = text
    record, _ = DepartmentProse.objects.select_for_update().get_or_create(unit=unit, year=year)
    if record.version != version:
        raise DepartmentError("stale", e.STALE.format(what=e.PROSE.format(unit=unit.name, year=year)), kind=CONFLICT)
    before = dict(record.sections)
    record.sections, record.version, record.updated_by = clean, record.version + 1, user
    record.save()
    changes = {t: [before.get(t, ""), clean[t]] for t in clean if before.get(t, "") != clean[t]}
    log_action("department_prose.saved", record, user, changes, f"{year}年")
    return record


def require_publisher(user, plan: Plan) -> None:
    """The unit's 单位审核 (or 管理员) publishes, once the goals are approved."""
    require_role_in(user, plan.unit_id, APPROVER, ADMIN, outsider=e.PUBLISH_OUTSIDER)
    if plan.state not in (Plan.APPROVED, Plan.PUBLISHED):
        raise DepartmentError("not_approved", e.PUBLISH_STATE.format(unit=plan.unit.name, year=plan.year,
                                                                    state=plan.get_state_display()), kind=CONFLICT)


def may_publish(user, plan: Plan) -> bool:
    return plan.state in (Plan.APPROVED, Plan.PUBLISHED) and has_role_in(user, plan.unit_id, APPROVER, ADMIN)


def _checked(plan: Plan, seen: str) -> dict:
    """The evaluation now, when it is what the page showed (its fingerprint), else 409."""
    if not seen:
        raise DepartmentError("seen", e.NO_FINGERPRINT)
    rows = selectors.evaluation_json(selectors.department_evaluation_of(plan).evaluation)
    if selectors.fingerprint(plan, rows) != seen:
        raise DepartmentError("seen", e.SHOWN_CHANGED, kind=CONFLICT)
    return rows


def _summary(rows: dict) -> str:
    return f"{rows['total']}分（{rows['grade']}）"


@transaction.atomic
def department_evaluation_publish(*, plan: Plan, seen: str, user) -> PublishedDepartmentEvaluation:
    """公开部门整体自评: the evaluation as shown is kept as a snapshot the public downloads read. Once."""
    require_publisher(user, plan)
    plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    last = selectors.published(plan)
    if last is not None:
        raise DepartmentError("published", e.PUBLISHED_ALREADY.format(unit=plan.unit.name, year=plan.year,
                                                                      when=last.created_at), kind=CONFLICT)
    rows = _checked(plan, seen)
    snapshot = PublishedDepartmentEvaluation.objects.create(plan=plan, rows=rows, ruleset=rows["ruleset"],
                                                            created_by=user)
    log_action("department_evaluation.published", plan, user, {"department_evaluation": ["", _summary(rows)]})
    return snapshot


@transaction.atomic
def department_evaluation_correct(*, plan: Plan, reason: str, seen: str, user) -> PublishedDepartmentEvaluation:
    """更正: a new snapshot of the evaluation as shown, with the reason; the earlier ones are kept."""
    require_publisher(user, plan)
    reason = correction_reason(reason, e.CORRECTION_REASON, DepartmentError)
    plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    last = selectors.published(plan)
    if last is None:
        raise DepartmentError("not_published", e.NOT_PUBLISHED.format(unit=plan.unit.name, year=plan.year),
                              kind=CONFLICT)
    rows = _checked(plan, seen)
    snapshot = PublishedDepartmentEvaluation.objects.create(plan=plan, rows=rows, ruleset=rows["ruleset"],
                                                            reason=reason, created_by=user)
    log_action("department_evaluation.corrected", plan, user,
               {"department_evaluation": [_summary(last.rows), _summary(rows)]}, reason)
    return snapshot
