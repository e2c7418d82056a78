"""部门整体: a unit's staffing (编制数, 在职, 退休 per unit and subordinate unit) and its basic
spending (基本支出: 人员经费, 公用经费) as records per year, read from tables with Chinese headers,
and the unit-wide metrics that read them: staff in post and the execution of the whole budget.

A staffing row counts people (non-negative whole numbers); a basic-spending row has a date in
the year, a kind and an amount in 元 (separators allowed). A table is checked whole: every bad
row is listed with its row, field and reason, and the caller imports nothing unless the user
chooses only the good rows.

>>> staffing_row({"unit_name": "昌黎县总工会本级", "posts": "8", "in_post": "6", "retired": "19"})
Staffing(unit_name='昌黎县总工会本级', posts=8, in_post=6, retired=19)
>>> staffing_row({"unit_name": "工人文化宫", "posts": "10", "in_post": "-1", "retired": "4"})
Traceback (most recent call last):
jixiao.evaluation.department.DepartmentError: 在职人数：在职人数应为不小于0的整数，填的是“-1”
>>> basic_spending_row({"on": "2021-03-31", "kind": "人员经费", "amount": "1,234.50", "note": "3月工资"}, 2021)
BasicSpending(on=datetime.date(2021, 3, 31), kind='人员经费', amount=Decimal('1234.50'), note='3月工资')
>>> staff_in_post([Staffing("昌黎县总工会本级", 8, 6, 19), Staffing("工人文化宫", 10, 10, 4)]).value
16
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from ..core.bounds import date_problem, number_problem
from ..core.errors import JixiaoError

PERSONNEL, RUNNING = "人员经费", "公用经费"
KINDS = (PERSONNEL, RUNNING)
MAX_PEOPLE = 1_000_000
AMOUNT_DIGITS, AMOUNT_PLACES = 14, 2  # the column holds up to 1万亿元 less a cent
NAME_LENGTH, NOTE_LENGTH = 100, 200

# Messages as constants that tests import.
NOT_COUNT = "{field}应为不小于0的整数，填的是“{text}”"
NO_COUNT = "请填写{field}（没有的填0）"
COUNT_TOO_LARGE = "{field}不能超过{limit}人，填的是“{text}”"
NO_UNIT_NAME = "请填写单位名称（本级或下属单位）"
NAME_TOO_LONG = "{field}不能超过{limit}字"
UNIT_TWICE = "单位“{name}”在表中出现两次；每个单位每年只有一条编制记录"
UNIT_RECORDED = "单位“{name}”本年已有编制记录，没有重复导入；要改数字，请在页面上修改那一条"
# 在职 above 编制 is saved, with this warning: 编外 (contract, seconded) staff are often counted in 在职, and
# a unit over its establishment (超编) exists; the number is true, only a typo is worth a look.
OVER_POSTS = ("“{name}”的在职人数{in_post}人多于编制数{posts}人（多{over}人）：已保存，请核对是否填错；"
              "含编外人员或确属超编的，请在自评报告中说明")
BAD_KIND = "类别应为人员经费或公用经费，填的是“{text}”"
NOT_AMOUNT = "{field}应为数字（元），如“1,234.50”，填的是“{text}”"
AMOUNT_NOT_POSITIVE = "{field}应大于0，填的是“{text}”"
BAD_DATE = "日期应如{year}-03-31，填的是“{text}”"
DATE_OUTSIDE_YEAR = "日期{on:%Y-%m-%d}不在{year}年内"
# A record identical to one already recorded is taken for the same one entered again (a file imported twice,
# a form sent twice): refused; two payments really made alike are told apart by their 摘要.
SPENDING_TWICE = ("已有一条相同的基本支出记录（{on:%Y-%m-%d} {kind}{amount}元{note}），没有重复录入；"
                  "确是另一笔支出的，请在摘要中写明区别")
EMPTY_TABLE = "表格是空的，没有表头"
MISSING_COLUMNS = "表头缺少{columns}列"

INVALID_RECORD = "department_record"


class DepartmentError(JixiaoError):
    """A person's mistake in a staffing or basic-spending record: the field is its place."""


@dataclass(frozen=True)
class Staffing:
    """One unit's (本级 or a subordinate unit's) staffing for a year."""

    unit_name: str
    posts: int  # 编制数
    in_post: int  # 在职人数
    retired: int  # 退休人数


@dataclass(frozen=True)
class BasicSpending:
    """One basic-spending record of the year: 人员经费 or 公用经费, in 元."""

    on: date
    kind: str
    amount: Decimal
    note: str = ""


@dataclass(frozen=True)
class RowProblem:
    """A row of a table that is not imported (the others may be)."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行“{self.field}”：{self.message}"


def _fail(place: str, message: str, key: str) -> DepartmentError:
    return DepartmentError(INVALID_RECORD, message, place, fields={key: message})


def count(text: object, label: str, key: str = "") -> int:
    """A count of people: a whole number from 0 (full-width digits and a trailing 人 allowed).

    >>> count("１６人", "在职人数")
    16
    >>> count("2.5", "退休人数")
    Traceback (most recent call last):
    jixiao.evaluation.department.DepartmentError: 退休人数：退休人数应为不小于0的整数，填的是“2.5”
    """
    raw = str(text if text is not None else "").strip()
    if not unicodedata.normalize("NFKC", raw).strip():  # a blank cell of a table
        raise _fail(label, NO_COUNT.format(field=label), key or label)
    s = unicodedata.normalize("NFKC", raw).strip().removesuffix("人").strip()
    if s.endswith(".0"):  # a spreadsheet's whole number
        s = s[:-2]
    if not (s.isascii() and s.isdigit()):
        raise _fail(label, NOT_COUNT.format(field=label, text=raw[:40]), key or label)
    value = int(s)
    if value > MAX_PEOPLE:
        raise _fail(label, COUNT_TOO_LARGE.format(field=label, limit=MAX_PEOPLE, text=raw[:40]), key or label)
    return value


def amount(text: object, key: str = "amount", label: str = "金额") -> Decimal:
    """An amount in 元, more than 0: separators, full-width digits and a trailing 元 allowed.

    >>> amount("１２,３４５.６元")
    Decimal('12345.60')
    >>> amount("0")
    Traceback (most recent call last):
    jixiao.evaluation.department.DepartmentError: 金额：金额应大于0，填的是“0”
    """
    raw = str(text if text is not None else "").strip()
    s = unicodedata.normalize("NFKC", raw).replace(",", "").replace("，", "").strip().removesuffix("元").strip()
    try:
        value = Decimal(s) if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s) else None
    except InvalidOperation:
        value = None
    if value is None:
        raise _fail(label, NOT_AMOUNT.format(field=label, text=raw[:40]), key)
    if value <= 0:
        raise _fail(label, AMOUNT_NOT_POSITIVE.format(field=label, text=raw[:40]), key)
    problem = number_problem(value, label, max_digits=AMOUNT_DIGITS, decimal_places=AMOUNT_PLACES)
    if problem:
        raise _fail(label, problem, key)
    return value.quantize(Decimal("0.01"))


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?$")


def day(text: object, year: int, key: str = "on") -> date:
    """A date of the budget year: 2021-03-31, 2021/3/31 or 2021年3月31日."""
    raw = str(text if text is not None else "").strip()
    m = _DATE.match(unicodedata.normalize("NFKC", raw))
    try:
        on = date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        on = None
    if on is None:
        raise _fail("日期", BAD_DATE.format(year=year, text=raw[:40]), key)
    problem = date_problem(on, "日期")
    if problem:
        raise _fail("日期", problem, key)
    if on.year != year:
        raise _fail("日期", DATE_OUTSIDE_YEAR.format(on=on, year=year), key)
    return on


def text(value: object, label: str, limit: int, key: str, *, required: str = "") -> str:
    s = " ".join(str(value if value is not None else "").replace("\x00", "").split())
    if required and not s:
        raise _fail(label, required, key)
    if len(s) > limit:
        raise _fail(label, NAME_TOO_LONG.format(field=label, limit=limit), key)
    return s


def staffing_row(fields: dict) -> Staffing:
    """A staffing record from what a person typed (keys unit_name, posts, in_post, retired)."""
    return Staffing(unit_name=text(fields.get("unit_name"), "单位", NAME_LENGTH, "unit_name", required=NO_UNIT_NAME),
                    posts=count(fields.get("posts"), "编制数", "posts"),
                    in_post=count(fields.get("in_post"), "在职人数", "in_post"),
                    retired=count(fields.get("retired"), "退休人数", "retired"))


def over_posts(staffing: Staffing) -> str | None:
    """The warning for a record with more staff in post than posts, None when within them.

    >>> over_posts(Staffing("昌黎县总工会本级", posts=2, in_post=50, retired=0))
    '“昌黎县总工会本级”的在职人数50人多于编制数2人（多48人）：已保存，请核对是否填错；含编外人员或确属超编的，请在自评报告中说明'
    >>> over_posts(Staffing("昌黎县总工会本级", posts=12, in_post=12, retired=3)) is None
    True
    """
    if staffing.in_post <= staffing.posts:
        return None
    return OVER_POSTS.format(name=staffing.unit_name, in_post=staffing.in_post, posts=staffing.posts,
                             over=staffing.in_post - staffing.posts)


def kind(value: object) -> str:
    s = "".join(str(value if value is not None else "").split())
    if s not in KINDS:
        raise _fail("类别", BAD_KIND.format(text=s[:40]), "kind")
    return s


def basic_spending_row(fields: dict, year: int) -> BasicSpending:
    """A basic-spending record (keys on, kind, amount, note) of the budget year."""
    return BasicSpending(on=day(fields.get("on"), year), kind=kind(fields.get("kind")),
                         amount=amount(fields.get("amount")),
                         note=text(fields.get("note"), "摘要", NOTE_LENGTH, "note"))


STAFFING_COLUMNS: dict[str, tuple[str, ...]] = {"unit_name": ("单位", "单位名称", "unit_name"), "posts": ("编制数", "编制", "posts"),
                    "in_post": ("在职人数", "在职", "in_post"), "retired": ("退休人数", "退休", "retired")}
SPENDING_COLUMNS: dict[str, tuple[str, ...]] = {"on": ("日期", "on"), "kind": ("类别", "支出类别", "kind"), "amount": ("金额", "金额（元）", "amount"),
                    "note": ("摘要", "说明", "note")}


def _read(rows: list[list], columns: dict[str, tuple[str, ...]], required: tuple[str, ...], make):
    if not rows:
        return [], [RowProblem(1, "表头", EMPTY_TABLE)]
    header = [" ".join(str(h or "").split()) for h in rows[0]]
    where = {key: header.index(name) for key, names in columns.items() for name in reversed(names) if name in header}
    missing = [columns[k][0] for k in required if k not in where]
    if missing:
        return [], [RowProblem(1, "表头", MISSING_COLUMNS.format(columns="、".join(missing)))]
    good, bad = [], []
    for n, row in enumerate(rows[1:], 2):
        if not any(str(c if c is not None else "").strip() for c in row):
            continue
        fields = {k: (row[i] if i < len(row) else "") for k, i in where.items()}
        try:
            good.append((n, make(fields)))
        except DepartmentError as exc:
            bad.append(RowProblem(n, exc.place, exc.message))
    return good, bad


def read_staffing(rows: list[list], known: set[str] | None = None
                  ) -> tuple[list[tuple[int, Staffing]], list[RowProblem]]:
    """Good and bad rows of a staffing table (header 单位, 编制数, 在职人数, 退休人数). A unit named
    twice in the table, or already in `known` (the year's records), is a bad row."""
    good, bad = _read(rows, STAFFING_COLUMNS, tuple(STAFFING_COLUMNS), staffing_row)
    recorded, seen, kept = set(known or ()), set(), []
    for n, record in good:
        if record.unit_name in recorded:
            bad.append(RowProblem(n, "单位", UNIT_RECORDED.format(name=record.unit_name)))
            continue
        if record.unit_name in seen:
            bad.append(RowProblem(n, "单位", UNIT_TWICE.format(name=record.unit_name)))
            continue
        seen.add(record.unit_name)
        kept.append((n, record))
    return kept, sorted(bad, key=lambda b: b.row)


def spending_twice(record: BasicSpending) -> str:
    """The refusal of a record identical to one already recorded.

    >>> spending_twice(BasicSpending(date(2021, 7, 1), "公用经费", Decimal("1000.00"), "办公用品"))
    '已有一条相同的基本支出记录（2021-07-01 公用经费1000.00元“办公用品”），没有重复录入；确是另一笔支出的，请在摘要中写明区别'
    """
    return SPENDING_TWICE.format(on=record.on, kind=record.kind, amount=record.amount,
                                 note=f"“{record.note}”" if record.note else "，无摘要")


def read_basic_spending(rows: list[list], year: int, known: set[BasicSpending] | None = None
                        ) -> tuple[list[tuple[int, BasicSpending]], list[RowProblem]]:
    """Good and bad rows of a basic-spending table (header 日期, 类别, 金额, 摘要 — 摘要 may be missing). A row
    identical to a record in `known` (the year's records) is a bad row: the file, or that row, imported again."""
    good, bad = _read(rows, SPENDING_COLUMNS, ("on", "kind", "amount"), lambda f: basic_spending_row(f, year))
    kept = []
    for n, record in good:
        if record in (known or ()):
            bad.append(RowProblem(n, "日期", spending_twice(record)))
        else:
            kept.append((n, record))
    return kept, sorted(bad, key=lambda b: b.row)


# The unit-wide metrics.

@dataclass(frozen=True)
class Measure:
    """A metric's value with what it was computed from (the records, by label) and how."""

    value: int | Decimal | None
    unit: str
    records: list[str] = field(default_factory=list)
    basis: str = ""


STAFF_BASIS = "在职人数之和：本级及下属单位的编制记录"


def staff_in_post(records: list[Staffing]) -> Measure:
    """Staff in post across the unit and its subordinate units, with the records counted."""
    return Measure(sum(r.in_post for r in records), "人",
                   [f"{r.unit_name}：在职{r.in_post}人（编制{r.posts}，退休{r.retired}）" for r in records], STAFF_BASIS)


def spending_totals(records: list[BasicSpending]) -> dict[str, Decimal]:
    """The basic spending by kind, and its total under 合计."""
    totals = {k: sum((r.amount for r in records if r.kind == k), Decimal("0.00")) for k in KINDS}
    return {**totals, "合计": sum(totals.values(), Decimal("0.00"))}


EXECUTION_BASIS = ("预算数＝本年各项目预算数之和＋基本支出预算数（已录入时）；"
                   "执行数＝本年各项目支出＋基本支出记录之和")
NO_BUDGET = "本年没有项目预算，也没有录入基本支出预算，无法计算执行率"


@dataclass(frozen=True)
class Execution:
    """The whole unit's budget execution for a year, in 元."""

    project_budget: Decimal
    basic_budget: Decimal | None  # None: not recorded, left out of the budget
    project_spent: Decimal
    basic_spent: Decimal
    basis: str = EXECUTION_BASIS

    @property
    def budget(self) -> Decimal:
        return self.project_budget + (self.basic_budget or Decimal(0))

    @property
    def spent(self) -> Decimal:
        return self.project_spent + self.basic_spent

    @property
    def rate(self) -> Decimal | None:
        """Spent ÷ budget in %, two places; None without a budget."""
        if self.budget <= 0:
            return None
        return (self.spent * 100 / self.budget).quantize(Decimal("0.01"))


def unit_execution(*, project_budgets: dict[str, Decimal], project_spent: dict[str, Decimal],
                   basic: list[BasicSpending], basic_budget: Decimal | None = None) -> Execution:
    """Basic spending and project spending of the year against the unit's budget: the plan's projects'
    预算数 plus the basic-spending budget when one is recorded.

    >>> ex = unit_execution(project_budgets={"A": Decimal(200000)}, project_spent={"A": Decimal(150000)},
    ...                     basic=[BasicSpending(date(2021, 3, 31), "人员经费", Decimal(50000))],
    ...                     basic_budget=Decimal(100000))
    >>> ex.budget, ex.spent, ex.rate
    (Decimal('300000'), Decimal('200000.00'), Decimal('66.67'))
    """
    return Execution(project_budget=sum(project_budgets.values(), Decimal(0)), basic_budget=basic_budget,
                     project_spent=sum(project_spent.values(), Decimal(0)),
                     basic_spent=spending_totals(basic)["合计"])
