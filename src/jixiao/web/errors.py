"""Every error a person can cause ends in a Chinese page (or JSON under /api/), never a traceback."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from .goals.errors import GoalsError

TITLES = {400: "请求有误", 403: "无权操作", 404: "找不到页面", 409: "操作冲突", 500: "系统出错"}


def error_page(request, status: int, message: str, code: str = ""):
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code or str(status), "message": message, "fields": {}}, status=status)
    if request.headers.get("HX-Request"):
        return render(request, "errors/_inline.html", {"message": message}, status=status)
    return render(request, "errors/error.html", {"title": TITLES.get(status, "出错了"), "message": message,
                                                 "status": status}, status=status)


def _message(exception, default: str) -> str:
    text = str(exception) if exception else ""
    return text if text and any("\u4e00" <= c <= "\u9fff" for c in text) else default


def bad_request(request, exception=None):
    return error_page(request, 400, _message(exception, "请求格式不正确"))


def permission_denied(request, exception=None):
    return error_page(request, 403, _message(exception, "你无权执行此操作"))


def not_found(request, exception=None):
    return error_page(request, 404, _message(exception, "没有这个页面或对象，或你无权查看"))


def server_error(request):
    return error_page(request, 500, "系统出错，操作没有完成，数据未被修改。请稍后重试或联系管理员。")


def csrf_failure(request, reason=""):
    return error_page(request, 403, "页面已过期或来源不可信（CSRF校验失败），请刷新页面后重试")


class ErrorMiddleware:
    """Turn the domain's errors into pages: a stale form, a wrong state, a bad value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, GoalsError):
            return error_page(request, exception.status, exception.message, exception.code)
        return None
