"""The rule set a plan is judged by (Plan.ruleset): which ones it may take, and the change a 管理员 or the
财政审核 of its area makes before the plan is approved (a reason, the version the page showed, the history).
The review shown afterwards is the new rule set's; once approved, monitoring, self-evaluation and 结果应用 have
been read by it and it no longer changes."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F

from ...rulesets import RuleSet, available, load
from ...rulesets.errors import RuleSetError
from ..accounts.roles import ADMIN, FINANCE, has_role_in, require_role_in
from ..history.services import log_action
from . import errors as e
from .errors import GoalsError, StaleError, StateError
from .models import Plan

CHANGEABLE = (Plan.DRAFT, Plan.SUBMITTED, Plan.FINANCE_REVIEW)  # before approval (a returned plan is a draft)
CHANGES = (ADMIN, FINANCE)
REASON_LENGTH = 500


def ruleset_list() -> list[RuleSet]:
    """The rule sets a plan may take: the shipped ones and those of the province's folder (JIXIAO_RULESETS_DIR)."""
    return available(settings.RULESETS_DIR)


def ruleset_label(rules: RuleSet) -> str:
    return f"{rules.code}（{rules.title}）"


def may_change_ruleset(user, plan: Plan) -> bool:
    """Whether the plan page offers the change: a 管理员, or the 财政审核 of the plan's unit's area, before approval."""
    return plan.state in CHANGEABLE and has_role_in(user, plan.unit_id, *CHANGES)


def _chosen(code: str) -> RuleSet:
    try:
        return load(code.strip(), settings.RULESETS_DIR)
    except RuleSetError as exc:
        raise exc.on_field("ruleset") from None


@transaction.atomic
def plan_ruleset_change(*, plan: Plan, ruleset: str, reason: str, version: int, user) -> Plan:
    """Judge the plan by another rule set from now on: only before approval, with a reason, from the page's
    version (a stale page is refused, 409). The plan's 建议等级 is the new rule set's review's."""
    from .services import LABELS, proposed_grade_refresh

    require_role_in(user, plan.unit_id, *CHANGES, outsider=e.OUTSIDER_RULESET_MESSAGE)
    reason = reason.strip()
    if not reason or len(reason) > REASON_LENGTH:
        raise GoalsError(e.RULESET_REASON, e.RULESET_REASON_MESSAGE, fields={"reason": e.RULESET_REASON_MESSAGE})
    new = _chosen(ruleset)
    Plan.objects.select_for_update().filter(pk=plan.pk).exists()  # two changes at once: one after the other
    plan.refresh_from_db()  # the caller's object kept current, as the workflow's actions keep it
    if plan.state not in CHANGEABLE:
        raise StateError(e.RULESET_LOCKED, e.RULESET_LOCKED_MESSAGE.format(state=LABELS[plan.state], code=plan.ruleset))
    if plan.version != version:
        raise StaleError(e.STALE_PLAN.format(plan=plan))
    if new.code == plan.ruleset:
        message = e.RULESET_SAME_MESSAGE.format(code=new.code)
        raise GoalsError(e.RULESET_SAME, message, fields={"ruleset": message})
    old = plan.ruleset
    try:
        before = ruleset_label(plan.rules)
    except RuleSetError:  # its folder file gone or broken: the change is how a plan gets out of it
        before = old
    Plan.objects.filter(pk=plan.pk).update(ruleset=new.code, version=F("version") + 1)
    plan.refresh_from_db()
    log_action("plan.ruleset_changed", plan, user, {"规则集": [before, ruleset_label(new)]}, reason)
    proposed_grade_refresh(plan)
    return plan
