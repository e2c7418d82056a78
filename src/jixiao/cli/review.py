"""`jixiao review`: the goal review's findings, grouped by project, and the proposed grade."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..core.document import project_key
from ..core.errors import JixiaoError
from ..core.unit_goals import covered, propose
from ..review import Review, review_document
from ..review.history import previous_of
from ..review.registry import UNIT_WIDE
from ..review.unit_goals import proposal_text
from ..rulesets import load
from .common import INVALID, OK, Files, each, err, out
from .rulesets import folder

FIELDS = {"target": "指标值", "basis": "确定依据", "name": "三级指标", "level1": "一级指标", "level2": "二级指标",
          "description": "指标描述", "budget": "预算数", "spending_plan": "资金支出计划", "code": "项目编码",
          "goals": "绩效目标", "indicators": "绩效指标", "purpose": "资金用途", "sub_goals": "分项目标",
          "projects": "涵盖项目"}
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}

RuleSetOption = Annotated[str, typer.Option("--ruleset", help="规则集：规则集编码（内置的或 JIXIAO_RULESETS_DIR 文件夹中的，jixiao rulesets 列出）或规则集TOML文件")]


def ruleset_or_exit(name: str):
    """The rule set, or one Chinese line naming the file and key and the exit status (2: not found)."""
    try:
        return load(name, folder())
    except JixiaoError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(exc.exit_code) from exc


def review(
    files: Files,
    as_json: Annotated[bool, typer.Option("--json", help="打印 JSON")] = False,
    ruleset: RuleSetOption = "CZ-2020-10",
    previous: Annotated[Optional[Path], typer.Option(
        "--previous", help="上年绩效目标文件：按历史标准比较指标值，并查出仍写着上年年份的文字")] = None,
    previous_actuals: Annotated[Optional[Path], typer.Option(
        "--previous-actuals", help="上年指标完成值CSV（project,indicator,actual），与--previous同用：目标低于上年实际完成值等")] = None,
    database: Annotated[bool, typer.Option(
        "--database", help="从数据库读取该单位上年的绩效目标及其完成值（历史标准）；未给--previous时使用")] = False,
) -> None:
    """审核绩效目标：按项目列出问题及修改建议，并提出审核等级（优/良/中/差）。"""
    rules = ruleset_or_exit(ruleset)
    results = []
    last = _previous_file(previous, previous_actuals)

    def work(path: Path, doc, problems, status):
        if doc is None:
            return None
        before, source = _previous_for(doc, last, previous, database)
        result = review_document(doc, rules, previous=before)
        if as_json:
            results.append({**to_json(path, doc, result),
                            "previous": None if before is None else {"year": before.year, "source": source}})
        else:
            out.print(f"历史标准：与{before.year}年绩效目标比较（{source}）" if before is not None else
                      f"历史标准：{source}" if source else "历史标准：未比较（可用--previous或--database给出上年绩效目标）",
                      markup=False)
            show(path, doc, result)
        return INVALID if result.has_errors else OK

    status = each(files, work)
    if as_json and results:
        payload = results[0] if len(results) == 1 else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    raise typer.Exit(status)


def _previous_file(path: Path | None, actuals: Path | None):
    """Last year's goal document and its actuals, read once for every file reviewed."""
    if path is None:
        if actuals is not None:
            raise JixiaoError("previous_actuals", ACTUALS_WITHOUT_PREVIOUS, str(actuals))
        return None
    from ..formats.reader import read_path
    from ..formats.records_csv import read_actuals

    document, _ = read_path(path)
    values = {}
    for a in read_actuals(actuals) if actuals is not None else []:
        if a.indicator and a.actual is not None:
            values[(a.project, a.indicator)] = (a.actual.value, a.actual.unit, a.actual.raw)
    return document, values


def _previous_for(doc, last, path: Path | None, database: bool):
    """(Previous or None, where it came from) for one reviewed document."""
    if last is not None:
        document, values = last
        return previous_of(document, values, this=doc, name=str(path)), f"上年文件{path.name if path else ''}"
    if not database:
        return None, ""
    from ..web import commands

    found = commands.database_previous(doc.unit.code, doc.year)
    if found is None:
        return None, f"数据库中没有{doc.unit.name or doc.unit.code}{doc.year - 1}年的绩效目标，未比较"
    return found, "数据库"


ACTUALS_WITHOUT_PREVIOUS = "--previous-actuals须与--previous（上年绩效目标文件）同用"


def to_json(path: Path, doc, result: Review) -> dict:
    return {
        "file": str(path),
        "ruleset": result.ruleset,
        "findings": [asdict(f) for f in result.findings],
        "grade": result.grade,
        "projects": [{"code": p.code, "name": p.name, "grade": result.grades[project_key(p)]} for p in doc.projects],
        "department": None if doc.department is None else department_json(doc),
    }


def department_json(doc) -> dict:
    """Each 分项目标 with its indicators' count, the indicators proposed from its text where it has none,
    and the projects it covers (written, or proposed where no sub-goal has any written); the count of
    the unit's own 年度绩效指标."""
    cover = covered(doc)
    return {"indicators": len(doc.department.indicators), "sub_goals": [
        {"name": s.name, "indicators": len(s.indicators),
         "proposed": [] if s.indicators else [proposal_text(i) for i in propose(s, doc.framework)],
         "projects": [key for key, subs in cover.items() if s.name in subs]}
        for s in doc.department.sub_goals]}


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
    if doc.department is not None:
        show_department(doc, result)


def show_department(doc, result: Review) -> None:
    """The unit-wide part: its findings, then the indicators proposed from each 分项目标's text."""
    found = [f for f in result.findings if f.project == UNIT_WIDE]
    if found:
        table = Table(title=f"{UNIT_WIDE}绩效目标", title_justify="left", show_lines=True)
        for name in ("级别", "维度", "分项目标或指标", "位置"):
            table.add_column(name, no_wrap=True)
        table.add_column("问题", overflow="fold", ratio=3)
        table.add_column("建议", overflow="fold", ratio=2)
        for f in found:
            table.add_row(SEVERITY[f.severity], f.dimension, f.indicator or "（部门整体）", FIELDS.get(f.field, f.field),
                          f.message, f.hint)
        out.print(table, markup=False)
    else:
        out.print(f"{UNIT_WIDE}绩效目标：没有发现问题", markup=False)
    for line in proposal_lines(doc):
        out.print(line, markup=False)


def proposal_lines(doc) -> list[str]:
    """The indicators proposed from the text of each 分项目标 that has none, for the user to confirm."""
    return [f"分项目标“{sub.name}”建议指标：{proposal_text(ind)}（{ind.level1}/{ind.level2}，据“{ind.description}”）"
            for sub in doc.department.sub_goals if not sub.indicators for ind in propose(sub, doc.framework)]
