"""Writes for units, users, roles and passwords: keyword-only, atomic, checked against the acting
user (only 管理员 manage; everyone changes their own password), each recorded in the history in the
same transaction. Views, the API and the command line call only these.

A role is a Django group (roles.py). 财政审核 and 管理员 are held as the group alone; every other role
is held in a unit, as a Membership(user, unit, role) row, and the user is in the group while at least
one such row exists. The command line acts as SYSTEM (whoever runs it on the server may manage)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from ...core.errors import CONFLICT, NOT_FOUND
from ..goals.models import Unit
from ..history.services import diff, log_action
from . import errors as e
from .errors import AccountsError
from .models import Membership
from .roles import ADMIN, FINANCE, ROLE_ALIASES, ROLES, has_role, needs_unit

User = get_user_model()
LOGIN_RE = re.compile(r"^[\w.@+-]{1,150}\Z")
UNIT_CODE_RE = re.compile(r"^[0-9A-Za-z]{1,20}\Z")


class _System:
    """The command line on the server: may manage, is recorded as no user with the note 命令行."""

    is_authenticated = False
    is_active = True
    pk = None

    def __str__(self) -> str:
        return "命令行"


SYSTEM = _System()


def require_admin(acting_user) -> None:
    if acting_user is SYSTEM:
        return
    if not (getattr(acting_user, "is_active", False) and has_role(acting_user, ADMIN)):
        raise PermissionDenied(e.ADMIN_ONLY)


def _log(action: str, obj, acting_user, changes: dict | None = None, note: str = "") -> None:
    if acting_user is SYSTEM:
        note = f"{note}（命令行）" if note else "命令行"
    log_action(action, obj, acting_user if acting_user is not SYSTEM else None, changes, note)


def _forget_roles(user) -> None:
    """Drop what roles.py cached on this user object, so that it reads the new roles."""
    for attribute in ("_jixiao_roles", "_jixiao_units", "_jixiao_memberships", "_jixiao_area", "_jixiao_area_units",
                      "_jixiao_in_area"):
        user.__dict__.pop(attribute, None)


def has_control(text: str) -> bool:
    """Control characters (NUL and the like) are no part of a name, and PostgreSQL refuses NUL."""
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def clean_query(q: str) -> str:
    """A search text without control characters."""
    return "".join(c for c in q if not has_control(c)).strip()


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def check_password_strength(password: str, user) -> None:
    """Django's validators (settings.AUTH_PASSWORD_VALIDATORS), their messages in Chinese."""
    if not password.strip():
        message = e.WEAK_PASSWORD.format(reasons=e.PASSWORD_BLANK)
        raise AccountsError("weak_password", message, {"password": message})
    if len(password) > 128 or has_control(password):
        message = e.WEAK_PASSWORD.format(reasons="密码最长128个字符，不能包含控制字符。")
        raise AccountsError("weak_password", message, {"password": message})
    with translation.override("zh-hans"):
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            reasons = "".join(_reason(error) for error in exc.error_list)
            message = e.WEAK_PASSWORD.format(reasons=reasons)
            raise AccountsError("weak_password", message, {"password": message}) from None


def _reason(error: ValidationError) -> str:
    """A validator's message in Chinese by its code (Django's own Chinese lacks some of them)."""
    params = {k: str(v) for k, v in (error.params or {}).items()}
    if error.code in e.PASSWORD_REASONS:
        return e.PASSWORD_REASONS[error.code].format(**params)
    return " ".join(error.messages)


# ---------------------------------------------------------------- roles

def role_group(role: str) -> Group:
    """The group of a role by its name (or an English alias such as admin); roles added later are
    groups that exist."""
    name = ROLE_ALIASES.get(role.strip().lower(), role.strip())
    if has_control(name) or len(name) > 150:
        name = ""
    if name in ROLES:
        return Group.objects.get_or_create(name=name)[0]
    group = Group.objects.filter(name=name).first() if name else None
    if group is None:
        known = list(ROLES) + sorted(set(Group.objects.values_list("name", flat=True)) - set(ROLES))
        message = e.UNKNOWN_ROLE.format(role=role, roles="、".join(known))
        raise AccountsError("unknown_role", message, {"role": message})
    return group


def _active_admins():
    return User.objects.filter(is_active=True).filter(groups__name=ADMIN).distinct()


def _keep_an_admin(user, what: str) -> None:
    if user.is_active and has_role(user, ADMIN) and not _active_admins().exclude(pk=user.pk).exists() \
            and not user.is_superuser:
        raise AccountsError("last_admin", e.LAST_ADMIN.format(login=user.username, what=what), kind=CONFLICT)


# ---------------------------------------------------------------- units

def _unit_fields(code: str, name: str, finance_bureau: str, unit: Unit | None = None) -> tuple[str, str, str]:
    code, name, finance_bureau = code.strip(), name.strip(), finance_bureau.strip()
    if not UNIT_CODE_RE.match(code):
        message = e.UNIT_CODE_FORMAT.format(code=code) if code else e.NAME_REQUIRED.format(what="单位编码")
        raise AccountsError("unit_code", message, {"code": message})
    if not name:
        message = e.NAME_REQUIRED.format(what="单位名称")
        raise AccountsError("unit_name", message, {"name": message})
    for field, label, text in (("name", "单位名称", name), ("finance_bureau", "上级财政部门", finance_bureau)):
        if len(text) > 200 or has_control(text):
            message = f"{label}最长200个字符，不能包含控制字符"
            raise AccountsError("unit_" + field, message, {field: message})
    taken = Unit.objects.filter(code=code).exclude(pk__in=[unit.pk] if unit else []).first()
    if taken:
        message = e.UNIT_CODE_TAKEN.format(code=code, name=taken.name)
        raise AccountsError("duplicate_unit", message, {"code": message}, kind=CONFLICT)
    return code, name, finance_bureau


@transaction.atomic
def unit_create(*, code: str, name: str, finance_bureau: str = "", acting_user) -> Unit:
    require_admin(acting_user)
    code, name, finance_bureau = _unit_fields(code, name, finance_bureau)
    unit = Unit(code=code, name=name, finance_bureau=finance_bureau)
    unit.full_clean()
    unit.save()
    _log("unit.created", unit, acting_user, {"单位编码": ["", code], "单位名称": ["", name],
                                             "上级财政部门": ["", finance_bureau]})
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, code: str, name: str, finance_bureau: str, acting_user,
                seen: tuple[str, str, str] | None = None) -> Unit:
    """`seen`: the code, name and bureau the editor's page showed; changed by someone since, refused (409)."""
    require_admin(acting_user)
    code, name, finance_bureau = _unit_fields(code, name, finance_bureau, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if seen is not None and seen != (unit.code, unit.name, unit.finance_bureau):
        raise AccountsError("stale", e.UNIT_STALE.format(code=unit.code, name=unit.name), kind=CONFLICT)
    before = {"单位编码": unit.code, "单位名称": unit.name, "上级财政部门": unit.finance_bureau}
    unit.code, unit.name, unit.finance_bureau = code, name, finance_bureau
    unit.full_clean()
    unit.save(update_fields=["code", "name", "finance_bureau"])
    changes = diff(before, {"单位编码": code, "单位名称": name, "上级财政部门": finance_bureau})
    if changes:
        _log("unit.changed", unit, acting_user, changes)
    return unit


# ---------------------------------------------------------------- users

def _login(login: str) -> str:
    login = login.strip()
    if not LOGIN_RE.match(login):
        message = e.LOGIN_FORMAT.format(login=login) if login else e.NAME_REQUIRED.format(what="登录名")
        raise AccountsError("login", message, {"login": message})
    return login


def _name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 150 or has_control(name):
        message = e.NAME_REQUIRED.format(what="姓名") if not name else "姓名最长150个字符，不能包含控制字符"
        raise AccountsError("name", message, {"name": message})
    return name


def _state(active: bool) -> str:
    return "启用" if active else "停用"


@transaction.atomic
def user_create(*, login: str, name: str, password: str | None = None, acting_user) -> tuple:
    """A new active user without roles; returns (user, the generated password or None)."""
    require_admin(acting_user)
    login, name = _login(login), _name(name)
    if User.objects.filter(username__iexact=login).exists():
        message = e.LOGIN_TAKEN.format(login=login)
        raise AccountsError("duplicate_login", message, {"login": message}, kind=CONFLICT)
    user = User(username=login, first_name=name, is_active=True)
    generated = None
    if not password:
        password = generated = generate_password()
    check_password_strength(password, user)
    user.set_password(password)
    user.save()
    _log("user.created", user, acting_user, {"登录名": ["", login], "姓名": ["", name]})
    return user, generated


@transaction.atomic
def user_create_with_roles(*, login: str, name: str, password: str | None = None,
                           memberships: Sequence[tuple[str, Unit | None]] = (), acting_user) -> tuple:
    """A new user with their roles, all or nothing: a refused role leaves no user behind."""
    user, generated = user_create(login=login, name=name, password=password, acting_user=acting_user)
    for role, unit in memberships:
        membership_set(user=user, role=role, unit=unit, acting_user=acting_user)
    return user, generated


@transaction.atomic
def user_update(*, user, name: str, is_active: bool, acting_user, seen: tuple[str, bool] | None = None):
    """`seen`: the name and state the editor's form showed; if someone changed them since, refuse
    rather than silently undo their change (a stale page re-activating a deactivated user)."""
    require_admin(acting_user)
    name = _name(name)
    user = User.objects.select_for_update().get(pk=user.pk)
    if seen is not None and seen != (user.first_name, user.is_active):
        raise AccountsError("stale", e.USER_STALE.format(login=user.username), kind=CONFLICT)
    if user.is_active and not is_active:
        _may_deactivate(user, acting_user)
    before = {"姓名": user.first_name, "状态": _state(user.is_active)}
    user.first_name, user.is_active = name, is_active
    user.save(update_fields=["first_name", "is_active"])
    changes = diff(before, {"姓名": name, "状态": _state(is_active)})
    if changes:
        _log("user.changed", user, acting_user, changes)
    return user


def _may_deactivate(user, acting_user) -> None:
    if acting_user is not SYSTEM and user.pk == acting_user.pk:
        raise AccountsError("self", e.SELF_DEACTIVATE, kind=CONFLICT)
    _keep_an_admin(user, "停用")


@transaction.atomic
def user_deactivate(*, user, acting_user):
    """The user can no longer log in nor use their tokens; their history stays."""
    require_admin(acting_user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    _may_deactivate(user, acting_user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _log("user.deactivated", user, acting_user, {"状态": ["启用", "停用"]})
    return user


# ---------------------------------------------------------------- memberships

def _normalize(user) -> None:
    """Turn memberships without a role (older databases, the demo) into one row per unit role the user holds."""
    legacy = list(Membership.objects.filter(user=user, role__isnull=True))
    if not legacy:
        return
    groups = [g for g in user.groups.all() if needs_unit(g.name)]
    for row in legacy:
        for group in groups:
            Membership.objects.get_or_create(user=user, unit_id=row.unit_id, role=group)
    Membership.objects.filter(pk__in=[row.pk for row in legacy]).delete()


def _where(unit: Unit | None) -> str:
    return f"{unit.code}{unit.name}" if unit else "全部单位"


@transaction.atomic
def membership_set(*, user, role: str, unit: Unit | None = None, acting_user) -> bool:
    """Give a user a role (in a unit where the role needs one); False when they already held it."""
    require_admin(acting_user)
    group = role_group(role)
    user = User.objects.select_for_update().get(pk=user.pk)
    if needs_unit(group.name):
        if unit is None:
            message = e.ROLE_NEEDS_UNIT.format(role=group.name)
            raise AccountsError("role_needs_unit", message, {"unit": message})
        _normalize(user)
        _, created = Membership.objects.get_or_create(user=user, unit=unit, role=group)
    else:
        if unit is not None:
            message = e.ROLE_TAKES_NO_UNIT.format(role=group.name)
            raise AccountsError("role_takes_no_unit", message, {"unit": message})
        created = not user.groups.filter(pk=group.pk).exists()
    user.groups.add(group)
    _forget_roles(user)
    if created:
        change = {"角色": ["", f"{group.name}（{_where(unit)}）"]}
        _log("membership.set", user, acting_user, change)
        if unit is not None:
            _log("membership.set", unit, acting_user, change, note=f"用户{user.username}")
    return created


@transaction.atomic
def membership_remove(*, user, role: str, unit: Unit | None = None, acting_user) -> None:
    require_admin(acting_user)
    group = role_group(role)
    user = User.objects.select_for_update().get(pk=user.pk)
    missing = e.NO_SUCH_MEMBERSHIP.format(login=user.username, where="全部单位" if unit is None else f"单位“{unit}”",
                                          role=group.name)
    if needs_unit(group.name):
        if unit is None:
            message = e.ROLE_NEEDS_UNIT.format(role=group.name)
            raise AccountsError("role_needs_unit", message, {"unit": message})
        _normalize(user)
        deleted, _ = Membership.objects.filter(user=user, unit=unit, role=group).delete()
        if not deleted:
            raise AccountsError("no_membership", missing, kind=NOT_FOUND)
        if not Membership.objects.filter(user=user, role=group).exists():
            user.groups.remove(group)
    else:
        if unit is not None:
            message = e.ROLE_TAKES_NO_UNIT.format(role=group.name)
            raise AccountsError("role_takes_no_unit", message, {"unit": message})
        if not user.groups.filter(pk=group.pk).exists():
            raise AccountsError("no_membership", missing, kind=NOT_FOUND)
        if group.name == ADMIN:
            _keep_an_admin(user, "撤销其管理员角色")
        user.groups.remove(group)
    _forget_roles(user)
    change = {"角色": [f"{group.name}（{_where(unit)}）", ""]}
    _log("membership.removed", user, acting_user, change)
    if unit is not None:
        _log("membership.removed", unit, acting_user, change, note=f"用户{user.username}")


# ---------------------------------------------------------------- passwords

@transaction.atomic
def password_reset(*, user, password: str | None = None, acting_user) -> str:
    """Set a user's password (generated when none is given) and lift a login lock; returns the password."""
    require_admin(acting_user)
    if acting_user is not SYSTEM and user.pk == acting_user.pk:
        raise AccountsError("own_password", e.OWN_RESET, {"password": e.OWN_RESET})
    user = User.objects.select_for_update().get(pk=user.pk)
    password = password or generate_password()
    check_password_strength(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    axes_reset(username=user.username)
    _log("password.reset", user, acting_user)
    return password


@transaction.atomic
def password_change(*, user, old_password: str, new_password: str, new_password_again: str | None = None):
    """A user changes their own password, knowing the old one."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("请先登录")
    if not user.check_password(old_password):
        raise AccountsError("old_password", e.OLD_PASSWORD_WRONG, {"old_password": e.OLD_PASSWORD_WRONG})
    if new_password_again is not None and new_password != new_password_again:
        raise AccountsError("mismatch", e.PASSWORD_MISMATCH, {"new_password_again": e.PASSWORD_MISMATCH})
    if new_password == old_password:
        raise AccountsError("unchanged", e.PASSWORD_UNCHANGED, {"new_password": e.PASSWORD_UNCHANGED})
    try:
        check_password_strength(new_password, user)
    except AccountsError as exc:
        exc.fields = {"new_password": exc.message}
        raise
    user.set_password(new_password)
    user.save(update_fields=["password"])
    _log("password.changed", user, user)
    return user


@transaction.atomic
def user_unlock(*, user, acting_user) -> int:
    """Lift a login lock at once; returns how many recorded failures were cleared."""
    require_admin(acting_user)
    cleared = axes_reset(username=user.username)
    _log("user.unlocked", user, acting_user, note=f"清除{cleared}条登录失败记录")
    return cleared


# ---------------------------------------------------------------- first set-up

@transaction.atomic
def first_admin(*, login: str = "admin", name: str = "管理员") -> tuple | None:
    """On a database with no users: a first 管理员 with a generated password (user, password); else None."""
    if User.objects.exists():
        return None
    user, password = user_create(login=login, name=name, acting_user=SYSTEM)
    membership_set(user=user, role=ADMIN, acting_user=SYSTEM)
    return user, password



@transaction.atomic
def review_area_set(*, user, finance_bureau: str, acting_user, seen: str | None = None) -> int:
    """A 财政审核's area: the units whose 上级财政部门 is `finance_bureau` (they then see, grade and find on
    the desk only those); "" gives them every unit again. `seen`: the area the 管理员's page showed ("" for
    every unit); changed by someone since, refused (409). Returns how many units the area holds now.
    The user page, the API and `jixiao users set-area` all call this."""
    from ..goals.models import ReviewArea

    require_admin(acting_user)
    bureau = finance_bureau.strip()
    if len(bureau) > 200 or has_control(bureau):
        message = e.AREA_TOO_LONG.format(bureau=clean_query(bureau)[:20] + "…")
        raise AccountsError("area_too_long", message, {"finance_bureau": message})
    User.objects.select_for_update().filter(pk=user.pk).exists()  # two 管理员 at once: one after the other
    if FINANCE not in set(user.groups.values_list("name", flat=True)):
        raise AccountsError("area_not_finance", e.AREA_NOT_FINANCE.format(login=user.username))
    before = ReviewArea.objects.filter(user=user).values_list("finance_bureau", flat=True).first() or ""
    if seen is not None and seen.strip() != before:
        raise AccountsError("stale", e.AREA_STALE.format(login=user.username, area=before or "全部单位"), kind=CONFLICT)
    if bureau:
        ReviewArea.objects.update_or_create(user=user, defaults={"finance_bureau": bureau})
    else:
        ReviewArea.objects.filter(user=user).delete()
    if before != bureau:
        _log("review_area.set", user, acting_user, {"财政审核范围": [before or "全部单位", bureau or "全部单位"]})
    _forget_roles(user)
    return Unit.objects.filter(finance_bureau=bureau).count() if bureau else Unit.objects.count()
