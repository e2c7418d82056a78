"""Text whose table lost every cell separator: each row one line with its cells run
together (`项目名称农村义务教育薄弱学校改造补助资金`, `产出指标数量指标…覆盖率100%`), or
the whole form on one line (a document-sharing site's preview of a .docx).

The cells are rebuilt from the vocabulary the reader knows, not from positions: a
line is cut before every label (`labels.LABELS`, the unit labels, the form labels
below), the indicator header at its column labels (`templates.COLUMNS`), and an
indicator row into [一级][二级] name [explanation] target, where the levels are
the frameworks' and templates' level names (with frameworks.toml's aliases) and
the target is the trailing value: an operator, a number and its unit (`≥90%`,
`2280次`), a date, or a qualitative phrase (`稳步提高`, `不超预算`).

Above the header each line is a label/value row (`项目主管部门 | 青山区教育局 |
项目执行单位 | 化工区学校`); a line that also holds the header is the whole form run
together, so each label there opens a row of its own. Indicator rows sit under the
header right-aligned, the levels a row does not repeat left empty as a merged
cell's rows are. Lines below the header are one row each; the text after the
header on its own line is cut into rows at each target.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..core.frameworks import level_aliases
from ..core.problems import line_place
from .blocks import Block, Cell, Table
from .labels import LABELS, TOTAL, label
from .templates import COLUMNS, UNIT_CODE_LABELS
from .text_lines import is_page_number, is_title, line_blocks
from .txt_spaced import LEVEL_NAMES as _TREE_NAMES
from .txt_spaced import is_goals_label, is_start_label, level_of

# ---------------------------------------------------------------- vocabularies (data)

# The indicator header's first two labels with nothing between them: the mark of this layout.
HEADER_MARK = "一级指标二级指标"

# Labels of provinces' forms that the recogniser has no field for but that end the cell before
# them (湖北 鄂州 2022 项目支出绩效目标表, tests/fixtures/corpus/real/README.md).
FORM_LABELS = ("项目类别", "项目性质", "立项依据", "项目预算成本构成", "测算(公式)依据", "保障绩效目标实现措施",
               "主管部门审核意见")
# A column of the cost breakdown headed by a year: 2020年实际执行数.
_YEAR_COLUMN = re.compile(r"(?:19|20)\d{2}年(?:实际执行数|执行数|预算数)")

# Words that open an explanation cell (绩效标准, 指标解释): `反映办公大楼全年维修维护情况` (鄂州 2022).
EXPLANATION_OPENERS = ("反映", "体现", "衡量", "考核")

# Units a target's number may carry, longest first where one begins another.
UNITS = ("%", "‰", "万元/亩", "元/亩", "元/平米", "元/平方米", "元/人", "元/年", "万元", "亿元", "元",
         "平方米", "平米", "万亩", "亩", "公里", "km", "米", "吨", "人次", "万人", "人", "户", "家", "所",
         "个", "项", "件", "台", "套", "座", "条", "辆", "场", "批", "期", "册", "本", "次", "天", "日",
         "个月", "月", "小时", "年", "分")
# Qualitative targets: an adverb and a verb (稳步提高, 持续改善) or a whole phrase (不超预算).
QUALITY_ADVERBS = ("稳步", "持续", "有效", "显著", "逐步", "进一步", "明显", "不断", "大幅", "得到", "全面")
QUALITY_VERBS = ("提高", "提升", "改善", "增强", "增加", "减少", "下降", "降低", "巩固", "保障", "落实")
QUALITY_PHRASES = ("不超预算", "不超过预算", "控制在预算内", "按时完成", "按期完成", "按计划完成", "巩固提高")

_OPERATOR = r"(?:[≥≤≧≦>＞<＜=＝]=?|大于等于|小于等于|不低于|不高于|不少于|不超过|大于|小于)"
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_DATE = r"20\d{2}(?:年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底前|底以前|底|以前|之前|前|内|全年)?|[.\-/]\d{1,2}(?:[.\-/]\d{1,2})?)"
_NUMBER = rf"{_OPERATOR}?\s*\d+(?:[.,]\d+)*\s*(?:{_UNIT})?"
_QUALITY = "|".join(sorted(QUALITY_PHRASES, key=len, reverse=True)) + "|(?:" + "|".join(QUALITY_ADVERBS) \
    + ")(?:" + "|".join(QUALITY_VERBS) + ")"
# A row's target at the end of its text.
TRAILING_TARGET = re.compile(rf"(?:{_DATE}|{_NUMBER}|{_QUALITY})$")
# A target inside run-on text: a number or date; a qualitative phrase only where a row must end.
NUMBER_TARGET = re.compile(rf"{_DATE}|{_NUMBER}")
QUALITY_TARGET = re.compile(_QUALITY)

# Column labels too short to cut a line at (they occur inside longer words).
_SHORT_COLUMNS = {"指标", "级指标"}


def _level_names() -> frozenset[str]:
    aliases = level_aliases()
    return frozenset(_TREE_NAMES | set(aliases["level1"]) | set(aliases["level2"]))


LEVEL_WORDS: tuple[str, ...] = tuple(sorted(_level_names(), key=len, reverse=True))
UPPER_WORDS: frozenset[str] = frozenset(LABELS | UNIT_CODE_LABELS | set(FORM_LABELS))
HEADER_WORDS: frozenset[str] = frozenset(k for k in COLUMNS if k not in _SHORT_COLUMNS) | {"绩效指标"}


def _index(words) -> dict[str, tuple[str, ...]]:
    """First character → the words starting with it, longest first."""
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[0], []).append(w)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


_UPPER = _index(UPPER_WORDS)
_HEADER = _index(HEADER_WORDS)
# Full-width punctuation read as ASCII for matching (same length, so places stay put).
_ASCII = str.maketrans("（）：", "():")


def _word_at(text: str, i: int, index: dict[str, tuple[str, ...]]) -> str:
    """The longest vocabulary word at text[i:] (compared with ASCII brackets and colon), or ''."""
    for w in index.get(text[i].translate(_ASCII), ()):
        if text.startswith(w, i):
            return w
    if index is _UPPER and (m := _YEAR_COLUMN.match(text, i)):
        return m[0]
    return ""


# ---------------------------------------------------------------- the layout


def looks_like(lines: list[str]) -> bool:
    """The indicator header's 一级指标 and 二级指标 with nothing between them."""
    return any(HEADER_MARK in line for line in lines)


def split_labels(text: str) -> list[tuple[str, bool]]:
    """A line cut before and after every label it holds: (cell text, is a label). A colon after a
    label stays with it (`年度资金总额:`); `其中 :` before a label is part of it (`其中 :上级资金`)."""
    norm = text.translate(_ASCII)
    cells: list[tuple[str, bool]] = []
    start = i = 0
    while i < len(text):
        word = _word_at(norm, i, _UPPER)
        if not word:
            i += 1
            continue
        before = text[start:i]
        end = i + len(word)
        while end < len(text) and norm[end] in ": ":
            end += 1
        if re.fullmatch(r"\s*其中\s*[:：]?\s*", before):
            cells.append((before.strip() + text[i:end].rstrip(), True))
        else:
            if before.strip():
                cells.append((before.strip(), False))
            cells.append((text[i:end].rstrip(), True))
        start = i = end
    if text[start:].strip():
        cells.append((text[start:].strip(), False))
    return cells


def split_header(text: str) -> tuple[list[str], int]:
    """The column labels at the start of text, and where the text after them begins."""
    norm = text.translate(_ASCII)
    cells, i = [], 0
    while i < len(text) and (word := _word_at(norm, i, _HEADER)):
        cells.append(text[i:i + len(word)])
        i += len(word)
    return cells, i


def split_levels(text: str, limit: int = 2) -> tuple[list[str], str]:
    """The level names a row starts with (at most `limit`), and the rest of the row."""
    levels: list[str] = []
    while len(levels) < limit:
        word = next((w for w in LEVEL_WORDS if text.startswith(w) and len(text) > len(w)), "")
        if not word:
            break
        levels.append(word)
        text = text[len(word):]
    return levels, text


def split_target(text: str) -> tuple[str, str]:
    """A row's text as (name, target): the trailing value or qualitative phrase; ('', '') when
    the text ends in neither."""
    m = TRAILING_TARGET.search(text)
    if m is None or m.start() == 0:
        return text, ""
    return text[:m.start()], m[0].strip()


def run_on_rows(text: str) -> list[str]:
    """Indicator rows run together on one line, each cut after its target: the first number or
    date after some name text, else a qualitative phrase that ends the text or comes before a
    level name."""
    rows: list[str] = []
    pos = 0
    while pos < len(text):
        _, rest = split_levels(text[pos:])
        body = len(text) - len(rest)  # where the name begins
        end = _target_end(text, body)
        if end is None:
            rows.append(text[pos:])
            break
        rows.append(text[pos:end])
        pos = end
    return rows


def _target_end(text: str, body: int) -> int | None:
    ends = []
    if (m := next((m for m in NUMBER_TARGET.finditer(text, body) if m.start() > body and m[0].strip()), None)):
        ends.append(m.end())
    for q in QUALITY_TARGET.finditer(text, body + 1):
        if q.end() == len(text) or split_levels(text[q.end():], 1)[0]:
            ends.append(q.end())
            break
    return min(ends) if ends else None


def blocks(text: str) -> list[Block]:
    return line_blocks(text, _table_at)


def _table_at(lines: list[str], n: int) -> tuple[str, Table, int] | None:
    if (start := _table_start(lines[n])) is None:
        return None
    table, after = _table(lines, n, start)
    return lines[n][:start].strip(), table, after


def _table_start(line: str) -> int | None:
    """Where a goal table starts on the line: a name, code or unit label at the line's start or
    right after a table's title (…绩效目标表项目名称…)."""
    stripped = line.lstrip()
    first = len(line) - len(stripped)
    if stripped and (word := _word_at(stripped.translate(_ASCII), 0, _UPPER)) and is_start_label(word):
        return first
    for m in re.finditer(r"绩效目标(?:申报|批复|审批)?表", line):
        if m.end() < len(line) and (word := _word_at(line.translate(_ASCII), m.end(), _UPPER)) and is_start_label(word):
            return m.end()
    return None


def _cell(text: str, n: int, k: int) -> Cell:
    return Cell(text, f"{line_place(n + 1)}第{k}列")


def _table(lines: list[str], n: int, start: int) -> tuple[Table, int]:
    """The table whose first row starts at lines[n][start:], and the line after it."""
    table = Table(place=line_place(n + 1))
    text = lines[n][start:]
    while True:
        if (h := text.find(HEADER_MARK)) >= 0:
            return _indicators(table, lines, n, text, h)
        if text.strip():
            _upper_line(table, n, text)
        n += 1
        if n >= len(lines) or is_title(lines[n]) and table.rows:
            return table, n
        text = lines[n]


def _upper_line(table: Table, n: int, text: str) -> None:
    """One line above the header as one row; the line under a row of goal labels is their value."""
    above = [c.text for c in table.rows[-1]] if table.rows else []
    cells = split_labels(text)
    if above and all(is_goals_label(t) for t in above) and not cells[0][1]:
        row = [Cell("", line_place(n + 1)) for _ in above[1:]] + [_cell(text.strip(), n, len(above))]
        table.rows.append(row)
        return
    table.rows.append([_cell(t, n, k) for k, (t, _) in enumerate(cells, 1)])


def _upper_stream(table: Table, n: int, cells: list[tuple[str, bool]]) -> None:
    """The form run together on one line: each label opens a row unless the row so far holds
    labels only (a row of column labels); unlabelled text under a row of three or more column
    labels is that small table's rows (the cost breakdown)."""
    rows: list[list[str]] = []
    columns: list[str] = []
    for text, is_label in cells:
        if is_label:
            if not rows or any(not _is_label(t) for t in rows[-1]):
                rows.append([])
            rows[-1].append(text)
            continue
        if rows and len(rows[-1]) >= 3 and all(_is_label(t) for t in rows[-1]):
            columns = rows[-1]
            rows += _breakdown(text)
        elif rows and label(rows[-1][0]) in TOTAL and columns:
            rows[-1] += _total_cells(text, rows)
        elif rows:
            rows[-1].append(text)
        else:
            rows.append([text])
    for row in rows:
        table.rows.append([_cell(t, n, k) for k, t in enumerate(row, 1)])


def _is_label(text: str) -> bool:
    word = _word_at(text.translate(_ASCII), 0, _UPPER) if text else ""
    return bool(word) and len(text.rstrip(": ")) <= len(word) + 2 or text.startswith("其中") and len(text) <= 12


_RUNS = re.compile(r"\d+(?:\.\d+)*|[^\d]+")


def _breakdown(text: str) -> list[list[str]]:
    """Rows of a breakdown written item, amount, basis, figures… with nothing between: runs of
    words and of figures; an item's row ends at the words after its second run of figures."""
    rows: list[list[str]] = []
    figures = 0
    for run in _RUNS.findall(text):
        if run[0].isdigit():
            figures += 1
        elif not rows or figures >= 2:
            rows.append([])
            figures = 0
        if not rows:
            rows.append([])
        rows[-1].append(run)
    return rows


def _total_cells(text: str, rows: list[list[str]]) -> list[str]:
    """A 合计 row's figures run together: the first is split off where it equals the sum of the
    items' amounts (the second cell of each row above); the rest stays as written."""
    amounts = []
    for row in rows:
        if len(row) > 1 and row[1][:1].isdigit() and not _is_label(row[0]):
            try:
                amounts.append(Decimal(row[1]))
            except InvalidOperation:
                pass
    if amounts:
        total = sum(amounts)
        for k in range(1, len(text)):
            try:
                head = Decimal(text[:k])
            except InvalidOperation:
                continue
            if head == total and text[k:k + 1] != ".":
                return [text[:k], "", text[k:]] if text[k:] else [text[:k]]
    return [text]


def _indicators(table: Table, lines: list[str], n: int, text: str, h: int) -> tuple[Table, int]:
    """The header at text[h:] on line n, the form above it on that line, the rows after it."""
    cells = split_labels(text[:h])
    prefix: list[str] = []
    while cells and cells[-1][1]:  # 绩效指标 / 保障绩效目标实现措施: label cells of the header row
        prefix.insert(0, cells.pop()[0])
    if cells:  # the form above the header on the header's own line: the whole form run together
        _upper_stream(table, n, cells)
    header, end = split_header(text[h:])
    header = prefix + header
    table.rows.append([_cell(t, n, k) for k, t in enumerate(header, 1)])
    grid = _Grid(header)
    rest = text[h + end:]
    for row in run_on_rows(rest) if rest.strip() else []:
        table.rows.append(grid.row(row, n))
    n += 1
    while n < len(lines):
        line = lines[n].strip()
        if not line or is_page_number(line):
            n += 1
            continue
        levels, body = split_levels(line)
        if not levels and not split_target(body)[1]:
            break
        table.rows.append(grid.row(line, n))
        n += 1
    return table, n


class _Grid:
    """Where an indicator row's parts go under its header."""

    def __init__(self, header: list[str]):
        labels = [label(t) for t in header]
        roles = [COLUMNS.get(lab, "") for lab in labels]
        self.width = len(header)
        self.first = roles.index("level1") if "level1" in roles else 0
        self.second = roles.index("level2") if "level2" in roles else self.first + 1
        # A form with no 三级/指标内容 column names the indicator in its 二级 column (鄂州 2022).
        self.name = roles.index("name") if "name" in roles else self.second
        self.target = self.width - 1
        between = range(self.name + 1, self.target)
        self.explanation = next((j for j in between if roles[j] in ("description", "basis")), None)
        self.level1 = ""

    def row(self, text: str, n: int) -> list[Cell]:
        cells = [Cell("", line_place(n + 1)) for _ in range(self.width)]
        levels, body = split_levels(text.strip(), 2 if self.name > self.second else 1)
        if self.name == self.second:
            slots = [(self.first, levels[0])] if levels else []
        elif len(levels) == 2:
            slots = [(self.first, levels[0]), (self.second, levels[1])]
        elif levels:
            slots = [(self.first if level_of(levels[0], self.level1) == "level1" else self.second, levels[0])]
        else:
            slots = []
        for col, word in slots:
            cells[col] = _cell(word, n, col + 1)
            if col == self.first:
                self.level1 = word
        name, target = split_target(body)
        if self.explanation is not None:
            cut = min((i for i in (name.find(w, 1) for w in EXPLANATION_OPENERS) if i > 0), default=-1)
            if cut > 0:
                cells[self.explanation] = _cell(name[cut:], n, self.explanation + 1)
                name = name[:cut]
        cells[self.name] = _cell(name, n, self.name + 1)
        if target:
            cells[self.target] = _cell(target, n, self.target + 1)
        return cells
