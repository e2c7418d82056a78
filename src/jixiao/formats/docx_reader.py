"""Word .docx: body paragraphs and tables in order; merged cells laid on the grid."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn

from ..core.document import GoalDocument
from ..core.problems import Problem, ReadError, cell_place
from . import errors as e
from . import limits
from .assemble import assemble
from .blocks import Block, Cell, Paragraph, Table, clean

_P, _TBL, _TR, _TC, _T = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:t")
_TAB, _BR = qn("w:tab"), qn("w:br")


def read_docx(data: bytes, source: str = "") -> tuple[GoalDocument, list[Problem]]:
    limits.check_size(source, len(data), ".docx")
    limits.check_docx(data, source)
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # a broken package fails deep inside python-docx in many ways
        raise ReadError(e.BAD_DOCX, e.BAD_DOCX_MESSAGE, source) from exc
    return assemble(list(_blocks(body)), source)


def _blocks(body) -> Iterator[Block]:
    tables = 0
    held: list[Block] = []  # a table and the blank paragraphs after it, until it is known whether the next table continues it
    for el in body.iterchildren():
        if el.tag == _P:
            paragraph = Paragraph(_text(el), "")
            if held and not clean(paragraph.text):
                held.append(paragraph)
                continue
            yield from held
            held = []
            yield paragraph
        elif el.tag == _TBL:
            tables += 1
            table = _table(el, tables)
            if held and _continues(held[0], table):
                held[0].rows += table.rows  # type: ignore[union-attr]
                del held[1:]
                continue
            yield from held
            held = [table]
    yield from held


def _continues(before, table: Table) -> bool:
    """A goal table Word prints with its indicator header repeated on each page is two tables (w:tblHeader
    repeats only a table's first rows): the project's rows, then the indicators under their header row,
    with at most blank paragraphs between. The second continues the first when it starts with the indicator
    header and the first has none."""
    def starts_indicators(row: list[Cell]) -> bool:
        return [clean(c.text) for c in row[:2]] == ["一级指标", "二级指标"]

    return (isinstance(before, Table) and bool(table.rows) and starts_indicators(table.rows[0])
            and not any(starts_indicators(row) for row in before.rows))


def _table(tbl, number: int) -> Table:
    table = Table(place=cell_place(number, 1, 1))
    for r, tr in enumerate(tbl.iterchildren(_TR), 1):
        row: list[Cell] = []
        before = min(tr.trPr.grid_before, limits.WORD_COLUMNS) if tr.trPr is not None else 0
        row += [Cell("", cell_place(number, r, c)) for c in range(1, before + 1)]
        for tc in tr.iterchildren(_TC):
            col = len(row) + 1
            row.append(Cell(_cell_text(tc), cell_place(number, r, col)))
            row += [Cell("", cell_place(number, r, col + k)) for k in range(1, min(tc.grid_span, limits.WORD_COLUMNS))]
        table.rows.append(row)
    return table


def _cell_text(tc) -> str:
    return "\n".join(_text(p) for p in tc.iterchildren(_P))


def _text(p) -> str:
    parts = []
    for el in p.iter(_T, _TAB, _BR):
        parts.append(el.text or "" if el.tag == _T else "\t" if el.tag == _TAB else "\n")
    return "".join(parts)
