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

from ..core.checks import check_document
from ..core.document import Budget, DepartmentGoals, GoalDocument, Indicator, Measure, Project, SubGoal, Unit
from ..core.frameworks import detect_framework
from ..core.money import parse_amount, to_yuan
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
    GOALS,
    GROUPS,
    HEADING,
    LABELS,
    LEVEL_NAMES,
    LEVELS,
    MONEY_UNIT,
    NAME,
    OTHER,
    PART,
    PLAN_MONTH,
    PROJECT_MARKS,
    PURPOSE,
    SECOND_HEADER_ROW,
    SUB_GOAL,
    SUB_GOAL_FIELDS,
    TITLE_YEAR,
    TOTAL,
    UNIT_LINE,
    label,
)


def assemble(blocks: list[Block], source: str = "") -> tuple[GoalDocument, list[Problem]]:
    problems: list[Problem] = []
    first_table = next((i for i, b in enumerate(blocks) if isinstance(b, Table)), len(blocks))
    department = read_department([b for b in blocks[:first_table] if isinstance(b, Paragraph)])
    texts = list(_texts(blocks))
    unit, unit_place = _unit(texts)
    if unit is None:
        problems.append(Problem(e.MISSING_UNIT, e.MISSING_UNIT_MESSAGE, source))
        unit = Unit("", "")
    projects: list[Project] = []
    money_unit = "万元"
    for block in blocks:
        if isinstance(block, Paragraph):
            money_unit = _money_unit(block.text, money_unit)
            continue
        for section in _sections(block.rows):
            for row in section:
                for cell in row:
                    money_unit = _money_unit(cell.text, money_unit)
            if any(label(c.text) in PROJECT_MARKS for row in section for c in row):
                project, found = read_project(section, money_unit)
                projects.append(project)
                problems += found
    year = _year(texts, projects)
    if year is None:
        problems.append(Problem(e.MISSING_YEAR, e.MISSING_YEAR_MESSAGE, source))
    level1s = [i.level1 for p in projects for i in p.indicators]
    doc = GoalDocument(unit, year or 0, projects, department, detect_framework(level1s))
    doc.places.update(document=source, unit=unit_place)
    return doc, problems + check_document(doc)


def _texts(blocks):
    for b in blocks:
        if isinstance(b, Paragraph):
            yield clean(b.text), b.place
        else:
            for row in b.rows:
                for c in row:
                    yield clean(c.text), c.place


def _unit(texts) -> tuple[Unit | None, str]:
    for text, place in texts:
        if m := UNIT_LINE.match(text):
            return Unit(m[1], m[2]), place
    return None, ""


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


def _sections(rows: list[list[Cell]]):
    """Split a table at each 项目编码 row after the first: one section per project."""
    section: list[list[Cell]] = []
    seen_code = False
    for row in rows:
        has_code = any(label(c.text) in CODE for c in row)
        if has_code and seen_code:
            yield section
            section = []
        seen_code |= has_code
        section.append(row)
    yield section


# ---------------------------------------------------------------- unit-wide part

def read_department(paragraphs: list[Paragraph]) -> DepartmentGoals | None:
    dept, found, section, sub, field = DepartmentGoals(), False, None, None, None
    for p in paragraphs:
        text = clean(p.text)
        if not text:
            continue
        if PART.match(text):
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

def read_project(rows: list[list[Cell]], money_unit: str) -> tuple[Project, list[Problem]]:
    reader = _ProjectReader(money_unit)
    for i, row in enumerate(rows):
        reader.row(i, row, rows[i + 1] if i + 1 < len(rows) else None)
    return reader.finish()


class _ProjectReader:
    def __init__(self, money_unit: str):
        self.money_unit = money_unit
        self.fields: dict[str, str] = {}
        self.places: dict[str, str] = {}
        self.money: dict[str, Decimal] = {}
        self.plan: dict[int, Decimal | None] = {}
        self.plan_columns: dict[int, int] | None = None
        self.columns: dict[str, int] | None = None
        self.skip_next = False
        self.last = dict.fromkeys(LEVELS, "")
        self.indicators: list[Indicator] = []
        self.problems: list[Problem] = []

    def row(self, i: int, row: list[Cell], following: list[Cell] | None) -> None:
        texts = [clean(c.text) for c in row]
        labels = [label(t) for t in texts]
        if self.columns is not None:
            self.indicator(row, texts, self.columns)
        elif "一级指标" in labels:
            self.header(row, labels, following)
        elif self.plan_columns is not None and not self.plan:
            self.plan_values(row, texts, self.plan_columns)
        elif any(PLAN_MONTH.match(l) for l in labels):
            self.plan_columns = {int(m[1]): j for j, l in enumerate(labels) if (m := PLAN_MONTH.match(l))}
            self.places["spending_plan"] = row[0].place
        else:
            self.labelled(row, texts, labels)

    def labelled(self, row, texts, labels) -> None:
        used = False
        for j, lab in enumerate(labels):
            if lab not in LABELS or lab in GROUPS:
                continue
            k = next((k for k in range(j + 1, len(texts)) if texts[k]), None)
            if k is None or labels[k] in LABELS:
                continue
            used = True
            self.value(lab, row[k].text.strip(), row[k].place)
        # An unlabelled line of prose among the money rows is the 资金用途 (seed, Word).
        if not used and "purpose" not in self.fields and "total" in self.money:
            prose = [t for t in texts if t and label(t) not in LABELS]
            if len(prose) == 1:
                self.fields["purpose"] = prose[0]

    def value(self, lab: str, text: str, place: str) -> None:
        key = next(k for k, names in (("code", CODE), ("name", NAME), ("total", TOTAL), ("fiscal", FISCAL),
                                     ("other", OTHER), ("purpose", PURPOSE), ("goals", GOALS)) if lab in names)
        self.places.setdefault(key, place)
        if key in ("total", "fiscal", "other"):
            try:
                self.money[key] = to_yuan(parse_amount(text), self.money_unit)
            except ValueError:
                self.problems.append(Problem(e.BAD_AMOUNT, e.BAD_AMOUNT_PROBLEM_MESSAGE.format(
                    label=lab.removeprefix("其中:"), text=text), place))
            if key == "total":
                self.places["budget"] = place
        else:
            self.fields[key] = clean(text) if key != "goals" else text

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
        self.columns = {COLUMNS[l]: j for j, l in enumerate(labels) if l in COLUMNS}
        self.places["indicators"] = row[0].place
        sub = [label(c.text) for c in following or []]
        if SECOND_HEADER_ROW & set(sub):  # a two-row header, as one-system exports have
            self.columns.update({COLUMNS[l]: j for j, l in enumerate(sub) if l in COLUMNS})
            self.skip_next = True

    def indicator(self, row, texts, columns: dict[str, int]) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        get = lambda key: texts[columns[key]] if key in columns and columns[key] < len(texts) else ""
        place = lambda key: row[columns[key]].place if key in columns and columns[key] < len(row) else ""
        for level in LEVELS:
            if get(level):
                self.last[level] = _level_name(get(level))
        name, value = get("name"), get("target")
        if not name and not value:
            return
        raw = _raw_target(get("op"), value, get("unit"))
        indicator = Indicator(self.last["level1"], self.last["level2"], name, get("description"),
                              parse_target(raw, self.last["level2"]), get("basis"), self._weight(get("weight"), place("weight")))
        indicator.places.update({k: place(k) for k in ("level1", "level2", "name", "target")})
        self.indicators.append(indicator)

    def _weight(self, text: str, place: str) -> Decimal | None:
        if not text:
            return None
        try:
            return parse_amount(text)
        except ValueError:
            self.problems.append(Problem(e.BAD_WEIGHT, e.BAD_WEIGHT_MESSAGE.format(text=text), place))
            return None

    def finish(self) -> tuple[Project, list[Problem]]:
        for key, name in (("total", "预算数"), ("fiscal", "财政资金"), ("other", "其他资金")):
            if key not in self.money and not any(p.code == e.BAD_AMOUNT for p in self.problems):
                self.problems.append(Problem(e.MISSING_AMOUNT, e.MISSING_AMOUNT_MESSAGE.format(name=name), self.places.get("code", "")))
        if "code" not in self.fields:
            self.problems.append(Problem(e.MISSING_PROJECT_CODE, e.MISSING_PROJECT_CODE_MESSAGE, self.places.get("name", "")))
        zero = Decimal(0)
        budget = Budget(self.money.get("total", zero), self.money.get("fiscal", zero), self.money.get("other", zero))
        project = Project(
            code=self.fields.get("code", ""), name=self.fields.get("name", ""), budget=budget,
            purpose=self.fields.get("purpose", ""), spending_plan=SpendingPlan(self.plan),
            goals=split_goals(self.fields.get("goals", "")), indicators=self.indicators,
        )
        project.places.update(self.places)
        return project, self.problems


def split_goals(text: str) -> list[str]:
    """Numbered goal sentences (1. 2. 3.) as a list, numbers dropped."""
    text = text.strip()
    items = [re.sub(r"\s*\n\s*", "\n", m[1]).strip() for m in GOAL_ITEM.finditer(text)]
    return items or ([text] if text else [])


def _level_name(text: str) -> str:
    """产出 → 产出指标 where the framework knows the longer name."""
    return text + "指标" if text not in LEVEL_NAMES and text + "指标" in LEVEL_NAMES else text


def _raw_target(op: str, value: str, unit: str) -> str:
    """Separate 指标性质/指标值/度量单位 columns joined as written: ≥ 400 人 → ≥400人."""
    if op in ("定性", "") and not unit:
        return value
    return f"{'' if op == '定性' else op}{value}{unit}"
