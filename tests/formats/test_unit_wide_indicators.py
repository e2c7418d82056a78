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


def test_the_unit_indicators_round_trip_through_jixiao_json():
    from jixiao.formats.jixiao_json import dumps, read_json, to_dict

    doc, _ = read_path(NINGDE)
    data = to_dict(doc)
    assert [i["name"] for i in data["department"]["indicators"]][:2] == ["志鉴地情相关工作开展所需资金的供应时效",
                                                                         "确保日常工作正常运行"]
    again, problems = read_json(dumps(doc).encode("utf-8"))
    assert to_dict(again) == data
    assert [(i.name, i.target.op, i.target.value) for i in again.department.indicators] == \
        [(i.name, i.target.op, i.target.value) for i in doc.department.indicators]


def test_an_older_file_without_unit_indicators_still_reads():
    import json

    from jixiao.formats.jixiao_json import dumps, read_json

    doc, _ = read_path(NINGDE)
    data = json.loads(dumps(doc))
    del data["department"]["indicators"]
    again, _ = read_json(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert again.department.indicators == [] and len(again.department.sub_goals) == 3


def test_a_bad_unit_indicator_is_a_schema_error_naming_its_place():
    import json

    import pytest

    from jixiao.formats.errors import ReadError
    from jixiao.formats.jixiao_json import dumps, read_json

    doc, _ = read_path(NINGDE)
    data = json.loads(dumps(doc))
    del data["department"]["indicators"][1]["name"]
    with pytest.raises(ReadError) as e:
        read_json(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert str(e.value) == "不符合jixiao/1格式：department.indicators[1]：缺少字段“name”"
