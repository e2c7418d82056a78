"""The roles of DESIGN.md as Django groups, and what each may do.

Every check raises PermissionDenied with a Chinese message naming what is not allowed;
views and the API turn it into a 403 page or JSON error."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

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


def area_of(user) -> str | None:
    """A 财政审核's area (goals.ReviewArea: the 上级财政部门 whose units they review); None when they have none
    (and see every unit) or hold 管理员."""
    if ADMIN in roles_of(user) or FINANCE not in roles_of(user):
        return None
    if not hasattr(user, "_jixiao_area"):
        from ..goals.models import ReviewArea  # accounts is read by every area: the model imported when used

        user._jixiao_area = ReviewArea.objects.filter(user=user).values_list("finance_bureau", flat=True).first()
    return user._jixiao_area


def _area_units(user) -> set[int]:
    if not hasattr(user, "_jixiao_area_units"):
        from ..goals.models import Unit

        user._jixiao_area_units = set(Unit.objects.filter(finance_bureau=area_of(user)).values_list("id", flat=True))
    return user._jixiao_area_units


def _in_area(user, unit_id: int) -> bool:
    """Whether one unit is in a 财政审核's area, asked of that unit alone: a page about one plan does not load
    the ids of an area's thousand units (unless they are loaded already)."""
    if hasattr(user, "_jixiao_area_units"):
        return unit_id in user._jixiao_area_units
    asked = user.__dict__.setdefault("_jixiao_in_area", {})
    if unit_id not in asked:
        from ..goals.models import Unit

        asked[unit_id] = Unit.objects.filter(pk=unit_id, finance_bureau=area_of(user)).exists()
    return asked[unit_id]


def unit_ids_of(user) -> set[int] | None:
    """The units a user may see; None means all of them (a 财政审核 with an area: its units and their own)."""
    if roles_of(user) & SEES_ALL:
        if area_of(user) is None:
            return None
        if not hasattr(user, "_jixiao_units"):
            user._jixiao_units = _area_units(user) | set(user.memberships.values_list("unit_id", flat=True))
        return user._jixiao_units
    if not hasattr(user, "_jixiao_units"):
        user._jixiao_units = set(user.memberships.values_list("unit_id", flat=True)) if user.is_authenticated else set()
    return user._jixiao_units


def visible(rows, user, unit_field: str):
    """The rows of the units a user may see (unit_ids_of), filtered in the database by a subquery: a
    finance area's thousand units are not sent as a list of ids with every query."""
    if roles_of(user) & SEES_ALL and area_of(user) is None:
        return rows
    if not user.is_authenticated:
        return rows.none()
    own = user.memberships.values("unit_id")
    if roles_of(user) & SEES_ALL:
        from ..goals.models import Unit

        own = Unit.objects.filter(Q(finance_bureau=area_of(user)) | Q(id__in=own)).values("id")
    return rows.filter(**{f"{unit_field}__in": own})


def in_unit(user, unit_id: int) -> bool:
    if roles_of(user) & SEES_ALL and area_of(user) is not None and not hasattr(user, "_jixiao_units"):
        return _in_area(user, unit_id) or any(unit == unit_id for unit, _ in _membership_rows(user))
    units = unit_ids_of(user)
    return units is None or unit_id in units


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_role(user, *roles: str) -> None:
    require(has_role(user, *roles), f"需要以下角色之一：{'、'.join(roles)}")


ROLE_ALIASES = {"admin": ADMIN, "editor": EDITOR, "approver": APPROVER, "finance": FINANCE, "relief": RELIEF}


def needs_unit(role: str) -> bool:
    """财政审核 and 管理员 see every unit and are held without one; every other role (also one added
    later) is held in a unit, through a Membership row."""
    return role not in SEES_ALL


def _membership_rows(user) -> list[tuple[int, str | None]]:
    if not hasattr(user, "_jixiao_memberships"):
        user._jixiao_memberships = list(user.memberships.values_list("unit_id", "role__name"))
    return user._jixiao_memberships


def roles_in(user, unit_id: int) -> set[str]:
    """The roles a user holds in a unit: 财政审核/管理员 everywhere, the others where a membership gives them
    (a membership without a role gives every unit role the user holds)."""
    if not user.is_authenticated:
        return set()
    roles = roles_of(user)
    held = roles & SEES_ALL
    if FINANCE in held and area_of(user) is not None and not _in_area(user, unit_id):
        held.discard(FINANCE)  # a 财政审核 reviews only the units of their area
    for unit, role in _membership_rows(user):
        if unit == unit_id:
            held |= {r for r in roles if needs_unit(r)} if role is None else {role} & roles
    return held


def has_role_in(user, unit_id: int, *roles: str) -> bool:
    return bool(roles_in(user, unit_id) & set(roles))


def require_role_in(user, unit_id: int, *roles: str, outsider: str = "你不属于该单位") -> None:
    """One of `roles` held in this unit, not only somewhere: an editor of one unit who approves
    another may not approve in the first."""
    require_role(user, *roles)
    require(in_unit(user, unit_id), outsider)
    require(has_role_in(user, unit_id, *roles), f"你在该单位没有以下角色之一：{'、'.join(roles)}")


def lacks_unit(user) -> bool:
    """A logged-in user who can do nothing yet: no role at all, or only roles that need a unit and no unit."""
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    return not roles or (not roles & SEES_ALL and not unit_ids_of(user))
