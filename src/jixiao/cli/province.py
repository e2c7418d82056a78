"""`jixiao province …`: a whole province through the columnar path. `export` writes the database's
plans as Parquet files (evaluation/province.py's schema); `score` and `monitor` read such a folder
through DuckDB (evaluation/province_report.py) and print counts, money and how long each part took."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..evaluation.province_report import Summary, monitor_directory, score_directory, write
from .common import INVALID, OK, err, out
from .review import RuleSetOption, ruleset_or_exit

province_app = typer.Typer(help="全省（区域）项目的列式计算：导出为Parquet文件，用DuckDB批量自评计分与监控。",
                           no_args_is_help=True)

Folder = Annotated[Path, typer.Option("--dir", help="省级数据文件夹（jixiao province export写出的Parquet文件）",
                                      show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="打印 JSON")]
OutFile = Annotated[Optional[Path], typer.Option("--out", help="逐项目结果另存为.csv或.xlsx")]


@province_app.command("export")
def export(
    folder: Annotated[Path, typer.Option("--out", help="写入的文件夹（其中的同名Parquet文件将被替换）", show_default=False)],
    year: Annotated[Optional[int], typer.Option("--year", help="只导出该预算年度的绩效目标")] = None,
    database: Annotated[Optional[str], typer.Option(
        "--database", help="数据库地址（postgres://…、sqlite:///…）或SQLite文件；默认为jixiao serve所用的数据库")] = None,
) -> None:
    """把数据库中的绩效目标导出为省级数据文件夹。

    写出projects、indicators、actuals、spending四个Parquet文件：项目与指标、
    自评所用的完成值（换算为指标值的单位）和全部支出记录。自评无法计分的
    绩效目标（如完成值单位无法换算）不导出并说明原因（退出码1）。
    """
    from ..web import commands

    done = commands.province_export(folder, year, database)
    out.print(f"已导出{done.plans}份绩效目标：{done.projects}个项目、{done.indicators}个指标、{done.actuals}个完成值、"
              f"{done.spending}条支出记录 → {folder}", markup=False)
    for line in done.skipped:
        err.print(line, markup=False)
    raise typer.Exit(INVALID if done.skipped else OK)


@province_app.command("score")
def score(
    folder: Folder,
    ruleset: RuleSetOption = "CZ-2020-10",
    year: Annotated[Optional[int], typer.Option("--year", help="只计该预算年度的项目")] = None,
    as_json: AsJson = False,
    out_file: OutFile = None,
) -> None:
    """用DuckDB为文件夹中的每个项目自评计分。

    按财预〔2020〕10号（或所选规则集）计算预算执行得分、指标得分、总分和等级，
    打印各等级项目数、预算与支出合计、平均总分及各步骤用时；--out 另存逐项目结果。
    """
    from ..formats.province_tables import write_rows

    rules = ruleset_or_exit(ruleset)
    summary, con = score_directory(folder, rules, year)
    if out_file is not None:
        write(con, "score", out_file, write_rows, summary)
    _show(summary, "等级", as_json, out_file)


@province_app.command("monitor")
def monitor(
    folder: Folder,
    as_of: Annotated[str, typer.Option("--as-of", help="监控截止日期，如2021-07-31（只监控该年度的项目）",
                                       show_default=False)],
    ruleset: RuleSetOption = "CZ-2020-10",
    as_json: AsJson = False,
    out_file: OutFile = None,
) -> None:
    """用DuckDB监控文件夹中截止日期所在年度的每个项目。

    计算执行率、计划进度、序时进度、偏差与预警颜色，指标的完成进度与完成目标可能性，
    打印各颜色项目数、各可能性指标数及各步骤用时；--out 另存逐项目结果。
    支出按截止日期计入；指标完成值为导出时的值（由业务记录计算的按导出时全部记录）。
    """
    from ..formats.province_tables import write_rows

    rules = ruleset_or_exit(ruleset)
    when = _date(as_of)
    summary, con = monitor_directory(folder, rules, when)
    if out_file is not None:
        write(con, "monitor", out_file, write_rows, summary)
    _show(summary, "预警", as_json, out_file)


def _date(text: str) -> date:
    from ..formats.records_csv import parse_date

    try:
        return parse_date(text)
    except ValueError:
        err.print(f"监控截止日期“{text}”无法识别，应如2021-07-31", markup=False)
        raise typer.Exit(INVALID) from None


def _show(summary: Summary, label: str, as_json: bool, out_file: Path | None) -> None:
    slowest, seconds = summary.slowest
    if as_json:
        payload = {"ruleset": summary.ruleset, "projects": summary.projects, "counts": summary.counts,
                   "budget": str(summary.budget), "spent": str(summary.spent),
                   "execution_rate": None if summary.rate is None else f"{summary.rate:.2f}",
                   "seconds": {k: round(v, 3) for k, v in summary.seconds.items()}, "slowest": slowest}
        if summary.average is not None:
            payload["average_total"] = f"{summary.average:.2f}"
        if summary.indicators:
            payload["indicators"] = summary.indicators
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return
    out.print(f"{summary.projects:,}个项目（规则集{summary.ruleset}）", markup=False)
    table = Table()
    table.add_column(label)
    table.add_column("项目数", justify="right")
    table.add_column("占比", justify="right")
    for key, count in summary.counts.items():
        table.add_row(key, f"{count:,}", f"{count / summary.projects * 100:.1f}%" if summary.projects else "—")
    out.print(table, markup=False)
    rate = "—" if summary.rate is None else f"{summary.rate:.2f}%"
    out.print(f"预算合计{summary.budget:,.2f}元，支出合计{summary.spent:,.2f}元，执行率{rate}", markup=False)
    if summary.average is not None:
        out.print(f"平均总分{summary.average:.2f}", markup=False)
    if summary.indicators:
        out.print("指标完成目标可能性：" + "，".join(f"{k}{v:,}个" for k, v in summary.indicators.items()), markup=False)
    parts = "，".join(f"{k}{v:.2f}秒" for k, v in summary.seconds.items())
    out.print(f"用时：{parts}；最慢：{slowest}（{seconds:.2f}秒）", markup=False)
    if out_file is not None:
        err.print(f"已另存：{out_file}", markup=False)
