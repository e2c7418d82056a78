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
        "reason_required": r.reason_required, "reason_missing": r.reason_missing,
        "indicators": [_sourced({
            "name": i.name, "target": i.target, "actual": i.actual or None, "progress": dec(i.progress),
            "forecast": dec(i.forecast), "likelihood": i.likelihood, "reason_required": i.reason_required,
            "reason_missing": i.reason_missing,
        }, i.source, sources) for i in r.indicators],
    } for r in rows]}


def score_json(results, ruleset: str, *, sources: bool = False) -> dict:
    raw = lambda d: dec(d, None)
    return {"ruleset": ruleset, "projects": [{
        "code": p.code, "name": p.name,
        "execution": {"budget": dec(p.execution.budget), "spent": dec(p.execution.spent),
                      "rate": raw(p.execution.rate), "weight": raw(p.execution.weight), "score": raw(p.execution.score),
                      "reason_required": p.execution.reason_required, "flags": list(p.execution.flags)},
        "indicators": [_sourced({"name": i.name, "level1": i.level1, "weight": raw(i.weight), "target": i.target,
                                 "actual": i.actual or None, "score": raw(i.score), "flags": i.flags,
                                 "reason_required": i.reason_required}, i.source, sources) for i in p.indicators],
        "total": raw(p.total), "grade": p.grade,
    } for p in results]}
