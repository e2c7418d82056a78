"""Every review rule: one case that triggers it, and a clean table that does not."""

import copy
from decimal import Decimal as D

import pytest

from jixiao.core.document import Budget, GoalDocument, Indicator, Project, Unit
from jixiao.core.spending_plan import SpendingPlan
from jixiao.core.targets import parse_target
from jixiao.formats.reader import read_path
from jixiao.review import RULES, review_document
from jixiao.review.engine import propose_grade
from jixiao.review.history import LastYear, Previous
from jixiao.review.registry import Finding

from ..conftest import CORPUS


def ind(level1, level2, name, target, basis="《县困难职工救助管理办法》（2018）3号", description=""):
    return Indicator(level1, level2, name, description, parse_target(target, level2), basis)


def clean_document() -> GoalDocument:
    project = Project(
        code="13032221GVUVTX63BWWCQ", name="职工困难帮扶资金",
        budget=Budget(D("200000"), D("200000"), D("0")),
        purpose="用于困难职工生活救助。",
        spending_plan=SpendingPlan({3: D(25), 6: D(50), 10: D(75), 12: D(100)}),
        goals=["帮助困难职工解决实际困难"],
        indicators=[
            ind("产出指标", "数量指标", "困难帮扶人数", "≥400人"),
            ind("产出指标", "质量指标", "救助对象认定准确率", "≥98%", "历史标准"),
            ind("产出指标", "时效指标", "救助金发放完成时间", "2021年10月底前", "年度工作计划"),
            ind("产出指标", "成本指标", "每人救助标准", "≤500元"),
            ind("效益指标", "社会效益指标", "生活改善的困难职工人数", "≥380人", "入户调查"),
            ind("满意度指标", "服务对象满意度指标", "受助职工满意度", "≥95%", "问卷调查"),
        ],
    )
    return GoalDocument(Unit("711001", "昌黎县总工会本级"), 2021, [project])


def codes(doc) -> set[str]:
    return {f.code for f in review_document(doc).findings}


def change(**what):
    def mutate(doc):
        project = doc.projects[0]
        for key, value in what.items():
            setattr(project, key, value)
    return mutate


def indicator(k, **what):
    def mutate(doc):
        old = doc.projects[0].indicators[k]
        target = what.pop("target", None)
        for key, value in what.items():
            setattr(old, key, value)
        if target is not None:
            old.target = parse_target(target, old.level2)
    return mutate


def drop(*levels):
    def mutate(doc):
        p = doc.projects[0]
        p.indicators = [i for i in p.indicators if i.level1 not in levels]
    return mutate


TRIGGERS = {
    "level1-missing": drop("效益指标"),
    "satisfaction-missing": drop("满意度指标"),
    "level2-misplaced": indicator(0, level2="经济效益指标"),
    "too-few-indicators": lambda doc: setattr(doc.projects[0], "indicators", doc.projects[0].indicators[:4]),
    "goals-missing": change(goals=[]),
    "basis-missing": indicator(0, basis=""),
    "basis-untraceable": indicator(0, basis="领导要求"),
    "not-quantified": indicator(0, target="较多"),
    "operator-inferred": indicator(0, target="400人"),
    "vague-target": indicator(4, target="有所提高"),
    "duplicate-indicator": indicator(1, name="困难帮扶人数", target="≥400人"),
    "unit-mismatch": indicator(0, target="≥400元"),
    "mostly-qualitative": lambda doc: [indicator(k, target="较好")(doc) for k in (0, 1, 3, 4)],
    "bad-project-code": change(code="1303222GVUVTX63BWWCQ"),
    "trivial-full-rate": indicator(1, target="=100%"),
    "negative-count": indicator(0, target="≥-5人"),
    "process-indicator": indicator(1, name="资金发放合规率"),
    "cost-with-floor": indicator(3, target="≥500元"),
    "budget-mismatch": change(budget=Budget(D("300000"), D("300000"), D("0"))),
    "target-magnitude": indicator(0, target="≥" + "9" * 30 + "人"),
    "budget-parts": change(budget=Budget(D("200000"), D("180000"), D("0"))),
    "spending-plan": change(spending_plan=SpendingPlan({3: D(50), 6: D(40), 12: D(100)})),
    "timeliness-without-time": indicator(2, target="按规定发放"),
    "date-outside-year": indicator(2, target="2020年10月底前"),
    # 历史标准 (review/history.py): read beside last year's plan, PREVIOUS below.
    "history-old-year": indicator(4, name="2020年生活改善的困难职工人数"),
    "history-below-last-actual": lambda doc: None,
    "history-target-unchanged": lambda doc: None,
}
PREVIOUS = {code: Previous(2020, {("13032221GVUVTX63BWWCQ", "困难帮扶人数"): LastYear("≥400人", "≥", D(400), "人", D(480),
                                                                                     "人", "480人")})
            for code in TRIGGERS if code.startswith("history-")}


def test_every_rule_has_a_trigger_case():
    assert set(TRIGGERS) == set(RULES)


def test_a_clean_table_triggers_no_rule():
    assert codes(clean_document()) == set()


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_rule_triggers(code):
    doc = copy.deepcopy(clean_document())
    TRIGGERS[code](doc)
    findings = [f for f in review_document(doc, previous=PREVIOUS.get(code)).findings if f.code == code]
    assert findings, f"{code} did not trigger"
    rule = RULES[code]
    f = findings[0]
    assert (f.dimension, f.severity, f.hint, f.project) == (rule.dimension, rule.severity, rule.hint, doc.projects[0].code)
    assert f.message and f.field


def test_a_count_below_zero_is_a_warning_naming_the_target_but_a_falling_rate_is_not():
    doc = clean_document()
    indicator(0, target="≥-5人")(doc)
    indicator(1, target="≥-5%")(doc)
    found = [f for f in review_document(doc).findings if f.code == "negative-count"]
    assert [(f.indicator, f.severity, f.message) for f in found] == [
        ("困难帮扶人数", "warning", "“困难帮扶人数”的指标值“≥-5人”是小于0的人数")]
    assert RULES["negative-count"].source.startswith("RULES.md §2.4")


def test_inferred_operator_is_shown():
    doc = clean_document()
    indicator(3, target="500元")(doc)
    f = next(f for f in review_document(doc).findings if f.code == "operator-inferred")
    assert "推定为“≤”" in f.message and f.indicator == "每人救助标准"


def test_budget_mismatch_names_the_numbers():
    doc = clean_document()
    change(budget=Budget(D("300000"), D("300000"), D("0")))(doc)
    f = next(f for f in review_document(doc).findings if f.code == "budget-mismatch")
    assert f.message == "≥400人（困难帮扶人数）× ≤500元（每人救助标准）= 20.00万元，与预算数30.00万元相差33.3%"


def finding(severity):
    return Finding("x", "完整性", severity, "p", "", "", "", "")


@pytest.mark.parametrize("errors, warnings, grade", [(0, 0, "优"), (0, 2, "优"), (0, 3, "良"), (0, 6, "良"),
                                                     (0, 7, "中"), (2, 9, "中"), (3, 0, "差")])
def test_grade_proposed_from_the_findings(errors, warnings, grade):
    from jixiao.rulesets import load

    found = [finding("error")] * errors + [finding("warning")] * warnings + [finding("info")] * 5
    assert propose_grade(found, load()["review"]["grades"]) == grade


def test_the_seed_review_names_its_real_problems():
    doc, _ = read_path(CORPUS / "seed" / "changli-union-2021.txt")
    review = review_document(doc)
    found = {(f.project[-5:], f.code, f.indicator) for f in review.findings}
    assert {
        ("BWWCQ", "process-indicator", "帮扶防贫资金发放合规率"),
        ("BWWCQ", "trivial-full-rate", "帮扶防贫资金发放合规率"),
        ("BWWCQ", "cost-with-floor", "每人保障补助标准金额"),
        ("O5098", "date-outside-year", "组织完成省部级劳模体检及时率"),  # 2020年11月底 in a 2021 table
        ("O5098", "operator-inferred", "体检标准"),
        ("EVGFV", "budget-mismatch", "每人帮扶救助金额"),  # 10人 × 1.21万元 ≠ 14.55万元
        ("EVGFV", "timeliness-without-time", "帮扶资金发放时间"),
    } <= found
    assert ("BWWCQ", "budget-mismatch", "每人保障补助标准金额") not in found  # 400 × 500元 = 20万元
    assert review.ruleset == "CZ-2020-10"
    assert review.grade in ("良", "中")
