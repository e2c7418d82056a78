"""绩效与预算执行一致性 on the self-evaluation page (issue 15 §2), with the figures that made each colour.

The seed's 职工困难帮扶防贫资金 (P1, 200,000元): 困难帮扶人数 ≥400人 carries 12.5 of its 90 indicator points; with
406人 and 10,000元 spent: indicators 13.89 %, execution 5 %, (13.89 − 5) ÷ 13.89 = 64 % ahead: red. 劳模体检费
(P2): nothing spent, nothing scored: yellow (100 % unspent)."""

from datetime import date
from decimal import Decimal as D

from jixiao.evaluation.consistency import AHEAD, UNSPENT
from jixiao.web.evaluation import services as evaluation
from jixiao.web.goals.models import Indicator

from .conftest import approve, login

P1 = "13032221GVUVTX63BWWCQ"


def test_the_self_evaluation_page_shows_the_consistency_colour(client, users, plan):
    approve(plan, users)
    editor = users["editor"]
    p1 = plan.projects.get(code=P1)
    evaluation.spending_create(project=p1, date=date(2021, 3, 1), amount=D("10000"), note="", user=editor)
    persons = Indicator.objects.get(project=p1, name="困难帮扶人数")
    evaluation.value_save(indicator=persons, user=editor, fields={"actual": "406人"}, version=0)
    page = login(client, users["finance"]).get(f"/evaluation/{plan.pk}/self-evaluation/").content.decode()
    blocks = page.split('<p class="consistency">')[1:]
    assert len(blocks) == 3
    assert '<span class="red">红</span>' in blocks[0]
    assert "指标得分率13.89%，预算执行得分率5.00%，偏差64.00%，预算未支出95.00%。" in blocks[0]
    assert AHEAD.format(indicators="13.89", execution="5.00", gap="64.00", limit="5") in blocks[0]
    assert '<span class="yellow">黄</span>' in blocks[1] and "偏差—" in blocks[1]
    assert UNSPENT.format(unspent="100.00", limit="20") in blocks[1]
