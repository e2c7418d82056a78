"""jixiao demo and jixiao serve, as a newcomer runs them."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

JIXIAO = str(Path(sys.executable).with_name("jixiao"))


@pytest.fixture
def data_dir(tmp_path):
    env = {**os.environ, "JIXIAO_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("JIXIAO_CORPUS", None)
    return tmp_path, env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_then_serve(data_dir):
    path, env = data_dir
    # From an empty folder with no corpus anywhere: the seed ships with the package.
    demo = subprocess.run([JIXIAO, "demo"], env=env, capture_output=True, text=True, cwd=path,
                          timeout=300)
    assert demo.returncode == 0, demo.stderr
    assert f"数据库：{path / 'jixiao.sqlite3'}" in demo.stdout
    passwords = dict(re.findall(r"  \S+：(\w+) / (\S+)", demo.stdout))
    assert set(passwords) == {"editor", "approver", "finance", "relief", "admin"}
    again = subprocess.run([JIXIAO, "demo"], env=env, capture_output=True, text=True)
    assert "已存在，未重复导入" in again.stdout  # a second run changes only the passwords
    port = free_port()
    server = subprocess.Popen([JIXIAO, "serve", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/public/711001/2021/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not start")
        assert page.status == 200 and "职工困难帮扶防贫资金" in page.read().decode()
        htmx = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/htmx-2.0.11.min.js", timeout=5)
        assert htmx.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_demo_with_a_missing_seed_says_which(data_dir, tmp_path):
    _, env = data_dir
    result = subprocess.run([JIXIAO, "demo", "--seed", str(tmp_path / "none.txt")], env=env, capture_output=True,
                            text=True)
    assert result.returncode == 2 and f"找不到演示文件：{tmp_path / 'none.txt'}" in result.stderr


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "JIXIAO_DATA_DIR": str(path)}
    env.pop("DATABASE_URL", None)
    subprocess.run([JIXIAO, "demo"], env=env, check=True, capture_output=True, timeout=300)
    return path, env


def test_actuals_json_has_metrics_and_provenance(demo_env):
    import json

    _, env = demo_env
    result = subprocess.run([JIXIAO, "actuals", "13032221GVUVTX63BWWCQ", "--year", "2021", "--json"], env=env,
                            capture_output=True, text=True)
    data = json.loads(result.stdout)
    rows = {r["name"]: r for r in data["indicators"]}
    assert (data["project"], data["year"]) == ("13032221GVUVTX63BWWCQ", 2021)
    assert rows["困难帮扶人数"]["metric"] == "persons_paid" and rows["困难帮扶人数"]["actual"] == "394人"
    assert len(rows["困难帮扶人数"]["provenance"]["records"]) == 400 and rows["困难帮扶人数"]["provenance"]["computed_at"]
    assert rows["增加经济收入"]["metric"] is None and rows["增加经济收入"]["actual"] == "500元"
    missing = subprocess.run([JIXIAO, "actuals", "NOPE", "--year", "2021"], env=env, capture_output=True, text=True)
    assert missing.returncode == 2 and "没有2021年的项目“NOPE”" in missing.stderr


def test_import_register_reports_rows_and_refuses_a_broken_file(demo_env, tmp_path):
    from jixiao.relief.synthetic import made_up_id

    _, env = demo_env
    good = tmp_path / "档案.csv"
    good.write_text(f"姓名,身份证号,困难程度\n新人,{made_up_id(9000)},相对困难\n重复,{made_up_id(1)},相对困难\n", "gb18030")
    result = subprocess.run([JIXIAO, "relief", "import-register", str(good), "--unit", "711001", "--user", "relief"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "已导入0人" in result.stdout and "第3行“身份证号”" in result.stderr
    assert "有误的行存在，未导入任何记录；确认只导入合格的行请加 --only-good" in result.stderr
    result = subprocess.run([JIXIAO, "relief", "import-register", str(good), "--unit", "711001", "--user", "relief",
                             "--only-good"], env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "已导入1人" in result.stdout and "第3行“身份证号”" in result.stderr
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04broken")
    result = subprocess.run([JIXIAO, "relief", "import-register", str(broken), "--unit", "711001", "--user", "relief"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "Excel文件已损坏或不完整，无法打开，未导入任何记录" in result.stderr
    result = subprocess.run([JIXIAO, "relief", "import-register", str(good), "--unit", "711001", "--user", "editor"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "需要以下角色之一" in result.stderr


def test_relief_rounds_lists_the_years_rounds(demo_env):
    import json

    _, env = demo_env
    data = json.loads(subprocess.run([JIXIAO, "relief", "rounds", "--year", "2021", "--json"], env=env,
                                     capture_output=True, text=True).stdout)
    spring = next(r for r in data if r["name"] == "2021年春节送温暖")
    assert (spring["entries"], spring["paid"], spring["state"]) == (194, 194, "已审批")
