"""Reads for units, users and roles. Listing and looking up for management is for 管理员 only."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count, Prefetch, Q

from ...core.errors import NOT_FOUND
from ..goals import errors as goals_errors
from ..goals.errors import NotFound
from ..goals.models import Unit
from . import errors as e
from .errors import AccountsError
from .lockout import lock_end
from .models import Membership
from .roles import ADMIN, ROLES, needs_unit
from .services import LOGIN_RE, UNIT_CODE_RE, require_admin
from .services import clean_query as clean

User = get_user_model()


def role_names() -> list[str]:
    """Every role: those of roles.py first, then any added later as a group."""
    extra = sorted(set(Group.objects.values_list("name", flat=True)) - set(ROLES))
    return list(ROLES) + extra


# ---------------------------------------------------------------- units

def unit_list(*, user, q: str = ""):
    require_admin(user)
    q = clean(q)
    units = Unit.objects.annotate(member_count=Count("memberships__user", distinct=True)).order_by("code")
    if q:
        units = units.filter(Q(code__startswith=q) | Q(name__contains=q) | Q(finance_bureau__contains=q))
    return units


def unit_get(*, user, unit_id: int) -> Unit:
    require_admin(user)
    try:
        return Unit.objects.get(pk=unit_id)
    except Unit.DoesNotExist:
        raise NotFound(goals_errors.MISSING_UNIT_MESSAGE) from None


def unit_by_code(*, user, code: str) -> Unit:
    require_admin(user)
    code = code.strip()
    unit = Unit.objects.filter(code=code).first() if UNIT_CODE_RE.match(code) else None
    if unit is None:
        message = e.UNKNOWN_UNIT.format(code=clean(code))
        raise AccountsError("unknown_unit", message, {"unit": message}, kind=NOT_FOUND)
    return unit


def unit_members(*, user, unit: Unit) -> list[dict]:
    """Who holds which role in the unit, by login."""
    require_admin(user)
    rows = Membership.objects.filter(unit=unit).select_related("user", "role").prefetch_related("user__groups").order_by(
        "user__username", "role__name")
    members = []
    for row in rows:
        if row.role is not None:
            members.append({"user": row.user, "role": row.role.name})
        else:
            members += [{"user": row.user, "role": name}
                        for name in sorted(g.name for g in row.user.groups.all()) if needs_unit(name)]
    return members


# ---------------------------------------------------------------- users

def _with_roles(queryset):
    return queryset.prefetch_related(
        "groups", Prefetch("memberships", queryset=Membership.objects.select_related("unit", "role")))


def user_list(*, user, q: str = "", active: bool | None = None):
    require_admin(user)
    q = clean(q)
    users = _with_roles(User.objects.order_by("username"))
    if q:
        users = users.filter(Q(username__contains=q) | Q(first_name__contains=q)
                             | Q(memberships__unit__code__startswith=q)).distinct()
    if active is not None:
        users = users.filter(is_active=active)
    return users


def user_get(*, user, user_id: int):
    require_admin(user)
    try:
        return _with_roles(User.objects).get(pk=user_id)
    except User.DoesNotExist:
        raise NotFound(goals_errors.MISSING_USER_MESSAGE) from None


def user_by_login(*, user, login: str):
    require_admin(user)
    login = login.strip()
    found = _with_roles(User.objects).filter(username=login).first() if LOGIN_RE.match(login) else None
    if found is None:
        message = e.UNKNOWN_USER.format(login=clean(login))
        raise AccountsError("unknown_user", message, {"login": message}, kind=NOT_FOUND)
    return found


def memberships_of(target) -> list[dict]:
    """The roles a user holds: {"unit": Unit or None, "role": name}, those without a unit first.
    Uses the prefetched groups and memberships of user_list/user_get."""
    groups = sorted(g.name for g in target.groups.all())
    held = [{"unit": None, "role": name} for name in groups if not needs_unit(name)]
    for row in sorted(target.memberships.all(), key=lambda m: (m.unit.code, m.role.name if m.role else "")):
        if row.role is not None:
            held.append({"unit": row.unit, "role": row.role.name})
        else:
            held += [{"unit": row.unit, "role": name} for name in groups if needs_unit(name)]
    return held


def membership_rows(target) -> list[dict]:
    """memberships_of as plain data: {"unit": code or None, "unit_name", "role"}."""
    return [{"unit": m["unit"].code if m["unit"] else None, "unit_name": m["unit"].name if m["unit"] else "",
             "role": m["role"]} for m in memberships_of(target)]


def lock_of(target):
    """When a login lock on this user ends, or None."""
    return lock_end(target.username)


def admins() -> list:
    """The active 管理员, for a user who needs one (no check: everyone logged in may know who manages)."""
    return list(User.objects.filter(is_active=True, groups__name=ADMIN).distinct().order_by("username"))


# ---------------------------------------------------------------- a 财政审核's area

def finance_bureaus(*, user) -> list[tuple[str, int]]:
    """The 上级财政部门 the units name, each with how many units name it: the areas a 财政审核 may be given."""
    require_admin(user)
    rows = Unit.objects.exclude(finance_bureau="").values("finance_bureau").annotate(n=Count("id"))
    return sorted((r["finance_bureau"], r["n"]) for r in rows)


def review_area_of(target) -> str:
    """The 财政部门 whose units this 财政审核 reviews; "" for every unit (or no area set)."""
    from ..goals.models import ReviewArea  # accounts is read by every area: the model imported when used

    return ReviewArea.objects.filter(user=target).values_list("finance_bureau", flat=True).first() or ""


def review_areas(*, user) -> dict[int, str]:
    """Every 财政审核's area by user id, for the user list (one query)."""
    from ..goals.models import ReviewArea

    require_admin(user)
    return dict(ReviewArea.objects.values_list("user_id", "finance_bureau"))

