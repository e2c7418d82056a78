"""Who may record spending and indicator values, in one place: the services refuse by
`require_recorder`, the monitoring and self-evaluation pages show their forms by `may_record`.
Records are kept once the goals are approved, by the unit's editors (or 管理员)."""

from __future__ import annotations

from ...core.errors import CONFLICT
from ...evaluation import errors as e
from ...evaluation.errors import EvaluationError
from ..accounts.roles import ADMIN, EDITOR, has_role_in, require_role_in
from ..goals.models import Plan

RECORDERS = (EDITOR, ADMIN)
OPEN = (Plan.APPROVED, Plan.PUBLISHED)  # the states in which the year's records are kept


def require_recorder(user, plan: Plan) -> None:
    require_role_in(user, plan.unit_id, *RECORDERS, outsider="你不属于该单位，不能录入它的数据")
    if plan.state not in OPEN:
        raise EvaluationError("not_approved", e.NOT_APPROVED, kind=CONFLICT)


def may_record(user, plan: Plan) -> bool:
    return plan.state in OPEN and has_role_in(user, plan.unit_id, *RECORDERS)
