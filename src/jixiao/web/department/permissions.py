"""Who may do what with a unit's 部门整体 records, as in the goals area: the unit's 单位填报 (and 管理员)
add, edit and import; everyone who sees the unit (its own roles, 财政审核 and 管理员 in every unit) reads."""

from __future__ import annotations

from ..accounts.roles import has_role_in, require_role_in
from ..goals.permissions import EDITS
from . import errors as e


def require_editor(user, unit_id: int, outsider: str = e.OUTSIDER) -> None:
    """The unit's 单位填报 or a 管理员; `outsider` says what another unit's user may not do."""
    require_role_in(user, unit_id, *EDITS, outsider=outsider)


def may_edit(user, unit_id: int) -> bool:
    return has_role_in(user, unit_id, *EDITS)
