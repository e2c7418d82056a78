"""Markdown pipe tables: `| a | b |` rows, an optional `|---|` separator row;
lines outside the tables are paragraphs.

A page turned into markdown keeps the crawler's loss of merged cells: a row the
cells of a rowspan were taken from is shorter, and the empty cells are moved to
the end of the row (`| 产出指标 | 时效指标 | … | |||||`). Trailing empty cells
are therefore dropped and the rows under the indicator header right-aligned
under it, as `txt_pipes` does (`txt_pipes.align`).

>>> table = blocks("| 项目名称 | 预算数 | 一级指标 | 三级指标 | 指标值 |\\n|---|---|---|---|---|\\n"
...                "| 培训 | 10 | 产出指标 | 培训人数 | ≥400人 |\\n| 产出指标 | 培训次数 | 4次 | ||\\n")[0]
>>> [[c.text for c in row] for row in table.rows]
[['项目名称', '预算数', '一级指标', '三级指标', '指标值'], ['培训', '10', '产出指标', '培训人数', '≥400人'], ['', '', '产出指标', '培训次数', '4次']]
"""

from __future__ import annotations

import re

from ..core.problems import line_place
from .blocks import Block, Cell, Paragraph, Table
from .text_lines import is_page_number
from .txt_pipes import align

_SPLIT = re.compile(r"(?<!\\)\|")
_SEPARATOR = re.compile(r"^:?-+:?$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def looks_like(lines: list[str]) -> bool:
    """Two rows `| text | … |`: lines that start with a pipe and hold text between pipes."""
    rows = 0
    for line in lines:
        s = line.strip()
        if s.startswith("|") and s.count("|") >= 3 and s.strip("|-: "):
            rows += 1
            if rows >= 2:
                return True
    return False


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    table: Table | None = None
    for n, line in enumerate(text.split("\n"), 1):
        s = line.strip()
        if s.startswith("|"):
            cells = _cells(n, s)
            if cells is None:  # the separator row
                continue
            if table is None:
                table = Table(place=line_place(n))
                out.append(table)
            table.rows.append(cells)
            continue
        if table is not None:
            _finish(table)
        table = None
        if s and not is_page_number(s):
            out.append(Paragraph(s, line_place(n)))
    if table is not None:
        _finish(table)
    return [b for b in out if not isinstance(b, Table) or b.rows]


def _cells(n: int, s: str) -> list[Cell] | None:
    """A row's cells, trailing empty ones dropped; None for a `|---|` separator row."""
    inner = s[1:-1] if s.endswith("|") and not s.endswith("\\|") and len(s) > 1 else s[1:]
    texts = [_BREAK.sub("\n", t).replace("\\|", "|").strip() for t in _SPLIT.split(inner)]
    filled = [t for t in texts if t]
    if filled and all(_SEPARATOR.match(t.replace(" ", "")) for t in filled):
        return None
    while texts and not texts[-1]:
        texts.pop()
    return [Cell(t, f"{line_place(n)}第{k}列") for k, t in enumerate(texts, 1)]


def _finish(table: Table) -> None:
    table.rows = [row for row in table.rows if row]
    align(table.rows)
