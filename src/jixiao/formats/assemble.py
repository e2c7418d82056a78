"""Recognise a goal document in paragraphs and tables, whatever file they came from.

The unit-wide part (部门整体绩效目标) is read from the paragraphs before the first
table; each table holds one or more 项目支出绩效目标表, found by their labels
(项目编码, 预算数, 资金支出计划, 绩效目标, 一级指标 …, all in `labels`) rather than by
position, so that Word, Excel, one-system exports and pasted text all read alike.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from ..core.checks import check_document
from ..core.document import (
    Budget,
    DepartmentGoals,
    GoalDocument,
    Indicator,
    Measure,
    Project,
    SubGoal,
    Unit,
    project_key,
)
from ..core.frameworks import canonical_levels, detect_framework
from ..core.money import parse_amount, parse_money
from ..core.problems import Problem
from ..core.spending_plan import MONTHS, SpendingPlan
from ..core.targets import parse_target
from . import errors as e
from .blocks import Block, Cell, Paragraph, Table, clean
from .labels import (
    ANY_YEAR,
    CODE,
    COLUMNS,
    DEPARTMENT_SECTIONS,
    FISCAL,
    GOAL_ITEM,
    GOAL_NUMBER,
    GOAL_NUMBER_AFTER,
    GOALS,
    HEADING,
    INLINE_GOAL_NUMBER,
    LABELS,
    LEVEL_NAMES,
    LEVEL_SCORE,
    LEVELS,
    LONG_GOALS,
    MIDTERM_GOALS,
    MONEY_UNIT,
    NAME,
    OTHER,
    PART,
    PLAN_MONTH,
    PURPOSE,
    SECOND_HEADER_ROW,
    SIGNATURE_WORDS,
    SUB_GOAL,
    SUB_GOAL_FIELDS,
    TITLE_YEAR,
    TOTAL,
    UNIT_LINE,
    UNIT_NAMES,
    UNIT_VALUE,
    UNIT_WIDE_TITLE,
    label,
)
from .templates import (
    TEMPLATES,
    UNIT_CODE_LABELS,
    UNIT_LABELS,
    UNIT_WIDE_GOAL,
    UNIT_WIDE_INDICATORS,
    UNIT_WIDE_PROJECTS,
    UNIT_WIDE_SUB_GOAL,
    UNIT_WIDE_SUB_GOAL_INDICATORS,
    UNIT_WIDE_TASK,
    Template,
    match,
)


def assemble(blocks: list[Block], source: str = "") -> tuple[GoalDocument, list[Problem]]:
    problems: list[Problem] = []
    first_table = next((i for i, b in enumerate(blocks) if isinstance(b, Table)), len(blocks))
    department = read_department([b for b in blocks[:first_table] if isinstance(b, Paragraph)])
    tables = {id(b): _rows(b) for b in blocks if isinstance(b, Table)}
    texts = _texts(blocks, tables)
    seen: set[str] = set()  # every cell's label, to tell the form
    for rows in tables.values():
        for row in rows:
            seen.update(row.labels)
    template = match(seen)
    unit_wide_table = UNIT_WIDE_TASK in seen
    projects: list[Project] = []
    units: list[tuple[str, str]] = []
    money_unit = "万元"
    last_goal_table = -1
    for at, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            money_unit = _money_unit(block.text, money_unit)
            continue
        for section in _sections(tables[id(block)]):
            for row in section:
                for text in row.texts:
                    money_unit = _money_unit(text, money_unit)
            if unit_wide_table and (unit_wide := read_unit_wide(section, money_unit)) is not None:
                department = with_table(department, unit_wide)
            elif _is_goal_table(section):
                read, found, unit_cells = read_projects(section, money_unit, template)
                last_goal_table = at
                projects += read
                problems += found
                units += unit_cells
    problems += _titles_without_table(blocks[last_goal_table + 1:])
    if department is not None:
        _project_keys(department, projects)
    if department is None and not projects:
        lost = any(UNIT_WIDE_TITLE_WORDS in t for t, _ in texts)  # a unit-wide document whose page lost its tables
        department = DepartmentGoals() if lost else None
    unit, unit_place = _unit(blocks, texts, units)
    if unit is None:
        problems.append(Problem(e.MISSING_UNIT, e.MISSING_UNIT_MESSAGE, source))
        unit = Unit("", "")
    elif not unit.code and "unit_code" in template.has:
        problems.append(Problem(e.MISSING_UNIT_CODE, e.MISSING_UNIT_CODE_MESSAGE, unit_place))
    year = _year(texts, projects)
    if year is None:
        problems.append(Problem(e.MISSING_YEAR, e.MISSING_YEAR_MESSAGE, source))
    doc = GoalDocument(unit, year or 0, projects, department, detect_framework(_level1s(projects)), template.name,
                       template.has | ({"basis"} if any("basis" in p.places for p in projects) else set()))
    doc.places.update(document=source, unit=unit_place)
    return doc, problems + check_document(doc)


# A project's numbered title (1.职工困难帮扶防贫资金绩效目标表) announces its table.
_PROJECT_TITLE = re.compile(r"^\d{1,3}\s*[.．、]\s*\S.{0,80}绩效目标(?:申报)?表$")


def _titles_without_table(blocks: list[Block]) -> list[Problem]:
    """A project's title after the last goal table: the file stops where that project's table should be."""
    return [Problem(e.TABLE_CUT_OFF, e.TABLE_CUT_OFF_MESSAGE.format(title=text), b.place) for b in blocks
            if isinstance(b, Paragraph) and _PROJECT_TITLE.match(text := clean(b.text))]


# Longer texts are sentences, not labels: they do not tell the template.
LABEL_LENGTH = 24


def _texts(blocks, tables) -> list[tuple[str, str]]:
    """Every paragraph's and cell's text, cleaned, with its place, in the document's order."""
    out = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append((clean(b.text), b.place))
        else:
            for row in tables[id(b)]:
                out += zip(row.texts, [c.place for c in row.cells])
    return out


def _level1s(projects: list[Project]) -> list[str]:
    return [i.level1 if i.level1 in LEVEL_NAMES else canonical_levels(i.level1, i.level2)[0]
            for p in projects for i in p.indicators]


def _unit(blocks, texts, unit_cells) -> tuple[Unit | None, str]:
    """A line that starts with a six-digit code and the name (the seed's `711001昌黎县总工会本级`),
    else the unit by its label (预算单位 before 实施单位 before 主管部门, templates.toml), else the
    unit column of a one-system export."""
    for text, place in texts:
        if m := UNIT_LINE.match(text):
            return Unit(m[1], m[2]), place
    named, code = _labelled_unit(blocks)
    if named is None:
        named = next(((parse_unit(t), place) for t, place in unit_cells if t), None)
    if named is None:
        named = next(((Unit("", m[1]), place) for t, place in texts if (m := UNIT_WIDE_TITLE.match(t))), None)
    if named is None:
        return None, ""
    unit, place = named
    return (Unit(code or unit.code, unit.name), place)


def _labelled_unit(blocks) -> tuple[tuple[Unit, str] | None, str]:
    found: dict[int, tuple[Unit, str]] = {}
    code = ""
    for lab, text, place in _pairs(blocks):
        if lab in UNIT_CODE_LABELS:
            code = code or re.sub(r"\s", "", text)
        for tier, names in enumerate(UNIT_LABELS):
            if lab in names and tier not in found:
                found[tier] = (parse_unit(text), place)
    return (found[min(found)] if found else None), code


def parse_unit(text: str) -> Unit:
    """`820001-井研县马踏镇人民政府`, `[015001]…`, `(433001)乌海市…`, or a name alone."""
    text = clean(text)
    if m := UNIT_VALUE.match(text):
        return Unit(m[1], m[2].strip())
    return Unit("", text)


def _pairs(blocks):
    """(label, value, place) of every labelled value: a label cell and the next filled cell of its
    row, a `label:value` cell or paragraph."""
    for b in blocks:
        if isinstance(b, Paragraph):
            if pair := _inline(clean(b.text)):
                yield (*pair, b.place)
            continue
        for row in b.rows:
            texts = [clean(c.text) for c in row]
            for j, text in enumerate(texts):
                if pair := _inline(text):
                    yield (*pair, row[j].place)
                    continue
                lab = label(text)
                if lab in LABELS:
                    k = next((k for k in range(j + 1, len(texts)) if texts[k]), None)
                    if k is not None and label(texts[k]) not in LABELS:
                        yield lab, texts[k], row[k].place


def _inline(text: str) -> tuple[str, str] | None:
    """`年度资金总额:50万`, `实施单位:…`: a known label and its value in one cell."""
    if ":" not in text and "：" not in text:
        return None
    head, colon, value = text.partition(":") if ":" in text else text.partition("：")
    if colon and value.strip() and len(head) <= LABEL_LENGTH and (lab := label(head)) in LABELS:
        return lab, value.strip()
    return None


def _money_unit(text: str, current: str) -> str:
    m = MONEY_UNIT.search(text) if "元" in text else None
    return (m[1] or m[2]) if m else current


def _year(texts, projects) -> int | None:
    for text, _ in texts:
        if len(text) <= 60 and "年" in text and (m := TITLE_YEAR.search(text)):
            return int(m[1])
    years = [2000 + int(p.code[6:8]) for p in projects if len(p.code) == 21 and p.code[6:8].isdigit()]
    if years:
        return max(years)  # a project keeps the code of the year it entered the library
    mentions = Counter(int(m[1]) for text, _ in texts for m in ANY_YEAR.finditer(text))
    return mentions.most_common(1)[0][0] if mentions else None


class Row(NamedTuple):
    """A table row: its cells, their texts cleaned, and those as labels (computed once)."""

    cells: list[Cell]
    texts: list[str]
    labels: list[str]


def _rows(table: Table) -> list[Row]:
    out = []
    for cells in table.rows:
        texts = [clean(c.text) for c in cells]
        out.append(Row(cells, texts, [label(t) for t in texts]))
    return out


def _is_goal_table(rows: list[Row]) -> bool:
    """A table with a 项目编码, an indicator header, or a 项目名称 with its value beside it (not an
    allocation table listing projects under a 项目名称 column)."""
    for row in rows:
        labels = row.labels
        if not CODE.isdisjoint(labels) or not LEVEL1_LABELS.isdisjoint(labels):
            return True
        for j, lab in enumerate(labels):
            if lab in NAME and next((l not in LABELS for l in labels[j + 1:] if l), False):
                return True
            if lab not in LABELS and (pair := _inline(row.texts[j])) and pair[0] in NAME:
                return True
    return False


def _sections(rows: list[Row]):
    """Split a table at each 项目编码 row after the first: one section per project."""
    section: list[Row] = []
    seen_code = False
    for row in rows:
        has_code = not CODE.isdisjoint(row.labels)
        if has_code and seen_code:
            yield section
            section = []
        seen_code |= has_code
        section.append(row)
    yield section


# ---------------------------------------------------------------- unit-wide part

def read_unit_wide(rows: list[Row], money_unit: str = "万元") -> DepartmentGoals | None:
    """A 部门整体支出绩效目标表: its 年度总体目标; the rows of its 年度履职目标 table as the 分项 goals (named by
    their 分项目标 column where it has one, else by their tasks), with the projects named in their 支出项目名称;
    its 年度绩效指标 table as the unit's own indicators, and each table under a 分项目标：… row as that
    分项目标's. None for other tables."""
    i = next((i for i, row in enumerate(rows) if UNIT_WIDE_TASK in row.labels), None)
    if i is None:
        return None
    labels = rows[i].labels
    task = labels.index(UNIT_WIDE_TASK)
    name = labels.index(UNIT_WIDE_SUB_GOAL) if UNIT_WIDE_SUB_GOAL in labels else None
    listed = next((k for k, lab in enumerate(labels) if lab in UNIT_WIDE_PROJECTS), None)
    dept = DepartmentGoals()
    for row in rows[i + 1:]:
        get = lambda k: row.texts[k] if k is not None and k < len(row.texts) else ""  # noqa: B023
        text = get(task if name is None else name)
        if not text or label(text) in COLUMNS or label(text) in UNIT_WIDE_INDICATORS or _sub_goal_heading(row):
            break
        dept.sub_goals.append(SubGoal(text, "" if name is None else get(task), projects=_project_names(get(listed))))
    for row in rows:
        for k, lab in enumerate(row.labels):
            if lab in UNIT_WIDE_GOAL and (value := next((t for t in row.texts[k + 1:] if t), "")):
                dept.overall_goal = dept.overall_goal or value
    header = next((h for h in range(i + 1, len(rows)) if _indicator_header(rows[h].labels)), None)
    if header is not None:  # the indicator rows, read as a project's are
        groups: list[tuple[str | None, list[Row]]] = [(None, [])]
        for row in rows[header:]:
            if (heading := _sub_goal_heading(row)) is not None:
                groups.append((heading, []))
            else:
                groups[-1][1].append(row)
        for heading, group in groups:
            indicators = _unit_indicators(group, money_unit)
            if heading is None:
                dept.indicators = indicators
                continue
            sub = next((s for s in dept.sub_goals if s.name == heading and not s.indicators), None)
            if sub is None:
                sub = SubGoal(heading)
                dept.sub_goals.append(sub)
            sub.indicators = indicators
    return dept


def _unit_indicators(rows: list[Row], money_unit: str) -> list[Indicator]:
    reader = _ProjectReader(money_unit, TEMPLATES[0])
    for h, row in enumerate(rows):
        reader.row(h, row, rows[h + 1] if h + 1 < len(rows) else None)
    return reader.indicators


def _sub_goal_heading(row: Row) -> str | None:
    """The 分项目标 a row of one text `分项目标：帮扶工作` heads the indicators of."""
    found = [t for t in row.texts if t]
    if len(found) != 1:
        return None
    head, _, name = found[0].replace("：", ":", 1).partition(":")
    if label(head) != UNIT_WIDE_SUB_GOAL_INDICATORS:
        return None
    return name.strip() or None


_PROJECT_SEPARATOR = re.compile(r"[；;\n]+")


def _project_names(text: str) -> list[str]:
    """The projects a 支出项目名称 cell names, one a line or parted by ；."""
    return [name.strip() for name in _PROJECT_SEPARATOR.split(text) if name.strip()]


def with_table(text: DepartmentGoals | None, table: DepartmentGoals) -> DepartmentGoals:
    """The unit-wide part written as paragraphs completed by its 部门整体支出绩效目标表: what the text leaves
    empty (the unit's indicators, each 分项目标's indicators and projects, matched by name) from the table."""
    if text is None:
        return table
    text.overall_goal = text.overall_goal or table.overall_goal
    text.indicators = text.indicators or table.indicators
    free = list(text.sub_goals)
    for sub in table.sub_goals:
        same = next((s for s in free if s.name == sub.name), None)
        if same is None:
            text.sub_goals.append(sub)
            continue
        free.remove(same)
        same.goal = same.goal or sub.goal
        same.projects = same.projects or sub.projects
        same.indicators = same.indicators or sub.indicators
    return text


def _project_keys(dept: DepartmentGoals, projects: list[Project]) -> None:
    """The projects a 分项目标 names, by their keys (项目编码) where the document holds them."""
    keys: dict[str, str] = {}
    for p in projects:
        keys.setdefault(p.name, project_key(p))
    for sub in dept.sub_goals:
        sub.projects = [keys.get(name, name) for name in sub.projects]


def read_department(paragraphs: list[Paragraph]) -> DepartmentGoals | None:
    dept, found, section, sub, field = DepartmentGoals(), False, None, None, None
    for p in paragraphs:
        text = clean(p.text)
        if not text:
            continue
        if PART.match(text) or text.endswith(TABLE_TITLE_END):  # a part, or a table's title, ends a section
            section = None
        elif m := HEADING.match(text):
            section = next((s for s, words in DEPARTMENT_SECTIONS.items() if any(w in m[1] for w in words)), None)
            found |= section is not None
        elif section == "overall":
            dept.overall_goal = _join(dept.overall_goal, text)
        elif section == "sub":
            if m := SUB_GOAL.match(text):
                sub, field = SubGoal(m[2].strip()), None
                dept.sub_goals.append(sub)
            elif text.rstrip(":：") in SUB_GOAL_FIELDS:
                field = SUB_GOAL_FIELDS[text.rstrip(":：")]
            elif sub is not None and field:
                setattr(sub, field, _join(getattr(sub, field), text))
        elif section == "measures":
            name, _, rest = text.partition("。")
            dept.measures.append(Measure(name, rest.strip()))
    return dept if found else None


def _join(before: str, text: str) -> str:
    return f"{before}\n{text}" if before else text


# ---------------------------------------------------------------- one goal table

# Header labels of a one-system export whose columns carry the project on its first row.
PROJECT_COLUMNS = (("project", NAME), ("project_total", TOTAL), ("project_goals", GOALS), ("project_unit", UNIT_NAMES))
# Operators of a 指标性质/指标方向 column; a direction column holds 正向/反向 instead.
DIRECTIONS = {"正向", "反向", "正向指标", "反向指标"}
HEADER_LABELS = frozenset(COLUMNS)
UNIT_WIDE_TITLE_WORDS = "整体支出绩效目标"
TABLE_TITLE_END = "绩效目标表"  # 2021年部门整体支出绩效目标表, 1.职工困难帮扶防贫资金绩效目标表  # 部门整体支出绩效目标表, …办公室整体支出绩效目标
LEVEL1_LABELS = frozenset(l for l, role in COLUMNS.items() if role == "level1")
LONG_TERM = {"level2": "long_level2", "name": "long_name", "target": "long_target"}


def _indicator_header(labels: list[str]) -> bool:
    """The header row of an indicator table (一级指标 | 二级指标 | 三级指标 | …)."""
    return not HEADER_LABELS.isdisjoint(labels) and (not LEVEL1_LABELS.isdisjoint(labels) or _is_flat_header(labels))


def read_projects(rows: list[Row], money_unit: str, template: Template = TEMPLATES[0]):
    """The projects of one goal table (several when a one-system export lists them in one table),
    the problems found, and the texts of an export's unit column with their places."""
    reader = _ProjectReader(money_unit, template)
    for i, row in enumerate(rows):
        reader.row(i, row, rows[i + 1] if i + 1 < len(rows) else None)
    reader.close()
    return reader.projects, reader.problems, reader.unit_cells


def read_project(rows: list[list[Cell]], money_unit: str) -> tuple[Project, list[Problem]]:
    projects, problems, _ = read_projects(_rows(Table(rows)), money_unit)
    return projects[0], problems


class _ProjectReader:
    def __init__(self, money_unit: str, template: Template):
        self.money_unit = money_unit
        self.template = template
        self.projects: list[Project] = []
        self.problems: list[Problem] = []
        self.unit_cells: list[tuple[str, str]] = []
        self.columns: dict[str, int] | None = None
        self.skip_next = False
        self.below: dict[int, str] = {}  # labels heading the row below (总体目标 | 年度目标)
        self.below_width = 0
        self._start()

    def _start(self) -> None:
        self.fields: dict[str, str] = {}
        self.places: dict[str, str] = {}
        self.money: dict[str, Decimal] = {}
        self.plan: dict[int, Decimal | None] = {}
        self.plan_columns: dict[int, int] | None = None
        self.last = dict.fromkeys(LEVELS, "")
        self.indicators: list[Indicator] = []
        self.long_term: list[Indicator] = []

    def row(self, i: int, line: Row, following: Row | None) -> None:
        row, texts, labels = line
        if _signatures(texts):
            return
        if self.columns is not None:
            if not self._repeated_header(labels, self.columns):
                self.indicator(row, texts, self.columns)
        elif _indicator_header(labels):
            self.header(row, labels, following)
        elif self.plan_columns is not None and not self.plan:
            self.plan_values(row, texts, self.plan_columns)
        elif any(PLAN_MONTH.match(l) for l in labels):
            self.plan_columns = {int(m[1]): j for j, l in enumerate(labels) if (m := PLAN_MONTH.match(l))}
            self.places["spending_plan"] = row[0].place
        else:
            self.labelled(row, texts, labels)

    @staticmethod
    def _repeated_header(labels: list[str], columns: dict[str, int]) -> bool:
        """The indicator header row again, as printed at the top of each page of a long table: no indicator."""
        level1, name = columns.get("level1"), columns.get("name")
        if level1 is None or name is None or max(level1, name) >= len(labels):
            return False
        return labels[level1] in LEVEL1_LABELS and COLUMNS.get(labels[name]) == "name"

    def labelled(self, row, texts, labels) -> None:
        taken = self._below(row, texts, labels) if self.below else set()
        used = bool(taken)
        for j, lab in enumerate(labels):
            if lab not in LABELS and ":" in lab and (pair := _inline(texts[j])) is not None:
                used = True
                self.value(pair[0], pair[1], row[j].place)
                continue
            if lab not in VALUED:
                continue
            k = next((k for k in range(j + 1, len(texts)) if texts[k]), None)
            if k in taken:
                continue
            if k is None or labels[k] in LABELS:
                if lab in GOAL_LABELS:
                    self.below[j] = lab
                    self.below_width = len(texts)
                continue
            used = True
            self.value(lab, row[k].text.strip(), row[k].place)
        # An unlabelled line of prose among the money rows is the 资金用途 (seed, Word).
        if not used and "purpose" not in self.fields and "total" in self.money:
            prose = [t for t in texts if t and label(t) not in LABELS]
            if len(prose) == 1:
                self.fields["purpose"] = prose[0]

    def _below(self, row, texts, labels) -> set[int]:
        """Goals written under their labels (总体目标 | 年度目标, the text in the row below): the
        columns of the cells taken. A shorter row lost a label spanning both rows at its start
        (东莞), a row starting with a label has it there (阳泉): the labels sit over the cells
        after it. A row of one text where the columns were lost is the year's goal."""
        below, self.below = self.below, {}
        found = [j for j, t in enumerate(texts) if t and labels[j] not in LABELS]
        if not below or not found:
            return set()
        width = max(j for j, t in enumerate(texts) if t) + 1
        lead = next(j for j, t in enumerate(texts) if t)
        shift = (1 if labels[lead] in LABELS else 0) - max(self.below_width - width, 0)
        under = {j + shift: lab for j, lab in below.items() if j + shift in found}
        if not under and len(found) == 1:
            under = {found[0]: min(below.values(), key=lambda lab: lab not in GOALS)}
        for j, lab in under.items():
            self.value(lab, texts[j], row[j].place)
        return set(under)

    def value(self, lab: str, text: str, place: str) -> None:
        key = next((k for k, names in FIELDS if lab in names), None)
        if key is None:
            return
        self.places.setdefault(key, place)
        if key in ("total", "fiscal", "other"):
            if key in self.money:
                return
            try:
                self.money[key] = parse_money(text, self.money_unit)
            except ValueError:
                self.problems.append(Problem(e.BAD_AMOUNT, e.BAD_AMOUNT_PROBLEM_MESSAGE.format(
                    label=lab.removeprefix("其中:"), text=text), place))
            if key == "total":
                self.places["budget"] = place
        elif key not in self.fields:
            self.fields[key] = clean(text) if key not in ("goals", "long_goals", "midterm_goals") else text

    def plan_values(self, row, texts, columns: dict[int, int]) -> None:
        for month, j in columns.items():
            text = texts[j] if j < len(texts) else ""
            if not text:
                self.plan[month] = None
                continue
            try:
                self.plan[month] = parse_amount(text)
            except ValueError:
                self.plan[month] = None
                self.problems.append(Problem(e.BAD_PLAN, e.BAD_PLAN_MESSAGE.format(month=month, text=text), row[j].place))
        if not self.plan:
            self.plan = {m: None for m in MONTHS}

    def header(self, row, labels, following) -> None:
        self.columns = _roles(labels)
        self.places["indicators"] = row[0].place
        if "basis" in self.columns:
            self.places["basis"] = row[self.columns["basis"]].place
        sub = following.labels if following else []
        if SECOND_HEADER_ROW & set(sub):  # a two-row header, as one-system exports have
            self.columns.update(_roles(sub))
            self.skip_next = True
        elif sub and not any(sub[j] for role, j in self.columns.items() if role in ("level1", "level2", "name") and j < len(sub)):
            self.skip_next = True  # the regions or villages under 区域目标值, one target column each

    def indicator(self, row, texts, columns: dict[str, int]) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        get = lambda key: texts[columns[key]] if key in columns and columns[key] < len(texts) else ""
        place = lambda key: row[columns[key]].place if key in columns and columns[key] < len(row) else ""
        if "project" in columns and get("project"):
            self._project_row(get, place)
        for level in LEVELS:
            if get(level):
                self.last[level] = level_name(get(level))
        if "long_name" in columns and (get("long_name") or get("long_target")):
            self.long_term.append(self._indicator(get("long_level2") or self.last["level2"], get("long_name"),
                                                  _raw_target("", get("long_target"), ""), get, place))
        name, value = get("name"), get("target")
        if not name and not value:
            return
        op, direction = get("op"), get("direction")
        if op and label(op) in DIRECTIONS:  # 指标性质 holds 正向/反向 and 指标方向 the operator (乌海)
            op, direction = direction, op
        self.indicators.append(self._indicator(self.last["level2"], name, _raw_target(op, value, get("unit")), get, place))

    def _indicator(self, level2: str, name: str, raw: str, get, place) -> Indicator:
        indicator = Indicator(self.last["level1"], level2, name, get("description"),
                              parse_target(raw, level2 if level2 in LEVEL_NAMES else canonical_levels(self.last["level1"], level2)[1]),
                              get("basis"), self._weight(get("weight"), place("weight")))
        indicator.places.update({k: place(k) for k in ("level1", "level2", "name", "target")})
        return indicator

    def _project_row(self, get, place) -> None:
        """A one-system export's first row of a project: its name, 预算数 and 年度目标 in their columns."""
        if self.fields.get("name") and get("project") != self.fields["name"]:
            self._finish()
            self._start()
        if self.fields.get("name"):
            return
        self.value(next(iter(NAME)), get("project"), place("project"))
        if get("project_total"):
            self.value(next(iter(TOTAL)), get("project_total"), place("project_total"))
        if get("project_goals"):
            self.value(next(iter(GOALS)), get("project_goals"), place("project_goals"))
        if get("project_unit"):
            self.unit_cells.append((get("project_unit"), place("project_unit")))

    def _weight(self, text: str, place: str) -> Decimal | None:
        if not text:
            return None
        try:
            return parse_amount(text)
        except ValueError:
            self.problems.append(Problem(e.BAD_WEIGHT, e.BAD_WEIGHT_MESSAGE.format(text=text), place))
            return None

    def close(self) -> None:
        if self.fields or self.indicators or self.money or not self.projects:
            self._finish()

    def _finish(self) -> None:
        has = self.template.has
        if "total" not in self.money and "fiscal" in self.money:  # a breakdown with no total figure
            self.money["total"] = self.money["fiscal"] + self.money.get("other", Decimal(0))
        for key, name in (("total", "预算数"), ("fiscal", "财政资金"), ("other", "其他资金")):
            if key in has and key not in self.money and not any(p.code == e.BAD_AMOUNT for p in self.problems):
                self.problems.append(Problem(e.MISSING_AMOUNT, e.MISSING_AMOUNT_MESSAGE.format(name=name), self.places.get("code", "")))
        if ("code" in has or "code21" in has) and "code" not in self.fields:
            self.problems.append(Problem(e.MISSING_PROJECT_CODE, e.MISSING_PROJECT_CODE_MESSAGE, self.places.get("name", "")))
        zero = Decimal(0)
        total = self.money.get("total", zero)
        fiscal = self.money.get("fiscal", total if "fiscal" not in has else zero)
        budget = Budget(total, fiscal, self.money.get("other", total - fiscal if "other" not in has else zero))
        project = Project(
            code=self.fields.get("code", ""), name=self.fields.get("name", ""), budget=budget,
            purpose=self.fields.get("purpose", ""), spending_plan=SpendingPlan(self.plan),
            goals=split_goals(self.fields.get("goals") or self.fields.get("long_goals", "")), indicators=self.indicators,
            long_term=self.long_term,
        )
        project.places.update(self.places)
        self.projects.append(project)


FIELDS = (("code", CODE), ("name", NAME), ("total", TOTAL), ("fiscal", FISCAL), ("other", OTHER),
          ("purpose", PURPOSE), ("goals", GOALS), ("long_goals", LONG_GOALS), ("midterm_goals", MIDTERM_GOALS))
GOAL_LABELS = GOALS | LONG_GOALS | MIDTERM_GOALS
# Labels with a value of their own (beside them or, for a row of labels, below them).
VALUED = frozenset().union(*(names for _, names in FIELDS))


def _roles(labels: list[str]) -> dict[str, int]:
    """Each column's role by its header label (the first of a repeated one, but a second group of
    二级 | 三级 | 指标值 is the year's, the first the long-term); an export's project columns before its 一级指标; with
    no 指标值 column, the first unlabelled column after the known ones (one per region, same values)."""
    roles: dict[str, int] = {}
    for j, l in enumerate(labels):
        if (role := COLUMNS.get(l)) is None:
            continue
        if role in roles and role in LONG_TERM:  # 二级 | 三级 | 指标值 twice: long-term, then the year's
            roles[LONG_TERM[role]] = roles[role]
            roles[role] = j
        roles.setdefault(role, j)
    if "name" not in roles and "level2" in roles:  # no 三级 column: the 二级 cells name the indicators (鄂州)
        roles["name"] = roles.pop("level2")
    first = min(roles.values(), default=0)
    if "target" not in roles and roles:  # one target column per village (安溪): the first is the target
        last = max(roles.values())
        if (k := next((k for k, l in enumerate(labels) if k > last and l), None)) is not None:
            roles["target"] = k
    for role, names in PROJECT_COLUMNS:
        if (k := next((k for k, l in enumerate(labels[:first]) if l in names), None)) is not None:
            roles[role] = k
    return roles


def _signatures(texts: list[str]) -> bool:
    """The 填表人 / 审核人 / 填报日期 line printed under a table: no row of it."""
    found = [clean(t) for t in texts if clean(t)]
    return bool(found) and all(t.startswith(SIGNATURE_WORDS) for t in found)


def _is_flat_header(labels: list[str]) -> bool:
    """Chongqing's 一般性项目 form: no 一级/二级, only 指标 | 指标权重 | 计量单位 | 指标性质 | 指标值."""
    roles = {COLUMNS.get(l) for l in labels}
    return {"name", "target"} <= roles and ("weight" in roles or "op" in roles)


def split_goals(text: str) -> list[str]:
    r"""Numbered goal sentences (1. 2. 3., on their own lines or in one line) as a list, numbers
    dropped; words before the first number (实现以下目标:) introduce them. Unnumbered text is one goal.

    >>> split_goals("实现以下目标: 目标1:聘用人员1人 目标2:在岗率100%")
    ['聘用人员1人', '在岗率100%']
    >>> split_goals("1.救助职工400人\n2.每人不低于500元")
    ['救助职工400人', '每人不低于500元']
    """
    text = text.strip()
    if not INLINE_GOAL_NUMBER.search(text):
        items = [_one_line_apart(m[1]) for m in GOAL_ITEM.finditer(text)]
        return items or ([text] if text else [])
    numbers: list[re.Match[str]] = []
    for m in GOAL_NUMBER.finditer(text):
        if int(m[1]) == len(numbers) + 1 and (m.start() == 0 or text[m.start() - 1] in GOAL_NUMBER_AFTER):
            numbers.append(m)
    ends = [m.start() for m in numbers[1:]] + [len(text)]
    items = [_one_line_apart(text[m.end():end]) for m, end in zip(numbers, ends)]
    return [i for i in items if i] or ([text] if text else [])


_LINE_BREAK = re.compile(r"\s*\n\s*")


def _one_line_apart(text: str) -> str:
    return (_LINE_BREAK.sub("\n", text) if "\n" in text else text).strip()


@lru_cache(maxsize=4096)
def level_name(text: str) -> str:
    """A level cell as its name: spaces and line breaks out, a score range `(0-20)分` dropped, and
    产出 → 产出指标 where the frameworks know the longer name."""
    text = LEVEL_SCORE.sub("", re.sub(r"\s+", "", text))
    return text + "指标" if text not in LEVEL_NAMES and text + "指标" in LEVEL_NAMES else text


def _raw_target(op: str, value: str, unit: str) -> str:
    """Separate 指标性质/指标值/度量单位 columns joined as written: ≥ 400 人 → ≥400人; a unit the
    value already ends with is not repeated (a number is: 乌海's Excel dates in both columns)."""
    op = "" if op in ("定性", "定量") else op
    if unit and value.endswith(unit) and not any(c.isdigit() for c in unit):
        unit = ""
    return f"{op}{value}{unit}"
