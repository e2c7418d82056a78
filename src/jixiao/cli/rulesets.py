"""`jixiao rulesets`: the rule sets jixiao ships (and any a province wrote), each value with its source."""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..rulesets import available, load, scan
from .common import err, out

FOLDER_ENV = "JIXIAO_RULESETS_DIR"


def folder() -> str | None:
    """A province's folder of rule set files (JIXIAO_RULESETS_DIR), as the web application reads it; None: none."""
    return os.environ.get(FOLDER_ENV, "").strip() or None


def _value(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def rulesets(
    names: Annotated[Optional[list[str]], typer.Argument(
        metavar="规则集", help="规则集编码或规则集TOML文件；不给时列出全部内置规则集", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="打印 JSON（含每个参数的值和来源）")] = False,
    every: Annotated[bool, typer.Option("--all", help="列出全部参数；默认只列出规则集自己设定的（继承自基础规则集的从略）")] = False,
) -> None:
    """列出评分规则集：编码、名称、基础规则集，以及每个参数的值和来源；设置了 JIXIAO_RULESETS_DIR 时也列出该文件夹中的规则集（及其文件）。"""
    where = folder()
    found = [load(name, where) for name in names] if names else available(where)
    problems = list(scan(where).problems) if where and not names else []
    if as_json:
        data = [{"code": r.code, "title": r.title, "base": r.base or None, "file": r.path or None,
                 "parameters": [{"key": key, "value": value, "source": source, "own": key in r.changed}
                                for key, value, source in r.parameters()]} for r in found]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        _problems(problems)
        return
    for r in found:
        base = f"，基础规则集：{r.base}" if r.base else "（全国默认规则，其他规则集以它为基础）"
        out.print(f"{r.code}  {r.title}{base}" + (f"\n文件：{r.path}" if r.path else ""), markup=False)
        table = Table(title_justify="left", show_lines=False)
        for column in ("参数", "值", "来源"):
            table.add_column(column, overflow="fold")
        for key, value, source in r.parameters(own=not every):
            table.add_row(key, _value(value), source)
        out.print(table, markup=False)
        if r.base and not every:
            out.print(f"其余参数同{r.base}（--all 列出全部）", markup=False)
    _problems(problems)


def _problems(problems: list) -> None:
    """The folder's files that cannot be used, each one line naming the file and the key; exit 1."""
    for problem in problems:
        err.print(f"{problem.place}：错误：{problem.message}（该文件中的规则集不可用）", markup=False)
    if problems:
        raise typer.Exit(1)
