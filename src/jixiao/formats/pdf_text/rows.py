"""The indicator part's rows: which consecutive lines make one row.

Where cells are centred (browsers, Word's default), rows are found by dynamic
programming over the lines: every cell of a row is centred on the row's middle,
and a short line followed by more text in the same column is the end of a cell,
not a wrap. Where cells sit at the top (LibreOffice), a row starts on the line
where its cells start.
"""

from __future__ import annotations

import re

from ..labels import LEVELS
from .grid import Cells
from .levels import continues_level
from .lines import cell_line, width

# Widest line of each column, in layout columns: how much room a cell's line had.
Widest = dict[int, int]

# No row of a goal table is taller than this many lines; bounding the search keeps the
# dynamic programme linear in a table's length.
MOST_ROW_LINES = 40
# Between partitions of equal cost, the one with more rows: each row costs a little less.
ROW_BONUS = 0.01
# pdftotext gives a cell centred between two lines a line of its own, so a cell may sit
# a quarter of a line off its row's middle for nothing.
CENTRE_TOLERANCE = 0.25
# A cell farther off its row's middle costs this times the square of the distance.
OFF_CENTRE_COST = 4
# A cell's line narrower than this share of its column's widest line ended the cell...
SHORT_LINE = 0.5
# ...so another line after it in the same row costs this much.
SHORT_LINE_COST = 2
# A line that reads as the tail of a wrapped cell is a little cheaper in the row above.
TAIL_BONUS = 0.05
# A wrapped cell's tail: up to two characters, closing punctuation or a bare unit.
TAIL_LENGTH = 2
TAIL_MARKS = "）)]】、，,。；;：:%％"
TAIL_UNITS = ("万元", "亿元", "元", "人次")
# pdftotext's character widths only approximate the page's: a line within this many
# columns of its column's widest may or may not have been full.
NEAR_FULL = 1
# A 指标值 starting with a comparison is a new one: a cell holds one target.
TARGET_OPS = "≥≤=＞＜><"
# What a line cannot break inside: a Latin or number run, or one Chinese character, with
# the opening marks before it and the closing ones (which never start a line) after it.
_FIRST_PIECE = re.compile(r"[（(“‘\[]*(?:[^\s\u3000-\u303f\u4e00-\u9fff]+|.)[，。、；：！？）》”’,.;:!?)]*")


def content_columns(roles: list[str | None]) -> list[int]:
    """The columns other than the merged 一级/二级 ones."""
    return [k for k, role in enumerate(roles) if role not in LEVELS]


# ---------------------------------------------------------------- cells at the top of their rows

def split_top(chunk: list[int], grid: list[Cells], roles: list[str | None], widest: Widest) -> list[list[int]]:
    """Rows of a table whose cells sit at the top, so every cell of a row starts on its
    first line: a row starts where a 二级指标 starts, or where more cells plainly start
    anew (their last line had room for the text that follows) than plainly wrap on."""
    content = content_columns(roles)
    name = roles.index("name") if "name" in roles else content[0]
    level2 = roles.index("level2") if "level2" in roles else None
    rows: list[list[int]] = []
    last: dict[int, str] = {}  # column → its latest line in the current row
    for i in chunk:
        cells = {c: cell_line(words) for c, words in grid[i].items()}
        if not rows or (name in cells and _starts_row(cells, last, level2, content, roles, widest)):
            rows.append([])
            last = {}
        rows[-1].append(i)
        last.update(cells)
    return rows


def _starts_row(cells: dict[int, str], last: dict[int, str], level2: int | None, content: list[int],
                roles: list[str | None], widest: Widest) -> bool:
    """A line with a name starts a row if a 二级指标 starts on it, or if more of its cells
    plainly start anew than plainly go on."""
    if level2 is not None and level2 in cells and not continues_level(last.get(level2, ""), cells[level2]):
        return True
    ends = [ended(last.get(c), cells[c], widest[c], roles[c]) for c in content if c in cells]
    return 0 < ends.count(True) >= ends.count(False)


def ended(before: str | None, text: str, widest: int, role: str | None) -> bool | None:
    """Had a cell ended on the line before `text`? True if the cell had no text, if a
    指标值 is followed by another (a cell holds one), or if text's first unbreakable piece
    had room there; False if it plainly had not; None when it is too close to tell, as
    pdftotext's character widths only approximate the page's.

    >>> ended(None, "资金", 20, "name"), ended("≥400人", "≥95%", 20, "target")
    (True, True)
    >>> ended("困难职工", "帮扶人数", 20, "name"), ended("困难职工帮扶覆盖", "2021年", 19, "name")
    (True, False)
    >>> ended("困难职工帮扶覆盖", "人", 17, "name") is None
    True
    """
    if before is None or (role == "target" and text[:1] in TARGET_OPS):
        return True
    piece = _FIRST_PIECE.match(text)
    room = widest - width(before) - width(piece.group() if piece else "")
    if width(before) >= widest - NEAR_FULL or room == 0:
        return None
    return room > 0


# ---------------------------------------------------------------- cells centred in their rows

def split_rows(chunk: list[int], grid: list[Cells], roles: list[str | None], widest: Widest) -> list[list[int]]:
    """Partition consecutive lines into rows, each row's cells centred on its middle."""
    content = content_columns(roles)
    required = [roles.index(r) for r in ("name", "target") if r in roles] or content[:1]
    n = len(chunk)
    best = [0.0] + [float("inf")] * n
    cut = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - MOST_ROW_LINES), j):
            cost = row_cost(chunk[i:j], grid, content, required, widest)
            if best[i] + cost < best[j]:
                best[j], cut[j] = best[i] + cost, i
    rows, j = [], n
    while j > 0:
        rows.append(chunk[cut[j]:j])
        j = cut[j]
    return rows[::-1]


def row_cost(lines: list[int], grid: list[Cells], content: list[int], required: list[int], widest: Widest) -> float:
    """How badly these lines make one row: cells off its middle, cells going on after a
    short line; every required column must have text in it."""
    middle = _middle(lines, grid, content, required)
    if middle is None:
        return float("inf")
    cost = -ROW_BONUS
    for c in content:
        own = [i for i in lines if c in grid[i]]
        if not own:
            continue
        off = abs((own[0] + own[-1]) / 2 - middle)
        if off > CENTRE_TOLERANCE:
            cost += OFF_CENTRE_COST * off * off
        for a in own[:-1]:  # a short line with more below it ended a cell: a row ends there
            if width(cell_line(grid[a][c])) < SHORT_LINE * widest[c]:
                cost += SHORT_LINE_COST
        for b in own[1:]:  # a line no cell could start with goes on the one above it
            if continues(cell_line(grid[b][c])):
                cost -= TAIL_BONUS
    return cost


def _middle(lines: list[int], grid: list[Cells], content: list[int], required: list[int]) -> float | None:
    """The middle of the row these lines would make, or None if they cannot make one."""
    if not all(any(c in grid[i] for i in lines) for c in required):
        return None
    # Lines holding only merged 一级/二级 text belong to no row in particular.
    text_lines = [i for i in lines if any(c in grid[i] for c in content)]
    if not text_lines:  # a header of nothing but 一级/二级 columns: no row to centre
        return None
    return (text_lines[0] + text_lines[-1]) / 2


def continues(text: str) -> bool:
    """One or two characters, or closing punctuation or a bare unit: the tail of a wrapped cell.

    >>> continues("标"), continues("）的比例"), continues("万元"), continues("帮扶人数")
    (True, True, True, False)
    """
    return len(text) <= TAIL_LENGTH or text[0] in TAIL_MARKS or text in TAIL_UNITS
