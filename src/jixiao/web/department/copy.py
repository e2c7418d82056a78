"""What next year's plan carries of the unit's 部门整体 records: the staffing records (编制数, 在职, 退休 of
the unit and its subordinate units, a starting point the unit corrects) and the basic-spending budget
(基本支出预算数). Not the basic spending: that is the year's actual, recorded as it is paid. Nothing is
carried into a year that already has its own records. And the plan's unit-wide indicators (部门整体绩效指标)
with their metric, confirmed or still proposed as they were, the plan year in their texts moved. Called inside
the copy's transaction (goals.services.plan_copy_next_year), which writes the one history entry with these
counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.targets import parse_target
from ...review.history import move_year
from .models import BasicBudget, Staffing, UnitIndicator

TEXTS = (("name", "三级指标"), ("target_raw", "指标值"), ("description", "描述"), ("basis", "确定依据"))


@dataclass
class Carried:
    staffing: int = 0
    basic_budget: bool = False
    unit_indicators: int = 0
    flagged: list[str] = field(default_factory=list)

    def phrase(self) -> str:
        """The counts as the copy's summary names them ("、2条编制记录、基本支出预算"), "" when nothing."""
        return ((f"、{self.unit_indicators}个部门整体绩效指标" if self.unit_indicators else "")
                + (f"、{self.staffing}条编制记录" if self.staffing else "") + ("、基本支出预算" if self.basic_budget else ""))


def unit_indicators_copy(*, old_plan, new_plan, carried: Carried) -> None:
    """Each unit-wide indicator of `old_plan` into `new_plan` (whose unit-wide part is the old one's, moved):
    its 分项目标, place, metric and whether it is still proposed kept; the plan year in its texts moved, any
    other mention of the old year flagged for a person to read."""
    old, new = old_plan.year, new_plan.year
    rows = []
    for i in UnitIndicator.objects.filter(plan=old_plan).order_by("goal", "position", "id"):
        texts = {}
        for key, label in TEXTS:
            texts[key], left = move_year(getattr(i, key), old, new)
            carried.flagged += [f"部门整体绩效指标“{texts['name']}”的{label}：“{m}”" for m in left]
        target = {}
        if texts["target_raw"] != i.target_raw:
            t = parse_target(texts["target_raw"], i.level2)
            target = {"op": t.op, "value": t.value, "value_hi": t.value_hi, "unit": t.unit, "inferred": t.inferred}
        rows.append(UnitIndicator(
            plan=new_plan, goal=i.goal, position=i.position, level1=i.level1, level2=i.level2, op=i.op, value=i.value,
            value_hi=i.value_hi, unit=i.unit, inferred=i.inferred, weight=i.weight, proposed=i.proposed,
            metric=i.metric, **{**texts, **target}))
    UnitIndicator.objects.bulk_create(rows)
    carried.unit_indicators = len(rows)


def department_copy(*, unit_id: int, old: int, new: int, user, old_plan=None, new_plan=None) -> Carried:
    """Carry the unit's staffing records and basic budget of year `old` to year `new`, and the unit-wide
    indicators of `old_plan` into `new_plan` when given."""
    carried = Carried()
    if old_plan is not None and new_plan is not None:
        unit_indicators_copy(old_plan=old_plan, new_plan=new_plan, carried=carried)
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
