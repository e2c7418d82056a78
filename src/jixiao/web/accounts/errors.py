"""Errors a person can cause when managing units, users and roles: a stable code, a Chinese
message naming what and where, and the form fields it concerns. Messages are constants that tests import."""

from __future__ import annotations

from ...core.errors import FORBIDDEN, INVALID, JixiaoError

ADMIN_ONLY = "只有管理员可以管理单位、用户和角色"
LOGIN_TAKEN = "登录名“{login}”已被使用"
LOGIN_FORMAT = "登录名“{login}”只能由字母、数字、汉字和 @ . + - _ 组成，最长150个字符"
NAME_REQUIRED = "请填写{what}"
UNIT_CODE_FORMAT = "单位编码“{code}”只能由字母和数字组成，最长20个字符"
UNIT_CODE_TAKEN = "单位编码“{code}”已被“{name}”使用"
UNKNOWN_UNIT = "没有单位“{code}”"
UNKNOWN_USER = "没有用户“{login}”"
UNKNOWN_ROLE = "没有角色“{role}”，可用的角色：{roles}"
ROLE_NEEDS_UNIT = "角色“{role}”属于某个单位，请指定单位"
ROLE_TAKES_NO_UNIT = "角色“{role}”不属于任何单位（可查看全部单位），不要指定单位"
NO_SUCH_MEMBERSHIP = "用户“{login}”没有{where}的角色“{role}”"
LAST_ADMIN = "“{login}”是最后一个启用的管理员，不能{what}；请先为另一位用户授予管理员角色"
SELF_DEACTIVATE = "不能停用自己的账号"
WEAK_PASSWORD = "密码不合要求：{reasons}"
PASSWORD_REASONS = {  # by the codes of Django's four standard validators
    "password_too_similar": "密码与{verbose_name}太相似。",
    "password_too_short": "密码太短，至少需要{min_length}个字符。",
    "password_too_common": "这个密码太常见了。",
    "password_entirely_numeric": "密码不能全是数字。",
    "password_guessable": "密码只是常见词、登录名或角色名加上数字或符号，容易被猜到。",
}
OLD_PASSWORD_WRONG = "原密码不正确"
PASSWORD_MISMATCH = "两次输入的新密码不一致"
PASSWORD_UNCHANGED = "新密码不能与原密码相同"
PASSWORD_BLANK = "密码不能全是空格。"
USER_STALE = "用户“{login}”已被他人修改，请刷新页面，在最新内容上重新修改"
UNIT_STALE = "单位“{code} {name}”已被他人修改，请刷新页面，在最新内容上重新修改"
OWN_RESET = "不能在这里重置自己的密码，请用页面右上角的“修改密码”"
UNKNOWN_EVENT = "没有“{action}”这类安全事件，可选：{actions}"


# A 财政审核's area (goals.ReviewArea)
AREA_NOT_FINANCE = "用户“{login}”没有财政审核角色，不能设置财政审核范围；请先授予财政审核角色"
AREA_TOO_LONG = "财政部门名称不能超过200个字，也不能包含控制字符：{bureau}"
AREA_STALE = "用户“{login}”的财政审核范围已被他人改为“{area}”，请刷新页面后再修改"

class AccountsError(JixiaoError):
    def __init__(self, code: str, message: str, fields: dict[str, str] | None = None, kind: str = INVALID):
        super().__init__(code, message, kind=kind, fields=fields)


# API tokens (`jixiao token`)
TOKEN_EXPIRED = "API令牌已于{when}过期，请让管理员用 jixiao token 登录名 重新签发"
TOKEN_REVOKED = "API令牌已于{when}被吊销，不能再使用"
TOKEN_DAYS = "令牌有效天数应为1到3650之间的整数，而不是{days}"
TOKEN_UNKNOWN = "用户“{login}”没有名称、编号或值为“{which}”的API令牌"
TOKEN_INACTIVE = "用户“{login}”已停用，不能签发令牌；先用 jixiao users activate {login} 启用"
TOKEN_AMBIGUOUS = "有{count}个名称为“{which}”的API令牌（{users}），请改用令牌编号（jixiao token 登录名 --list 可查）"
TOKEN_ALREADY_REVOKED = "API令牌“{name}”已于{when}被吊销"


class TokenRefused(AccountsError):
    """An expired or revoked API token: the API answers 401 (api.py), naming which and since when."""

    def __init__(self, code: str, message: str):
        super().__init__(code, message, kind=FORBIDDEN)

