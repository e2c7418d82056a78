"""`jixiao review`: the goal review's findings, grouped by project, and the proposed grade."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..core.document import project_key
from ..review import Review, review_document
from ..rulesets import load
from .common import INVALID, OK, UNREADABLE, Files, each, err, out

FIELDS = {"target": "指标值", "basis": "确定依据", "name": "三级指标", "level1": "一级指标", "level2": "二级指标",
          "description": "指标描述", "budget": "预算数", "spending_plan": "资金支出计划", "code": "项目编码",
          "goals": "绩效目标", "indicators": "绩效指标", "purpose": "资金用途"}
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}

RuleSetOption = Annotated[str, typer.Option("--ruleset", help="规则集编码")]


def ruleset_or_exit(code: str):
    try:
        return load(code)
    except KeyError as exc:
        err.print(exc.args[0], markup=False)
        raise typer.Exit(UNREADABLE) from exc


def review(
    files: Files,
    as_json: Annotated[bool, typer.Option("--json", help="打印 JSON")] = False,
    ruleset: RuleSetOption = "CZ-2020-10",
) -> None:
    """审核绩效目标：按项目列出问题及修改建议，并提出审核等级（优/良/中/差）。"""
    rules = ruleset_or_exit(ruleset)
    results = []

    def work(path: Path, doc, problems, status):
        if doc is None:
            return None
        result = review_document(doc, rules)
        if as_json:
            results.append(to_json(path, doc, result))
        else:
            show(path, doc, result)
        return INVALID if result.has_errors else OK

    status = each(files, work)
    if as_json and results:
        payload = results[0] if len(results) == 1 else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    raise typer.Exit(status)


def to_json(path: Path, doc, result: Review) -> dict:
    return {
        "file": str(path),
        "ruleset": result.ruleset,
        "findings": [asdict(f) for f in result.findings],
        "grade": result.grade,
        "projects": [{"code": p.code, "name": p.name, "grade": result.grades[project_key(p)]} for p in doc.projects],
    }


def show(path: Path, doc, result: Review) -> None:
    out.print(f"{path.name}：{doc.unit.name}{doc.year}年绩效目标审核（规则集{result.ruleset}），建议等级：{result.grade}",
              markup=False)
    for project in doc.projects:
        key, title = project_key(project), f"{project.name}（{project.code}）" if project.code else project.name
        found = [f for f in result.findings if f.project == key]
        table = Table(title=f"{title}建议等级：{result.grades[key]}",
                      title_justify="left", show_lines=True)
        for name in ("级别", "维度", "指标", "位置"):
            table.add_column(name, no_wrap=True)
        table.add_column("问题", overflow="fold", ratio=3)
        table.add_column("建议", overflow="fold", ratio=2)
        for f in found:
            table.add_row(SEVERITY[f.severity], f.dimension, f.indicator or "（项目）", FIELDS.get(f.field, f.field),
                          f.message, f.hint)
        if found:
            out.print(table, markup=False)
        else:
            out.print(f"{title}：没有发现问题，建议等级：{result.grades[key]}",
                      markup=False)
