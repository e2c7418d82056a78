"""A province's rows per project (`jixiao province score|monitor --out X.xlsx`) as one worksheet,
streamed: openpyxl's write-only workbook holds no more than a row at a time, so 300,000 rows
need no more memory than ten; texts stay texts (cells.put)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .cells import put


def write_rows(path: Path, header: list[str], rows: Iterable[tuple]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("项目")
    sheet.freeze_panes = "A2"
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet)
            put(cell, value)
            cells.append(cell)
        sheet.append(cells)
    book.save(path)
