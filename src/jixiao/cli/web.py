"""`jixiao serve`, `jixiao demo`, `jixiao token`: the web application from the command line."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer

from ..seed import SEED
from .common import err, out


def _web():
    from ..web import commands

    commands.setup()
    out.print(f"数据库：{commands.migrate()}", markup=False)
    return commands


def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[int, typer.Option(help="工作进程数")] = 2,
    threads: Annotated[int, typer.Option(help="每个进程的线程数")] = 16,
) -> None:
    """迁移数据库并启动网页应用（gunicorn）。"""
    commands = _web()
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
    users, notes = _web().demo(seed)
    for line in notes:
        out.print(line, markup=False)
    out.print("演示用户（密码只显示这一次，仅供演示）：", markup=False)
    for username, role, password in users:
        out.print(f"  {role}：{username} / {password}", markup=False)


def token(
    username: Annotated[str, typer.Argument(metavar="登录名", help="用户的登录名", show_default=False)],
    name: Annotated[str, typer.Option(help="令牌的名称，便于日后辨认（默认随机）", show_default=False)] = "",
) -> None:
    """为用户签发一个 API 令牌（只显示这一次）。"""
    issued = _web().issue_token(username, name or secrets.token_hex(4))
    if issued is None:
        err.print(f"没有用户“{username}”", markup=False)
        raise typer.Exit(1)
    out.print(issued, markup=False)
