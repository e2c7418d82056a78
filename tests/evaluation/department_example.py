"""A plain 部门整体 example after the seed's union (昌黎县总工会): 6 in post at the union and 10 at the workers'
cultural palace (19 + 4 retired), its three 分项目标, and a project's self-evaluation."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.evaluation.department import Staffing
from jixiao.evaluation.department_evaluation import BaseData, UnitIndicatorItem, evaluate_department
from jixiao.evaluation.scoring import score_document

from .helpers import RULES, actual, document, ind, paid

UNIT = "昌黎县总工会本级"
ITEMS = [
    UnitIndicatorItem("帮扶工作", ind("产出指标", "数量指标", "救助人数", "≥400人"), D(406), 406),
    UnitIndicatorItem("帮扶工作", ind("产出指标", "成本指标", "每人救助标准", "≥500元"), D(500), 406),
    UnitIndicatorItem("劳模体检费", ind("产出指标", "数量指标", "劳模体检人数", "≥48人"), D(46), 46),
    UnitIndicatorItem("工会事务", ind("产出指标", "数量指标", "正常运转人数", "≥16人"), D(16), 2),
]


def base(three_public=None, procurement=D("86000.00")) -> BaseData:
    return BaseData([Staffing("昌黎县总工会本级", 6, 6, 19), Staffing("昌黎县工人文化宫", 10, 10, 4)],
                    personnel=D("1236000.00"), running=D("184500.00"), basic_budget=D("1450000.00"),
                    project_budget=D("369500.00"), project_spent=D("351000.00"), three_public=three_public,
                    procurement=procurement)


def project_scores():
    doc = document()
    actuals = [actual("帮扶人数", "380人", reason="2人因病住院未检"), actual("每人补助标准", "500元"),
               actual("生活改善", "达成"), actual("满意度", "96%")]
    return score_document(doc, [paid("199500.00")], actuals, RULES)


def evaluation(items=None, prose=None, **kw):
    return evaluate_department(UNIT, 2021, base(**kw), ITEMS if items is None else items, project_scores(), RULES,
                               prose if prose is not None else {"存在问题": "劳模体检有2人因病住院未检。"})
