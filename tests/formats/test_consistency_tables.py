"""The project 自评表 carries each project's 绩效与预算执行一致性 as a line under its table (issue 15 §2), in
.xlsx, .docx and .pdf, read back from the files.

Three projects of the helpers' shape (budget 200,000元; 帮扶人数 ≥400人 25, 每人补助标准 ≤500元 25, 生活改善 30,
满意度 ≥95% 10: 90 points of indicators; 预算执行率 10), by CZ-2020-10 (red above a 5 % gap, yellow above 20 %
unspent):
- 红: every indicator met (90 of 90 = 100 %), 150,000 spent (75 % → 7.5 of 10 = 75 %): (100 − 75) ÷ 100 = 25 % > 5 %;
- 黄: only 帮扶人数 300人 (25 × 300 ÷ 400 = 18.75 of 90 = 20.83 %), 150,000 spent (75 %): behind the money,
  but 25 % of the budget unspent > 20 %;
- 绿: every indicator met (100 %), 190,000 spent (95 % → 9.5 of 10 = 95 %): (100 − 95) ÷ 100 = 5 %, not above 5 %;
  5 % unspent."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from decimal import Decimal as D

import docx
import openpyxl
import pytest

from jixiao.evaluation.consistency import consistency_of
from jixiao.evaluation.scoring import score_document
from jixiao.formats.evaluation_tables import write_self_evaluation

from ..evaluation.helpers import RULES, actual, document, paid, project

RED, YELLOW, GREEN = "13032221GVUVTX63BWW01", "13032221GVUVTX63BWW02", "13032221GVUVTX63BWW03"
LINES = {
    RED: "一致性检查：红。指标得分率100.00%高于预算执行得分率75.00%，偏差25.00%，超过5%：绩效结果超前于资金使用。",
    YELLOW: "一致性检查：黄。指标得分率20.83%，预算执行得分率75.00%；预算未支出25.00%，超过20%。",
    GREEN: "一致性检查：绿。指标得分率100.00%、预算执行得分率95.00%，偏差5.00%，不超过5%；预算未支出5.00%。",
}
NAMES = {RED: "困难职工帮扶资金", YELLOW: "劳模体检费", GREEN: "送温暖资金"}


def met(code):
    return [actual("帮扶人数", "400人", code=code), actual("每人补助标准", "400元", code=code),
            actual("生活改善", "达成", code=code), actual("满意度", "96%", code=code)]


def scored():
    doc = document(*(replace(project(), code=code, name=name) for code, name in NAMES.items()))
    spending = [paid("150000", code=RED), paid("150000", code=YELLOW), paid("190000", code=GREEN)]
    actuals = met(RED) + [actual("帮扶人数", "300人", code=YELLOW)] + met(GREEN)
    results = score_document(doc, spending, actuals, RULES)
    return doc, results, consistency_of(results, RULES)


def table(fmt: str) -> bytes:
    doc, results, checks = scored()
    return write_self_evaluation(doc, results, fmt, checks)


def test_the_three_projects_are_red_yellow_and_green_by_hand():
    _, results, checks = scored()
    assert [checks[r.key].colour for r in results] == ["red", "yellow", "green"]
    assert [r.execution.score for r in results] == [D("7.5"), D("7.5"), D("9.5")]
    assert [sum(i.score for i in r.indicators) for r in results] == [D(90), D("18.75"), D(90)]


def test_each_xlsx_sheet_has_its_consistency_line_under_the_table_above_the_signatures():
    book = openpyxl.load_workbook(io.BytesIO(table("xlsx")))
    assert book.sheetnames == list(NAMES.values())
    for sheet, code in zip(book.worksheets, NAMES):
        cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
        last_boxed = max(c.row for c in cells if c.border.left.style == "thin")
        under = [c for c in cells if c.row > last_boxed]
        assert [c.value for c in under] == [LINES[code], "填表人：", "审核人：", "填报日期："]
        line = under[0]
        assert line.row == last_boxed + 2 and under[1].row == line.row + 2
        merged = next(r for r in sheet.merged_cells.ranges if line.coordinate in r)
        assert (merged.min_col, merged.max_col) == (1, sheet.max_column) and line.alignment.wrap_text
        assert sheet.row_dimensions[line.row].height >= 15


def test_each_word_table_is_followed_by_its_consistency_line_then_the_signatures():
    d = docx.Document(io.BytesIO(table("docx")))
    texts = [p.text for p in d.paragraphs if p.text]
    for code in NAMES:
        k = texts.index(LINES[code])
        assert texts[k + 1].startswith("填表人：")
    assert [t for t in texts if t.startswith("一致性检查")] == list(LINES.values())
    body = d.element.body
    # each line straight after its table (the 自评表 is printed as two tables, money then indicators, with an
    # empty spacer paragraph between them)
    children = list(body.iterchildren())
    tags = [child.tag.rsplit("}", 1)[1] for child in children]
    after = ["".join(t.text or "" for t in children[k + 1].iter() if t.tag.endswith("}t"))
             for k, tag in enumerate(tags) if tag == "tbl"]
    assert after == ["", LINES[RED], "", LINES[YELLOW], "", LINES[GREEN]]


def test_each_pdf_table_is_followed_by_its_consistency_line():
    text = subprocess.run(["pdftotext", "-", "-"], input=table("pdf"), check=True, capture_output=True).stdout.decode()
    flat = "".join(text.split())  # the line may wrap at the page's width
    at = [flat.find(line) for line in LINES.values()]
    assert -1 not in at and at == sorted(at), flat
    for line in LINES.values():
        after = flat[flat.find(line) + len(line):]
        assert after.startswith("填表人：")
    assert flat.count("总分") == 3 and flat.find("总分") < at[0]


def test_without_checks_the_table_has_no_consistency_line():
    doc, results, _ = scored()
    book = openpyxl.load_workbook(io.BytesIO(write_self_evaluation(doc, results, "xlsx")))
    assert not [c for s in book for row in s.iter_rows() for c in row if str(c.value or "").startswith("一致性检查")]


@pytest.mark.parametrize("unspent, expected", [
    ("0", "一致性检查：黄。指标得分率100.00%，预算执行得分率0.00%；预算数为0，无法比较绩效结果与资金使用。"),
])
def test_a_project_without_budget_prints_both_shares_beside_its_reason(unspent, expected):
    doc = document(project(total=unspent))
    results = score_document(doc, [], met(project().code), RULES)
    book = openpyxl.load_workbook(io.BytesIO(write_self_evaluation(doc, results, "xlsx",
                                                                   consistency_of(results, RULES))))
    assert expected in [c.value for row in book.worksheets[0].iter_rows() for c in row]
