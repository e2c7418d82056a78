"""The 目标表 downloaded from the plan's page and from the public pages carries the 部门整体支出绩效目标表
(issue 14 §1/§6): each 分项目标's confirmed indicators and projects with their money, and the unit's own
年度绩效指标, as cells (money as numbers), and reads back to the plan's unit-wide goals."""

from __future__ import annotations

import io

import pytest
import requests
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jixiao.formats.reader import read_bytes
from jixiao.web.department import goal_services
from jixiao.web.department.demo import confirm_unit_indicators
from jixiao.web.goals import services as goals
from jixiao.web.goals.convert import plan_document
from jixiao.web.goals.models import Plan

from .conftest import approve, login

OWN = {"level1": "效益指标", "level2": "社会效益指标", "name": "困难职工帮扶覆盖乡镇数", "description": "全县乡镇",
       "target_raw": "≥16个", "basis": "计划标准"}
SHEET = "部门整体支出绩效目标表"


@pytest.fixture
def unit_plan(plan, users) -> Plan:
    """The seed imported: its sentences' indicators proposed, then confirmed, and one the unit adds as its own."""
    confirm_unit_indicators(plan, users["editor"])
    goal_services.unit_indicator_create(plan=plan, goal=None, fields=OWN, user=users["editor"])
    return Plan.objects.get(pk=plan.pk)


def rows_of(data: bytes):
    sheet = load_workbook(io.BytesIO(data))[SHEET]
    return [list(row) for row in sheet.iter_rows()]


def check_unit_sheet(data: bytes) -> None:
    rows = rows_of(data)
    by_first = {row[0].value: row for row in rows}
    relief = by_first["帮扶工作"]
    # 职工困难帮扶防贫资金 20.00 + 提前下达2021年困难职工及劳模帮扶救助专项资金 14.55 万元
    assert relief[4].value == "职工困难帮扶防贫资金；\n提前下达2021年困难职工及劳模帮扶救助专项资金"
    assert relief[5].value == 34.55 and relief[5].number_format == "#,##0.00"
    assert by_first["劳模体检费"][5].value == 2.4 and by_first["工会事务"][5].value is None
    indicators = [(row[2].value, row[4].value) for row in rows if row[4].value and row[0].value != "一级指标"]
    heads = [row[0].value for row in rows if str(row[0].value).startswith(("年度绩效指标", "分项目标："))]
    assert heads == ["年度绩效指标", "分项目标：帮扶工作", "分项目标：劳模体检费", "分项目标：工会事务"]
    own = next(k for k, row in enumerate(rows) if row[0].value == "年度绩效指标")
    assert [c.value for c in rows[own + 2]] == ["效益指标", "社会效益指标", "困难职工帮扶覆盖乡镇数", "全县乡镇", "≥16个", "计划标准"]
    for name, target in [("救助人数", "≥400人"), ("救助标准", "≥500元"), ("省部级劳模人数", "=48人"),
                         ("体检费用标准", "=500元/人"), ("正常运转人数", "≥16人")]:
        assert (name, target) in indicators


def test_the_plans_xlsx_download_carries_the_unit_wide_tables_and_reads_back(client, users, unit_plan):
    response = login(client, users["editor"]).get(reverse("goals:plan_download", kwargs={"plan_id": unit_plan.pk,
                                                                                          "fmt": "xlsx"}))
    assert response.status_code == 200
    check_unit_sheet(response.content)
    back, problems = read_bytes(response.content, "目标表.xlsx")
    assert problems == [] and back.department == plan_document(unit_plan).department
    assert [i.name for i in back.department.indicators] == ["困难职工帮扶覆盖乡镇数"]


def test_proposals_not_yet_confirmed_are_not_in_the_table(client, users, plan):
    response = login(client, users["editor"]).get(reverse("goals:plan_download", kwargs={"plan_id": plan.pk,
                                                                                          "fmt": "xlsx"}))
    rows = rows_of(response.content)
    assert not [row for row in rows if row[0].value and str(row[0].value).startswith("分项目标：")]
    assert "救助人数" not in {row[2].value for row in rows}


def test_the_public_goal_table_carries_them_as_published(users, unit_plan):
    approve(unit_plan, users)
    goals.plan_publish(plan=unit_plan, user=users["approver"])
    response = Client().get("/public/711001/2021/goals.xlsx")
    assert response.status_code == 200
    check_unit_sheet(response.content)


@pytest.mark.django_db(transaction=True)
def test_live_server_public_goal_table_has_the_unit_wide_indicators(live_server, users, unit_plan):
    approve(unit_plan, users)
    goals.plan_publish(plan=unit_plan, user=users["approver"])
    with requests.Session() as session:  # no login
        response = session.get(f"{live_server.url}/public/711001/2021/goals.xlsx", timeout=120)
    assert response.status_code == 200
    check_unit_sheet(response.content)
