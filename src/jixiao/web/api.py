"""The JSON API under /api/ (django-ninja): the root — authentication, errors, and the
routers of each area mounted (web/<area>/api.py). The same services, selectors and
permissions as the pages; a Bearer token or a session (with its CSRF token) to write;
every error as {"code", "message", "fields"} in Chinese."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, SuspiciousOperation
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from ..core.errors import JixiaoError
from .accounts.errors import TokenRefused
from .accounts.models import Token
from .accounts.tokens import token_check
from .errors import API_MESSAGES, request_limit, server_error_message
from .evaluation import api as evaluation_api
from .goals import api as goals_api
from .relief import api as relief_api

logger = logging.getLogger(__name__)
CSRF_MESSAGE = "请求缺少有效的CSRF令牌：用会话登录调用接口时，请在X-CSRFToken请求头中带上csrftoken Cookie的值，或改用Bearer令牌"


class CsrfFailed(Exception):
    pass


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` (`jixiao token USER`): not a browser, so no CSRF check."""

    def authenticate(self, request, token):
        found = Token.objects.select_related("user").filter(digest=Token.hash(token)).first()
        if found and found.user.is_active:
            token_check(token=found)  # an expired or revoked token: TokenRefused, answered 401 below
            request.user = found.user
            return found.user
        return None


class SessionCsrf(APIKeyCookie):
    """The browser's session; its writes need the CSRF token, as the pages' forms do."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=True)  # the docs page then sends the token with its requests

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)  # CSRF checked below, once the session is known to be a user's

    def authenticate(self, request, key):
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise CsrfFailed()
        return request.user


# The docs page shows each response's description; ninja's are HTTP's English reason phrases.
RESPONSE_TEXTS = {200: "成功", 400: "请求有误，未作修改", 401: "未登录或令牌无效", 403: "无权执行此操作",
                  404: "对象不存在，或你无权查看", 409: "操作冲突（如已被他人修改或处理），未作修改",
                  422: "请求格式不正确，`fields`逐项说明"}


class ChineseDocsAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document describes the responses in Chinese."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                for status, response in operation.get("responses", {}).items():
                    text = RESPONSE_TEXTS.get(int(status)) if str(status).isdigit() else None
                    if text and not any("\u4e00" <= c <= "\u9fff" for c in response.get("description", "")):
                        response["description"] = text
        return schema


api = ChineseDocsAPI(
    title="jixiao 预算绩效管理接口", version="1", auth=[BearerToken(), SessionCsrf()], docs_url="/docs",
    urls_namespace="api",
    description="与页面相同的服务、权限和数据，以JSON读写。\n\n"
                "**认证**：请求头带`Authorization: Bearer <令牌>`（令牌由命令`jixiao token 登录名`生成），"
                "或使用浏览器登录后的会话；用会话调用写操作时须在`X-CSRFToken`请求头中"
                "带上名为`csrftoken`的Cookie的值。\n\n"
                "**错误**：一律答复`{\"code\", \"message\", \"fields\"}`：`code`为稳定的错误代码，"
                "`message`为中文说明，`fields`逐项列出有问题的字段。")


def _error(request, status: int, code: str, message: str, fields: dict | None = None):
    return api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(JixiaoError)
def jixiao_error(request, exc):  # a person's mistake in any area: its kind decides the status
    return _error(request, exc.status, exc.code, str(exc), exc.fields)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, 403, "forbidden", str(exc) or API_MESSAGES[403][1])


@api.exception_handler(CsrfFailed)
def csrf_failed(request, exc):
    return _error(request, 403, "csrf", CSRF_MESSAGE)


@api.exception_handler(Http404)
def missing(request, exc):  # Django's own (an unknown address); jixiao's are NotFound, a JixiaoError
    return _error(request, 404, "not_found", API_MESSAGES[404][1])


@api.exception_handler(ObjectDoesNotExist)
def does_not_exist(request, exc):
    return _error(request, 404, "not_found", API_MESSAGES[404][1])


@api.exception_handler(TokenRefused)
def token_refused(request, exc):  # a known token past its expiry or revoked: 401, saying which
    response = _error(request, 401, exc.code, str(exc))
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated", API_MESSAGES[401][1])


@api.exception_handler(HttpError)
def http_error(request, exc):
    if exc.status_code == 400:  # the only one ninja raises by itself: a body it cannot parse
        return _error(request, 400, "malformed", "请求体无法解析：应为有效的JSON（或表单、文件上传）")
    code, message = API_MESSAGES.get(exc.status_code, ("error", "请求未能完成"))
    return _error(request, exc.status_code, code, message)


@api.exception_handler(SuspiciousOperation)
def suspicious(request, exc):  # Django's limits on a request (too large, too many fields): 400, as pages answer
    code, message = request_limit(exc) or ("bad_request", API_MESSAGES[400][1])
    return _error(request, 400, code, message)


@api.exception_handler(Exception)
def server_error(request, exc):
    logger.exception("API error at %s", request.path)
    return _error(request, 500, "server_error", server_error_message(request))


def _pydantic_message(e: dict) -> str:
    """One pydantic error in Chinese, with the limits it names."""
    ctx = e.get("ctx") or {}
    kind = e.get("type", "")
    fixed = {
        "missing": "缺少此字段", "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
        "float_parsing": "应为数字", "float_type": "应为数字", "decimal_parsing": "应为数字", "decimal_type": "应为数字",
        "finite_number": "应为有限的数字", "string_type": "应为文本", "string_unicode": "应为文本",
        "json_invalid": "不是有效的JSON", "json_type": "应为JSON", "list_type": "应为列表", "dict_type": "应为对象",
        "model_type": "应为对象", "model_attributes_type": "应为对象", "bool_parsing": "应为true或false",
        "bool_type": "应为true或false", "date_type": "应为日期，如2021-07-31", "date_parsing": "应为日期，如2021-07-31",
        "date_from_datetime_parsing": "应为日期，如2021-07-31", "date_from_datetime_inexact": "应为日期，不含时刻",
        "none_required": "应为空", "extra_forbidden": "不认识这个字段",
    }
    if kind in fixed:
        return fixed[kind]
    if kind in ("literal_error", "enum") and "expected" in ctx:  # "'', 'green' or 'red'": each one, the empty named
        choices = [c.strip().strip("'") for c in re.split(r", | or ", str(ctx["expected"]))]
        return "应为以下之一：" + "、".join(c or "空（不填）" for c in choices)
    limits = {"greater_than": "应大于{gt}", "greater_than_equal": "应不小于{ge}", "less_than": "应小于{lt}",
              "less_than_equal": "应不大于{le}", "string_too_long": "不能超过{max_length}个字",
              "string_too_short": "至少{min_length}个字", "too_long": "不能超过{max_length}项",
              "too_short": "至少{min_length}项", "decimal_max_digits": "数字位数不能超过{max_digits}位",
              "decimal_max_places": "小数不能超过{decimal_places}位",
              "decimal_whole_digits": "整数部分不能超过{whole_digits}位", "literal_error": "应为以下之一：{expected}",
              "enum": "应为以下之一：{expected}", "string_pattern_mismatch": "格式不对"}
    if kind in limits:
        try:
            return limits[kind].format(**{k: str(v).replace(" or ", "、").replace("'", "") for k, v in ctx.items()})
        except (KeyError, IndexError):
            pass
    return "取值不合要求"


@api.exception_handler(ValidationError)
def malformed(request, exc):
    fields = {}
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", [])]
        if loc and loc[0] in ("body", "query", "path", "file", "form", "header", "cookie"):
            loc = loc[1:] if len(loc) > 1 else loc  # where it came from; the field's name says enough
        if len(loc) > 1 and loc[0] == "payload":
            loc = loc[1:]
        fields.setdefault(".".join(loc) or "请求", _pydantic_message(e))
    message = "请求格式不正确：" + "；".join(f"{k}{v}" for k, v in fields.items())
    return _error(request, 422, "malformed", message, fields)


api.add_router("/plans", goals_api.plans)
api.add_router("/plans", evaluation_api.router)
api.add_router("/plans", "jixiao.web.evaluation.second_monitoring_api.router")
api.add_router("/projects", goals_api.projects)
api.add_router("/indicators", goals_api.indicators)
api.add_router("/adjustments", goals_api.adjustments)
api.add_router("/public", goals_api.public)
api.add_router("/relief", relief_api.router)
api.add_router("/rectifications", "jixiao.web.rectification.api.router")
api.add_router("/department", "jixiao.web.department.api.router")
api.add_router("/department", "jixiao.web.department.goal_api.router")
api.add_router("/department", "jixiao.web.department.metric_api.router")
api.add_router("/department", "jixiao.web.department.evaluation_api.router")
api.add_router("/accounts", "jixiao.web.accounts.api.router")
api.add_router("/desk", "jixiao.web.desk.api.router")
api.add_router("/library", "jixiao.web.library.api.router")
