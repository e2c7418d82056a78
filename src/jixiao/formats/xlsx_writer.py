"""The goal document as Excel .xlsx: the unit-wide part on a first sheet, then
one sheet per project in the official layout, money and plan as numbers."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.properties import PageSetupProperties

from ..core.document import GoalDocument
from .cells import put
from .layout import (
    department_paragraphs,
    document_title,
    header_row,
    indicator_header_row,
    project_rows,
    unit_line,
    unit_rows,
    unit_table_title,
)

FONT, BOLD = Font(name="仿宋_GB2312", size=11), Font(name="仿宋_GB2312", size=11, bold=True)
TITLE_FONT = Font(name="方正小标宋简体", size=16)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
COLUMN_WIDTHS = (14, 14, 22, 36, 16, 24)
# Display formats of the official tables: 万元 with thousands and 2 decimals, rates as percentages,
# scores with 2 decimals. A number is stored as a number; only its display is formatted.
MONEY, MONEY_EXACT, PERCENT, SCORE = "#,##0.00", "#,##0.00####", "0.00%", "0.00"
PERCENT_POINTS = '0.00"%"'  # a number of percentage points with a literal % sign
COUNT = "0"
SIGNATURES = ("填表人：", "审核人：", "填报日期：")
PORTRAIT, LANDSCAPE = "portrait", "landscape"
UNIT_SHEET = "部门整体支出绩效目标表"


def write_xlsx(doc: GoalDocument) -> bytes:
    book = Workbook()
    book.remove(book.active)
    if paragraphs := department_paragraphs(doc):
        sheet = book.create_sheet("部门整体绩效目标")
        sheet.column_dimensions["A"].width = 100
        put(sheet["A1"], document_title(doc))
        sheet["A1"].font = TITLE_FONT
        for row, (_, text) in enumerate(paragraphs, 2):
            put(sheet.cell(row, 1), text)
            sheet.cell(row, 1).alignment = Alignment(wrap_text=True)
    if rows := unit_rows(doc):
        _unit_sheet(book.create_sheet(UNIT_SHEET), doc, rows)
    names: set[str] = {UNIT_SHEET}
    for project in doc.projects:
        _project_sheet(book.create_sheet(sheet_name(project.name, names)), doc, project)
    if not book.worksheets:
        book.create_sheet("绩效目标")
    return save(book)


def save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _project_sheet(sheet, doc: GoalDocument, project) -> None:
    start_sheet(sheet, f"{doc.year}年项目支出绩效目标表", COLUMN_WIDTHS)
    row = sheet.max_row + 1
    put(sheet.cell(row, 1), unit_line(doc))
    put(sheet.cell(row, 5), "单位：万元")
    rows = project_rows(project)
    top = sheet.max_row + 1
    write_grid(sheet, rows)
    finish_sheet(sheet, PORTRAIT, top + header_row(rows), in_cells=False)


def _unit_sheet(sheet, doc: GoalDocument, rows) -> None:
    """The 部门整体支出绩效目标表 as the project sheets are laid out, its first indicator header repeated."""
    start_sheet(sheet, unit_table_title(doc), COLUMN_WIDTHS)
    row = sheet.max_row + 1
    put(sheet.cell(row, 1), unit_line(doc))
    put(sheet.cell(row, 5), "单位：万元")
    top = sheet.max_row + 1
    write_grid(sheet, rows)
    finish_sheet(sheet, PORTRAIT, top + indicator_header_row(rows), in_cells=False)


def finish_sheet(sheet, orientation: str, repeat_row: int, in_cells: bool = True) -> None:
    """A4 in the form's orientation, fitted to the page's width (as many pages long as it takes),
    the indicator header row repeated on each page, and the 填表人 / 审核人 / 填报日期 line under the
    table: in cells, or (`in_cells=False`, for the goal table, which jixiao reads back and where
    cells under the table would be taken for indicators) in the printed page's footer."""
    width = sheet.max_column
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4  # 9
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.print_title_rows = f"{repeat_row}:{repeat_row}"
    if not in_cells:
        sheet.oddFooter.center.text = "　　　　".join(SIGNATURES)
        return
    row = sheet.max_row + 2
    for k, label in enumerate(SIGNATURES):
        target = sheet.cell(row, 1 + k * width // len(SIGNATURES))
        put(target, label)
        target.font = FONT


def note_line(sheet, text: str, width: int) -> None:
    """A line under the table (the 自评表's 一致性检查), one row below it, merged across the table's columns
    and wrapped, its height for the lines it takes (`width`: the columns' characters; a Chinese character
    takes two)."""
    row, columns = sheet.max_row + 2, sheet.max_column
    target = sheet.cell(row, 1)
    put(target, text)
    target.font, target.alignment = FONT, Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    sheet.row_dimensions[row].height = 15 * (-(-wide // width))


def start_sheet(sheet, title: str, widths: tuple[int, ...]) -> None:
    """Column widths and a centred title merged across the table."""
    for k, width in enumerate(widths):
        sheet.column_dimensions[chr(65 + k)].width = width
    put(sheet["A1"], title)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(widths))
    sheet["A1"].font, sheet["A1"].alignment = TITLE_FONT, Alignment(horizontal="center")


def write_grid(sheet, rows) -> None:
    """Rows of layout cells below what the sheet holds, merges and borders included."""
    top = sheet.max_row + 1
    for r, row in enumerate(rows, top):
        col = 1
        for cell in row:
            target = sheet.cell(r, col)
            if cell.merge_up:
                _extend_down(sheet, r, col)
            else:
                value, target.number_format = _value(cell)
                put(target, value)  # text as text: =100% is a target, =HYPERLINK(...) no formula
                target.font = BOLD if cell.header else FONT
                if cell.span > 1:
                    sheet.merge_cells(start_row=r, start_column=col, end_row=r, end_column=col + cell.span - 1)
            for c in range(col, col + cell.span):
                sheet.cell(r, c).border, sheet.cell(r, c).alignment = BOX, WRAP
            col += cell.span


def _value(cell) -> tuple[object, str]:
    """Money, percentages and scores as numbers, formatted as the official table shows them
    (a rate 62.60% is stored as 0.626 and shown as 62.60%); a blank cell stays empty."""
    if not cell.text:
        return None, "General"
    if cell.kind == "money":
        exact = Decimal(cell.text)
        return float(exact), MONEY if exact == exact.quantize(Decimal("0.01")) else MONEY_EXACT
    if cell.kind == "rate":
        return float(Decimal(cell.text.rstrip("%")) / 100), PERCENT
    if cell.kind == "percent":  # the goal table's 资金支出计划, read back by jixiao (as calamine gives values,
        return float(Decimal(cell.text.rstrip("%"))), PERCENT_POINTS  # not formats): 50 shown as 50.00%
    if cell.kind == "score":
        return float(Decimal(cell.text)), SCORE
    if cell.kind == "count":  # people: a whole number
        return int(cell.text), COUNT
    return cell.text, "General"


def _extend_down(sheet, row: int, col: int) -> None:
    """Grow the merged range covering the cell above by one row."""
    for rng in sheet.merged_cells.ranges:
        if rng.min_col == col and rng.max_row == row - 1 and rng.min_row <= row - 1:
            bounds = (rng.min_row, rng.min_col, row, rng.max_col)
            sheet.merged_cells.remove(rng)
            sheet.merge_cells(start_row=bounds[0], start_column=bounds[1], end_row=bounds[2], end_column=bounds[3])
            return
    sheet.merge_cells(start_row=row - 1, start_column=col, end_row=row, end_column=col)


def sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:28] or "项目"
    candidate, k = base, 1
    while candidate in taken:
        k += 1
        candidate = f"{base[:26]}_{k}"
    taken.add(candidate)
    return candidate
