"""Goal notices written as prose (公示) read as the goal table they describe (issue 12 §2)."""

import json

import pytest

from jixiao.formats import txt_prose
from jixiao.formats.blocks import Paragraph, Table
from jixiao.formats.encoding import decode
from jixiao.formats.reader import read_path
from jixiao.formats.text import layout

from ..conftest import CORPUS

REAL = CORPUS / "real"
PROSE_2023 = REAL / "tongxin-xiamaguan-2023-prose.txt"
PROSE_2022 = REAL / "tongxin-xiamaguan-2022-prose.txt"
PROSE = [PROSE_2023, PROSE_2022]
OTHER_TEXTS = sorted(p for p in CORPUS.rglob("*.txt") if p not in PROSE)


def table_of(path) -> Table:
    tables = [b for b in txt_prose.blocks(path.read_text("utf-8")) if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


def texts(rows):
    return [[c.text for c in row] for row in rows]


def header_index(table: Table) -> int:
    return next(k for k, row in enumerate(table.rows) if row[0].text == "一级指标")


def test_the_2023_notice_is_one_table_with_the_project_rows_then_the_indicators():
    table = table_of(PROSE_2023)
    k = header_index(table)
    assert texts(table.rows[:k]) == [
        ["项目名称", "同心县下马关镇设施农业黄金蜜(葡萄)种植项目"],
        ["单位名称", "同心县下马关镇人民政府"],
        ["年度资金总额(万元)", "50"],
        ["绩效目标", "特色产业产值增加80万元,受益脱贫户、监测户10户,带动脱贫户、监测户增收80万元。"],
    ]
    assert texts([table.rows[k]]) == [["一级指标", "二级指标", "三级指标", "指标值"]]
    rows = texts(table.rows[k + 1:])
    assert len(rows) == 10
    assert rows[0] == ["产出指标", "数量指标", "★补助各类瓜果蔬菜种植数量,黄金蜜(葡萄)种植数量(≥**株)", ">=17600株"]
    assert rows[3] == ["产出指标", "成本指标", "作物种植补助标准,黄金蜜(葡萄)补助成本(≤**元/株)", "≤28.40/株"]
    assert rows[4] == ["效益指标", "经济效益指标", "脱贫地区特色产业产值(≥**万元)", "≥80万元"]
    assert rows[6] == ["效益指标", "社会效益目标", "★★★受益脱贫户、监测户人口数(≥**户)", "≥10户"]
    assert rows[7:9] == [["效益指标", "生态效益指标", "生态修复功能提高", ""],
                         ["效益指标", "可持续影响指标", "持续发展", ""]]
    assert rows[9] == ["满意度指标", "服务对象满意度指标", "受益脱贫户满意度(≥**%)", "≥95%"]


def test_cells_keep_the_line_they_were_read_from():
    table = table_of(PROSE_2023)
    k = header_index(table)
    assert table.place == "第6行"
    assert table.rows[1][1].place == "第13行"  # the signature
    assert [row[2].place for row in table.rows[k + 1:]] == ["第7行"] * 4 + ["第9行"] * 5 + ["第11行"]


def test_the_rest_of_the_2023_notice_stays_paragraphs_in_order():
    out = txt_prose.blocks(PROSE_2023.read_text("utf-8"))
    kinds = ["T" if isinstance(b, Table) else "P" for b in out]
    assert kinds == ["P"] * 5 + ["T"] + ["P"] * 4
    assert [b.text for b in out[-4:] if isinstance(b, Paragraph)] == [
        "附件:下马关镇设施农业黄金蜜(葡萄)种植项目绩效目标设定表.xlsx", "同心县下马关镇人民政府", "2023年3月27日",
        "扫一扫在手机上查看当前页面"]
    assert out[1].text.startswith("发布机构 | 同心县下马关镇")


def test_the_2022_notice_keeps_its_operator_in_words_and_stops_where_the_page_was_cut():
    table = table_of(PROSE_2022)
    k = header_index(table)
    assert texts(table.rows[:k]) == [
        ["项目名称", "同心县2022年下马关镇上垣、下垣村乡村振兴人居环境综合整治示范村项目"],
        ["单位名称", "同心县下马关镇"],  # no signature survives: the page's 发布机构
        ["年度资金总额(万元)", "500"],
        ["绩效目标", "通过项目改善人居环境,使村容村貌明显改观、群众生活更便利。"],
    ]
    # `…平方米,环` ends the stored page: 环 is no indicator.
    assert texts(table.rows[k + 1:]) == [["产出指标", "数量指标", "商业段外立面改造(≥**平方米)", "大于等于10157.6平方米"]]


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.name)
def test_read_path_gives_the_expected_indicators(path):
    doc, _ = read_path(path)
    want = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    assert len(doc.projects) == 1
    project, expected = doc.projects[0], want["projects"][0]
    got = [{"level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target.raw} for i in project.indicators]
    assert got == expected["indicators"]
    assert project.name == expected["name"]
    assert len(project.goals) == expected["goals"]
    assert doc.year == want["year"]


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.name)
def test_the_prose_notices_are_read_by_this_layout(path):
    assert layout(path.read_text("utf-8")) is txt_prose


@pytest.mark.parametrize("path", OTHER_TEXTS, ids=lambda p: p.name)
def test_no_other_text_of_the_corpus_is_taken_for_prose(path):
    assert not txt_prose.looks_like(decode(path.read_bytes(), path.name).split("\n"))


NOTICE = """关于某项目绩效目标设定的公示
实施某村道路硬化项目,资金总额30万元。年度目标:1.硬化道路2公里;2.群众满意。
一、产出指标
数量指标:硬化道路长度(≥**公里)2公里,道路宽度大于4米;质量指标:验收合格率=100%。
二、效益指标
社会效益指标:方便群众出行;生态效益指标,环境改善。
某某镇人民政府
2024年5月6日
"""


def rows_of(text: str) -> list[list[str]]:
    table = next(b for b in txt_prose.blocks(text) if isinstance(b, Table))
    return texts(table.rows[header_index(table) + 1:])


def test_a_residue_bracket_ends_the_name_and_a_word_needs_a_number_to_be_an_operator():
    rows = rows_of(NOTICE)
    assert rows[0] == ["产出指标", "数量指标", "硬化道路长度(≥**公里)", "2公里"]
    assert rows[1] == ["产出指标", "数量指标", "道路宽度", "大于4米"]
    assert rows[2] == ["产出指标", "质量指标", "验收合格率", "=100%"]


def test_a_phrase_without_a_target_before_a_stop_or_at_a_line_end_is_an_indicator():
    assert rows_of(NOTICE)[3:] == [["效益指标", "社会效益指标", "方便群众出行", ""],
                                   ["效益指标", "生态效益指标", "环境改善", ""]]
    assert rows_of("一、产出指标\n数量指标:补助户数(≥**户)≥10户,覆盖全村\n二、效益指标\n社会效益指标:增收。")[:2] == [
        ["产出指标", "数量指标", "补助户数(≥**户)", "≥10户"], ["产出指标", "数量指标", "覆盖全村", ""]]


def test_words_in_a_name_and_commas_in_brackets_do_not_split_it():
    assert rows_of("一、满意度指标\n服务对象满意度指标:群众对大于预期的(含,附属)工程满意度≥90%。") == [
        ["满意度指标", "服务对象满意度指标", "群众对大于预期的(含,附属)工程满意度", "≥90%"]]


def test_numbered_goals_in_one_sentence_count_one_each():
    table = next(b for b in txt_prose.blocks(NOTICE) if isinstance(b, Table))
    assert texts(table.rows[:4]) == [["项目名称", "某村道路硬化项目"], ["单位名称", "某某镇人民政府"],
                                     ["年度资金总额(万元)", "30"], ["绩效目标", "1.硬化道路2公里;\n2.群众满意。"]]


def test_a_notice_without_a_name_or_money_still_gives_the_project_name_row():
    table = next(b for b in txt_prose.blocks("一、产出指标\n数量指标:户数≥3户。") if isinstance(b, Table))
    assert texts(table.rows) == [["项目名称", ""], ["一级指标", "二级指标", "三级指标", "指标值"],
                                 ["产出指标", "数量指标", "户数", "≥3户"]]


@pytest.mark.parametrize("text", [
    NOTICE + "一级指标\t二级指标\n",  # a goal table as well: not prose
    "一、产出指标\n绩效目标见附件。\n",  # a heading, but no indicator under it
    "数量指标:户数≥3户。\n",  # an indicator, but no heading
    "一、总体目标\n数量指标:户数≥3户。\n",  # a heading that names no 一级指标
])
def test_looks_like_wants_a_level_heading_with_labelled_prose_and_no_table(text):
    assert not txt_prose.looks_like(text.split("\n"))


def test_looks_like_takes_the_made_up_notice():
    assert txt_prose.looks_like(NOTICE.split("\n"))


def test_a_text_without_a_heading_is_only_paragraphs():
    assert txt_prose.blocks("关于某项目的公示\n\n数量指标:户数≥3户。") == [
        Paragraph("关于某项目的公示", "第1行"), Paragraph("数量指标:户数≥3户。", "第3行")]
