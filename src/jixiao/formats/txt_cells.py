"""Text in the seed's layout: Word flattened to one table cell per line, each
cell line indented by a tab, rows separated by blank lines; paragraphs are the
lines without the tab. A cell's own line breaks leave untabbed lines inside it."""

from __future__ import annotations

from ..core.problems import line_place
from .blocks import Block, Cell, Paragraph, Table
from .text_lines import continue_cell, is_page_number


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    table: Table | None = None
    row: list[Cell] | None = None
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("\t"):
            if table is None:
                table = Table(place=line_place(n))
                out.append(table)
            if row is None:
                row = []
                table.rows.append(row)
            row.append(Cell(line.lstrip("\t"), f"第{n}行"))  # line_place(n), inline in the seed's hottest loop
        elif not line.strip():
            row = None
        elif is_page_number(line):
            continue
        elif not continue_cell(table, line):
            table = row = None
            out.append(Paragraph(line, line_place(n)))
    return out
