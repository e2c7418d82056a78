"""Who may do what in the goals area, in one place: the services refuse by `require_*`, the pages
show their buttons by `plan_actions`, `may_edit` and `may_adjust`. A role counts only in the unit
that holds it (财政审核 and 管理员 hold theirs in every unit)."""

from __future__ import annotations

from ..accounts.roles import ADMIN, APPROVER, EDITOR, FINANCE, has_role, has_role_in, require_role_in, roles_in
from .models import Plan

# A plan's workflow: each action, the state it starts from (None: any) and the roles that may take it.
PLAN_ACTIONS = {
    "submit": (Plan.DRAFT, (EDITOR, ADMIN)),
    "unit_approve": (Plan.SUBMITTED, (APPROVER, ADMIN)),
    "unit_return": (Plan.SUBMITTED, (APPROVER, ADMIN)),
    "grade": (Plan.FINANCE_REVIEW, (FINANCE, ADMIN)),
    "publish": (Plan.APPROVED, (APPROVER, FINANCE, ADMIN)),
    "copy": (None, (EDITOR, ADMIN)),
}
EDITS = (EDITOR, ADMIN)  # write a draft's projects and indicators, import, ask for an adjustment
DECIDES = (FINANCE, ADMIN)  # grade a plan, decide an adjustment


def require_plan_action(user, plan: Plan, action: str) -> None:
    require_role_in(user, plan.unit_id, *PLAN_ACTIONS[action][1])


def require_edits(user, unit_id: int, outsider: str = "你不属于该单位") -> None:
    require_role_in(user, unit_id, *EDITS, outsider=outsider)


def plan_actions(user, plan: Plan) -> set[str]:
    """The workflow actions this user may take on this plan now."""
    held = roles_in(user, plan.unit_id)
    return {action for action, (state, roles) in PLAN_ACTIONS.items()
            if state in (None, plan.state) and held & set(roles)}


def may_import(user) -> bool:
    """May bring in a goal document (for a unit where the role is held; the service checks which)."""
    return has_role(user, *EDITS)


def may_edit(user, plan: Plan) -> bool:
    return plan.state == Plan.DRAFT and has_role_in(user, plan.unit_id, *EDITS)


def may_adjust(user, plan: Plan) -> bool:
    return plan.state in (Plan.APPROVED, Plan.PUBLISHED) and has_role_in(user, plan.unit_id, *EDITS)


def may_decide(user) -> bool:
    return has_role(user, *DECIDES)


def may_correct(user, plan: Plan) -> bool:
    """May 更正 the published goals: those who may publish them, once published."""
    return plan.state == Plan.PUBLISHED and has_role_in(user, plan.unit_id, *PLAN_ACTIONS["publish"][1])
