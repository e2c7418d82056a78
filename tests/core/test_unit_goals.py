"""Unit-wide goals as data: indicators proposed from a 分项目标's sentences, projects linked to it."""

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.document import GoalDocument, SubGoal, Unit, project_key
from jixiao.core.targets import EQ, GE, LE
from jixiao.core.unit_goals import covered, link_projects, propose, propose_links
from jixiao.formats.reader import read_path

SEED = Path(__file__).parents[2] / "src/jixiao/seed/changli-union-2021.txt"
SAMPLES = Path(__file__).parents[1] / "fixtures/corpus/samples"


@pytest.fixture(scope="module")
def seed() -> GoalDocument:
    return read_path(SEED)[0]


def _proposed(sub: SubGoal, framework: str = "A") -> list[tuple]:
    return [(i.level1, i.level2, i.name, i.target.op, i.target.value, i.target.unit)
            for i in propose(sub, framework)]


def test_seed_sub_goals_propose_their_numbers(seed):
    subs = {s.name: s for s in seed.department.sub_goals}
    assert _proposed(subs["帮扶工作"]) == [
        ("产出指标", "质量指标", "救助标准", GE, Decimal("500"), "元"),
        ("产出指标", "数量指标", "救助人数", GE, Decimal("400"), "人"),
    ]
    # 2020底 is a date, not a quantity; 每人 makes the money a standard per person.
    assert _proposed(subs["劳模体检费"]) == [
        ("产出指标", "数量指标", "省部级劳模人数", EQ, Decimal("48"), "人"),
        ("产出指标", "成本指标", "体检费用标准", EQ, Decimal("500"), "元/人"),
    ]
    assert _proposed(subs["工会事务"]) == [("产出指标", "数量指标", "正常运转人数", GE, Decimal("16"), "人")]


def test_proposal_keeps_its_sentence_as_description_and_basis(seed):
    ind = propose(seed.department.sub_goals[2])[0]
    assert ind.description == "正常运转人数不低于16人"
    assert "正常运转人数不低于16人" in ind.basis and ind.target.raw == "≥16人" and not ind.target.inferred


def test_framework_b_puts_money_ceilings_under_its_own_cost_level():
    sub = SubGoal("劳模体检费", indicators_text="安排每人500元的体检费用。")
    assert _proposed(sub, "B") == [("成本指标", "经济成本指标", "体检费用标准", EQ, Decimal("500"), "元/人")]


@pytest.mark.parametrize("text, expected", [
    ("救助困难职工四百人以上", ("救助困难职工", GE, Decimal("400"), "人")),
    ("开展培训不少于两千人次", ("培训", GE, Decimal("2000"), "人次")),
    ("资金不超过20万元", ("资金", LE, Decimal("20"), "万元")),
    ("满意度达到95%以上", ("满意度", GE, Decimal("95"), "%")),
    ("培训合格率至少90%", ("培训合格率", GE, Decimal("90"), "%")),
    ("宣传次数≤3次", ("宣传次数", LE, Decimal("3"), "次")),
    ("发放一次性补助500元", ("一次性补助", EQ, Decimal("500"), "元")),  # 一次性 is a word, not once
])
def test_comparison_and_chinese_numerals(text, expected):
    (ind,) = propose(SubGoal("x", indicators_text=text))
    assert (ind.name, ind.target.op, ind.target.value, ind.target.unit) == expected


@pytest.mark.parametrize("text", [
    "提升工会机关业务水平，增强监督实效，推动经济社会发展。",
    "2021年完成全部工作。",
    "深入学习贯彻党的十九届五中全会精神。",
    "服务惠及千家万户，围绕一个中心开展工作。",
    "",
])
def test_sentences_without_a_quantity_propose_nothing(text):
    assert propose(SubGoal("x", goal=text)) == []


def test_goal_is_read_when_there_is_no_indicator_text():
    assert [i.name for i in propose(SubGoal("x", goal="全年救助职工30人。"))] == ["救助职工"]


def test_seed_projects_are_linked_by_shared_words(seed):
    names = {project_key(p): p.name for p in seed.projects}
    links = {(link.sub_goal, names[link.project]): link.words for link in propose_links(seed)}
    assert links == {
        ("帮扶工作", "职工困难帮扶防贫资金"): ("困难帮扶",),
        ("劳模体检费", "劳模体检费"): ("劳模体检费",),
        # 劳模 is shared with 劳模体检费 too, but 帮扶工作's sentences share 困难, 帮扶 and 救助.
        ("帮扶工作", "提前下达2021年困难职工及劳模帮扶救助专项资金"): ("困难", "帮扶救助"),
    }


def test_link_projects_writes_links_into_sub_goals_without_any(seed):
    import copy

    doc = copy.deepcopy(seed)
    link_projects(doc)
    subs = {s.name: s.projects for s in doc.department.sub_goals}
    assert subs["帮扶工作"] == [project_key(doc.projects[0]), project_key(doc.projects[2])]
    assert subs["劳模体检费"] == [project_key(doc.projects[1])]
    assert subs["工会事务"] == []
    assert all(covered(doc).values())


def test_written_links_decide_coverage_over_proposals(seed):
    import copy

    doc = copy.deepcopy(seed)
    doc.department.sub_goals[1].projects = [project_key(doc.projects[1])]
    cover = covered(doc)
    assert cover[project_key(doc.projects[1])] == ["劳模体检费"]
    assert cover[project_key(doc.projects[0])] == [] and cover[project_key(doc.projects[2])] == []


def test_a_project_sharing_no_word_is_linked_to_none():
    from jixiao.core.document import Budget, DepartmentGoals, Project

    doc = GoalDocument(Unit("1", "u"), 2021, [Project("", "办公楼维修", Budget(Decimal(1), Decimal(1), Decimal(0)))],
                       DepartmentGoals(sub_goals=[SubGoal("帮扶工作", goal="救助困难职工")]))
    assert propose_links(doc) == [] and covered(doc) == {"办公楼维修": []}


def test_other_fixture_with_a_unit_wide_part():
    doc = read_path(SAMPLES / "liuxi-fulian-2022.txt")[0]
    subs = {s.name: s for s in doc.department.sub_goals}
    assert [(i.name, i.target.raw) for i in propose(subs["“两癌”困难妇女救助"])] == [
        ("救助患“两癌”困难妇女", "≥30人"), ("救助标准", "=5000元/人")]
    assert [(i.level2, i.name, i.target.raw) for i in propose(subs["巾帼家政技能培训"])] == [
        ("数量指标", "培训班", "=4期"), ("数量指标", "培训妇女", "≥200人次"), ("质量指标", "培训合格率", "≥90%")]
    names = {project_key(p): p.name for p in doc.projects}
    assert {(link.sub_goal, names[link.project]) for link in propose_links(doc)} == {
        ("“两癌”困难妇女救助", "困难妇女“两癌”救助资金"), ("巾帼家政技能培训", "巾帼家政技能培训经费")}


def test_jixiao_json_keeps_sub_goal_indicators_and_project_links(seed):
    import copy
    import json

    from jixiao.formats.jixiao_json import dumps, read_json

    doc = copy.deepcopy(seed)
    link_projects(doc)
    for sub in doc.department.sub_goals:
        sub.indicators = propose(sub)
    data = json.loads(dumps(doc))
    assert data["department"]["sub_goals"][0]["indicators"][1]["target"]["raw"] == "≥400人"
    assert data["department"]["sub_goals"][1]["projects"] == [project_key(doc.projects[1])]
    again, _ = read_json(dumps(doc).encode())
    assert again.department == doc.department
    assert again.department.sub_goals[0].indicators[1].target.value == Decimal("400")


def test_jixiao_json_written_before_sub_goal_indicators_still_reads(seed):
    import json

    from jixiao.formats.jixiao_json import dumps, read_json

    data = json.loads(dumps(seed))
    for sub in data["department"]["sub_goals"]:
        del sub["indicators"], sub["projects"]
    doc, _ = read_json(json.dumps(data, ensure_ascii=False).encode())
    assert [s.name for s in doc.department.sub_goals] == ["帮扶工作", "劳模体检费", "工会事务"]
    assert all(s.indicators == [] and s.projects == [] for s in doc.department.sub_goals)


def test_jixiao_json_refuses_a_bad_sub_goal_indicator_in_chinese(seed):
    import json

    from jixiao.formats.errors import ReadError
    from jixiao.formats.jixiao_json import dumps, read_json

    data = json.loads(dumps(seed))
    data["department"]["sub_goals"][0]["indicators"] = [{"name": "救助人数"}]
    with pytest.raises(ReadError) as caught:
        read_json(json.dumps(data, ensure_ascii=False).encode(), "x.json")
    assert "department.sub_goals[0].indicators[0]" in str(caught.value) and "缺少字段" in str(caught.value)
