"""The text a browser or crawler makes of an HTML table (cells ending in ` |`, rows ended by
`||||`): the Blocks the layout rebuilds from the real documents, the rows under the indicator
header aligned as a person copying the table would get them, and that it claims nothing the
other layouts read."""

import json
from decimal import Decimal

import pytest

from jixiao.formats import txt_pipes
from jixiao.formats.blocks import Paragraph, Table
from jixiao.formats.reader import read_path
from jixiao.formats.text import layout

from ..conftest import CORPUS, projection

REAL = CORPUS / "real"
PIPES = ["xiangtan-huanwei-2023-pipecells.txt", "qingjian-jiaotong-2021-pipecells.txt",
         "wuchuan-minwei-2021-pipecells.txt", "banan-jielong-2021-pipecells.txt",
         "anxi-shuili-2022-pipecells.txt", "baodi-fenwu-2022-pipecells.txt"]


def read(name: str) -> list:
    return txt_pipes.blocks((REAL / name).read_text("utf-8"))


def tables(name: str) -> list[list[list[str]]]:
    return [[[c.text for c in row] for row in b.rows] for b in read(name) if isinstance(b, Table)]


def paragraphs(name: str) -> list[str]:
    return [b.text for b in read(name) if isinstance(b, Paragraph)]


def expected(name: str) -> dict:
    """The hand-written reading (money as written there, null where the form has none)."""
    return json.loads((REAL / name).with_suffix(".expected.json").read_text("utf-8"))


def after(grid: list[list[str]], first: str) -> list[list[str]]:
    """The rows from the one whose first filled cell is `first` on."""
    k = next(k for k, row in enumerate(grid) if next(t for t in row if t) == first)
    return grid[k:]


@pytest.mark.parametrize("name", PIPES)
def test_the_real_crawler_pages_are_this_layout(name):
    assert layout((REAL / name).read_text("utf-8")) is txt_pipes


@pytest.mark.parametrize("path", [
    CORPUS / "seed" / "changli-union-2021.txt", CORPUS / "samples" / "liuxi-fulian-2022.txt",
    *(p for p in sorted(REAL.glob("*.txt")) if "pipecells" not in p.name)], ids=lambda p: p.name)
def test_it_claims_no_other_layout(path):
    """Not the seed, the samples, the tab rows, markdown, nor pages with a `索引号 | …` box only."""
    text = path.read_text("utf-8")
    assert not txt_pipes.looks_like(text.split("\n"))
    assert layout(text) is not txt_pipes


def test_tab_rows_keep_their_layout():
    from jixiao.formats import txt_rows
    assert layout((REAL / "zhaohua-weijian-2021-tabrows.txt").read_text("utf-8")) is txt_rows


def test_xiangtan_one_cell_a_line_rows_end_at_their_padding():
    [grid] = tables("xiangtan-huanwei-2023-pipecells.txt")
    assert grid[0] == ["", "填报单位:(盖章) 单位:万元"]
    assert grid[1] == ["", "项目支出名称", "雾炮车降尘抑尘服务", "预算部门", "湘潭市环境卫生管理处"]
    assert grid[2] == ["", "年度本级 预算金额", "250万", "该项目支出上级资金", "0"]
    assert grid[5] == ["", "本年度绩效目标", "本年度以购买服务方式开展雾炮车降尘抑尘(2023.07-2024.01),全市空气质量维持优良"]
    rows = after(grid, "本年度 绩效指标")
    assert rows[0] == ["", "本年度 绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"]
    assert rows[1] == ["", "", "产出指标", "数量指标", "雾炮车降尘抑尘服务配备车辆数", "10辆", "计划标准"]
    # 产出指标 and 数量指标 span two rows: the second lacks both and the 本年度 label
    assert rows[2] == ["", "", "", "", "雾炮车风炮射程", "≥80M", "计划标准"]
    assert rows[3] == ["", "", "", "质量指标", "服务周期内空气质量", "优良", "计划标准"]
    # lone `|` lines inside a row are its empty cells, not row ends
    assert rows[6] == ["", "", "效益指标", "经济效益指标", "", "", ""]
    assert rows[7] == ["", "", "", "社会效益指标", "服务周期内,市民对空气质量改善的满意程度", "≥85%", "计划标准"]
    # a row that lost a colspan, not a rowspan, is not pushed under the indicator columns
    assert rows[-1] == ["", "财政部门审核意见", ""]


def test_xiangtan_paragraphs_before_and_after_the_table_and_places():
    blocks = read("xiangtan-huanwei-2023-pipecells.txt")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds[:4] == ["Paragraph", "Paragraph", "Paragraph", "Table"]
    assert blocks[2].text == "2023年项目支出绩效目标申报表"
    assert blocks[4].text.startswith("填表人: 宋云华")
    assert blocks[4].place == "第104行"
    table = blocks[3]
    assert table.place == "第4行"
    cell = next(c for row in table.rows for c in row if c.text == "10辆")
    assert cell.place == "第43行"


def test_qingjian_lone_pipes_end_a_row_when_it_reaches_the_width():
    [grid] = tables("qingjian-jiaotong-2021-pipecells.txt")
    assert grid[0] == ["附表1", "", "", "", "", "", ""]
    assert grid[1] == ["绩效目标申报表"]
    assert ["项目名称", "2021年交通局寨山石坪、鲍家沟果园路", "项目负责人及联系电话", "刘志龙09125222043"] in grid
    assert ["资金情况", "年度资金总额:", "500"] in grid
    assert ["其他资金", ""] in grid
    rows = after(grid, "绩")
    assert rows[0] == ["绩", "一级指标", "二级指标", "三级指标", "指标值"]
    assert rows[1] == ["", "产出指标", "数量指标", "寨山石坪村新建水泥路1条", "2km"]
    assert rows[2] == ["", "", "", "呼家河至鲍家沟新建水泥路1条", "2km"]
    assert rows[3] == ["", "", "质量指标", "项目(工程)验收合格率", "100%"]
    assert rows[-1] == ["", "", "成本指标", "硬化水泥砼公路补助标准", "≤120万元"]
    assert paragraphs("qingjian-jiaotong-2021-pipecells.txt")[-1] == "附表1:2021年中央财政专项扶贫资金绩效表"


def test_wuchuan_rows_on_one_line_and_the_page_box_apart():
    chrome, grid = tables("wuchuan-minwei-2021-pipecells.txt")
    assert chrome[0] == ["索 引 号", "0001115012MW/2021-00346", "主题分类", "民族事务"]
    assert chrome[-1][-1] == "公文时效"  # the page box's last cells, carried on over lines
    assert grid[0] == ["绩效目标申报表"]
    assert grid[2] == ["项目名称", "大青山乡沙湾子少数民族聚居村养殖场基础设施建设项目", "项目负责人及电话", "达布 15947711885"]
    # a rowspan label the page wrote on a line of its own starts the row of the next line
    assert grid[4] == ["资金情况 (万元)", "年度资金总额:50万", "中央衔接推进乡村振兴补助资金(少数民族发展任务)50"]
    assert grid[5] == ["其中:财政拨款", "中央衔接推进乡村振兴补助资金(少数民族发展任务)50"]
    assert ["总 体 目 标", "年度目标"] in grid
    rows = after(grid, "绩 效 指 标")
    assert rows[0] == ["绩 效 指 标", "一级指标", "二级指标", "三级指标", "指标值"]
    assert rows[1] == ["", "", "", "贫困地区新增特色产业数量", "≥1个"]
    assert rows[5] == ["", "", "时效指标", "开工时限", "2021年7月"]
    assert rows[6] == ["", "", "", "竣工时限", "2021年9月"]
    assert rows[-1] == ["", "", "", "防疫室84平米", "≥1050元"]
    table = [b for b in read("wuchuan-minwei-2021-pipecells.txt") if isinstance(b, Table)][1]
    assert [c.place for c in table.rows[-1]][-2:] == ["第33行第1列", "第33行第2列"]


def test_banan_labels_and_the_cut_last_row():
    chrome, grid = tables("banan-jielong-2021-pipecells.txt")
    assert chrome[1] == ["[ 主题分类 ]", "财政、金融、审计", "[ 体裁分类 ]", "规划计划"]
    assert paragraphs("banan-jielong-2021-pipecells.txt") == ["项目支出绩效目标表2020-2021年度松材线虫病除治"]
    assert grid[3] == ["绩效编制单位:", "重庆市巴南区接龙镇人民政府"]
    assert ["开始日期", "2021.1", "结束日期", "2021.12"] in grid
    assert ["资金情况 (单位:万元)", "年度资金总额:", "179.9"] in grid
    assert ["其他资金", "0"] in grid
    # the page ends inside the goal's cell: the row is kept with what there is
    assert grid[-1][0] == "当年绩效目标"
    assert grid[-1][1].startswith("2021年,在荷花村") and grid[-1][1].endswith("衰弱木、")


def test_anxi_a_table_without_row_ends_is_cut_by_its_sequence_numbers():
    first, second = tables("anxi-shuili-2022-pipecells.txt")
    assert first[0] == ["序号", "乡镇名称", "项 目 名 称", "金额", "备注"]
    assert first[1] == ["1", "西坪镇", "尧山村排洪排水工程建设", "20", ""]
    assert first[7] == ["7", "尚卿乡", "尤俊村堤岸修复", "15", ""]
    assert first[8] == ["合计", "100"]
    assert second[0] == ["项目名称", "省级第七批水利专项资金", "主管部门(单位)名称", "安溪县水利局"]
    assert second[1] == ["资金情况(万元)", "资金总额", "100", "其中:财政拨款", "100", "其他资金"]
    assert second[2] == ["总 体 目 标", "开展7个小型水利工程建设"]
    villages = ["西坪镇尧山村", "桃舟乡吾培村", "芦田镇三洋村", "蓬莱镇植洋村", "魁斗镇奇观村", "龙涓乡长塔村", "尚卿乡尤俊村"]
    assert second[3] == ["绩效 指标", "一级指标", "二级指标", "三级指标", "指 标 解 释", *villages]
    assert second[4] == ["", "产出 指标", "数量指标", "开展小型水利工程建设(个)", "反映小型水利工程建设项目开展情况",
                         *["1"] * 7]
    assert "附件2" in paragraphs("anxi-shuili-2022-pipecells.txt")


def test_baodi_cells_and_a_padded_last_cell_make_one_row():
    [grid] = tables("baodi-fenwu-2022-pipecells.txt")
    assert grid[0] == ["专项名称", "农业绿色发展专项 (畜禽粪污资源化利用整县推进项目)"]
    assert grid[1] == ["下达地方或单位", "宝坻区人民政府"]
    assert grid[3] == ["总 体 目 标", "提升畜禽粪污综合利用率和规模养殖场设施装备配套率。"]
    assert grid[4] == ["绩 效 指 标", "一级指标", "二级指标", "三级指标", "指标值"]
    assert grid[5] == ["", "实施效果指标", "产出指标", "建设项目个数(含续建)", "1"]
    assert grid[6] == ["", "", "", "竣工验收合格率", "100%"]
    assert grid[8] == ["", "", "效益指标", "完工项目县畜禽粪污综合利用率", "≥90%"]
    assert paragraphs("baodi-fenwu-2022-pipecells.txt")[-4:] == [
        "天津市农业绿色发展专项(畜禽粪污", "资源化利用整县推进项目)2022年", "中央预算内投资计划绩效目标表",
        "(天津市宝坻区畜禽粪污资源化利用整区推进项目)"]


def test_an_empty_table_line_and_no_pipes_are_paragraphs_only():
    assert txt_pipes.blocks("") == []
    assert txt_pipes.blocks("|\n||\n|\n") == []
    [p] = txt_pipes.blocks("只有一段文字\n")
    assert p == Paragraph("只有一段文字", "第1行")
    assert not txt_pipes.looks_like(["a | b |", "c | d |"])  # no padding: not the crawler's text


def test_rows_the_crawler_did_not_pad_are_one_a_line():
    text = ("项目名称 | 培训 |\n绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
            "产出指标 | 数量指标 | 培训人数 | ≥400人 |\n培训次数 | 4次 |\n时效指标 | 完成时间 | 12月底 |\n")
    assert txt_pipes.looks_like(text.split("\n"))
    [table] = txt_pipes.blocks(text)
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目名称", "培训"], ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["", "产出指标", "数量指标", "培训人数", "≥400人"], ["", "", "", "培训次数", "4次"],
        ["", "", "时效指标", "完成时间", "12月底"]]
    assert table.rows[3][0].place == "第4行"
    assert table.rows[3][3].place == "第4行第1列"


@pytest.mark.parametrize("name", ["xiangtan-huanwei-2023-pipecells.txt", "wuchuan-minwei-2021-pipecells.txt",
                                  "baodi-fenwu-2022-pipecells.txt"])
def test_read_path_reads_the_indicators_and_names(name):
    doc, _ = read_path(REAL / name)
    got, want = projection(doc), expected(name)
    assert [p["name"] for p in got["projects"]] == [p["name"] for p in want["projects"]]
    assert got["projects"][0]["total"] == Decimal(want["projects"][0]["total"])
    assert got["projects"][0]["indicators"] == want["projects"][0]["indicators"]
    assert got["unit_name"] == want["unit_name"]


def test_read_path_reads_qingjian_indicators():
    doc, _ = read_path(REAL / "qingjian-jiaotong-2021-pipecells.txt")
    want = expected("qingjian-jiaotong-2021-pipecells.txt")
    assert projection(doc)["projects"][0]["indicators"] == want["projects"][0]["indicators"]
