"""The indicator part of a goal table: its header, then rows of cells by column."""

from __future__ import annotations

from collections.abc import Iterator

from ..blocks import Cell
from ..labels import INDICATOR_HEADER, LEVELS, SIGNATURE_WORDS
from .grid import Cells, columns_of, grid, header_band, header_piece
from .levels import level1_from_level2, level_groups, level_tops
from .lines import Line, cell, cell_line, join, width
from .rows import split_rows, split_top

# A column with no text at all still has room for something: one layout column.
NARROWEST = 1


def indicators(lines: list[Line], header: int, rows: list[list[Cell]]) -> None:
    """The indicator part's rows, added to `rows`: the header's, then one for each indicator.
    lines[header] is the header line; pieces of wrapped headers may lie around it."""
    header_lines, body = header_band(lines, header)
    body = _without_repeated_headers(body)
    # Word tops its cells: a wrapped header goes on below its first line and never starts above it.
    top = header == 0 and len(header_lines) > 1
    columns = columns_of(header_lines)
    roles = [c.role for c in columns]
    rows.append([cell(c.title, lines[header]) for c in columns])
    words = grid(body, columns, lines[header].page, top)
    widest = {c: widest_line(words, c) for c in range(len(columns))}
    split = split_top if top else split_rows
    # A band is the lines (indices into body) of one indicator row.
    bands = [row for chunk in chunks(body, words) for row in split(chunk, words, roles, widest)]
    levels = {col: (level_tops if top else level_groups)(col, bands, words)
              for col, role in enumerate(roles) if role in LEVELS}
    for r, band in enumerate(bands):
        texts = [levels[col].get(r, "") if col in levels else text_of(band, col, words) for col in range(len(roles))]
        row = [cell(text, body[band[0]]) for text in texts]
        level1_from_level2(row, roles)
        rows.append(row)


def _without_repeated_headers(body: list[Line]) -> list[Line]:
    """The header printed again at the top of each page of a long table (the wrapped pieces of its cells
    above and below it included), and the 填表人 / 审核人 / 填报日期 line under the table, as blank lines:
    no indicator row, and they part the rows as a page break does."""
    out = list(body)
    for k, line in enumerate(body):
        if line.words and all(w.text.startswith(SIGNATURE_WORDS) for w in line.words):
            out[k] = Line(line.number, "", line.page)
        if not INDICATOR_HEADER.search(line.text):
            continue
        band = [k]
        for step in (-1, 1):
            j = k + step
            while (0 <= j < len(body) and body[j].page == line.page and not body[j].blank
                   and all(header_piece(w.text) for w in body[j].words)):
                band.append(j)
                j += step
        for j in band:
            out[j] = Line(body[j].number, "", body[j].page)
    return out


def chunks(body: list[Line], words: list[Cells]) -> Iterator[list[int]]:
    """Runs of consecutive lines with words in the grid: a blank line or page break parts rows."""
    chunk: list[int] = []
    for i, line in enumerate(body):
        if line.blank or not words[i]:
            if chunk:
                yield chunk
            chunk = []
        else:
            chunk.append(i)
    if chunk:
        yield chunk


def widest_line(words: list[Cells], col: int) -> int:
    """The width of the column's widest line."""
    return max((width(cell_line(g[col])) for g in words if col in g), default=NARROWEST)


def text_of(band: list[int], col: int, words: list[Cells]) -> str:
    """A cell's text: its lines in the row, joined."""
    return join([cell_line(words[i][col]) for i in band if col in words[i]])

