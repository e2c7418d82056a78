"""`jixiao province score|monitor --dir DIR` over a province folder made by hand (totals computed by hand),
and every mistake a person can make with the folder, the output or the database refused in one Chinese
line with its exit status, never a traceback."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from jixiao.evaluation import errors as e
from jixiao.evaluation import province
from jixiao.web.commands import BAD_DATABASE

from .test_cli import run

JIXIAO = str(Path(sys.executable).with_name("jixiao"))


def make(folder: Path, budget_type: str = "DECIMAL(18,2)", drop: str = "") -> Path:
    """Three projects of 2021 and one of 2020, with their totals worked out by hand (CZ-2020-10):
    A  budget 1000, spent 400 + 500 = 900: execution 9; one 产出 ≥100人 (the only 一级: weight 90), 80人 → 72;
       total 81 → 良
    B  budget 2000, spent 2000: 10; 产出 ≥10个 with 12个 (weights 50 and 10 of 60 scaled to 90: 75) → 75 and
       满意度 qualitative 达成 (15) → 15; total 100 → 优
    C  budget 500, nothing spent: 0; 效益 ≤5天 with 10天 (weight 90): 5 ÷ 10 × 90 → 45; total 45 → 差
    D  (2020) budget 100, spent 100: 10; 产出 =1个 with 1个 → 90; total 100 → 优"""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("""CREATE TABLE projects AS SELECT * FROM (VALUES
        ('A', 1000, 10.0, 50.0, 80.0, 100.0, 1, '711001', 2021, '13032221A', '=帮扶资金'),
        ('B', 2000, NULL, 50.0, NULL, 100.0, 1, '711001', 2021, '13032221B', '劳模体检'),
        ('C', 500, 20.0, 40.0, 70.0, 100.0, 2, '726001', 2021, '', '妇女培训'),
        ('D', 100, 20.0, 40.0, 70.0, 100.0, 3, '711001', 2020, '13032220D', '旧项目'))
        t(code, budget, p3, p6, p10, p12, plan, unit, year, project_code, name)""")
    con.execute(f"ALTER TABLE projects ALTER budget TYPE {budget_type}")
    con.execute("""CREATE TABLE indicators AS SELECT code, seq, level1, name, op, value::DOUBLE AS value,
        value_hi::DOUBLE AS value_hi, unit, weight::DOUBLE AS weight FROM (VALUES
        ('A', 0, '产出指标', '帮扶人数', '≥', 100, NULL, '人', NULL),
        ('B', 0, '产出指标', '体检场次', '≥', 10, NULL, '个', NULL),
        ('B', 1, '满意度指标', '满意程度', 'qualitative', NULL, NULL, '', NULL),
        ('C', 0, '效益指标', '办结时间', '≤', 5, NULL, '天', NULL),
        ('D', 0, '产出指标', '项目数', '=', 1, NULL, '个', NULL)) t(code, seq, level1, name, op, value, value_hi, unit, weight)""")
    con.execute("""CREATE TABLE actuals AS SELECT code, seq, value::DOUBLE AS value, tier, share::DOUBLE AS share FROM (VALUES
        ('A', 0, 80, NULL, NULL), ('B', 0, 12, NULL, NULL), ('B', 1, NULL, '达成', NULL), ('C', 0, 10, NULL, NULL),
        ('D', 0, 1, NULL, NULL)) t(code, seq, value, tier, share)""")
    con.execute("""CREATE TABLE spending AS SELECT code, day::DATE AS day, amount::DECIMAL(18,2) AS amount FROM (VALUES
        ('A', '2021-03-01', 400), ('A', '2021-09-01', 500), ('B', '2021-05-01', 2000), ('D', '2020-05-01', 100))
        t(code, day, amount)""")
    if drop:
        con.execute(f"ALTER TABLE projects DROP COLUMN {drop}")
    for table in province.TABLES:
        con.execute(f"COPY {table} TO '{folder / table}.parquet' (FORMAT parquet)")
    return folder


def test_score_counts_grades_and_money_as_worked_out_by_hand(tmp_path):
    folder = make(tmp_path / "省")
    result = run("province", "score", "--dir", folder, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["projects"] == 4 and data["counts"] == {"优": 2, "良": 1, "中": 0, "差": 1}
    assert (data["budget"], data["spent"]) == ("3600.00", "3000.00")
    assert data["execution_rate"] == "83.33" and data["average_total"] == "81.50"  # (81 + 100 + 45 + 100) ÷ 4
    assert set(data["seconds"]) == {"检查文件", "计分", "汇总"} and data["slowest"] in data["seconds"]
    only_2021 = json.loads(run("province", "score", "--dir", folder, "--year", 2021, "--json").stdout)
    assert only_2021["counts"] == {"优": 1, "良": 1, "中": 0, "差": 1} and only_2021["spent"] == "2900.00"


def test_score_prints_a_table_and_writes_every_project(tmp_path):
    folder = make(tmp_path / "省")
    result = run("province", "score", "--dir", folder, "--out", tmp_path / "得分.csv")
    assert result.exit_code == 0
    assert "4个项目（规则集CZ-2020-10）" in result.stdout and "│ 优   │      2 │ 50.0% │" in result.stdout
    assert "预算合计3,600.00元，支出合计3,000.00元，执行率83.33%" in result.stdout and "平均总分81.50" in result.stdout
    assert "用时：检查文件" in result.stdout and "；最慢：" in result.stdout
    with open(tmp_path / "得分.csv", encoding="utf-8") as f:
        rows = {r["项目编码"] or r["项目名称"]: r for r in csv.DictReader(f)}
    assert [(r["总分"], r["等级"], r["执行率（%）"]) for r in rows.values()] == [
        ("100.0", "优", "100.0"), ("81.0", "良", "90.0"), ("100.0", "优", "100.0"), ("45.0", "差", "0.0")]
    assert rows["13032221A"]["项目名称"] == "'=帮扶资金"  # a text that starts like a formula stays text
    run("province", "score", "--dir", folder, "--out", tmp_path / "得分.xlsx")
    sheet = load_workbook(tmp_path / "得分.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("单位编码", "预算年度", "项目编码", "项目名称") and len(values) == 5
    assert ("711001", 2021, "13032221A", "=帮扶资金") == values[2][:4] and values[2][8:] == (81, "良")


def test_monitor_counts_colours_of_the_dates_year(tmp_path):
    folder = make(tmp_path / "省")
    result = run("province", "monitor", "--dir", folder, "--as-of", "2021-07-31", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    # 7-31 is day 212, between 6-30 (day 181) and 10-31 (day 304): A spent 400 of 1000 (40 %) against a plan of
    # 50 + 30 × 31 ÷ 123 = 57.56 %: gap −17.56, yellow; B 2000 of 2000 (100 %): green; C nothing against
    # 40 + 30 × 31 ÷ 123 = 47.56 %: red; D is of 2020
    assert data["projects"] == 3 and data["counts"] == {"红": 1, "黄": 1, "绿": 1}
    assert data["spent"] == "2400.00"
    assert run("province", "monitor", "--dir", folder, "--as-of", "2021-07-31", "--out", tmp_path / "m.csv").exit_code == 0
    with open(tmp_path / "m.csv", encoding="utf-8") as f:
        rows = {r["项目编码"] or r["项目名称"]: r for r in csv.DictReader(f)}
    assert rows["13032221A"]["计划进度（%）"] == "57.56" and rows["13032221A"]["预警"] == "黄"


@pytest.mark.parametrize("args, code, message", [
    (["score", "--dir", "{tmp}/无此文件夹"], 2, e.NO_DIRECTORY.format(path="{tmp}/无此文件夹")),
    (["score", "--dir", "{tmp}/省/projects.parquet"], 2, e.NOT_A_DIRECTORY.format(path="{tmp}/省/projects.parquet")),
    (["score", "--dir", "{tmp}/省", "--out", "{tmp}/得分.txt"], 1, e.OUT_FORMAT.format(suffix=".txt")),
    (["score", "--dir", "{tmp}/省", "--out", "{tmp}/无此文件夹/得分.csv"], 2,
     e.OUT_UNWRITABLE.format(path="{tmp}/无此文件夹/得分.csv")),
    (["score", "--dir", "{tmp}/省", "--ruleset", "XX-1"], 2, "没有规则集“XX-1”"),
    (["monitor", "--dir", "{tmp}/省", "--as-of", "2021-02-30"], 1, "监控截止日期“2021-02-30”无法识别"),
    (["monitor", "--dir", "{tmp}/省", "--as-of", "2019-07-31"], 2, e.NO_PROJECTS_OF_YEAR.format(path="{tmp}/省", year=2019)),
])
def test_a_persons_mistakes_are_one_chinese_line(tmp_path, args, code, message):
    make(tmp_path / "省")
    result = run("province", *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == code
    assert message.format(tmp=tmp_path) in result.stderr and "Traceback" not in result.stderr


def test_a_folder_without_a_file_or_with_a_broken_one_is_refused(tmp_path):
    folder = make(tmp_path / "省")
    (folder / "actuals.parquet").unlink()
    missing = run("province", "score", "--dir", folder)
    assert missing.exit_code == 2 and "中没有actuals.parquet" in missing.stderr
    (folder / "actuals.parquet").write_text("项目,完成值\nA,80\n", "utf-8")  # a CSV named .parquet
    broken = run("province", "score", "--dir", folder)
    assert broken.exit_code == 2 and e.NOT_PARQUET.format(file=folder / "actuals.parquet") in broken.stderr
    folder = make(tmp_path / "截断")
    data = (folder / "spending.parquet").read_bytes()
    (folder / "spending.parquet").write_bytes(data[: len(data) // 2])  # cut short
    cut = run("province", "score", "--dir", folder)
    assert cut.exit_code == 2 and e.NOT_PARQUET.format(file=folder / "spending.parquet") in cut.stderr


def test_a_file_of_another_shape_is_refused_naming_the_column(tmp_path):
    folder = make(tmp_path / "缺列", drop="name")
    missing = run("province", "score", "--dir", folder)
    assert missing.exit_code == 1
    assert e.MISSING_COLUMNS.format(file=folder / "projects.parquet", columns="name",
                                    expected="、".join(province.SCHEMA["projects"])) in missing.stderr
    folder = make(tmp_path / "类型", budget_type="VARCHAR")
    wrong = run("province", "score", "--dir", folder)
    assert wrong.exit_code == 1
    assert e.WRONG_KIND.format(file=folder / "projects.parquet", column="budget", kind="数值", actual="文本") in wrong.stderr


def test_one_project_twice_is_refused(tmp_path):
    folder = make(tmp_path / "省")
    con = duckdb.connect()
    path = folder / "projects.parquet"
    con.execute(f"CREATE TABLE p AS SELECT * FROM read_parquet('{path}')")
    con.execute("INSERT INTO p SELECT * FROM p WHERE code = 'B'")
    con.execute(f"COPY p TO '{path}' (FORMAT parquet)")
    result = run("province", "score", "--dir", folder)
    assert result.exit_code == 1 and e.NOT_UNIQUE.format(file=path, code="B", count=2) in result.stderr


def test_export_without_a_database_is_refused(tmp_path):
    env = {**os.environ, "JIXIAO_DATA_DIR": str(tmp_path / "数据")}
    env.pop("DATABASE_URL", None)
    none = subprocess.run([JIXIAO, "province", "export", "--out", tmp_path / "省"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert none.returncode == 2 and "没有可读取的数据库" in none.stderr and "Traceback" not in none.stderr
    assert not (tmp_path / "数据" / "jixiao.sqlite3").exists()  # nothing made on the way
    bad = subprocess.run([JIXIAO, "province", "export", "--out", tmp_path / "省", "--database", "mongodb://x/y"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and BAD_DATABASE.format(address="mongodb://x/y") in bad.stderr
    elsewhere = subprocess.run([JIXIAO, "province", "export", "--out", tmp_path / "省", "--database",
                                tmp_path / "无此库.sqlite3"], env=env, capture_output=True, text=True, timeout=120)
    assert elsewhere.returncode == 2 and f"没有可读取的数据库（{tmp_path / '无此库.sqlite3'}）" in elsewhere.stderr
