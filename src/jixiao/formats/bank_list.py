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

from ..core.problems import ReadError
from .records_csv import parse_date

HEADER = ["序号", "姓名", "身份证号", "金额（元）", "备注"]
RESULT_COLUMNS = ("身份证号", "金额", "日期")  # and 状态, when the bank gives it

MISSING_COLUMN, MISSING_COLUMN_MESSAGE = "missing_column", "第1行缺少“{column}”列"
BAD_ROW, BAD_ROW_MESSAGE = "bad_value", "第{row}行的金额或日期无法识别"


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


def write_bank_list(entries: Iterable[tuple[str, str, Decimal]], note: str) -> bytes:
    """`entries` as (name, ID number, amount in 元); `note` (the round's name) on every row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "代发名单"
    sheet.append(HEADER)
    for k, (name, id_number, amount) in enumerate(entries, 1):
        row = k + 1
        sheet.cell(row, 1, k)
        for column, text in ((2, name), (3, id_number), (5, note)):
            cell = sheet.cell(row, column)
            cell.value = text
            cell.data_type = "s"  # text, even when it starts with = + - @
        money = sheet.cell(row, 4, amount.quantize(Decimal("0.01")))
        money.number_format = "0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
