"""`jixiao units …` and `jixiao users …`: units, users and roles from the command line, for the first
set-up and for batches, on the database that `jixiao serve` uses. Whoever runs them on the server
acts as 管理员; every change is in the history, noted 命令行."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from .common import INVALID, err, out

units_app = typer.Typer(help="单位：建立和列出预算单位。", no_args_is_help=True)
users_app = typer.Typer(help="用户与角色：建立用户、授予角色、停用。", no_args_is_help=True)

ROLE_HELP = "角色：单位填报、单位审核、帮扶干事（需 --unit），财政审核、管理员（不需单位；也可写 admin、editor 等）"


def _accounts():
    from ..web import commands
    from ..web.accounts import commands as accounts

    commands.setup()
    commands.migrate()
    return accounts


def _json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _roles(user: dict) -> str:
    return "、".join(f"{m['role']}（{m['unit'] or '全部单位'}）" for m in user["memberships"]) or "无角色"


@units_app.command("add")
def unit_add(
    code: Annotated[str, typer.Argument(metavar="单位编码", help="单位编码，如711001", show_default=False)],
    name: Annotated[str, typer.Argument(metavar="单位名称", help="单位名称，如昌黎县总工会本级", show_default=False)],
    finance_bureau: Annotated[str, typer.Option("--finance-bureau", help="上级财政部门，如昌黎县财政局")] = "",
) -> None:
    """建立一个预算单位。"""
    unit = _accounts().unit_add(code, name, finance_bureau)
    out.print(f"已建立单位 {unit['code']} {unit['name']}" + (f"（上级财政部门：{unit['finance_bureau']}）"
                                                          if unit["finance_bureau"] else ""), markup=False)


@units_app.command("list")
def unit_list(as_json: Annotated[bool, typer.Option("--json", help="打印 JSON")] = False) -> None:
    """列出全部单位：编码、名称、上级财政部门、用户数。"""
    units = _accounts().unit_list()
    if as_json:
        _json(units)
        return
    if not units:
        out.print("还没有单位。用 jixiao units add 单位编码 单位名称 建立。", markup=False)
        return
    table = Table("单位编码", "单位名称", "上级财政部门", "用户数")
    for u in units:
        table.add_row(u["code"], u["name"], u["finance_bureau"] or "—", str(u["users"]))
    out.print(table)


@users_app.command("add")
def user_add(
    login: Annotated[str, typer.Argument(metavar="登录名", help="登录名", show_default=False)],
    name: Annotated[str, typer.Option("--name", help="姓名", show_default=False)],
    unit: Annotated[list[str] | None, typer.Option("--unit", help="单位编码（可多次给出，与需要单位的 --role 按先后对应）",
                                                   show_default=False)] = None,
    role: Annotated[list[str] | None, typer.Option("--role", help=ROLE_HELP, show_default=False)] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读密码（第一行）；"
                                                 "不给则生成一个，只显示这一次")] = False,
) -> None:
    """建立用户并授予角色。第一个管理员：jixiao users add admin --name 姓名 --role 管理员"""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            err.print("标准输入中没有密码（--password-stdin 读第一行）", markup=False)
            raise typer.Exit(INVALID)
    user, generated = _accounts().user_add(login, name, unit or [], role or [], password)
    out.print(f"已建立用户 {user['login']}（{user['name']}）：{_roles(user)}", markup=False)
    if generated:
        out.print(f"密码（只显示这一次，请转告本人并在登录后修改）：{generated}", markup=False)


@users_app.command("list")
def user_list(as_json: Annotated[bool, typer.Option("--json", help="打印 JSON")] = False) -> None:
    """列出全部用户：登录名、姓名、是否启用、角色（单位编码和角色）。"""
    users = _accounts().user_list()
    if as_json:
        _json(users)
        return
    if not users:
        out.print("还没有用户。用 jixiao users add 登录名 --name 姓名 --role 管理员 建立第一个管理员。", markup=False)
        return
    table = Table("登录名", "姓名", "状态", "角色")
    for u in users:
        table.add_row(u["login"], u["name"] or "—", "启用" if u["active"] else "停用", _roles(u))
    out.print(table)


@users_app.command("set-role")
def user_set_role(
    login: Annotated[str, typer.Argument(metavar="登录名", help="登录名", show_default=False)],
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP, show_default=False)],
    unit: Annotated[str | None, typer.Option("--unit", help="单位编码（财政审核、管理员不填）", show_default=False)] = None,
) -> None:
    """为用户授予一个角色（需要单位的角色在该单位）。"""
    user, created = _accounts().user_set_role(login, unit, role)
    what = "已授予角色" if created else "该用户已有这个角色，未作改动"
    out.print(f"{what}：{user['login']}（{user['name']}）现有角色：{_roles(user)}", markup=False)


@users_app.command("set-area")
def user_set_area(
    login: Annotated[str, typer.Argument(metavar="登录名", help="登录名", show_default=False)],
    bureau: Annotated[str, typer.Option("--bureau", help="财政部门，如昌黎县财政局：该用户只审核上级财政部门为它的单位；"
                                                         "空字符串恢复为全部单位", show_default=False)],
) -> None:
    """设置财政审核人员的审核范围（按单位的上级财政部门）。"""
    units = _accounts().user_set_area(login, bureau)
    where = bureau.strip() or "全部单位"
    out.print(f"已设置 {login} 的财政审核范围：{where}（现有{units}个单位）", markup=False)


@users_app.command("deactivate")
def user_deactivate(login: Annotated[str, typer.Argument(metavar="登录名", help="登录名", show_default=False)]) -> None:
    """停用用户：不能再登录，也不能用令牌调用接口；其记录和历史保留。"""
    user = _accounts().user_deactivate(login)
    out.print(f"已停用用户 {user['login']}（{user['name']}）", markup=False)


@users_app.command("activate")
def user_activate(login: Annotated[str, typer.Argument(metavar="登录名", help="登录名", show_default=False)]) -> None:
    """重新启用被停用的用户。"""
    user = _accounts().user_activate(login)
    out.print(f"已启用用户 {user['login']}（{user['name']}）", markup=False)


@users_app.command("reset-password")
def user_reset_password(
    login: Annotated[str, typer.Argument(metavar="登录名", help="登录名", show_default=False)],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读新密码（第一行）；不给则生成一个，只显示这一次")] = False,
) -> None:
    """重置用户的密码并解除登录锁定（唯一的管理员忘记密码或被锁定时用它）。"""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    user, password = _accounts().user_reset_password(login, password)
    out.print(f"已重置 {user['login']}（{user['name']}）的密码，登录锁定已解除", markup=False)
    if not password_stdin:
        out.print(f"新密码（只显示这一次）：{password}", markup=False)
