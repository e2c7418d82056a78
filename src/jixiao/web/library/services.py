"""Writes to the indicator library: keyword-only, atomic, refused unless finance (or 管理员) acts,
each with its history entry in the same transaction."""

from __future__ import annotations

import secrets

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from ...core.errors import CONFLICT
from ...core.indicator_library import KINDS, SECTOR, Entry, LibraryError, spread_key
from ..goals.models import Indicator, Plan
from ..history.services import log_action
from . import errors as e
from .models import LibraryEntry
from .permissions import require_curator

APPROVED = (Plan.APPROVED, Plan.PUBLISHED)


LOCK = 0x6A78_6C69  # "jxli": the library's writes that add an active entry, one at a time (PostgreSQL)


def _one_at_a_time() -> None:
    """Hold the library's lock to the end of the transaction, so that the check for an active entry of the
    same name and the insert are one step: two curators promoting (or restoring, importing) the same
    indicator at once make one entry, the later told it is there. SQLite's IMMEDIATE transactions already
    run writes one after the other; PostgreSQL reads committed rows, so both would find none without it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])


def _same_active(name: str, unit: str, exclude: int = 0) -> LibraryEntry | None:
    """An active entry for the same indicator: same name (any width and spacing) in the same unit."""
    key = spread_key(name, unit)
    for entry in LibraryEntry.objects.filter(retired=False, unit=unit).exclude(pk=exclude):
        if spread_key(entry.name, entry.unit) == key:
            return entry
    return None


def _require_short(field: str, what: str, text: str, limit: int) -> None:
    """Refuse a text longer than its column, naming it (it was cut without a word)."""
    if len(text.strip()) > limit:
        message = e.TOO_LONG.format(what=what, limit=limit, length=len(text.strip()))
        raise LibraryError(field, message, fields={field: message})


def _snapshot(entry: LibraryEntry) -> dict:
    return {f: ["", str(getattr(entry, f))] for f in ("kind", "sector", "level1", "level2", "name", "op", "unit",
                                                       "typical", "source") if getattr(entry, f)}


@transaction.atomic
def entry_promote(*, indicator: Indicator, user, kind: str = SECTOR, sector: str = "") -> LibraryEntry:
    """收入指标库: an indicator of an approved plan becomes a library entry (its target the typical value)."""
    require_curator(user)
    _one_at_a_time()
    plan = indicator.project.plan
    if plan.state not in APPROVED:
        raise LibraryError("not_approved", e.NOT_APPROVED.format(name=indicator.name, plan=plan), kind=CONFLICT)
    if kind not in KINDS:
        raise LibraryError("kind", e.KIND, fields={"kind": e.KIND})
    _require_short("sector", "行业或资金用途", sector, 100)
    if (same := _same_active(indicator.name, indicator.unit)) is not None:
        raise LibraryError("already", e.ALREADY.format(name=indicator.name, unit=indicator.unit or "无单位", entry=same),
                           kind=CONFLICT)
    entry = LibraryEntry(
        key=f"promoted.{indicator.pk}.{secrets.token_hex(3)}", kind=kind,
        sector=(sector.strip() or indicator.project.name)[:100], level1=indicator.level1, level2=indicator.level2,
        name=indicator.name, description=indicator.description, op=indicator.op, unit=indicator.unit,
        typical=indicator.target_raw,
        source=f"{plan.unit.name}{plan.year}年已批复的绩效目标：{indicator.project.name}"[:500],
        origin=LibraryEntry.PROMOTED, promoted_from=indicator)
    entry.full_clean()
    entry.save()
    log_action("library_entry.promoted", entry, user, _snapshot(entry), note=f"收录自{plan}：{indicator.project.name}")
    return entry


def _bump(entry: LibraryEntry, version: int, **fields) -> None:
    fields["updated_at"] = timezone.now()  # update() leaves auto_now alone; the suggestions' snapshot reads it
    if not LibraryEntry.objects.filter(pk=entry.pk, version=version).update(version=F("version") + 1, **fields):
        raise LibraryError("stale", e.STALE.format(name=entry.name), kind=CONFLICT)
    entry.refresh_from_db()


@transaction.atomic
def entry_retire(*, entry: LibraryEntry, version: int, reason: str, user) -> LibraryEntry:
    """停用: no longer suggested; kept with its history."""
    require_curator(user)
    reason = (reason or "").strip()
    if not reason:
        raise LibraryError("reason", e.REASON, fields={"reason": e.REASON})
    _require_short("reason", "停用理由", reason, 2000)
    if entry.retired:
        raise LibraryError("retired", e.ALREADY_RETIRED.format(name=entry.name), kind=CONFLICT)
    _bump(entry, version, retired=True, retired_reason=reason)
    log_action("library_entry.retired", entry, user, {"retired": ["否", "是"]}, note=reason)
    return entry


@transaction.atomic
def entry_restore(*, entry: LibraryEntry, version: int, user) -> LibraryEntry:
    require_curator(user)
    _one_at_a_time()
    if not entry.retired:
        raise LibraryError("not_retired", e.NOT_RETIRED.format(name=entry.name), kind=CONFLICT)
    if (same := _same_active(entry.name, entry.unit, exclude=entry.pk)) is not None:
        raise LibraryError("already", e.ALREADY.format(name=entry.name, unit=entry.unit or "无单位", entry=same),
                           kind=CONFLICT)
    _bump(entry, version, retired=False, retired_reason="")
    log_action("library_entry.restored", entry, user, {"retired": ["是", "否"]})
    return entry


@transaction.atomic
def entries_import(*, entries: list[Entry], file_name: str, user) -> list[LibraryEntry]:
    """A province's published library (read by core.indicator_library.read_rows): every entry new to
    the library, or nothing at all when one is there already."""
    require_curator(user)
    _one_at_a_time()
    problems = []
    active = {spread_key(x.name, x.unit) for x in LibraryEntry.objects.filter(retired=False).only("name", "unit")}
    for entry in entries:
        if spread_key(entry.name, entry.unit) in active:
            number = entry.key.rsplit(".", 1)[-1]
            problems.append(e.IMPORT_DUPLICATE.format(row=number, name=entry.name, unit=entry.unit or "无单位"))
    if problems:
        raise LibraryError("duplicates", e.IMPORT_DUPLICATES.format(problems="；".join(problems)), kind=CONFLICT)
    batch = secrets.token_hex(4)
    made = []
    for entry in entries:
        row = LibraryEntry(key=f"{entry.key}.{batch}"[:100], kind=entry.kind, sector=entry.sector[:100],
                           level1=entry.level1, level2=entry.level2, name=entry.name, description=entry.description,
                           op=entry.op, unit=entry.unit, typical=entry.typical, source=entry.source[:500],
                           origin=LibraryEntry.IMPORTED)
        row.full_clean()
        row.save()
        log_action("library_entry.imported", row, user, _snapshot(row), note=f"导入自{file_name}")
        made.append(row)
    return made


def library_seed() -> int:
    """The entries shipped with jixiao (as migration 0002 puts them in), where missing: for a database
    emptied since (a test's flush). Shipped data, so no history. Returns how many were added."""
    from ...core.indicator_library import seed_entries

    known = set(LibraryEntry.objects.values_list("key", flat=True))
    made = LibraryEntry.objects.bulk_create([
        LibraryEntry(key=s.key, kind=s.kind, sector=s.sector, level1=s.level1, level2=s.level2, name=s.name,
                     description=s.description, op=s.op, unit=s.unit, typical=s.typical, source=s.source[:500],
                     origin=LibraryEntry.SEED)
        for s in seed_entries() if s.key not in known])
    return len(made)
