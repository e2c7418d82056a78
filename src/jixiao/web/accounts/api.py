"""The accounts area of the API, for 管理员: units, users, their roles (memberships), deactivation
and password resets. The same services, selectors and permission checks as the pages; errors as
{"code", "message", "fields"} in Chinese (AccountsError, PermissionDenied)."""

from __future__ import annotations

from ninja import Path, Query, Router, Schema
from pydantic import Field

from ..errors import ERRORS
from . import selectors, services

router = Router(tags=["单位与用户"])


def _login(description: str = "登录名"):
    return Path(..., min_length=1, max_length=150, description=description)


# ---------------------------------------------------------------- schemas

class UnitIn(Schema):
    code: str = Field(..., max_length=20, description="单位编码，如711001")
    name: str = Field(..., max_length=200, description="单位名称")
    finance_bureau: str = Field("", max_length=200, description="上级财政部门，如昌黎县财政局")


class UnitOut(Schema):
    id: int
    code: str
    name: str
    finance_bureau: str


class MembershipIn(Schema):
    role: str = Field(..., max_length=150, description="角色：单位填报、单位审核、财政审核、帮扶干事、管理员（或 admin 等别名）")
    unit: str | None = Field(None, max_length=20, description="单位编码；财政审核、管理员不填")


class MembershipOut(Schema):
    unit: str | None
    unit_name: str
    role: str


class UserIn(Schema):
    login: str = Field(..., max_length=150, description="登录名")
    name: str = Field(..., max_length=150, description="姓名")
    password: str | None = Field(None, max_length=128, description="初始密码；不填则生成一个，只在回复中出现这一次")
    memberships: list[MembershipIn] = Field(default_factory=list, max_length=50)


class UserUpdateIn(Schema):
    name: str = Field(..., max_length=150)
    active: bool


class UserOut(Schema):
    id: int
    login: str
    name: str
    active: bool
    memberships: list[MembershipOut]


class UserCreatedOut(UserOut):
    password: str | None = Field(None, description="生成的密码（只出现这一次）；自带密码时为空")


class PasswordIn(Schema):
    password: str | None = Field(None, max_length=128, description="新密码；不填则生成一个")


class PasswordOut(Schema):
    password: str | None = Field(None, description="生成的密码（只出现这一次）；自带密码时为空")


def _unit_out(unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "finance_bureau": unit.finance_bureau}


def _user_out(request, login: str) -> dict:
    user = selectors.user_by_login(user=request.user, login=login)
    return {"id": user.pk, "login": user.username, "name": user.first_name, "active": user.is_active,
            "memberships": selectors.membership_rows(user)}


def _unit(request, code: str | None):
    return selectors.unit_by_code(user=request.user, code=code) if code else None


# ---------------------------------------------------------------- units

@router.get("/units", response={200: list[UnitOut], **ERRORS})
def unit_list(request, q: str = Query("", max_length=100)):
    return [_unit_out(u) for u in selectors.unit_list(user=request.user, q=q)]


@router.post("/units", response={200: UnitOut, **ERRORS})
def unit_create(request, payload: UnitIn):
    return _unit_out(services.unit_create(code=payload.code, name=payload.name, finance_bureau=payload.finance_bureau,
                                          acting_user=request.user))


@router.put("/units/{code}", response={200: UnitOut, **ERRORS})
def unit_update(request, payload: UnitIn, code: str = Path(..., min_length=1, max_length=20, description="单位编码")):
    unit = selectors.unit_by_code(user=request.user, code=code)
    return _unit_out(services.unit_update(unit=unit, code=payload.code, name=payload.name,
                                          finance_bureau=payload.finance_bureau, acting_user=request.user))


# ---------------------------------------------------------------- users

@router.get("/users", response={200: list[UserOut], **ERRORS})
def user_list(request, q: str = Query("", max_length=100), active: bool | None = None):
    return [{"id": u.pk, "login": u.username, "name": u.first_name, "active": u.is_active,
             "memberships": selectors.membership_rows(u)}
            for u in selectors.user_list(user=request.user, q=q, active=active)]


@router.get("/users/{login}", response={200: UserOut, **ERRORS})
def user_detail(request, login: str = _login()):
    return _user_out(request, login)


@router.post("/users", response={200: UserCreatedOut, **ERRORS})
def user_create(request, payload: UserIn):
    wanted = [(m.role, _unit(request, m.unit)) for m in payload.memberships]
    user, generated = services.user_create_with_roles(login=payload.login, name=payload.name, password=payload.password,
                                                      memberships=wanted, acting_user=request.user)
    return {**_user_out(request, user.username), "password": generated}


@router.put("/users/{login}", response={200: UserOut, **ERRORS})
def user_update(request, payload: UserUpdateIn, login: str = _login()):
    user = selectors.user_by_login(user=request.user, login=login)
    services.user_update(user=user, name=payload.name, is_active=payload.active, acting_user=request.user)
    return _user_out(request, login)


@router.post("/users/{login}/deactivate", response={200: UserOut, **ERRORS})
def user_deactivate(request, login: str = _login()):
    services.user_deactivate(user=selectors.user_by_login(user=request.user, login=login), acting_user=request.user)
    return _user_out(request, login)


@router.post("/users/{login}/memberships", response={200: UserOut, **ERRORS})
def membership_set(request, payload: MembershipIn, login: str = _login()):
    user = selectors.user_by_login(user=request.user, login=login)
    services.membership_set(user=user, role=payload.role, unit=_unit(request, payload.unit), acting_user=request.user)
    return _user_out(request, login)


@router.delete("/users/{login}/memberships", response={200: UserOut, **ERRORS})
def membership_remove(request, login: str = _login(), role: str = Query(..., max_length=150),
                      unit: str | None = Query(None, max_length=20)):
    user = selectors.user_by_login(user=request.user, login=login)
    services.membership_remove(user=user, role=role, unit=_unit(request, unit), acting_user=request.user)
    return _user_out(request, login)


@router.post("/users/{login}/password", response={200: PasswordOut, **ERRORS})
def password_reset(request, payload: PasswordIn, login: str = _login()):
    user = selectors.user_by_login(user=request.user, login=login)
    password = services.password_reset(user=user, password=payload.password, acting_user=request.user)
    return {"password": None if payload.password else password}


@router.post("/users/{login}/unlock", response={200: UserOut, **ERRORS})
def user_unlock(request, login: str = _login()):
    services.user_unlock(user=selectors.user_by_login(user=request.user, login=login), acting_user=request.user)
    return _user_out(request, login)
