"""The demo's 部门整体 year: the union's staffing as the seed states it (县总工会机关 6 in post and 19
retired, its subordinate 工人文化宫 10 and 4; 编制数 is not in the seed, so the demo takes the staff in
post), a few basic-spending records (made-up amounts) and a basic-spending budget; the seed's unit-wide
indicators (proposed from its sentences when the plan is imported) confirmed while the plan is a draft, and
bound to the unit-wide metrics so that their actuals come from the records."""

from __future__ import annotations

from ..goals.models import Plan, Unit
from . import services

# The seed's unit-wide indicators (as core.unit_goals proposes them) and the metric each is bound to.
METRICS = {"救助人数": "unit_persons_relieved", "救助标准": "unit_relief_minimum",
           "省部级劳模人数": "unit_checks_done", "体检费用标准": "unit_check_cost_per_person",
           "正常运转人数": "unit_staff_in_post"}

STAFFING = [("昌黎县总工会机关", 6, 6, 19), ("昌黎县工人文化宫", 10, 10, 4)]
SPENDING = [("03-31", "人员经费", "210,000.00", "一季度工资福利"), ("06-30", "人员经费", "210,000.00", "二季度工资福利"),
            ("06-30", "公用经费", "45,000.00", "上半年办公、水电、差旅"), ("09-30", "人员经费", "210,000.00", "三季度工资福利"),
            ("12-31", "人员经费", "210,000.00", "四季度工资福利"), ("12-31", "公用经费", "52,300.50", "下半年办公、水电、差旅")]
BASIC_BUDGET = "960,000.00"


def load_department_year(unit: Unit, year: int, user) -> None:
    for name, posts, in_post, retired in STAFFING:
        services.staffing_create(unit=unit, year=year, user=user,
                                 fields={"unit_name": name, "posts": posts, "in_post": in_post, "retired": retired})
    for day, kind, amount, note in SPENDING:
        services.basic_spending_create(unit=unit, year=year, user=user,
                                       fields={"date": f"{year}-{day}", "kind": kind, "amount": amount, "note": note})
    services.basic_budget_set(unit=unit, year=year, amount=BASIC_BUDGET, version=None, user=user)
    plan = Plan.objects.filter(unit=unit, year=year).first()
    if plan is not None:
        bind_unit_indicators(plan, user)


def confirm_unit_indicators(plan: Plan, user) -> None:
    """The unit-wide indicators proposed at the import, confirmed as they stand (the plan is still a draft)."""
    from .goal_services import unit_indicator_confirm

    for indicator in plan.unit_indicators.filter(proposed=True):
        unit_indicator_confirm(indicator=indicator, version=indicator.version, user=user)


def bind_unit_indicators(plan: Plan, user) -> None:
    """Each confirmed unit-wide indicator the demo knows bound to its metric."""
    for indicator in plan.unit_indicators.filter(proposed=False, name__in=METRICS):
        if indicator.metric != METRICS[indicator.name]:
            services.unit_indicator_bind(indicator=indicator, metric=METRICS[indicator.name], version=indicator.version,
                                         user=user)
