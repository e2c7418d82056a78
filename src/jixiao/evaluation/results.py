"""结果应用: last year's results as the new year's plan shows them to the unit and the finance reviewer,
each grade with the consequence the rule set gives it ([results] of rulesets/*.toml, with its source;
none where the rule set names none).

>>> from jixiao.rulesets import load
>>> consequence(load(), PLAN_GRADE, "差")
'不得进入下一步预算安排流程'
>>> consequence(load(), SELF_EVALUATION_GRADE, "差")  # jixiao's default; a province's rule set replaces it
'下年度预算取消或暂停安排，整改到位前不再安排'
>>> consequence(load(), SELF_EVALUATION_GRADE, "甲")  # a grade the rule set does not name
''
>>> r = year_result(2021, "良", [("P1", "帮扶", Decimal("88.5"), "良")], load())
>>> r.plan_consequence, r.projects[0].grade, r.projects[0].consequence
('与财政部门协商完善绩效目标后进入下一步预算安排流程', '良', '下年度预算原则上维持')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

PLAN_GRADE, SELF_EVALUATION_GRADE = "plan_grade", "self_evaluation_grade"


def consequence(ruleset, kind: str, grade: str) -> str:
    """What `grade` means (kind: PLAN_GRADE, the review's grade of a plan; SELF_EVALUATION_GRADE, a project's
    self-evaluation grade), or "" when the rule set says nothing."""
    return str(ruleset.data.get("results", {}).get(kind, {}).get(grade, "")) if grade else ""


@dataclass(frozen=True)
class ProjectResult:
    code: str
    name: str
    score: Decimal
    grade: str
    consequence: str


@dataclass(frozen=True)
class YearResult:
    """A unit's year as the next year reads it: the plan's review grade and each project's self-evaluation."""

    year: int
    plan_grade: str
    plan_consequence: str
    projects: list[ProjectResult]


def year_result(year: int, plan_grade: str, projects: Iterable[tuple[str, str, Decimal, str]], ruleset) -> YearResult:
    """`projects`: (code, name, self-evaluation score, grade) of each project of the year."""
    return YearResult(year, plan_grade, consequence(ruleset, PLAN_GRADE, plan_grade),
                      [ProjectResult(code, name, score, grade, consequence(ruleset, SELF_EVALUATION_GRADE, grade))
                       for code, name, score, grade in projects])
