"""Text whose table lost every cell separator (issue 12 §2): rows with their cells run together
(武汉青山 2020) and a whole form on one line (鄂州 2022, a document-sharing site's preview). The
Blocks the layout rebuilds from the vocabulary, the readings, and that it claims no other layout."""

import json
from decimal import Decimal

import pytest

from jixiao.formats import txt_joined
from jixiao.formats.blocks import Paragraph, Table
from jixiao.formats.reader import read_bytes, read_path
from jixiao.formats.text import layout

from ..conftest import CORPUS, differences, projection, real_expected, real_reading
from .layout_blocks import reader

REAL = CORPUS / "real"
BOGAI = "qingshan-bogai-2020-joinedcells.txt"
EZHOU = "ezhou-dalou-2022-runon.txt"


read, grid, paragraphs = reader(txt_joined)


def after(rows: list[list[str]], first: str) -> list[list[str]]:
    k = next(k for k, row in enumerate(rows) if row and row[0] == first)
    return rows[k:]


@pytest.mark.parametrize("name", [BOGAI, EZHOU])
def test_the_joined_documents_are_this_layout(name):
    assert layout((REAL / name).read_text("utf-8")) is txt_joined


@pytest.mark.parametrize("path", [
    CORPUS / "seed" / "changli-union-2021.txt", *sorted((CORPUS / "samples").glob("*.txt")),
    *(p for p in sorted(REAL.glob("*.txt")) if p.name not in (BOGAI, EZHOU))], ids=lambda p: p.name)
def test_it_claims_no_other_layout(path):
    text = path.read_text("utf-8")
    assert not txt_joined.looks_like(text.split("\n"))
    assert layout(text) is not txt_joined


def test_spaced_or_piped_headers_are_not_claimed():
    for header in ("一级指标 二级指标 三级指标 指标值", "一级指标 | 二级指标 | 三级指标 |", "一级指标\t二级指标"):
        assert not txt_joined.looks_like(["项目名称 某项目", header])


# ---------------------------------------------------------------- 武汉青山 2020: one row a line


def test_bogai_label_value_rows_above_the_header():
    rows = grid(BOGAI)
    assert rows[:8] == [
        ["项目名称", "农村义务教育薄弱学校改造补助资金"],
        ["项目主管部门", "青山区教育局", "项目执行单位", "化工区学校"],
        ["资金情况"],
        ["(万元)"],
        ["年度资金总额:", "16"],
        ["其中 :上级资金", "16"],
        ["总体目标", "年度目标"],
        ["", "全面改善农村义务教育薄弱学校的办学条件,扩充基础教育资源,进一步提升义务教育均衡发展水平。"],
    ]


def test_bogai_indicator_rows_right_aligned_with_levels_left_empty_where_not_repeated():
    rows = after(grid(BOGAI), "绩效指标")
    assert rows[0] == ["绩效指标", "一级指标", "二级指标", "指标内容", "指标值"]
    assert rows[1] == ["", "产出指标", "数量指标", "农村义务教育学校改造覆盖率", "100%"]
    assert rows[2] == ["", "", "质量指标", "校舍维修改造质量合格率", "100%"]
    assert rows[3] == ["", "", "", "购置设施设备质量合格率", "100%"]
    assert rows[6] == ["", "", "成本指标", "建设项目成本控制率", "100%"]
    assert rows[7] == ["", "效益指标", "可持续影响指标", "义务教育优质均衡发展情况", "稳步提高"]
    assert rows[8] == ["", "", "社会公众或服务对象满意度指标", "学生家长满意度", "≥90%"]
    assert rows[9] == ["", "", "", "学校满意度", "≥90%"]
    assert len(rows) == 10


def test_bogai_page_chrome_before_and_after_is_paragraphs():
    texts = paragraphs(BOGAI)
    assert texts[:2] == ["索 引 号 733569413/2021-00944 发布日期 2021-01-05", "发布机构 区教育局 有 效 性 有效"]
    assert "(2020年度)" in texts
    assert texts[-3:] == ["附件:", "扫一扫在手机打开当前页", "[下载] [打印] [关闭]"]


def test_cells_keep_their_line_and_column():
    table = next(b for b in read(BOGAI) if isinstance(b, Table))
    assert table.rows[1][3].place == "第12行第4列"
    header = next(row for row in table.rows if row[0].text == "绩效指标")
    assert header[0].place == "第21行第1列"


# ---------------------------------------------------------------- 鄂州 2022: the whole form on one line


def test_ezhou_boilerplate_and_the_text_before_the_title_are_paragraphs():
    texts = paragraphs(EZHOU)
    assert texts[0] == "鄂州市2022年市直部门预算项目支出绩效目标表.docx"
    assert texts[-1] == "主管部门审核意见单位公章:年月 日鄂州市2022年市直部门预算项目支出绩效目标表"


def test_ezhou_each_label_opens_a_row():
    rows = grid(EZHOU)
    assert rows[:5] == [
        ["项目名称", "滨湖大胆办公大楼运行保障"],
        ["项目类别", "本级支出项目"],
        ["项目性质", "持续性项目"],
        ["立项依据", "市机关事务服务中心三定方案"],
        ["项目预算成本构成", "金额", "测算(公式)依据", "2020年实际执行数", "2021年实际执行数"],
    ]
    assert after(rows, "绩效目标")[0] == ["绩效目标", "以让办公大楼服务对象满意为目标,努力建设文明型机关、卫生Z口机关。"]


def test_ezhou_cost_rows_and_the_total_split_where_it_equals_the_items_sum():
    rows = grid(EZHOU)
    assert rows[5] == ["保安服务费", "191", "依据招标文件", "191191"]
    assert rows[7] == ["水电气、维修维护费", "524", "按三定方案,各项费用按实际发生结算", "372.88504.55"]
    assert after(rows, "合计")[0] == ["合计", "814", "", "662.98794.55"]


def test_ezhou_header_and_run_on_indicator_rows():
    rows = after(grid(EZHOU), "绩效指标")
    assert rows[0] == ["绩效指标", "保障绩效目标实现措施", "一级指标", "二级指标", "绩效标准", "当年预期实现值"]
    assert rows[1] == ["", "", "数量指标", "办公大楼日常维修维护次数", "反映办公大楼全年维修维护情况", "2280次"]
    assert rows[2] == ["", "", "", "大楼安检巡察次数", "反映大楼保卫巡检情况", "200次"]
    assert rows[3] == ["", "", "质量指标", "办公大楼日常维修维护验收合格率", "反映办公大楼全年维修维护质量情况", ">92%"]
    assert rows[5] == ["", "", "", "重.要设备维修维保验收合格率", "反映设备设施维保质量情况", "95%"]
    assert rows[6] == ["", "", "成本指标", "成本控制率", "", "不超预算"]
    assert len(rows) == 7


# ---------------------------------------------------------------- readings


def test_bogai_reads_exactly_as_expected():
    path = REAL / BOGAI
    doc, problems = read_path(path)
    assert differences(real_expected(path), real_reading(projection(doc))) == []
    assert doc.unit.name == "化工区学校" and doc.projects[0].budget.total == Decimal("160000")
    assert problems == []


def test_ezhou_reads_the_project_its_money_goal_and_targets():
    """The name sits in the form's 二级指标 column (the form has no 三级): whichever column the
    recogniser reads it from, the indicator text and the targets are the expected ones."""
    path = REAL / EZHOU
    doc, _ = read_path(path)
    want = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))["projects"][0]
    project = doc.projects[0]
    assert (doc.year, doc.unit.name) == (2022, "")
    assert project.name == want["name"] and project.budget.total == Decimal("8140000")
    assert len(project.goals) == 1
    assert [(i.level1, i.name or i.level2) for i in project.indicators] == [(i["level1"], i["name"]) for i in want["indicators"]]
    assert [p["target"] for p in real_reading(projection(doc))["projects"][0]["indicators"]] \
        == [i["target"] for i in want["indicators"]]


# ---------------------------------------------------------------- synthetic rows


def test_run_on_rows_are_cut_after_each_target():
    text = "数量指标培训人数≥500人次覆盖乡镇12个质量指标培训合格率95%效益指标群众满意度持续提高满意度指标服务对象满意度≥90%"
    assert txt_joined.run_on_rows(text) == [
        "数量指标培训人数≥500人次", "覆盖乡镇12个", "质量指标培训合格率95%", "效益指标群众满意度持续提高",
        "满意度指标服务对象满意度≥90%"]


def test_trailing_targets_numbers_dates_and_phrases():
    assert txt_joined.split_target("学生家长满意度≥90%") == ("学生家长满意度", "≥90%")
    assert txt_joined.split_target("项目完成时间2023年12月底") == ("项目完成时间", "2023年12月底")
    assert txt_joined.split_target("单位成本490元/平米") == ("单位成本", "490元/平米")
    assert txt_joined.split_target("义务教育优质均衡发展情况稳步提高") == ("义务教育优质均衡发展情况", "稳步提高")
    assert txt_joined.split_target("没有目标值的一行") == ("没有目标值的一行", "")


def test_levels_at_a_rows_start_longest_first():
    assert txt_joined.split_levels("效益指标社会公众或服务对象满意度指标学校满意度≥90%") == (
        ["效益指标", "社会公众或服务对象满意度指标"], "学校满意度≥90%")
    assert txt_joined.split_levels("产出指标数量指标") == (["产出指标"], "数量指标")  # a name is left


def test_labels_cut_a_line_and_keep_their_colon():
    assert txt_joined.split_labels("预算单位某某局实施单位某某中心") == [
        ("预算单位", True), ("某某局", False), ("实施单位", True), ("某某中心", False)]
    assert txt_joined.split_labels("年度资金总额：120其中：财政拨款100") == [
        ("年度资金总额：", True), ("120", False), ("其中：财政拨款", True), ("100", False)]


def test_a_small_joined_form_reads_end_to_end():
    text = ("2023年项目支出绩效目标表\n项目名称乡村道路养护\n预算单位某县交通运输局\n年度资金总额:30\n"
            "年度目标完成道路养护20公里\n一级指标二级指标三级指标指标值\n产出指标数量指标养护里程≥20公里\n"
            "时效指标完成时间2023年12月底前\n满意度指标服务对象满意度指标群众满意度≥90%\n")
    doc, _ = read_bytes(text.encode("utf-8"), "joined.txt")
    project = doc.projects[0]
    assert (doc.year, doc.unit.name, project.name, project.budget.total) == (2023, "某县交通运输局", "乡村道路养护", Decimal("300000"))
    reading = projection(doc)["projects"][0]["indicators"]
    assert [(i["level1"], i["level2"], i["name"], i["target"]) for i in reading] == [
        ("产出指标", "数量指标", "养护里程", "≥20公里"),
        ("产出指标", "时效指标", "完成时间", "2023年12月底前"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]


def test_a_header_without_a_table_start_is_only_paragraphs():
    blocks = txt_joined.blocks("说明文字\n一级指标二级指标三级指标指标值\n")
    assert all(isinstance(b, Paragraph) for b in blocks) and len(blocks) == 2
