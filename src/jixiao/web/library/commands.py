"""What `jixiao indicators …` asks of the database (cli/library.py only translates)."""

from __future__ import annotations

from pathlib import Path

from ...core.errors import FORBIDDEN, NOT_FOUND, JixiaoError
from ...core.indicator_library import number_text, read_rows


def search(text: str, limit: int = 10) -> list[dict]:
    """The library's suggestions for a text, as plain data."""
    from . import selectors

    snapshot = selectors.library_snapshot()
    found = []
    for s in selectors.suggestions(text=text, limit=limit, snapshot=snapshot):
        item = s["item"]
        spread = None
        unit = snapshot.units.get(selectors.spread_key(item.name, "")[0], [None])[0]
        if unit is not None and (sp := selectors.spread_of(snapshot, item.name, unit)) is not None:
            spread = {"unit": unit, "count": sp.count, "min": number_text(sp.minimum),
                      "median": number_text(sp.median), "max": number_text(sp.maximum)}
        found.append({"name": item.name, "level1": item.level1, "level2": item.level2, "op": item.op, "unit": item.unit,
                      "typical": item.typical, "kind": item.kind, "sector": item.sector, "source": item.source,
                      "entry": item.entry_id, "in_library": item.entry_id is not None, "used": item.used,
                      "score": s["score"], "spread": spread, "spread_text": s["spread"]})
    return found


def import_file(path: Path, username: str) -> int:
    """A province's published library (.xlsx or .csv) into the library as a user (财政审核 or 管理员)."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from ...formats.registers import read_table
    from . import services

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise JixiaoError("not_found", f"没有用户“{username}”", kind=NOT_FOUND)
    entries = read_rows(read_table(path), source=f"导入自{path.name}")
    try:
        return len(services.entries_import(entries=entries, file_name=path.name, user=user))
    except PermissionDenied as exc:  # the command line knows no Django
        raise JixiaoError("forbidden", str(exc), kind=FORBIDDEN) from None
