"""`jixiao department-evaluation`: a unit's 部门整体 year evaluated from the records — each unit-wide
indicator's target, actual, metric and provenance, its score, the unit's execution and the staff in post."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from .common import out


def department_evaluation(
    unit: Annotated[str, typer.Option("--unit", help="单位编码，如711001")],
    year: Annotated[int, typer.Option("--year", help="年度", min=2000, max=2100)],
    as_json: Annotated[bool, typer.Option("--json", help="打印 JSON（含每个完成值所依据的记录编号）")] = False,
) -> None:
    """部门整体评价：由业务记录计算每个部门整体绩效指标的完成值（取数口径、依据的记录数）并按规则集评分，
    列出部门整体预算执行情况和在职人数。只评价已确认的指标；未设置取数口径的指标没有完成值，按0分计。"""
    from ..web import commands

    commands.setup()
    commands.migrate()
    data = commands.department_evaluation(unit, year)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    say = lambda text: out.print(text, markup=False)  # noqa: E731
    say(f"{data['unit_name']}（{data['unit']}）{data['year']}年部门整体评价（由业务记录计算）")
    if not data["indicators"]:
        say("没有已确认的部门整体绩效指标" + (f"（{data['proposed']}个待确认）" if data["proposed"] else ""))
    for i in data["indicators"]:
        say(f"【{i['goal'] or '分项目标'}】{i['name']}：指标值{i['target']}")
        if i["metric"] is None:
            say(f"　完成值：{i['note']}")
        else:
            actual = i["actual"] or "（暂无记录）"
            say(f"　完成值：{actual}　取数口径：{i['metric']['name']}（{i['metric']['code']}，单位：{i['metric']['unit']}）"
                f"　依据{i['provenance']['count']}条记录")
        s = i["score"]
        flags = f"（{'；'.join(s['flags'])}）" if s["flags"] else ""
        say(f"　得分：{s['score']}／{s['weight']}{flags}")
    if data["proposed"] and data["indicators"]:
        say(f"另有{data['proposed']}个待确认的指标，未评价")
    e = data["execution"]
    rate = f"{e['rate']}%" if e["rate"] is not None else "无法计算（没有预算数）"
    basic = "未录入" if e["basic_budget"] is None else f"{e['basic_budget']}元"
    say(f"部门整体预算执行：预算数{e['budget']}元（项目{e['project_budget']}元，基本支出{basic}），"
        f"执行数{e['spent']}元（项目{e['project_spent']}元，基本支出{e['basic_spent']}元），执行率{rate}；"
        f"得分：{e['score']}／{e['weight']}")
    say(f"　口径：{e['basis']}")
    st = data["staff_in_post"]
    say(f"在职人数：{st['value']}{st['unit']}（{st['basis']}）")
    sc = data["score"]
    for p in sc["parts"]:
        say(f"{p['name']}：{p['score']}／{p['weight']}（{p['basis']}）")
    part = "" if sc["complete"] else "（部分指标未设置取数口径，按0分计）"
    say(f"合计：{sc['total']}分，等级：{sc['grade']}{part}；规则集：{sc['ruleset']}")
