"""绩效与预算执行一致性 in the API's self-evaluation JSON and under each project's 自评表 downloaded as .xlsx,
.docx and .pdf (issue 15 §2); the published table prints it from the published figures.

The seed's 职工困难帮扶防贫资金 (P1, 200,000元): 困难帮扶人数 ≥400人 carries 12.5 of its 90 indicator points. With
406人 and 10,000元 spent: indicators 12.5 ÷ 90 = 13.89 %, execution 10,000 ÷ 200,000 = 5 % → 0.5 of 10 = 5 %,
(13.89 − 5) ÷ 13.89 = 64 % ahead of the money: red. 劳模体检费 (P2, 24,000元) and the third project (145,500元):
nothing spent, nothing scored: 0 % and 0 %, 100 % unspent: yellow. With 190,000元 more on P1 (100 % spent):
13.89 % against 100 %, nothing unspent: green."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from decimal import Decimal as D

import docx
from django.test import Client
from openpyxl import load_workbook

from jixiao.web.evaluation import services as evaluation
from jixiao.web.goals import services as goals
from jixiao.web.goals.models import Indicator

from .conftest import approve, login
from .test_api_live import browser_login

P1 = "13032221GVUVTX63BWWCQ"
RED = "一致性检查：红。指标得分率13.89%高于预算执行得分率5.00%，偏差64.00%，超过5%：绩效结果超前于资金使用。"
YELLOW = "一致性检查：黄。指标得分率0.00%，预算执行得分率0.00%；预算未支出100.00%，超过20%。"
GREEN = "一致性检查：绿。指标得分率13.89%、预算执行得分率100.00%，偏差-620.00%，不超过5%；预算未支出0.00%。"


def recorded(plan, users):
    approve(plan, users)
    editor = users["editor"]
    p1 = plan.projects.get(code=P1)
    evaluation.spending_create(project=p1, date=date(2021, 3, 1), amount=D("10000"), note="", user=editor)
    persons = Indicator.objects.get(project=p1, name="困难帮扶人数")
    evaluation.value_save(indicator=persons, user=editor, fields={"actual": "406人"}, version=0)
    return p1


def xlsx_lines(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [c.value for s in book for row in s.iter_rows() for c in row if str(c.value or "").startswith("一致性检查")]


def test_the_api_gives_each_projects_consistency_with_its_figures(client, users, plan):
    recorded(plan, users)
    data = login(client, users["finance"]).get(f"/api/plans/{plan.pk}/self-evaluation").json()
    assert data["ruleset"] == "CZ-2020-10"
    first, second, third = (p["consistency"] for p in data["projects"])
    assert first == {"colour": "red", "indicator_share": "13.89", "execution_share": "5.00", "gap": "64.00",
                     "unspent": "95.00", "reason": RED.split("：", 1)[1][2:-1]}
    assert second == third == {"colour": "yellow", "indicator_share": "0.00", "execution_share": "0.00", "gap": None,
                               "unspent": "100.00", "reason": "预算未支出100.00%，超过20%"}


def test_the_api_describes_the_consistency_fields_in_chinese(client, users):
    schema = login(client, users["finance"]).get("/api/openapi.json").json()["components"]["schemas"]
    fields = schema["ConsistencyOut"]["properties"]
    assert set(fields) == {"colour", "indicator_share", "execution_share", "gap", "unspent", "reason"}
    assert fields["colour"]["enum"] == ["red", "yellow", "green"]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in f["description"]) for f in fields.values())
    assert "consistency" in schema["ScoredProject"]["required"]


def test_the_downloaded_tables_carry_each_projects_consistency_line(client, users, plan):
    recorded(plan, users)
    finance = login(client, users["finance"])
    base = f"/evaluation/{plan.pk}/tables/self-evaluation"
    assert xlsx_lines(finance.get(f"{base}.xlsx").content) == [RED, YELLOW, YELLOW]
    word = docx.Document(io.BytesIO(finance.get(f"{base}.docx").content))
    lines = [p.text for p in word.paragraphs if p.text.startswith("一致性检查")]
    assert lines == [RED, YELLOW, YELLOW]
    pdf = finance.get(f"{base}.pdf").content
    flat = "".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, check=True, capture_output=True).stdout.decode()
                   .split())
    assert flat.count(RED) == 1 and flat.count(YELLOW) == 2 and flat.find(RED) < flat.find(YELLOW)


def test_the_published_table_prints_the_published_consistency_not_todays(client, users, plan):
    p1 = recorded(plan, users)
    evaluation.self_evaluation_publish(plan=plan, user=users["approver"])
    goals.plan_publish(plan=plan, user=users["approver"])
    evaluation.spending_create(project=p1, date=date(2021, 6, 1), amount=D("190000"), note="", user=users["editor"])
    now = login(client, users["finance"]).get(f"/api/plans/{plan.pk}/self-evaluation").json()
    assert now["projects"][0]["consistency"]["reason"] == GREEN.split("：", 1)[1][2:-1]  # the records, today
    public = Client().get("/public/711001/2021/self-evaluation.xlsx")
    assert public.status_code == 200 and xlsx_lines(public.content) == [RED, YELLOW, YELLOW]  # as published
    own = client.get(f"/evaluation/{plan.pk}/tables/self-evaluation.xlsx")
    assert xlsx_lines(own.content) == [RED, YELLOW, YELLOW]


def test_a_browser_session_records_spending_and_downloads_the_red_line(live_server, users, plan, sessions):
    approve(plan, users)
    p1 = plan.projects.get(code=P1)
    persons = Indicator.objects.get(project=p1, name="困难帮扶人数")
    session = browser_login(live_server.url, "editor")
    sessions.append(session)
    api = f"{live_server.url}/api/plans/{plan.pk}"
    refused = session.post(f"{api}/spending", json={"project": p1.pk, "date": "2021-03-01", "amount": "10000"},
                           timeout=60)
    assert refused.status_code == 403  # a browser's session writes only with its CSRF token
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    made = session.post(f"{api}/spending", json={"project": p1.pk, "date": "2021-03-01", "amount": "10000"},
                        timeout=60)
    assert made.status_code == 200, made.text
    value = session.put(f"{api}/values/{persons.pk}", json={"actual": "406人", "version": 0}, timeout=60)
    assert value.status_code == 200, value.text
    data = session.get(f"{api}/self-evaluation", timeout=60).json()
    assert [p["consistency"]["colour"] for p in data["projects"]] == ["red", "yellow", "yellow"]
    table = session.get(f"{live_server.url}/evaluation/{plan.pk}/tables/self-evaluation.xlsx", timeout=60)
    assert table.status_code == 200 and xlsx_lines(table.content) == [RED, YELLOW, YELLOW]
