"""`jixiao indicators …`: the indicator library (指标库) from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .common import out

library_app = typer.Typer(help="指标库：查找指标、导入省级指标库。", no_args_is_help=True)


def _web():
    from ..web import commands
    from ..web.library import commands as library

    commands.setup()
    commands.migrate()
    return library


@library_app.command("search")
def search(
    text: Annotated[str, typer.Argument(metavar="文字", help="项目名称、资金用途或指标名称，如“困难职工帮扶”", show_default=False)],
    limit: Annotated[int, typer.Option("--limit", help="最多列出几条", min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="打印 JSON")] = False,
) -> None:
    """按中文词语查找指标库中的指标（及已批复计划中用过的指标），附已批复目标值的分布。"""
    found = _web().search(text, limit)
    if as_json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
        return
    if not found:
        out.print(f"指标库中没有与“{text}”相关的指标", markup=False)
    for number, f in enumerate(found, start=1):
        where = f"{f['kind']}·{f['sector']}" if f["in_library"] else "未入库"
        typical = f"，参考值{f['typical']}" if f["typical"] else ""
        out.print(f"{number}．{f['name']}（{where}；{f['level1']}/{f['level2']}{typical}；已批复使用{f['used']}次）",
                  markup=False)
        if f["spread_text"]:
            out.print(f"　　{f['spread_text']}", markup=False)


@library_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="文件", help="省级指标库（.xlsx 或 .csv），表头含一级指标、二级指标、三级指标、指标解释、指标值、计量单位",
                                         show_default=False)],
    user: Annotated[str, typer.Option("--user", help="操作人（财政审核）用户名")],
) -> None:
    """导入一个省公布的指标库。先核对整个文件：有误的行逐一列出行号和列，一条也不导入（退出码1）。"""
    from ..core.problems import ReadError

    library = _web()
    try:
        count = library.import_file(file, user)
    except ReadError as exc:
        raise exc.within(str(file), then="未导入任何指标") from None
    out.print(f"已导入{count}个指标", markup=False)
