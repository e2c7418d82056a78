"""Who may do what with the ledger, in one place. A unit's 单位填报 and 单位审核 (and 管理员) keep its items:
list by hand, edit, move, attach evidence. 财政审核 sees every unit's ledger and may list a problem it
found (its review, a finance inspection) but leaves editing and closing to the unit. A 帮扶干事 sees
its unit's ledger (relief findings reach it through the unit's editors) and changes nothing."""

from __future__ import annotations

from ..accounts.roles import ADMIN, APPROVER, EDITOR, FINANCE, has_role_in, require_role_in
from . import errors as e

KEEPS = (EDITOR, APPROVER, ADMIN)  # edit, move, evidence
LISTS = (EDITOR, APPROVER, FINANCE, ADMIN)  # make an item


def require_keeper(user, unit_id: int) -> None:
    require_role_in(user, unit_id, *KEEPS, outsider=e.OUTSIDER)


def require_lister(user, unit_id: int) -> None:
    require_role_in(user, unit_id, *LISTS, outsider=e.OUTSIDER)


def may_keep(user, unit_id: int) -> bool:
    return has_role_in(user, unit_id, *KEEPS)


def may_list(user, unit_id: int) -> bool:
    return has_role_in(user, unit_id, *LISTS)
