"""Logins, failed logins and logouts as security events in the history (issue 13 §6): who, when and
from which address; never the password. django-axes counts the failures for its lockout by itself;
these entries are what the 管理员 reads on the 安全日志 page and on the user's own page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import log_security_event


def _address(request) -> str:
    if request is None:
        return ""
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or ""
    return f"来自{address}" if address else ""


@receiver(user_logged_in, dispatch_uid="jixiao.history.login")
def _logged_in(sender, request, user, **kwargs) -> None:
    log_security_event("login", subject=user, user=user, note=_address(request))


@receiver(user_logged_out, dispatch_uid="jixiao.history.logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        log_security_event("logout", subject=user, user=user, note=_address(request))


@receiver(user_login_failed, dispatch_uid="jixiao.history.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    """The name tried (its user's page shows it when it exists), never the password."""
    name = str((credentials or {}).get("username") or "")[:150]
    known = get_user_model().objects.filter(username=name).first() if name else None
    log_security_event("login_failed", subject=known, label=f"登录名“{name}”",
                       note="；".join(x for x in (f"登录名“{name}”", _address(request)) if x))
