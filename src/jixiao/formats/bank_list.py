"""The bank's 代发名单 (payment list) as .xlsx: one row per person with the amount to pay;
and the bank's return file (回盘), read from rows: what was paid to whom, when.

Every text cell is written as text, never as a formula: a name such as `=HYPERLINK(...)` in the
register must reach the bank as those characters, not run in its spreadsheet. Amounts are the
Decimal 元 of the frozen list, written as numbers with two decimals, never through float."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook

from ..core.money import parse_amount, parse_money
from ..core.numerals import half_width
from ..core.problems import ReadError
from .cells import put
from .errors import (
    BAD_AMOUNT_MESSAGE,
    BAD_DATE_MESSAGE,
    BAD_ROW,
    BAD_ROW_MESSAGE,
    EMPTY_ID_MESSAGE,
    MISSING_COLUMN,
    MISSING_COLUMN_MESSAGE,
)
from .records_csv import parse_date

HEADER = ["序号", "姓名", "身份证号", "银行账号", "开户银行", "金额（元）", "备注"]
RESULT_COLUMNS = ("身份证号", "金额", "日期")  # and 状态, when the bank gives it


@dataclass(frozen=True)
class PaymentResult:
    row: int
    id_number: str
    amount: Decimal
    on: date
    state: str  # as the bank wrote it (已发放, 发放失败, 已退回), or ""


def read_payment_results(rows: list[list[str]]) -> list[PaymentResult]:
    """The return file's rows: 身份证号, 金额, 日期[, 状态], blank rows skipped. A missing column or
    a row whose amount or date cannot be read is a ReadError (exit 1): the file is refused whole.

    >>> read_payment_results([["身份证号", "金额", "日期"], ["110105", "1,000", "2021-02-01"], ["", "", ""]])
    [PaymentResult(row=2, id_number='110105', amount=Decimal('1000'), on=datetime.date(2021, 2, 1), state='')]
    >>> read_payment_results([["身份证号", "金额"]])
    Traceback (most recent call last):
    jixiao.core.problems.ReadError: 第1行缺少“日期”列
    """
    header = [str(h).strip() for h in rows[0]] if rows else []
    for column in RESULT_COLUMNS:
        if column not in header:
            raise ReadError(MISSING_COLUMN, MISSING_COLUMN_MESSAGE.format(column=column), exit_code=1)
    at = {column: header.index(column) for column in header}
    results = []
    for n, row in enumerate(rows[1:], 2):
        if not any(str(c).strip() for c in row):
            continue
        try:
            amount = Decimal(str(row[at["金额"]]).replace(",", ""))
            on = parse_date(str(row[at["日期"]]))
            number = str(row[at["身份证号"]]).strip()
        except (InvalidOperation, ValueError, IndexError):
            raise ReadError(BAD_ROW, BAD_ROW_MESSAGE.format(row=n), exit_code=1) from None
        if not amount.is_finite():
            raise ReadError(BAD_ROW, BAD_ROW_MESSAGE.format(row=n), exit_code=1)
        state = str(row[at["状态"]]).strip() if "状态" in at and at["状态"] < len(row) else ""
        results.append(PaymentResult(n, number, amount, on, state))
    return results


def read_payment_rows(rows: list[list[str]]) -> tuple[list[PaymentResult], list[tuple[int, str, str]]]:
    """The return file's rows read whole: the good ones, and every bad one as (row, column, reason).
    A missing column is a ReadError (no row can be read). Blank rows are skipped.

    >>> good, bad = read_payment_rows([["身份证号", "金额", "日期", "状态"], ["110105", "1,000", "2021-02-01", "已发放"],
    ...                                ["", "", "", ""], ["", "五百", "2021-02-31", ""]])
    >>> [(r.row, r.amount, r.state) for r in good], bad
    ([(2, Decimal('1000'), '已发放')], [(4, '身份证号', '身份证号为空'), (4, '金额', '金额“五百”不是数字'), (4, '日期', '日期“2021-02-31”无法识别，应如2021-07-31')])
    >>> [(r.id_number, r.amount) for r in read_payment_rows([["身份证号", "金额", "日期", "状态"],
    ...                                                     ["１１０１０５ｘ", "１,２００.５０元", "2021-02-01", "已发放"]])[0]]
    [('110105X', Decimal('1200.50'))]
    """
    header = [str(h if h is not None else "").strip() for h in rows[0]] if rows else []
    for column in RESULT_COLUMNS:
        if column not in header:
            raise ReadError(MISSING_COLUMN, MISSING_COLUMN_MESSAGE.format(column=column), exit_code=1)
    at = {column: header.index(column) for column in header}
    good: list[PaymentResult] = []
    bad: list[tuple[int, str, str]] = []
    for n, row in enumerate(rows[1:], 2):
        cells = [str(c if c is not None else "").strip() for c in row]
        if not any(cells):
            continue
        cell = lambda column, cells=cells: cells[at[column]] if column in at and at[column] < len(cells) else ""
        problems = [] if cell("身份证号") else [(n, "身份证号", EMPTY_ID_MESSAGE)]
        amount = Decimal(0)
        typed = half_width(cell("金额"))
        try:  # 1,000.00, １０００, 100.00元 as typed (its places kept); 0.05万元 in 元
            amount = parse_money(typed, "元") if "万" in typed or "亿" in typed else parse_amount(typed)
        except ValueError:
            problems.append((n, "金额", BAD_AMOUNT_MESSAGE.format(text=cell("金额"))))
        try:
            on = parse_date(cell("日期"))
        except ValueError:
            problems.append((n, "日期", BAD_DATE_MESSAGE.format(text=cell("日期"))))
        if problems:
            bad.extend(problems)
        else:
            number = "".join(half_width(cell("身份证号")).split()).upper()  # full-width digits are the same ID
            good.append(PaymentResult(n, number, amount, on, cell("状态")))
    return good, bad


def write_bank_list(entries: Iterable[tuple[str, str, str, str, Decimal]], note: str, approver: str = "") -> bytes:
    """`entries` as (name, ID number, bank account, bank, amount in 元); `note` (the round's name) on
    every row; then a total row (人数 and 合计金额) and the round's approver."""
    book = Workbook()
    sheet = book.active
    sheet.title = "代发名单"
    sheet.append(HEADER)
    total, row = Decimal(0), 1
    for k, (name, id_number, account, bank, amount) in enumerate(entries, 1):
        row = k + 1
        sheet.cell(row, 1, k)
        for column, text in ((2, name), (3, id_number), (4, account), (5, bank), (7, note)):
            put(sheet.cell(row, column), text)
        money = sheet.cell(row, 6, amount.quantize(Decimal("0.01")))
        money.number_format = "0.00"
        total += amount
    put(sheet.cell(row + 1, 1), "合计")
    put(sheet.cell(row + 1, 2), f"{row - 1}人")
    money = sheet.cell(row + 1, 6, total.quantize(Decimal("0.01")))
    money.number_format = "0.00"
    put(sheet.cell(row + 2, 1), "审批人")
    put(sheet.cell(row + 2, 2), approver)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
