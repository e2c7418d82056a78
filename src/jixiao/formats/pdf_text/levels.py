"""Merged 一级/二级 cells: a merged cell's text sits in the middle of the rows it
spans (at their top where cells are top-aligned), and a known 二级指标 names its
一级指标."""

from __future__ import annotations

from ...core.frameworks import FRAMEWORKS
from ..blocks import Cell
from ..labels import LEVEL_NAMES
from .grid import Cells
from .lines import cell_line

# Wrapped pieces of one merged cell's text are at most this many lines apart (pdftotext may
# put one line of another cell between them); pieces farther apart are texts of their own.
LEVEL_GAP = 2


def is_level_prefix(text: str) -> bool:
    """
    >>> is_level_prefix("经济效益指"), is_level_prefix("数量指标质量")
    (True, False)
    """
    return any(name.startswith(text) for name in LEVEL_NAMES)


def continues_level(before: str, text: str) -> bool:
    """“标” after “经济效益指” goes on the same name; “质量指标” after “数量指标” does not.

    >>> continues_level("经济效益指", "标"), continues_level("数量指标", "质量指标"), continues_level("", "数量")
    (True, False, False)
    """
    return bool(before) and before not in LEVEL_NAMES and is_level_prefix(before + text)


def level_tops(col: int, bands: list[list[int]], grid: list[Cells]) -> dict[int, str]:
    """A merged 一级/二级 cell at the top of the rows it spans: its text goes to the row
    where it starts, its wrapped lines joined."""
    out: dict[int, str] = {}
    for r, band in enumerate(bands):
        pieces = [cell_line(grid[i][col]) for i in band if col in grid[i]]
        if pieces:
            out[r] = "".join(pieces)
    return out


def level_groups(col: int, bands: list[list[int]], grid: list[Cells]) -> dict[int, str]:
    """Row index → text for a merged 一级/二级 column: each text goes to the first row
    of the rows it is centred on."""
    pieces = [(i, cell_line(grid[i][col])) for band in bands for i in band if col in grid[i]]
    return _place_texts(_merged_texts(pieces), [(band[0], band[-1]) for band in bands])


def _merged_texts(pieces: list[tuple[int, str]]) -> list[tuple[float, str]]:
    """The column's pieces (line, text) joined into the texts of its merged cells, each
    with the line it is centred on: a piece goes on the text before it if it is near
    and goes on a level's name, or the text so far is no whole name.

    >>> _merged_texts([(0, "产出指"), (1, "标"), (4, "数量指标"), (5, "质量指标")])
    [(0.5, '产出指标'), (4.0, '数量指标'), (5.0, '质量指标')]
    """
    texts: list[tuple[float, str]] = []
    run: list[tuple[int, str]] = []
    for i, text in pieces:
        so_far = "".join(t for _, t in run)
        if run and i - run[-1][0] <= LEVEL_GAP and (is_level_prefix(so_far + text) or so_far not in LEVEL_NAMES):
            run.append((i, text))
            continue
        if run:
            texts.append(((run[0][0] + run[-1][0]) / 2, so_far))
        run = [(i, text)]
    if run:
        texts.append(((run[0][0] + run[-1][0]) / 2, "".join(t for _, t in run)))
    return texts


def _place_texts(texts: list[tuple[float, str]], rows: list[tuple[int, int]]) -> dict[int, str]:
    """Each text to the first of the rows (first line, last line) it is centred on: the run of
    rows from the first one free whose middle is nearest the text's centre, not reaching past
    the next text's centre.

    >>> _place_texts([(1.0, "产出指标"), (4.0, "效益指标")], [(0, 0), (1, 1), (2, 2), (3, 5)])
    {0: '产出指标', 3: '效益指标'}
    """
    out, start = {}, 0
    for t, (centre, text) in enumerate(texts):
        if start >= len(rows):
            break
        following = texts[t + 1][0] if t + 1 < len(texts) else float("inf")
        end, off = start, float("inf")
        for e in range(start, len(rows)):
            if e > start and rows[e][0] > following:
                break
            d = abs((rows[start][0] + rows[e][1]) / 2 - centre)
            if d < off:
                end, off = e, d
        out[start] = text
        start = end + 1
    return out


def level1_from_level2(row: list[Cell], roles: list[str | None]) -> None:
    """A known 二级指标 names its 一级指标 (text of merged cells can sit anywhere)."""
    if "level1" not in roles or "level2" not in roles:
        return
    level2 = row[roles.index("level2")].text
    parent = next((p for f in FRAMEWORKS.values() if (p := f.parent_of(level2))), None)
    if parent:
        row[roles.index("level1")].text = parent
