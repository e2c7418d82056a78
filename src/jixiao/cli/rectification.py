"""`jixiao rectifications`: a unit's 整改台账 of a year, overdue items first."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from .common import out


def rectifications(
    unit: Annotated[str, typer.Option("--unit", help="单位编码，如711001")],
    year: Annotated[int, typer.Option("--year", help="年度", min=2000, max=2100)],
    as_json: Annotated[bool, typer.Option("--json", help="打印 JSON")] = False,
) -> None:
    """列出单位一个年度的整改事项（整改台账）：已逾期的在前，含状态、整改期限、责任人和佐证材料数。"""
    from ..web import commands

    commands.setup()
    commands.migrate()
    data = commands.rectifications(unit, year)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    if not data:
        out.print(f"{unit}：{year}年没有整改事项", markup=False)
    for r in data:
        late = "，已逾期" if r["overdue"] else ""
        out.print(f"{r['id']}．{r['status_label']}{late}　{r['problem']}（{r['found_where']}；责任人：{r['responsible'] or '未定'}；"
                  f"期限：{r['deadline'] or '未定'}；佐证材料{len(r['evidence'])}份）", markup=False)
