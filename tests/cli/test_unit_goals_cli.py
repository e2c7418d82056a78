"""`jixiao review` and `jixiao check` show the unit-wide part's findings and the indicators proposed from
its sentences."""

import json

from jixiao.core.unit_goals import link_projects, propose
from jixiao.formats.jixiao_json import dumps
from jixiao.formats.reader import read_path

from .test_cli import SEED, bad_seed, run


def test_review_shows_unit_wide_findings_and_proposals():
    result = run("review", SEED)
    assert result.exit_code == 0  # warnings only
    assert "部门整体绩效目标" in result.stdout
    assert "分项目标“帮扶工作”建议指标：救助人数 ≥400人（产出指标/数量指标，据“救助人数400人以上”）" in result.stdout
    assert "分项目标“劳模体检费”建议指标：体检费用标准 =500元/人" in result.stdout
    assert "分项目标“工会事务”建议指标：正常运转人数 ≥16人" in result.stdout


def test_review_json_gives_unit_wide_findings_proposals_and_links():
    data = json.loads(run("review", "--json", SEED).stdout)
    unit_wide = [f for f in data["findings"] if f["project"] == "部门整体"]
    assert {f["indicator"] for f in unit_wide} == {"帮扶工作", "劳模体检费", "工会事务"}
    assert all(f["code"] == "department-sub-goal-unmeasured" and f["severity"] == "warning" for f in unit_wide)
    subs = {s["name"]: s for s in data["department"]["sub_goals"]}
    assert subs["帮扶工作"]["proposed"] == ["救助标准 ≥500元", "救助人数 ≥400人"]
    assert subs["帮扶工作"]["projects"] == ["13032221GVUVTX63BWWCQ", "13032221W892NIM0EVGFV"]
    assert subs["工会事务"] == {"name": "工会事务", "indicators": 0, "proposed": ["正常运转人数 ≥16人"], "projects": []}
    assert data["grade"] == "良"  # the unit-wide warnings do not grade the projects


def test_review_of_a_confirmed_json_shows_no_unit_wide_problem(tmp_path):
    doc = read_path(SEED)[0]
    for sub in doc.department.sub_goals:
        sub.indicators = propose(sub)
    link_projects(doc)
    path = tmp_path / "confirmed.json"
    path.write_text(dumps(doc), "utf-8")
    result = run("review", path)
    assert result.exit_code == 0
    assert "部门整体绩效目标：没有发现问题" in result.stdout and "建议指标" not in result.stdout
    data = json.loads(run("review", "--json", path).stdout)
    assert data["department"]["sub_goals"][0]["indicators"] == 2 and data["department"]["sub_goals"][0]["proposed"] == []


def test_review_names_a_project_no_sub_goal_covers(tmp_path):
    doc = read_path(SEED)[0]
    doc.department.sub_goals[0].projects = ["13032221GVUVTX63BWWCQ"]
    path = tmp_path / "linked.json"
    path.write_text(dumps(doc), "utf-8")
    data = json.loads(run("review", "--json", path).stdout)
    uncovered = [f["message"] for f in data["findings"] if f["code"] == "department-project-uncovered"]
    assert uncovered == ["项目“劳模体检费”的资金没有归入任何分项目标",
                         "项目“提前下达2021年困难职工及劳模帮扶救助专项资金”的资金没有归入任何分项目标"]


def test_check_shows_unit_wide_findings_and_proposals_without_changing_its_status():
    result = run("check", SEED)
    assert result.exit_code == 0
    assert "没有发现错误" in result.stdout
    assert ("部门整体（警告）：分项目标“帮扶工作”没有量化指标；可由文中“救助人数400人以上”等生成建议指标："
            "救助标准 ≥500元、救助人数 ≥400人") in result.stdout
    assert "分项目标“劳模体检费”建议指标：省部级劳模人数 =48人" in result.stdout


def test_check_of_a_file_with_errors_still_shows_the_proposals(tmp_path):
    path = bad_seed(tmp_path, "13032221GVUVTX63BWWCQ", "1303222GVUVTX63BWWCQ")
    result = run("check", path)
    assert result.exit_code == 1
    assert "分项目标“工会事务”建议指标：正常运转人数 ≥16人" in result.stdout
