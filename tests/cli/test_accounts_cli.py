"""jixiao units … and jixiao users …, and the first 管理员 printed by jixiao serve, run as a union's IT
person runs them: as processes on a fresh data directory."""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

JIXIAO = str(Path(sys.executable).with_name("jixiao"))
STRONG = "柳溪-春风-2024!"


@pytest.fixture
def env(tmp_path):
    env = {**os.environ, "JIXIAO_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    env.pop("DATABASE_URL", None)
    return env


def jx(env, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([JIXIAO, *args], env=env, capture_output=True, text=True, input=stdin, timeout=120)


def refused(result: subprocess.CompletedProcess, message: str, status: int = 1) -> bool:
    """One Chinese line on stderr (the CLI's one shape: 错误：…), nothing on stdout, and the exit status
    of its kind: 1, or 2 for something named that does not exist."""
    return (result.returncode == status and result.stderr.strip() == f"错误：{message}"
            and "\n" not in result.stderr.strip() and result.stdout == "")


def test_units_and_users_from_the_command_line(env):
    assert "还没有用户" in jx(env, "users", "list").stdout
    made = jx(env, "units", "add", "726002", "柳溪县总工会本级", "--finance-bureau", "柳溪县财政局")
    assert made.returncode == 0 and "已建立单位 726002 柳溪县总工会本级（上级财政部门：柳溪县财政局）" in made.stdout
    assert jx(env, "units", "add", "711001", "昌黎县总工会本级").returncode == 0
    assert refused(jx(env, "units", "add", "711001", "重复"), "单位编码“711001”已被“昌黎县总工会本级”使用")
    units = json.loads(jx(env, "units", "list", "--json").stdout)
    assert units == [{"code": "711001", "name": "昌黎县总工会本级", "finance_bureau": "", "users": 0},
                     {"code": "726002", "name": "柳溪县总工会本级", "finance_bureau": "柳溪县财政局", "users": 0}]

    admin = jx(env, "users", "add", "admin", "--name", "张管理", "--role", "admin")
    assert admin.returncode == 0 and "已建立用户 admin（张管理）：管理员（全部单位）" in admin.stdout
    assert re.search(r"密码（只显示这一次.*）：\S{12,}", admin.stdout)
    editor = jx(env, "users", "add", "liu", "--name", "刘填报", "--unit", "726002", "--role", "单位填报",
                "--role", "帮扶干事", "--password-stdin", stdin=STRONG + "\n")
    assert editor.returncode == 0 and "密码" not in editor.stdout, editor.stderr
    assert "单位填报（726002）、帮扶干事（726002）" in editor.stdout
    two = jx(env, "users", "add", "wang", "--name", "王", "--unit", "711001", "--role", "单位审核", "--unit", "726002",
             "--role", "单位填报", "--role", "财政审核")
    assert two.returncode == 0, two.stderr

    assert refused(jx(env, "users", "add", "liu", "--name", "重复"), "登录名“liu”已被使用")
    assert refused(jx(env, "users", "add", "x1", "--name", "x", "--unit", "999", "--role", "单位填报"), "没有单位“999”", status=2)
    assert refused(jx(env, "users", "add", "x2", "--name", "x", "--unit", "726002", "--role", "出纳"),
                   "没有角色“出纳”，可用的角色：单位填报、单位审核、财政审核、帮扶干事、管理员")
    assert refused(jx(env, "users", "add", "x3", "--name", "x", "--role", "单位审核"),
                   "角色“单位审核”属于某个单位，请指定单位（--unit 单位编码）")
    assert refused(jx(env, "users", "add", "x4", "--name", "x", "--password-stdin", stdin="12345678\n"),
                   "密码不合要求：密码太短，至少需要10个字符。这个密码太常见了。密码不能全是数字。")
    assert refused(jx(env, "users", "set-role", "liu", "--role", "管理员", "--unit", "726002"),
                   "角色“管理员”不属于任何单位（可查看全部单位），不要指定单位")
    assert refused(jx(env, "users", "deactivate", "nobody"), "没有用户“nobody”", status=2)
    assert jx(env, "users", "add", "x5", "--name", "x").returncode == 0  # no role yet: allowed, shown as 无角色

    assert "已授予角色" in jx(env, "users", "set-role", "liu", "--unit", "711001", "--role", "单位审核").stdout
    assert "未作改动" in jx(env, "users", "set-role", "liu", "--unit", "711001", "--role", "单位审核").stdout
    assert refused(jx(env, "users", "deactivate", "admin"),
                   "“admin”是最后一个启用的管理员，不能停用；请先为另一位用户授予管理员角色")
    assert "已停用用户 wang（王）" in jx(env, "users", "deactivate", "wang").stdout

    users = {u["login"]: u for u in json.loads(jx(env, "users", "list", "--json").stdout)}
    assert set(users) == {"admin", "liu", "wang", "x5"}
    assert users["liu"] == {"login": "liu", "name": "刘填报", "active": True, "memberships": [
        {"unit": "711001", "role": "单位审核"}, {"unit": "726002", "role": "单位填报"},
        {"unit": "726002", "role": "帮扶干事"}]}
    assert users["wang"]["active"] is False and users["wang"]["memberships"] == [
        {"unit": None, "role": "财政审核"}, {"unit": "711001", "role": "单位审核"}, {"unit": "726002", "role": "单位填报"}]
    assert users["admin"]["memberships"] == [{"unit": None, "role": "管理员"}] and users["x5"]["memberships"] == []
    table = jx(env, "users", "list").stdout
    assert "登录名" in table and "停用" in table and "无角色" in table
    assert "柳溪县财政局" in jx(env, "units", "list").stdout


def test_help_is_chinese(env):
    for args in (["units", "--help"], ["users", "--help"], ["users", "add", "--help"], ["units", "add", "--help"],
                 ["users", "set-role", "--help"]):
        text = jx(env, *args).stdout
        assert re.search(r"建立|列出|授予|停用", text) and "Create" not in text, args
    assert "从标准输入读密码" in jx(env, "users", "add", "--help").stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_in(base: str, username: str, password: str) -> str:
    """Log in through the form; the path the browser ends on."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"})
    try:
        return urllib.parse.urlparse(opener.open(request, timeout=10).geturl()).path
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"


def test_serve_on_an_empty_database_prints_a_first_admin_who_can_log_in(env):
    port = _free_port()
    server = subprocess.Popen([JIXIAO, "serve", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in server.stdout:
            lines.append(line)
            if "网页地址" in line:
                break
        first = re.search(r"已建立第一个管理员.*：(\S+) / (\S+)", "".join(lines))
        assert first, lines
        login, password = first.groups()
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        assert _log_in(base, login, password) == "/goals/"
        # A unit and its editor made on the command line log in and land on their plans.
        assert jx(env, "units", "add", "726002", "柳溪县总工会本级").returncode == 0
        assert jx(env, "users", "add", "liu", "--name", "刘填报", "--unit", "726002", "--role", "editor",
                  "--password-stdin", stdin=STRONG).returncode == 0
        assert _log_in(base, "liu", STRONG) == "/goals/"
        assert _log_in(base, "liu", "wrong-password") == "/login/"
    finally:
        server.terminate()
        server.wait(timeout=20)
    users = json.loads(jx(env, "users", "list", "--json").stdout)
    assert [u["login"] for u in users] == ["admin", "liu"]
    again = subprocess.Popen([JIXIAO, "serve", "--port", str(_free_port()), "--workers", "1"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        text = ""
        for line in again.stdout:
            text += line
            if "网页地址" in line:
                break
        assert "网页地址" in text and "第一个管理员" not in text  # only once, on an empty database
    finally:
        again.terminate()
        again.wait(timeout=20)


def test_a_locked_out_sole_admin_gets_back_in_from_the_command_line(env):
    """Reset a password (lifting the lock), re-activate, and no token for a deactivated user;
    many `users add` at once all succeed (SQLite waits for its write lock instead of failing)."""
    assert jx(env, "users", "add", "admin", "--name", "张管理", "--role", "管理员").returncode == 0
    reset = jx(env, "users", "reset-password", "admin", "--password-stdin", stdin=STRONG + "\n")
    assert reset.returncode == 0 and "登录锁定已解除" in reset.stdout and STRONG not in reset.stdout
    generated = jx(env, "users", "reset-password", "admin")
    assert re.search(r"新密码（只显示这一次）：\S{12,}", generated.stdout)
    assert refused(jx(env, "users", "reset-password", "admin", "--password-stdin", stdin="   \n"),
                   "密码不合要求：密码不能全是空格。")
    assert jx(env, "users", "add", "li", "--name", "李", "--role", "财政审核").returncode == 0
    assert jx(env, "users", "deactivate", "li").returncode == 0
    token = jx(env, "token", "li")  # token prints which database first
    assert token.returncode == 1 and token.stderr.strip() == "错误：用户“li”已停用，不能签发令牌；先用 jixiao users activate li 启用"
    assert "已启用用户 li（李）" in jx(env, "users", "activate", "li").stdout
    assert jx(env, "token", "li").returncode == 0

    many = [subprocess.Popen([JIXIAO, "users", "add", f"p{k}", "--name", f"第{k}人", "--role", "财政审核"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in range(4)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in many]
    assert all(code == 0 for code, _ in results), results
    assert {u["login"] for u in json.loads(jx(env, "users", "list", "--json").stdout)} >= {"p0", "p1", "p2", "p3"}


def test_a_finance_reviewers_area_from_the_command_line(env):
    assert jx(env, "units", "add", "711001", "昌黎县总工会本级", "--finance-bureau", "昌黎县财政局").returncode == 0
    assert jx(env, "users", "add", "zhao", "--name", "赵审核", "--role", "财政审核").returncode == 0
    assert jx(env, "users", "add", "liu", "--name", "刘填报", "--unit", "711001", "--role", "单位填报").returncode == 0
    done = jx(env, "users", "set-area", "zhao", "--bureau", "昌黎县财政局")
    assert done.returncode == 0 and "已设置 zhao 的财政审核范围：昌黎县财政局（现有1个单位）" in done.stdout
    assert "全部单位（现有1个单位）" in jx(env, "users", "set-area", "zhao", "--bureau", "").stdout
    assert refused(jx(env, "users", "set-area", "liu", "--bureau", "昌黎县财政局"),
                   "用户“liu”没有财政审核角色，不能设置财政审核范围；请先授予财政审核角色")
