"""A plan's money holds together: 预算数 = 财政资金 + 其他资金 and a cumulative spending plan
that never goes down. The core says so for saving (core.checks.money_problems), the review
as error-level rules that name their source (they block submission); the seed and the
corpus samples are not made errors by them."""

import copy
from decimal import Decimal as D

import pytest

from jixiao.core.checks import budget_problem, check_document, money_problems
from jixiao.core.document import Budget
from jixiao.core.spending_plan import SpendingPlan
from jixiao.formats.reader import read_path
from jixiao.review import RULES, review_document
from jixiao.review.registry import ERROR

from ..conftest import CORPUS
from .test_rules import clean_document

DOCUMENTS = [CORPUS / "seed" / "changli-union-2021.txt", CORPUS / "samples" / "liuxi-fulian-2022.txt",
             CORPUS / "samples" / "sangtai-kexie-2023.xlsx", CORPUS / "samples" / "yunling-canlian-2022.docx"]


def test_a_spending_plan_going_down_names_the_month_and_both_values():
    plan = SpendingPlan({3: D("60"), 6: D("50"), 10: D("80"), 12: D("100")})
    assert plan.drops() == [(6, D("50"), D("60"))]
    assert money_problems(Budget(D("200000"), D("200000"), D("0")), plan) == [("6", "6月底计划50%低于之前的60%")]


def test_a_blank_checkpoint_is_skipped_not_a_drop():
    plan = SpendingPlan({3: D("30"), 6: None, 10: D("30"), 12: D("100")})
    assert plan.drops() == [] and money_problems(Budget(D("1"), D("1"), D("0")), plan) == []


def test_budget_parts_that_do_not_add_up_name_all_three_amounts():
    budget = Budget(D("200000"), D("150000"), D("30000"))
    assert budget_problem(budget) == "财政资金15.00万元 + 其他资金3.00万元 ≠ 预算数20.00万元"
    assert money_problems(budget, SpendingPlan({12: D("100")})) == [("budget", budget_problem(budget))]


def test_a_rounding_of_one_hundred_yuan_is_not_a_problem():
    assert budget_problem(Budget(D("200000"), D("150050"), D("49950"))) == ""
    assert budget_problem(Budget(D("200000"), D("150000"), D("49900"))) == ""
    assert budget_problem(Budget(D("200000"), D("150000"), D("49899"))) != ""


@pytest.mark.parametrize("code, mutate, message", [
    ("budget-parts", lambda p: setattr(p, "budget", Budget(D("200000"), D("150000"), D("30000"))),
     "财政资金15.00万元 + 其他资金3.00万元 ≠ 预算数20.00万元"),
    ("spending-plan", lambda p: setattr(p, "spending_plan", SpendingPlan({3: D(60), 6: D(50), 10: D(80), 12: D(100)})),
     "6月底计划50%低于之前的60%"),
])
def test_the_review_finds_them_as_errors(code, mutate, message):
    doc = copy.deepcopy(clean_document())
    mutate(doc.projects[0])
    found = [f for f in review_document(doc).findings if f.severity == ERROR]
    assert [(f.code, f.message) for f in found] == [(code, message)]


def test_every_error_rule_names_its_source():
    errors = {code: r for code, r in RULES.items() if r.severity == ERROR}
    assert {"budget-parts", "spending-plan"} <= set(errors)
    assert all(r.source.startswith("RULES.md §") for r in errors.values())
    assert "预算数 = 财政资金 + 其他资金" in RULES["budget-parts"].source
    assert "逐期不减" in RULES["spending-plan"].source


def test_an_error_rule_without_a_source_cannot_be_registered():
    from jixiao.review.registry import COMPLETENESS, rule

    with pytest.raises(AssertionError, match="names its source"):
        rule("no-source-here", COMPLETENESS, ERROR, "hint")(lambda project, ctx: [])
    assert "no-source-here" not in RULES


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_the_seed_and_the_samples_have_no_money_errors(path):
    doc, problems = read_path(path)
    assert not [p for p in problems + check_document(doc) if p.severity == ERROR]
    assert not [f for f in review_document(doc).findings if f.severity == ERROR]
    for project in doc.projects:
        assert money_problems(project.budget, project.spending_plan) == []
