"""Reads of the history: the entries a page shows under 变更历史, through the one include
`goals/_history.html`. Each record kind has its page (see tests/web/test_history_complete.py):
a plan, project, indicator, person, round, user or unit its own entries; the lists of model
workers, standards, surveys and the register the entries of the records they list; the 管理员's
安全日志 the security events. A page shows the newest `LIMIT` entries and offers the rest
(`?history=all`, `limit_of`); the list says whether there are more (`Entries.more`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import models
from django.db.models import Q

from .models import Entry
from .services import SECURITY, SECURITY_ACTIONS

LIMIT = 50
ALL = "all"
CACHE_SECONDS = 120  # the longest a page computed from the records may be shown from the cache


def generation() -> int:
    """What the pages computed from the records (the desk, a plan's monitoring) were computed from: the newest
    history entry about a record. Every change of a record (a grade, a plan's state, spending, a reason, a
    payment, a publication, a unit's bureau) is written in the history in its own transaction, so a new entry
    means the figures may have changed; logins and other security events change nothing of it. (An entry
    committed after a later one leaves the figures stale until the next change or CACHE_SECONDS, whichever
    comes first.)"""
    return Entry.objects.exclude(object_type=SECURITY).order_by("-id").values_list("id", flat=True).first() or 0


T = TypeVar("T")


def cached(key: str | None, compute: Callable[[], T]) -> T:
    """`compute()` kept in the cache under `key` for CACHE_SECONDS: a key that ends in `generation()` is new
    after any change, so nothing is invalidated by hand. None: computed each time (nothing names it)."""
    if key is None:
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


class Entries(list):
    """Entries newest first; `more`: older ones were left out (the page offers them all)."""

    more = False


def limit_of(request) -> int | None:
    """The page's limit: LIMIT, or none when the user asked for the whole history."""
    return None if request.GET.get("history") == ALL else LIMIT


def _cut(rows, limit: int | None) -> Entries:
    found = Entries(rows if limit is None else rows[:limit + 1])
    if limit is not None and len(found) > limit:
        del found[limit:]
        found.more = True
    return found


def history_list(*objects: models.Model, actions: Iterable[str] | None = None, limit: int | None = LIMIT) -> Entries:
    """The newest entries about any of `objects` (optionally only those `actions`)."""
    return _cut(_about(objects, actions), limit)


def history_of_kind(object_type: str, ids: Iterable[int], actions: Iterable[str] | None = None,
                    limit: int | None = LIMIT) -> Entries:
    """The newest entries about records of one kind (a model name such as "modelworker") by their ids."""
    rows = Entry.objects.filter(object_type=object_type, object_id__in=list(ids))
    if actions is not None:
        rows = rows.filter(action__in=list(actions))
    return _cut(rows.select_related("user"), limit)


def security_log(*, action: str = "", limit: int = 200) -> list[Entry]:
    """The newest security events (logins, failed logins, tokens, downloads of personal data)."""
    rows = Entry.objects.filter(action__in=[action] if action in SECURITY_ACTIONS else list(SECURITY_ACTIONS))
    return list(rows.select_related("user")[:limit])


def newest(*lists: Entries, limit: int | None = LIMIT) -> Entries:
    """Several lists of entries as one, newest first."""
    merged = {e.pk: e for rows in lists for e in rows}
    found = _cut(sorted(merged.values(), key=lambda e: (e.at, e.pk), reverse=True), limit)
    found.more = found.more or any(getattr(rows, "more", False) for rows in lists)
    return found


def _about(objects: Iterable[models.Model], actions: Iterable[str] | None):
    where = Q(pk__in=[])
    for obj in objects:
        if obj is not None and obj.pk is not None:
            where |= Q(object_type=obj._meta.model_name, object_id=obj.pk)
    rows = Entry.objects.filter(where)
    if actions is not None:
        rows = rows.filter(action__in=list(actions))
    return rows.select_related("user")
