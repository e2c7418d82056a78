"""`jixiao monitor` and `jixiao score`: 双监控 as of a date, and the year-end 自评."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..evaluation.consistency import consistency_of
from ..evaluation.monitoring import monitor_document
from ..evaluation.scoring import score_document
from ..evaluation.second_monitoring import marks
from ..formats.evaluation_json import dec as _dec
from ..formats.evaluation_json import monitor_json, score_json
from ..formats.evaluation_tables import TABLE_FORMATS, write_monitoring, write_self_evaluation
from ..formats.records_csv import parse_date, read_actuals, read_spending
from .common import OK, UNREADABLE, err, out, read, say_problems
from .review import RuleSetOption, ruleset_or_exit

COLOURS = {"green": "绿", "yellow": "黄", "red": "红"}
Goals = Annotated[Path, typer.Argument(metavar="绩效目标文件", help="绩效目标文件", show_default=False)]
Spending = Annotated[Path, typer.Option("--spending", help="支出记录CSV：project（项目编码，没有编码的项目填项目名称）,date,amount,note")]
AsJson = Annotated[bool, typer.Option("--json", help="打印 JSON")]
OutFile = Annotated[Optional[Path], typer.Option("--out", help="另存为官方表格：.xlsx、.docx 或 .pdf")]


def _inputs(goals: Path, spending: Path, actuals: Path | None):
    """The document and records, or a Chinese message and the exit status."""
    doc, problems, status = read(goals)
    say_problems(goals, problems)
    if doc is None or status != OK:
        raise typer.Exit(status)
    return doc, read_spending(spending), read_actuals(actuals) if actuals else []


def _table_format(out_file: Path | None) -> str:
    to = out_file.suffix.lower().lstrip(".") if out_file else "xlsx"
    if out_file is not None and to not in TABLE_FORMATS:
        err.print(f"表格只能另存为.xlsx、.docx或.pdf，不能是“{out_file.suffix}”", markup=False)
        raise typer.Exit(UNREADABLE)
    return to


def _save(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    err.print(f"已另存：{path}", markup=False)


def monitor(
    goals: Goals,
    spending: Spending,
    actuals: Annotated[Optional[Path], typer.Option("--actuals", help="指标完成值CSV")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="监控截止日期，默认为预算年度7月31日")] = None,
    as_json: AsJson = False,
    out_file: OutFile = None,
    ruleset: RuleSetOption = "CZ-2020-10",
) -> None:
    """绩效运行监控（双监控）：预算执行与计划、序时进度的偏差，指标进度与完成可能性。"""
    rules = ruleset_or_exit(ruleset)
    to = _table_format(out_file)
    doc, spent, values = _inputs(goals, spending, actuals)
    try:
        cutoff = parse_date(as_of) if as_of else None
    except ValueError:
        err.print(f"监控截止日期“{as_of}”无法识别，应如2021-07-31", markup=False)
        raise typer.Exit(UNREADABLE) from None
    when, rows = monitor_document(doc, spent, values, cutoff, rules)
    second = marks(rows, when, rules["monitoring"])
    if out_file:
        _save(out_file, write_monitoring(doc, when, rows, to, second))
    if as_json:
        data = monitor_json(when, rows, rules.code)
        for project, row in zip(data["projects"], rows):
            project["second_monitoring"] = second.get(row.key, [])
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        show_monitor(doc, when, rows, rules["monitoring"], second)


def warning(row) -> str:
    """The colour, with the money's problems (超支, 数据有误) beside it: 红（超支）."""
    return COLOURS[row.colour] + (f"（{'、'.join(row.problems)}）" if row.problems else "")


STATES = {"blue": "蓝（≥{blue}倍）", "yellow": "黄（偏离>{reminder}%）", "green": "绿"}  # blue: target possibly too low


def show_monitor(doc, when: date, rows, settings: dict | None = None,
                 second: dict[str, list[str]] | None = None) -> None:
    out.print(f"{doc.unit.name}{doc.year}年绩效运行监控，截至{when.year}年{when.month}月{when.day}日", markup=False)
    table = Table(title="预算执行", title_justify="left")
    for name in ("项目", "预算数（万元）", "已支出（万元）", "执行率", "计划进度", "序时进度", "偏差", "预警", "偏差原因",
                 "二次监控"):
        table.add_column(name)
    second = second or {}
    for r in rows:
        table.add_row(r.name, _dec(r.budget / 10000), _dec(r.spent / 10000), f"{r.execution_rate:.2f}%",
                      f"{r.planned_rate:.2f}%", f"{r.time_rate:.2f}%", f"{r.gap:+.2f}", warning(r),
                      "缺" if r.reason_missing else ("已填" if r.reason_required else ""),
                      "需要" if r.key in second else "")
    out.print(table, markup=False)
    for r in rows:
        table = Table(title=f"{r.name}：绩效目标完成情况", title_justify="left")
        states = any(i.state for i in r.indicators)
        for name in ("三级指标", "年度指标值", "截至目前", "进度", "全年预计", "完成目标可能性", *(["状态"] if states else []),
                     "偏差原因"):
            table.add_column(name)
        for i in r.indicators:
            state = [STATES[i.state].format(blue=settings["blue_ratio"], reminder=settings["deviation_reminder"])
                     if i.state and settings else "—"] if states else []
            table.add_row(i.name, i.target, i.actual or "—", f"{i.progress:.2f}%" if i.progress is not None else "—",
                          i.forecast_text or "—", i.likelihood or "—", *state,
                          "缺" if i.reason_missing else ("已填" if i.reason_required else ""))
        out.print(table, markup=False)


def score(
    goals: Goals,
    spending: Spending,
    actuals: Annotated[Path, typer.Option("--actuals", help="指标完成值CSV：project,indicator,actual[,share,reason]")],
    as_json: AsJson = False,
    out_file: OutFile = None,
    ruleset: RuleSetOption = "CZ-2020-10",
) -> None:
    """单位自评：按规则集（默认财预〔2020〕10号）计算各指标得分、预算执行率得分、总分和等级。"""
    rules = ruleset_or_exit(ruleset)
    to = _table_format(out_file)
    doc, spent, values = _inputs(goals, spending, actuals)
    results = score_document(doc, spent, values, rules)
    checks = consistency_of(results, rules)
    if out_file:
        _save(out_file, write_self_evaluation(doc, results, to, checks))
    if as_json:
        data = score_json(results, rules.code, checks=checks)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        show_scores(doc, results, checks)


def _share(value) -> str:
    return "—" if value is None else f"{value:.2f}%"


def show_scores(doc, results, checks=None) -> None:
    out.print(f"{doc.unit.name}{doc.year}年项目支出绩效自评", markup=False)
    if checks:
        table = Table(title="总分与绩效、预算执行一致性", title_justify="left")
        for name in ("项目", "总分", "等级", "指标得分率", "预算执行得分率", "偏差", "一致性", "说明"):
            table.add_column(name)
        for p in results:
            c = checks[p.key]
            table.add_row(p.name, f"{p.total:.2f}", p.grade, _share(c.indicator_share), _share(c.execution_share),
                          _share(c.gap), c.colour_name, c.reason)
        out.print(table, markup=False)
    for p in results:
        capped = f"（{'；'.join(p.flags)}）" if p.flags else ""
        table = Table(title=f"{p.name}（{p.code}）：总分{p.total:.2f}{capped}，等级{p.grade}", title_justify="left")
        for name in ("一级指标", "三级指标", "指标值", "完成值", "分值", "得分", "说明"):
            table.add_column(name)
        e = p.execution
        table.add_row("预算执行率", "", "100%", f"{e.rate:.2f}%", f"{e.weight:.2f}", f"{e.score:.2f}",
                      "；".join(e.flags) or ("需说明偏差原因" if e.reason_required else ""))
        for i in p.indicators:
            notes = i.flags + (["需说明偏差原因"] if i.reason_required and not i.reason else [])
            table.add_row(i.level1, i.name, i.target, i.actual or "—", f"{i.weight:.2f}", f"{i.score:.2f}",
                          "；".join(notes))
        out.print(table, markup=False)
