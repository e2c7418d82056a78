"""部门整体支出绩效自评 as data (issue 14 §3): the base data (staffing, 基本支出, 项目支出, 三公经费 and
政府采购 where recorded), the unit-wide indicators scored as a project's are (`scoring.score_indicator`),
the projects' self-evaluation results summarised, the total by the rule set's weights and grade, and the
自评报告's sections with their figures filled in and the unit's own prose (or a blank line for it).

The caller computes each unit-wide indicator's actual (unit_metrics, typed values …) and hands plain
items; nothing here reads a database. Money is Decimal in 元.

>>> from .department import Staffing
>>> base = BaseData([Staffing("机关", 6, 6, 19), Staffing("工人文化宫", 10, 10, 4)], Decimal("500000"),
...                 Decimal("80000"), Decimal("600000"), Decimal("371500"), Decimal("330000"))
>>> base.in_post, base.basic_spent, base.three_public_text
(16, Decimal('580000'), '未记录')
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..core.document import Indicator
from ..core.formulas import execution_rate, execution_score
from ..core.money import format_wan
from ..rulesets import RuleSet
from .department import Staffing
from .quantities import computed
from .records import COMPUTED, ActualRecord, Provenance
from .scoring import IndicatorScore, ProjectScore, grade, score_indicator

ZERO, HUNDRED = Decimal(0), Decimal(100)
NOT_RECORDED = "未记录"
# The parts of the total, as the rule set's [department.weights] names them.
INDICATORS, EXECUTION, PROJECTS = "部门整体绩效指标", "部门预算执行", "项目支出绩效"
PARTS = (INDICATORS, EXECUTION, PROJECTS)
BASICS, ACHIEVED, PROBLEMS, MEASURES = "基本情况", "绩效目标完成情况", "存在问题", "改进措施"
NO_PROJECTS = "本年度无项目支出绩效自评结果"


@dataclass(frozen=True)
class UnitIndicatorItem:
    """One unit-wide indicator with its actual, as the caller found it: a number in the target's unit,
    None when there is none; `records` counts the records it was computed from (0: typed or none)."""

    sub_goal: str
    indicator: Indicator
    actual: Decimal | None
    records: int = 0


@dataclass(frozen=True)
class BaseData:
    """The year's base data of the unit (基础数据), in 元. 三公经费 and 政府采购 are None when not recorded."""

    staffing: list[Staffing]
    personnel: Decimal  # 基本支出·人员经费, spent
    running: Decimal  # 基本支出·公用经费, spent
    basic_budget: Decimal | None  # None: no basic-spending budget recorded
    project_budget: Decimal
    project_spent: Decimal
    three_public: Decimal | None = None  # 三公经费 (因公出国（境）、公务用车购置及运行、公务接待)
    procurement: Decimal | None = None  # 政府采购

    @property
    def posts(self) -> int:
        return sum(s.posts for s in self.staffing)

    @property
    def in_post(self) -> int:
        return sum(s.in_post for s in self.staffing)

    @property
    def retired(self) -> int:
        return sum(s.retired for s in self.staffing)

    @property
    def basic_spent(self) -> Decimal:
        return self.personnel + self.running

    @property
    def budget(self) -> Decimal:
        return (self.basic_budget or ZERO) + self.project_budget

    @property
    def spent(self) -> Decimal:
        return self.basic_spent + self.project_spent

    @property
    def rate(self) -> Decimal | None:
        """The whole unit's execution in %, None without a budget."""
        return execution_rate(self.spent, self.budget) if self.budget > 0 else None

    @property
    def three_public_text(self) -> str:
        return NOT_RECORDED if self.three_public is None else f"{format_wan(self.three_public)}万元"

    @property
    def procurement_text(self) -> str:
        return NOT_RECORDED if self.procurement is None else f"{format_wan(self.procurement)}万元"


@dataclass(frozen=True)
class ScoredItem:
    sub_goal: str
    indicator: Indicator
    score: IndicatorScore
    records: int


@dataclass(frozen=True)
class Part:
    """One part of the total: its name, weight from the rule set, score and how it was reached."""

    name: str
    weight: Decimal
    score: Decimal
    basis: str


@dataclass(frozen=True)
class Section:
    """A section of the 自评报告: its title, the figures jixiao fills in, and the unit's own prose (empty:
    a blank line for the unit to write)."""

    title: str
    figures: list[str]
    prose: str = ""


@dataclass
class DepartmentEvaluation:
    unit: str
    year: int
    base: BaseData
    items: list[ScoredItem]
    projects: list[ProjectScore]
    parts: list[Part]
    total: Decimal
    grade: str
    ruleset: str
    sections: list[Section] = field(default_factory=list)


def _share(weights: list[Decimal | None], total: Decimal) -> list[Decimal]:
    """The indicators' weights: their own scaled to the part's weight when every one has one, else the
    part's weight in equal shares."""
    if not weights:
        return []
    if all(w is not None for w in weights) and sum(w for w in weights if w is not None) > 0:
        given = sum(w for w in weights if w is not None)
        return [total * w / given for w in weights if w is not None]
    return [total / len(weights)] * len(weights)


def score_items(items: list[UnitIndicatorItem], weight: Decimal, settings: dict) -> list[ScoredItem]:
    """Each unit-wide indicator scored by `score_indicator` with its share of the part's weight."""
    weights = _share([i.indicator.weight for i in items], weight)
    out = []
    for item, w in zip(items, weights):
        ind = item.indicator
        record = None
        if item.actual is not None:
            record = ActualRecord("", ind.name, computed(item.actual, ind.target.unit))
            if item.records:  # computed from records (the caller keeps which); else as typed
                record = replace(record, source=Provenance(COMPUTED))
        out.append(ScoredItem(item.sub_goal, ind, score_indicator(ind, record, w, settings), item.records))
    return out


def evaluate_department(unit: str, year: int, base: BaseData, items: list[UnitIndicatorItem],
                        projects: list[ProjectScore], ruleset: RuleSet,
                        prose: dict[str, str] | None = None) -> DepartmentEvaluation:
    """The unit-wide self-evaluation: every part weighted as the rule set's [department] says, and the
    report's sections with their figures and the unit's prose (by section title)."""
    rules = ruleset["department"]
    given_weights = {name: Decimal(str(w)) for name, w in rules["weights"].items()}
    weights = {name: given_weights.get(name, ZERO) for name in PARTS}  # a part the rule set leaves out weighs 0
    settings = ruleset["self_evaluation"]
    scored = score_items(items, weights[INDICATORS], settings)
    indicator_score = sum((s.score.score for s in scored), ZERO)
    rate = base.rate
    exec_score = (execution_score(rate, weights[EXECUTION], over_budget_deducts=not settings["execution_cap_100"])
                  if rate is not None else ZERO)
    mean = sum((p.total for p in projects), ZERO) / len(projects) if projects else None
    project_score = weights[PROJECTS] * mean / HUNDRED if mean is not None else ZERO
    parts = [
        Part(INDICATORS, weights[INDICATORS], indicator_score,
             f"{len(scored)}项部门整体绩效指标，按实际完成值与年度指标值评分"),
        Part(EXECUTION, weights[EXECUTION], exec_score,
             f"执行率{_pct(rate)}×分值" if rate is not None else "无预算数，未计分"),
        Part(PROJECTS, weights[PROJECTS], project_score,
             f"{len(projects)}个项目自评平均{mean:.2f}分×分值÷100" if mean is not None else NO_PROJECTS),
    ]
    total = sum((p.score for p in parts), ZERO)
    result = DepartmentEvaluation(unit, year, base, scored, projects, parts, total, grade(total, ruleset["grades"]),
                                  ruleset.code)
    given = prose or {}
    figures = {BASICS: basics(result), ACHIEVED: achieved(result), PROBLEMS: problems(result), MEASURES: []}
    result.sections = [Section(title, figures.get(title, []), given.get(title, "").strip())
                       for title in rules["report_sections"]]
    return result


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}%"


def _wan(value: Decimal | None) -> str:
    return NOT_RECORDED if value is None else f"{format_wan(value)}万元"


def basics(r: DepartmentEvaluation) -> list[str]:
    b = r.base
    units = "；".join(f"{s.unit_name}编制{s.posts}人、在职{s.in_post}人、退休{s.retired}人" for s in b.staffing)
    return [
        f"{r.unit}编制数{b.posts}人，在职{b.in_post}人，退休{b.retired}人" + (f"（{units}）。" if units else "。"),
        f"{r.year}年预算{_wan(b.budget)}，其中基本支出{_wan(b.basic_budget)}、项目支出{_wan(b.project_budget)}；"
        f"全年支出{_wan(b.spent)}，其中基本支出{_wan(b.basic_spent)}（人员经费{_wan(b.personnel)}、"
        f"公用经费{_wan(b.running)}）、项目支出{_wan(b.project_spent)}，预算执行率{_pct(b.rate)}。",
        f"“三公”经费{b.three_public_text}；政府采购{b.procurement_text}。",
    ]


def achieved(r: DepartmentEvaluation) -> list[str]:
    met = [s for s in r.items if s.score.score >= s.score.weight and s.score.weight > 0]
    lines = [f"部门整体绩效指标{len(r.items)}项，{len(met)}项达到年度指标值。"]
    for s in r.items:
        lines.append(f"{s.sub_goal}·{s.indicator.name}：年度指标值{s.indicator.target.raw}，"
                     f"实际完成值{s.score.actual or '无'}" + (f"（由{s.records}条记录计算）" if s.records else "") + "。")
    if r.projects:
        grades = "、".join(f"{g}{n}个" for g in ("优", "良", "中", "差")
                           if (n := sum(p.grade == g for p in r.projects)))
        lines.append(f"{len(r.projects)}个项目完成绩效自评，{grades}。")
    else:
        lines.append(NO_PROJECTS + "。")
    lines.append(f"部门整体支出绩效自评总分{r.total:.2f}分，等级为“{r.grade}”。")
    return lines


def problems(r: DepartmentEvaluation) -> list[str]:
    """What the figures show wrong: indicators below their target or without an actual, projects whose
    execution needs a reason."""
    lines = [f"{s.indicator.name}未达到年度指标值（{s.indicator.target.raw}，实际{s.score.actual or '无完成值'}）。"
             for s in r.items if s.score.score < s.score.weight]
    lines += [f"项目“{p.name}”预算执行率{p.execution.rate:.2f}%，需说明偏差原因。"
              for p in r.projects if p.execution.reason_required]
    return lines
