"""The official tables as a finance bureau files them (issue 14 §6): A4 in the form's orientation,
fitted to the page's width, the indicator header row repeated on each page, the title merged
over the table, numbers stored as numbers with their display formats, blank cells blank and the
填表人 / 审核人 / 填报日期 line under the table."""

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from docx.oxml.ns import qn

from jixiao.core.document import Budget
from jixiao.evaluation.monitoring import monitor_document
from jixiao.evaluation.scoring import score_document
from jixiao.formats.evaluation_tables import write_monitoring, write_self_evaluation
from jixiao.formats.writer import write

from ..evaluation.helpers import CODE, RULES, actual, document, ind, paid, project
from .test_writers import seed


def goal_table() -> bytes:
    return write(seed(), "xlsx")


def monitoring_table(fmt="xlsx") -> bytes:
    doc = document()
    actuals = [actual("帮扶人数", "196人")]  # no reason given for a project behind its plan
    on, rows = monitor_document(doc, [paid("98000.00")], actuals, date(2021, 7, 31), RULES)
    return write_monitoring(doc, on, rows, fmt)


def self_evaluation_table(fmt="xlsx") -> bytes:
    doc = document()
    actuals = [actual("帮扶人数", "380人", reason="2人因病住院未检"), actual("每人补助标准", "500元"),
               actual("生活改善", "达成"), actual("满意度", "96%")]
    return write_self_evaluation(doc, score_document(doc, [paid("199500.00")], actuals, RULES), fmt)


TABLES = {"目标表": (goal_table, "portrait", "2021年项目支出绩效目标表", "三级指标"),
          "监控表": (monitoring_table, "landscape", "项目支出绩效目标执行监控表（2021年1-7月）", "1-7月执行情况"),
          "自评表": (self_evaluation_table, "portrait", "项目支出绩效自评表（2021年度）", "实际完成值")}


def sheet_of(name):
    book = openpyxl.load_workbook(io.BytesIO(TABLES[name][0]()))
    return book.worksheets[-1]


def values(sheet):
    return {c.coordinate: c for row in sheet.iter_rows() for c in row if c.value is not None}


@pytest.mark.parametrize("name", TABLES)
def test_each_table_prints_on_a4_in_its_orientation_fitted_to_the_page_width(name):
    sheet = sheet_of(name)
    setup = sheet.page_setup
    assert setup.paperSize == 9 and setup.orientation == TABLES[name][1]
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)  # one page wide, as many long as it takes


@pytest.mark.parametrize("name", TABLES)
def test_each_table_repeats_its_indicator_header_row_on_every_page(name):
    sheet = sheet_of(name)
    first, last = sheet.print_title_rows.replace("$", "").split(":")  # "$11:$11"
    assert first == last
    repeated = [c.value for c in sheet[int(first)] if c.value]
    assert repeated[:3] == ["一级指标", "二级指标", "三级指标"] and TABLES[name][3] in repeated


@pytest.mark.parametrize("name", TABLES)
def test_each_title_is_merged_over_the_whole_table(name):
    sheet = sheet_of(name)
    assert sheet["A1"].value == TABLES[name][2]
    title = [r for r in sheet.merged_cells.ranges if r.min_row == r.max_row == 1]
    table_width = max(c.column for c in values(sheet).values() if c.border.left.style == "thin")
    assert len(title) == 1 and (title[0].min_col, title[0].max_col) == (1, table_width)


def test_the_goal_table_prints_the_signature_line_in_its_footer():
    """Cells under the goal table would be read back as indicators: the line is the page's footer."""
    sheet = sheet_of("目标表")
    assert sheet.oddFooter.center.text == "填表人：　　　　审核人：　　　　填报日期："
    assert not [c for c in values(sheet).values() if c.value in ("填表人：", "审核人：")]


@pytest.mark.parametrize("name", ["监控表", "自评表"])
def test_each_evaluation_table_has_the_signature_line_under_it(name):
    sheet = sheet_of(name)
    cells = values(sheet)
    last_boxed = max(c.row for c in cells.values() if c.border.left.style == "thin")
    signed = {c.value: c for c in cells.values() if c.row > last_boxed}
    assert list(signed) == ["填表人：", "审核人：", "填报日期："]
    assert len({c.row for c in signed.values()}) == 1 and len({c.column for c in signed.values()}) == 3


def test_the_monitoring_table_stores_rates_as_percentages_and_money_as_money():
    cells = values(sheet_of("监控表"))
    by_format = {}
    for c in cells.values():
        by_format.setdefault(c.number_format, []).append(c)
    assert all(c.data_type == "n" for f in ("0.00%", "#,##0.00") for c in by_format[f])
    assert pytest.approx(0.49) in [c.value for c in by_format["0.00%"]]  # 9.80 of 20.00万元 spent by July
    assert 9.8 in [c.value for c in by_format["#,##0.00"]] and 20.0 in [c.value for c in by_format["#,##0.00"]]
    assert not [c for c in cells.values() if isinstance(c.value, str) and c.value.endswith("%")
                and c.value.rstrip("%").replace(".", "").isdigit()]  # no percentage left as text


def test_the_monitoring_table_leaves_a_reason_not_given_blank():
    sheet = sheet_of("监控表")
    assert not [c for c in values(sheet).values() if isinstance(c.value, str) and "（缺）" in c.value]
    head = next(r for r in sheet.iter_rows() if r[0].value == "年度资金总额")
    assert head[6].value.startswith(("黄", "红")) and head[7].value is None  # 预警 shown, 偏差原因分析 blank


def test_the_self_evaluation_table_stores_scores_and_rates_as_numbers():
    cells = values(sheet_of("自评表"))
    scores = [c for c in cells.values() if c.number_format == "0.00"]
    assert scores and all(c.data_type == "n" for c in scores)
    assert 10.0 in [c.value for c in scores]  # 执行率's 分值
    rates = [c for c in cells.values() if c.number_format == "0.00%"]
    assert [pytest.approx(c.value) for c in rates] == [0.9975]
    total = next(c for c in cells.values() if c.value == "总分")
    assert isinstance(sheet_of("自评表").cell(total.row, total.column + 1).value, float)
    assert not [c for c in cells.values() if isinstance(c.value, str) and c.value.replace(".", "").isdigit()]


def rows_of(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_self_evaluation_table_has_the_money_rows_with_their_three_budget_figures():
    rows = {r[0]: r for r in rows_of(sheet_of("自评表")) if r[0]}
    assert rows["项目资金（万元）"][1:4] == ["年初预算数", "全年预算数", "全年执行数"]
    assert rows["年度资金总额"][1:4] == [20, 20, 19.95]
    assert rows["其中：财政拨款"][1:7] == [20, 20, 19.95, "—", "—", "—"]  # all money is 财政拨款: all spent is too
    assert rows["其他资金"][1:4] == [0, 0, 0]
    assert rows["其中：财政拨款"][7] == "全年预算数=年初预算数（未记录年中预算调整）"


def test_money_from_two_sources_leaves_the_parts_execution_blank_and_says_why():
    doc = document(project(total="200000"))
    doc.projects[0].budget = Budget(D("200000"), D("150000"), D("50000"))
    data = write_self_evaluation(doc, score_document(doc, [paid("100000.00")], [], RULES), "xlsx")
    rows = {r[0]: r for r in rows_of(openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]) if r[0]}
    assert rows["年度资金总额"][1:4] == [20, 20, 10]
    assert rows["其中：财政拨款"][1:4] == [15, 15, None] and rows["其他资金"][1:4] == [5, 5, None]
    assert "支出记录未区分资金来源" in rows["其中：财政拨款"][7]


def test_the_self_evaluation_table_sets_the_years_goals_beside_what_was_achieved():
    sheet = sheet_of("自评表")
    rows = rows_of(sheet)
    k = next(i for i, r in enumerate(rows) if r[0] == "年度总体目标")
    assert rows[k][1] == "预期目标" and rows[k][4] == "实际完成情况"
    assert rows[k + 1][1] == "1.帮扶"
    assert rows[k + 1][4].startswith("4项绩效指标中3项达到年度指标值；未达到：帮扶人数（年度指标值≥400人，实际完成值380人）")
    assert f"A{k + 1}:A{k + 2}" in {str(r) for r in sheet.merged_cells.ranges}  # the label over both rows
    assert rows[k + 2][:3] == ["一级指标", "二级指标", "三级指标"]  # then the indicators


def word(name):
    import docx

    if name == "目标表":
        return docx.Document(io.BytesIO(write(seed(), "docx")))
    return docx.Document(io.BytesIO(TABLES[name][0]("docx")))


@pytest.mark.parametrize("name", TABLES)
def test_word_tables_are_on_a4_in_the_forms_orientation_and_as_wide_as_the_page(name):
    from docx.shared import Mm

    d = word(name)
    section = d.sections[0]
    size = (Mm(297), Mm(210)) if TABLES[name][1] == "landscape" else (Mm(210), Mm(297))
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (size[0].mm, size[1].mm)
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in d.tables:
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        assert abs(sum(int(g.get(qn("w:w"))) for g in grid) * 635 - text_width) < Mm(1)
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


@pytest.mark.parametrize("name", TABLES)
def test_word_headings_are_black_in_the_official_fonts_not_words_blue_theme(name):
    d = word(name)
    for style in ("Title", "Heading 1", "Heading 2"):
        rpr = d.styles[style].element.rPr
        assert rpr.find(qn("w:color")).get(qn("w:val")) == "000000"
        assert rpr.find(qn("w:color")).get(qn("w:themeColor")) is None
        assert rpr.rFonts.get(qn("w:asciiTheme")) is None and rpr.rFonts.get(qn("w:eastAsia"))
        assert d.styles[style].element.pPr.find(qn("w:pBdr")) is None  # no blue rule under the title
    if name != "目标表":
        assert not [p for p in d.paragraphs if p.style.name != "Normal"]


@pytest.mark.parametrize("name", ["监控表", "自评表"])
def test_word_evaluation_tables_repeat_the_indicator_header_and_keep_the_title_with_the_table(name):
    d = word(name)
    title, unit = d.paragraphs[0], d.paragraphs[1]
    assert title.text == TABLES[name][2] and title.runs[0].font.name == "方正小标宋简体"
    assert title.paragraph_format.keep_with_next and unit.paragraph_format.keep_with_next
    top, indicators = d.tables
    header = indicators.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells][:3] == ["一级指标", "二级指标", "三级指标"]
    assert top.rows[0]._tr.trPr.find(qn("w:tblHeader")) is None
    assert [c.text for c in top.rows[0].cells][0] == "项目名称"
    texts = [p.text for p in d.paragraphs]
    assert any(t.startswith("填表人：") and "审核人：" in t and t.endswith("填报日期：") for t in texts)
    cells = {c.text for t in d.tables for row in t.rows for c in row.cells}
    assert not [c for c in cells if "（缺）" in c]


def test_word_self_evaluation_prints_numbers_as_the_form_does():
    cells = {c.text for t in word("自评表").tables for row in t.rows for c in row.cells}
    assert {"20.00", "19.95", "99.75%", "10.00", "23.75", "98.72", "—"} <= cells


def test_word_goal_table_keeps_its_title_with_its_table():
    d = word("目标表")
    k = next(i for i, p in enumerate(d.paragraphs) if p.text.endswith("绩效目标表"))
    assert d.paragraphs[k].paragraph_format.keep_with_next and d.paragraphs[k + 1].paragraph_format.keep_with_next


def pdf_pages(data: bytes) -> list[list[str]]:
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, check=True, capture_output=True).stdout
    return [[line for line in page.split("\n") if line.strip()] for page in text.decode().split("\f") if page.strip()]


def in_order(line: str, words) -> bool:
    at = [line.find(w) for w in words]
    return -1 not in at and at == sorted(at)


SELF_EVALUATION_COLUMNS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
MONITORING_COLUMNS = ("一级指标", "二级指标", "三级指标", "年度指标值", "1-7月执行情况", "全年预计完成情况",
                      "完成目标可能性", "偏差原因分析", "纠偏措施")


def test_the_pdf_monitoring_table_prints_landscape_in_the_official_column_order():
    pages = pdf_pages(monitoring_table("pdf"))
    lines = [line for page in pages for line in page]
    assert lines[0].strip() == "项目支出绩效目标执行监控表（2021年1-7月）"
    assert any(in_order(line, ("年初预算数", "1-7月执行数", "1-7月执行率", "计划进度", "序时进度", "预警",
                               "偏差原因分析", "纠偏措施")) for line in lines)
    assert any(in_order(line, MONITORING_COLUMNS) for line in lines)  # one line: the page is wide enough
    assert any(in_order(line, ("年度资金总额", "20.00", "9.80", "49.00%", "62.60%", "58.08%", "黄")) for line in lines)
    assert not [line for line in lines if "（缺）" in line]
    assert in_order(lines[-1], ("填表人：", "审核人：", "填报日期："))


def test_the_pdf_self_evaluation_prints_the_official_columns_and_blocks_in_order():
    lines = [line for page in pdf_pages(self_evaluation_table("pdf")) for line in page]
    assert any(in_order(line, ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")) for line in lines)
    assert any(in_order(line, ("年度资金总额", "20.00", "20.00", "19.95", "10.00", "99.75%", "9.98")) for line in lines)
    assert any(in_order(line, ("预期目标", "实际完成情况")) for line in lines)
    assert any(in_order(line, SELF_EVALUATION_COLUMNS) for line in lines)
    assert any(in_order(line, ("帮扶人数", "≥400人", "380人", "25.00", "23.75", "2人因病住院未检")) for line in lines)
    order = [next(k for k, line in enumerate(lines) if word in line)
             for word in ("项目名称", "年度资金总额", "其中：财政拨", "其他资金", "年度总体目标", "一级指标", "总分", "填表人：")]
    assert order == sorted(order)


def long_self_evaluation(projects: int, indicators: int) -> bytes:
    made = []
    for k in range(projects):
        p = project([ind("产出指标", "数量指标", f"帮扶人数{n}", "≥400人") for n in range(indicators + k)])
        made.append(replace(p, code=f"{CODE[:-2]}{k:02d}", name=f"困难职工帮扶资金{k + 1}"))
    doc = document(*made)
    return write_self_evaluation(doc, score_document(doc, [], [], RULES), "pdf")


def test_the_pdf_indicator_header_is_repeated_on_each_page_of_a_long_table():
    pages = pdf_pages(long_self_evaluation(1, 60))
    first = next(k for k, page in enumerate(pages) if any(in_order(line, SELF_EVALUATION_COLUMNS) for line in page))
    assert len(pages) - first >= 3
    for page in pages[first + 1:]:
        # the header row (its last column wrapped over 3 lines) first on every page
        assert any(in_order(line, SELF_EVALUATION_COLUMNS) for line in page[:3]), page[:3]


def test_no_pdf_table_title_is_left_at_the_bottom_of_a_page():
    pages = pdf_pages(long_self_evaluation(8, 4))
    title = "项目支出绩效自评表（2021年度）"
    assert len(pages) >= 2 and sum(line.strip() == title for page in pages for line in page) == 8
    for page in pages:
        for k, line in enumerate(page):
            if line.strip() == title:
                assert k + 2 < len(page) and "项目名称" in page[k + 2]  # its unit line and first row on its page


@pytest.mark.parametrize("name", ["监控表", "自评表"])
def test_each_evaluation_sheet_names_its_project_and_unit_above_the_table(name):
    sheet = sheet_of(name)
    assert sheet["A2"].value == "困难职工帮扶资金"
    assert sheet.cell(2, sheet.max_column).value == "单位：万元"
    widths = [sheet.column_dimensions[chr(65 + k)].width for k in range(sheet.max_column)]
    assert max(widths) > min(widths)  # text columns wider than the numbers'


# ---------------------------------------------------------------- the 目标表 as jixiao prints it and reads it back

def long_goal_document():
    """The seed with its first project's indicators five times over (named apart): a table over pages."""
    doc = seed()
    first = doc.projects[0]
    many = [replace(i, name=f"{i.name}{k}") for k in range(1, 6) for i in first.indicators]
    return replace(doc, projects=[replace(first, indicators=many), *doc.projects[1:]])


def test_word_goal_table_repeats_its_indicator_header_and_signs_under_each_table():
    d = word("目标表")
    projects = len(seed().projects)
    # the 部门整体支出绩效目标表 (tests/formats/test_unit_wide_tables.py), then each project's rows and its
    # indicators under their header row
    assert len(d.tables) == 2 + 2 * projects
    for top, indicators in zip(d.tables[2::2], d.tables[3::2]):
        assert [c.text for c in top.rows[0].cells][0] == "项目编码"
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in top.rows)
        header = indicators.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert [c.text for c in header.cells] == ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in indicators.rows[1:])
    signed = [p.text for p in d.paragraphs if p.text.startswith("填表人：")]
    assert len(signed) == 1 + projects and all(in_order(t, ("填表人：", "审核人：", "填报日期：")) for t in signed)


@pytest.mark.parametrize("doc", [seed, long_goal_document], ids=["seed", "long"])
def test_the_word_goal_table_reads_back_exactly(doc):
    from jixiao.formats.reader import read_bytes

    written = doc()
    back, problems = read_bytes(write(written, "docx"), "目标表.docx")
    assert problems == [] and back == written
    assert not [i for p in back.projects for i in p.indicators if "填表人" in i.level1 + i.name]


def test_word_goal_table_printed_repeats_its_header_on_page_2_and_reads_back(tmp_path):
    """Printed by LibreOffice (standing in for Word), the long table's header row tops each page it runs
    over, and jixiao reads the printed text back to the same document: the header printed again and the
    signature line are no indicators."""
    from jixiao.formats.reader import read_bytes

    from ..conftest import libreoffice

    doc = long_goal_document()
    path = tmp_path / "目标表.docx"
    path.write_bytes(write(doc, "docx"))
    pdf = libreoffice(path, "pdf", tmp_path)
    pages = pdf_pages(pdf)
    header = ("一级指标", "二级指标", "三级指标", "指标值")
    first = next(k for k, page in enumerate(pages) if any(in_order(line, header) for line in page))
    assert len(pages) > first + 1
    assert any(in_order(line, header) for line in pages[first + 1][:3]), pages[first + 1][:3]
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, check=True, capture_output=True).stdout
    back, problems = read_bytes(text, "目标表.txt")
    assert problems == [] and back == doc


@pytest.mark.parametrize("make", [seed, long_goal_document], ids=["seed", "long"])
def test_the_pdf_goal_table_repeats_its_header_signs_under_each_table_and_reads_back(make):
    """WeasyPrint repeats the indicator header row at the top of each page the table runs over, the
    signature line is under each table, and jixiao reads the printed text back to the same document."""
    import subprocess

    from jixiao.formats.reader import read_bytes

    doc = make()
    pdf = write(doc, "pdf")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, check=True, capture_output=True).stdout
    signed = [line for line in text.decode().split("\n") if in_order(line, ("填表人：", "审核人：", "填报日期："))]
    assert len(signed) == 1 + len(doc.projects)  # the 部门整体支出绩效目标表's and each project's
    header = ("一级指标", "二级指标", "三级指标", "指标值")
    pages = pdf_pages(pdf)
    projects = next(k for k, page in enumerate(pages) if any("第二部分" in line for line in page))
    # a page that goes on with a project's indicators starts with their header
    runs_over = [page for page in pages[projects + 1:] if not page[0].startswith("填表人：")
                 and not page[0].strip().endswith("绩效目标表")]
    assert all(any(in_order(line, header) for line in page[:3]) for page in runs_over), [p[:3] for p in runs_over]
    assert runs_over or make is seed  # the long table runs over pages (the seed's tables end at their pages' feet)
    back, problems = read_bytes(text, "目标表.txt")
    assert problems == [] and back == doc


# ---------------------------------------------------------------- 部门整体支出绩效自评表 and 自评报告 (issue 14 §3)

def department(fmt="xlsx", items=None) -> bytes:
    from jixiao.formats.evaluation_tables import write_department_evaluation

    from ..evaluation.department_example import evaluation

    return write_department_evaluation(evaluation(items), fmt)


def many_items(n: int):
    from jixiao.evaluation.department_evaluation import UnitIndicatorItem

    from ..evaluation.department_example import ITEMS

    return [UnitIndicatorItem(i.sub_goal, replace(i.indicator, name=f"{i.indicator.name}{k}"), i.actual, i.records)
            for k in range(n // len(ITEMS)) for i in ITEMS]


DEPARTMENT_COLUMNS = ("分项目标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
PRINTED_COLUMNS = ("分项目标", "一级指标", "二级指标", "三级指标", "年度指标值", "分值", "得分")  # 实际完成值 wraps
DEPARTMENT_PARTS = ("一、基础数据", "二、部门整体绩效指标", "三、项目支出绩效自评结果", "四、自评得分")


def test_the_department_sheet_stores_numbers_as_numbers_on_a4_with_the_indicator_header_repeated():
    sheet = openpyxl.load_workbook(io.BytesIO(department())).worksheets[0]
    cells = values(sheet)
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "部门整体支出绩效自评表（2021年度）" and rows[1][0] == "昌黎县总工会本级"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) and sheet.page_setup.orientation == "portrait"
    header = next(k for k, row in enumerate(rows, 1) if tuple(row) == DEPARTMENT_COLUMNS)
    assert sheet.print_title_rows == f"${header}:${header}"
    staffing = {row[0]: row[3:6] for row in rows if row[0] in ("昌黎县总工会本级", "昌黎县工人文化宫", "合计")}
    assert staffing["昌黎县总工会本级"] == [6, 6, 19] and staffing["昌黎县工人文化宫"] == [10, 10, 4]
    money = {row[0]: row[3:6] for row in rows if row[0] in ("基本支出", "其中：人员经费", "项目支出", "政府采购")}
    assert money["基本支出"][:2] == [145.0, 142.05] and money["其中：人员经费"][1] == 123.6
    assert money["项目支出"][0] == 36.95 and money["政府采购"][0] == 8.6
    three = next(row for row in rows if row[0] == "“三公”经费")
    assert three[3] == "未记录"
    score = next(c for c in cells.values() if c.value == "自评总分")
    total = sheet.cell(score.row, score.column + 1)
    assert isinstance(total.value, float) and round(total.value, 2) == 98.75 and total.number_format == "0.00"
    labour = next(row for row in rows if row[3] == "劳模体检人数")
    assert labour[:6] == ["劳模体检费", "产出指标", "数量指标", "劳模体检人数", "≥48人", "46人"]
    assert labour[6] == 17.5 and round(labour[7], 2) == 16.77
    rate = next(c for c in cells.values() if c.value == "执行率")
    below = sheet.cell(rate.row + 1, rate.column)
    assert below.number_format == "0.00%" and round(below.value, 4) == 0.9797  # 142.05 / 145.00
    assert any(c.value == "填表人：" for c in cells.values())
    assert [next(k for k, row in enumerate(rows) if row[0] == part) for part in DEPARTMENT_PARTS] == sorted(
        next(k for k, row in enumerate(rows) if row[0] == part) for part in DEPARTMENT_PARTS)


def test_the_department_word_table_repeats_its_indicator_header_and_signs():
    import docx

    d = docx.Document(io.BytesIO(department("docx")))
    assert d.paragraphs[0].text == "部门整体支出绩效自评表（2021年度）"
    top, rest = d.tables
    assert [c.text for c in top.rows[0].cells][:2] == ["部门（单位）名称", "昌黎县总工会本级"]
    assert tuple(c.text for c in rest.rows[0].cells) == DEPARTMENT_COLUMNS
    assert rest.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert any(p.text.startswith("填表人：") for p in d.paragraphs)


def test_the_department_pdf_prints_its_parts_and_columns_in_order_with_the_header_on_each_page():
    lines = [line for page in pdf_pages(department("pdf")) for line in page]
    assert lines[0].strip() == "部门整体支出绩效自评表（2021年度）"
    order = [next(k for k, line in enumerate(lines) if part in line) for part in DEPARTMENT_PARTS]
    assert order == sorted(order)
    assert any(in_order(line, ("编制数", "在职人数", "退休人数")) for line in lines)
    assert any(in_order(line, ("年初预算数", "全年执行数", "执行率")) for line in lines)
    assert any(in_order(line, PRINTED_COLUMNS) for line in lines)
    assert any(in_order(line, ("劳模体检费", "产出指标", "≥48人", "46人", "17.50", "16.77")) for line in lines)
    assert any(in_order(line, ("“三公”经费", "未记录")) for line in lines)
    assert any(in_order(line, ("总分", "100.00", "98.75")) for line in lines)
    assert in_order(lines[-1], ("填表人：", "审核人：", "填报日期："))
    pages = pdf_pages(department("pdf", many_items(80)))
    assert len(pages) >= 3
    for page in pages[1:]:
        assert any(in_order(line, PRINTED_COLUMNS) for line in page[:3]), page[:3]


def test_the_department_report_has_its_sections_figures_prose_and_blank_lines():
    import docx

    from jixiao.formats.evaluation_tables import REPORT_BLANK, write_department_report

    from ..evaluation.department_example import evaluation

    d = docx.Document(io.BytesIO(write_department_report(evaluation())))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "昌黎县总工会本级2021年度部门整体支出绩效自评报告"
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、基本情况", "二、绩效目标完成情况", "三、存在问题", "四、改进措施"]
    body = "\n".join(texts)
    assert "编制数16人，在职16人，退休23人" in body and "“三公”经费未记录；政府采购8.60万元。" in body
    assert "部门整体支出绩效自评总分98.75分，等级为“优”。" in body and "劳模体检有2人因病住院未检。" in body
    measures = texts.index("四、改进措施")
    blanks = d.paragraphs[measures + 1:]
    assert len(blanks) == 2 and all(p.text == REPORT_BLANK and p.runs[0].underline for p in blanks)
    problems = texts.index("三、存在问题")
    assert texts[problems + 1:measures] == ["劳模体检人数未达到年度指标值（≥48人，实际46人）。", "劳模体检有2人因病住院未检。"]
