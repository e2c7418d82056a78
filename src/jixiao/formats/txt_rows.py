"""Text with one table row per line and its cells separated by tabs: a Word
table copied and pasted as plain text. Lines without a tab are paragraphs, or
the rest of a cell whose text had line breaks."""

from __future__ import annotations

from ..core.problems import line_place
from .blocks import Block, Cell, Paragraph, Table
from .text_lines import continue_cell, is_page_number


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    table: Table | None = None
    for n, line in enumerate(text.split("\n"), 1):
        if "\t" in line and line.strip():
            if table is None:
                table = Table(place=line_place(n))
                out.append(table)
            table.rows.append([Cell(c, f"{line_place(n)}第{k}列") for k, c in enumerate(line.split("\t"), 1)])
        elif not line.strip() or is_page_number(line):
            continue
        elif not continue_cell(table, line):
            table = None
            out.append(Paragraph(line, line_place(n)))
    return out
