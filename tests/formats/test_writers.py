"""The official layout: merged 一级/二级 cells, 万元 with 2 decimals, Chinese fonts named."""

import io

import docx
import openpyxl
from docx.oxml.ns import qn

from jixiao.formats.reader import read_path
from jixiao.formats.writer import write

from ..conftest import CORPUS

SEED = CORPUS / "seed" / "changli-union-2021.txt"


def seed():
    return read_path(SEED)[0]


def test_xlsx_merges_level_cells_and_keeps_money_as_numbers_in_wan():
    book = openpyxl.load_workbook(io.BytesIO(write(seed(), "xlsx")))
    assert book.sheetnames[0] == "部门整体绩效目标"
    sheet = book["职工困难帮扶防贫资金"]
    assert sheet["C4"].value == 20.0 and sheet["C4"].number_format == "#,##0.00"
    level1 = [str(r) for r in sheet.merged_cells.ranges if r.min_col == 1 and r.max_row - r.min_row >= 3]
    assert "A12:A15" in level1  # 产出指标 over its four rows
    assert sheet["A12"].value == "产出指标" and sheet["A12"].font.name == "仿宋_GB2312"
    assert sheet["E12"].value == "≥400人"


def test_docx_merges_level_cells_vertically_and_names_chinese_fonts():
    d = docx.Document(io.BytesIO(write(seed(), "docx")))
    table, indicators = d.tables[2:4]  # after the unit's table, a project's rows, then its indicators under their header row
    row = indicators.rows[1]._tr  # first indicator row
    first_cell = row.tc_lst[0]
    assert first_cell.vMerge == "restart"
    assert indicators.rows[2]._tr.tc_lst[0].vMerge == "continue"
    assert table.cell(1, 2).text == "20.00"
    fonts = d.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert d.paragraphs[0].text == "昌黎县总工会本级2021年部门预算绩效目标"


def test_pdf_embeds_chinese_fonts(tmp_path):
    import subprocess

    pdf = tmp_path / "seed.pdf"
    pdf.write_bytes(write(seed(), "pdf"))
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "Noto-Serif-CJK-SC" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
