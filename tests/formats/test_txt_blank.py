"""One cell a line with blank lines between cells and no tab indent (a web page's
table whose cells became paragraphs): the rows the layout rebuilds from the real
documents, and that it claims nothing the other layouts read."""

import pytest

from jixiao.formats import txt_blank
from jixiao.formats.blocks import Paragraph, Table
from jixiao.formats.reader import read_path
from jixiao.formats.text import layout

from ..conftest import CORPUS
from .layout_blocks import reader

REAL = CORPUS / "real"
BLANK = ["yueyang-nongtian-2022-cellblank.txt", "shucheng-yigongdaizhen-2023-cellblank.txt",
         "chencang-shuili-2020-cellblank.txt", "longyan-minzong-2025-cellblank.txt",
         "qingshan-jiaoyu-2020-cellblank.txt"]
OTHERS = [CORPUS / "seed" / "changli-union-2021.txt", CORPUS / "samples" / "liuxi-fulian-2022.txt",
          REAL / "zhaohua-weijian-2021-tabrows.txt", REAL / "jinzhai-kaifaqu-2021-spacerows.txt",
          REAL / "ningde-dangshi-2019-unitwide.txt", REAL / "xiangtan-huanwei-2023-pipecells.txt",
          REAL / "jingyan-mata-2023-markdown.txt", REAL / "tongxin-xiamaguan-2023-prose.txt"]


read, grid, paragraphs = reader(txt_blank)


@pytest.mark.parametrize("name", BLANK)
def test_the_real_blank_separated_documents_are_this_layout(name):
    assert layout((REAL / name).read_text("utf-8")) is txt_blank


@pytest.mark.parametrize("path", OTHERS, ids=lambda p: p.name)
def test_other_layouts_are_not_claimed(path):
    assert not txt_blank.looks_like(path.read_text("utf-8").split("\n"))


def test_pdftotext_layout_is_not_claimed():
    text = "项目名称    物业管理\n\n一级指标    二级指标    三级指标    指标值\n\n产出指标    数量指标    培训人数    100人\n"
    assert not txt_blank.looks_like(text.split("\n"))


def test_yueyang_labels_and_values_pair_up_an_empty_value_leaves_the_label_alone():
    rows = grid("yueyang-nongtian-2022-cellblank.txt")
    assert rows[:11] == [
        ["项目名称", "岳阳县2022年高标准农田建设项目"],
        ["项目负责人及电话", "彭兵"],
        ["主管部门", "岳阳县农业农村局"],
        ["实施单位", "农田建设服务中心"],
        ["资金情况 (万元)"],
        ["年度资金总额:", "854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)"],
        ["其中:财政拨款", "854万854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)"],
        ["其他资金"],
        ["总体目标"],
        ["年度目标", "项目主体工程本年完成70%"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
    ]


def test_yueyang_indicator_rows_with_levels_merged_down_and_two_line_levels_joined():
    rows = grid("yueyang-nongtian-2022-cellblank.txt")[11:]
    assert rows[0] == ["", "产出指标", "数量指标", "脱贫村村内道路硬化里程", "≥100公里"]
    assert rows[1] == ["", "", "", "脱贫户供水设施数量", "≥20座"]
    assert rows[4] == ["", "", "成本指标", "财政资金补助", "1600元/亩"]
    assert rows[5] == ["", "效益指标", "经济效益\n指标", "年增粮食", "3500公斤"]
    assert rows[10] == ["", "", "可持续影响\n指标", "工程设计使用年限", "≥20年"]
    assert rows[11] == ["", "满意度指标", "服务对象满意度指标", "受益脱贫(监测)户满意度", "≥95%"]
    assert len(rows) == 12


def test_yueyang_title_before_and_footnote_after_are_paragraphs():
    texts = paragraphs("yueyang-nongtian-2022-cellblank.txt")
    assert texts[:2] == ["乡村振兴衔接资金绩效目标申报表(高标准农田建设)", "来源:岳阳县农业农村局   2022-05-16"]
    assert "(2022年度)" in texts
    assert texts[-1].startswith("注:填报时按本地实际")
    blocks = read("yueyang-nongtian-2022-cellblank.txt")
    assert isinstance(blocks[-1], Paragraph) and isinstance(blocks[-2], Table)


def test_shucheng_indented_cells_and_nbsp_cells():
    rows = grid("shucheng-yigongdaizhen-2023-cellblank.txt")
    assert rows[:4] == [
        ["专项名称", "安徽省2023年以工代赈示范工程舒城县舒茶镇清水河(余家河渡槽至346国道段)治理工程"],
        ["下达地方或单位", "舒城县发展改革委"],
        ["本次下达中央预算内投资(万元)", "853"],
        ["总体目标", rows[3][1]],
    ]
    assert rows[3][1].startswith("结合重点工程配套基础设施需求")
    # The &nbsp; cell over the 绩效指标 column stays an empty header cell; the cut 级指标 as written.
    assert rows[4] == ["", "级指标", "二级指标", "三级指标", "指标值"]


def test_shucheng_shifted_levels_follow_the_level_above():
    rows = grid("shucheng-yigongdaizhen-2023-cellblank.txt")[5:]
    assert rows[0] == ["", "实施效果指标", "产出指标", "劳务报酬占中央投资比例", "≥32.68%"]
    assert rows[1] == ["", "", "效益指标", "项目区农村基础设施条件", "持续改善"]
    assert rows[3] == ["", "过程管理指标", "计划管理指标", "投资计划分解(转发)用时", "≤20工作日"]
    assert rows[4] == ["", "", "", '"两个责任"按项目落实到位率', "100%"]
    assert rows[-1] == ["", "", "监督检查指标", "审计、督查、巡视等指出问题项目比例", "≤1%"]
    assert len(rows) == 10


def test_shucheng_page_chrome_after_the_table_is_paragraphs():
    texts = paragraphs("shucheng-yigongdaizhen-2023-cellblank.txt")
    assert texts[0] == "搜索热词:"
    assert texts[-4:] == ["文件下载", "政策咨询", "如果您对该政策文件有疑问,可以拨打标题上方的电话咨询相关部门。", "标签:"]


def test_chencang_notice_before_and_template_indicators():
    rows = grid("chencang-shuili-2020-cellblank.txt")
    assert rows[0] == ["专项(项目)名称", "农村饮水安全巩固提升工程专项"]
    assert ["区级主管部门", "陈仓区水利局"] in rows
    assert ["其中:财政拨款", "500"] in rows and ["其他资金"] in rows
    header = rows.index(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"])
    assert rows[header + 1] == ["", "产出指标", "数量指标", "指标1:新建堤防、护岸长度", "公里"]
    assert rows[header + 2] == ["", "", "", "指标2:灌区节水改造面积", "万亩"]
    assert rows[-1] == ["", "", "质量指标", "指标1:工程验收合格率", "≧ %"]
    assert paragraphs("chencang-shuili-2020-cellblank.txt")[-1] == "(2020)年度"


def test_longyan_allocation_table_before_is_text_and_split_header_cells_are_one():
    rows = grid("longyan-minzong-2025-cellblank.txt")
    assert rows[:3] == [["部门(单位)名称", "龙岩市民族与宗教事务局"], ["部门预算编码", "230001"], ["项目名称", "民族发展专项资金"]]
    assert ["其他资金", ""] in rows  # the &nbsp; value
    # 区域目标值 merged across one column per region: two header rows, as the grid of a merged cell.
    assert rows[-3] == ["绩效\n指标", "一级\n指标", "二级指标", "三级指标", "指标解释", "区域目标值", "", ""]
    assert rows[-2] == ["", "", "", "", "", "新罗区", "上杭县", "漳平市"]
    assert rows[-1] == ["", "产出\n指标", "数量目标", "", "", "", "", ""]
    assert "2025年龙岩市民族发展专项资金分配" in paragraphs("longyan-minzong-2025-cellblank.txt")


def test_a_target_missing_before_the_next_level_ends_the_row():
    text = "项目名称\n\n甲\n\n一级指标\n\n二级指标\n\n三级指标\n\n指标值\n\n产出指标\n\n数量指标\n\n培训人数\n\n质量指标\n\n合格率\n\n100%\n"
    [table] = [b for b in txt_blank.blocks(text) if isinstance(b, Table)]
    rows = [[c.text for c in r] for r in table.rows]
    assert rows[-2:] == [["产出指标", "数量指标", "培训人数", ""], ["", "质量指标", "合格率", "100%"]]


def test_text_without_an_indicator_header_is_paragraphs():
    text = "关于下达资金的通知\n\n项目名称\n\n甲\n"
    assert [b.text for b in txt_blank.blocks(text)] == ["关于下达资金的通知", "项目名称", "甲"]


def test_cells_keep_their_line():
    rows = [b for b in read("yueyang-nongtian-2022-cellblank.txt") if isinstance(b, Table)][0].rows
    assert rows[0][1].place == "第11行"


@pytest.mark.parametrize("name", ["yueyang-nongtian-2022-cellblank.txt", "chencang-shuili-2020-cellblank.txt"])
def test_reads_the_indicator_names_and_targets(name):
    doc, _ = read_path(REAL / name)
    [project] = doc.projects
    rows = [r for r in grid(name) if len(r) == 5 and r[3] and r[3] != "三级指标"]
    assert [(i.name, i.target.raw) for i in project.indicators] == [(r[3], r[4]) for r in rows]


def test_two_tables_in_one_text():
    one = "项目名称\n\n{name}\n\n一级指标\n\n二级指标\n\n三级指标\n\n指标值\n\n产出指标\n\n数量指标\n\n{indicator}\n\n{target}\n\n"
    text = ("1.甲项目绩效目标表\n\n" + one.format(name="甲", indicator="培训人数", target="100人")
            + "2.乙项目绩效目标表\n\n" + one.format(name="乙", indicator="发放人数", target="≥50人") + "注:单位万元\n")
    blocks = txt_blank.blocks(text)
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph", "Table", "Paragraph"]
    assert [[[c.text for c in r] for r in b.rows][-1] for b in blocks if isinstance(b, Table)] == [
        ["产出指标", "数量指标", "培训人数", "100人"], ["产出指标", "数量指标", "发放人数", "≥50人"]]
    assert blocks[2].text == "2.乙项目绩效目标表"


def test_one_target_per_region_under_the_group_header():
    text = ("项目名称\n\n甲\n\n一级指标\n\n二级指标\n\n三级指标\n\n指标解释\n\n区域目标值\n\n新罗区\n\n上杭县\n\n"
            "产出指标\n\n数量指标\n\n修复道路\n\n公里数\n\n2\n\n3\n\n时效指标\n\n完成时间\n\n年底\n\n12月\n\n12月\n")
    [table] = [b for b in txt_blank.blocks(text) if isinstance(b, Table)]
    rows = [[c.text for c in r] for r in table.rows]
    assert rows[1:] == [["一级指标", "二级指标", "三级指标", "指标解释", "区域目标值", ""],
                        ["", "", "", "", "新罗区", "上杭县"],
                        ["产出指标", "数量指标", "修复道路", "公里数", "2", "3"],
                        ["", "时效指标", "完成时间", "年底", "12月", "12月"]]


QINGSHAN = "qingshan-jiaoyu-2020-cellblank.txt"


def test_qingshan_a_label_over_two_cells_is_one_and_goals_under_their_labels():
    rows = grid(QINGSHAN)
    assert rows[:3] == [["项目名称", "教育系统基础设施建设和设备购置"],
                        ["主管部门\n及编码", "[015001]武汉市青山区教育局"],
                        ["实施单位", "武汉市青山区教育局"]]
    assert ["其中:当年财政拨款", "10000万元"] in rows and ["其他资金", ""] in rows
    at = rows.index(["总体目标", "中期目标", "年度目标"])
    assert rows[at + 1] == ["", "优化教育布局,推进教育领域综合改革,全面提高育人质量,实现基础教育的持续发展",
                            "按工作计划落实教育局重点项目建设经费的预算安排"]
    assert rows[at + 2] == ["绩效项目指标表"]


def test_qingshan_long_term_and_annual_sides_each_cell_under_its_column():
    rows = grid(QINGSHAN)
    at = rows.index(["", "一级指标", "二级指标(长期)", "三级指标(长期)", "指标值(长期)",
                     "二级指标(年度)", "三级指标(年度)", "指标值(年度)"])
    indicators = rows[at + 1:]
    assert len(indicators) == 7
    assert indicators[0] == ["", "产出指标", "数量指标", "", "", "数量指标", "重点建设工程安排数量", "2"]
    assert indicators[2] == ["", "产出指标", "成本指标", "", "", "成本指标", "建设项目成本", "参照政府采购成本控制"]
    assert indicators[-1] == ["", "满意度指标", "服务对象满意度指标", "", "", "服务对象满意度指标",
                              "学生、家长、社会满意度", "≥90%"]


def test_qingshan_page_chrome_after_the_table_is_paragraphs():
    texts = paragraphs(QINGSHAN)
    assert texts[-3:] == ["附件:", "扫一扫在手机打开当前页", "[下载] [打印] [关闭]"]
    assert "2020年度)" in texts


def test_qingshan_reads_the_annual_side():
    doc, _ = read_path(REAL / QINGSHAN)
    [project] = doc.projects
    assert [(i.level2, i.name, i.target.raw) for i in project.indicators][:2] == [
        ("数量指标", "重点建设工程安排数量", "2"), ("质量指标", "重点建设工程验收合格率", "100%")]
    assert len(project.indicators) == 7


def test_side_by_side_rows_with_the_first_level_merged_down():
    text = ("项目名称\n\n甲\n\n一级指标\n\n二级指标(长期)\n\n三级指标(长期)\n\n指标值(长期)\n\n"
            "二级指标(年度)\n\n三级指标(年度)\n\n指标值(年度)\n\n"
            "产出指标\n\n数量指标\n\n培训人数\n\n300人\n\n数量指标\n\n培训人数\n\n100人\n\n"
            "质量指标\n\n \n\n \n\n质量指标\n\n合格率\n\n100%\n\n注:单位万元\n")
    assert txt_blank.looks_like(text.split("\n"))
    blocks = txt_blank.blocks(text)
    [table] = [b for b in blocks if isinstance(b, Table)]
    rows = [[c.text for c in r] for r in table.rows]
    assert rows[2:] == [["产出指标", "数量指标", "培训人数", "300人", "数量指标", "培训人数", "100人"],
                        ["", "质量指标", "", "", "质量指标", "合格率", "100%"]]
    assert blocks[-1].text == "注:单位万元"


def test_goal_labels_side_by_side_with_one_text_keep_the_label_value_pairs():
    """总体目标 | 年度目标 with only the year's goal (岳阳): the text stays beside 年度目标."""
    rows = grid("yueyang-nongtian-2022-cellblank.txt")
    assert ["总体目标"] in rows and ["年度目标", "项目主体工程本年完成70%"] in rows
