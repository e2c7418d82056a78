"""Text where a table row became one line and its cells are separated by single
spaces (the text of a web page holding the table). A cell may hold spaces of
its own (`项目资金    (万元)`): only a space with no space beside it separates, and
a bracket closed a few cells on keeps what is inside it (`数量( ≥**个 )`).

Above the indicator header the lines are label/value rows, kept as cells side by
side (`项目名称 物业管理` → [项目名称, 物业管理]); a goals label on a line of its
own takes the lines below it as its value. The indicator header says how many
columns there are; each indicator line is put under it right-aligned: the 一级/
二级 cells a group shows only on its first row are told from names by the level
vocabulary (`LEVEL_TREE`), the rows below leave them empty, as a merged cell's
rows do. Where a row has fewer cells than the fullest rows of its table, each
cell goes to the column whose cells look like it (numbers, operators, words).
Footnotes (`注:`), a new table's title and the reviewers' rows (…审核意见 (盖章)) end
the table. A row of labels only (总体目标 年度目标 年度总体目标完成情况) has its values on
the line below, under its last columns.
"""

from __future__ import annotations

import re
from itertools import combinations
from math import comb

from ..core.frameworks import FRAMEWORKS, level_aliases
from ..core.problems import line_place
from .blocks import Block, Cell, Table
from .labels import CODE, GOAL_NUMBER, GOALS, LABELS, LEVEL_SCORE, PLAN_MONTH, UNIT_NAMES, label
from .templates import UNIT_CODE_LABELS
from .text_lines import is_page_number, is_title, line_blocks

# ---------------------------------------------------------------- vocabularies (data)

# 一级指标 → its 二级指标: the frameworks' (core/frameworks.toml) with their aliases, each
# alias under the 一级 of what it stands for (项目完成指标 → 产出指标's 二级, 数量目标 under
# 产出指标, 满意度指标 | 满意度指标), then the levels of the 中央预算内投资 table, which shifts
# them: 实施效果指标 over 产出/效益/满意度指标, and 过程管理指标 (not in any framework: kept
# here, see tests/fixtures/corpus/real/README.md, 天津/舒城).
_SHIFTED_LEVELS: dict[str, tuple[str, ...]] = {
    "实施效果指标": ("产出指标", "效益指标", "满意度指标"),
    "过程管理指标": ("计划管理指标", "资金管理指标", "项目管理指标", "监督检查指标"),
}


def _level_tree() -> dict[str, frozenset[str]]:
    tree: dict[str, set[str]] = {}
    for levels in [f.levels for f in FRAMEWORKS.values()] + [_SHIFTED_LEVELS]:
        for level1, level2s in levels.items():
            tree.setdefault(level1, set()).update(level2s)
    aliases = level_aliases()
    for alias, canonical in aliases["level1"].items():
        tree.setdefault(alias, set()).update(tree.get(str(canonical), ()))
    for alias, meaning in aliases["level2"].items():
        level2 = meaning
        if isinstance(meaning, list):  # 社会公众或服务对象满意度指标 → (满意度指标, 服务对象满意度指标)
            tree.setdefault(meaning[0], set()).add(alias)
            level2 = meaning[1]
        for names in tree.values():
            if level2 in names:
                names.add(alias)
    return {k: frozenset(v) for k, v in tree.items()}


LEVEL_TREE: dict[str, frozenset[str]] = _level_tree()
LEVEL1_NAMES: frozenset[str] = frozenset(LEVEL_TREE)
LEVEL2_NAMES: frozenset[str] = frozenset(n for names in LEVEL_TREE.values() for n in names)
LEVEL_NAMES: frozenset[str] = LEVEL1_NAMES | LEVEL2_NAMES

# Labels of the unit a table belongs to (its name or its code), on the rows above a project's name.
UNIT_LABELS: frozenset[str] = UNIT_NAMES | UNIT_CODE_LABELS
# Labels that open a goal table's first row: a name, a code or the unit.
START_LABELS = frozenset(CODE) | UNIT_LABELS

_FOOTNOTE = re.compile(r"^\s*(?:注|备注|说明)\s*[:：]")
# Only a space with no space beside it separates two cells.
_CELL_GAP = re.compile(r"(?<! ) (?! )")
_NUMBER = re.compile(r"^[+-]?[\d,，]*\d(?:\.\d+)?$")
_OPERATOR = re.compile(r"^[=＝≥≤≧≦><＞＜]+$")
_PERCENT = re.compile(r"^[\d.,]+%?$")
# Columns a form keeps for the result or the reviewers, not read as values.
_REPORT_COLUMNS = ("完成情况",)
# Rows after a table where reviewers sign (财政部门…审核意见 (盖章)): they end it.
_REVIEW = re.compile(r"(?:审核|初审|审批|审查)意见$")
# Cells after the one that opens a bracket it may close in.
_BRACKET_CELLS = 3
# Placings of a short row's cells tried at most; beyond, its cells fill the columns from the left.
_MAX_PLACINGS = 2000


def level_key(text: str) -> str:
    """A level cell as the vocabulary has it: no spaces or line breaks, no score range."""
    key = LEVEL_SCORE.sub("", label(text))
    return key if key in LEVEL_NAMES or key + "指标" not in LEVEL_NAMES else key + "指标"


def level_of(text: str, level1: str) -> str:
    """'level1', 'level2' or '' for a cell, given the 一级指标 its table is under."""
    key = level_key(text)
    if key in LEVEL_TREE.get(level_key(level1), ()):
        return "level2"
    if key in LEVEL1_NAMES:
        return "level1"
    return "level2" if key in LEVEL2_NAMES else ""


def is_footnote(text: str) -> bool:
    return bool(_FOOTNOTE.match(text))


def is_start_label(text: str) -> bool:
    """The first cell of a goal table: a name (项目名称, 专项(项目)名称 …), a code or the unit."""
    lab = label(text).rstrip(":")
    return lab in START_LABELS or (lab.endswith("名称") and 2 < len(lab) <= 10)


def is_goals_label(text: str) -> bool:
    """年度目标, 总体目标, 年度主要目标和成果, 年度总体目标 … (not 投入目标, a money label)."""
    lab = label(text).rstrip(":")
    if lab.endswith(_REPORT_COLUMNS):  # 年度总体目标完成情况: a column for the result, not the goals
        return False
    return lab in GOALS or "目标" in lab and len(lab) <= 12 and any(w in lab for w in ("年度", "总体", "绩效"))


# ---------------------------------------------------------------- the layout


def cells_of(line: str) -> list[str]:
    cells = [c for c in _CELL_GAP.split(line.strip()) if c]
    for k in range(len(cells) - 2, -1, -1):  # 其中: 财政拨款数 is one cell
        if label(cells[k]).rstrip(":") == "其中":
            cells[k:k + 2] = [f"{cells[k]} {cells[k + 1]}"]
    return _join_brackets(cells) if "(" in line or "（" in line else cells


def _depth(text: str) -> int:
    return text.count("(") + text.count("（") - text.count(")") - text.count("）")


def _join_brackets(cells: list[str]) -> list[str]:
    """A bracket opened in one cell and closed in one of the next few is one cell with its
    spaces (`数量( ≥**个 )`, template residue the unit left with spaces of its own)."""
    out: list[str] = []
    k = 0
    while k < len(cells):
        end, depth = k + 1, _depth(cells[k])
        while depth > 0 and end < len(cells) and end - k <= _BRACKET_CELLS:
            depth += _depth(cells[end])
            end += 1
        if depth != 0 or end == k + 1:
            end = k + 1
        out.append(" ".join(cells[k:end]))
        k = end
    return out


def _header(cells: list[str]) -> int | None:
    """Index of the 一级指标 cell when the cells are an indicator header."""
    labs = [label(c) for c in cells]
    for k in range(len(labs) - 1):
        if labs[k].endswith("级指标") and labs[k + 1] == "二级指标":
            return k
    return None


def looks_like(lines: list[str]) -> bool:
    """An indicator header whose cells are one space apart, and no line below it that
    lines columns up by runs of spaces (pdftotext -layout does)."""
    for k, line in enumerate(lines):
        if "一级指标 二级指标" in line and "  " not in line.strip():
            below = [l.strip() for l in lines[k + 1:k + 8] if l.strip()]
            return bool(below) and sum("  " in l for l in below) * 2 < len(below)
    return False


def blocks(text: str) -> list[Block]:
    return line_blocks(text, _table_at)


def _table_at(lines: list[str], n: int) -> tuple[str, Table, int] | None:
    cells = cells_of(lines[n])
    if not (cells and is_start_label(cells[0]) and (len(cells) > 1 or _next_is_value(lines, n))):
        return None
    return "", *_table(lines, n)


def _next_is_value(lines: list[str], n: int) -> bool:
    nxt = next((cells_of(l) for l in lines[n + 1:n + 3] if l.strip()), [])
    return len(nxt) == 1 and not is_start_label(nxt[0])


def _cell(text: str, n: int, k: int) -> Cell:
    return Cell(text, f"{line_place(n + 1)}第{k}列")


def _table(lines: list[str], n: int) -> tuple[Table, int]:
    """The table starting at line n, and the line after it."""
    table = Table(place=line_place(n + 1))
    while n < len(lines):  # the rows above the indicator header
        cells = cells_of(lines[n])
        if not cells:
            n += 1
            continue
        if (first := _header(cells)) is not None:
            return _indicators(table, lines, n, cells, first)
        if table.rows and (is_footnote(lines[n]) or is_title(lines[n]) and len(cells) == 1):
            return table, n
        n = _upper_row(table, lines, n, cells)
    return table, n


def _fragment(cells: list[str]) -> bool:
    """One word of a label written one word a line (年度/预算/安排/(万元))."""
    return len(cells) == 1 and len(label(cells[0])) <= 4 and not any(ch.isdigit() for ch in cells[0])


def _upper_row(table: Table, lines: list[str], n: int, cells: list[str]) -> int:
    """One label/value row; returns the next line."""
    start = n
    if _fragment(cells) and label(cells[0]) not in LABELS:
        words = [cells[0]]
        while n + 1 < len(lines) and _fragment(cells_of(lines[n + 1])) and label(lines[n + 1]) not in LABELS:
            n += 1
            words.append(cells_of(lines[n])[0])
        if len(words) > 1:
            cells = ["\n".join(words)]
    n += 1
    if is_goals_label(cells[0]) and not (len(cells) > 1 and all(_is_label(c) for c in cells)):
        value = cells[1:]
        while len(cells) == 1 and n < len(lines) and _goal_line(nxt := cells_of(lines[n])):
            value.append(nxt[0])
            n += 1
        while (k := _next_numbered_goal(lines, n)) is not None:  # 2. and 3. on lines of their own
            value.append(lines[k].strip())
            n = k + 1
        cells = [cells[0], "\n".join(value)] if value else cells[:1]
    above = table.rows[-1] if table.rows else []
    if len(cells) + 1 < len(above) and lines[start] != lines[start].rstrip() and _under_labels(cells, above):
        cells = [*cells, ""]  # the line ends in the space before an empty last cell
    row = [_cell(c, start, k) for k, c in enumerate(cells, 1)]
    if len(cells) < len(above) and (_under_labels(cells, above) or _under_months(cells, above)):
        row = [Cell("", line_place(start + 1)) for _ in range(len(above) - len(cells))] + row
    table.rows.append(row)
    return n


def _under_labels(cells: list[str], above: list[Cell]) -> bool:
    """Values under a row of labels only (总体目标 年度目标 / the annual goal): they belong
    under its last columns, as the empty cells a page drops would have put them."""
    return all(_is_label(c.text) for c in above) and not any(_is_label(c) for c in cells if c)


def _is_label(text: str) -> bool:
    """A label of the rows above the indicators, or a column for the result (…完成情况)."""
    lab = label(text).rstrip(":")
    return lab in LABELS or lab.endswith(_REPORT_COLUMNS)


def _under_months(cells: list[str], above: list[Cell]) -> bool:
    """The spending plan's figures under their months (3月底 6月底 …)."""
    return all(_PERCENT.match(c) for c in cells) and any(PLAN_MONTH.match(label(c.text)) for c in above)


def _next_numbered_goal(lines: list[str], n: int) -> int | None:
    """The line of the next numbered goal (2.…, 目标2:…) after blank lines, if that comes next."""
    while n < len(lines) and not lines[n].strip():
        n += 1
    if n < len(lines) and len(cells_of(lines[n])) == 1 and GOAL_NUMBER.match(lines[n].strip()):
        return n
    return None


def _goal_line(cells: list[str]) -> bool:
    """A line of a goals cell written under its label: one cell, not a label."""
    return len(cells) == 1 and not _fragment(cells) and not is_start_label(cells[0]) \
        and label(cells[0]) not in LABELS and not is_footnote(cells[0])


def _indicators(table: Table, lines: list[str], n: int, header: list[str], first: int) -> tuple[Table, int]:
    """The header at line n and the indicator rows below it."""
    width = len(header)
    name_col = first + 2
    table.rows.append([_cell(c, n, k) for k, c in enumerate(header, 1)])
    parsed: list[tuple[int, str, str, list[str]]] = []  # line, level1, level2, the other cells
    level1 = ""
    label_column = {label(c) for c in header[:first]}
    last = _last(lines)
    n += 1
    while n < len(lines):
        line = lines[n]
        cells = cells_of(line)
        if not cells or is_page_number(line):
            n += 1
            continue
        if is_footnote(line) or is_title(line) or is_start_label(cells[0]) or _header(cells) is not None \
                or _REVIEW.search(label(cells[0])):
            break
        if parsed and len(cells) == 1 and LEVEL_SCORE.fullmatch(cells[0]) and not parsed[-1][3]:
            at, l1, l2, _ = parsed[-1]  # 产出指标 / (40-50)分: the rest of a level cell
            parsed[-1] = (at, l1, f"{l2}\n{cells[0]}", []) if l2 else (at, f"{l1}\n{cells[0]}", l2, [])
            n += 1
            continue
        if len(cells) > 1 and label(cells[0]) in label_column:
            cells.pop(0)  # the text of the 绩效指标 column merged down the rows, on its first row
        l1 = l2 = ""
        if level_of(cells[0], level1) == "level1":
            l1 = level1 = cells.pop(0)
        if cells and level_of(cells[0], level1) == "level2":
            l2 = cells.pop(0)
        if len(cells) == 1 and not l1 and not l2 and n + 1 >= last and _truncated_level(cells[0]):
            l2 = cells.pop(0)  # the page was cut inside a level cell (数量指…)
        parsed.append((n, l1, l2, cells))
        n += 1
    columns = _columns([rest for *_, rest in parsed], width - name_col)
    for (at, l1, l2, rest), places in zip(parsed, columns):
        row = [Cell("", line_place(at + 1)) for _ in range(max(width, name_col + max(places, default=-1) + 1))]
        for col, text in ((first, l1), (first + 1, l2)):
            if text and col < width:
                row[col] = _cell(text, at, col + 1)
        for text, col in zip(rest, places):
            row[name_col + col] = _cell(text, at, name_col + col + 1)
        table.rows.append(row)
    return table, n


def _last(lines: list[str]) -> int:
    """One past the last line with text (found from the end: each indicator table asks again)."""
    return next((k for k in range(len(lines) - 1, -1, -1) if lines[k].strip()), 0) + 1


def _truncated_level(text: str) -> bool:
    key = label(text)
    return len(key) >= 2 and any(name.startswith(key) and name != key for name in LEVEL_NAMES)


def _shape(text: str) -> str:
    if _NUMBER.match(text):
        return "number"
    if _OPERATOR.match(text):
        return "operator"
    return "word" if len(text) <= 4 else "text"


def _columns(rows: list[list[str]], width: int) -> list[list[int]]:
    """For each row's cells (after the levels) the columns they go to, counted from the
    三级指标 column. A row with more cells than columns joins the first ones into the
    name (a name holding spaces); a row with fewer than the fullest rows puts each cell
    where the fullest rows have cells of its shape."""
    width = max(width, 1)
    for rest in rows:
        if len(rest) > width:
            rest[:len(rest) - width + 1] = [" ".join(rest[:len(rest) - width + 1])]
    full = max((len(r) for r in rows), default=0)
    profile: list[list[str]] = [[] for _ in range(full)]
    for rest in rows:
        if len(rest) == full:
            for k, text in enumerate(rest):
                profile[k].append(_shape(text))

    def fit(shape: str, col: int) -> float:
        seen = profile[col]
        return seen.count(shape) / len(seen) if seen else 0.0

    out = []
    for rest in rows:
        if len(rest) >= full or len(rest) <= 1 or comb(full, len(rest)) > _MAX_PLACINGS:
            out.append(list(range(len(rest))))
            continue
        shapes = [_shape(t) for t in rest]
        best = max(combinations(range(full), len(rest)),
                   key=lambda cols: (cols[0] == 0, sum(fit(s, c) for s, c in zip(shapes, cols)), [-c for c in cols]))
        out.append(list(best))
    return out
