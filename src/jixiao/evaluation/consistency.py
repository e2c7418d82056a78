"""绩效与预算执行一致性 (issue 15 §2): does a project's self-evaluation say more was achieved than its money
bought? Its indicators' share of their weight is set against its execution's share of its weight:

    indicator_share = Σ indicator scores ÷ Σ their weights                 (in %)
    execution_share = execution score ÷ its weight                         (in %)
    gap             = (indicator_share − execution_share) ÷ indicator_share (in %)

red when `gap` is above the rule set's `red_gap` (results running ahead of money); yellow when the budget is 0
(nothing to compare with: the check cannot be made, so it is never red) or more than `yellow_unspent` % of it
is unspent; green otherwise. The thresholds are the rule set's `[consistency]`.

>>> from decimal import Decimal as D
>>> from .scoring import ExecutionScore, IndicatorScore, ProjectScore
>>> def scored(points, execution, budget="200000", spent="150000"):
...     rows = [IndicatorScore(f"i{k}", "产出指标", D(w), "", "", D(s)) for k, (s, w) in enumerate(points)]
...     money = ExecutionScore(D(budget), D(spent), D(spent) / D(budget) * 100, D(10), D(execution))
...     return ProjectScore("c", "p", money, rows, D(0), "", "CZ-2020-10")
>>> rules = {"red_gap": 5, "yellow_unspent": 20}
>>> c = consistency(scored([(45, 50), (36, 40)], "7.5"), rules)
>>> c.colour, c.indicator_share, c.execution_share, round(c.gap, 2)
('red', Decimal('90.0'), Decimal('75.00'), Decimal('16.67'))
>>> consistency(scored([(45, 50), (36, 40)], "8.5", spent="170000"), rules).colour
'red'
>>> consistency(scored([(34, 50), (34, 40)], "7.5", spent="150000"), rules).colour
'yellow'
>>> consistency(scored([(45, 50), (36, 40)], "9.5", spent="190000"), rules).colour
'green'
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..core.numerals import plain
from ..rulesets import DEFAULT, RuleSet, load
from .monitoring import GREEN, RED, YELLOW
from .scoring import ProjectScore

HUNDRED, ZERO = Decimal(100), Decimal(0)
COLOUR_NAMES = {GREEN: "绿", YELLOW: "黄", RED: "红"}

# What the colour says, with the figures that made it (the pages, the CLI and the exports show it).
AHEAD = "指标得分率{indicators}%高于预算执行得分率{execution}%，偏差{gap}%，超过{limit}%：绩效结果超前于资金使用"
NO_BUDGET = "预算数为0，无法比较绩效结果与资金使用"
UNSPENT = "预算未支出{unspent}%，超过{limit}%"
AGREE = "指标得分率{indicators}%、预算执行得分率{execution}%，偏差{gap}%，不超过{limit}%；预算未支出{unspent}%"
NO_INDICATORS = "没有计分的指标（权重合计为0），只看预算执行：预算未支出{unspent}%"
NO_RESULTS = "指标得分为0，绩效结果没有超前于资金使用；预算未支出{unspent}%"


@dataclass(frozen=True)
class Consistency:
    colour: str  # GREEN, YELLOW or RED
    indicator_share: Decimal | None  # % of the indicators' weight scored; None when no indicator carries weight
    execution_share: Decimal | None  # % of the execution weight scored; None when it carries no weight
    gap: Decimal | None  # % by which the indicators run ahead of the money; None when it cannot be computed
    unspent: Decimal | None  # % of the budget not spent (below 0 when more was spent); None without a budget
    reason: str  # in Chinese, with the figures

    @property
    def colour_name(self) -> str:
        """红, 黄 or 绿."""
        return COLOUR_NAMES[self.colour]


def settings_of(ruleset: RuleSet) -> dict:
    """A rule set's `[consistency]`; one that names none takes the national default's."""
    return ruleset.data.get("consistency") or load(DEFAULT)["consistency"]


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def consistency(score: ProjectScore, settings: dict) -> Consistency:
    """The consistency colour of one project's self-evaluation, with the figures that made it (unrounded)."""
    red_gap, yellow = Decimal(str(settings["red_gap"])), Decimal(str(settings["yellow_unspent"]))
    weight = sum((i.weight for i in score.indicators), ZERO)
    points = sum((i.score for i in score.indicators), ZERO)
    indicators = points / weight * HUNDRED if weight > 0 else None
    money = score.execution
    execution = money.score / money.weight * HUNDRED if money.weight > 0 else None
    gap = (indicators - execution) / indicators * HUNDRED if indicators and execution is not None else None
    budget = money.budget
    unspent = (budget - money.spent) / budget * HUNDRED if budget > 0 else None
    figures = {"indicators": _pct(indicators), "execution": _pct(execution), "gap": _pct(gap),
               "unspent": _pct(unspent)}
    if budget <= 0:
        return Consistency(YELLOW, indicators, execution, gap, unspent, NO_BUDGET)
    if gap is not None and gap > red_gap:
        return Consistency(RED, indicators, execution, gap, unspent, AHEAD.format(**figures, limit=plain(red_gap)))
    if unspent is not None and unspent > yellow:
        return Consistency(YELLOW, indicators, execution, gap, unspent,
                           UNSPENT.format(unspent=figures["unspent"], limit=plain(yellow)))
    if indicators is None:
        reason = NO_INDICATORS.format(**figures)
    elif gap is None:
        reason = NO_RESULTS.format(**figures)
    else:
        reason = AGREE.format(**figures, limit=plain(red_gap))
    return Consistency(GREEN, indicators, execution, gap, unspent, reason)


def consistency_of_published(row: dict, settings: dict) -> Consistency:
    """The colour of a project as its self-evaluation was published: a snapshot's project row (its execution's
    budget, spent, weight and score, and each indicator's weight and score, as decimal strings).

    >>> row = {"execution": {"budget": "200000", "spent": "150000", "weight": "10", "score": "7.5"},
    ...        "indicators": [{"weight": "50", "score": "45"}, {"weight": "40", "score": "36"}]}
    >>> c = consistency_of_published(row, {"red_gap": 5, "yellow_unspent": 20})
    >>> c.colour, c.indicator_share, c.execution_share
    ('red', Decimal('90.0'), Decimal('75.00'))
    """
    from .scoring import ExecutionScore, IndicatorScore

    def number(text) -> Decimal:
        return ZERO if text is None else Decimal(str(text))

    x = row["execution"]
    execution = ExecutionScore(number(x["budget"]), number(x["spent"]), ZERO, number(x["weight"]), number(x["score"]))
    indicators = [IndicatorScore("", "", number(i["weight"]), "", "", number(i["score"])) for i in row["indicators"]]
    return consistency(ProjectScore("", "", execution, indicators, ZERO, "", ""), settings)


def consistency_of(results: list[ProjectScore], ruleset: RuleSet) -> dict[str, Consistency]:
    """Every project's consistency by its key (code, or name without one), by the rule set's thresholds."""
    settings = settings_of(ruleset)
    return {r.key: consistency(r, settings) for r in results}
