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

from ..conftest import CORPUS

JIXIAO = str(Path(sys.executable).with_name("jixiao"))


@pytest.fixture
def data_dir(tmp_path):
    env = {**os.environ, "JIXIAO_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    return tmp_path, env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_then_serve(data_dir):
    path, env = data_dir
    demo = subprocess.run([JIXIAO, "demo", "--corpus", str(CORPUS)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert demo.returncode == 0, demo.stderr
    assert f"数据库：{path / 'jixiao.sqlite3'}" in demo.stdout
    passwords = dict(re.findall(r"  \S+：(\w+) / (\S+)", demo.stdout))
    assert set(passwords) == {"editor", "approver", "finance", "relief", "admin"}
    again = subprocess.run([JIXIAO, "demo", "--corpus", str(CORPUS)], env=env, capture_output=True, text=True)
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


def test_demo_without_the_corpus_says_where(data_dir, tmp_path):
    _, env = data_dir
    result = subprocess.run([JIXIAO, "demo", "--corpus", str(tmp_path / "none")], env=env, capture_output=True,
                            text=True)
    assert result.returncode == 2 and "找不到种子文件" in result.stderr
