"""One goal table: its lines parted into the upper part (code, name, money), the
spending plan and goals, and the indicators."""

from __future__ import annotations

from ..blocks import Cell, Table
from ..labels import INDICATOR_HEADER, PLAN_MONTH
from .grid import header_piece
from .indicators import indicators
from .lines import Line
from .upper_part import plan_and_goals, upper_part

# A line with at least two month headers (3月底, 6月底 …) heads the spending plan; one
# such word may be a goal's own.
PLAN_MONTHS = 2


def table(lines: list[Line]) -> Table:
    header = next((k for k, line in enumerate(lines) if INDICATOR_HEADER.search(line.text)), len(lines))
    plan = next((k for k, line in enumerate(lines[:header]) if _months(line) >= PLAN_MONTHS), header)
    top = _header_top(lines, plan, header)
    rows: list[list[Cell]] = []
    upper_part(lines[:plan], rows)
    plan_and_goals(lines[plan:top], rows)
    if header < len(lines):
        indicators(lines[top:], header - top, rows)
    return Table(rows, rows[0][0].place if rows else "")


def _months(line: Line) -> int:
    return sum(bool(PLAN_MONTH.match(w.text)) for w in line.words)


def _header_top(lines: list[Line], plan: int, header: int) -> int:
    """First line of the indicator header: wrapped header cells reach the lines above the header line."""
    top = header
    while top - 1 > plan and not lines[top - 1].blank and all(header_piece(w.text) for w in lines[top - 1].words):
        top -= 1
    return top
