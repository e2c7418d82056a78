"""The goal document as Word .docx in the official layout, with the Chinese
fonts official documents name: 方正小标宋简体 for the title, 黑体 and 楷体_GB2312
for headings, 仿宋_GB2312 for the text."""

from __future__ import annotations

import io

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt

from ..core.document import GoalDocument
from .layout import (
    BODY,
    HEADING1,
    HEADING2,
    TITLE,
    department_paragraphs,
    document_title,
    project_rows,
    project_title,
    unit_line,
)

FONTS = {TITLE: ("方正小标宋简体", 22), HEADING1: ("黑体", 16), HEADING2: ("楷体_GB2312", 16), BODY: ("仿宋_GB2312", 14)}
TABLE_FONT = ("仿宋_GB2312", 10.5)
STYLES = {TITLE: "Title", HEADING1: "Heading 1", HEADING2: "Heading 2", BODY: "Normal"}


def new_document():
    """A Word document whose styles name the official Chinese fonts."""
    d = docx.Document()
    for kind, style in STYLES.items():
        _font(d.styles[style], *FONTS[kind])
    return d


def save(d) -> bytes:
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def write_docx(doc: GoalDocument) -> bytes:
    d = new_document()
    d.add_paragraph(document_title(doc), style=STYLES[TITLE])
    for kind, text in department_paragraphs(doc):
        d.add_paragraph(text, style=STYLES[kind])
    d.add_paragraph("第二部分  预算项目绩效目标", style=STYLES[HEADING1])
    for k, project in enumerate(doc.projects, 1):
        d.add_paragraph(project_title(k, project))
        d.add_paragraph(f"{unit_line(doc)}\t\t\t\t单位：万元")
        add_grid(d, project_rows(project))
        d.add_paragraph("")
    return save(d)


def add_grid(d, rows) -> None:
    """A Word table of layout cells, merged across and down as they say."""
    table = d.add_table(rows=len(rows), cols=sum(c.span for c in rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
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
