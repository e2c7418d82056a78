"""Markdown pipe tables: the 井研 一体化 export as a page turned into markdown (several
projects in one table, the rowspan empties moved to the end of the rows) rebuilds the grid of
the .xlsx it was, and the layout claims nothing the other layouts read."""

import json
from decimal import Decimal

import pytest

from jixiao.formats import txt_markdown
from jixiao.formats.blocks import Cell, Paragraph, Table
from jixiao.formats.reader import read_path
from jixiao.formats.text import layout

from ..conftest import CORPUS, projection

REAL = CORPUS / "real"
JINGYAN = REAL / "jingyan-mata-2023-markdown.txt"
HEADER = ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
          "度量单位", "权重", "指标方向性"]


def grid(text: str) -> list[list[str]]:
    [table] = [b for b in txt_markdown.blocks(text) if isinstance(b, Table)]
    return [[c.text for c in row] for row in table.rows]


def test_the_markdown_export_is_this_layout():
    assert layout(JINGYAN.read_text("utf-8")) is txt_markdown


@pytest.mark.parametrize("path", [
    CORPUS / "seed" / "changli-union-2021.txt", CORPUS / "samples" / "liuxi-fulian-2022.txt",
    *(p for p in sorted(REAL.glob("*.txt")) if p != JINGYAN)], ids=lambda p: p.name)
def test_it_claims_no_other_layout(path):
    """Not the seed, the samples, the tab rows, nor the crawler's `|`/`||||` lines (no text after a leading pipe)."""
    text = path.read_text("utf-8")
    assert not txt_markdown.looks_like(text.split("\n"))
    assert layout(text) is not txt_markdown


def test_jingyan_rows_are_aligned_under_the_header():
    rows = grid(JINGYAN.read_text("utf-8"))
    assert rows[0] == ["部门预算项目绩效目标申报表(2023年度)"]
    assert rows[1] == ["金额单位:元"]
    assert rows[2] == HEADER
    # the department total lost its colspan (单位名称 + 项目名称): its amount goes under 预算数, as in the .xlsx
    assert rows[3] == ["820-马踏镇部门", "", "8,827,620.53"]
    assert rows[4] == ["820001-井研县马踏镇人民政府", "村组干部报酬", "3,309,840.00", "村组干部报酬按时足额发放",
                       "效益指标", "社会效益指标", "维护社会稳定", "≥", "95", "%", "10", "正向指标"]
    # a project's continuation rows: four rowspan cells missing, their empties moved to the end
    assert rows[5] == ["", "", "", "", "产出指标", "时效指标", "维持时效", "≥", "1", "年", "20", "正向指标"]
    assert rows[6] == ["", "", "", "", "产出指标", "质量指标", "按时发放", "≥", "1", "人/年", "10", "正向指标"]
    # the second project's first row lacks only the unit, merged down both projects
    assert rows[12][:4] == ["", "基层组织活动经费", "660,000.00",
                            "用于村(社区)日常办公所需的办公用品、水电、报刊等支出,以及基层党组织活动、党员干部培训、群团活动和活动场所维护。"]
    assert rows[12][4:] == ["满意度指标", "服务对象满意度指标", "辖区内群众满意度", "≥", "95", "%", "10", "正向指标"]
    assert rows[13] == ["", "", "", "", "效益指标", "经济效益指标", "促进农村集体经济发展", "≥", "95", "%", "10", "正向指标"]
    assert all(len(row) == 12 for row in rows[4:])


def test_places_name_the_line_and_the_column_written():
    [table] = txt_markdown.blocks(JINGYAN.read_text("utf-8"))
    row = table.rows[5]
    assert row[0] == Cell("", "第6行")
    assert row[4] == Cell("产出指标", "第6行第1列")
    assert table.place == "第1行"


def test_separator_escapes_line_breaks_and_paragraphs():
    text = ("某单位项目绩效目标\n\n| 项目名称 | 年度目标 |\n| :--- | ---: |\n| 培训 | 1.办班<br>2.考核 |\n"
            "| 说明 | a \\| b |\n\n注:以上为示例。\n| 二 | 表 |\n")
    blocks = txt_markdown.blocks(text)
    assert [type(b) for b in blocks] == [Paragraph, Table, Paragraph, Table]
    assert blocks[0] == Paragraph("某单位项目绩效目标", "第1行")
    assert [[c.text for c in row] for row in blocks[1].rows] == [
        ["项目名称", "年度目标"], ["培训", "1.办班\n2.考核"], ["说明", "a | b"]]
    assert blocks[2].text == "注:以上为示例。"
    assert [[c.text for c in row] for row in blocks[3].rows] == [["二", "表"]]


def test_a_row_without_its_closing_pipe_and_an_empty_row():
    assert grid("| 一级指标 | 三级指标 | 指标值 |\n| 产出指标 | 人数 | 5人\n| | |\n| 次数 | 4次 |\n") == [
        ["一级指标", "三级指标", "指标值"], ["产出指标", "人数", "5人"], ["", "次数", "4次"]]


def test_one_markdown_row_is_not_a_table():
    assert not txt_markdown.looks_like(["| 只有 | 一行 |", "正文"])
    assert not txt_markdown.looks_like(["|---|---|", "|||"])


def test_read_path_reads_both_projects_and_their_indicators_as_expected():
    doc, _ = read_path(JINGYAN)
    got = projection(doc)
    want = json.loads(JINGYAN.with_suffix(".expected.json").read_text("utf-8"))
    assert (got["unit_code"], got["unit_name"]) == (want["unit_code"], want["unit_name"])
    assert [p["name"] for p in got["projects"]] == ["村组干部报酬", "基层组织活动经费"]
    assert [p["total"] for p in got["projects"]] == [Decimal(p["total"]) for p in want["projects"]]
    assert [p["goals"] for p in got["projects"]] == [1, 1]
    assert [p["indicators"] for p in got["projects"]] == [p["indicators"] for p in want["projects"]]
