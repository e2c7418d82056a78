"""`jixiao review`, `check` and `import` with a unit's own 年度绩效指标 table (宁德 部门整体支出绩效目标表)."""

import json
from pathlib import Path

from .test_cli import SEED, run

NINGDE = Path(__file__).parents[2] / "tests/fixtures/corpus/real/ningde-dangshi-2019-unitwide.txt"


def test_import_counts_the_unit_indicators():
    text = run("import", NINGDE).stdout.replace("\n", "")  # the console wraps long lines
    assert "3个分项目标" in text and "0条工作保障措施，6个部门整体年度绩效指标" in text
    assert "部门整体年度绩效指标" not in run("import", SEED).stdout


def test_review_shows_the_unit_table_findings_and_no_unmeasured_sub_goal():
    result = run("review", NINGDE)
    assert "部门整体年度绩效指标：指标值“100%”没" in result.stdout and "志鉴地情相关工作开展所需资金的供应时效" in result.stdout
    data = json.loads(run("review", "--json", NINGDE).stdout)
    assert data["department"]["indicators"] == 6
    codes = {f["code"] for f in data["findings"] if f["project"] == "部门整体"}
    assert "department-operator-inferred" in codes and "department-sub-goal-unmeasured" not in codes


def test_check_lists_the_unit_table_findings():
    result = run("check", NINGDE)
    assert "部门整体（提示）：部门整体年度绩效指标：指标值“100%”没有写指标性质，按二级指标推定为“≥”" in result.stdout
    assert "分项目标“" not in result.stdout
