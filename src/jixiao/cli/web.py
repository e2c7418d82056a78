"""`jixiao serve`, `jixiao demo`, `jixiao token`: the web application from the command line."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer

from ..seed import SEED
from .common import err, out


def _web(rulesets: bool = False):
    """Django set up and the database migrated; with `rulesets`, first the rule sets checked (`serve`, `demo`): a
    province's broken rule set file is one Chinese line naming it, and nothing starts."""
    from ..web import commands

    commands.setup()
    if rulesets:
        commands.rulesets_check()
    out.print(f"数据库：{commands.migrate()}", markup=False)
    return commands


def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[int, typer.Option(help="工作进程数")] = 2,
    threads: Annotated[int, typer.Option(help="每个进程的线程数")] = 16,
) -> None:
    """迁移数据库并启动网页应用（gunicorn）。"""
    commands = _web(rulesets=True)
    from ..web.accounts.commands import first_admin

    if first := first_admin():
        out.print(f"数据库中还没有用户，已建立第一个管理员（密码只显示这一次，请登录后修改）：{first[0]} / {first[1]}", markup=False)
    out.print(f"网页地址：http://{host}:{port}/", markup=False)
    commands.serve(host, port, workers, threads)


def demo(
    seed: Annotated[Path, typer.Option(help="演示用的绩效目标文件（默认：随软件附带的昌黎县总工会2021年绩效目标）",
                                       show_default=False)] = SEED,
) -> None:
    """载入演示数据：种子文件、演示年度的支出和完成值、每个角色一个演示用户（密码只显示这一次）。"""
    if not seed.is_file():
        err.print(f"找不到演示文件：{seed}", markup=False)
        raise typer.Exit(2)
    users, notes = _web(rulesets=True).demo(seed)
    for line in notes:
        out.print(line, markup=False)
    out.print("演示用户（密码只显示这一次，仅供演示）：", markup=False)
    for username, role, password in users:
        out.print(f"  {role}：{username} / {password}", markup=False)


def token(
    username: Annotated[str, typer.Argument(metavar="登录名", help="用户的登录名", show_default=False)],
    name: Annotated[str, typer.Option(help="令牌的名称，便于日后辨认（默认随机）", show_default=False)] = "",
    days: Annotated[int | None, typer.Option("--days", help="有效天数（1到3650；默认90天）", show_default=False)] = None,
    revoke: Annotated[str, typer.Option("--revoke", metavar="令牌", show_default=False,
                                        help="吊销该用户的一个令牌：写令牌的名称、编号或令牌本身")] = "",
    list_: Annotated[bool, typer.Option("--list", help="列出该用户的令牌：编号、名称、签发和到期时间、状态")] = False,
) -> None:
    """为用户签发一个 API 令牌（只显示这一次，到期后失效），或吊销、列出该用户的令牌。"""
    _web()
    from ..web.accounts import commands as accounts

    if revoke:
        row = accounts.token_revoke(username, revoke)
        out.print(f"已吊销用户 {row['login']} 的令牌“{row['name']}”（编号{row['id']}），"
                  "使用它的请求从现在起都被拒绝", markup=False)
    elif list_:
        rows = accounts.token_list(username)
        if not rows:
            out.print(f"用户 {username} 还没有令牌。用 jixiao token {username} 签发。", markup=False)
        for r in rows:
            out.print(f"编号{r['id']}　{r['name'] or '（无名称）'}　签发于{r['created']}　到期{r['expires']}　"
                      f"{r['state']}{'（' + r['revoked'] + '）' if r['revoked'] else ''}"
                      f"　最近使用：{r['last_used'] or '未使用'}", markup=False)
    else:
        row, issued = accounts.token_issue(username, name or secrets.token_hex(4), days)
        out.print(f"令牌“{row['name']}”（编号{row['id']}）有效至{row['expires']}，只显示这一次：", markup=False)
        out.print(issued, markup=False)
