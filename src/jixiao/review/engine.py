"""Run every registered rule over a document and propose a grade."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..core.document import GoalDocument, Project, project_key
from ..core.frameworks import canonical_levels
from ..rulesets import RuleSet, load
from . import appropriateness, completeness, feasibility, history, relevance, unit_goals  # noqa: F401  (they register the rules)
from .registry import ERROR, RULES, UNIT_RULES, WARNING, Context, Finding

GRADES = ("优", "良", "中", "差")


@dataclass
class Review:
    ruleset: str
    findings: list[Finding] = field(default_factory=list)
    grades: dict[str, str] = field(default_factory=dict)  # project code (or name) → proposed grade

    @property
    def grade(self) -> str:
        """The document's grade: its weakest project's."""
        return max(self.grades.values(), key=GRADES.index, default="差")

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)


def review_document(doc: GoalDocument, ruleset: RuleSet | None = None,
                    previous: history.Previous | None = None) -> Review:
    """`previous`: last year's plan of the unit (历史标准), read beside this one when given."""
    ruleset = ruleset or load()
    context = Context(doc, ruleset["review"], previous)
    review = Review(ruleset.code)
    for project in doc.projects:
        named = in_frameworks_names(project)  # once, not once a rule: a thousand rows cost seconds otherwise
        found = [f for r in RULES.values() for f in r.run(named, context)]
        review.findings += found
        review.grades[project_key(project)] = propose_grade(found, ruleset["review"]["grades"])
    if doc.department is not None:  # the unit-wide part, judged as a whole (its findings name 部门整体)
        review.findings += [f for r in UNIT_RULES.values() for f in r.run(doc, context)]
    return review


def in_frameworks_names(project: Project) -> Project:
    """The project with its levels as the frameworks name them (项目完成指标 → 产出指标), so that a
    form is judged by what its levels mean, not by its province's words for them."""
    return replace(project, indicators=[replace(i, level1=c1, level2=c2) for i in project.indicators
                                        for c1, c2 in [canonical_levels(i.level1, i.level2)]])


def propose_grade(findings: list[Finding], bands: dict) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    for grade in GRADES[:-1]:
        if errors <= bands[grade]["error"] and warnings <= bands[grade]["warning"]:
            return grade
    return "差"
