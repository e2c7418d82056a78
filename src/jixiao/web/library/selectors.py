"""Reads of the indicator library. Suggestions come from one in-memory snapshot per process, built
once from the database and rebuilt only when the library or the set of approved plans changed: the
active entries, and every indicator of the approved (and published) plans, counted by name, with
the spread of their targets by name and unit (core.indicator_library)."""

from __future__ import annotations

import logging
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Sum

from ...core.indicator_library import QUANTITIES, Index, Spread, comparable, spread_key, spread_sentence
from ...core.money import FACTORS
from ...core.targets import parse_target
from ..goals.models import Adjustment, Indicator, Plan
from .models import LibraryEntry

APPROVED = (Plan.APPROVED, Plan.PUBLISHED)


@dataclass
class Item:
    """One suggestion: a library entry, or an indicator name used in approved plans (entry None)."""

    name: str
    level1: str
    level2: str
    op: str
    unit: str
    typical: str
    description: str = ""
    kind: str = ""
    sector: str = ""
    source: str = ""
    entry_id: int | None = None
    indicator_id: int | None = None  # one approved indicator of this name, to promote it
    used: int = 0  # how many approved indicators carry this name


@dataclass
class Snapshot:
    index: Index = field(default_factory=Index)
    items: list[Item] = field(default_factory=list)
    spreads: dict[tuple[str, str], Spread] = field(default_factory=dict)
    years: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    used: Counter = field(default_factory=Counter)
    units: dict[str, list[str]] = field(default_factory=dict)  # name → the units its targets were set in


_cache: dict[str, object] = {}
_lock = threading.Lock()


def _signature() -> tuple:
    """What changes when the snapshot must: a plan approved or returned (their count and versions), an
    approved target adjusted (the last decision), an entry added, retired or restored."""
    plans = Plan.objects.filter(state__in=APPROVED).aggregate(n=Count("id"), v=Sum("version"))
    adjusted = Adjustment.objects.aggregate(at=Max("decided_at"))["at"]
    entries = LibraryEntry.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return plans["n"], plans["v"], adjusted, entries["n"], entries["at"]


def _usage(snapshot: Snapshot) -> dict[str, Item]:
    """Every approved indicator, once: counted by name, its target into the spread of its name and unit."""
    values: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    years: dict[tuple[str, str], list[int]] = defaultdict(list)
    first: dict[str, Item] = {}
    rows = Indicator.objects.filter(project__plan__state__in=APPROVED).values_list(
        "pk", "name", "level1", "level2", "op", "unit", "value", "target_raw", "description", "project__plan__year")
    for pk, name, level1, level2, op, unit, value, raw, description, year in rows.iterator(chunk_size=5000):
        key = spread_key(name, "")[0]
        snapshot.used[key] += 1
        if key not in first:
            first[key] = Item(name, level1, level2, op, unit, raw, description, indicator_id=pk)
        if op in QUANTITIES and value is not None:  # comparable(), without making a Target per row
            if unit in FACTORS:
                value, unit = value * FACTORS[unit], "元"
            values[(key, unit)].append(value)
            years[(key, unit)].append(year)
    snapshot.spreads = {k: Spread.of(v) for k, v in values.items()}
    snapshot.years = {k: (min(v), max(v)) for k, v in years.items()}
    for name, unit in sorted(values, key=lambda k: -len(values[k])):  # the unit most targets were set in first
        snapshot.units.setdefault(name, []).append(unit)
    return first


def _build() -> Snapshot:
    snapshot = Snapshot()
    first = _usage(snapshot)
    in_library = set()
    for entry in LibraryEntry.objects.filter(retired=False).order_by("origin", "id"):
        key = spread_key(entry.name, "")[0]
        in_library.add(key)
        used = first.get(key)
        snapshot.items.append(Item(entry.name, entry.level1, entry.level2, entry.op, entry.unit, entry.typical,
                                   entry.description, entry.kind, entry.sector, entry.source, entry.pk,
                                   used.indicator_id if used else None, snapshot.used[key]))
        snapshot.index.add(entry.name, " ".join((entry.sector, entry.level2, entry.description)))
    for key, count in snapshot.used.most_common():  # the most used first: they win ties and a common word's scan
        if key not in in_library:
            item = first[key]
            item.used = count
            snapshot.items.append(item)
            snapshot.index.add(item.name, " ".join((item.level2, item.description)))
    return snapshot


# Over a million approved indicators a build takes a minute: after the first, a change (a plan approved)
# is built in a thread while the previous snapshot keeps answering. Tests that need the new one at
# once set this False.
REBUILD_IN_BACKGROUND = True
_log = logging.getLogger(__name__)


def _rebuild(signature: tuple) -> None:
    from django.db import connection

    try:
        snapshot = _build()
        with _lock:
            _cache["snapshot"], _cache["signature"] = snapshot, signature
    except Exception:  # the previous snapshot keeps answering; the next request tries again
        _log.exception("指标库建议索引重建失败")
    finally:
        _cache.pop("building", None)
        connection.close()  # this thread's own connection


def library_snapshot() -> Snapshot:
    """The snapshot, rebuilt when an entry or an approved plan changed since it was built (in the
    background when there is one to answer with meanwhile)."""
    signature = _signature()
    if _cache.get("signature") != signature:
        if REBUILD_IN_BACKGROUND and "snapshot" in _cache:
            with _lock:
                if "building" not in _cache:
                    _cache["building"] = threading.Thread(target=_rebuild, args=(signature,), daemon=True)
                    _cache["building"].start()  # type: ignore[attr-defined]
        else:
            with _lock:
                if _cache.get("signature") != signature:
                    _cache["snapshot"], _cache["signature"] = _build(), signature
    snapshot = _cache["snapshot"]
    assert isinstance(snapshot, Snapshot)
    return snapshot


def spread_of(snapshot: Snapshot, name: str, unit: str) -> Spread | None:
    return snapshot.spreads.get(spread_key(name, unit))


def spread_text(snapshot: Snapshot, name: str, target_raw: str = "", level2: str = "") -> str:
    """Where a typed target stands among the approved plans' targets for the same indicator ("" when
    none was set in a comparable unit)."""
    target = parse_target(target_raw, level2) if target_raw.strip() else None
    found = comparable(target) if target is not None else None
    units = [found[0]] if found else snapshot.units.get(spread_key(name, "")[0], [])[:1]
    for unit in units:
        if (spread := spread_of(snapshot, name, unit)) is not None:
            first, last = snapshot.years[spread_key(name, unit)]
            years = f"{first}年" if first == last else f"{first}—{last}年"
            return f"{years}{spread_sentence(spread, unit, target)}"
    return ""


def suggestions(*, text: str, context: str = "", limit: int = 8, snapshot: Snapshot | None = None) -> list[dict]:
    """Library entries (and names used in approved plans) for a project's name or a typed indicator
    name (`text`) and its purpose (`context`), best first, each with the spread of its targets."""
    snapshot = snapshot or library_snapshot()
    found = []
    for number, score in snapshot.index.search(text, context, limit):
        item = snapshot.items[number]
        found.append({"item": item, "score": round(score, 2),
                      "spread": spread_text(snapshot, item.name, "", item.level2)})
    return found


def entry_list(*, q: str = "", retired: bool = False):
    rows = LibraryEntry.objects.filter(retired=retired)
    if q:
        rows = rows.filter(name__icontains=q) | rows.filter(sector__icontains=q) | rows.filter(description__icontains=q)
    return rows


def entry_get(*, entry_id: int) -> LibraryEntry:
    from ...core.errors import NOT_FOUND
    from ...core.indicator_library import LibraryError
    from . import errors as e

    try:
        return LibraryEntry.objects.get(pk=entry_id)
    except LibraryEntry.DoesNotExist:
        raise LibraryError("missing", e.MISSING, kind=NOT_FOUND) from None


def unused_candidates(*, limit: int = 50) -> list[Item]:
    """Names used in approved plans that are not in the library, most used first (to promote)."""
    return [i for i in library_snapshot().items if i.entry_id is None][:limit]
