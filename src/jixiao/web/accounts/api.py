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
    role: str = Field(..., max_length=150,
                      description="角色：单位填报、单位审核、财政审核、帮扶干事、管理员（或`admin`等别名）")
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
    review_area: str | None = Field(None, description="财政审核范围：该财政审核评审的单位的上级财政部门，如昌黎县财政局；"
                                                      "不限（全部单位）或不是财政审核时为空")


class ReviewAreaIn(Schema):
    finance_bureau: str = Field(..., max_length=200, description="上级财政部门，如昌黎县财政局；空字符串表示全部单位")
    seen: str | None = Field(None, max_length=200, description="据以修改的原审核范围（空字符串为全部单位）；"
                                                               "与现在的不同（他人已改动）时答复409，不做更改；不填则不核对")


class UserCreatedOut(UserOut):
    password: str | None = Field(None, description="生成的密码（只出现这一次）；自带密码时为空")


class PasswordIn(Schema):
    password: str | None = Field(None, max_length=128, description="新密码；不填则生成一个")


class PasswordOut(Schema):
    password: str | None = Field(None, description="生成的密码（只出现这一次）；自带密码时为空")


class SecurityEventOut(Schema):
    at: str = Field(..., description="时间，如`2021-03-01T08:00:00+08:00`")
    action: str = Field(..., description="事件代码：`login`、`login_failed`、`logout`、`token_issue`、`token_revoke`、"
                                         "`personal_data.exported`")
    action_name: str = Field(..., description="事件名称，如“登录失败”")
    user: str | None = Field(None, description="操作人的登录名；未登录（如登录失败）或命令行操作时为空")
    object: str = Field(..., description="涉及的对象：用户、发放轮次，或尝试登录的名称")
    note: str = Field(..., description="说明：来源地址、令牌名称、下载的内容（不含密码、令牌和个人信息本身）")


def _unit_out(unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "finance_bureau": unit.finance_bureau}


def _user_out(request, login: str) -> dict:
    user = selectors.user_by_login(user=request.user, login=login)
    return {"id": user.pk, "login": user.username, "name": user.first_name, "active": user.is_active,
            "memberships": selectors.membership_rows(user), "review_area": selectors.review_area_of(user) or None}


def _unit(request, code: str | None):
    return selectors.unit_by_code(user=request.user, code=code) if code else None


# ---------------------------------------------------------------- units

@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="单位列表",
            description="列出全部单位，按单位编码排列；`q`按单位编码开头、名称或上级财政部门查找。"
                        "只有管理员可以调用，否则答复403。")
def unit_list(request, q: str = Query("", max_length=100, description="按单位编码开头、名称或上级财政部门查找")):
    return [_unit_out(u) for u in selectors.unit_list(user=request.user, q=q)]


@router.post("/units", response={200: UnitOut, **ERRORS}, summary="新建单位",
             description="新建一个单位：单位编码、名称和上级财政部门。只有管理员可以调用，否则答复403；"
                         "编码或名称不合要求时答复400，编码已被使用时答复409。")
def unit_create(request, payload: UnitIn):
    return _unit_out(services.unit_create(code=payload.code, name=payload.name, finance_bureau=payload.finance_bureau,
                                          acting_user=request.user))


@router.put("/units/{code}", response={200: UnitOut, **ERRORS}, summary="修改单位",
            description="修改单位编码为路径中`code`的单位的编码、名称和上级财政部门。只有管理员可以调用，"
                        "否则答复403；没有这个单位时答复404；字段不合要求时答复400，新编码已被其他单位使用时答复409。")
def unit_update(request, payload: UnitIn, code: str = Path(..., min_length=1, max_length=20, description="单位编码")):
    unit = selectors.unit_by_code(user=request.user, code=code)
    return _unit_out(services.unit_update(unit=unit, code=payload.code, name=payload.name,
                                          finance_bureau=payload.finance_bureau, acting_user=request.user))


# ---------------------------------------------------------------- users

@router.get("/users", response={200: list[UserOut], **ERRORS}, summary="用户列表",
            description="列出全部用户及其角色，按登录名排列；`q`按登录名、姓名或单位编码开头查找，"
                        "`active`筛选启用或停用的用户。只有管理员可以调用，否则答复403。")
def user_list(request, q: str = Query("", max_length=100, description="按登录名、姓名或单位编码开头查找"),
              active: bool | None = Query(None, description="只列出启用（`true`）或停用（`false`）的用户")):
    areas = selectors.review_areas(user=request.user)
    return [{"id": u.pk, "login": u.username, "name": u.first_name, "active": u.is_active,
             "memberships": selectors.membership_rows(u), "review_area": areas.get(u.pk) or None}
            for u in selectors.user_list(user=request.user, q=q, active=active)]


@router.get("/users/{login}", response={200: UserOut, **ERRORS}, summary="用户详情",
            description="一个用户的登录名、姓名、是否启用及其在各单位的角色。只有管理员可以调用，否则答复403；"
                        "没有这个用户时答复404。")
def user_detail(request, login: str = _login()):
    return _user_out(request, login)


@router.post("/users", response={200: UserCreatedOut, **ERRORS}, summary="新建用户",
             description="新建用户并授予`memberships`中的角色，全部成功或全部不做。不填密码时生成一个，"
                         "只在这次答复中出现。只有管理员可以调用，否则答复403；登录名已被使用时答复409；登录名、"
                         "姓名不合要求、密码太弱、角色不存在或角色与单位不相符时答复400；单位不存在时答复404。")
def user_create(request, payload: UserIn):
    wanted = [(m.role, _unit(request, m.unit)) for m in payload.memberships]
    user, generated = services.user_create_with_roles(login=payload.login, name=payload.name, password=payload.password,
                                                      memberships=wanted, acting_user=request.user)
    return {**_user_out(request, user.username), "password": generated}


@router.put("/users/{login}", response={200: UserOut, **ERRORS}, summary="修改用户",
            description="修改用户的姓名和是否启用；停用后该用户不能登录，其令牌也失效。只有管理员可以调用，"
                        "否则答复403；没有这个用户时答复404；停用自己或最后一个启用的管理员时答复409。")
def user_update(request, payload: UserUpdateIn, login: str = _login()):
    user = selectors.user_by_login(user=request.user, login=login)
    services.user_update(user=user, name=payload.name, is_active=payload.active, acting_user=request.user)
    return _user_out(request, login)


@router.post("/users/{login}/deactivate", response={200: UserOut, **ERRORS}, summary="停用用户",
             description="停用用户：不能再登录，令牌失效，历史记录保留；已停用的不变。只有管理员可以调用，"
                         "否则答复403；没有这个用户时答复404；停用自己或最后一个启用的管理员时答复409。")
def user_deactivate(request, login: str = _login()):
    services.user_deactivate(user=selectors.user_by_login(user=request.user, login=login), acting_user=request.user)
    return _user_out(request, login)


@router.post("/users/{login}/memberships", response={200: UserOut, **ERRORS}, summary="授予角色",
             description="授予用户一个角色：单位填报、单位审核、帮扶干事须指定单位`unit`，财政审核、"
                         "管理员不指定单位。已有该角色时不变。只有管理员可以调用，否则答复403；"
                         "角色不存在或与单位不相符时答复400；用户或单位不存在时答复404。")
def membership_set(request, payload: MembershipIn, login: str = _login()):
    user = selectors.user_by_login(user=request.user, login=login)
    services.membership_set(user=user, role=payload.role, unit=_unit(request, payload.unit), acting_user=request.user)
    return _user_out(request, login)


@router.delete("/users/{login}/memberships", response={200: UserOut, **ERRORS}, summary="撤销角色",
               description="撤销用户在某单位（查询参数`unit`，财政审核和管理员不填）的角色`role`。"
                           "只有管理员可以调用，否则答复403；角色不存在或与单位不相符时答复400；用户或单位不存在、"
                           "用户没有该角色时答复404；撤销最后一个启用的管理员的管理员角色时答复409。")
def membership_remove(request, login: str = _login(), role: str = Query(..., max_length=150, description="角色"),
                      unit: str | None = Query(None, max_length=20, description="单位编码；财政审核、管理员不填")):
    user = selectors.user_by_login(user=request.user, login=login)
    services.membership_remove(user=user, role=role, unit=_unit(request, unit), acting_user=request.user)
    return _user_out(request, login)


@router.put("/users/{login}/review-area", response={200: UserOut, **ERRORS}, summary="设置财政审核范围",
            description="设置财政审核的审核范围：只看到、评级上级财政部门为`finance_bureau`的单位（及本人所属的单位），"
                        "财政审核台也只列出这些单位；空字符串恢复为全部单位。与页面和`jixiao users set-area`相同，"
                        "记入该用户的变更历史。只有管理员可以调用，否则答复403；没有这个用户时答复404；"
                        "用户没有财政审核角色或名称过长时答复400；`seen`与现在的审核范围不同时答复409。")
def review_area_set(request, payload: ReviewAreaIn, login: str = _login()):
    user = selectors.user_by_login(user=request.user, login=login)
    services.review_area_set(user=user, finance_bureau=payload.finance_bureau, seen=payload.seen,
                             acting_user=request.user)
    return _user_out(request, login)


@router.post("/users/{login}/password", response={200: PasswordOut, **ERRORS}, summary="重置密码",
             description="为用户设置新密码并解除其登录锁定；不填密码时生成一个，只在这次答复中出现。"
                         "只有管理员可以调用，否则答复403；不能用它重置自己的密码（请修改自己的密码），"
                         "密码太弱时答复400；没有这个用户时答复404。")
def password_reset(request, payload: PasswordIn, login: str = _login()):
    user = selectors.user_by_login(user=request.user, login=login)
    password = services.password_reset(user=user, password=payload.password, acting_user=request.user)
    return {"password": None if payload.password else password}


@router.post("/users/{login}/unlock", response={200: UserOut, **ERRORS}, summary="解除登录锁定",
             description="清除用户的登录失败记录，立即解除因多次登录失败造成的锁定。只有管理员可以调用，否则答复403；"
                         "没有这个用户时答复404。")
def user_unlock(request, login: str = _login()):
    services.user_unlock(user=selectors.user_by_login(user=request.user, login=login), acting_user=request.user)
    return _user_out(request, login)


# ---------------------------------------------------------------- security events

@router.get("/security-log", response={200: list[SecurityEventOut], **ERRORS}, summary="安全日志",
            description="最近200条安全事件，新的在前：登录、登录失败、退出登录、API令牌的签发和吊销、含个人信息的下载"
                        "（代发名单、通过接口完整读取的困难职工档案）；`action`只列出一类。不记录密码、令牌和个人信息本身。"
                        "只有管理员可以调用，否则答复403；没有这类事件时答复400。")
def security_log(request, action: str = Query("", max_length=40, description="只列出这一类事件（事件代码），不填为全部")):
    from ..history import selectors as history
    from ..history.services import SECURITY_ACTIONS
    from .errors import UNKNOWN_EVENT, AccountsError

    services.require_admin(request.user)
    if action and action not in SECURITY_ACTIONS:
        message = UNKNOWN_EVENT.format(action=action, actions="、".join(SECURITY_ACTIONS))
        raise AccountsError("unknown_event", message, {"action": message})
    return [{"at": e.at.isoformat(), "action": e.action, "action_name": SECURITY_ACTIONS[e.action],
             "user": e.user.username if e.user else None, "object": e.object_label, "note": e.note}
            for e in history.security_log(action=action)]
