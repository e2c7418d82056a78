"""Forms as data (formats/templates.toml, core/frameworks.toml aliases): every entry names its
source, a document is matched to its form, and a province's level names need only data."""

import tomllib
from importlib.resources import files

from jixiao.core.frameworks import canonical_levels
from jixiao.formats import templates
from jixiao.formats.reader import read_bytes
from jixiao.review import review_document

from ..conftest import CORPUS

SEED = (CORPUS / "seed" / "changli-union-2021.txt").read_text("utf-8")


def test_every_label_and_form_names_its_source():
    data = tomllib.loads(files("jixiao.formats").joinpath("templates.toml").read_text("utf-8"))
    assert all(entry["source"].strip() for entry in data["labels"].values())
    assert all(t["source"].strip() and t["has"] for t in data["templates"])
    assert data["unit"]["source"] and data["unit_wide"]["source"]
    assert not templates.TEMPLATES[-1].marks  # the last form matches any document


def test_a_document_is_matched_to_its_form():
    seed, _ = read_bytes(SEED.encode(), "seed.txt")
    assert seed.template == "河北省项目支出绩效目标表" and "code21" in seed.form
    no_plan = SEED.replace("资金支出计划（%）", "备注")
    doc, problems = read_bytes(no_plan.encode(), "no-plan.txt")
    assert doc.template == "一体化项目支出绩效目标表"
    assert "plan" not in doc.form and not [p for p in problems if p.code == "spending_plan"]


# A county's form written with its own level names (the …值 vocabulary issue 12 cites).
SHANDONG = {"产出指标": "产出值", "数量指标": "数量值", "质量指标": "质量值", "时效指标": "时效值",
            "效益指标": "效益值", "社会效益指标": "社会效益值", "可持续影响指标": "可持续影响值"}


def test_a_provinces_level_names_are_read_as_written_and_judged_by_their_meaning():
    text = SEED
    for ours, theirs in SHANDONG.items():
        text = text.replace(f"\t{ours}\n", f"\t{theirs}\n")
    doc, _ = read_bytes(text.encode(), "shandong.txt")
    levels = {(i.level1, i.level2) for p in doc.projects for i in p.indicators}
    assert ("产出值", "数量值") in levels
    assert {canonical_levels(*pair) for pair in levels} >= {("产出指标", "数量指标"), ("效益指标", "社会效益指标")}
    codes = {f.code for f in review_document(doc).findings}
    assert not codes & {"level1-missing", "level2-misplaced"}


# 重庆's 一般性项目 form: no 一级/二级 columns (the layout issue 12 describes; no stored copy found).
CHONGQING = """2024年项目支出绩效目标表
预算单位\t重庆市某区文化馆
项目名称\t群众文化活动经费
年度资金总额\t35.6
年度目标\t1.举办群众文化活动不少于40场\n
指标\t指标权重\t计量单位\t指标性质\t指标值
举办群众文化活动场次\t30\t场\t≥\t40
活动参与群众人次\t30\t人次\t≥\t12000
群众满意度\t20\t%\t≥\t90
项目支出控制\t20\t万元\t≤\t35.6
"""


def test_a_form_without_levels_reads_its_indicators_and_is_not_faulted_for_levels():
    doc, problems = read_bytes(CHONGQING.encode(), "chongqing.txt")
    project = doc.projects[0]
    assert [(i.level1, i.name, i.target.raw, i.weight) for i in project.indicators][:2] == [
        ("", "举办群众文化活动场次", "≥40场", 30), ("", "活动参与群众人次", "≥12000人次", 30)]
    assert doc.unit.name == "重庆市某区文化馆" and project.budget.total == 356000
    assert not [p for p in problems if p.severity == "error"]
    assert not {f.code for f in review_document(doc).findings} & {"level1-missing", "level2-misplaced"}
