"""`jixiao relief import-payments` on the demo's database: the whole file checked, every bad row
listed, nothing written without --only-good, and a file imported again changes nothing."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.relief.synthetic import made_up_id

JIXIAO = str(Path(sys.executable).with_name("jixiao"))
SPRING = "1"  # the demo's first round: 2021年春节送温暖 (194 people in deep hardship, 500元 each)


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "JIXIAO_DATA_DIR": str(path)}
    env.pop("DATABASE_URL", None)
    subprocess.run([JIXIAO, "demo"], env=env, check=True, capture_output=True, timeout=600)
    return env


def run(env, *args):
    return subprocess.run([JIXIAO, "relief", "import-payments", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def rounds(env) -> dict:
    data = json.loads(subprocess.run([JIXIAO, "relief", "rounds", "--year", "2021", "--json"], env=env,
                                     capture_output=True, text=True, timeout=300).stdout)
    return {r["name"]: (r["paid"], Decimal(r["paid_amount"])) for r in data}


def test_import_payments_checks_the_whole_file_and_writes_only_when_asked(demo_env, tmp_path):
    before = rounds(demo_env)
    assert before["2021年春节送温暖"] == (194, Decimal(97000))
    bad = tmp_path / "回盘.csv"
    bad.write_text("身份证号,金额,日期,状态\n"
                   f"{made_up_id(0)},500,2021-02-03,退回\n"  # the bank returned it: a correction
                   f"{made_up_id(300)},500,2021-02-01,已发放\n"  # not on the spring list
                   f"{made_up_id(1)},五百,2021-02-01,已发放\n"
                   f"{made_up_id(2)},500,2021-02-01,已付\n", "gb18030")
    result = run(demo_env, SPRING, str(bad), "--user", "relief")
    assert result.returncode == 1
    assert "新登记0笔，冲正1笔，0行此前已登记（未重复计入），3行有误" in result.stdout
    assert f"{bad}：第3行“身份证号”：收款人不在本轮审批名单中" in result.stderr
    assert f"{bad}：第4行“金额”：金额“五百”不是数字" in result.stderr
    assert f"{bad}：第5行“状态”：状态“已付”不是已发放、发放失败、已退回之一" in result.stderr
    assert "未导入任何记录；确认只导入合格的行请加 --only-good" in result.stderr
    assert rounds(demo_env) == before  # nothing written

    chosen = run(demo_env, SPRING, str(bad), "--user", "relief", "--only-good", "--json")
    report = json.loads(chosen.stdout)
    assert chosen.returncode == 1 and (report["corrected"], len(report["bad"]), report["written"]) == (1, 3, True)
    assert rounds(demo_env)["2021年春节送温暖"] == (193, Decimal(96500))

    again = tmp_path / "再次.csv"
    again.write_text(f"身份证号,金额,日期,状态\n{made_up_id(0)},500,2021-02-03,已退回\n", "utf-8")
    result = run(demo_env, SPRING, str(again), "--user", "relief", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["already"] == 1
    assert rounds(demo_env)["2021年春节送温暖"] == (193, Decimal(96500))


def test_import_payments_names_what_is_missing_or_not_allowed(demo_env, tmp_path):
    empty = tmp_path / "空.csv"
    empty.write_text("身份证号,金额,日期\n", "utf-8")
    missing = run(demo_env, "99", str(empty), "--user", "relief")
    assert missing.returncode == 2 and "没有编号为99的发放轮次" in missing.stderr
    nobody = run(demo_env, SPRING, str(empty), "--user", "nobody")
    assert nobody.returncode == 2 and "没有用户“nobody”" in nobody.stderr
    editor = run(demo_env, SPRING, str(empty), "--user", "editor")
    assert editor.returncode == 1 and "需要以下角色之一" in editor.stderr
    headless = tmp_path / "缺列.csv"
    headless.write_text(f"身份证号,金额\n{made_up_id(0)},500\n", "utf-8")
    result = run(demo_env, SPRING, str(headless), "--user", "relief")
    assert result.returncode == 1 and "第1行缺少“日期”列，未导入任何记录" in result.stderr


def test_the_help_says_the_rule_in_chinese():
    result = subprocess.run([JIXIAO, "relief", "import-payments", "--help"], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "100"}, timeout=120)
    assert result.returncode == 0 and "先核对整个文件" in result.stdout and "--only-good" in result.stdout
