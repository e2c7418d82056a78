"""The indicator part's columns and each line's words by column.

Columns come from the indicator header: a header is centred in its column while
data starts at the column's left edge, so a word belongs to the first column
whose header ends to the right of the word's start.

pdftotext lays out every page on its own, so column positions are found again
on each page: cells are left-aligned, so the starts of their text gather at the
columns' left edges; those edges are matched in order to the header, whose
column k's left edge lies just right of header k-1's end. A table with
top-aligned cells has its headers left-aligned too: there the header's starts
are the edges, even for a word one space after the last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..labels import COLUMNS, label
from .lines import ROUNDING, SEGMENT, Line

# Pieces of one header cell, wrapped over lines, overlap or come within this many
# columns of each other; the next column's header is farther off.
HEADER_GAP = 2
# Word starts at most this many columns after the previous one are the same column's
# left edge: an opening bracket or a narrower digit moves a cell's start a little.
EDGE_SPREAD = 3
# A page laid out anew may be narrower or wider as a whole than the header's page:
# scales from three quarters up, in steps of 2.5 %, to about four thirds are tried.
SCALE_LOW = 0.75
SCALE_STEP = 0.025
SCALE_COUNT = 24
# Words a line holds by column: {column index: [words]}.
Cells = dict[int, list[str]]


@dataclass
class Column:
    start: int
    end: int
    title: str

    @property
    def role(self) -> str | None:
        return COLUMNS.get(label(self.title))


def header_band(lines: list[Line], header: int) -> tuple[list[Line], list[Line]]:
    """The header line with the wrapped pieces of its cells above and below it; then the body."""
    k = header + 1
    while k < len(lines) and not lines[k].blank and all(header_piece(w.text) for w in lines[k].words):
        k += 1
    return lines[:k], lines[k:]


def header_piece(text: str) -> bool:
    """A header label or a piece of one, as a header wrapped in its cell leaves.

    >>> header_piece("指标"), header_piece("依据"), header_piece("≥400人")
    (True, True, False)
    """
    return any(text in name for name in COLUMNS)


def columns_of(band: list[Line]) -> list[Column]:
    """The header's columns, left to right: pieces of a wrapped header joined."""
    columns: list[Column] = []
    for line in band:
        for w in line.raw_words:
            near = next((c for c in columns if w.start < c.end + HEADER_GAP and w.end > c.start - HEADER_GAP), None)
            if near is None:
                columns.append(Column(w.start, w.end, w.text))
            else:
                near.title += w.text
                near.start, near.end = min(near.start, w.start), max(near.end, w.end)
    return sorted(columns, key=lambda c: c.start)


def grid(body: list[Line], columns: list[Column], header_page: int, top: bool = False) -> list[Cells]:
    """Each line's words by column."""
    edges = page_edges(body, columns, header_page, top)
    return [line_cells(line, edges[line.page]) for line in body]


# ---------------------------------------------------------------- column edges page by page

def page_edges(body: list[Line], columns: list[Column], header_page: int,
               top: bool) -> dict[int, list[tuple[int, int]]]:
    """Page → its columns' left edges as (position, column index), left to right."""
    pages = sorted({line.page for line in body}, key=lambda p: p != header_page)
    clusters = {p: left_edges(_starts(body, p), len(columns)) for p in pages}
    mapped: dict[int, list[tuple[int, int]]] = {}
    if top:
        mapped[header_page] = [(col.start, k) for k, col in enumerate(columns)]
    elif header_page in clusters:  # on the header's page, the header's own positions tell
        mapped[header_page] = [(c, column_under(c, columns)) for c in clusters[header_page]]
    seen = {k: c for c, k in mapped.get(header_page, [])}
    edges = _edges_elsewhere(columns, seen)
    known = {k: e for k, e in edges.items() if k in seen}
    for page in pages:
        if page not in mapped:
            use = known if seen and len(clusters[page]) <= len(known) else edges
            mapped[page] = match(clusters[page], use)
    return mapped


def _edges_elsewhere(columns: list[Column], seen: dict[int, int]) -> dict[int, int]:
    """Column edges for the other pages: the header page's edges where it has them; else
    just right of the header before.

    >>> _edges_elsewhere([Column(0, 8, "一级指标"), Column(10, 18, "二级指标"), Column(24, 32, "三级指标")], {0: 0, 2: 21})
    {0: 0, 1: 8, 2: 21}
    """
    return {k: seen.get(k, columns[k - 1].end if k else columns[0].start) for k in range(len(columns))}


def _starts(body: list[Line], page: int) -> list[int]:
    """Where the runs of text on the page's lines start."""
    return [m.start() for line in body if line.page == page for m in SEGMENT.finditer(line.raw or line.text)]


def column_under(x: int, columns: list[Column]) -> int:
    """The first column whose header ends right of x (headers are centred, data starts left)."""
    return next((k for k, col in enumerate(columns) if col.end > x), len(columns) - 1)


def left_edges(starts: list[int], most: int) -> list[int]:
    """Left edges: word starts a few characters apart belong to one column; at most
    `most` of them, the two closest joined while there are more.

    >>> left_edges([0, 2, 10, 11, 30], 5)
    [0, 10, 30]
    >>> left_edges([0, 10, 14, 30], 3)
    [0, 10, 30]
    """
    out: list[int] = []
    last = None
    for x in sorted(set(starts)):
        if last is None or x - last > EDGE_SPREAD:
            out.append(x)
        last = x
    while len(out) > most:  # more edges than columns: join the two closest
        k = min(range(len(out) - 1), key=lambda i: out[i + 1] - out[i])
        del out[k + 1]
    return out


def match(starts: list[int], edges: Mapping[int, float]) -> list[tuple[int, int]]:
    """Map a page's left edges to columns, in order, allowing the page to be laid
    out a little narrower or wider as a whole.

    >>> match([0, 18, 40], {0: 0, 1: 10, 2: 20, 3: 44})
    [(0, 0), (18, 2), (40, 3)]
    """
    if not starts:
        return [(0, 0)]
    cols = sorted(edges)
    best: tuple[float, list[tuple[int, int]]] = (float("inf"), [])
    for scale in [SCALE_LOW + SCALE_STEP * k for k in range(SCALE_COUNT)]:
        cost, pairs = align(starts, [edges[c] * scale for c in cols])
        if cost < best[0]:
            best = (cost, [(starts[i], cols[j]) for i, j in pairs])
    return best[1] or [(x, min(k, len(cols) - 1)) for k, x in enumerate(starts)]


def align(xs: list[int], refs: list[float]) -> tuple[float, list[tuple[int, int]]]:
    """Monotone matching of every x to a distinct reference, least total distance.

    >>> align([1, 9], [0.0, 5.0, 10.0])
    (2.0, [(0, 0), (1, 2)])
    >>> align([1, 2, 3], [0.0])
    (inf, [])
    """
    n, m = len(xs), len(refs)
    if n > m:
        return float("inf"), []
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    cost[0] = [0.0] * (m + 1)
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + abs(xs[i - 1] - refs[j - 1]))
    pairs, i, j = [], n, m
    while i > 0:
        if cost[i][j] == cost[i][j - 1] and j > i:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return cost[n][m], pairs[::-1]


# ---------------------------------------------------------------- a line's words

def line_cells(line: Line, edges: list[tuple[int, int]]) -> Cells:
    """A line's words by column, each under the last edge at or left of its start."""
    cells: Cells = {}
    text = line.raw or line.text
    for w in line.raw_words:
        at = next((n for n in range(len(edges) - 1, -1, -1) if edges[n][0] <= w.start + ROUNDING), 0)
        # A word one space after another, running past the next column's edge, starts that column.
        if one_space_after(text, w.start) and at + 1 < len(edges) and w.end > edges[at + 1][0]:
            at += 1
        cells.setdefault(edges[at][1], []).append(w.text)
    return cells


def one_space_after(text: str, start: int) -> bool:
    """The word at `start` follows another after a single space.

    >>> one_space_after("人数 ≥400", 3), one_space_after("人数  ≥400", 4), one_space_after("≥400", 0)
    (True, False, False)
    """
    return start >= 2 and text[start - 2] != " "
