"""二次监控 in the web application (issue 15 §2): the monitoring page lists the projects the first round
(2021-07-31) sends to a second round; finance opens a follow-up task at a month-end; the unit records it with
the figures of that date computed from the records, its forecast and the state of rectification; history; 409s.

The seed's approved plan: 职工困难帮扶防贫资金 (P1, 200,000元) spent 98,000元 in January, 困难帮扶人数 106人 by
July (forecast 106 × 365 ÷ 212 = 182.50人 of ≥400人: 54.38 % short); 劳模体检费 (P2, 24,000元) and the third
project (P3, 145,500元) nothing spent."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.evaluation import errors as e
from jixiao.web.evaluation import second_monitoring as second
from jixiao.web.evaluation import services as evaluation
from jixiao.web.evaluation.models import SecondMonitoring
from jixiao.web.goals.models import Indicator
from jixiao.web.history.models import Entry

from .conftest import approve, login

P1, P2, P3 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098", "13032221W892NIM0EVGFV"


@pytest.fixture
def first_round(users, plan):
    approve(plan, users)
    editor = users["editor"]
    p1 = plan.projects.get(code=P1)
    evaluation.spending_create(project=p1, date=date(2021, 1, 28), amount=D("98000"), note="春节送温暖", user=editor)
    persons = Indicator.objects.get(project=p1, name="困难帮扶人数")
    evaluation.value_save(indicator=persons, user=editor, fields={"actual": "106人"}, version=0)
    return plan


def _open(client, plan, code, as_of="2021-08-31"):
    project = plan.projects.get(code=code)
    return client.post(f"/evaluation/{plan.pk}/second-monitoring/", {"project": project.pk, "as_of": as_of})


def test_the_domain_finds_the_three_projects(first_round):
    needs = second.needs(first_round)
    assert [n.key for n in needs] == [P1, P2, P3]
    assert needs[0].why == "“困难帮扶人数”全年预计182.50人，与指标值≥400人偏差54.38%，超过30%"
    assert needs[1].why == "截至2021-07-31预算执行为0（预算24,000.00元，未支出）"
    assert second.dates(first_round) == [date(2021, 8, 31), date(2021, 9, 30)]


def test_the_monitoring_page_lists_them_and_finance_may_open(client, users, first_round):
    page = login(client, users["finance"]).get(f"/evaluation/{first_round.pk}/monitoring/").content.decode()
    section = page[page.index('id="second-monitoring"'):]
    assert "首次监控（截至2021年7月31日）" in section
    assert "偏差54.38%，超过30%" in section and "截至2021-07-31预算执行为0（预算145,500.00元，未支出）" in section
    assert section.count("打开二次监控任务</button>") == 3
    assert '<option value="2021-08-31">2021年8月31日</option><option value="2021-09-30">' in section
    # a page looked at another date still lists the first round's findings
    later = client.get(f"/evaluation/{first_round.pk}/monitoring/?as_of=2021-09-30").content.decode()
    assert later.count("打开二次监控任务</button>") == 3
    client.force_login(users["editor"])
    page = client.get(f"/evaluation/{first_round.pk}/monitoring/").content.decode()
    assert "打开二次监控任务</button>" not in page and page.count("待财政审核打开") == 3


def test_finance_opens_a_task_once(client, users, first_round):
    finance = login(client, users["finance"])
    response = _open(finance, first_round, P1)
    task = SecondMonitoring.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evaluation/second-monitoring/{task.pk}/"
    assert (task.as_of, task.first_as_of, task.status) == (date(2021, 8, 31), date(2021, 7, 31), SecondMonitoring.OPEN)
    assert task.triggers == ["“困难帮扶人数”全年预计182.50人，与指标值≥400人偏差54.38%，超过30%"]
    entry = Entry.objects.get(action="second_monitoring.opened")
    assert (entry.object_id, entry.user, entry.changes) == (task.pk, users["finance"], {"as_of": ["", "2021-08-31"]})
    again = _open(finance, first_round, P1, "2021-09-30")
    assert again.status_code == 409 and f"已于{task.created_at.astimezone():%Y-%m-%d}" in again.content.decode()
    assert f"（第{task.pk}号），没有再打开" in again.content.decode()
    page = finance.get(f"/evaluation/{first_round.pk}/monitoring/").content.decode()
    assert f'href="/evaluation/second-monitoring/{task.pk}/">截至2021年8月31日（待填报）' in page
    assert SecondMonitoring.objects.count() == 1


@pytest.mark.parametrize("as_of, status, message", [
    ("2021-08-30", 400, e.SECOND_DATE_MONTH_END.format(date="2021-08-30", example="2021-08-31")),
    ("2021-07-31", 400, e.SECOND_DATE_RANGE.format(date="2021-07-31", first="2021-07-31", latest="2021-09-30")),
    ("2021-10-31", 400, e.SECOND_DATE_RANGE.format(date="2021-10-31", first="2021-07-31", latest="2021-09-30")),
    ("不是日期", 400, "二次监控日期“不是日期”无法识别"),
])
def test_a_date_elsewhere_is_refused(client, users, first_round, as_of, status, message):
    response = _open(login(client, users["finance"]), first_round, P1, as_of)
    assert response.status_code == status and message in response.content.decode()
    assert not SecondMonitoring.objects.exists() and not Entry.objects.filter(action__startswith="second").exists()


def test_only_finance_opens_and_only_what_the_first_round_found(client, users, first_round):
    response = _open(login(client, users["editor"]), first_round, P1)
    assert response.status_code == 403 and e.SECOND_OPENERS in response.content.decode()
    evaluation.spending_create(project=first_round.projects.get(code=P2), date=date(2021, 5, 10), amount=D("12000"),
                               note="体检", user=users["editor"])
    response = _open(login(client, users["finance"]), first_round, P2)
    assert response.status_code == 409
    assert e.SECOND_NOT_NEEDED.format(project="劳模体检费", first="2021-07-31", deviation=30) in response.content.decode()
    assert not SecondMonitoring.objects.exists()


def test_a_plan_not_yet_approved_has_no_second_round(client, users, plan):
    response = _open(login(client, users["finance"]), plan, P2)
    assert response.status_code == 409 and "绩效目标批复后才能进行二次监控" in response.content.decode()


def test_the_unit_records_the_figures_of_the_second_date(client, users, first_round, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    editor = users["editor"]
    p1 = first_round.projects.get(code=P1)
    task = second.second_monitoring_open(plan=first_round, project=p1, as_of=date(2021, 8, 31), user=users["finance"])
    evaluation.spending_create(project=p1, date=date(2021, 8, 15), amount=D("50000"), note="国庆", user=editor)
    evaluation.spending_create(project=p1, date=date(2021, 9, 15), amount=D("20000"), note="九月", user=editor)
    from jixiao.web.rectification import services as rectification

    item = rectification.rectification_create(unit=first_round.unit, year=2021, source_kind="audit", user=editor,
                                              project=p1, plan=first_round,
                                              fields={"found_where": "审计", "problem": "帮扶台账不全"})
    client = login(client, editor)
    url = f"/evaluation/second-monitoring/{task.pk}/"
    page = client.get(url).content.decode()
    # 98,000 + 50,000 by 8-31 (the 9-15 payment not yet): 148,000 of 200,000 = 74.00 %
    assert "尚未填报：下表按截至2021年8月31日" in page and "74.00%" in page and "14.80" in page
    assert f'href="/rectifications/item/{item.pk}/">帮扶台账不全</a>（未整改' in page
    response = client.post(url, {"forecast_rate": "95", "forecast": "10月国庆救助后可达95%",
                                 "rectification_state": "已补建帮扶台账", "version": 0})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.forecast_rate, task.version, task.recorded_by) == ("done", D(95), 1, editor)
    assert task.figures["as_of"] == "2021-08-31" and task.figures["projects"][0]["spent"] == "148000.00"
    entry = Entry.objects.get(action="second_monitoring.recorded")
    assert entry.changes["rectification_state"] == ["", "已补建帮扶台账"] and entry.changes["status"] == ["待填报", "已填报"]
    # a record added later for August does not change what was recorded
    evaluation.spending_create(project=p1, date=date(2021, 8, 20), amount=D("2000"), note="补记", user=editor)
    page = client.get(url).content.decode()
    assert "填报时按截至2021年8月31日（含当日）的记录计算并保存" in page and "74.00%" in page and "75.00%" not in page
    assert "95.00%" in page and "已补建帮扶台账" in page
    assert re.search(r"<td>[^<]*</td><td>打开二次监控任务</td>", page) and "<td>填报二次监控</td>" in page


def test_a_stale_or_incomplete_record_is_refused(client, users, first_round):
    task = second.second_monitoring_open(plan=first_round, project=first_round.projects.get(code=P3),
                                         as_of=date(2021, 9, 30), user=users["finance"])
    client = login(client, users["editor"])
    url = f"/evaluation/second-monitoring/{task.pk}/"
    assert client.post(url, {"forecast_rate": "60", "rectification_state": "已催拨", "version": 0}).status_code == 302
    stale = client.post(url, {"forecast_rate": "70", "rectification_state": "别人的", "version": 0})
    assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
    missing = client.post(url, {"forecast_rate": "70", "rectification_state": "", "version": 1})
    assert missing.status_code == 400 and e.SECOND_STATE_MISSING in missing.content.decode()
    bad = client.post(url, {"forecast_rate": "很多", "rectification_state": "x", "version": 1})
    assert bad.status_code == 400 and "全年预计执行率（%）“很多”不是数字" in bad.content.decode()
    task.refresh_from_db()
    assert (task.forecast_rate, task.rectification_state, task.version) == (D(60), "已催拨", 1)
    finance = login(client, users["finance"]).post(url, {"forecast_rate": "70", "rectification_state": "x",
                                                         "version": 1})
    assert finance.status_code == 403
    outsider = login(client, users["outsider"]).get(url)
    assert outsider.status_code == 404
    assert client.get("/evaluation/second-monitoring/999999/").status_code == 404


def _cells(data: bytes) -> dict[str, list[str]]:
    """Each sheet's cell texts of an .xlsx."""
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(data))
    return {s.title: [str(c.value) for row in s.iter_rows() for c in row if c.value is not None] for s in book}


def test_the_monitoring_tables_and_saved_reports_mark_the_second_round(client, users, first_round):
    client = login(client, users["editor"])
    data = client.get(f"/evaluation/{first_round.pk}/tables/monitoring.xlsx?as_of=2021-07-31").content
    sheets = _cells(data)
    p1, p2, _ = sheets.values()
    assert "黄；需二次监控" in p1 and "红；需二次监控" in p2
    late = _cells(client.get(f"/evaluation/{first_round.pk}/tables/monitoring.xlsx?as_of=2021-09-30").content)
    assert not any("需二次监控" in text for cells in late.values() for text in cells)  # no month-end left
    evaluation.monitoring_report_save(plan=first_round, as_of=date(2021, 7, 31), note="1-7月", user=users["editor"])
    report = first_round.monitoring_reports.get()
    page = client.get(f"/evaluation/{first_round.pk}/monitoring/reports/{report.pk}/").content.decode()
    assert page.count("<strong>需二次监控</strong>") == 3
    assert '<div class="hint">“困难帮扶人数”全年预计182.50人，与指标值≥400人偏差54.38%，超过30%</div>' in page
    saved = _cells(client.get(f"/evaluation/{first_round.pk}/monitoring/reports/{report.pk}/table.xlsx").content)
    assert "黄；需二次监控" in list(saved.values())[0]


def test_a_draft_plans_monitoring_page_has_no_second_round(client, users, plan):
    page = login(client, users["finance"]).get(f"/evaluation/{plan.pk}/monitoring/").content.decode()
    assert page.count("<td") > 10 and 'id="second-monitoring"' not in page
