"""The bank's 代发名单 (payment list) as .xlsx: one row per person with the amount to pay.

Every text cell is written as text, never as a formula: a name such as `=HYPERLINK(...)` in the
register must reach the bank as those characters, not run in its spreadsheet. Amounts are the
Decimal 元 of the frozen list, written as numbers with two decimals, never through float."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook

HEADER = ["序号", "姓名", "身份证号", "金额（元）", "备注"]


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
