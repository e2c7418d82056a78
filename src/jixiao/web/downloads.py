"""The files jixiao hands out, the same from a page and from the API: a plan's goal
document, the official monitoring and self-evaluation tables, a round's bank list, an
indicator's evidence. Each checks who may have it and names its file in Chinese."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

from ..core.errors import NOT_FOUND
from ..core.evidence import content_type
from ..formats.evaluation_tables import TABLE_FORMATS, write_monitoring, write_self_evaluation
from ..formats.writer import write
from .accounts.roles import require
from .goals import errors as e
from .goals.convert import plan_document
from .goals.errors import GoalsError, NotFound, StateError

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf", "json": "application/json",
}
TABLES = {"monitoring": "绩效目标执行监控表", "self-evaluation": "绩效自评表"}


def attachment(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[1]])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def plan_file(plan, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise GoalsError(e.FORMAT, e.FORMAT_MESSAGE.format(fmt=fmt, formats="、".join(CONTENT_TYPES)))
    return attachment(write(plan_document(plan), fmt), f"{plan.unit.name}{plan.year}年绩效目标.{fmt}")


def table_file(plan, table: str, fmt: str, as_of: date | None = None) -> HttpResponse:
    from .evaluation import selectors

    if fmt not in TABLE_FORMATS:
        raise GoalsError(e.FORMAT, e.FORMAT_MESSAGE.format(fmt=fmt, formats="、".join(TABLE_FORMATS)))
    if table not in TABLES:
        raise GoalsError(e.TABLE, e.TABLE_MESSAGE.format(table=table, tables="、".join(TABLES)), kind=NOT_FOUND)
    document = plan_document(plan)
    if table == "monitoring":
        on, rows = selectors.monitoring(plan, as_of, document)
        data = write_monitoring(document, on, rows, fmt, selectors.second_round_marks(plan, on, rows))
    else:  # once the unit has published its self-evaluation, the official table is the published one
        published = selectors.published_evaluation(plan)
        results = selectors.snapshot_scores(published) if published is not None else selectors.scores(plan)
        data = write_self_evaluation(document, results, fmt, selectors.consistency(plan, results))
    return attachment(data, f"{plan.unit.name}{plan.year}年{TABLES[table]}.{fmt}")


PUBLIC_FORMATS = ("pdf", "xlsx")
PUBLIC_TABLES = {"goals": "绩效目标表", "self-evaluation": "绩效自评表"}


def public_file(plan, table: str, fmt: str) -> HttpResponse:
    """A published plan's 目标表, or its 自评表 once the unit has published its results, for anyone, from
    what was published (the goal document and the scores as frozen then), never from the live records."""
    from .evaluation import selectors
    from .public.errors import RESULTS_NOT_PUBLISHED_MESSAGE
    from .public.selectors import published_document

    if table not in PUBLIC_TABLES:
        raise NotFound(e.TABLE_MESSAGE.format(table=table, tables="、".join(PUBLIC_TABLES)))
    if fmt not in PUBLIC_FORMATS:
        raise NotFound(e.FORMAT_MESSAGE.format(fmt=fmt, formats="、".join(PUBLIC_FORMATS)))
    document = published_document(plan)
    if table == "goals":
        data = write(document, fmt)
    else:
        published = selectors.published_evaluation(plan)
        if published is None:
            raise NotFound(RESULTS_NOT_PUBLISHED_MESSAGE.format(plan=f"{plan.unit.name}{plan.year}年"))
        scores = selectors.snapshot_scores(published)
        by_key = {p.code or p.name: p for p in document.projects}
        scores = [s for s in scores if (s.code or s.name) in by_key]  # the projects of the published goals
        matched = replace(document, projects=[by_key[s.code or s.name] for s in scores])
        data = write_self_evaluation(matched, scores, fmt, selectors.consistency(plan, scores))
    return attachment(data, f"{plan.unit.name}{plan.year}年{PUBLIC_TABLES[table]}.{fmt}")


def bank_list_file(round_, user) -> HttpResponse:
    from .relief import permissions, services
    from .relief.models import Round

    require(permissions.sees_personal_data(user, round_.project.plan.unit_id), "只有本单位帮扶干事可以导出代发名单")
    if round_.state != Round.APPROVED:
        raise StateError(e.ROUND, e.ROUND_NOT_APPROVED_MESSAGE)
    from .history.services import log_security_event

    data = services.bank_list(round_)
    log_security_event("personal_data.exported", subject=round_, user=user,
                       note=f"下载{round_.name}代发名单（{round_.entries.count()}人，含完整身份证号和银行账号）")
    return attachment(data, f"{round_.name}代发名单.xlsx")


def evidence_file(indicator) -> FileResponse:
    value = getattr(indicator, "actual", None)
    if value is None or not value.evidence:
        raise NotFound(e.MISSING_EVIDENCE_MESSAGE)
    return FileResponse(value.evidence.open("rb"), as_attachment=True, filename=Path(value.evidence.name).name,
                        content_type=content_type(value.evidence.name))  # never text/html: an old upload may be a page


def openapi_file(*fmts: str) -> dict:
    """The OpenAPI of an operation answering a file: its media types, so that clients and
    schemathesis know what comes back."""
    schema = {"json": {"type": "object", "description": "jixiao/1 JSON"}}
    return {"responses": {200: {"description": "文件", "content": {
        CONTENT_TYPES[f]: {"schema": schema.get(f, {"type": "string", "format": "binary"})} for f in fmts}}}}
