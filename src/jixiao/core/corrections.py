"""更正: what every correction of a publication needs (goals, project results, the unit's evaluation):
a reason, which the public page shows beside the corrected version."""

from __future__ import annotations

from .errors import JixiaoError

REASON_LIMIT = 500
REASON_TOO_LONG = f"更正原因不能超过{REASON_LIMIT}字"


def correction_reason(reason: str | None, missing: str, error: type[JixiaoError] = JixiaoError) -> str:
    """The reason without its surrounding spaces; `error("reason", …)` when there is none (`missing`
    says what is being corrected) or when it is longer than REASON_LIMIT characters.

    >>> correction_reason("  数据录入有误 ", "须写明更正原因")
    '数据录入有误'
    >>> correction_reason(" ", "须写明更正原因")
    Traceback (most recent call last):
    jixiao.core.errors.JixiaoError: 须写明更正原因
    """
    reason = (reason or "").strip()
    problem = missing if not reason else REASON_TOO_LONG if len(reason) > REASON_LIMIT else ""
    if problem:
        raise error("reason", problem, fields={"reason": problem})
    return reason
