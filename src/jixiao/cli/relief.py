"""`jixiao relief …` and `jixiao actuals`: the programmes' records from the command line,
on the database that `jixiao serve` uses."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..core.problems import ReadError
from .common import INVALID, err, out

relief_app = typer.Typer(help="帮扶业务：困难职工档案等。", no_args_is_help=True)


def _web():
    from ..web import commands

    commands.setup()
    commands.migrate()
    return commands


@relief_app.command("import-register")
def import_register(
    file: Annotated[Path, typer.Argument(metavar="档案文件", help="困难职工档案（.xlsx 或 .csv）", show_default=False)],
    unit: Annotated[str, typer.Option("--unit", help="单位编码")],
    user: Annotated[str, typer.Option("--user", help="操作人（帮扶干事）用户名")],
    only_good: Annotated[bool, typer.Option("--only-good", help="有误的行存在时，只导入合格的行")] = False,
) -> None:
    """导入困难职工档案。

    先核对整个文件：有误的行逐行列出行号、列和原因，一条也不导入（退出码1），
    除非加 --only-good 确认只导入合格的行。
    """
    commands = _web()

    try:
        count, bad, written = commands.register_import(file, unit, user, only_good)
    except ReadError as exc:  # the file's own problem: name it and say that nothing came in
        raise exc.within(str(file), then="未导入任何记录") from None
    out.print(f"已导入{count}人", markup=False)
    for line in bad:
        err.print(f"{file}：{line}", markup=False)
    if not written:
        err.print(f"{file}：有误的行存在，未导入任何记录；确认只导入合格的行请加 --only-good", markup=False)
    raise typer.Exit(INVALID if bad else 0)


@relief_app.command("import-payments")
def import_payments(
    round_id: Annotated[int, typer.Argument(metavar="轮次编号", help="发放轮次编号（页面地址中的数字）", show_default=False)],
    file: Annotated[Path, typer.Argument(metavar="回盘文件", help="银行回盘文件（.xlsx 或 .csv）：身份证号、金额、日期、状态",
                                         show_default=False)],
    user: Annotated[str, typer.Option("--user", help="操作人（帮扶干事）用户名")],
    only_good: Annotated[bool, typer.Option("--only-good", help="有误的行存在时，只导入合格的行")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="打印 JSON")] = False,
) -> None:
    """导入银行回盘（发放结果）。

    先核对整个文件：有误的行逐行列出行号、列和原因，一条也不记录（退出码1），
    除非加 --only-good 确认只导入合格的行。此前已登记的行不重复计入；
    状态（已发放、发放失败、已退回）与已登记不同的行作为冲正记录。
    """
    commands = _web()
    try:
        report = commands.payments_import(round_id, file, user, only_good)
    except ReadError as exc:  # the file's own problem: name it and say that nothing came in
        raise exc.within(str(file), then="未导入任何记录") from None
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(f"{file}：{report['summary']}", markup=False)
        for line in report["bad"]:
            err.print(f"{file}：{line}", markup=False)
        if not report["written"]:
            err.print(f"{file}：有误的行存在，未导入任何记录；确认只导入合格的行请加 --only-good", markup=False)
    raise typer.Exit(INVALID if report["bad"] else 0)


def actuals(
    project: Annotated[str, typer.Argument(metavar="项目编码", help="项目编码", show_default=False)],
    year: Annotated[int, typer.Option("--year", help="预算年度")],
    as_json: Annotated[bool, typer.Option("--json", help="打印 JSON")] = False,
) -> None:
    """项目各指标的完成值：绑定了取数口径的由业务记录计算（附来源），其余为手工填报值。"""
    commands = _web()
    data = commands.actuals(project, year)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    for row in data["indicators"]:
        source = f"由业务记录计算（{row['metric']}，{len(row['provenance']['records'])}条记录）" if row["metric"] else "手工填报"
        out.print(f"{row['name']}：{row['actual'] or '—'}　{source}", markup=False)


@relief_app.command("rounds")
def rounds(
    year: Annotated[int, typer.Option("--year", help="预算年度")],
    as_json: Annotated[bool, typer.Option("--json", help="打印 JSON")] = False,
) -> None:
    """列出发放轮次：名单人数、合计金额、已发放笔数和金额。"""
    data = _web().rounds(year)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    for r in data:
        out.print(f"{r['name']}（{r['project']}，{r['state']}）：名单{r['entries']}人，合计{r['listed']}元；"
                  f"已发放{r['paid']}笔，{r['paid_amount']}元", markup=False)
