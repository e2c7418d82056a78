"""Who may do what with the indicator library: finance (财政审核) and 管理员 curate it (promote an
approved plan's indicator, import a province's library, retire and restore entries); everyone logged
in reads it and gets its suggestions."""

from __future__ import annotations

from ..accounts.roles import ADMIN, FINANCE, has_role, require
from . import errors as e

CURATES = (FINANCE, ADMIN)


def may_curate(user) -> bool:
    return has_role(user, *CURATES)


def require_curator(user) -> None:
    require(may_curate(user), e.CURATORS)
