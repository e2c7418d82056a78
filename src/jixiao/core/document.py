"""A goal document (部门预算绩效目标): the unit-wide part and one goal table per project.

Money is Decimal in 元. `places` says where in the source file a value was read,
so that checks can name the place; it takes no part in equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from .frameworks import DEFAULT
from .spending_plan import SpendingPlan
from .targets import Target

Places = dict[str, str]


def _places() -> Places:
    return field(default_factory=dict, compare=False, repr=False)


@dataclass
class Unit:
    code: str
    name: str


@dataclass
class SubGoal:
    """分项绩效目标: its sentences, its own indicators (as a project's: 一级/二级/三级, target, basis) and
    the keys (`project_key`) of the projects whose money it covers. `Indicator` is defined below; the
    annotations are strings (`from __future__ import annotations`), which dataclasses accept."""

    name: str
    goal: str = ""
    indicators_text: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)


@dataclass
class Measure:
    """工作保障措施: a short name (its first sentence) and the text after it."""

    name: str
    text: str = ""


@dataclass
class DepartmentGoals:
    """部门整体绩效目标."""

    overall_goal: str = ""
    sub_goals: list[SubGoal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    # The unit's own 年度绩效指标: the official form's one table for the unit as a whole
    # (财预〔2015〕88号), beside the sub-goals' own.
    indicators: list["Indicator"] = field(default_factory=list)


@dataclass
class Budget:
    """预算数 = 财政资金 + 其他资金, in 元."""

    total: Decimal
    fiscal: Decimal
    other: Decimal

    def adds_up(self, tolerance: Decimal = Decimal("100")) -> bool:
        """True when the parts add up, within 0.01万元 of rounding (RULES.md §2.7)."""
        return abs(self.fiscal + self.other - self.total) <= tolerance


@dataclass
class Indicator:
    level1: str
    level2: str
    name: str
    description: str
    target: Target
    basis: str = ""
    weight: Decimal | None = None
    places: Places = _places()


@dataclass
class Project:
    """项目支出绩效目标表."""

    code: str
    name: str
    budget: Budget
    purpose: str = ""
    spending_plan: SpendingPlan = field(default_factory=SpendingPlan)
    goals: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    # Indicators of the project's whole life where the form gives them beside the year's (长期).
    long_term: list[Indicator] = field(default_factory=list)
    places: Places = _places()


# The fields a goal form can have (formats/templates.toml says which each form has): a 项目编码
# row, its 21-character shape (RULES.md §7), the money rows, the spending plan, the unit's code,
# the 指标值确定依据 column, every 一级指标 of its framework ("levels": a table without 满意度指标 was cut
# short). A document is not faulted for a field its form does not have.
FORM_FIELDS = frozenset({"code", "code21", "total", "fiscal", "other", "plan", "unit_code", "basis", "levels"})


@dataclass
class GoalDocument:
    unit: Unit
    year: int
    projects: list[Project] = field(default_factory=list)
    department: DepartmentGoals | None = None
    framework: str = DEFAULT
    # The form it was read by (formats/templates.toml): where it came from, not what it says.
    template: str = field(default="", compare=False)
    form: frozenset[str] = field(default=FORM_FIELDS, compare=False)  # the fields its form has
    places: Places = _places()


class Named(Protocol):
    code: str
    name: str


def project_key(project: Named) -> str:
    """What names a project wherever projects are matched (review findings, records, monitoring):
    its 项目编码, or its name where it has none (the forms of many provinces have no code)."""
    return project.code or project.name
