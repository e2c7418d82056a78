"""Where a page goes after a save: the `next` it was given only when that is a path on this site;
anywhere else (`https://evil.example`, `//evil.example`, `/\\evil.example`, `javascript:`) goes to
the page's own default. Every view that follows a `next` goes through `redirect_next`."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, field: str = "next") -> str | None:
    """The `next` the request carries (form first, then query), when it is a path on this site."""
    target = (request.POST.get(field) or request.GET.get(field) or "").strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None  # only a path of this site: no scheme, no host, nothing a browser reads as one
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return None
    return target


def redirect_next(request, default: str, *args, **kwargs):
    """A redirect to the request's safe `next`, or to `default` (a URL name with its arguments)."""
    return redirect(safe_next(request) or default, *args, **kwargs)
