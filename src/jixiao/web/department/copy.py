"""What next year's plan carries of the unit's 部门整体 records: the staffing records (编制数, 在职, 退休 of
the unit and its subordinate units, a starting point the unit corrects) and the basic-spending budget
(基本支出预算数). Not the basic spending: that is the year's actual, recorded as it is paid. Nothing is
carried into a year that already has its own records. Called inside the copy's transaction
(goals.services.plan_copy_next_year), which writes the one history entry with these counts."""

from __future__ import annotations

from dataclasses import dataclass

from .models import BasicBudget, Staffing


@dataclass
class Carried:
    staffing: int = 0
    basic_budget: bool = False

    def phrase(self) -> str:
        """The counts as the copy's summary names them ("、2条编制记录、基本支出预算"), "" when nothing."""
        return (f"、{self.staffing}条编制记录" if self.staffing else "") + ("、基本支出预算" if self.basic_budget else "")


def department_copy(*, unit_id: int, old: int, new: int, user) -> Carried:
    """Carry the unit's staffing records and basic budget of year `old` to year `new`."""
    carried = Carried()
    if not Staffing.objects.filter(unit_id=unit_id, year=new).exists():
        rows = [Staffing(unit_id=unit_id, year=new, unit_name=s.unit_name, posts=s.posts, in_post=s.in_post,
                         retired=s.retired, created_by=user)
                for s in Staffing.objects.filter(unit_id=unit_id, year=old)]
        Staffing.objects.bulk_create(rows)
        carried.staffing = len(rows)
    budget = BasicBudget.objects.filter(unit_id=unit_id, year=old).first()
    if budget is not None and not BasicBudget.objects.filter(unit_id=unit_id, year=new).exists():
        BasicBudget.objects.create(unit_id=unit_id, year=new, amount=budget.amount)
        carried.basic_budget = True
    return carried
