"""What the pages that show problems need for their 列为整改事项 buttons: for each problem, the finding's
key (one item per finding), where it was found and what it is, pre-filled; or the item already made of it.
Problems: the review's findings (plan page), monitoring rows red or yellow or missing their reason
(monitoring page), self-evaluation indicators below target or flagged and a flagged execution
(self-evaluation page). Nothing here for a user who may not list items in the plan's unit."""

from __future__ import annotations

from datetime import date

from ...evaluation import rectification as rules
from ..goals.models import Plan
from .models import Rectification
from .permissions import may_list
from .selectors import open_rectifications

COLOURS = {"red": "红色预警", "yellow": "黄色预警"}


def _button(plan: Plan, source: str, key: str, where: str, problem: str, project=None, indicator=None) -> dict:
    return {"plan": plan.pk, "source": source, "key": key, "where": where[:300], "problem": problem[:2000],
            "project": getattr(project, "pk", ""), "indicator": getattr(indicator, "pk", "")}


def _mark_listed(plan: Plan, buttons: list[dict]) -> None:
    listed = dict(Rectification.objects.filter(unit_id=plan.unit_id, year=plan.year, finding_key__in=[
        b["key"] for b in buttons]).values_list("finding_key", "pk"))
    for b in buttons:
        b["item"] = listed.get(b["key"])


def review_buttons(*, user, plan: Plan, findings: list[dict]) -> None:
    """Each finding of the plan's review (dicts as goals.views makes them) gets its `rectify` button."""
    if not may_list(user, plan.unit_id):
        return
    made = []
    for f in findings:
        place = "：".join(p for p in (f.get("project_name"), f.get("indicator")) if p)
        f["rectify"] = _button(plan, rules.REVIEW, f"review:{plan.pk}:{f['code']}:{f['project']}:{f.get('indicator') or ''}",
                               f"{plan.year}年绩效目标审核{('（' + place + '）') if place else ''}",
                               f"{f['message']}（{f['hint']}）" if f.get("hint") else f["message"])
        made.append(f["rectify"])
    _mark_listed(plan, made)


def monitoring_buttons(*, user, plan: Plan, rows, as_of: date) -> dict:
    """{"projects": {key: button}, "indicators": {key: {name: button}}} for the rows with a problem."""
    found: dict = {"projects": {}, "indicators": {}}
    if not may_list(user, plan.unit_id):
        return found
    projects = {p.code or p.name: p for p in plan.projects.all()}
    where = f"截至{as_of:%Y-%m-%d}运行监控"
    for r in rows:
        project = projects.get(r.key)
        if r.colour in COLOURS or r.reason_missing:
            what = [COLOURS[r.colour]] if r.colour in COLOURS else []
            what += list(r.problems) + (["缺偏差原因或纠偏措施"] if r.reason_missing else [])
            found["projects"][r.key] = _button(
                plan, rules.MONITORING, f"monitoring:project:{getattr(project, 'pk', r.key)}", f"{where}（预算执行）",
                f"项目“{r.name}”预算执行率{r.execution_rate:.2f}%：{'、'.join(what)}", project)
        indicators = {i.name: i for i in project.indicators.all()} if project is not None else {}
        for i in r.indicators:
            if i.reason_required or i.reason_missing:
                indicator = indicators.get(i.name)
                what = [f"完成目标可能性：{i.likelihood}"] if i.likelihood else []
                what += ["缺" + "、".join(i.reason_lacks)] if i.reason_missing else []
                found["indicators"].setdefault(r.key, {})[i.name] = _button(
                    plan, rules.MONITORING, f"monitoring:indicator:{getattr(indicator, 'pk', i.name)}",
                    f"{where}（{r.name}）", f"指标“{i.name}”（{i.target}）截至目前{i.actual or '无完成值'}：{'；'.join(what)}",
                    project, indicator)
    _mark_listed(plan, [*found["projects"].values(), *(b for d in found["indicators"].values() for b in d.values())])
    return found


def self_evaluation_buttons(*, user, plan: Plan, results) -> dict:
    """{"execution": {key: button}, "indicators": {key: {name: button}}}: an indicator that lost points
    (below target) or carries a flag, an execution flagged or needing a reason."""
    found: dict = {"execution": {}, "indicators": {}}
    if not may_list(user, plan.unit_id):
        return found
    projects = {p.code or p.name: p for p in plan.projects.all()}
    where = f"{plan.year}年度绩效自评"
    for r in results:
        project = projects.get(r.key)
        x = r.execution
        if x.flags or x.reason_required:
            found["execution"][r.key] = _button(
                plan, rules.SELF_EVALUATION, f"self_evaluation:execution:{getattr(project, 'pk', r.key)}",
                f"{where}（{r.name}）", f"项目“{r.name}”预算执行率{x.rate:.2f}%"
                + (f"：{'；'.join(x.flags)}" if x.flags else "，低于90%"), project)
        indicators = {i.name: i for i in project.indicators.all()} if project is not None else {}
        for s in r.indicators:
            if s.score < s.weight or s.flags:
                indicator = indicators.get(s.name)
                what = ([f"得分{s.score:.2f}（分值{s.weight:.2f}）"] if s.score < s.weight else []) + list(s.flags)
                found["indicators"].setdefault(r.key, {})[s.name] = _button(
                    plan, rules.SELF_EVALUATION, f"self_evaluation:indicator:{getattr(indicator, 'pk', s.name)}",
                    f"{where}（{r.name}）", f"指标“{s.name}”指标值{s.target}，完成值{s.actual or '无'}：{'；'.join(what)}",
                    project, indicator)
    _mark_listed(plan, [*found["execution"].values(), *(b for d in found["indicators"].values() for b in d.values())])
    return found


def open_items(*, plan: Plan, years: list[int]) -> dict:
    """The open items a plan or self-evaluation page lists, with the ledger it links to."""
    return {"open_rectifications": open_rectifications(unit_id=plan.unit_id, years=years),
            "rectification_unit": plan.unit_id, "rectification_year": plan.year}


def plan_rectification(*, user, plan: Plan, findings: list[dict]) -> dict:
    """The plan page's part: a button on each review finding, and the open items of last year and this."""
    review_buttons(user=user, plan=plan, findings=findings)
    return open_items(plan=plan, years=[plan.year - 1, plan.year])


def self_evaluation_rectification(*, user, plan: Plan, results) -> dict:
    """The self-evaluation page's part: buttons on the problems, and the year's open items."""
    return {"rectify": self_evaluation_buttons(user=user, plan=plan, results=results),
            **open_items(plan=plan, years=[plan.year])}


def monitoring_rectification(*, user, plan: Plan, rows, as_of: date) -> dict:
    return {"rectify": monitoring_buttons(user=user, plan=plan, rows=rows, as_of=as_of)}
