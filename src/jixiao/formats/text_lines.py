"""What the plain-text layouts share: lines that title a goal table, page numbers."""

from __future__ import annotations

import re

from .blocks import Cell, Table

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
