"""The 部门整体支出绩效目标表 as jixiao prints it (formats/layout.unit_rows), read back from its text:
the unit's name and code and the 年度总体目标 by their labels; the 年度履职目标 table by the columns of
its header line, as an indicator table's; the unit's 年度绩效指标 and each 分项目标's indicators (under
their `分项目标：…` line) as a project's indicators. Written back as the rows of the table, for
`assemble.read_unit_wide` to read as it reads the table from any other file."""

from __future__ import annotations

from ..blocks import Cell, Table
from ..labels import INDICATOR_HEADER, label
from ..templates import UNIT_WIDE_INDICATORS, UNIT_WIDE_SUB_GOAL_INDICATORS, UNIT_WIDE_TASK
from .grid import columns_of, grid, header_band
from .indicators import chunks, indicators, text_of, widest_line
from .lines import ROUNDING, Line, cell, cell_line, join
from .rows import split_top

# The row of the table that opens its 年度履职目标 part, alone on its line.
DUTIES = "年度履职目标"
UNIT_NAME, UNIT_CODE, OVERALL_GOAL = "部门(单位)名称", "部门预算编码", "年度总体目标"
# The table's title, which the band's lines start under (with the unit line after it).
TITLE_END = "整体支出绩效目标表"
# How far above its 年度履职目标 line the table's title may stand: the unit's name and overall goal.
MOST_UPPER_LINES = 60


def starts(lines: list[Line], k: int) -> bool:
    """Line k is the 年度履职目标 line of a unit-wide table: its header of tasks follows."""
    return lines[k].text.strip() == DUTIES and any(UNIT_WIDE_TASK in line.text for line in lines[k + 1:k + 6])


def band_top(lines: list[Line], k: int, floor: int) -> int:
    """The table's first line: under its title and unit line, when the title is found above."""
    for j in range(k - 1, max(floor, k - MOST_UPPER_LINES) - 1, -1):
        if lines[j].text.strip().endswith(TITLE_END):
            return j + 2 if j + 1 < k else j + 1
    return k


def unit_table(lines: list[Line]) -> Table:
    duties = next(k for k, line in enumerate(lines) if line.text.strip() == DUTIES)
    marks = next((k for k in range(duties + 1, len(lines)) if label(lines[k].text) in UNIT_WIDE_INDICATORS), len(lines))
    rows: list[list[Cell]] = []
    _upper(lines[:duties], rows)
    rows.append([cell(DUTIES, lines[duties])])
    body = lines[duties + 1:marks]
    header = next((k for k, line in enumerate(body) if UNIT_WIDE_TASK in line.text), None)
    if header is not None:
        _duties(body, header, rows)
    if marks < len(lines):
        rows.append([cell(lines[marks].text.strip(), lines[marks])])
        for heading, group in _groups(lines[marks + 1:]):
            if heading is not None:
                rows.append([cell(heading.text.strip(), heading)])
            at = next((k for k, line in enumerate(group) if INDICATOR_HEADER.search(line.text)), None)
            if at is not None:
                indicators(group, at, rows)
    return Table(rows, rows[0][0].place if rows else "")


def _groups(lines: list[Line]) -> list[tuple[Line | None, list[Line]]]:
    """The lines of the unit's indicators, then those of each 分项目标 under its heading line."""
    out: list[tuple[Line | None, list[Line]]] = [(None, [])]
    for line in lines:
        head, colon, _ = line.text.strip().replace("：", ":", 1).partition(":")
        if colon and head == UNIT_WIDE_SUB_GOAL_INDICATORS and len(line.words) == 1:
            out.append((line, []))
        else:
            out[-1][1].append(line)
    return out


def _duties(lines: list[Line], header: int, rows: list[list[Cell]]) -> None:
    """The 年度履职目标 rows under their header, by its columns. jixiao prints these cells at their tops
    (a 分项目标 named by a long task wraps over more lines than the cells beside it), so a row starts on
    the line where its cells start, as a LibreOffice table's do."""
    header_lines, body = header_band(lines, header)
    columns = columns_of(header_lines)
    roles = [c.role for c in columns]
    rows.append([cell(c.title, lines[header]) for c in columns])
    words = grid(body, columns, lines[header].page)
    widest = {c: widest_line(words, c) for c in range(len(columns))}
    for chunk in chunks(body, words):
        for band in split_top(chunk, words, roles, widest):
            rows.append([cell(text_of(band, col, words), body[band[0]]) for col in range(len(columns))])


def _upper(lines: list[Line], rows: list[list[Cell]]) -> None:
    """The unit's name and code, each maybe wrapped in its cell around their labels' line, and the
    年度总体目标: the text right of the labels' column below them."""
    named = next((k for k, line in enumerate(lines) if any(label(w.text) == UNIT_NAME for w in line.words)), None)
    if named is None:
        return
    first, last = named, named
    while first > 0 and not lines[first - 1].blank:
        first -= 1
    while last + 1 < len(lines) and not lines[last + 1].blank:
        last += 1
    labels = lines[named].words
    name_at = next(w for w in labels if label(w.text) == UNIT_NAME)
    code_at = next((w for w in labels if w.text == UNIT_CODE), None)
    right = code_at.start - ROUNDING if code_at else 10**6
    name = [[w.text for w in line.words if name_at.end <= w.start < right] for line in lines[first:last + 1]]
    code = [[w.text for w in line.words if code_at and w.start > code_at.end] for line in lines[first:last + 1]]
    name_words = [w for line in lines[first:last + 1] for w in line.words if name_at.end <= w.start < right]
    rows.append([cell(UNIT_NAME, lines[named]), cell(join([cell_line(n) for n in name if n]), lines[named]),
                 cell(UNIT_CODE, lines[named]), cell(join([cell_line(c) for c in code if c]), lines[named])])
    edge = min((w.start for w in name_words), default=name_at.end) - ROUNDING
    goal = [line for line in lines[last + 1:] if not line.blank]
    text = join([cell_line([w.text for w in line.words if w.start >= edge]) for line in goal
                 if any(w.start >= edge for w in line.words)])
    if goal:
        rows.append([cell(OVERALL_GOAL, goal[0]), cell(text, goal[0])])
