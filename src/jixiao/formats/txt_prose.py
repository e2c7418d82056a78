"""Goal notices written as prose (绩效目标设定的公示): no goal table, the indicators in sentences.

A town publishes its project's goals as a notice: a paragraph naming the project, its money and its
overall goal, then one heading per 一级指标 (`一、产出指标`) and under it the indicators as prose:

    数量指标:★补助…种植数量,黄金蜜(葡萄)种植数量(≥**株)>=17600株;种植作物成活率(≥**%)>=85;时效指标:…

This layout turns such a notice into the blocks a goal table would give, so that `assemble` reads it
like any other form: a synthetic table with the project's labelled rows (项目名称, the unit, 年度资金总额,
绩效目标) as found in the prose, the indicator header 一级指标 | 二级指标 | 三级指标 | 指标值 and one row per
indicator; every other line stays a paragraph. The rules:

- Headings: a numbered line (`一、` `(一)`) naming a 一级指标 of the frameworks gives the level1.
- Clauses end at `;` `。`; inside a clause, items are separated by `,` (never inside brackets).
- A level label opens a clause or an item: `数量指标:`, any `…指标:` / `…目标:` (the notices write
  `社会效益目标`), or a 二级指标 name followed by a comma (`可持续影响指标,持续发展`). A label that
  repeats the heading's level1 (`效益指标:经济效益指标:`) is no level2.
- An item's target starts at the first operator outside brackets (`>=`, `≥`, `≤`, in words
  `大于等于` before a number) or right after the template's residue bracket (`(≥**株)`); the name is
  what comes before it, the residue kept, targets as written (`大于等于10157.6平方米`).
- An item with no target before a comma is the start of the next item's name (`作物种植补助标准,
  黄金蜜(葡萄)补助成本(≤**元/株)≤28.40/株` is one indicator); before `;` `。`, a label or the end
  of its line it is an indicator of its own with target "" (`生态修复功能提高。`), except at the very
  end of the text with no closing stop, where a stored page was cut (`…平方米,环`).
- The unit is the signature (the line above the date at the end), else the page's 发布机构.

>>> split_target("种植作物成活率(≥**%)>=85")
('种植作物成活率(≥**%)', '>=85')
>>> split_target("商业段外立面改造(≥**平方米)大于等于10157.6平方米")
('商业段外立面改造(≥**平方米)', '大于等于10157.6平方米')
>>> split_target("生态修复功能提高")
('生态修复功能提高', '')
>>> [(i.level2, i.name, i.target) for i in items([(1, "服务对象满意度指标,满意度(≥**%)≥95%。")], 9)]
[('服务对象满意度指标', '满意度(≥**%)', '≥95%')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.frameworks import FRAMEWORKS
from ..core.problems import line_place
from .blocks import Block, Cell, Paragraph, Table

# ---------------------------------------------------------------- vocabularies

# The 一级指标 a heading may name: the frameworks' (core/frameworks.toml), longest first.
LEVEL1_NAMES = tuple(sorted({l1 for f in FRAMEWORKS.values() for l1 in f.levels}, key=len, reverse=True))
# 二级指标 names that head items followed by a comma (`可持续影响指标,持续发展`): the frameworks', and the
# same with 目标 for 指标 as notices write them (`社会效益目标`, REAL 同心 2023).
_LEVEL2 = {l2 for f in FRAMEWORKS.values() for l2s in f.levels.values() for l2 in l2s}
LEVEL2_NAMES = frozenset(_LEVEL2 | {n.removesuffix("指标") + "目标" for n in _LEVEL2})
# Words of an indicator table's header: text holding one has a goal table, and is no prose notice.
TABLE_MARKS = ("一级指标", "三级指标")
# Operators as notices write them (the operators of core/targets). Words count only before a number.
SYMBOL_OPERATORS = (">=", "<=", "≥", "≤", "≧", "≦", "⩾", "⩽", "＞＝", "＜＝", "==", "=", "＝", ">", "<", "＞", "＜")
WORD_OPERATORS = ("大于等于", "小于等于", "不低于", "不少于", "不高于", "不超过", "不多于", "不大于", "不小于",
                  "大于", "小于", "等于")
# The template's placeholder left inside a bracket, as in `(≥**株)`: the target follows the bracket.
RESIDUE = ("**", "＊＊")
OPENERS, CLOSERS = "(（[【《", ")）]】》"
CLAUSE_ENDS = ";；。"
ITEM_SEPARATORS = ",，"

# The prose's facts, tried in order (REAL 同心 2023 `实施…项目,`, 2022 `用于…项目,`; the title as a last resort).
NAME_PATTERNS = (
    re.compile(r"(?:实施|用于|建设)([^,，。;；:：《》]{2,60}?项目)(?=[,，。;；])"),
    re.compile(r"关于(?:解决|下达)?([^,，。;；:：|]{2,60}?项目)(?:资金)?绩效目标"),
)
MONEY = re.compile(r"(?:资金总额|总投资|安排资金|投入资金|补助资金|项目资金)[为:：]?\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)")
# Goal labels, the year's first: the first label found in this order gives the goals.
GOAL_LABELS = ("年度绩效目标", "年度目标", "总体绩效目标", "总体目标", "绩效目标")
GOAL = re.compile(rf"(?:项目)?({'|'.join(GOAL_LABELS)})[:：]\s*([^。]*。?)")
# Numbered goals written in one sentence (`1.… ;2.…`): each is put on its own line.
GOAL_NUMBER = re.compile(r"(?<=[:：;；。,，\s])\s*(?=\d{1,2}[.、．]\D)")
PUBLISHER = re.compile(r"(?:发布机构|发文机关)\s*[:：|]\s*([^|:：\s]+)")
DATE = re.compile(r"^\s*20\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
HEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十]+[)）])\s*")
LABEL = re.compile(r"\s*([^\s,，:：;；。()（）]{0,12}?(?:指标|目标))\s*[:：]")

# The synthetic table's labels, as `assemble` reads a goal table.
NAME_LABEL = "项目名称"
UNIT_LABEL = "单位名称"
TOTAL_LABEL = "年度资金总额"
GOALS_LABEL = "绩效目标"
HEADER = ("一级指标", "二级指标", "三级指标", "指标值")


@dataclass
class Item:
    level1: str
    level2: str
    name: str
    target: str
    line: int


# ---------------------------------------------------------------- the layout

def looks_like(lines: list[str]) -> bool:
    """A 一级指标 heading, then a line opening with a level label; no indicator table anywhere."""
    text = "\n".join(lines)
    if any(mark in text for mark in TABLE_MARKS) or not any(n in text for n in LEVEL1_NAMES):
        return False
    found = after_heading = False
    for line in lines:
        if (h := heading(line)) is not None:
            after_heading = True
            found |= bool(LABEL.match(h[1]))
        elif after_heading and not found:
            found = bool(LABEL.match(line))
    return found


def blocks(text: str) -> list[Block]:
    """Paragraphs before the headings, the synthetic goal table, paragraphs after."""
    lines = list(enumerate(text.split("\n"), 1))
    start = next((k for k, (_, line) in enumerate(lines) if heading(line) is not None), None)
    if start is None:  # only when called on a text `looks_like` refuses
        return _paragraphs(lines)
    end = start + 1
    while end < len(lines) and (not lines[end][1].strip() or _in_part(lines[end][1])):
        end += 1
    before, part, after = lines[:start], lines[start:end], lines[end:]
    last = max((n for n, line in lines if line.strip()), default=0)
    table = Table(place=line_place(part[0][0]))
    table.rows += _project_rows(before, after)
    table.rows.append([Cell(h, table.place) for h in HEADER])
    table.rows += [[Cell(t, line_place(i.line)) for t in (i.level1, i.level2, i.name, i.target)]
                   for i in items(part, last)]
    return [*_paragraphs(before), table, *_paragraphs(after)]


def _paragraphs(lines: list[tuple[int, str]]) -> list[Block]:
    return [Paragraph(line.strip(), line_place(n)) for n, line in lines if line.strip()]


def heading(line: str) -> tuple[str, str] | None:
    """(level1, the rest of the line) of a numbered heading naming a 一级指标."""
    m = HEADING_NUMBER.match(line)
    if m is None:
        return None
    rest = line[m.end():]
    name = next((n for n in LEVEL1_NAMES if rest.startswith(n)), None)
    return None if name is None else (name, rest[len(name):].lstrip(" :：,，"))


def _in_part(line: str) -> bool:
    """A line of the indicators: a heading, a level label first, or an item with a target."""
    return heading(line) is not None or bool(LABEL.match(line)) or target_start(line) is not None


# ---------------------------------------------------------------- the indicators

def items(lines: list[tuple[int, str]], last_line: int) -> list[Item]:
    """The indicators of the headed lines; `last_line` is the text's last non-blank line."""
    out: list[Item] = []
    levels = ["", ""]
    for n, line in lines:
        if (h := heading(line)) is not None:
            levels = [h[0], ""]
            line = h[1]
        for clause, stop in split(line, CLAUSE_ENDS):
            _clause(clause, levels, n, out, keep_last=bool(stop) or n != last_line)
    return out


def _clause(clause: str, levels: list[str], n: int, out: list[Item], keep_last: bool) -> None:
    pending = ""  # an item's name so far: pieces before a comma that had no target

    def flush() -> None:
        nonlocal pending
        if pending.strip():
            out.append(Item(levels[0], levels[1], pending.strip().rstrip(ITEM_SEPARATORS).strip(), "", n))
        pending = ""

    for piece, comma in split(clause, ITEM_SEPARATORS):
        labels, piece = take_labels(piece)
        for lab in labels:
            if lab != levels[0]:
                flush()
                levels[1] = lab
        if not piece.strip():
            continue
        name, target = split_target(piece)
        if not target:
            pending += piece + comma
            continue
        out.append(Item(levels[0], levels[1], (pending + name).strip(), target, n))
        pending = ""
    if keep_last:
        flush()


def take_labels(piece: str) -> tuple[list[str], str]:
    """The level labels an item starts with, and the rest.

    >>> take_labels("效益指标:经济效益指标:脱贫地区特色产业产值")
    (['效益指标', '经济效益指标'], '脱贫地区特色产业产值')
    >>> take_labels("可持续影响指标")
    (['可持续影响指标'], '')
    """
    labels = []
    while m := LABEL.match(piece):
        labels.append(m[1])
        piece = piece[m.end():]
    if piece.strip() in LEVEL2_NAMES:
        labels.append(piece.strip())
        piece = ""
    return labels, piece


def split(text: str, stops: str) -> list[tuple[str, str]]:
    """Pieces of `text` between `stops` outside brackets, each with the stop after it ("" last).

    >>> split("a(b,c),d", ",")
    [('a(b,c)', ','), ('d', '')]
    """
    out, depth, begin = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS and depth:
            depth -= 1
        elif ch in stops and not depth:
            out.append((text[begin:i], ch))
            begin = i + 1
    out.append((text[begin:], ""))
    return [(p, s) for p, s in out if p.strip() or s]


def split_target(piece: str) -> tuple[str, str]:
    """(name, target) of an item as written; target "" when it has none."""
    k = target_start(piece)
    return (piece.strip(), "") if k is None else (piece[:k].strip(), piece[k:].strip())


def target_start(text: str) -> int | None:
    """Where the target starts: the first operator outside brackets, or after a residue bracket."""
    depth, opened = 0, 0
    for i, ch in enumerate(text):
        if ch in OPENERS:
            depth, opened = depth + 1, (i if depth == 0 else opened)
        elif ch in CLOSERS and depth:
            depth -= 1
            if not depth and any(r in text[opened:i] for r in RESIDUE) and text[i + 1:].strip():
                return i + 1
        elif not depth and _operator_at(text, i):
            return i
    return None


def _operator_at(text: str, i: int) -> bool:
    if any(text.startswith(op, i) for op in SYMBOL_OPERATORS):
        return True
    word = next((w for w in WORD_OPERATORS if text.startswith(w, i)), None)
    return word is not None and text[i + len(word):].lstrip()[:1].isdigit()


# ---------------------------------------------------------------- the project's labelled rows

def _project_rows(before: list[tuple[int, str]], after: list[tuple[int, str]]) -> list[list[Cell]]:
    """项目名称 always (it makes the table a project's); the unit, money and goals where found."""
    name, place = _first(before, NAME_PATTERNS) or ("", "")
    rows = [[Cell(NAME_LABEL, place), Cell(name, place)]]
    if unit := _signature(after) or _first(before + after, (PUBLISHER,)):
        rows.append([Cell(UNIT_LABEL, unit[1]), Cell(unit[0], unit[1])])
    if money := _money(before):
        rows.append(money)
    if goals := _goals(before):
        rows.append(goals)
    return rows


def _first(lines: list[tuple[int, str]], patterns) -> tuple[str, str] | None:
    """The first group of the first pattern found, and its line's place."""
    for pattern in patterns:
        for n, line in lines:
            if m := pattern.search(line):
                return m[1].strip(), line_place(n)
    return None


def _signature(after: list[tuple[int, str]]) -> tuple[str, str] | None:
    """The line above the notice's date: who published it."""
    texts = [(n, line.strip()) for n, line in after if line.strip()]
    for (n, line), (_, following) in zip(texts, texts[1:]):
        if DATE.match(following) and len(line) <= 40 and not any(c in line for c in ":：,，。;；|"):
            return line, line_place(n)
    return None


def _money(lines: list[tuple[int, str]]) -> list[Cell] | None:
    """年度资金总额 with the unit as written in its label (`年度资金总额(万元)` | `50`)."""
    for n, line in lines:
        if m := MONEY.search(line):
            return [Cell(f"{TOTAL_LABEL}({m[2]})", line_place(n)), Cell(m[1], line_place(n))]
    return None


def _goals(lines: list[tuple[int, str]]) -> list[Cell] | None:
    found: dict[str, tuple[str, int]] = {}
    for n, line in lines:
        for m in GOAL.finditer(line):
            if m[2].strip():
                found.setdefault(m[1], (m[2].strip(), n))
    label = next((lab for lab in GOAL_LABELS if lab in found), None)
    if label is None:
        return None
    text, n = found[label]
    return [Cell(GOALS_LABEL, line_place(n)), Cell(GOAL_NUMBER.sub("\n", text).strip(), line_place(n))]
