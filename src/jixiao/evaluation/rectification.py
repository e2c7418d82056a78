"""The rectification ledger's rules (整改台账), without Django: the statuses of an item, the moves
between them, what a move needs, when an item is overdue, and where items come from. The rules
are data (`rectification.toml`, whose first lines name their sources); this module reads them.

>>> check_move("open", "in_progress")
>>> check_move("open", "done")
Traceback (most recent call last):
...
jixiao.evaluation.rectification.RectificationError: 整改事项当前为“未整改”，不能改为“已整改”；可改为：整改中、无需整改
>>> check_move("in_progress", "done", measures="已补发", evidence=0)
Traceback (most recent call last):
...
jixiao.evaluation.rectification.RectificationError: 改为“已整改”须上传至少一份佐证材料
>>> is_overdue("in_progress", date(2021, 6, 30), today=date(2021, 7, 1))
True
>>> is_overdue("done", date(2021, 6, 30), today=date(2021, 7, 1))
False
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from importlib.resources import files

from ..core.errors import CONFLICT, JixiaoError

OPEN, IN_PROGRESS, DONE, NOT_NEEDED = "open", "in_progress", "done", "not_needed"
REVIEW, MONITORING, SELF_EVALUATION, AUDIT, FINANCE_INSPECTION, OTHER = (
    "review", "monitoring", "self_evaluation", "audit", "finance_inspection", "other")
# What a person types when entering an item by hand (the others come from a finding on a page).
BY_HAND = (AUDIT, FINANCE_INSPECTION, OTHER)

# Messages (tests import them).
MOVE = "整改事项当前为“{current}”，不能改为“{target}”；可改为：{allowed}"
MOVE_NONE = "无"
STATUS_UNKNOWN = "没有整改状态“{status}”，可用：{statuses}"
SOURCE_UNKNOWN = "没有问题来源“{source}”，可用：{sources}"
NEEDS = {
    "measures": "改为“{target}”须填写整改措施",
    "evidence": "改为“{target}”须上传至少一份佐证材料",
    "reason": "改为“{target}”须说明理由",
}
REOPEN_NEEDS = {"reason": "重新打开“{current}”的整改事项（改为“{target}”）须说明理由：为什么整改不到位或理由不成立"}


class RectificationError(JixiaoError):
    """A rectification item's move or value a person got wrong; it changes nothing."""


@cache
def rules() -> dict:
    return tomllib.loads(files(__package__).joinpath("rectification.toml").read_text("utf-8"))


def statuses() -> dict[str, str]:
    """Status code → Chinese label, in the ledger's order."""
    return dict(rules()["statuses"])


def sources() -> dict[str, str]:
    """Source kind → Chinese label."""
    return dict(rules()["sources"])


def closed() -> tuple[str, ...]:
    return tuple(rules()["moves"]["closed"])


def allowed_moves(current: str) -> list[str]:
    return list(rules()["moves"].get(current, []))


def requirements(target: str) -> list[str]:
    return list(rules()["requires"].get(target, []))


def label(status: str) -> str:
    return statuses().get(status, status)


def check_status(status: str) -> None:
    if status not in statuses():
        raise RectificationError("status", STATUS_UNKNOWN.format(status=status, statuses="、".join(statuses().values())),
                                 fields={"status": STATUS_UNKNOWN.format(status=status,
                                                                         statuses="、".join(statuses().values()))})


def check_source(source: str) -> None:
    if source not in sources():
        message = SOURCE_UNKNOWN.format(source=source, sources="、".join(sources().values()))
        raise RectificationError("source", message, fields={"source_kind": message})


def check_move(current: str, target: str, *, measures: str = "", reason: str = "", evidence: int = 0) -> None:
    """Refuse a move the rules do not allow (409: the item's state), or one missing what it needs (400)."""
    check_status(target)
    allowed = allowed_moves(current)
    if target not in allowed:
        raise RectificationError("move", MOVE.format(current=label(current), target=label(target),
                                                     allowed="、".join(label(s) for s in allowed) or MOVE_NONE),
                                 kind=CONFLICT)
    have = {"measures": bool(measures.strip()), "reason": bool(reason.strip()), "evidence": evidence > 0}
    for need in requirements(target):
        if not have[need]:
            message = NEEDS[need].format(target=label(target))
            raise RectificationError(need, message, fields={need: message})
    if is_reopening(current, target):
        for need in rules().get("reopen", {}).get("requires", []):
            if not have[need]:
                message = REOPEN_NEEDS[need].format(current=label(current), target=label(target))
                raise RectificationError(need, message, fields={need: message})


def is_reopening(current: str, target: str) -> bool:
    """A closed item (已整改, 无需整改) moved back to an open status."""
    return current in closed() and target not in closed()


def is_overdue(status: str, deadline: date | None, *, today: date) -> bool:
    """The deadline has passed and the item is not closed (已整改 or 无需整改)."""
    return deadline is not None and deadline < today and status not in closed()
