"""困难职工档案: the register of workers in hardship, and reading it from a table.

A person's status moves 建档 → 脱困 → 返贫 (and back), or ends 注销; each change has a date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..core.bounds import BOUNDS, number_problem
from ..core.money import parse_money
from ..core.numerals import half_width
from . import errors as e
from .errors import PersonError
from .persons import as_typed, id_number, mask_account, phone

REGISTERED, LIFTED, RELAPSED, CLOSED = "建档", "脱困", "返贫", "注销"
STATUSES = (REGISTERED, LIFTED, RELAPSED, CLOSED)
ACTIVE = (REGISTERED, RELAPSED)  # still in hardship
MOVES = {REGISTERED: (LIFTED, CLOSED), LIFTED: (RELAPSED, CLOSED), RELAPSED: (LIFTED, CLOSED), CLOSED: ()}
DEGREES = ("深度困难", "相对困难", "意外致困")
CAUSES = ("因病", "因残", "因灾", "意外", "子女就学", "失业", "其他")


@dataclass
class Beneficiary:
    id_number: str
    name: str
    phone: str = ""
    employer: str = ""
    household_size: int = 1
    household_income: Decimal = Decimal(0)  # 元 a year
    cause: str = "其他"
    degree: str = "相对困难"
    status: str = REGISTERED
    history: list[tuple[str, date]] = field(default_factory=list)
    bank_account: str = ""  # 银行账号: for the bank's 代发名单 only; masked for everyone else, never logged
    bank: str = ""  # 开户银行
    since: date | None = None  # the date of the present status (建档日期 for a new record); None: not known


def bank_account(text: str) -> str:
    """A bank account or card number: 10 to 30 digits, spaces and hyphens dropped.

    >>> bank_account("6222 0204 0901 2345 678")
    '6222020409012345678'
    >>> mask_account("6222020409012345678")
    '6222***********5678'
    >>> bank_account("6222-abc")
    Traceback (most recent call last):
    jixiao.relief.errors.PersonError: 银行账号：银行账号“6222-abc”应为10～30位数字
    """
    digits = "".join(half_width(text).split()).replace("-", "")
    if not (digits.isdigit() and digits.isascii() and 10 <= len(digits) <= 30):
        raise PersonError(e.BANK_ACCOUNT, e.BANK_ACCOUNT_MESSAGE.format(text=as_typed(text, mask_account)), "银行账号")
    return digits


def move(person: Beneficiary, to: str, on: date) -> None:
    """Change the status; a move the register does not allow is a PersonError."""
    if to not in MOVES[person.status]:
        raise PersonError(e.STATUS_MOVE, e.STATUS_MOVE_MESSAGE.format(name=person.name, status=person.status, to=to))
    if person.since is not None and on < person.since:  # a status cannot end before it began
        raise PersonError(e.STATUS_BEFORE, e.STATUS_BEFORE_MESSAGE.format(
            name=person.name, on=on, status=person.status, since=person.since), "变更日期")
    person.status, person.since = to, on
    person.history.append((to, on))


@dataclass
class RowProblem:
    """A row of a table that is not imported (the others are), with a stable code."""

    row: int
    field: str
    message: str
    code: str = ""

    def __str__(self) -> str:
        return f"第{self.row}行“{self.field}”：{self.message}"


COLUMNS = {
    "name": ("姓名", "name"), "id_number": ("身份证号", "身份证号码", "id_number"), "phone": ("电话", "手机", "联系电话", "phone"),
    "employer": ("工作单位", "单位", "employer"), "household_size": ("家庭人口", "household_size"),
    "household_income": ("家庭年收入", "household_income"), "cause": ("致困原因", "cause"),
    "degree": ("困难程度", "degree"), "status": ("状态", "status"),
    "bank_account": ("银行账号", "银行卡号", "账号", "bank_account"), "bank": ("开户银行", "开户行", "bank"),
    "since": ("建档日期", "状态日期", "since"),
}
REQUIRED = ("name", "id_number")


def header_map(header: list[str]) -> dict[str, int]:
    cells = [str(h or "").strip() for h in header]
    return {key: cells.index(name) for key, names in COLUMNS.items() for name in names if name in cells}


def read_rows(rows: list[list[str]], known: set[str] | None = None, *, today: date | None = None,
              parse_day: Callable[[str], date] = date.fromisoformat
              ) -> tuple[list[tuple[int, Beneficiary]], list[RowProblem]]:
    """Good rows and bad rows of a register table (the first row its header). A person
    already in `known` or twice in the table is refused, by 身份证号. A 建档日期 (or 状态日期) column,
    read by `parse_day`, dates each person's status; a date after `today` is a bad row."""
    if not rows:
        return [], [RowProblem(1, "表头", e.EMPTY_FILE_MESSAGE, e.EMPTY_FILE)]
    columns = header_map(rows[0])
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in columns]
    if missing:
        return [], [missing_columns(missing)]
    seen = set(known or ())
    good, bad = [], []
    for n, row in enumerate(rows[1:], 2):
        get = lambda key, row=row: str(row[columns[key]]).strip() if key in columns and columns[key] < len(row) and row[columns[key]] is not None else ""
        if not any(str(c or "").strip() for c in row):
            continue
        person, problems = _problems(get)
        since = _checked(problems, _since, get("since"), parse_day, today or date.today()) if get("since") else None
        if person is not None and problems:
            person = None
        if person is None:  # each problem in its column
            bad += [RowProblem(n, exc.place, exc.message, exc.code) for exc in problems]
            continue
        if person.id_number in seen:
            masked = f"{person.id_number[:6]}…{person.id_number[-4:]}"
            bad.append(RowProblem(n, "身份证号", e.REGISTERED_TWICE_MESSAGE.format(masked=masked), e.REGISTERED_TWICE))
            continue
        seen.add(person.id_number)
        person.since = since
        good.append((n, person))
    return good, bad


EDITABLE = ("name", "id_number", "household_size", "household_income", "phone", "employer", "cause", "degree",
            "bank_account", "bank")


def edit(fields: dict[str, str]) -> dict:
    """The changes a relief officer makes to a record (any of EDITABLE), checked and normalised as
    the register's rows are (a mistyped name, ID number or family figure is corrected here).

    >>> edit({"phone": "138 0013 8000", "employer": " 县纺织厂 "})
    {'phone': '13800138000', 'employer': '县纺织厂'}
    >>> edit({"household_size": "３人", "household_income": "1.2万元"})
    {'household_size': 3, 'household_income': Decimal('12000.00')}
    >>> edit({"cause": "中彩票"})
    Traceback (most recent call last):
    jixiao.relief.errors.PersonError: 致困原因“中彩票”不是可选值（因病、因残、因灾、意外、子女就学、失业、其他）
    """
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise PersonError(e.NOT_EDITABLE, e.NOT_EDITABLE_MESSAGE.format(fields="、".join(sorted(unknown))))
    cleaned = {k: str(v).strip() for k, v in fields.items()}
    for key, allowed, label in (("cause", CAUSES, "致困原因"), ("degree", DEGREES, "困难程度")):
        if key in cleaned and cleaned[key] not in allowed:
            raise PersonError(e.NOT_A_CHOICE, e.NOT_A_CHOICE_MESSAGE.format(label=label, value=cleaned[key],
                                                                            allowed="、".join(allowed)))
    if cleaned.get("phone"):
        cleaned["phone"] = phone(cleaned["phone"])
    if cleaned.get("bank_account"):
        cleaned["bank_account"] = bank_account(cleaned["bank_account"])
    if "name" in cleaned and not cleaned["name"]:
        raise PersonError(e.NO_NAME, e.NO_NAME_MESSAGE, "姓名")
    typed: dict = dict(cleaned)
    if "id_number" in cleaned:
        typed["id_number"] = _in("身份证号", id_number, cleaned["id_number"])
    if "household_size" in cleaned:
        typed["household_size"] = _household_size(cleaned["household_size"])
    if "household_income" in cleaned:
        typed["household_income"] = _household_income(cleaned["household_income"])
    return typed


def bank_pair(account: str, bank: str) -> None:
    """A person's 银行账号 goes with its 开户银行 and the reverse (the bank's 代发名单 needs both);
    both empty is allowed (no account yet). A PersonError placed at the empty one.

    >>> bank_pair("6222020409012345678", "工商银行昌黎支行"), bank_pair("", "")
    (None, None)
    >>> bank_pair("6222020409012345678", " ")
    Traceback (most recent call last):
    jixiao.relief.errors.PersonError: 开户银行：填了银行账号就要填开户银行：银行代发名单两者都要，缺一项银行无法代发；请补填开户银行，或两者都清空
    """
    has_account, has_bank = bool(account.strip()), bool(bank.strip())
    if has_account != has_bank:
        given, missing = ("银行账号", "开户银行") if has_account else ("开户银行", "银行账号")
        message = e.BANK_PAIR_MESSAGE.format(given=given, missing=missing)
        raise PersonError(e.BANK_PAIR, message, missing,
                          fields={"bank" if has_account else "bank_account": message})


def missing_columns(columns: list[str]) -> RowProblem:
    """The header lacks these columns: no row of the table can be read."""
    return RowProblem(1, "表头", e.MISSING_COLUMNS_MESSAGE.format(columns="”“".join(columns)), e.MISSING_COLUMNS)


def _in(column: str, check, text: str) -> str:
    """A value checked by `check`, its error placed in the column (of a row of the register)."""
    try:
        return check(text)
    except PersonError as exc:
        exc.place = column
        raise


def _household_size(text: str) -> int:
    size = half_width(text or "1").strip().removesuffix("人").strip()
    if not (size.isascii() and size.isdigit()) or int(size) < 1:  # not ², not ١٢
        raise PersonError(e.NOT_POSITIVE, e.NOT_POSITIVE_MESSAGE.format(text=text), "家庭人口")
    return int(size)


def _household_income(text: str) -> Decimal:
    """元 a year as people type it: 12,000.00, １２０００, 12000元, 1.2万元; not below 0."""
    try:
        income = parse_money(text, "元") if text.strip() else Decimal(0)
    except ValueError:
        raise PersonError(e.NOT_A_NUMBER, e.NOT_A_NUMBER_MESSAGE.format(text=text), "家庭年收入") from None
    if income < 0:
        raise PersonError(e.NEGATIVE, e.NEGATIVE_MESSAGE.format(text=text), "家庭年收入")
    if problem := number_problem(income, "家庭年收入", max_digits=14, decimal_places=2):  # NaN, 1e400
        raise PersonError(BOUNDS, problem, "家庭年收入")
    return income


def _since(text: str, parse_day: Callable[[str], date], today: date) -> date:
    try:
        on = parse_day(text)
    except ValueError:
        raise PersonError(e.SINCE_DATE, e.SINCE_NOT_A_DATE_MESSAGE.format(text=text), "建档日期") from None
    if on > today:
        raise PersonError(e.SINCE_DATE, e.FUTURE_DATE_MESSAGE.format(on=on), "建档日期")
    return on


def _checked(problems: list[PersonError], check, *args):
    """`check(*args)`, or None with its PersonError kept in `problems` (a row's every problem is listed)."""
    try:
        return check(*args)
    except PersonError as exc:
        problems.append(exc)
        return None


def _choice(value: str, allowed: tuple[str, ...], label: str) -> str:
    if value not in allowed:
        raise PersonError(e.NOT_ALLOWED, e.NOT_ALLOWED_MESSAGE.format(value=value, allowed="、".join(allowed)), label)
    return value


def _problems(get) -> tuple[Beneficiary | None, list[PersonError]]:
    """The person of a row, or None with every problem of the row, each placed in its column."""
    problems: list[PersonError] = []
    if not get("name"):
        problems.append(PersonError(e.NO_NAME, e.NO_NAME_MESSAGE, "姓名"))
    number = _checked(problems, _in, "身份证号", id_number, get("id_number"))
    tel = _checked(problems, _in, "电话", phone, get("phone")) if get("phone") else ""
    size = _checked(problems, _household_size, get("household_size"))
    income = _checked(problems, _household_income, get("household_income"))
    cause = _checked(problems, _choice, get("cause") or "其他", CAUSES, "致困原因")
    degree = _checked(problems, _choice, get("degree") or "相对困难", DEGREES, "困难程度")
    status = _checked(problems, _choice, get("status") or REGISTERED, STATUSES, "状态")
    account = _checked(problems, bank_account, get("bank_account")) if get("bank_account") else ""
    if account is not None:  # as an edit is: the bank's list needs both (a bad account is said once, above)
        _checked(problems, bank_pair, get("bank_account"), get("bank"))
    if problems:
        return None, problems
    return Beneficiary(number, get("name"), tel, get("employer"), size, income, cause, degree, status,
                       bank_account=account, bank=get("bank")), []


def _person(get) -> Beneficiary:
    person, problems = _problems(get)
    if person is None:
        raise problems[0]
    return person


def person(fields: dict[str, str]) -> Beneficiary:
    """One person typed by hand (keys of COLUMNS), checked as a row of the register is;
    a PersonError names the field.

    >>> person({"name": "张建金", "id_number": "130322195206110026", "cause": "因病"}).cause
    '因病'
    """
    return _person(lambda key: str(fields.get(key) or "").strip())
