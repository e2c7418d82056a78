"""Text with one table cell per line and blank lines between cells, without the
seed's tab indent (the text of a web page whose table cells became paragraphs):
lines may all be indented by spaces, an `&nbsp;` cell is a line of spaces only,
and a cell's own line breaks leave lines with no blank between them.

Row ends are lost, so the rows are rebuilt: above the indicator header a label
and its value (a value is whatever follows a label unless it is a label too:
`其他资金` followed by `总体目标` has none); the header's cells, from 一级指标 to
the first level name, give the columns; then each indicator is [一级?][二级?]
三级指标 指标值 [further columns], the 一级/二级 cells told by the level
vocabulary (`txt_spaced.LEVEL_TREE`) and left empty on the rows a merged cell
covers. A level split over two cells (`经济效益` / `指标`) is one cell, and so is
a label (`主管部门` / `及编码`). Goal labels side by side (总体目标 / 中期目标 /
年度目标) followed by as many texts or one fewer are a row of labels and the row
below. A table with a 二级/三级/指标值 side per period (`二级指标(长期)` …
`指标值(年度)`) keeps every cell, the blank ones as lines of spaces: each row is
read as wide as the header. Text before the table, footnotes (`注:`) and page
chrome after it are paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.problems import line_place
from .blocks import Block, Cell, Paragraph, Table
from .labels import COLUMNS, LABELS, label
from .text_lines import is_page_number, is_title
from .txt_spaced import LEVEL_NAMES, is_footnote, is_start_label, level_key, level_of

# Words of a page's links and tools after its text: they end a table.
PAGE_CHROME = ("文件下载", "打印本页", "关闭窗口", "打印", "关闭", "标签:", "分享到", "相关链接", "相关文件", "扫一扫")
# Header cells before 一级指标 that head the vertical 绩效指标 column.
_LEAD_HEADERS = frozenset({"", "绩效指标"})


@dataclass
class _Cell:
    text: str  # "" for a cell of spaces only
    line: int  # 1-based line of its first line


def looks_like(lines: list[str]) -> bool:
    """A lone 二级指标 line between blank lines, the 三级指标 cell after it (also both with
    the side they head: `二级指标(长期)`, `三级指标(长期)`)."""
    for k in range(1, len(lines) - 2):
        if "二级指标" in lines[k] and not lines[k - 1].strip() and not lines[k + 1].strip():
            if _sided(lines[k].strip(), "二级指标"):
                return _sided(lines[k + 2].strip(), "三级指标")
    return False


def _sided(text: str, name: str) -> bool:
    """The header `name`, or `name(side)` for one side of a two-sided table."""
    return text == name or text.startswith(name) and text[len(name):len(name) + 1] in "(（" and len(text) <= len(name) + 6


def _cells(text: str) -> list[_Cell]:
    cells: list[_Cell] = []
    current: list[str] = []
    start = 0
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start = n
            current.append(line.strip())
            continue
        if current:
            cells.append(_Cell("\n".join(current), start))
            current = []
        if line:  # a line of spaces only: an empty cell
            cells.append(_Cell("", n))
    if current:
        cells.append(_Cell("\n".join(current), start))
    return _join_split_levels(cells)


def _join_split_levels(cells: list[_Cell]) -> list[_Cell]:
    """经济效益 / 指标, 一级 / 指标: one cell broken over two."""
    out: list[_Cell] = []
    for cell in cells:
        if cell.text == "指标" and out and out[-1].text:
            joined = label(out[-1].text) + "指标"
            if joined in LEVEL_NAMES or joined.endswith("级指标") or level_key(joined) in LEVEL_NAMES:
                out[-1] = _Cell(f"{out[-1].text}\n指标", out[-1].line)
                continue
        out.append(cell)
    return out


def _header_at(labels: list[str], start: int) -> int | None:
    """Index of the first 一级指标 cell from start on (also when cut to 级指标)."""
    for k in range(start, len(labels)):
        if labels[k].endswith("级指标") and labels[k] != "二级指标":
            nxt = next((j for j in range(k + 1, len(labels)) if labels[j]), None)
            if nxt is not None and _sided(labels[nxt], "二级指标"):
                return k
    return None


def _is_label(text: str) -> bool:
    lab = label(text)
    return (lab.rstrip(":") in LABELS or is_start_label(text) or lab.startswith("其中:")
            or text.endswith((":", "：")) or text.replace(" ", "").endswith(("(万元)", "（万元）")))


def _is_chrome(text: str) -> bool:
    return label(text).startswith(PAGE_CHROME)


def _paragraphs(cells: list[_Cell]) -> list[Block]:
    out: list[Block] = []
    for cell in cells:
        for k, line in enumerate(cell.text.split("\n")):
            if line and not is_page_number(line):
                out.append(Paragraph(line, line_place(cell.line + k)))
    return out


def _place(cell: _Cell) -> Cell:
    return Cell(cell.text, line_place(cell.line))


def blocks(text: str) -> list[Block]:
    cells = _cells(text)
    labels = [label(c.text) for c in cells]
    out: list[Block] = []
    done = 0  # cells before this one are read
    while (first := _header_at(labels, done)) is not None:
        head = first - 1 if first > done and labels[first - 1] in _LEAD_HEADERS else first
        start = next((k for k in range(done, head) if cells[k].text and is_start_label(cells[k].text)), head)
        out += _paragraphs(cells[done:start])
        table = Table(place=line_place(cells[start].line))
        table.rows += _upper_rows(cells[start:head])
        end = next((k for k in range(first + 1, len(cells)) if level_of(cells[k].text, "") == "level1"), len(cells))
        header = cells[head:end]
        while header and not header[-1].text:
            header.pop()
        table.rows += _header_rows(header)
        if sum(_sided(label(c.text), "二级指标") for c in header) > 1:
            rows, done = _side_by_side_rows(cells, end, len(header), first - head)
        else:
            rows, done = _indicator_rows(cells, end, len(header) - (1 if _group_at(header) is not None else 0),
                                         first - head)
        table.rows += rows
        out.append(table)
    return out + _paragraphs(cells[done:])


def _group_at(header: list[_Cell]) -> int | None:
    """A target column's header over one column per region (区域目标值 | 新罗区 | 上杭县 …): its index."""
    roles = [COLUMNS.get(label(c.text)) for c in header]
    group = next((k for k, role in enumerate(roles) if role == "target"), None)
    if group is None or len(header) - group - 1 < 2:
        return None
    return group if all(c.text and role is None for c, role in zip(header[group + 1:], roles[group + 1:])) else None


def _header_rows(header: list[_Cell]) -> list[list[Cell]]:
    """The header; a group header over its sub-columns as two rows, merged across as a grid has it."""
    group = _group_at(header)
    if group is None:
        return [[_place(c) for c in header]]
    subs = header[group + 1:]
    blank = [Cell("", line_place(header[group].line)) for _ in range(len(header) - 1)]
    top, below = blank[:], blank[:]
    top[:group + 1] = [_place(c) for c in header[:group + 1]]
    below[group:] = [_place(c) for c in subs]
    return [top, below]


def _upper_rows(cells: list[_Cell]) -> list[list[Cell]]:
    """Label and value pairs: a cell where a label is due is one (项目负责人及电话 too);
    a known label where its value is due means the one before has none."""
    rows: list[list[Cell]] = []
    k = 0
    while k < len(cells):
        cell = cells[k]
        k += 1
        if not cell.text:
            continue
        if k < len(cells) and _label_half(cell.text, cells[k].text):
            cell = _Cell(f"{cell.text}\n{cells[k].text}", cell.line)  # 主管部门 / 及编码
            k += 1
        if (goals := _goal_rows(cells, k - 1)) is not None:
            grid, k = goals
            rows += grid
            continue
        row = [_place(cell)]
        if k < len(cells) and not _is_label(cells[k].text):
            row.append(_place(cells[k]))
            k += 1
        rows.append(row)
    return rows


def _label_half(first: str, second: str) -> bool:
    """A label broken over two cells: the two make a label, the second alone is none."""
    lab = label(second)
    return bool(lab) and lab not in LABELS and label(first) + lab in LABELS


def _caption(text: str) -> bool:
    """A short line naming the table below it (绩效项目指标表)."""
    lab = label(text)
    return lab.endswith("表") and len(lab) <= 12


def _goal_label(text: str) -> bool:
    """总体目标, 中期目标, 年度目标, 实施期绩效目标 …: a known label naming goals."""
    lab = label(text)
    return lab in LABELS and lab.endswith("目标")


def _goal_rows(cells: list[_Cell], k: int) -> tuple[list[list[Cell]], int] | None:
    """Goal labels side by side (总体目标 | 中期目标 | 年度目标) and their texts after them, one a
    column from the right (the first label heads the rows, as a merged cell): a row of labels
    and the row below; None unless at least two of each."""
    end = k
    while end < len(cells) and _goal_label(cells[end].text):
        end += 1
    after = end
    while after < len(cells) and not (cells[after].text and (_is_label(cells[after].text) or _caption(cells[after].text))):
        after += 1
    texts = [c for c in cells[end:after] if c.text]
    if end - k < 2 or not 2 <= len(texts) <= end - k:
        return None
    heads = [_place(c) for c in cells[k:end]]
    blank = [Cell("", heads[0].place) for _ in range(len(heads) - len(texts))]
    return [heads, blank + [_place(c) for c in texts]], after


@dataclass
class _Row:
    level1: _Cell | None = None
    level2: _Cell | None = None
    name: _Cell | None = None
    values: list[_Cell] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.level1 or self.level2 or self.name)


def _indicator_rows(cells: list[_Cell], k: int, width: int, level1_col: int) -> tuple[list[list[Cell]], int]:
    """Indicator rows from cell k on; returns them and the index of the first cell after the table."""
    values = max(width - level1_col - 3, 1)
    rows: list[_Row] = []
    row = _Row()
    level1 = ""
    while k < len(cells):
        cell = cells[k]
        if _ends_table(cell.text):
            break  # the table ends: a footnote, the page's links, the next table
        level = level_of(cell.text, level1) if cell.text else ""
        if row.name is not None and (level or len(row.values) == values):
            rows.append(row)
            row = _Row()
            continue
        k += 1
        if row.name is not None:
            row.values.append(cell)
        elif not cell.text:
            continue
        elif level == "level1" and row.empty():
            row.level1, level1 = cell, cell.text
        elif level == "level2" and row.level2 is None:
            row.level2 = cell
        elif level:  # a level where this row already has one: the row had no indicator
            rows.append(row)
            row = _Row()
            k -= 1
        else:
            row.name = cell
    if not row.empty():
        rows.append(row)
    return [_grid(r, width, level1_col) for r in rows], k


def _side_by_side_rows(cells: list[_Cell], k: int, width: int, level1_col: int) -> tuple[list[list[Cell]], int]:
    """Rows of a table with a 二级/三级/指标值 side per period (长期 | 年度): every cell is there,
    the blank ones as lines of spaces, so each row is as wide as the header: from the 一级 cell,
    or from the 二级 cell where the 一级 is merged down. Returns the rows and the first cell after."""
    rows: list[list[Cell]] = []
    level1 = ""
    while k < len(cells) and cells[k].text:
        level = level_of(cells[k].text, level1)
        col = level1_col if level == "level1" else level1_col + 1
        row = cells[k:k + width - col]
        if not level or len(row) < width - col or any(_ends_table(c.text) for c in row):
            break
        if level == "level1":
            level1 = cells[k].text
        line = line_place(cells[k].line)
        rows.append([Cell("", line) for _ in range(col)] + [_place(c) for c in row])
        k += len(row)
    return rows, k


def _ends_table(text: str) -> bool:
    """A footnote, the page's links, the next table's first label or header."""
    return bool(text) and (is_footnote(text) or _is_chrome(text) or is_title(text) or is_start_label(text)
                           or label(text).endswith("级指标"))


def _grid(row: _Row, width: int, level1_col: int) -> list[Cell]:
    line = next(c.line for c in (row.level1, row.level2, row.name) if c)
    out = [Cell("", line_place(line)) for _ in range(max(width, level1_col + 3 + len(row.values)))]
    for col, cell in enumerate((row.level1, row.level2, row.name, *row.values), level1_col):
        if cell is not None:
            out[col] = _place(cell)
    return out
