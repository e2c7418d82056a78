"""Tables of people (registers, lists) from .xlsx or .csv, as rows of text; a broken
file is a ReadError, so that nothing is imported from it."""

from __future__ import annotations

import io
from pathlib import Path

from ..core.problems import ReadError
from . import errors as e
from . import limits
from .encoding import decode
from .xlsx_reader import cell_text


def read_table(path: Path) -> list[list[str]]:
    try:
        if path.is_file():
            limits.check_size(str(path), path.stat().st_size, ".csv")  # before reading (.xlsx has the same limit)
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(e.UNREADABLE, e.MISSING_FILE_MESSAGE if not path.exists() else e.UNREADABLE_MESSAGE, str(path)) from exc
    return rows_of(data, str(path))


OLD_TABLES = (".xls", ".et")


def rows_of(data: bytes, name: str) -> list[list[str]]:
    if data.startswith(b"\xd0\xcf\x11\xe0") and Path(name).suffix.lower() in OLD_TABLES:
        from .old_office import old_table_xlsx  # an old Excel or WPS表格 table, as most county units keep them

        return rows_of(old_table_xlsx(data, name), name)
    if data.startswith(b"PK\x03\x04"):
        from python_calamine import CalamineWorkbook

        limits.check_size(name, len(data), ".xlsx")
        limits.check_xlsx(data, name, limits.TABLE_CELLS)  # calamine aborts the process on a huge used range

        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            return [[cell_text(v) for v in row] for row in sheet.to_python()]
        except BaseException as exc:  # calamine reports some broken files as a Rust panic
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise ReadError(e.BAD_XLSX, e.BAD_XLSX_MESSAGE, name) from exc
    limits.check_size(name, len(data), ".csv")
    return list(limits.csv_rows(decode(data, name), name))
