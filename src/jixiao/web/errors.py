"""Every error a person can cause ends in a Chinese page (or JSON under /api/), never a traceback."""

from __future__ import annotations

import re

from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from ninja import Schema

from ..core.errors import JixiaoError

TITLES = {400: "请求有误", 403: "无权操作", 404: "找不到页面", 405: "请从页面上的按钮操作", 409: "操作冲突",
          500: "系统出错"}
# A page address that only a form's button may send to, opened by itself (a reload, a bookmark, a new tab).
BUTTON_ONLY = "这个地址只接受页面上按钮的提交，不能直接打开。请返回上一页，或从首页重新进入。"
API_MESSAGES = {400: ("bad_request", "请求格式不正确"), 401: ("unauthenticated", "请先登录或提供有效的令牌"),
                403: ("forbidden", "你无权执行此操作"), 404: ("not_found", "没有这个接口或对象，或你无权查看"),
                405: ("method_not_allowed", "这个接口不支持该请求方法"), 409: ("conflict", "操作冲突，请刷新后重试"),
                413: ("too_large", "上传的内容太大"), 415: ("unsupported_media_type", "请求的内容类型不受支持"),
                429: ("throttled", "请求过于频繁，请稍后再试"), 500: ("server_error", "系统出错，操作没有完成")}
# What a 500 says about the data: "not changed" only when the request committed nothing (CommitTracking).
SAVED_NOTHING = "系统出错，操作没有完成，数据未被修改。请稍后重试或联系管理员。"
SAVED_MAYBE = "系统出错，操作没有完成，但可能已保存部分修改，请刷新后核对，再决定是否重试。如有疑问请联系管理员。"
# A statement that writes, and the table it writes; the bookkeeping of a request (its session, a token's
# last use, django-axes' attempts) is not data a person saved.
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?(\w+)', re.IGNORECASE)
BOOKKEEPING = ("django_session", "accounts_token", "axes_")


class ErrorOut(Schema):
    """Every error of the API: a stable code, a Chinese message, and the fields it concerns."""

    code: str
    message: str
    fields: dict[str, str]


ERRORS = {status: ErrorOut for status in (400, 401, 403, 404, 409, 422)}  # declared on every operation


def error_page(request, status: int, message: str, code: str = ""):
    if request.path.startswith("/api/"):
        code = code or API_MESSAGES.get(status, (str(status), ""))[0]
        return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    if request.headers.get("HX-Request"):
        return render(request, "errors/_inline.html", {"message": message}, status=status)
    return render(request, "errors/error.html", {"title": TITLES.get(status, "出错了"), "message": message,
                                                 "status": status}, status=status)


# Django's own 400 and 404 carry English text for developers: the person sees ours. jixiao's own
# "not found" is a NotFound (a JixiaoError, shown with its message); its refusals are PermissionDenied
# with a Chinese message, which the 403 page shows.
def bad_request(request, exception=None):
    code, message = request_limit(exception) or ("bad_request", "请求格式不正确")
    return error_page(request, 400, message, code)


def request_limit(exception) -> tuple[str, str] | None:
    """(code, Chinese message) when `exception` is Django's refusal of a request over its own limits
    (settings DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FIELDS and _FILES); files have
    theirs in formats/limits.py."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

    from ..formats.limits import size_text

    if isinstance(exception, RequestDataTooBig):
        return "too_large", REQUEST_TOO_LARGE.format(limit=size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    if isinstance(exception, TooManyFieldsSent):
        return "too_many_fields", TOO_MANY_FIELDS.format(limit=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    if isinstance(exception, TooManyFilesSent):
        return "too_many_files", TOO_MANY_FILES.format(limit=settings.DATA_UPLOAD_MAX_NUMBER_FILES)
    return None


REQUEST_TOO_LARGE = "提交的内容太大：表单内容不能超过{limit}（上传的文件另有上限），未保存任何内容"
TOO_MANY_FIELDS = "提交的字段太多：不能超过{limit}个，未保存任何内容"
TOO_MANY_FILES = "提交的文件太多：不能超过{limit}个，未保存任何内容"


def permission_denied(request, exception=None):
    return error_page(request, 403, str(exception or "") or "你无权执行此操作")


def not_found(request, exception=None):
    return error_page(request, 404, "没有这个页面或对象，或你无权查看")


def server_error_message(request) -> str:
    """The 500's message, true to what the request committed; a request CommitTracking did not watch
    (an error before it ran) may have saved something for all anyone knows."""
    return SAVED_NOTHING if getattr(request, "jixiao_committed", True) is False else SAVED_MAYBE


def server_error(request):
    return error_page(request, 500, server_error_message(request))


class CommitTracking:
    """Notes on each request whether a write of it was committed (`request.jixiao_committed`): a write
    outside a transaction commits at once, one inside commits with it (`transaction.on_commit`), one
    rolled back never does. The 500 page and the API's 500 say by it whether anything was saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.jixiao_committed = False

        def committed():
            request.jixiao_committed = True

        def watch(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            write = WRITE.match(str(sql))
            if write and not write.group(1).lower().startswith(BOOKKEEPING) and not request.jixiao_committed:
                db = context["connection"]
                if not db.in_atomic_block:
                    committed()  # autocommit: it is saved already
                elif not any(callback[1] is committed for callback in db.run_on_commit):  # once per transaction
                    transaction.on_commit(committed, using=db.alias)
            return result

        with connection.execute_wrapper(watch):
            return self.get_response(request)


def csrf_failure(request, reason=""):
    return error_page(request, 403, "页面已过期或来源不可信（CSRF校验失败），请刷新页面后重试")


NUL_MESSAGE = "请求中含有空字符（\\0），无法查询或保存，请删除后重试"


def _has_nul(request) -> bool:
    """A NUL character anywhere in the address, the query, a posted form or a JSON body."""
    def holds(pairs) -> bool:
        return any("\x00" in key or any("\x00" in str(v) for v in values) for key, values in pairs)

    if "\x00" in request.path or holds(request.GET.lists()):
        return True
    content_type = request.content_type or ""
    if request.method in ("POST", "PUT", "PATCH") and content_type == "application/json":
        return b"\\u0000" in request.body or b"\x00" in request.body
    if request.method == "POST" and (content_type == "application/x-www-form-urlencoded" or (
            content_type == "multipart/form-data" and not request.path.startswith("/api/"))):
        return holds(request.POST.lists())  # a page's upload, which its CSRF check reads anyway
    return False


class ErrorMiddleware:
    """Turn the errors a person can cause into pages: a stale form, a wrong state, a bad value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):  # PostgreSQL cannot store or even compare text holding one
            return error_page(request, 400, NUL_MESSAGE, "nul")
        response = self.get_response(request)
        if request.path.startswith("/api/") and response.status_code >= 400 and \
                not response.get("Content-Type", "").startswith("application/json"):
            # What the framework answers by itself (405 and the like) comes out as the API's errors do.
            code, message = API_MESSAGES.get(response.status_code, ("error", "请求未能完成"))
            message = server_error_message(request) if response.status_code == 500 else message
            replaced = JsonResponse({"code": code, "message": message, "fields": {}}, status=response.status_code)
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            return replaced
        if response.status_code == 405 and not response.content:
            replaced = error_page(request, 405, BUTTON_ONLY)
            replaced["Allow"] = response.get("Allow", "")
            return replaced
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, JixiaoError):  # a person's mistake in any area: its kind decides the status
            return error_page(request, exception.status, str(exception), exception.code)
        return None
