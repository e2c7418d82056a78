"""What the plain-text layouts share: lines that title a goal table, page numbers, and the
walk that makes paragraphs of the lines outside a layout's tables."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..core.problems import line_place
from .blocks import Block, Cell, Paragraph, Table

_TITLE = re.compile(r"绩效目标表|\{\s*TC\b|^\s*第[一二三四五六七八九十]+部分")
_PAGE = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$|^\s*第\s*\d+\s*页")


def is_title(line: str) -> bool:
    return bool(_TITLE.search(line))


def is_page_number(line: str) -> bool:
    return bool(_PAGE.match(line))


def continue_cell(table: Table | None, line: str) -> bool:
    """A line of a cell's text that went on past a line break (goals 2., 3. …)."""
    if table is None or not table.rows or is_title(line):
        return False
    last: Cell = table.rows[-1][-1]
    last.text = f"{last.text}\n{line.strip()}"
    return True


# A layout's table found at a line: the text before it on that line, the table, the line after it.
TableAt = Callable[[list[str], int], "tuple[str, Table, int] | None"]


def line_blocks(text: str, table_at: TableAt) -> list[Block]:
    """The text's blocks: the layout's tables where `table_at` finds one, every other line
    (but a page number) a paragraph."""
    lines = text.split("\n")
    out: list[Block] = []
    n = 0
    while n < len(lines):
        line = lines[n]
        if (found := table_at(lines, n)) is None:
            if line.strip() and not is_page_number(line):
                out.append(Paragraph(line.strip(), line_place(n + 1)))
            n += 1
            continue
        before, table, after = found
        if before:
            out.append(Paragraph(before, line_place(n + 1)))
        out.append(table)
        n = after
    return out
