from datetime import date
from decimal import Decimal as D

from jixiao.core.document import Budget, GoalDocument, Indicator, Project, Unit
from jixiao.core.spending_plan import SpendingPlan
from jixiao.core.targets import parse_target
from jixiao.evaluation.quantities import record_from_text
from jixiao.evaluation.records import SpendingRecord
from jixiao.rulesets import load

CODE = "13032221GVUVTX63BWWCQ"
RULES = load()


def ind(level1, level2, name, target, weight=None):
    return Indicator(level1, level2, name, "", parse_target(target, level2), "计划标准", weight)


def project(indicators=None, total="200000", plan=None):
    plan = plan or {6: D(50), 10: D(100), 12: D(100)}
    return Project(CODE, "困难职工帮扶资金", Budget(D(total), D(total), D(0)), spending_plan=SpendingPlan(plan),
                   goals=["帮扶"], indicators=indicators if indicators is not None else [
                       ind("产出指标", "数量指标", "帮扶人数", "≥400人"),
                       ind("产出指标", "成本指标", "每人补助标准", "≤500元"),
                       ind("效益指标", "社会效益指标", "生活改善", "生活明显改善"),
                       ind("满意度指标", "服务对象满意度指标", "满意度", "≥95%"),
                   ])


def document(*projects, framework="A"):
    return GoalDocument(Unit("711001", "昌黎县总工会本级"), 2021, list(projects) or [project()], framework=framework)


def paid(amount, on=date(2021, 3, 1), code=CODE):
    return SpendingRecord(code, on, D(amount))


def actual(indicator, value, code=CODE, **more):
    """What a unit typed, parsed where it enters, as the CSV reader and the web form do."""
    return record_from_text(code, indicator, value, **more)
