"""What `jixiao units …`, `jixiao users …` and the first 管理员 of `jixiao serve` do, inside the web
package so that the command line imports no Django. Call jixiao.web.commands.setup() first.

Data in and out is plain (str, dict, list); every refusal is a JixiaoError (core.errors) with one Chinese line."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from ...core.errors import FORBIDDEN, JixiaoError

if TYPE_CHECKING:
    from ..goals.models import Unit


@contextmanager
def _refusals():
    """Django's refusal as jixiao's: the command line knows no Django."""
    from django.core.exceptions import PermissionDenied

    try:
        yield
    except PermissionDenied as exc:
        raise JixiaoError("forbidden", str(exc), kind=FORBIDDEN) from None


def _unit_row(unit, members: int | None = None) -> dict:
    row = {"code": unit.code, "name": unit.name, "finance_bureau": unit.finance_bureau}
    if members is not None:
        row["users"] = members
    return row


def unit_add(code: str, name: str, finance_bureau: str = "") -> dict:
    from .services import SYSTEM, unit_create

    with _refusals():
        return _unit_row(unit_create(code=code, name=name, finance_bureau=finance_bureau, acting_user=SYSTEM))


def unit_list() -> list[dict]:
    from . import selectors
    from .services import SYSTEM

    return [_unit_row(u, u.member_count) for u in selectors.unit_list(user=SYSTEM)]


def _user_row(user) -> dict:
    from .selectors import membership_rows

    return {"login": user.username, "name": user.first_name, "active": user.is_active,
            "memberships": [{"unit": m["unit"], "role": m["role"]} for m in membership_rows(user)]}


def _pairs(units: list[str], roles: list[str]) -> list[tuple[str, Unit | None]]:
    """--unit and --role as (role, unit) pairs: roles that need a unit take the units in order (one unit
    serves them all); 财政审核 and 管理员 take none."""
    from . import selectors
    from .errors import ROLE_NEEDS_UNIT, AccountsError
    from .roles import needs_unit
    from .services import SYSTEM, role_group

    names = [role_group(r).name for r in roles]
    unit_roles = [n for n in names if needs_unit(n)]
    found = [selectors.unit_by_code(user=SYSTEM, code=c) for c in units]
    if unit_roles and not found:
        raise AccountsError("role_needs_unit", ROLE_NEEDS_UNIT.format(role=unit_roles[0]) + "（--unit 单位编码）")
    if found and not unit_roles:
        raise AccountsError("unit_without_role", f"指定了单位“{found[0].code}”，但没有指定需要单位的角色（--role 单位填报、"
                                                 "单位审核或帮扶干事）")
    if len(found) == 1:
        by_role = dict.fromkeys(unit_roles, found[0])
    elif len(found) == len(unit_roles):
        by_role = None
    else:
        raise AccountsError("pairs", f"--unit 有{len(found)}个，需要单位的 --role 有{len(unit_roles)}个："
                                     "请按先后顺序一一对应，或只给一个 --unit")
    pairs: list[tuple[str, Unit | None]] = []
    queue = list(found)
    for name in names:
        if not needs_unit(name):
            pairs.append((name, None))
        else:
            pairs.append((name, by_role[name] if by_role else queue.pop(0)))
    return pairs


def user_add(login: str, name: str, units: list[str], roles: list[str], password: str | None) -> tuple[dict, str | None]:
    """A new user with roles; the generated password (when none was given) comes back once."""
    from django.db import transaction

    from .services import SYSTEM, user_create_with_roles

    with _refusals(), transaction.atomic():
        user, generated = user_create_with_roles(login=login, name=name, password=password,
                                                 memberships=_pairs(units, roles), acting_user=SYSTEM)
    from . import selectors

    return _user_row(selectors.user_get(user=SYSTEM, user_id=user.pk)), generated


def user_list() -> list[dict]:
    from . import selectors
    from .services import SYSTEM

    return [_user_row(u) for u in selectors.user_list(user=SYSTEM)]


def user_set_role(login: str, unit_code: str | None, role: str) -> tuple[dict, bool]:
    from . import selectors
    from .services import SYSTEM, membership_set

    with _refusals():
        user = selectors.user_by_login(user=SYSTEM, login=login)
        unit = selectors.unit_by_code(user=SYSTEM, code=unit_code) if unit_code else None
        created = membership_set(user=user, role=role, unit=unit, acting_user=SYSTEM)
    return _user_row(selectors.user_get(user=SYSTEM, user_id=user.pk)), created


def user_set_area(login: str, finance_bureau: str) -> int:
    from . import selectors
    from .services import SYSTEM, review_area_set

    with _refusals():
        user = selectors.user_by_login(user=SYSTEM, login=login)
        return review_area_set(user=user, finance_bureau=finance_bureau, acting_user=SYSTEM)


def user_deactivate(login: str) -> dict:
    from . import selectors
    from .services import SYSTEM
    from .services import user_deactivate as deactivate

    with _refusals():
        user = deactivate(user=selectors.user_by_login(user=SYSTEM, login=login), acting_user=SYSTEM)
    return _user_row(selectors.user_get(user=SYSTEM, user_id=user.pk))


def user_reset_password(login: str, password: str | None) -> tuple[dict, str]:
    """A new password (generated when none is given) and the login lock lifted: how a locked-out or
    forgetful sole 管理员 gets back in."""
    from . import selectors
    from .services import SYSTEM, password_reset

    with _refusals():
        user = selectors.user_by_login(user=SYSTEM, login=login)
        password = password_reset(user=user, password=password, acting_user=SYSTEM)
    return _user_row(selectors.user_get(user=SYSTEM, user_id=user.pk)), password


def user_activate(login: str) -> dict:
    from . import selectors
    from .services import SYSTEM, user_update

    with _refusals():
        user = selectors.user_by_login(user=SYSTEM, login=login)
        user_update(user=user, name=user.first_name, is_active=True, acting_user=SYSTEM)
    return _user_row(selectors.user_get(user=SYSTEM, user_id=user.pk))


def first_admin() -> tuple[str, str] | None:
    """On a database with no users: a first 管理员 `admin` and its password (shown once); else None."""
    from .services import first_admin as make

    made = make()
    return None if made is None else (made[0].username, made[1])


def token_issue(login: str, name: str, days: int | None = None) -> tuple[dict, str]:
    """`jixiao token 登录名`: a new API token (its row, and the token shown once)."""
    from . import selectors, tokens
    from .services import SYSTEM

    with _refusals():
        user = selectors.user_by_login(user=SYSTEM, login=login)
        token, value = tokens.token_issue(user=user, name=name, days=days, acting_user=SYSTEM)
    return tokens.token_row(token), value


def token_revoke(login: str, which: str) -> dict:
    """`jixiao token 登录名 --revoke 名称|编号|令牌`."""
    from . import selectors, tokens
    from .services import SYSTEM

    with _refusals():
        user = selectors.user_by_login(user=SYSTEM, login=login)
        return tokens.token_row(tokens.token_revoke(which=which, user=user, acting_user=SYSTEM))


def token_list(login: str) -> list[dict]:
    """`jixiao token 登录名 --list`: the user's tokens with their expiry and state."""
    from . import selectors, tokens
    from .services import SYSTEM

    with _refusals():
        user = selectors.user_by_login(user=SYSTEM, login=login)
    return [tokens.token_row(t) for t in tokens.token_list(user=user)]
