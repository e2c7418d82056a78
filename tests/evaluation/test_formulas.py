"""The execution formulas are defined once (core/formulas.py); their SQL form, which the columnar
path runs in DuckDB, gives the Python form's numbers."""

from decimal import Decimal

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.formulas import EXECUTION_RATE_SQL, EXECUTION_SCORE_SQL, execution_rate, execution_score

MONEY = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(spent=MONEY, budget=MONEY, weight=st.integers(0, 30))
def test_the_sql_form_gives_the_python_numbers(spent, budget, weight):
    rate_sql = EXECUTION_RATE_SQL.format(spent="spent", budget="budget")
    score_sql = EXECUTION_SCORE_SQL.format(rate=f"({rate_sql})", weight=weight)
    rate, score = duckdb.execute(f"SELECT {rate_sql}, {score_sql} FROM (SELECT ?::DECIMAL(18,2) AS spent, "
                                 "?::DECIMAL(18,2) AS budget)", [spent, budget]).fetchone()
    expected_rate = execution_rate(spent, budget)
    assert abs(Decimal(str(rate)) - expected_rate) < Decimal("0.0001")
    assert abs(Decimal(str(score)) - execution_score(expected_rate, Decimal(weight))) < Decimal("0.0001")


def test_a_project_without_budget_has_executed_nothing():
    assert execution_rate(Decimal(500), Decimal(0)) == 0
