"""The formulas of budget execution, defined once: monitoring, scoring, the metrics, the charts
and the columnar (DuckDB) path all use these, the last through their SQL form, which
tests/evaluation/test_formulas.py checks against the Python one.

>>> execution_rate(Decimal("150000"), Decimal("200000"))
Decimal('75.00')
>>> execution_rate(Decimal("5"), Decimal("0"))
Decimal('0')
>>> execution_score(Decimal("120"), Decimal("10"))
Decimal('10')
>>> execution_score(Decimal("75"), Decimal("10"))
Decimal('7.50')
>>> execution_score(Decimal("120"), Decimal("10"), over_budget_deducts=True)
Decimal('8.0')
>>> execution_score(Decimal("548.5"), Decimal("10"), over_budget_deducts=True)
Decimal('0')
>>> EXECUTION_RATE_SQL.format(spent="m.spent", budget="p.budget")
'CASE WHEN p.budget > 0 THEN coalesce(m.spent, 0) / p.budget * 100 ELSE 0 END'
"""

from __future__ import annotations

from decimal import Decimal

HUNDRED = Decimal(100)

# 预算执行率: money spent ÷ the full-year budget, in %; a project with no budget has executed nothing.
EXECUTION_RATE_SQL = "CASE WHEN {budget} > 0 THEN coalesce({spent}, 0) / {budget} * 100 ELSE 0 END"
# Its points in the self-evaluation: the rate's share of the weight, never more than the weight (财预〔2020〕10号).
EXECUTION_SCORE_SQL = "least({rate} / 100, 1) * {weight}"
# The same when the rule set deducts spending above the budget as it does a shortfall (120 % scores as 80 %).
OVER_BUDGET_SCORE_SQL = "greatest(least({rate} / 100, 2 - {rate} / 100), 0) * {weight}"


def execution_rate(spent: Decimal, budget: Decimal) -> Decimal:
    return spent / budget * HUNDRED if budget > 0 else Decimal(0)


def execution_score(rate: Decimal, weight: Decimal, over_budget_deducts: bool = False) -> Decimal:
    if over_budget_deducts and rate > HUNDRED:
        return max(Decimal(0), 2 - rate / HUNDRED) * weight
    return min(rate / HUNDRED, Decimal(1)) * weight


def execution_score_sql(rate: str, weight, over_budget_deducts: bool = False) -> str:
    """The SQL form of `execution_score`."""
    return (OVER_BUDGET_SCORE_SQL if over_budget_deducts else EXECUTION_SCORE_SQL).format(rate=rate, weight=weight)
