"""二次监控 over HTTP on a live server, as browsers do it (CSRF tokens from the pages' forms): finance opens a
follow-up task from the monitoring page, the unit's editor records it on the task's page, and a second submit
of the same form (an old version) is a Chinese 409 that changes nothing."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.web.evaluation import services as evaluation
from jixiao.web.evaluation.models import SecondMonitoring

from .conftest import approve
from .test_api_live import browser_login

pytestmark = pytest.mark.django_db(transaction=True)
P2 = "13032221QUQ99RB4O5098"


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_finance_opens_and_the_unit_completes_a_follow_up_task(live_server, users, plan, sessions):
    approve(plan, users)
    p1 = plan.projects.get(code="13032221GVUVTX63BWWCQ")
    evaluation.spending_create(project=p1, date=date(2021, 1, 28), amount=D("98000"), note="", user=users["editor"])
    base = live_server.url
    finance = browser_login(base, "finance")
    sessions.append(finance)
    page = finance.get(f"{base}/evaluation/{plan.pk}/monitoring/", timeout=60).text
    form = re.search(r'<form method="post" action="(/evaluation/\d+/second-monitoring/)">(.*?)</form>',
                     page[page.index('id="second-monitoring"'):], re.S)
    p2 = plan.projects.get(code=P2)
    opened = finance.post(base + form[1], timeout=60, headers={"Referer": f"{base}/evaluation/{plan.pk}/monitoring/"},
                          data={"csrfmiddlewaretoken": _csrf(form[2]), "project": p2.pk, "as_of": "2021-09-30"})
    task = SecondMonitoring.objects.get()
    assert opened.status_code == 200 and opened.url == f"{base}/evaluation/second-monitoring/{task.pk}/"
    assert "已打开“劳模体检费”截至2021-09-30的二次监控任务" in opened.text
    assert "截至2021-07-31预算执行为0（预算24,000.00元，未支出）" in opened.text
    assert "填报二次监控</button>" not in opened.text  # finance reads; the unit records

    editor = browser_login(base, "editor")
    sessions.append(editor)
    url = f"{base}/evaluation/second-monitoring/{task.pk}/"
    page = editor.get(url, timeout=60).text
    data = {"csrfmiddlewaretoken": _csrf(page), "version": re.search(r'name="version" value="(\d+)"', page)[1],
            "forecast_rate": "85", "forecast": "9月底前完成体检结算", "rectification_state": "已与体检机构签订协议"}
    done = editor.post(url, data=data, timeout=60, headers={"Referer": url})
    assert done.status_code == 200 and "已填报“劳模体检费”的二次监控" in done.text and "85.00%" in done.text
    assert "填报二次监控" in done.text and "已与体检机构签订协议" in done.text  # its history entry, its state
    again = editor.post(url, data={**data, "rectification_state": "重复提交"}, timeout=60, headers={"Referer": url})
    assert again.status_code == 409 and "已被他人修改" in again.text
    task.refresh_from_db()
    assert (task.status, task.version, task.rectification_state) == ("done", 1, "已与体检机构签订协议")
    assert task.figures["as_of"] == "2021-09-30" and task.figures["projects"][0]["spent"] == "0.00"
