"""Writes to the rectification ledger: keyword-only, atomic, checked against the user's role, the
item's version and the rules (evaluation/rectification.py), each with its history entry."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from ...core.errors import CONFLICT
from ...core.evidence import file_problem
from ...evaluation import rectification as rules
from ...evaluation.rectification import RectificationError
from ..fingerprints import fingerprint
from ..goals.models import Unit
from ..history.services import diff, log_action
from . import errors as e
from .models import Rectification, RectificationEvidence
from .permissions import require_keeper, require_lister

EVIDENCE_LIMIT = 20 * 1024 * 1024
EDITABLE = ("found_where", "problem", "responsible", "deadline", "measures")
LABELS = {"found_where": "发现环节", "problem": "问题", "responsible": "责任人", "measures": "整改措施",
          "reason": "无需整改理由"}
LIMITS = {"found_where": 300, "problem": 2000, "responsible": 100, "measures": 2000, "reason": 2000}


def _clean(fields: dict, year: int) -> dict:
    """The fields as saved; a deadline before the ledger's year (`year`) is a typing mistake, refused."""
    clean = {}
    for key, value in fields.items():
        if key in LIMITS:
            value = (value or "").strip()
            if len(value) > LIMITS[key]:
                message = e.TOO_LONG.format(field=LABELS[key], limit=LIMITS[key])
                raise RectificationError(key, message, fields={key: message})
        if key == "deadline" and value is not None and not isinstance(value, date):
            raise RectificationError("deadline", e.DEADLINE.format(text=value), fields={"deadline": e.DEADLINE.format(text=value)})
        if key == "deadline" and value is not None and value.year < year:  # 1999 too: the ledger's year is from 2000
            message = e.DEADLINE_BEFORE_YEAR.format(deadline=value, year=year)
            raise RectificationError("deadline", message, fields={"deadline": message})
        if key == "deadline" and value is not None and value.year > 2100:
            message = e.DEADLINE_TOO_LATE.format(deadline=value)
            raise RectificationError("deadline", message, fields={"deadline": message})
        clean[key] = value
    if "problem" in clean and not clean["problem"]:
        message = e.REQUIRED.format(field="问题")
        raise RectificationError("problem", message, fields={"problem": message})
    return clean


def _links(unit: Unit, year: int, plan, project, indicator) -> dict:
    """The plan, project and indicator an item is about: all in the unit's plan of that year."""
    if indicator is not None:
        project = project or indicator.project
        if indicator.project_id != project.pk:
            raise RectificationError("indicator", e.FOREIGN.format(what="指标", unit=unit.name, year=year))
    if project is not None:
        plan = plan or project.plan
        if project.plan_id != plan.pk:
            raise RectificationError("project", e.FOREIGN.format(what="项目", unit=unit.name, year=year))
    if plan is not None and (plan.unit_id != unit.pk or plan.year != year):
        raise RectificationError("plan", e.FOREIGN.format(what="绩效目标", unit=unit.name, year=year))
    return {"plan": plan, "project": project, "indicator": indicator}


def _already(existing: Rectification) -> RectificationError:
    return RectificationError("exists", e.ALREADY.format(id=existing.pk, problem=existing.problem[:40],
                                                         status=rules.label(existing.status)), kind=CONFLICT)


@transaction.atomic
def rectification_create(*, unit: Unit, year: int, source_kind: str, fields: dict, user, plan=None, project=None,
                         indicator=None, finding_key: str = "") -> Rectification:
    """List a problem as a rectification item (未整改): from a finding on a page (`finding_key` names it; the
    same finding twice is refused, 409) or by hand (an audit, a finance inspection)."""
    require_lister(user, unit.pk)
    rules.check_source(source_kind)
    if not 2000 <= year <= 2100:
        raise RectificationError("year", e.YEAR_RANGE.format(year=year), fields={"year": e.YEAR_RANGE.format(year=year)})
    clean = _clean({k: fields.get(k) for k in EDITABLE if k in fields}, year)
    if "problem" not in clean:
        raise RectificationError("problem", e.REQUIRED.format(field="问题"), fields={"problem": e.REQUIRED.format(field="问题")})
    clean["found_where"] = clean.get("found_where") or rules.sources()[source_kind]
    # An item entered by hand is named by what it says: the same one twice (a double click) is refused as
    # the same finding is.
    finding_key = finding_key[:300] or f"手工录入:{fingerprint([source_kind, clean])}"
    if finding_key and (existing := Rectification.objects.filter(unit=unit, year=year, finding_key=finding_key).first()):
        raise _already(existing)
    item = Rectification(unit=unit, year=year, source_kind=source_kind, finding_key=finding_key, created_by=user,
                         **_links(unit, year, plan, project, indicator), **clean)
    item.full_clean(exclude=["plan", "project", "indicator", "unit", "created_by"])
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # the same finding listed at the same moment by someone else
        raise _already(Rectification.objects.get(unit=unit, year=year, finding_key=finding_key)) from None
    log_action("rectification.created", item, user, diff({}, {"source_kind": rules.sources()[source_kind], **{
        k: v for k, v in clean.items() if v}}))
    return item


def _bump(item: Rectification, version: int, **fields) -> None:
    if not Rectification.objects.filter(pk=item.pk, version=version).update(version=F("version") + 1, **fields):
        raise RectificationError("stale", e.STALE.format(problem=item.problem[:40]), kind=CONFLICT)
    item.refresh_from_db()


@transaction.atomic
def rectification_update(*, item: Rectification, fields: dict, version: int, user) -> Rectification:
    """Change what, where, who, the deadline or the measures, with the version the form was shown."""
    require_keeper(user, item.unit_id)
    clean = _clean({k: v for k, v in fields.items() if k in EDITABLE}, item.year)
    before = {k: getattr(item, k) for k in clean}
    _bump(item, version, **clean)
    if changes := diff(before, clean):
        log_action("rectification.changed", item, user, changes)
    return item


@transaction.atomic
def rectification_move(*, item: Rectification, status: str, version: int, user, reason: str = "",
                       measures: str | None = None) -> Rectification:
    """Move to another status as the rules allow: 无需整改 with a reason, 已整改 with measures and evidence.
    A refused move changes nothing."""
    require_keeper(user, item.unit_id)
    clean = _clean({"reason": reason, **({"measures": measures} if measures is not None else {})}, item.year)
    measures_now = clean.get("measures", item.measures)
    rules.check_move(item.status, status, measures=measures_now, reason=clean["reason"],
                     evidence=item.evidence.count())
    before = {"status": rules.label(item.status), "reason": item.reason, "measures": item.measures}
    update = {"status": status, "reason": clean["reason"] if status == rules.NOT_NEEDED else item.reason,
              **({"measures": measures_now} if "measures" in clean else {})}
    reopened = rules.is_reopening(item.status, status)
    _bump(item, version, **update)
    after = {"status": rules.label(status), **{k: v for k, v in update.items() if k != "status"}}
    log_action("rectification.moved", item, user, diff(before, after),
               f"重新打开的理由：{clean['reason']}" if reopened else "")
    return item


@transaction.atomic
def rectification_evidence_add(*, item: Rectification, file, user) -> RectificationEvidence:
    """Attach a file proving what was done; the item's version rises (a form shown before is stale)."""
    require_keeper(user, item.unit_id)
    if file is None:
        raise RectificationError("file", e.NO_FILE, fields={"file": e.NO_FILE})
    if (file.size or 0) > EVIDENCE_LIMIT:
        raise RectificationError("file", e.EVIDENCE_TOO_LARGE, fields={"file": e.EVIDENCE_TOO_LARGE})
    if problem := file_problem(file):  # an empty file proves nothing; a page or a program is no evidence
        raise RectificationError("file", problem, fields={"file": problem})
    name = (getattr(file, "name", "") or "佐证材料")[-200:]
    evidence = RectificationEvidence.objects.create(rectification=item, file=file, name=name, uploaded_by=user)
    Rectification.objects.filter(pk=item.pk).update(version=F("version") + 1)
    item.refresh_from_db()
    log_action("rectification.evidence_added", item, user, {"evidence": ["", name]})
    return evidence
