"""Text of a PDF as `pdftotext -layout` writes it.

pdftotext places each word at the column its x position gives, so a table's
columns line up by runs of spaces; a long cell wraps over several lines, and
cells shorter than their row sit on its middle line (Word and browsers centre
them), sometimes on a line of their own between the lines of a taller cell.
This reader rebuilds the grid:

- columns from the indicator header: a header is centred in its column while
  data starts at the column's left edge, so a word belongs to the first column
  whose header ends to the right of the word's start (`grid`);
- rows by dynamic programming over the lines: every cell of a row is centred on
  the row's middle, and a short line followed by more text in the same column
  is the end of a cell, not a wrap (`rows`);
- merged 一级/二级 cells by their centre: a merged cell's text sits in the
  middle of the rows it spans (and a known 二级指标 names its 一级指标) (`levels`).

The part above the indicators (编码, 名称, money, plan, goals) is read by its
labels (`upper_part`). Paragraphs outside the tables are re-joined from their
wrapped lines (`paragraphs`). `lines` holds the words and their spacing; `table`
parts one goal table, `indicators` puts its indicator rows together.
"""

from __future__ import annotations

from ..blocks import Block
from ..labels import INDICATOR_HEADER, LEVELS, SIGNATURE_WORDS
from .grid import Column
from .lines import Line, Word, read_lines
from .paragraphs import is_caption, paragraphs
from .table import table
from .unit_wide import band_top, unit_table
from .unit_wide import starts as starts_unit_wide
from .upper_part import is_code_label

__all__ = ["LEVELS", "Column", "Line", "Word", "blocks", "looks_like"]


def looks_like(lines: list[str]) -> bool:
    return any(INDICATOR_HEADER.search(line) for line in lines)


def blocks(text: str) -> list[Block]:
    """Paragraphs and goal tables in the order of the text; a table's band of lines
    starts above the line of its 项目编码."""
    lines = read_lines(text)
    codes = [k for k, line in enumerate(lines) if any(is_code_label(w) for w in line.words)]
    out: list[Block] = []
    cursor = 0
    unit_wide = next((k for k, _ in enumerate(lines[:codes[0] if codes else len(lines)]) if starts_unit_wide(lines, k)), None)
    if unit_wide is not None:  # the 部门整体支出绩效目标表, before the projects' tables
        start = band_top(lines, unit_wide, 0)
        end = _unit_wide_end(lines, unit_wide, max(_band_top(lines, codes[0]) if codes else len(lines), unit_wide + 1))
        out += paragraphs(lines[:start])
        out.append(unit_table(lines[start:end]))
        cursor = end
    for k, code in enumerate(codes):
        start = max(_band_top(lines, code), cursor)
        end = _band_top(lines, codes[k + 1]) if k + 1 < len(codes) else len(lines)
        out += paragraphs(lines[cursor:start])
        tail = _table_end(lines[start:end])
        out.append(table(lines[start:start + tail]))
        cursor = start + tail
    out += paragraphs(lines[cursor:])
    return out


def _unit_wide_end(lines: list[Line], k: int, stop: int) -> int:
    """The line after the unit-wide table: its 填表人 / 审核人 / 填报日期 line, else the next table's band."""
    return next((j for j in range(k, stop) if lines[j].words and lines[j].words[0].text.startswith(SIGNATURE_WORDS)), stop)


def _band_top(lines: list[Line], k: int) -> int:
    """First line of the band of non-blank lines holding line k, captions excluded."""
    while k > 0 and not lines[k - 1].blank and not is_caption(lines[k - 1].text):
        k -= 1
    return k


def _table_end(lines: list[Line]) -> int:
    """Title and unit lines of the next table come before its band: they are left as paragraphs."""
    tail = len(lines)
    while tail and (lines[tail - 1].blank or is_caption(lines[tail - 1].text)):
        tail -= 1
    return tail
