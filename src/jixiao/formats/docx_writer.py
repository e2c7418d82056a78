"""The goal document as Word .docx in the official layout, with the Chinese
fonts official documents name: 方正小标宋简体 for the title, 黑体 and 楷体_GB2312
for headings, 仿宋_GB2312 for the text."""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..core.document import GoalDocument
from .layout import (
    BODY,
    HEADING1,
    HEADING2,
    TITLE,
    department_paragraphs,
    document_title,
    header_row,
    indicator_header_row,
    project_rows,
    project_title,
    unit_line,
    unit_rows,
    unit_table_title,
)

FONTS = {TITLE: ("方正小标宋简体", 22), HEADING1: ("黑体", 16), HEADING2: ("楷体_GB2312", 16), BODY: ("仿宋_GB2312", 14)}
TABLE_FONT = ("仿宋_GB2312", 10.5)
STYLES = {TITLE: "Title", HEADING1: "Heading 1", HEADING2: "Heading 2", BODY: "Normal"}
TABLE_TITLE_FONT = ("方正小标宋简体", 16)
# Relative column widths of the evaluation tables by their number of columns (自评表 8, 监控表 9): the
# text columns wide, the numbers narrow. Other tables (the 目标表, whose printed text jixiao reads back
# with its columns where they have always been) have equal columns. Every table spans the page's
# width between the margins.
COLUMN_WEIGHTS = {8: (14, 12, 12, 12, 12, 11, 9, 18), 9: (10, 10, 13, 10, 10, 11, 10, 14, 12)}
PORTRAIT, LANDSCAPE = "portrait", "landscape"
# mm, top and bottom, left and right: the goal document's margins, near GB/T 9704's for official documents
# (37/35, 28/26), leave its text 152.4 × 228.6 mm as before A4, which its reading back from a printed PDF
# counts on (the layout reader is sensitive to where rows break across pages).
GOAL_MARGINS = (34.2, 28.8)


def new_document(orientation: str = PORTRAIT, margins: tuple[float, float] = (20, 18)):
    """A Word document on A4 in the form's orientation whose styles name the official Chinese fonts,
    in black: Word's template colours its title and headings blue with theme fonts, which no official
    document has."""
    d = docx.Document()
    section = d.sections[0]
    wide = orientation == LANDSCAPE
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if wide else (Mm(210), Mm(297))
    section.top_margin = section.bottom_margin = Mm(margins[0])
    section.left_margin = section.right_margin = Mm(margins[1])
    for kind, style in STYLES.items():
        _font(d.styles[style], *FONTS[kind])
        if kind != BODY:
            _plain(d.styles[style])
    d.styles[STYLES[TITLE]].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return d


def _plain(style) -> None:
    """A heading style without Word's theme fonts, blue and rule: the named font, in black."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.bold = False  # 黑体 and 楷体 are not set bold in official documents
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def table_title(d, text: str) -> None:
    """A table's title: centred, in the official title font, kept on the page of its table."""
    paragraph = d.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    _font(paragraph.add_run(text), *TABLE_TITLE_FONT)


def kept_line(d, text: str) -> None:
    """A line between a title and its table (the unit, 单位：万元), kept with the table."""
    d.add_paragraph(text).paragraph_format.keep_with_next = True


def note_line(d, text: str) -> None:
    """A line under a table (the 自评表's 一致性检查), apart from it as the signature line is."""
    paragraph = d.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    _font(paragraph.add_run(text), *TABLE_FONT)


def signatures(d) -> None:
    """The 填表人 / 审核人 / 填报日期 line under a table."""
    paragraph = d.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)  # apart from the table: not read as its last row
    _font(paragraph.add_run("填表人：" + "\u3000" * 8 + "审核人：" + "\u3000" * 8 + "填报日期："), *TABLE_FONT)


def save(d) -> bytes:
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def write_docx(doc: GoalDocument) -> bytes:
    d = new_document(margins=GOAL_MARGINS)
    d.add_paragraph(document_title(doc), style=STYLES[TITLE])
    for kind, text in department_paragraphs(doc):
        d.add_paragraph(text, style=STYLES[kind])
    if rows := unit_rows(doc):
        kept_line(d, unit_table_title(doc))
        kept_line(d, f"{unit_line(doc)}\t\t\t\t单位：万元")
        add_grid(d, rows, repeat=indicator_header_row(rows))
        signatures(d)
        d.add_paragraph("")
    d.add_paragraph("第二部分  预算项目绩效目标", style=STYLES[HEADING1])
    for k, project in enumerate(doc.projects, 1):
        kept_line(d, project_title(k, project))
        kept_line(d, f"{unit_line(doc)}\t\t\t\t单位：万元")
        rows = project_rows(project)
        add_grid(d, rows, repeat=header_row(rows))
        signatures(d)
        d.add_paragraph("")
    return save(d)


def add_grid(d, rows, repeat: int | None = None) -> None:
    """Word tables of layout cells, merged across and down as they say, as wide as the page, no row
    split over two pages. With `repeat`, the rows from that one on (the indicators under their
    header row) are a table of their own whose header row Word repeats on each page (w:tblHeader
    repeats only a table's first rows); the two tables share their column widths."""
    if repeat:
        _add_table(d, rows[:repeat])
        spacer = d.add_paragraph()
        spacer.paragraph_format.space_before = spacer.paragraph_format.space_after = Pt(0)
        spacer.paragraph_format.line_spacing = Pt(1)
        spacer.paragraph_format.keep_with_next = True
        rows = rows[repeat:]
    table = _add_table(d, rows)
    if repeat is not None:
        _row_property(table.rows[0], "w:tblHeader")


def _row_property(row, name: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _add_table(d, rows):
    width = sum(c.span for c in rows[0])
    table = d.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    section = d.sections[-1]
    page = section.page_width - section.left_margin - section.right_margin
    weights = COLUMN_WEIGHTS.get(width, (1,) * width)
    widths = [int(page * w / sum(weights)) for w in weights]
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(widths) // 635))  # EMU to twentieths of a point
    for k, column in enumerate(table.columns):
        column.width = widths[k]
        for cell in column.cells:
            cell.width = widths[k]
    for row in table.rows:
        _row_property(row, "w:cantSplit")
    _fill(table, rows)
    return table


def _fill(table, rows) -> None:
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            target = table.cell(r, col)
            if cell.merge_up:
                table.cell(r - 1, col).merge(target)
            elif cell.span > 1:
                target = target.merge(table.cell(r, col + cell.span - 1))
            if not cell.merge_up:
                _write(target, cell.text, cell.header)
            col += cell.span


def _write(cell, text: str, bold: bool) -> None:
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    for k, line in enumerate(lines):
        if k:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        _font(run, *TABLE_FONT)


def _font(target, name: str, size: float) -> None:
    """Set the font for Chinese text too: Word reads East Asian text's font from w:eastAsia."""
    target.font.name = name
    target.font.size = Pt(size)
    element = target.element if hasattr(target, "element") else target._element
    rpr = element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)
