"""The 部门整体支出绩效目标表 (issue 14 §1/§6): the unit-wide part written as the official table (财预〔2015〕88号
附件: 部门（单位）名称, 年度总体目标, 年度履职目标 with each 分项目标's projects and their money, 年度绩效指标) with
each 分项目标's own indicators under a row naming it, in .docx, .xlsx and .pdf, and read back exactly."""

import io
from dataclasses import replace
from decimal import Decimal

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.document import DepartmentGoals, GoalDocument, Indicator, SubGoal
from jixiao.core.targets import parse_target
from jixiao.core.unit_goals import link_projects, propose
from jixiao.formats.layout import INDICATOR_HEADER, unit_rows
from jixiao.formats.reader import read_bytes, read_path
from jixiao.formats.writer import write

from ..conftest import CORPUS
from .test_official_tables import in_order, pdf_pages

SEED = CORPUS / "seed" / "changli-union-2021.txt"
NINGDE = CORPUS / "real" / "ningde-dangshi-2019-unitwide.txt"
FORMATS = ["docx", "xlsx", "pdf", "json"]
GRANT, CHECKS, EARLY = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098", "13032221W892NIM0EVGFV"


def seed() -> GoalDocument:
    """The seed with its unit-wide indicators proposed from its sentences and its projects linked, as the
    demo imports it."""
    doc = read_path(SEED)[0]
    for sub in doc.department.sub_goals:
        sub.indicators = propose(sub)
    link_projects(doc)
    return doc


def ningde() -> GoalDocument:
    return read_path(NINGDE)[0]


def with_unit_indicators() -> GoalDocument:
    """The seed whose unit also has indicators of its own (宁德's kind), beside its sub-goals'."""
    doc = seed()
    own = [replace(i, name=f"全年{i.name}") for i in doc.department.sub_goals[0].indicators]
    doc.department.indicators = own
    return doc


DOCUMENTS = {"seed": seed, "ningde": ningde, "unit": with_unit_indicators}


@pytest.fixture(scope="module")
def written():
    cache: dict[tuple[str, str], bytes] = {}

    def get(name: str, fmt: str) -> bytes:
        if (name, fmt) not in cache:
            cache[(name, fmt)] = write(DOCUMENTS[name](), fmt)
        return cache[(name, fmt)]

    return get


# ---------------------------------------------------------------- read back exactly

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_goal_document_reads_back_exactly_with_its_unit_wide_tables(written, name, fmt):
    doc = DOCUMENTS[name]()
    back, problems = read_bytes(written(name, fmt), f"目标表.{fmt}")
    assert problems == []
    assert back == doc
    assert back.department == doc.department  # the sub-goals' indicators and projects, the unit's own, measures


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_the_seeds_sub_goal_indicators_and_projects_come_back_under_their_sub_goal(written, fmt):
    back, _ = read_bytes(written("seed", fmt), f"目标表.{fmt}")
    subs = {s.name: s for s in back.department.sub_goals}
    assert subs["帮扶工作"].projects == [GRANT, EARLY] and subs["劳模体检费"].projects == [CHECKS]
    assert subs["工会事务"].projects == []
    assert [(i.name, i.target.raw) for i in subs["帮扶工作"].indicators] == [("救助标准", "≥500元"), ("救助人数", "≥400人")]
    assert [(i.name, i.target.raw) for i in subs["劳模体检费"].indicators] == [("省部级劳模人数", "=48人"),
                                                                             ("体检费用标准", "=500元/人")]
    assert [(i.level1, i.level2, i.name, i.target.op, i.target.value) for i in subs["工会事务"].indicators] == \
        [("产出指标", "数量指标", "正常运转人数", "≥", Decimal(16))]
    assert back.department.indicators == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_the_unit_indicators_stay_the_units_and_the_sub_goals_their_own(written, fmt):
    back, _ = read_bytes(written("unit", fmt), f"目标表.{fmt}")
    assert [i.name for i in back.department.indicators] == ["全年救助标准", "全年救助人数"]
    assert [i.name for i in back.department.sub_goals[0].indicators] == ["救助标准", "救助人数"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_the_table_alone_gives_the_overall_goal_the_sub_goals_goals_and_projects(written, fmt):
    """Without the text part (a table copied out of the document), the table still says the unit-wide goals."""
    from jixiao.formats import docx_reader, pdf_reader, text, xlsx_reader
    from jixiao.formats.assemble import assemble
    from jixiao.formats.blocks import Table

    data = written("seed", fmt)
    if fmt == "docx":
        blocks = list(docx_reader._blocks(docx.Document(io.BytesIO(data)).element.body))
    elif fmt == "xlsx":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_name("部门整体支出绩效目标表")
        blocks = xlsx_reader._sheet(sheet.name, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [])
    else:
        blocks = text.layout(pdf := pdf_reader._pdftotext(data, "x.pdf").decode()).blocks(pdf)
    tables = [b for b in blocks if isinstance(b, Table)]
    doc, _ = assemble(tables[:1])
    want = seed().department
    got = doc.department
    assert got.overall_goal == want.overall_goal
    assert [(s.name, s.goal, s.indicators) for s in got.sub_goals] == [(s.name, s.goal, s.indicators) for s in want.sub_goals]
    assert [s.projects for s in got.sub_goals] == [["职工困难帮扶防贫资金", "提前下达2021年困难职工及劳模帮扶救助专项资金"],
                                                    ["劳模体检费"], []]  # names: the projects are not in this table


def test_ningdes_projects_are_read_from_its_spending_column():
    doc = ningde()
    assert [s.projects for s in doc.department.sub_goals] == [["地情、市志编纂与年鉴出版经费"],
                                                              ["地情、市志编纂与年鉴出版经费"], ["基本支出"]]


def test_a_project_cell_parted_by_semicolons_or_lines_names_each_project():
    from jixiao.formats.assemble import _project_names

    assert _project_names("职工困难帮扶防贫资金；\n劳模体检费") == ["职工困难帮扶防贫资金", "劳模体检费"]
    assert _project_names("甲;乙\n丙") == ["甲", "乙", "丙"] and _project_names("") == []


def test_a_sub_goal_named_only_in_the_table_is_added_after_the_texts():
    from jixiao.formats.assemble import with_table

    text = DepartmentGoals("总体", [SubGoal("帮扶工作", "目标甲")])
    table = DepartmentGoals("表中总体", [SubGoal("帮扶工作", "表中目标", projects=["P1"]), SubGoal("新增", "乙")])
    merged = with_table(text, table)
    assert merged.overall_goal == "总体"
    assert [(s.name, s.goal, s.projects) for s in merged.sub_goals] == [("帮扶工作", "目标甲", ["P1"]), ("新增", "乙", [])]


# ---------------------------------------------------------------- the layout

def test_the_layout_has_the_official_rows_with_each_sub_goals_projects_and_money():
    rows = [[(c.text, c.span) for c in row] for row in unit_rows(seed())]
    assert rows[0] == [("部门（单位）名称", 1), ("昌黎县总工会本级", 2), ("部门预算编码", 1), ("711001", 2)]
    assert rows[1][0] == ("年度总体目标", 1) and rows[1][1][0].startswith("县总工会将高举")
    assert rows[2] == [("年度履职目标", 6)]
    assert rows[3] == [("分项目标", 1), ("年度目标任务", 3), ("支出项目名称", 1), ("预算金额（万元）", 1)]
    # 20.00 + 14.55 万元 (the seed's 职工困难帮扶防贫资金 and 提前下达 … 专项资金); 劳模体检费 2.40; 工会事务 has no project
    assert [(r[0][0], r[2][0], r[3][0]) for r in rows[4:7]] == [
        ("帮扶工作", "职工困难帮扶防贫资金；\n提前下达2021年困难职工及劳模帮扶救助专项资金", "34.55"),
        ("劳模体检费", "劳模体检费", "2.40"), ("工会事务", "", "")]
    assert rows[7] == [("年度绩效指标", 6)] and tuple(t for t, _ in rows[8]) == INDICATOR_HEADER
    assert rows[9] == [("分项目标：帮扶工作", 6)] and tuple(t for t, _ in rows[10]) == INDICATOR_HEADER
    assert [r[2][0] for r in rows[11:13]] == ["救助标准", "救助人数"]
    assert [r[0][0] for r in rows if r[0][0].startswith("分项目标：")] == ["分项目标：帮扶工作", "分项目标：劳模体检费",
                                                                    "分项目标：工会事务"]


def test_a_sub_goal_with_a_project_not_in_the_document_has_no_amount():
    doc = seed()
    doc.department.sub_goals[1].projects = [CHECKS, "别处的项目"]
    row = unit_rows(doc)[5]
    assert (row[2].text, row[3].text) == ("劳模体检费；\n别处的项目", "")


def test_a_document_without_a_unit_wide_part_has_no_unit_table():
    doc = replace(seed(), department=None)
    assert unit_rows(doc) == []
    assert "部门整体支出绩效目标表" not in openpyxl.load_workbook(io.BytesIO(write(doc, "xlsx"))).sheetnames


# ---------------------------------------------------------------- as a finance bureau files it

def unit_sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))["部门整体支出绩效目标表"]


def test_the_unit_sheet_prints_on_a4_fitted_with_the_indicator_header_repeated(written):
    sheet = unit_sheet(written("seed", "xlsx"))
    setup = sheet.page_setup
    assert setup.paperSize == 9 and setup.orientation == "portrait" and (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet["A1"].value == "2021年部门整体支出绩效目标表"
    first, last = sheet.print_title_rows.replace("$", "").split(":")
    assert first == last and tuple(c.value for c in sheet[int(first)]) == INDICATOR_HEADER
    assert sheet.oddFooter.center.text == "填表人：　　　　审核人：　　　　填报日期："


def test_the_unit_sheet_keeps_money_as_numbers_and_blank_cells_blank(written):
    sheet = unit_sheet(written("seed", "xlsx"))
    rows = {row[0].value: row for row in sheet.iter_rows()}
    assert rows["帮扶工作"][5].value == 34.55 and rows["帮扶工作"][5].number_format == "#,##0.00"
    assert rows["劳模体检费"][5].value == 2.4
    assert rows["工会事务"][4].value is None and rows["工会事务"][5].value is None
    indicator = next(row for row in sheet.iter_rows() if row[2].value == "救助人数")
    assert [c.value for c in indicator[2:5]] == ["救助人数", "救助人数400人以上", "≥400人"]


def test_the_word_unit_table_keeps_its_title_with_it_and_repeats_the_indicator_header(written):
    d = docx.Document(io.BytesIO(written("seed", "docx")))
    k = next(i for i, p in enumerate(d.paragraphs) if p.text == "2021年部门整体支出绩效目标表")
    assert d.paragraphs[k].paragraph_format.keep_with_next and d.paragraphs[k + 1].paragraph_format.keep_with_next
    top, indicators = d.tables[:2]
    assert top.cell(0, 0).text == "部门（单位）名称" and top.cell(3, 4).text == "支出项目名称"
    header = indicators.rows[0]
    assert [c.text for c in header.cells] == list(INDICATOR_HEADER)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert d.paragraphs[k - 1].text.startswith("坚持开展监督工作")  # after the text part, before the projects


def test_the_pdf_unit_table_prints_its_title_with_it_and_the_official_columns_in_order(written):
    pages = pdf_pages(written("seed", "pdf"))
    page = next(p for p in pages if any(line.strip() == "2021年部门整体支出绩效目标表" for line in p))
    at = next(k for k, line in enumerate(page) if line.strip() == "2021年部门整体支出绩效目标表")
    assert "单位：万元" in page[at + 1] and in_order(page[at + 2], ("部门（单位）名称", "昌黎县总工会本级", "部门预算编码", "711001"))
    lines = [line for p in pages for line in p]
    assert any(in_order(line, ("分项目标", "年度目标任务", "支出项目名称", "预算金额（万元）")) for line in lines)
    assert any(in_order(line, ("劳模体检费", "体现党和政府", "2.40")) for line in lines)
    assert sum(in_order(line, ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"))
               for line in lines) >= 4  # the unit's, then each of the three sub-goals'
    order = [next(k for k, line in enumerate(lines) if word in line)
             for word in ("年度总体目标", "年度履职目标", "年度绩效指标", "分项目标：帮扶工作", "分项目标：劳模体检费",
                          "分项目标：工会事务", "填表人：", "第二部分")]
    assert order == sorted(order)


def test_the_pdf_table_of_many_sub_goal_indicators_runs_over_pages_and_reads_back():
    """Long enough to run over pages: the indicator header on top of each, and every indicator back."""
    doc = seed()
    first = doc.department.sub_goals[0]
    first.indicators = [replace(i, name=f"{i.name}{k}") for k in range(1, 13) for i in first.indicators]
    data = write(doc, "pdf")
    pages = pdf_pages(data)
    header = ("一级指标", "二级指标", "三级指标", "指标值")
    first = next(k for k, p in enumerate(pages) if any(in_order(line, header) for line in p))
    signed = next(k for k, p in enumerate(pages) if any(line.startswith("填表人：") for line in p))
    assert signed > first  # the table runs over a page
    assert all(any(in_order(line, header) for line in pages[k][:3]) for k in range(first + 1, signed + 1))
    back, problems = read_bytes(data, "目标表.pdf")
    assert problems == [] and back == doc



# ---------------------------------------------------------------- any unit-wide part, read back

WORDS = "帮扶工作劳模体检费事务困难职工救助保障服务机关运转培训宣传监督覆盖县乡镇人员经费"
LEVELS = {"产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"), "效益指标": ("社会效益指标", "经济效益指标"),
          "满意度指标": ("服务对象满意度指标",)}
TARGETS = ("≥400人", "=48人", "100%", "≤5万元", "≥95%", "2021年12月底前", "有效提升", "=500元/人")
texts = st.text(alphabet=WORDS, min_size=2, max_size=12)


@st.composite
def indicators(draw) -> list[Indicator]:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        level1 = draw(st.sampled_from(sorted(LEVELS)))
        level2 = draw(st.sampled_from(LEVELS[level1]))
        out.append(Indicator(level1, level2, draw(texts), draw(st.one_of(st.just(""), texts)),
                             parse_target(draw(st.sampled_from(TARGETS)), level2), draw(st.one_of(st.just(""), texts))))
    return out


@st.composite
def departments(draw, keys: tuple[str, ...]) -> DepartmentGoals:
    names = draw(st.lists(texts, min_size=1, max_size=4, unique=True))
    subs = [SubGoal(name, draw(st.one_of(st.just(""), texts)), draw(st.one_of(st.just(""), texts)), draw(indicators()),
                    draw(st.lists(st.sampled_from([*keys, "上级专项补助经费"]), unique=True, max_size=3)))
            for name in names]
    return DepartmentGoals(draw(st.one_of(st.just(""), texts)), subs, [], draw(indicators()))


SEED_DOC = read_path(SEED)[0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(departments(tuple(p.code for p in SEED_DOC.projects)), st.sampled_from(["docx", "xlsx", "json"]))
def test_any_unit_wide_part_reads_back_exactly(department, fmt):
    doc = replace(SEED_DOC, department=department)
    back, problems = read_bytes(write(doc, fmt), f"目标表.{fmt}")
    assert problems == []
    assert back.department == department
