"""The JSON of monitoring and self-evaluation results: money in 元 and rates in %
as decimal strings (rates to 2 places in monitoring; scores unrounded)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def dec(value: Decimal | None, places: int | None = 2) -> str | None:
    if value is None:
        return None
    return format(round(value, places), "f") if places is not None else format(value.normalize(), "f")


def source_json(source) -> dict | None:
    """How an indicator's actual was obtained (an `evaluation.records.Provenance`), or None."""
    if source is None:
        return None
    return {"kind": source.kind, "label": source.label, "metric": source.metric or None,
            "records": len(source.records), "file": source.file or None}


def _sourced(row: dict, source, sources: bool) -> dict:
    return row | {"source": source_json(source)} if sources else row


def monitor_json(when: date, rows, ruleset: str, *, sources: bool = False) -> dict:
    """`sources`: each indicator's actual with its provenance (the API's shape; the CLI's is without)."""
    return {"as_of": when.isoformat(), "ruleset": ruleset, "projects": [{
        "code": r.code, "name": r.name, "budget": dec(r.budget), "spent": dec(r.spent),
        "execution_rate": dec(r.execution_rate), "planned_rate": dec(r.planned_rate),
        "time_rate": dec(r.time_rate), "gap": dec(r.gap), "colour": r.colour, "problems": list(r.problems),
        "reason_required": r.reason_required, "reason_missing": r.reason_missing, "reason": r.reason,
        "measure": r.measure,
        "indicators": [_sourced({
            "name": i.name, "level1": i.level1, "level2": i.level2, "target": i.target, "actual": i.actual or None,
            "progress": dec(i.progress), "forecast": dec(i.forecast), "forecast_unit": i.forecast_unit,
            "forecast_text": i.forecast_text or None, "forecast_rule": i.forecast_rule or None,
            "likelihood": i.likelihood, "reason_required": i.reason_required, "reason_missing": i.reason_missing,
            "reason_lacks": list(i.reason_lacks), "reason": i.reason, "measure": i.measure,
            "state": i.state or None, "reminder": i.reminder,
        }, i.source, sources) for i in r.indicators],
    } for r in rows]}


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def monitor_rows(data: dict) -> tuple[date, list]:
    """The rows of a monitoring table written by `monitor_json` (a saved 监控报告), as the
    official tables' writer takes them: the table as it was, not as the records say now."""
    from ..evaluation.monitoring import IndicatorMonitor, ProjectMonitor

    rows = []
    for p in data["projects"]:
        money = [_decimal(p[k]) or Decimal(0) for k in ("budget", "spent", "execution_rate", "planned_rate",
                                                           "time_rate", "gap")]
        row = ProjectMonitor(p["code"], p["name"], money[0], money[1], money[2], money[3], money[4], money[5],
                             p["colour"], p["reason_required"], p["reason_missing"], p.get("reason", ""),
                             p.get("measure", ""), problems=list(p.get("problems", [])))
        for i in p["indicators"]:
            row.indicators.append(IndicatorMonitor(
                i["name"], i["target"], i["actual"] or "", _decimal(i["progress"]), _decimal(i["forecast"]),
                i["likelihood"], i["reason_required"], i["reason_missing"], i.get("reason", ""), i.get("measure", ""),
                i.get("level1", ""), i.get("level2", ""), forecast_unit=i.get("forecast_unit", ""),
                forecast_rule=i.get("forecast_rule") or "", reason_lacks=tuple(i.get("reason_lacks", ()))))
        rows.append(row)
    return date.fromisoformat(data["as_of"]), rows


def consistency_json(c) -> dict:
    """绩效与预算执行一致性 (`evaluation.consistency.Consistency`): the colour and the figures that made it,
    in % to two places."""
    return {"colour": c.colour, "indicator_share": dec(c.indicator_share), "execution_share": dec(c.execution_share),
            "gap": dec(c.gap), "unspent": dec(c.unspent), "reason": c.reason}


def score_json(results, ruleset: str, *, sources: bool = False, checks: dict | None = None) -> dict:
    """`checks`: each project's 绩效与预算执行一致性 by its key (`evaluation.consistency.consistency_of`),
    written as its `consistency`; without them the projects have none (a published snapshot's shape)."""
    data = _scores(results, ruleset, sources)
    if checks is not None:
        for project, result in zip(data["projects"], results):
            project["consistency"] = consistency_json(checks[result.key])
    return data


def _scores(results, ruleset: str, sources: bool) -> dict:
    raw = lambda d: dec(d, None)
    return {"ruleset": ruleset, "projects": [{
        "code": p.code, "name": p.name,
        "execution": {"budget": dec(p.execution.budget), "spent": dec(p.execution.spent),
                      "rate": raw(p.execution.rate), "weight": raw(p.execution.weight), "score": raw(p.execution.score),
                      "reason_required": p.execution.reason_required, "flags": list(p.execution.flags)},
        "indicators": [_sourced({"name": i.name, "level1": i.level1, "weight": raw(i.weight), "target": i.target,
                                 "actual": i.actual or None, "score": raw(i.score), "flags": i.flags,
                                 "reason_required": i.reason_required}, i.source, sources) for i in p.indicators],
        "total": raw(p.total), "grade": p.grade, "cap": raw(p.cap), "flags": list(p.flags),
    } for p in results]}
