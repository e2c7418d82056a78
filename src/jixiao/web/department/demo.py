"""The demo's 部门整体 year: the union's staffing as the seed states it (县总工会机关 6 in post and 19
retired, its subordinate 工人文化宫 10 and 4; 编制数 is not in the seed, so the demo takes the staff in
post), a few basic-spending records (made-up amounts) and a basic-spending budget."""

from __future__ import annotations

from ..goals.models import Unit
from . import services

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
