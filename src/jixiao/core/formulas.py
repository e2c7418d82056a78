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


def execution_rate(spent: Decimal, budget: Decimal) -> Decimal:
    return spent / budget * HUNDRED if budget > 0 else Decimal(0)


def execution_score(rate: Decimal, weight: Decimal) -> Decimal:
    return min(rate / HUNDRED, Decimal(1)) * weight
