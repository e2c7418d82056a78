"""What is left of issue 14 on the unit-wide goals' pages: the 部门整体绩效目标 page says of each 分项目标
what the review says (red only where department-sub-goal-unmeasured faults it; a 分项目标 measured by the
unit's own 年度绩效指标 table is said to be so, not red), the upload's preview lists the unit-wide
indicators the import will save (the unit's own, the sub-goals', the proposed ones marked 待确认), and the
page's year links stop at the years the page accepts (2000 to 2100). By the Django client and, for the
preview, on a live server with its CSRF token."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.review import review_document
from jixiao.web.department import goal_services
from jixiao.web.department.models import UnitIndicator
from jixiao.web.goals.convert import plan_document
from jixiao.web.goals.models import Plan, Unit

from . import test_unit_own_indicators as own_indicators
from .conftest import SEED, login
from .test_api_live import browser_login
from .test_unit_own_indicators import NAMES, NINGDE, goals_url, own, text

editor, ningde = own_indicators.editor, own_indicators.ningde  # the same fixtures: 宁德's unit, its editor, its plan



UNMEASURED = "department-sub-goal-unmeasured"
BY_TABLE = "这个分项目标没有自己的绩效指标，由上面的部门整体年度绩效指标衡量（审核不因此扣分）。"
NONE_RED = "这个分项目标还没有绩效指标。"
PROPOSED_RED = "这个分项目标还没有已确认的量化指标，审核认为它无从衡量。"


def measures(page) -> list[tuple[str, str]]:
    """Each 分项目标's sentence on how it is measured, with its class."""
    return re.findall(r'<p class="([^"]*)sub-goal-measure">([^<]*)</p>', page.content.decode())


def faulted(plan) -> list[str]:
    document = plan_document(Plan.objects.get(pk=plan.pk))
    return [f.indicator for f in review_document(document).findings if f.code == UNMEASURED]


def test_ningdes_sub_goals_are_said_to_be_measured_by_the_units_table_not_red(ningde, client):
    assert faulted(ningde) == []  # the review does not fault them
    page = client.get(goals_url(ningde))
    assert measures(page) == [("", BY_TABLE)] * 3
    assert "这个分项目标还没有绩效指标" not in page.content.decode()
    assert "没有自己的绩效指标。" in text(page) and "还没有绩效指标。" not in text(page)


def test_without_the_units_table_the_review_faults_them_and_the_page_turns_red(ningde, editor, client):
    for row in own(ningde):
        goal_services.unit_indicator_delete(indicator=row, version=row.version, user=editor)
    names = [s["name"] for s in Plan.objects.get(pk=ningde.pk).department["sub_goals"]]
    assert faulted(ningde) == names and len(names) == 3
    assert measures(client.get(goals_url(ningde))) == [("error-text ", NONE_RED)] * 3


def test_a_table_of_only_qualitative_indicators_does_not_measure_them(ningde, editor, client):
    """The rule counts quantified indicators: the page follows it, not the number of rows."""
    login(client, editor)
    rows = own(ningde)
    for row in rows[1:]:
        goal_services.unit_indicator_delete(indicator=row, version=row.version, user=editor)
    first = rows[0]
    goal_services.unit_indicator_update(indicator=first, fields={"target_raw": "及时足额保障"}, version=first.version,
                                        user=editor)
    assert len(faulted(ningde)) == 3
    assert measures(client.get(goals_url(ningde))) == [("error-text ", NONE_RED)] * 3


def test_the_seeds_proposed_indicators_are_red_until_confirmed(plan, users, client):
    """The seed's 分项目标 hold only proposals (待确认), which the review does not read: red, as the review
    faults them; confirmed, the red goes."""
    page = login(client, users["editor"]).get(goals_url(plan))
    subs = plan.department["sub_goals"]
    assert faulted(plan) == [s["name"] for s in subs]
    assert measures(page) == [("error-text ", PROPOSED_RED)] * len(subs)
    for row in UnitIndicator.objects.filter(plan=plan, goal=0):
        goal_services.unit_indicator_confirm(indicator=row, version=row.version, user=users["editor"])
    assert measures(client.get(goals_url(plan))) == [("error-text ", PROPOSED_RED)] * (len(subs) - 1)
    assert subs[0]["name"] not in faulted(plan)


def test_the_year_links_stop_at_the_years_the_page_accepts(users, client):
    login(client, users["editor"])
    unit = Unit.objects.get(code="711001")
    links = {}
    for year in (2000, 2021, 2100):
        html = client.get(f"/department/{unit.pk}/{year}/goals/").content.decode()
        links[year] = re.findall(rf'href="/department/{unit.pk}/(\d+)/goals/"', html)
    assert links == {2000: ["2001"], 2021: ["2020", "2022"], 2100: ["2099"]}
    assert client.get(f"/department/{unit.pk}/1999/goals/").status_code == 400


def preview_rows(html: str) -> list[list[str]]:
    table = re.search(r'<table id="read-unit-wide">(.*?)</table>', html, re.S)[1]
    return [re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def test_the_preview_lists_ningdes_own_table_before_it_is_confirmed(editor, client):
    login(client, editor)
    html = client.post("/goals/upload/", {"file": SimpleUploadedFile(NINGDE.name, NINGDE.read_bytes())}).content.decode()
    rows = preview_rows(html)
    assert [r[3] for r in rows] == NAMES and {r[0] for r in rows} == {"部门整体"}
    assert {r[7] for r in rows} == {"文件中读出"}
    assert rows[2][1:7] == ["产出指标", "数量指标", NAMES[2], "60%", "≥60%", ""]
    count = re.search(r'id="read-unit-count">([^<]*)<', html)[1]
    assert count == "6个：部门整体年度绩效指标6个，分项目标的指标0个"
    assert not UnitIndicator.objects.exists()  # nothing saved before confirming
    assert client.post("/goals/upload/confirm/").status_code == 302
    assert [r.name for r in UnitIndicator.objects.order_by("goal", "position")] == NAMES


def test_the_preview_lists_the_seeds_proposals_as_the_import_saves_them(users, client):
    login(client, users["editor"])
    html = client.post("/goals/upload/", {"file": SimpleUploadedFile("seed.txt", SEED.read_bytes())}).content.decode()
    rows = preview_rows(html)
    assert rows and all(r[0].startswith("分项目标") and r[7] == "由分项目标的文字建议，待确认" for r in rows)
    assert ["救助人数", "≥400人"] in [[r[3], r[5]] for r in rows]
    count = re.search(r'id="read-unit-count">([^<]*)<', html)[1]
    assert count == f"{len(rows)}个：部门整体年度绩效指标0个，分项目标的指标{len(rows)}个（其中由分项目标的文字建议、待确认{len(rows)}个）"
    assert client.post("/goals/upload/confirm/").status_code == 302
    saved = UnitIndicator.objects.order_by("goal", "position")
    assert [(f"分项目标{r.goal + 1}", r.name, r.target_raw, r.proposed) for r in saved] == [
        (r[0][:5], r[3], r[5], True) for r in rows]


def test_the_preview_on_a_live_server_shows_the_table_and_confirms_with_csrf(live_server, editor, sessions):
    session = browser_login(live_server.url, "ningde")
    sessions.append(session)
    upload = f"{live_server.url}/goals/upload/"
    form = session.get(upload, timeout=60).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', form)[1]
    preview = session.post(upload, data={"csrfmiddlewaretoken": token}, headers={"Referer": upload}, timeout=60,
                           files={"file": (NINGDE.name, NINGDE.read_bytes())})
    assert preview.status_code == 200 and [r[3] for r in preview_rows(preview.text)] == NAMES
    confirm = re.search(r'<form method="post" action="/goals/upload/confirm/">.*?value="([^"]*)"', preview.text, re.S)[1]
    done = session.post(f"{live_server.url}/goals/upload/confirm/", data={"csrfmiddlewaretoken": confirm},
                        headers={"Referer": upload}, timeout=60)
    assert done.status_code == 200 and "已导入" in done.text
    assert [r.name for r in UnitIndicator.objects.filter(goal=None).order_by("position")] == NAMES


def test_the_plan_page_shows_the_units_own_table_in_the_goal_document(ningde, client):
    html = client.get(f"/goals/{ningde.pk}/").content.decode()
    table = re.search(r'<table class="unit-table-indicators">(.*?)</table>', html, re.S)[1]
    rows = [re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]
    assert [r[2] for r in rows] == NAMES and rows[2][4] == "≥60%"
