"""Commands over goal documents: import, check, export, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..core.document import GoalDocument
from ..core.money import format_wan
from .common import OK, UNREADABLE, Files, each, err, out, read, say_problems

FORMATS = ("docx", "xlsx", "pdf", "json")


def summary(doc: GoalDocument, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for name, justify in (("项目编码", "left"), ("项目名称", "left"), ("预算数（万元）", "right"),
                          ("财政资金", "right"), ("其他资金", "right"), ("支出计划（%）", "left"), ("目标", "right"),
                          ("指标", "right")):
        table.add_column(name, justify="right" if justify == "right" else "left")
    for p in doc.projects:
        plan = "/".join(f"{v:f}" if v is not None else "—" for v in p.spending_plan.checkpoints.values())
        table.add_row(p.code, p.name, format_wan(p.budget.total), format_wan(p.budget.fiscal),
                      format_wan(p.budget.other), plan, str(len(p.goals)), str(len(p.indicators)))
    return table


def describe(path: Path, doc: GoalDocument) -> None:
    unit = f"{doc.unit.name}（{doc.unit.code}）" if doc.unit.code else doc.unit.name
    form = f"，表式：{doc.template}" if doc.template else ""
    head = f"{path.name}：{unit}{doc.year}年，指标体系{doc.framework}{form}，{len(doc.projects)}个项目"
    out.print(summary(doc, head), markup=False)
    dept = doc.department
    if dept is None:
        out.print("部门整体绩效目标：无")
    else:
        out.print(f"部门整体绩效目标：{len(dept.sub_goals)}个分项目标（{'、'.join(s.name for s in dept.sub_goals)}），"
                  f"{len(dept.measures)}条工作保障措施"
                  + (f"，{len(dept.indicators)}个部门整体年度绩效指标" if dept.indicators else ""), markup=False)



def import_(
    files: Files,
    as_json: Annotated[bool, typer.Option("--json", help="在标准输出打印 jixiao/1 JSON")] = False,
    out_dir: Annotated[Optional[Path], typer.Option("--out", help="每个文件写一个 JSON 到此文件夹")] = None,
) -> None:
    """读取绩效目标文件，打印摘要（或 JSON）。

    读出至少一个项目或部门整体绩效目标时，即使有错误也打印读出的内容，错误逐条列在标准错误输出，退出码为1；
    什么也读不出时退出码为2。"""
    from ..formats.jixiao_json import dumps, to_dict

    documents = []
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)

    def work(path, doc, problems, status):
        # What was read is never withheld: a document with a project or the unit-wide part is
        # printed (or written) with its problems beside it, on stderr; the exit status says there are some.
        if doc is None or not (doc.projects or doc.department):
            return UNREADABLE  # nothing of a goal document could be read
        if out_dir:
            (out_dir / f"{path.stem}.json").write_text(dumps(doc) + "\n", "utf-8")
        elif as_json:
            documents.append(to_dict(doc))
        else:
            describe(path, doc)

    status = each(files, work)
    if as_json and not out_dir and documents:
        payload = documents[0] if len(files) == 1 else documents
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    raise typer.Exit(status)


def check(files: Files) -> None:
    """检查绩效目标文件：无错误时退出码为0，内容有误为1，无法读取为2。"""

    def work(path, doc, problems, status):
        if status == OK and len(files) == 1:
            out.print(f"{path}：没有发现错误", markup=False)
        if doc is not None and doc.department is not None and len(files) == 1:
            unit_wide(doc)

    raise typer.Exit(each(files, work))


def unit_wide(doc: GoalDocument) -> None:
    """The review's findings about the unit-wide part and the indicators proposed from its text: what
    to confirm before the review (they do not change the exit status, which is about the file)."""
    from ..review import review_document
    from ..review.registry import UNIT_WIDE
    from .review import SEVERITY, proposal_lines

    for f in review_document(doc).findings:
        if f.project == UNIT_WIDE:
            out.print(f"{UNIT_WIDE}（{SEVERITY[f.severity]}）：{f.message}", markup=False)
    for line in proposal_lines(doc):
        out.print(line, markup=False)


def export(
    file: Annotated[Path, typer.Argument(metavar="绩效目标文件", help="绩效目标文件", show_default=False)],
    to: Annotated[str, typer.Option("--to", help="docx、xlsx、pdf 或 json")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件")],
) -> None:
    """把绩效目标文件导出为官方版式的 Word、Excel、PDF 或 JSON。"""
    from ..formats.writer import write

    if to not in FORMATS:
        err.print(f"不支持导出为“{to}”，可选：{'、'.join(FORMATS)}", markup=False)
        raise typer.Exit(UNREADABLE)
    doc, problems, status = read(file)
    say_problems(file, problems)
    if doc is None or status != OK:
        err.print(f"{file}：有错误，未导出", markup=False)
        raise typer.Exit(status)
    output.write_bytes(write(doc, to))
    out.print(f"已导出：{output}", markup=False)


def schema() -> None:
    """打印 jixiao/1 JSON 格式的 JSON Schema。"""
    from ..formats.jixiao_json import schema as load

    sys.stdout.write(json.dumps(load(), ensure_ascii=False, indent=2) + "\n")
