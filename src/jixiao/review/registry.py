"""The rules of the goal review, each with a stable code, a dimension of 财预〔2015〕88号
(完整性, 相关性, 适当性, 可行性, plus 规范性 for form), a severity, a hint, and a check.

A check takes a project and the review context and yields (indicator, field, message)
for each problem it finds; the registry turns them into findings.

Every rule of error severity names its source, as reference data does (RULES.md and the
document it cites): an error blocks a plan's submission, so the reason must be traceable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.document import GoalDocument, Indicator, Project, project_key

if TYPE_CHECKING:
    from .history import Previous

COMPLETENESS, RELEVANCE, APPROPRIATENESS, FEASIBILITY, CONFORMITY = "完整性", "相关性", "适当性", "可行性", "规范性"
DIMENSIONS = (COMPLETENESS, RELEVANCE, APPROPRIATENESS, FEASIBILITY, CONFORMITY)
ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Finding:
    code: str
    dimension: str
    severity: str
    project: str  # the project's code, or its name where its form has no 项目编码
    indicator: str  # the 三级指标 name, or "" for the project as a whole
    field: str
    message: str
    hint: str


@dataclass(frozen=True)
class Context:
    doc: GoalDocument
    settings: dict  # the rule set's [review] section
    previous: Previous | None = None  # last year's plan of the unit (历史标准), when there is one


Problem = tuple[Indicator | None, str, str]  # (indicator, field, message)


Check = Callable[[Project, Context], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    dimension: str
    severity: str
    hint: str
    check: Check
    source: str = ""  # where the rule comes from (RULES.md section and the document it cites)

    def run(self, project: Project, context: Context) -> list[Finding]:
        return [
            Finding(self.code, self.dimension, self.severity, project_key(project), ind.name if ind else "", field,
                    message, self.hint)
            for ind, field, message in self.check(project, context)
        ]


RULES: dict[str, Rule] = {}


def rule(code: str, dimension: str, severity: str, hint: str, source: str = ""):
    """Register a check under a stable code; an error names its source."""

    def register(check: Check) -> Check:
        assert code not in RULES, code
        assert dimension in DIMENSIONS and severity in SEVERITIES
        assert source or severity != ERROR, f"{code}: an error rule names its source"
        RULES[code] = Rule(code, dimension, severity, hint, check, source)
        return check

    return register


# The unit-wide part (部门整体绩效目标) is judged as a whole, not project by project: a unit rule takes the
# document and yields (sub-goal name, indicator, field, message); its findings name UNIT_WIDE as their
# project, and the indicator's name, or else the sub-goal's name, as their indicator.
UNIT_WIDE = "部门整体"

UnitProblem = tuple[str, Indicator | None, str, str]  # (sub-goal name or "", indicator, field, message)
UnitCheck = Callable[[GoalDocument, Context], Iterable[UnitProblem]]


@dataclass(frozen=True)
class UnitRule:
    code: str
    dimension: str
    severity: str
    hint: str
    check: UnitCheck
    source: str = ""

    def run(self, doc: GoalDocument, context: Context) -> list[Finding]:
        return [
            Finding(self.code, self.dimension, self.severity, UNIT_WIDE, ind.name if ind else sub_goal, field,
                    message, self.hint)
            for sub_goal, ind, field, message in self.check(doc, context)
        ]


UNIT_RULES: dict[str, UnitRule] = {}


def unit_rule(code: str, dimension: str, severity: str, hint: str, source: str = ""):
    """Register a check of the unit-wide part under a stable code (distinct from every project rule's)."""

    def register(check: UnitCheck) -> UnitCheck:
        assert code not in RULES and code not in UNIT_RULES, code
        assert dimension in DIMENSIONS and severity in SEVERITIES
        assert source or severity != ERROR, f"{code}: an error rule names its source"
        UNIT_RULES[code] = UnitRule(code, dimension, severity, hint, check, source)
        return check

    return register
