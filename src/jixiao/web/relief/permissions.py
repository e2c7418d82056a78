"""Who may do what in the programmes, in one place: the services refuse by `require_*`, the pages
show buttons and full personal data by `may_*` and `sees_personal_data`. A role counts only in the
unit that holds it; 管理员 holds it everywhere."""

from __future__ import annotations

from ..accounts.roles import ADMIN, APPROVER, EDITOR, RELIEF, has_role, has_role_in, require_role_in

OFFICERS = (RELIEF, ADMIN)  # keep the registers, run rounds, record payments, checks and surveys
ROUND_APPROVERS = (APPROVER, ADMIN)  # approve a round's list (never the user who drew it)
BINDS = (EDITOR, RELIEF, ADMIN)  # choose where an indicator's actual comes from


def require_officer(user, unit_id: int) -> None:
    require_role_in(user, unit_id, *OFFICERS, outsider="你不属于该单位，不能处理它的帮扶业务")


def require_round_approver(user, unit_id: int) -> None:
    require_role_in(user, unit_id, *ROUND_APPROVERS, outsider="你不属于该单位，不能审批它的发放名单")


def may_approve_round(user, unit_id: int) -> bool:
    return has_role_in(user, unit_id, *ROUND_APPROVERS)


def require_binder(user, unit_id: int) -> None:
    require_role_in(user, unit_id, *BINDS)


def may_act(user, unit_id: int | None = None) -> bool:
    """An officer in this unit, or (on a page listing several units) in some unit."""
    return has_role(user, *OFFICERS) if unit_id is None else has_role_in(user, unit_id, *OFFICERS)


def may_bind(user, unit_id: int) -> bool:
    return has_role_in(user, unit_id, *BINDS)


def sees_personal_data(user, unit_id: int) -> bool:
    """ID numbers and phones in full: the unit's relief officers and administrators only."""
    return has_role_in(user, unit_id, *OFFICERS)
