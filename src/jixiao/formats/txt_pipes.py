"""The text a browser or crawler makes of an HTML table: every cell is its text
followed by ` |`, the cells of a row one a line or all on one line.

The crawler ends each row with the pipes of the cells the row lacks (those a
colspan or a rowspan took) plus one: a line `||||` after the cells, or the tail
of a row line `a | b | ||||`. Every row of a table thus holds the same number of
pipes, the table's width plus one. That number tells a lone `|` that ends a row
(the row's count reaches it) from an empty cell, and a rowspan label written on
a line of its own (`资金情况 (万元) |`) from a row of page chrome before the table.
The pipes after a row's last text are padding, not cells.

The cells a rowspan covers are missing from the following rows, so the rows
under the indicator header (the row holding 一级指标) are right-aligned under it:
each gets the leading empty cells that put its last cell in the header's last
column. A row that would then leave the 三级指标 column empty while filling the
ones right of it lost a colspan, not a rowspan, and stays as it is (an amount in
it goes under the 预算数 column). Rows above the header are label/value pairs,
kept in their order. Lines without a pipe are paragraphs.

>>> table = blocks("项目名称 |\\n某项目 |\\n|||\\n一级指标 |\\n二级指标 |\\n三级指标 |\\n指标值 |\\n|\\n"
...                "产出指标 |\\n数量指标 |\\n培训人数 |\\n≥400人 |\\n|\\n培训次数 |\\n4次 |\\n|||\\n")[0]
>>> [[c.text for c in row] for row in table.rows]
[['项目名称', '某项目'], ['一级指标', '二级指标', '三级指标', '指标值'], ['产出指标', '数量指标', '培训人数', '≥400人'], ['', '', '培训次数', '4次']]
>>> [[c.text for c in row] for row in blocks("一级指标 | 二级指标 | 三级指标 | 指标值 | |\\n质量指标 | 合格率 | 100% | ||")[0].rows]
[['一级指标', '二级指标', '三级指标', '指标值'], ['', '质量指标', '合格率', '100%']]
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from ..core.problems import line_place
from .blocks import Block, Cell, Paragraph, Table
from .text_lines import is_page_number

_AMOUNT = re.compile(r"^\d[\d,]*(?:\.\d+)?$")


class _Line(NamedTuple):
    n: int
    texts: list[str]  # the cells up to the last one with text
    pipes: int  # pipes on the line (an unterminated last cell counts as one)
    tail: int  # pipes after the last text: padding, or empty cells of a cell-a-line table

    @property
    def row_line(self) -> bool:
        """Several cells with text on one line: a row written on one line."""
        return sum(1 for t in self.texts if t) >= 2


def looks_like(lines: list[str]) -> bool:
    """Some lines end in ` |` after text (not markdown's `| a |`), some in the padding `||`;
    or the indicator header is such a line (rows the crawler did not pad)."""
    cells = padding = 0
    for line in lines:
        s = line.rstrip()
        if not s.endswith("|"):
            continue
        if s.endswith("||"):
            padding += 1
        if not s.lstrip().startswith("|"):
            cells += 1
            if "一级指标" in s:
                return True
        if cells >= 2 and padding >= 2:
            return True
    return False


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    run: list[_Line] = []
    for n, line in enumerate(text.split("\n"), 1):
        parsed = _parse(n, line)
        if parsed is not None:
            run.append(parsed)
            continue
        if not line.strip() or is_page_number(line):
            continue
        out += _tables(run)
        run = []
        out.append(Paragraph(line.strip(), line_place(n)))
    out += _tables(run)
    return out


def _parse(n: int, line: str) -> _Line | None:
    s = line.strip()
    if s.endswith("|"):
        parts = s.split("|")[:-1]
    elif " | " in s:  # a row the page cut off before its end
        parts = s.split("|")
    else:
        return None
    texts = [p.strip() for p in parts]
    last = max((k for k, t in enumerate(texts) if t), default=-1)
    return _Line(n, texts[:last + 1], len(parts), len(parts) - last - 1)


def _tables(run: list[_Line]) -> list[Block]:
    """A run of pipe lines: its table, the rows of page chrome before it (rows short of the
    table's width, e.g. a page's 索引号 | 发布机构 box) as a table of their own."""
    if not run:
        return []
    width = _width(run)
    rows = _rows(run, width) if width else _rows_without_width(run)
    first = next((k for k, (_, fixed) in enumerate(rows) if fixed), 0)
    parts = [rows[:first], rows[first:]]
    out: list[Block] = []
    for part in parts:
        grid = [cells for cells, _ in part if any(c.text for c in cells)]
        if grid:
            align(grid)
            out.append(Table(grid, _line_of(grid[0][0])))
    return out


def _line_of(cell: Cell) -> str:
    """`第12行` of a cell's place `第12行第3列`."""
    m = re.match(r"第\d+行", cell.place)
    return m.group(0) if m else cell.place


def _width(run: list[_Line]) -> int | None:
    """Pipes a row holds: the commonest count between lines that end with padding."""
    totals: Counter[int] = Counter()
    count = 0
    for line in run:
        count += line.pipes
        if line.tail >= 2:
            totals[count] += 1
            count = 0
    if not totals:
        return None
    return max(totals, key=lambda w: (totals[w], -w))


def _cells(line: _Line) -> list[Cell]:
    if len(line.texts) == 1 and line.pipes - line.tail == 1:
        return [Cell(line.texts[0], line_place(line.n))]
    return [Cell(t, f"{line_place(line.n)}第{k}列") for k, t in enumerate(line.texts, 1)]


def _rows(run: list[_Line], width: int) -> list[tuple[list[Cell], bool]]:
    """Rows of `width` pipes each; a row that ends short is page chrome (not fixed)."""
    rows: list[tuple[list[Cell], bool]] = []
    row: list[Cell] = []
    count = 0

    def close() -> None:
        nonlocal row, count
        rows.append((row, count == width))
        row, count = [], 0

    for line in run:
        if not line.texts:  # a lone `|` is an empty cell until it ends the row; `||` always ends it
            count += line.pipes
            if line.pipes >= 2 or count >= width:
                close()
            else:
                row.append(Cell("", line_place(line.n)))
            continue
        # a row on one line ends there unless it falls short and the next lines carry on (a
        # header the crawler broke over lines: 东莞 `绩效指标 | 一级 指标 |` / `二级 指标 |` …)
        ends = line.tail >= 2 or line.row_line and (count + line.pipes >= width or _carries_on(run, line))
        if count and (count + line.pipes > width or ends and count + line.pipes != width):
            close()  # the cells before were a row of their own, not the start of this one
        row += _cells(line)
        count += line.pipes
        if ends or count >= width:
            close()
    if row:
        close()
    return rows


def _carries_on(run: list[_Line], line: _Line) -> bool:
    """The next line holds one cell and no padding: the rest of this row, not a row of its own."""
    k = run.index(line) + 1
    return not (k < len(run) and len(run[k].texts) == 1 and run[k].tail == 0 and run[k].pipes == 1)


def _rows_without_width(run: list[_Line]) -> list[tuple[list[Cell], bool]]:
    """No row ends with padding: rows written one a line, or cells one a line whose rows
    are told by their sequence numbers (序号 1, 2, …)."""
    if any(line.row_line for line in run):
        return [(_cells(line), False) for line in run]
    cells = [Cell(line.texts[0] if line.texts else "", line_place(line.n)) for line in run]
    first = next((k for k, c in enumerate(cells) if c.text == "1"), None)
    second = next((k for k, c in enumerate(cells) if c.text == "2" and first is not None and k > first), None)
    if first is None or second is None or first % (second - first):
        return [([c], False) for c in cells]
    size = second - first
    return [(cells[k:k + size], True) for k in range(0, len(cells), size)]


class _Header(NamedTuple):
    width: int
    name: int | None  # the 三级指标 column
    money: int | None  # the 预算数 / 金额 column


def _header(row: list[Cell]) -> _Header | None:
    labels = [c.text.replace(" ", "") for c in row]
    if not any("一级指标" in t for t in labels):
        return None
    name = next((k for k, t in enumerate(labels) if "三级指标" in t), None)
    money = next((k for k, t in enumerate(labels) if "预算数" in t or "金额" in t), None)
    return _Header(len(row), name, money)


def align(rows: list[list[Cell]]) -> None:
    """Rows under an indicator header get the leading empty cells the crawler dropped
    (in place): a short row is right-aligned under the header."""
    header: _Header | None = None
    for row in rows:
        found = _header(row)
        if found is not None:
            header = found
        elif header is not None:
            _align_row(row, header)


def _align_row(row: list[Cell], header: _Header) -> None:
    shift = header.width - len(row)
    if shift <= 0:
        return
    if header.name is None or _under_rowspans(row, shift, header.name):
        row[:0] = [Cell("", _line_of(row[0])) for _ in range(shift)]
        return
    amount = next((k for k, c in enumerate(row) if _AMOUNT.match(c.text)), None)
    if amount is not None and header.money is not None and header.money > amount:
        row[amount:amount] = [Cell("", _line_of(row[amount])) for _ in range(header.money - amount)]


def _under_rowspans(row: list[Cell], shift: int, name: int) -> bool:
    """Right-aligned, the row names an indicator, or fills only level columns."""
    k = name - shift
    if k >= 0 and row[k].text:
        return True
    return not any(c.text for c in row[max(k, 0):])
