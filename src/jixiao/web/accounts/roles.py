"""The roles of DESIGN.md as Django groups, and what each may do.

Every check raises PermissionDenied with a Chinese message naming what is not allowed;
views and the API turn it into a 403 page or JSON error."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

EDITOR, APPROVER, FINANCE, RELIEF, ADMIN = "单位填报", "单位审核", "财政审核", "帮扶干事", "管理员"
ROLES = (EDITOR, APPROVER, FINANCE, RELIEF, ADMIN)
SEES_ALL = {FINANCE, ADMIN}


def roles_of(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_jixiao_roles"):
        user._jixiao_roles = set(user.groups.values_list("name", flat=True)) | ({ADMIN} if user.is_superuser else set())
    return user._jixiao_roles


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def unit_ids_of(user) -> set[int] | None:
    """The units a user may see; None means all of them."""
    if roles_of(user) & SEES_ALL:
        return None
    if not hasattr(user, "_jixiao_units"):
        user._jixiao_units = set(user.memberships.values_list("unit_id", flat=True)) if user.is_authenticated else set()
    return user._jixiao_units


def in_unit(user, unit_id: int) -> bool:
    units = unit_ids_of(user)
    return units is None or unit_id in units


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_role(user, *roles: str) -> None:
    require(has_role(user, *roles), f"需要以下角色之一：{'、'.join(roles)}")
