"""Spending above the budget is never 绿 and never silently full points (issue 11 §2)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from jixiao.evaluation.monitoring import IMPLAUSIBLE, OVERSPENT, RED, monitor_document
from jixiao.evaluation.scoring import OVER_BUDGET, score_document, score_execution
from jixiao.formats.evaluation_json import monitor_json, score_json
from jixiao.rulesets import RuleSet

from .helpers import RULES, actual, document, paid, project

JULY = date(2021, 7, 31)
SETTINGS = RULES["self_evaluation"]


def monitor(spending, as_of=JULY, ruleset=RULES):
    return monitor_document(document(), list(spending), [], as_of, ruleset)


def test_spending_a_little_above_the_budget_is_red_with_the_problem_overspent():
    _, [row] = monitor([paid(240000)])  # 120 % of 20万元, far ahead of the plan's 62.60 %
    assert row.gap > 0 and row.colour == RED and row.problems == [OVERSPENT]
    assert row.reason_required and row.reason_missing


def test_a_mistyped_million_on_a_200_thousand_project_is_red_and_implausible():
    _, [row] = monitor([paid(97000), paid("1,000,000.00".replace(",", ""))])
    assert round(row.execution_rate, 2) == D("548.50")
    assert row.colour == RED and row.problems == [IMPLAUSIBLE]
    data = monitor_json(JULY, [row], RULES.code)["projects"][0]
    assert data["colour"] == "red" and data["problems"] == ["数据有误"] and data["execution_rate"] == "548.50"


def test_spending_exactly_the_budget_is_no_problem():
    _, [row] = monitor([paid(200000)])
    assert row.problems == [] and row.colour == "green"


def test_spending_on_a_project_without_budget_is_implausible():
    doc = document(project(total="0"))
    _, [row] = monitor_document(doc, [paid(10)], [], JULY, RULES)
    assert row.colour == RED and row.problems == [IMPLAUSIBLE]


def test_the_implausible_threshold_comes_from_the_rule_set():
    lenient = RuleSet(RULES.code, RULES.title, RULES.data | {"monitoring": RULES["monitoring"] |
                                                             {"implausible_execution": 1000}})
    _, [row] = monitor([paid(1097000)], ruleset=lenient)
    assert row.problems == [OVERSPENT] and row.colour == RED


def test_execution_above_100_is_flagged_and_the_excess_deducted():
    e = score_execution(project(), [paid(240000)], SETTINGS)
    assert e.rate == 120 and e.flags == [OVER_BUDGET] and e.reason_required
    assert e.score == D(8)  # 10 × (1 − 20 %)


def test_an_absurd_execution_rate_scores_nothing():
    e = score_execution(project(), [paid(1097000)], SETTINGS)
    assert round(e.rate, 2) == D("548.50") and e.score == 0 and e.flags == [OVER_BUDGET]


def test_without_deduction_the_points_are_kept_but_flagged_and_explained():
    e = score_execution(project(), [paid(240000)], dict(SETTINGS, execution_cap_100=True))
    assert e.score == 10 and e.flags == [OVER_BUDGET] and e.reason_required


def test_the_deduction_rule_is_a_rule_set_value():
    assert RULES["self_evaluation"]["execution_cap_100"] is False  # the score does not stop at 100 %: excess deducted
    assert RULES["monitoring"]["implausible_execution"] == 150


def test_the_self_evaluation_json_carries_the_flag():
    results = score_document(document(), [paid(1097000)], [actual("帮扶人数", "400人")], RULES)
    execution = score_json(results, RULES.code)["projects"][0]["execution"]
    assert execution["flags"] == [OVER_BUDGET] and execution["score"] == "0" and execution["reason_required"]


def test_within_the_budget_nothing_is_flagged():
    e = score_execution(project(), [replace(paid(150000), note="春节")], SETTINGS)
    assert e.flags == [] and e.score == D("7.5")


def test_the_sql_form_of_the_deduction_gives_the_python_numbers():
    import duckdb

    from jixiao.core.formulas import EXECUTION_RATE_SQL, execution_rate, execution_score, execution_score_sql

    rate_sql = EXECUTION_RATE_SQL.format(spent="spent", budget="budget")
    for spent in ("0", "150000", "200000", "240000", "399999.99", "1097000"):
        sql = execution_score_sql(f"({rate_sql})", 10, over_budget_deducts=True)
        [score] = duckdb.execute(f"SELECT {sql} FROM (SELECT ?::DECIMAL(18,2) AS spent, 200000::DECIMAL(18,2) "
                                 "AS budget)", [D(spent)]).fetchone()
        expected = execution_score(execution_rate(D(spent), D(200000)), D(10), over_budget_deducts=True)
        assert abs(D(str(score)) - expected) < D("0.0001"), spent


def test_the_official_tables_show_the_problem_and_the_flag():
    from jixiao.formats.evaluation_tables import monitoring_rows, self_evaluation_rows

    doc = document()
    _, [row] = monitor([paid(240000)])
    cells = [c.text for line in monitoring_rows(doc, row, JULY) for c in line]
    assert "红（超支）" in cells
    [result] = score_document(doc, [paid(240000)], [], RULES)
    cells = [c.text for line in self_evaluation_rows(doc, doc.projects[0], result) for c in line]
    assert OVER_BUDGET in cells and "120.00%" in cells
