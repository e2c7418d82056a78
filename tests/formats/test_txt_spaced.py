"""Single-space separated rows (a web page's text where each table row became one
line): the Blocks the layout rebuilds from the real documents, and that it claims
nothing the other layouts read."""

import re

import pytest

from jixiao.formats import txt_spaced
from jixiao.formats.blocks import Table
from jixiao.formats.reader import read_bytes, read_path
from jixiao.formats.text import layout

from ..conftest import CORPUS
from .layout_blocks import reader
from .test_text_layouts import as_pasted_rows

REAL = CORPUS / "real"
SPACED = ["jinzhai-kaifaqu-2021-spacerows.txt", "fengjie-yunwu-2023-spacerows.txt",
          "wuhai-gongxiao-2021-spacerows.txt", "ningde-dangshi-2019-unitwide.txt",
          "nanyue-fupin-2018-spacerows.txt"]
OTHERS = [CORPUS / "seed" / "changli-union-2021.txt", CORPUS / "samples" / "liuxi-fulian-2022.txt",
          REAL / "zhaohua-weijian-2021-tabrows.txt", REAL / "yueyang-nongtian-2022-cellblank.txt",
          REAL / "shucheng-yigongdaizhen-2023-cellblank.txt", REAL / "xiangtan-huanwei-2023-pipecells.txt",
          REAL / "jingyan-mata-2023-markdown.txt"]


read, grid, paragraphs = reader(txt_spaced)


@pytest.mark.parametrize("name", SPACED)
def test_the_real_single_space_documents_are_this_layout(name):
    assert layout((REAL / name).read_text("utf-8")) is txt_spaced


@pytest.mark.parametrize("path", OTHERS, ids=lambda p: p.name)
def test_other_layouts_are_not_claimed(path):
    assert not txt_spaced.looks_like(path.read_text("utf-8").split("\n"))


def test_pdftotext_layout_is_not_claimed():
    """Columns aligned by runs of spaces, the header's words one space apart in a narrow table."""
    text = ("项目名称    物业管理\n"
            "一级指标 二级指标      三级指标          指标值\n"
            "产出指标   数量指标      安置小区物业费    8个\n"
            "           质量指标      验收合格率        100%\n")
    assert not txt_spaced.looks_like(text.split("\n"))


def test_cells_are_split_at_lone_spaces_only():
    assert txt_spaced.cells_of("项目资金    (万元) 年度资金总额: 1125") == ["项目资金    (万元)", "年度资金总额:", "1125"]
    assert txt_spaced.cells_of(" 其中: 财政拨款数 3") == ["其中: 财政拨款数", "3"]


def test_jinzhai_labels_above_the_header_keep_their_values_beside_them():
    rows = grid("jinzhai-kaifaqu-2021-spacerows.txt")
    assert rows[:5] == [
        ["项目名称", "物业管理"],
        ["主管部门", "县财政局", "实施单位", "安徽金寨经济开发区管理委员会"],
        ["项目资金    (万元)", "年度资金总额:", "1125"],
        ["其中:财政拨款", "1125"],
        ["其他资金"],
    ]
    assert rows[5] == ["年度目标", "目标1:做好辖区各安置小区的安全巡逻、环境卫生和日常物业管理"]


def test_jinzhai_indicator_rows_sit_under_the_header_with_merged_levels_empty():
    rows = grid("jinzhai-kaifaqu-2021-spacerows.txt")
    assert rows[6] == ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]
    assert rows[7] == ["", "产出指标", "数量指标", "指标1:安置小区物业费", "8个"]
    assert rows[8] == ["", "", "质量指标", "指标1:完成开发区工委、管委下达的安置小区物业费清算任务,指导小区物业开展文明创建等工作。",
                       "房屋设备、设施的管理到位,环境卫生整洁,车辆停放有序"]
    assert rows[11] == ["", "效益指标", "经济效益指标", "指标1:清算8个安置小区本年度物业费和历史的遗留物业费(≥**%)。", "≥95%"]
    assert rows[-1] == ["", "满意度指标", "服务对象满意度指标", "指标1:小区居民满意度(≥**%)", "≥90%"]
    assert len(rows) == 7 + 9


def test_jinzhai_title_lines_before_and_the_footnote_after_are_paragraphs():
    texts = paragraphs("jinzhai-kaifaqu-2021-spacerows.txt")
    assert texts[0] == "金寨经济开发区2021年度项目支出绩效目标申报表"
    assert "(2021年度)" in texts
    assert texts[-2].startswith("注: 1.“其他资金”")
    assert texts[-1] == "2.各单位可按项目特点增减二级指标,并细化"


def test_fengjie_score_ranges_stay_in_the_level_cells_and_empty_groups_are_rows():
    rows = grid("fengjie-yunwu-2023-spacerows.txt")
    header = rows.index(["年度绩效目标(90分)", "一级指标", "二级指标", "三级指标", "指标值", "分值", "指标解释"])
    assert rows[header + 1] == ["", "成本指标(0-20)分", "经济成本指标", "项目建设成本", "≤65万元", "10", ""]
    assert rows[header + 2] == ["", "", "社会成本指标", "", "", "", ""]
    assert rows[header + 4] == ["", "产出指标\n(40-50)分", "", "", "", "", ""]
    # The page was cut inside 数量指标: a level cell, not an indicator named 数量指.
    assert rows[header + 5][2] == "数量指" and rows[header + 5][3] == ""
    assert len(rows) == header + 6


def test_fengjie_labels_above():
    rows = grid("fengjie-yunwu-2023-spacerows.txt")
    assert rows[0] == ["预算单位:", "奉节县云雾土家族乡人民政府"]
    assert ["项目名称", "2023年云雾土家族乡加工园配套设施建设项目", "项目分类", "资产资源类--房屋类"] in rows
    assert ["其中:财政资金", "65", "财政资金科目代码", "21305"] in rows
    goal = next(r for r in rows if r[0].startswith("年度主要目标"))
    assert len(goal) == 2 and goal[1].startswith("本年度建成占地300平方米")


def test_wuhai_split_columns_each_cell_in_its_column():
    rows = grid("wuhai-gongxiao-2021-spacerows.txt")
    header = next(k for k, r in enumerate(rows) if "一级指标" in r)
    assert rows[header][1:] == ["一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "目标值", "计量单位", "分值", "备注"]
    # 计量单位 left empty on the page: the 4 is the 分值, not the unit.
    assert rows[header + 1] == ["", "产出指标", "数量指标", "出差人数", "正向", "=", "8", "", "4", ""]
    assert rows[header + 2] == ["", "产出指标", "数量指标", "出差人次", "正向", "=", "24", "人/次", "4", ""]
    assert rows[header + 4] == ["", "产出指标", "时效指标", "项目财政资金到位时间", "正向", "=", "44,561", "44,561", "10", ""]
    assert len(rows) == header + 12


def test_wuhai_goals_one_cell_one_goal_a_line_and_codes_as_written():
    rows = grid("wuhai-gongxiao-2021-spacerows.txt")
    assert ["实施单位", "(433001)乌海市供销合作社联合社"] in rows
    assert ["其中: 财政拨款数", "3"] in rows
    goals = next(r for r in rows if r[0] == "年度目标")
    assert len(goals) == 2
    assert goals[1].split("\n")[1:] == ["目标1:聘用人员1人,出差8人", "目标2:聘用人员在岗率100%", "目标3:2021年12月31日前完成",
                                        "目标4:年度预算总金额3万元", "目标5:推动资源循环高效利用,改善城乡生态环境。"]


def test_ningde_labels_written_a_word_a_line_are_one_cell():
    rows = grid("ningde-dangshi-2019-unitwide.txt")
    assert rows[0] == ["部门(单位)名称", "中共宁德市委党史和地方志研究室", "部门预算编码", "901001033"]
    assert ["年度\n预算\n安排\n(万元)"] in rows
    assert ["资金总额", "171.41"] in rows
    goals = next(r for r in rows if r[0] == "年度\n总体\n目标")
    assert goals[1].split("\n") == ["目标1:保证本室人员工资和福利按时发放;", "目标2:给合作社区、退休人员及遗孀、困难群众适当补助;",
                                    "目标3:保证本室日常办公经费正常运转;", "目标4:保障志鉴地情工作所需资金,完成2019年度任务。"]
    assert ["部门职能", "年度目标任务", "支出项目名称", "预算金额(万元)"] in rows


def test_ningde_indicators_without_a_label_column():
    rows = grid("ningde-dangshi-2019-unitwide.txt")
    header = rows.index(["一级指标", "二级指标", "三级指标", "指标解释", "目标值"])
    assert rows[header + 1] == ["产出指标", "数量指标", "志鉴地情相关工作开展所需资金的供应时效", "100%(历史标准)", "100%"]
    assert rows[header + 2] == ["", "", "确保日常工作正常运行", "100%", "100%"]
    assert rows[header + 4] == ["", "质量指标", "调研、督促、指导志、鉴、地情编纂的县(市、区)的覆盖率", "90%(计划标准)", "1"]
    assert rows[-1] == ["", "时效指标", "项目完成时间", "2019年12月(计划标准)", "100%"]


def test_a_level_name_is_told_by_the_level_above_it():
    """效益指标 is a 一级 after 产出指标, a 二级 under the 中央预算内投资 table's 实施效果指标."""
    assert txt_spaced.level_of("效益指标", "产出指标") == "level1"
    assert txt_spaced.level_of("效益指标", "实施效果指标") == "level2"
    assert txt_spaced.level_of("满意度指标", "项目效益指标") == "level1"
    assert txt_spaced.level_of("满意度指标", "满意度指标") == "level2"
    assert txt_spaced.level_of("成本指标(0-20)分", "") == "level1"
    assert txt_spaced.level_of("成本指标", "产出指标") == "level2"
    assert txt_spaced.level_of("经济效益\n指标", "效益指标") == "level2"
    assert txt_spaced.level_of("出差人数", "产出指标") == ""


def test_two_tables_in_one_text():
    text = ("项目支出绩效目标表\n项目名称 甲\n一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 培训人数 100人\n"
            "项目支出绩效目标表\n项目名称 乙\n一级指标 二级指标 三级指标 指标值\n效益指标 社会效益指标 受益人数 ≥50人\n")
    tables = [[[c.text for c in r] for r in b.rows] for b in txt_spaced.blocks(text) if isinstance(b, Table)]
    assert [t[0] for t in tables] == [["项目名称", "甲"], ["项目名称", "乙"]]
    assert tables[1][-1] == ["效益指标", "社会效益指标", "受益人数", "≥50人"]


def test_cells_keep_their_line_and_column():
    rows = [b for b in read("jinzhai-kaifaqu-2021-spacerows.txt") if isinstance(b, Table)][0].rows
    assert rows[0][1].place == "第6行第2列"
    assert rows[7][3].place == "第14行第4列"


def test_jinzhai_reads_to_the_expected_indicators():
    doc, _ = read_path(REAL / "jinzhai-kaifaqu-2021-spacerows.txt")
    [project] = doc.projects
    assert project.name == "物业管理"
    got = [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators]
    assert got[0] == ("产出指标", "数量指标", "指标1:安置小区物业费", "8个")
    assert got[4] == ("效益指标", "经济效益指标", "指标1:清算8个安置小区本年度物业费和历史的遗留物业费(≥**%)。", "≥95%")
    assert len(got) == 9


def test_wuhai_and_fengjie_read_their_indicator_names():
    doc, _ = read_path(REAL / "wuhai-gongxiao-2021-spacerows.txt")
    names = [(i.level1, i.level2, i.name) for i in doc.projects[0].indicators]
    assert names[0] == ("产出指标", "数量指标", "出差人数") and names[-1] == ("产出指标", "成本指标", "年度预算总成本")
    assert len(names) == 11
    doc, _ = read_path(REAL / "fengjie-yunwu-2023-spacerows.txt")
    assert [(i.name, i.target.raw) for i in doc.projects[0].indicators] == [("项目建设成本", "≤65万元")]


@pytest.mark.parametrize("path", OTHERS[:2], ids=lambda p: p.name)
def test_the_seed_as_a_web_page_gives_it_reads_like_the_seed(path):
    """Each table row one line, its cells one space apart, empty cells gone (as a page's text
    has them): codes, money, the spending plan under its months, goals 2. and 3. on lines of
    their own, every indicator as in the seed."""
    pasted = as_pasted_rows(path.read_text("utf-8"))
    spaced = "\n".join(re.sub(r"\t+", " ", line).strip() if "\t" in line else line for line in pasted.split("\n"))
    assert "\t" not in spaced and layout(spaced) is txt_spaced
    doc, _ = read_path(path)
    again, problems = read_bytes(spaced.encode(), "spaced.txt")
    assert problems == []
    assert again == doc


def test_zhaohua_as_its_page_gave_it_reads_like_the_pasted_rows():
    """The page's own text of the 昭化 table (single spaces, the rowspan cells' empty fields gone):
    the 绩效指标 column's text on the first indicator row is not a name, the annual goal sits under
    年度目标, 成本指标 is a 二级 of 项目完成指标."""
    path = REAL / "zhaohua-weijian-2021-tabrows.txt"
    spaced = "\n".join(re.sub(r"\t+", " ", line).strip() for line in path.read_text("utf-8").split("\n"))
    assert layout(spaced) is txt_spaced
    [table] = [b for b in txt_spaced.blocks(spaced) if isinstance(b, Table)]
    rows = [[c.text for c in r] for r in table.rows]
    goal = rows.index(["总体目标", "年度目标"]) + 1
    assert rows[goal][0] == "" and rows[goal][1].startswith("对辖区内依法依规生育")
    assert ["", "项目完成指标", "数量指标", "对符合政策法规的独生子伤残、死亡家庭进行扶助", "63人"] in rows
    assert ["", "", "成本指标", "成本控制", "严格按照预算标准1000元/人给补助对象兑付补助"] in rows
    doc, _ = read_path(path)
    again, problems = read_bytes(spaced.encode(), "zhaohua.txt")
    assert problems == []
    assert again == doc


def test_a_bracket_with_spaces_inside_is_one_cell():
    assert txt_spaced.cells_of("贫困地区旅游景点开发数量( ≥**个 ) >=4个  ") == ["贫困地区旅游景点开发数量( ≥**个 )", ">=4个"]
    assert txt_spaced.cells_of("数量（ ≥**个 ） 4") == ["数量（ ≥**个 ）", "4"]
    # A bracket closed beyond the next three cells, or never, leaves the cells as they are.
    assert txt_spaced.cells_of("甲( 1 2 3 4 ) 5") == ["甲(", "1", "2", "3", "4", ")", "5"]
    assert txt_spaced.cells_of("甲( 1 2") == ["甲(", "1", "2"]


def test_nanyue_indicator_rows_keep_bracketed_residue_in_the_name():
    rows = grid("nanyue-fupin-2018-spacerows.txt")
    header = rows.index(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "备注"])
    indicators = rows[header + 1:]
    assert len(indicators) == 16
    assert indicators[0] == ["", "产出指标", "数量指标", "贫困地区旅游基础设施建设工程", ">=20平方米", ""]
    assert indicators[1] == ["", "", "", "贫困地区旅游景点开发数量( ≥**个 )", ">=4个", ""]
    assert indicators[3] == ["", "", "质量指标", "*贫困地区旅游基础设施建设质量达标率100%", ">=98%", ""]
    assert indicators[11] == ["", "", "", "受益建档立卡贫困人口数≥**人", ">=29人", ""]
    assert indicators[-1] == ["", "", "", "游客满意度(≥**%)", ">=90%", ""]
    assert all(len(r) == 6 and r[4].startswith((">=", "<=")) for r in indicators)


def test_nanyue_goal_labels_row_and_the_goal_under_the_annual_column():
    rows = grid("nanyue-fupin-2018-spacerows.txt")
    at = rows.index(["总体目标", "年度目标", "年度总体目标完成情况"])
    assert rows[at + 1] == ["", "使水濂村的观光游客达到6万人以上,村集体收入达到6万元。", ""]
    assert not txt_spaced.is_goals_label("年度总体目标完成情况")
    assert txt_spaced.is_goals_label("年度总体目标")


def test_nanyue_review_rows_after_the_table_are_paragraphs():
    texts = paragraphs("nanyue-fupin-2018-spacerows.txt")
    assert texts[-3:] == ["财政部门支出股室初审意见 (盖章)", "财政部门绩效评价股审核意见 (盖章)", "区扶贫办审核意见 (盖章)"]


def test_nanyue_reads_to_its_project():
    doc, _ = read_path(REAL / "nanyue-fupin-2018-spacerows.txt")
    [project] = doc.projects
    assert len(project.indicators) == 16
    assert project.indicators[1].name == "贫困地区旅游景点开发数量( ≥**个 )"
    assert project.indicators[1].target.raw == ">=4个"


def test_level_vocabulary_is_the_frameworks_and_their_aliases():
    """Level names come from core/frameworks.toml: its levels, and each alias under the 一级 of
    what it stands for; only the shifted 中央预算内投资 levels are kept here."""
    from jixiao.core.frameworks import FRAMEWORKS, level_aliases
    aliases = level_aliases()
    assert set(aliases["level1"]) <= txt_spaced.LEVEL1_NAMES
    assert set(aliases["level2"]) <= txt_spaced.LEVEL2_NAMES
    assert all(set(f.levels) <= txt_spaced.LEVEL1_NAMES for f in FRAMEWORKS.values())
    assert txt_spaced.level_of("数量值", "产出值") == "level2"
    assert txt_spaced.level_of("社会效益目标", "效益指标") == "level2"
    assert txt_spaced.level_of("数量目标", "产出指标") == "level2"
    assert txt_spaced.level_of("产出值", "") == "level1"
    assert txt_spaced.level_of("计划管理指标", "过程管理指标") == "level2"


def test_unit_labels_are_the_shared_ones():
    from jixiao.formats.labels import UNIT_NAMES
    from jixiao.formats.templates import UNIT_CODE_LABELS
    assert txt_spaced.UNIT_LABELS == UNIT_NAMES | UNIT_CODE_LABELS
    assert txt_spaced.is_start_label("主管部门及编码") and txt_spaced.is_start_label("部门预算编码")
