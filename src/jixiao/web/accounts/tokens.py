"""API tokens: issued for a number of days, refused once expired or revoked, listed with their state.
Issue and revocation are security events in the history (history.services.log_security_event), in
the same transaction; the token itself is never recorded, only its name and number."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ...core.errors import CONFLICT, NOT_FOUND
from ..history.services import log_security_event
from . import errors as e
from .errors import AccountsError, TokenRefused
from .models import Token

MAX_DAYS = 3650


def _by_hand(acting_user) -> bool:
    """Whether a person signed in did it (else the command line, as SYSTEM or nobody)."""
    return bool(getattr(acting_user, "is_authenticated", False))


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def token_check(*, token: Token) -> None:
    """Refuse a revoked or expired token (TokenRefused, answered 401 by the API); note its use."""
    if token.revoked_at is not None:
        raise TokenRefused("token_revoked", e.TOKEN_REVOKED.format(when=_when(token.revoked_at)))
    if token.expires_at <= timezone.now():
        raise TokenRefused("token_expired", e.TOKEN_EXPIRED.format(when=_when(token.expires_at)))
    token.touch()


@transaction.atomic
def token_issue(*, user, name: str, days: int | None = None, acting_user=None) -> tuple[Token, str]:
    """A new token for `user`, valid `days` (settings.API_TOKEN_DAYS when None); returns the row and
    the token, which is shown once and stored only as its hash."""
    if not user.is_active:
        raise AccountsError("inactive", e.TOKEN_INACTIVE.format(login=user.username))
    if days is not None and not (isinstance(days, int) and 1 <= days <= MAX_DAYS):
        raise AccountsError("token_days", e.TOKEN_DAYS.format(days=days), {"days": e.TOKEN_DAYS.format(days=days)})
    value = Token.issue(user, name, days)
    token = Token.objects.get(digest=Token.hash(value))
    log_security_event("token_issue", subject=user, user=acting_user,
                       note=f"令牌名称：{name}，编号{token.pk}，有效至{_when(token.expires_at)}"
                            + ("" if _by_hand(acting_user) else "（命令行签发）"))
    return token, value


def token_find(*, which: str, user=None) -> Token:
    """A token (of `user` when given) by its value (hashed: the value is never stored), its number or
    its name."""
    rows = Token.objects.select_related("user")
    rows = rows.filter(user=user) if user is not None else rows
    found = rows.filter(digest=Token.hash(which)).first()
    if found is None and which.isdigit():
        found = rows.filter(pk=int(which)).first()
    if found is None:
        named = list(rows.filter(name=which))
        if len(named) > 1:
            users = "、".join(sorted({t.user.username for t in named}))
            raise AccountsError("token_ambiguous", e.TOKEN_AMBIGUOUS.format(count=len(named), which=which, users=users),
                                kind=CONFLICT)
        found = named[0] if named else None
    if found is None:
        login = user.username if user is not None else "（任何）"
        raise AccountsError("token_unknown", e.TOKEN_UNKNOWN.format(login=login, which=which), kind=NOT_FOUND)
    return found


@transaction.atomic
def token_revoke(*, which: str, user=None, acting_user=None) -> Token:
    """Revoke a token (by number, name or value); a revoked one stays listed, refused for ever."""
    token = token_find(which=which, user=user)
    token = Token.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        raise AccountsError("token_revoked", e.TOKEN_ALREADY_REVOKED.format(name=token.name or token.pk,
                                                                            when=_when(token.revoked_at)),
                            kind=CONFLICT)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_security_event("token_revoke", subject=token.user, user=acting_user,
                       note=f"令牌名称：{token.name}，编号{token.pk}" + ("" if _by_hand(acting_user) else "（命令行）"))
    return token


def token_list(*, user=None) -> list[Token]:
    rows = Token.objects.select_related("user").order_by("user__username", "created_at", "pk")
    return list(rows.filter(user=user) if user is not None else rows)


def token_row(token: Token) -> dict:
    return {"id": token.pk, "login": token.user.username, "name": token.name, "created": _when(token.created_at),
            "expires": _when(token.expires_at), "revoked": _when(token.revoked_at) if token.revoked_at else "",
            "last_used": _when(token.last_used_at) if token.last_used_at else "", "state": token.state()}
