"""Text of a PDF as `pdftotext -layout` writes it.

pdftotext places each word at the column its x position gives, so a table's
columns line up by runs of spaces; a long cell wraps over several lines, and
cells shorter than their row sit on its middle line (Word and browsers centre
them), sometimes on a line of their own between the lines of a taller cell.
This reader rebuilds the grid:

- columns from the indicator header: a header is centred in its column while
  data starts at the column's left edge, so a word belongs to the first column
  whose header ends to the right of the word's start;
- rows by dynamic programming over the lines: every cell of a row is centred on
  the row's middle, and a short line followed by more text in the same column
  is the end of a cell, not a wrap;
- merged 一级/二级 cells by their centre: a merged cell's text sits in the
  middle of the rows it spans (and a known 二级指标 names its 一级指标).

The part above the indicators (编码, 名称, money, plan, goals) is read by its
labels. Paragraphs outside the tables are re-joined from their wrapped lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..core.frameworks import FRAMEWORKS
from ..core.problems import line_place
from .assemble import COLUMNS, HEADING, LEVEL_NAMES, PART, SUB_GOAL, UNIT_LINE, label
from .blocks import Block, Cell, Paragraph, Table

_HEADER = re.compile(r"一级指标\s+二级指标")
_TOKEN = re.compile(r"\S+")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_PERCENT = re.compile(r"-?\d+(?:\.\d+)?%")
_MONTH = re.compile(r"^(\d{1,2})月底$")
_GOAL_ITEM = re.compile(r"^\d+\s*[.、．]")
_MONEY_LABELS = ("预算规模及资金用途", "其中：财政资金", "其中：财政拨款", "年度资金总额", "项目资金（万元）",
                 "预算数", "其他资金", "资金用途", "项目资金")
_GOAL_LABELS = ("年度绩效目标", "绩效目标")
_PLAN_LABELS = ("资金支出计划（%）",)
LEVELS = ("level1", "level2")


def looks_like(lines: list[str]) -> bool:
    return any(_HEADER.search(line) for line in lines)


@dataclass
class Word:
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Line:
    number: int  # 1-based, in the file
    text: str  # spaces between Chinese and numbers closed up
    page: int = 0
    raw: str = ""  # as pdftotext wrote it: what the indicator grid reads, column by column

    @property
    def raw_words(self) -> list[Word]:
        return _words(self.raw or self.text)

    @property
    def words(self) -> list[Word]:
        return _words(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@lru_cache(maxsize=4096)
def _words(text: str) -> list[Word]:
    return [Word(m.start(), m.group()) for m in _TOKEN.finditer(text)]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _join(parts: list[str]) -> str:
    """Wrapped pieces of one cell: Chinese joins directly, Latin words with a space."""
    out = ""
    for part in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def blocks(text: str) -> list[Block]:
    lines, page = [], 0
    for n, raw in enumerate(text.split("\n"), 1):
        if "\f" in raw:  # a page break parts rows as a blank line would
            page += raw.count("\f")
            lines.append(Line(n, "", page))
            raw = raw.replace("\f", "")
        lines.append(Line(n, _tighten(raw.rstrip()), page, raw.rstrip()))
    codes = [k for k, line in enumerate(lines) if any(label(w.text) in ("项目编码", "项目代码") for w in line.words)]
    out: list[Block] = []
    cursor = 0
    for k, code in enumerate(codes):
        start = _band_top(lines, code)
        end = _band_top(lines, codes[k + 1]) if k + 1 < len(codes) else len(lines)
        out += _paragraphs(lines[cursor:start])
        table_lines = lines[start:end]
        # Title and unit lines of the next table come before its band: leave them as paragraphs.
        tail = len(table_lines)
        while tail and (table_lines[tail - 1].blank or _is_caption(table_lines[tail - 1].text)):
            tail -= 1
        out.append(_table(table_lines[:tail]))
        cursor = start + tail
    out += _paragraphs(lines[cursor:])
    return out


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LETTER = re.compile(r"[A-Za-z]")


def _glue(a: str, b: str) -> bool:
    """pdftotext's space between Chinese and a number, not between two words or columns."""
    left, right = bool(_CJK_CHAR.match(a[-1])), bool(_CJK_CHAR.match(b[0]))
    if left == right:
        return False
    latin = b if left else a
    return not _LETTER.search(latin)


def _cell_line(words: list[str]) -> str:
    """One line of a cell's words, spaced as the text was written."""
    out = words[0] if words else ""
    for a, b in zip(words, words[1:]):
        out += ("" if _glue(a, b) else " ") + b
    return out


def _tighten(line: str) -> str:
    """Drop the single spaces pdftotext puts where Chinese meets Latin or digits (“≥400 人”,
    “3 月底”) as Word's PDFs have them, keeping every run of text at its column."""
    if " " not in line.strip():
        return line
    out = ""
    for m in re.finditer(r"\S+(?: \S+)*", line):
        tokens = m.group().split(" ")
        joined = tokens[0]
        for a, b in zip(tokens, tokens[1:]):
            joined += ("" if _glue(a, b) else " ") + b
        out = out.ljust(m.start()) + joined
    return out


def _is_caption(text: str) -> bool:
    s = text.strip()
    return "绩效目标表" in s or "单位：" in s or bool(UNIT_LINE.match(s)) or bool(re.fullmatch(r"\d{1,3}", s))


def _band_top(lines: list[Line], k: int) -> int:
    """First line of the band of non-blank lines holding line k, captions excluded."""
    while k > 0 and not lines[k - 1].blank and not _is_caption(lines[k - 1].text):
        k -= 1
    return k


# ---------------------------------------------------------------- paragraphs

def _paragraphs(lines: list[Line]) -> list[Paragraph]:
    out: list[Paragraph] = []
    joinable, gap, page = False, False, 0
    for line in lines:
        s = line.text.strip()
        if not s or re.fullmatch(r"\d{1,3}", s):
            gap = True
            continue
        # A sentence cut by the foot of a page goes on at the top of the next.
        if gap and (not out or line.page == page or out[-1].text.endswith(_SENTENCE_END)):
            joinable = False
        gap, page = False, line.page
        starts_new = line.text[0] == " " or _is_heading(s) or _is_caption(s)
        if joinable and not starts_new:
            out[-1].text = _join([out[-1].text, s])
        else:
            out.append(Paragraph(s, line_place(line.number)))
        joinable = not (_is_heading(s) or _is_caption(s))
    return out


_SENTENCE_END = ("。", "；", "！", "？", "：", ":", ";")


def _is_heading(s: str) -> bool:
    return bool(PART.match(s) or HEADING.match(s) or SUB_GOAL.match(s)) or s.rstrip("：:") in ("绩效目标", "绩效指标")


# ---------------------------------------------------------------- one goal table

def _table(lines: list[Line]) -> Table:
    header = next((k for k, line in enumerate(lines) if _HEADER.search(line.text)), len(lines))
    plan = next((k for k, line in enumerate(lines[:header]) if sum(bool(_MONTH.match(w.text)) for w in line.words) >= 2),
                header)
    rows: list[list[Cell]] = []
    top = header  # wrapped header cells reach the lines above the header line
    while top - 1 > plan and not lines[top - 1].blank and all(_header_piece(w.text) for w in lines[top - 1].words):
        top -= 1
    _upper_part(lines[:plan], rows)
    _plan_and_goals(lines[plan:top], rows)
    if header < len(lines):
        _indicators(lines[top:], header - top, rows)
    return Table(rows, rows[0][0].place if rows else "")


def _cell(text: str, line: Line | None) -> Cell:
    return Cell(text, line_place(line.number) if line else "")


def _money_line(line: Line) -> bool:
    """A line of the money rows: a label of theirs, or an amount with decimals (a wrapped code has none)."""
    return any(("." in w.text and _NUMBER.match(w.text.replace(",", "")))
               or any(w.text in lab for lab in _MONEY_LABELS if len(w.text) > 1) for w in line.words)


def _upper_part(lines: list[Line], rows: list[list[Cell]]) -> None:
    code_k = next((k for k, line in enumerate(lines) if any(label(w.text) in ("项目编码", "项目代码") for w in line.words)),
                  None)
    if code_k is None:  # the plan's months come first: no upper part to read, which the checks will say
        return
    # The code's and name's cells may wrap above and below the labels' line (Word centres them).
    top = code_k
    while top > 0 and not lines[top - 1].blank and not _money_line(lines[top - 1]):
        top -= 1
    end = code_k
    while end + 1 < len(lines) and not lines[end + 1].blank and not _money_line(lines[end + 1]):
        end += 1
    words = lines[code_k].words
    code_label = next(w for w in words if label(w.text) in ("项目编码", "项目代码"))
    name_label = next((w for w in words if label(w.text) == "项目名称"), None)
    name_start = name_label.start if name_label else 10**6
    code_parts, name_parts = [], []
    for line in lines[top: end + 1]:
        for w in line.words:
            if w is code_label or (name_label is not None and label(w.text) == "项目名称"):
                continue
            if w.start >= code_label.end - 1 and w.end <= name_start + 1 and w.start < name_start:
                code_parts.append(w.text)
            elif name_label is not None and w.start >= name_label.end:
                name_parts.append(w.text)
    rows.append([_cell("项目编码", lines[code_k]), _cell("".join(code_parts), lines[code_k]),
                 _cell("项目名称", lines[code_k]), _cell(_join(name_parts), lines[code_k])])
    amounts, purpose, purpose_line = [], [], None
    for line in lines[end + 1:]:
        for w in line.words:
            if _NUMBER.match(w.text.replace(",", "")):
                amounts.append((w.text, line))
            elif not any(w.text in lab for lab in _MONEY_LABELS):
                purpose.append(w.text)
                purpose_line = purpose_line or line
    for name, (text, line) in zip(("预算数", "其中：财政资金", "其他资金"), amounts):
        rows.append([_cell(name, line), _cell(text, line)])
    if purpose:
        rows.append([_cell("资金用途", purpose_line), _cell(_join(purpose), purpose_line)])


def _plan_and_goals(lines: list[Line], rows: list[list[Cell]]) -> None:
    if not lines:
        return
    months = [(int(m[1]), w) for w in lines[0].words if (m := _MONTH.match(w.text))]
    values: dict[int, str] = {}
    k = 1
    # Value lines: percentages, or only the pieces of the 资金支出计划（%） label; goals come after.
    while k < len(lines) and not lines[k].blank and (
            _PERCENT.search(lines[k].text) or all(w.text in "资金支出计划（%）" for w in lines[k].words)):
        for m in _PERCENT.finditer(lines[k].text):
            # A value starts at its column's left edge; its header is centred in the column.
            month = next((mon for mon, w in months if w.end > m.start()), months[-1][0])
            values.setdefault(month, m.group())
        k += 1
    rows.append([_cell("资金支出计划（%）", lines[0])] + [_cell(f"{mon}月底", lines[0]) for mon, _ in months])
    rows.append([_cell("", lines[0])] + [_cell(values.get(mon, ""), lines[0]) for mon, _ in months])
    items: list[str] = []
    first = None
    for line in lines[k:]:
        for w in line.words:
            if w.text in _GOAL_LABELS or (len(w.text) <= 2 and any(w.text in lab for lab in _GOAL_LABELS)):
                continue
            first = first or line
            if _GOAL_ITEM.match(w.text) or not items:
                items.append(w.text)
            else:
                items[-1] = _join([items[-1], w.text])
    if items:
        rows.append([_cell("绩效目标", first), _cell("\n".join(items), first)])


# ---------------------------------------------------------------- indicators

@dataclass
class Column:
    start: int
    end: int
    title: str

    @property
    def role(self) -> str | None:
        return COLUMNS.get(label(self.title))


def _indicators(lines: list[Line], header: int, rows: list[list[Cell]]) -> None:
    header_band, body = _header_band(lines, header)
    # Word tops its cells: a wrapped header goes on below its first line and never starts above it.
    top = header == 0 and len(header_band) > 1
    columns = _columns(header_band)
    roles = [c.role for c in columns]
    rows.append([_cell(c.title, lines[header]) for c in columns])
    grid = _grid(body, columns, lines[header].page, top)  # per line: {column index: [words]}
    widest = {c: max((_width(_cell_line(g[c])) for g in grid if c in g), default=1) for c in range(len(columns))}
    bands = []
    chunk: list[int] = []
    for i in range(len(body) + 1):
        if i == len(body) or body[i].blank or not grid[i]:
            if chunk:
                bands += (_split_top if top else _split_rows)(chunk, grid, roles, widest)
            chunk = []
        else:
            chunk.append(i)
    levels = {col: (_level_tops if top else _level_groups)(col, bands, grid, body)
              for col, role in enumerate(roles) if role in LEVELS}
    for r, band in enumerate(bands):
        row = []
        for col, role in enumerate(roles):
            if role in LEVELS:
                text = levels[col].get(r, "")
            else:
                text = _join([_cell_line(grid[i][col]) for i in band if col in grid[i]])
            row.append(_cell(text, body[band[0]]))
        _level1_from_level2(row, roles)
        rows.append(row)


def _split_top(chunk: list[int], grid, roles, widest) -> list[list[int]]:
    """Rows of a table whose cells sit at the top, so every cell of a row starts on its
    first line: a row starts where a 二级指标 starts, or where more cells plainly start
    anew (their last line had room for the text that follows) than plainly wrap on."""
    content = [k for k, role in enumerate(roles) if role not in LEVELS]
    name = roles.index("name") if "name" in roles else content[0]
    level2 = roles.index("level2") if "level2" in roles else None
    rows: list[list[int]] = []
    last: dict[int, str] = {}  # column → its latest line in the current row
    for i in chunk:
        cells = {c: _cell_line(words) for c, words in grid[i].items()}
        starts_level = level2 is not None and level2 in cells and not _continues_level(last.get(level2, ""),
                                                                                           cells[level2])
        ends = [_ended(last.get(c), cells[c], widest[c], roles[c]) for c in content if c in cells]
        if not rows or (name in cells and (starts_level or 0 < ends.count(True) >= ends.count(False))):
            rows.append([])
            last = {}
        rows[-1].append(i)
        last.update(cells)
    return rows


# What a line cannot break inside: a Latin or number run, or one Chinese character, with
# the opening marks before it and the closing ones (which never start a line) after it.
_FIRST_PIECE = re.compile(r"[（(“‘\[]*(?:[^\s\u3000-\u303f\u4e00-\u9fff]+|.)[，。、；：！？）》”’,.;:!?)]*")


def _ended(before: str | None, text: str, widest: int, role: str | None) -> bool | None:
    """Had a cell ended on the line before `text`? True if the cell had no text, if a
    指标值 is followed by another (a cell holds one), or if text's first unbreakable piece
    had room there; False if it plainly had not; None when it is too close to tell, as
    pdftotext's character widths only approximate the page's."""
    if before is None or (role == "target" and text[:1] in "≥≤=＞＜><"):
        return True
    room = widest - _width(before) - _width(_FIRST_PIECE.match(text).group())
    if _width(before) >= widest - 1 or room == 0:
        return None
    return room > 0


def _continues_level(before: str, text: str) -> bool:
    """“标” after “经济效益指” goes on the same name; “质量指标” after “数量指标” does not."""
    return bool(before) and before not in LEVEL_NAMES and _is_level_prefix(before + text)


def _level_tops(col: int, bands: list[list[int]], grid, body) -> dict[int, str]:
    """A merged 一级/二级 cell at the top of the rows it spans: its text goes to the row
    where it starts, its wrapped lines joined."""
    out: dict[int, str] = {}
    for r, band in enumerate(bands):
        pieces = [_cell_line(grid[i][col]) for i in band if col in grid[i]]
        if pieces:
            out[r] = "".join(pieces)
    return out


def _header_band(lines: list[Line], header: int) -> tuple[list[Line], list[Line]]:
    """The header line with the wrapped pieces of its cells above and below it."""
    k = header + 1
    while k < len(lines) and not lines[k].blank and all(_header_piece(w.text) for w in lines[k].words):
        k += 1
    return lines[:k], lines[k:]


def _header_piece(text: str) -> bool:
    return any(text in name for name in COLUMNS)


def _columns(band: list[Line]) -> list[Column]:
    columns: list[Column] = []
    for line in band:
        for w in line.raw_words:
            near = next((c for c in columns if w.start < c.end + 2 and w.end > c.start - 2), None)
            if near is None:
                columns.append(Column(w.start, w.end, w.text))
            else:
                near.title += w.text
                near.start, near.end = min(near.start, w.start), max(near.end, w.end)
    return sorted(columns, key=lambda c: c.start)


_SEGMENT = re.compile(r"\S+(?: \S+)*")


def _grid(body: list[Line], columns: list[Column], header_page: int, top: bool = False) -> list[dict[int, list[str]]]:
    """Each line's words by column.

    pdftotext lays out every page on its own, so column positions are found
    again on each page: cells are left-aligned, so the starts of their text
    gather at the columns' left edges; those edges are matched in order to
    the header, whose column k's left edge lies just right of header k-1's end.
    A table with top-aligned cells has its headers left-aligned too: there the
    header's starts are the edges, even for a word one space after the last.
    """
    pages = sorted({line.page for line in body}, key=lambda p: p != header_page)
    clusters = {p: _clusters([m.start() for line in body if line.page == p
                              for m in _SEGMENT.finditer(line.raw or line.text)], len(columns)) for p in pages}
    mapped: dict[int, list[tuple[int, int]]] = {}
    if top:
        mapped[header_page] = [(col.start, k) for k, col in enumerate(columns)]
    elif header_page in clusters:  # on the header's page, the header's own positions tell
        mapped[header_page] = [(c, next((k for k, col in enumerate(columns) if col.end > c), len(columns) - 1))
                               for c in clusters[header_page]]
    seen = {k: c for c, k in mapped.get(header_page, [])}
    # Elsewhere: the header page's edges where it has them; else just right of the header before.
    edges = {k: seen.get(k, columns[k - 1].end if k else columns[0].start) for k in range(len(columns))}
    for page in pages:
        if page not in mapped:
            known = {k: e for k, e in edges.items() if k in seen}
            use = known if seen and len(clusters[page]) <= len(known) else edges
            mapped[page] = _match(clusters[page], use)
    grid = []
    for line in body:
        cells: dict[int, list[str]] = {}
        page_edges = mapped[line.page]
        text = line.raw or line.text
        for w in line.raw_words:
            at = next((n for n in range(len(page_edges) - 1, -1, -1) if page_edges[n][0] <= w.start + 1), 0)
            # A word one space after another, running past the next column's edge, starts that column.
            spaced = w.start >= 2 and text[w.start - 2] != " "
            if spaced and at + 1 < len(page_edges) and w.end > page_edges[at + 1][0]:
                at += 1
            cells.setdefault(page_edges[at][1], []).append(w.text)
        grid.append(cells)
    return grid


def _clusters(starts: list[int], most: int) -> list[int]:
    """Left edges: word starts a few characters apart belong to one column."""
    out: list[int] = []
    last = None
    for x in sorted(set(starts)):
        if last is None or x - last > 3:
            out.append(x)
        last = x
    while len(out) > most:  # more edges than columns: join the two closest
        k = min(range(len(out) - 1), key=lambda i: out[i + 1] - out[i])
        del out[k + 1]
    return out


def _match(starts: list[int], edges: dict[int, float]) -> list[tuple[int, int]]:
    """Map a page's left edges to columns, in order, allowing the page to be laid
    out a little narrower or wider as a whole."""
    if not starts:
        return [(0, 0)]
    cols = sorted(edges)
    best: tuple[float, list[tuple[int, int]]] = (float("inf"), [])
    for scale in [0.75 + 0.025 * k for k in range(24)]:
        cost, pairs = _align(starts, [edges[c] * scale for c in cols])
        if cost < best[0]:
            best = (cost, [(starts[i], cols[j]) for i, j in pairs])
    return best[1] or [(x, min(k, len(cols) - 1)) for k, x in enumerate(starts)]


def _align(xs: list[int], refs: list[float]) -> tuple[float, list[tuple[int, int]]]:
    """Monotone matching of every x to a distinct reference, least total distance."""
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


def _split_rows(chunk: list[int], grid, roles, widest) -> list[list[int]]:
    """Partition consecutive lines into rows, each row's cells centred on its middle."""
    content = [k for k, role in enumerate(roles) if role not in LEVELS]
    required = [roles.index(r) for r in ("name", "target") if r in roles] or content[:1]
    n = len(chunk)
    best = [0.0] + [float("inf")] * n
    cut = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - 40), j):
            cost = _row_cost(chunk[i:j], grid, content, required, widest)
            if best[i] + cost < best[j]:
                best[j], cut[j] = best[i] + cost, i
    rows, j = [], n
    while j > 0:
        rows.append(chunk[cut[j]:j])
        j = cut[j]
    return rows[::-1]


def _row_cost(lines: list[int], grid, content, required, widest) -> float:
    if not all(any(c in grid[i] for i in lines) for c in required):
        return float("inf")
    # Lines holding only merged 一级/二级 text belong to no row in particular.
    text_lines = [i for i in lines if any(c in grid[i] for c in content)]
    if not text_lines:  # a header of nothing but 一级/二级 columns: no row to centre
        return float("inf")
    middle = (text_lines[0] + text_lines[-1]) / 2
    cost = -0.01  # between equals, more rows
    for c in content:
        own = [i for i in lines if c in grid[i]]
        if not own:
            continue
        off = abs((own[0] + own[-1]) / 2 - middle)
        if off > 0.25:  # pdftotext gives a cell centred between two lines a line of its own
            cost += 4 * off * off
        for a in own[:-1]:  # a short line with more below it ended a cell: a row ends there
            if _width(_cell_line(grid[a][c])) < 0.5 * widest[c]:
                cost += 2
        for b in own[1:]:  # a line no cell could start with goes on the one above it
            if _continues(_cell_line(grid[b][c])):
                cost -= 0.05
    return cost


def _continues(text: str) -> bool:
    """One or two characters, or closing punctuation or a bare unit: the tail of a wrapped cell."""
    return len(text) <= 2 or text[0] in "）)]】、，,。；;：:%％" or text in ("万元", "亿元", "元", "人次")


def _level_groups(col: int, bands: list[list[int]], grid, body: list[Line]) -> dict[int, str]:
    """Row index → text for a merged 一级/二级 column: each text goes to the first row
    of the rows it is centred on."""
    pieces = [(i, _cell_line(grid[i][col])) for band in bands for i in band if col in grid[i]]
    blocks: list[tuple[float, str]] = []
    run: list[tuple[int, str]] = []
    for i, text in pieces + [(10**9, "")]:
        joined = "".join(t for _, t in run) + text
        if run and i - run[-1][0] <= 2 and (_is_level_prefix(joined) or "".join(t for _, t in run) not in LEVEL_NAMES):
            run.append((i, text))
            continue
        if run:
            blocks.append(((run[0][0] + run[-1][0]) / 2, "".join(t for _, t in run)))
        run = [(i, text)]
    tops = [(band[0], band[-1]) for band in bands]
    out, start = {}, 0
    for t, (centre, text) in enumerate(blocks):
        if start >= len(tops):
            break
        following = blocks[t + 1][0] if t + 1 < len(blocks) else float("inf")
        end, off = start, float("inf")
        for e in range(start, len(tops)):
            if e > start and tops[e][0] > following:
                break
            d = abs((tops[start][0] + tops[e][1]) / 2 - centre)
            if d < off:
                end, off = e, d
        out[start] = text
        start = end + 1
    return out


def _is_level_prefix(text: str) -> bool:
    return any(name.startswith(text) for name in LEVEL_NAMES)


def _level1_from_level2(row: list[Cell], roles: list[str | None]) -> None:
    """A known 二级指标 names its 一级指标 (text of merged cells can sit anywhere)."""
    if "level1" not in roles or "level2" not in roles:
        return
    level2 = row[roles.index("level2")].text
    parent = next((p for f in FRAMEWORKS.values() if (p := f.parent_of(level2))), None)
    if parent:
        row[roles.index("level1")].text = parent
