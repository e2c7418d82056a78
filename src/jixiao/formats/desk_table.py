"""The finance desk's list (财政审核台) as .xlsx in the official look of jixiao's other tables: A4
landscape fitted to the width, the header row repeated on every printed page, money in 万元 and rates
as numbers (only their display formatted), blanks blank, 填表人 / 审核人 / 填报日期 under the table."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment

from .cells import put
from .xlsx_writer import BOLD, BOX, FONT, LANDSCAPE, MONEY, PERCENT, SCORE, WRAP, finish_sheet, save, start_sheet

# Each column: its header, its width and its kind (text; money in 元 shown as 万元; a rate in %; a score).
COLUMNS = (("单位编码", 10, "text"), ("单位名称", 22, "text"), ("项目编码", 22, "text"), ("项目名称", 28, "text"),
           ("预算数（万元）", 13, "money"), ("绩效目标状态", 10, "text"), ("财政审核", 9, "text"),
           ("建议等级", 8, "text"), ("审核等级", 8, "text"), ("支出（万元）", 13, "money"), ("执行率", 9, "rate"),
           ("监控", 7, "text"), ("自评得分", 9, "score"), ("一致性", 7, "text"), ("一致性说明", 40, "text"))
TEN_THOUSAND = Decimal(10000)


def write_desk_xlsx(title: str, subtitle: str, rows: Iterable[tuple]) -> bytes:
    """`rows`: tuples in the order of COLUMNS; money in 元 (Decimal), rates in % (Decimal), None for blank."""
    book = Workbook()
    sheet = book.active
    sheet.title = "财政审核台"
    start_sheet(sheet, title, tuple(width for _, width, _ in COLUMNS))
    put(sheet.cell(2, 1), subtitle)
    header = 3
    for col, (label, _, _) in enumerate(COLUMNS, 1):
        cell = sheet.cell(header, col)
        put(cell, label)
        cell.font, cell.border, cell.alignment = BOLD, BOX, Alignment(horizontal="center", vertical="center",
                                                                      wrap_text=True)
    for r, row in enumerate(rows, header + 1):
        for col, ((_, _, kind), value) in enumerate(zip(COLUMNS, row, strict=True), 1):
            cell = sheet.cell(r, col)
            cell.font, cell.border, cell.alignment = FONT, BOX, WRAP
            if value is None or value == "":
                continue
            if kind == "money":
                cell.value, cell.number_format = float(Decimal(value) / TEN_THOUSAND), MONEY
            elif kind == "rate":
                cell.value, cell.number_format = float(Decimal(value) / 100), PERCENT
            elif kind == "score":
                cell.value, cell.number_format = float(value), SCORE
            else:
                put(cell, str(value))  # text as text: a name is never a formula
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    finish_sheet(sheet, LANDSCAPE, header)
    return save(book)
