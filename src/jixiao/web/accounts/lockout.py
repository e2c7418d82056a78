"""The page django-axes shows when a login is locked after repeated failures: in Chinese, naming
when the lock ends and who can lift it sooner."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from ..templatetags.jixiao import cndate


def lock_end(username: str, ip_address: str | None = None) -> dt.datetime | None:
    """When the lock on this login (from this address, or from any) ends; None when it is not locked."""
    cool_off = get_cool_off()
    rows = AccessAttempt.objects.filter(username=username)
    if ip_address:
        rows = rows.filter(ip_address=ip_address)
    if cool_off is not None:
        rows = rows.filter(attempt_time__gte=timezone.now() - cool_off)
    failures: defaultdict[str | None, int] = defaultdict(int)
    last: dict[str | None, dt.datetime] = {}
    for ip, count, at in rows.values_list("ip_address", "failures_since_start", "attempt_time"):
        failures[ip] += count
        last[ip] = max(at, last.get(ip, at))
    locked = [last[ip] for ip, count in failures.items() if count >= settings.AXES_FAILURE_LIMIT]
    if not locked:
        return None
    return max(locked) + cool_off if cool_off is not None else dt.datetime.max.replace(tzinfo=dt.UTC)


def lockout_message(username: str, end: dt.datetime | None) -> str:
    who = f"账号“{username}”" if username else "该账号"
    until = f"请在{cndate(end)}之后再试" if end and end.year < 9999 else "锁定不会自动解除"
    return (f"连续{settings.AXES_FAILURE_LIMIT}次登录失败，{who}在这台电脑（网络地址）上的登录已被暂时锁定，"
            f"{until}。如需立即登录，请联系管理员重置密码或解除锁定。")


def lockout_response(request, original_response=None, credentials=None):
    username = get_client_username(request, credentials) or ""
    end = lock_end(username, getattr(request, "axes_ip_address", None)) if username else None
    if username and end is None:  # the lock counted just now: it ends a whole cool-off from now
        cool_off = get_cool_off()
        end = timezone.now() + cool_off if cool_off else None
    return render(request, "accounts/locked.html", {"message": lockout_message(username, end), "until": end},
                  status=429)
