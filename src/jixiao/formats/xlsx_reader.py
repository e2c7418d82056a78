"""Excel .xlsx: a sheet holding a goal table (a project's or the 部门整体支出绩效目标表) is a table; any
other sheet (the unit-wide part's text that jixiao writes) is read as paragraphs. Merged cells keep
their value in the top-left cell only, as the grid of `blocks` expects."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from python_calamine import CalamineWorkbook

from ..core.document import GoalDocument
from ..core.problems import Problem, ReadError, sheet_place
from . import errors as e
from . import limits
from .assemble import assemble
from .blocks import Block, Cell, Paragraph, Table
from .labels import PROJECT_MARKS, label
from .templates import UNIT_WIDE_TASK


def read_xlsx(data: bytes, source: str = "") -> tuple[GoalDocument, list[Problem]]:
    limits.check_size(source, len(data), ".xlsx")
    limits.check_xlsx(data, source, limits.DOCUMENT_CELLS)  # calamine aborts the process on a huge used range
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [book.get_sheet_by_name(n) for n in book.sheet_names]
        grids = [(s.name, s.to_python(skip_empty_area=False), s.merged_cell_ranges or []) for s in sheets]
    except BaseException as exc:  # calamine reports some broken files as a Rust panic
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise ReadError(e.BAD_XLSX, e.BAD_XLSX_MESSAGE, source) from exc
    blocks: list[Block] = []
    for name, grid, merged in grids:
        blocks += _sheet(name, grid, merged)
    return assemble(blocks, source)


def _sheet(name: str, grid: list[list], merged) -> list[Block]:
    covered = {(r, c) for (r0, c0), (r1, c1) in merged
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
    rows = [[Cell("" if (r, c) in covered else cell_text(v), sheet_place(name, _coord(r, c)))
             for c, v in enumerate(values)] for r, values in enumerate(grid)]
    if any(label(c.text) in PROJECT_MARKS or label(c.text) == UNIT_WIDE_TASK for row in rows for c in row):
        return [Table(rows, sheet_place(name, "A1"))]
    return [Paragraph(c.text, c.place) for row in rows for c in row if c.text.strip()]


def cell_text(value) -> str:
    """A cell's value as the text a person reads: 6.0 → 6, 4.8 → 4.8."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def _coord(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"
