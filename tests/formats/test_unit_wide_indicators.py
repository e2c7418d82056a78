"""The official 部门整体支出绩效目标表's one table of the unit's 年度绩效指标 (财预〔2015〕88号),
read into DepartmentGoals.indicators by the project indicator reading."""

from decimal import Decimal

from jixiao.formats.reader import read_path

from ..conftest import CORPUS

NINGDE = CORPUS / "real" / "ningde-dangshi-2019-unitwide.txt"


def test_ningde_unit_indicators_are_read_with_levels_filled_down():
    doc, problems = read_path(NINGDE)
    assert problems == []
    assert doc.projects == []
    got = [(i.level1, i.level2, i.name, i.description, i.target.raw) for i in doc.department.indicators]
    assert got == [
        ("产出指标", "数量指标", "志鉴地情相关工作开展所需资金的供应时效", "100%(历史标准)", "100%"),
        ("产出指标", "数量指标", "确保日常工作正常运行", "100%", "100%"),
        ("产出指标", "数量指标", "按年度发放绩效奖、文明奖、综治平安奖、应休未休补贴", "60%", "≥60%"),
        ("产出指标", "质量指标", "调研、督促、指导志、鉴、地情编纂的县(市、区)的覆盖率", "90%(计划标准)", "1"),
        ("产出指标", "质量指标", "各类书籍审稿率", "100%(计划标准)", "1"),
        ("产出指标", "时效指标", "项目完成时间", "2019年12月(计划标准)", "100%"),
    ]


def test_ningde_unit_indicator_targets_are_parsed():
    doc, _ = read_path(NINGDE)
    targets = [(i.target.op, i.target.value, i.target.unit) for i in doc.department.indicators]
    assert targets[2] == ("≥", Decimal("60"), "%")
    assert targets[3] == ("≥", Decimal("1"), "")
    assert all(i.places["name"] for i in doc.department.indicators)


def test_the_sub_goals_keep_no_indicators_of_their_own():
    doc, _ = read_path(NINGDE)
    assert [len(s.indicators) for s in doc.department.sub_goals] == [0, 0, 0]


def test_a_seed_document_has_no_unit_indicators():
    doc, _ = read_path(CORPUS / "seed" / "changli-union-2021.txt")
    assert doc.department is None or doc.department.indicators == []
