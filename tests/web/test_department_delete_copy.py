"""部门整体 records deleted and carried: a staffing or basic-spending record entered by mistake is deleted
with its version (a stale page refused, 409), by the unit's editors only, and the deletion stays in the
year's history; starting next year's plan carries the staffing records and the basic-spending budget
(not the basic spending, the year's actual), counted in the copy's history entry."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jixiao.web.department import errors as e
from jixiao.web.department import services
from jixiao.web.department.models import BasicBudget, BasicSpending, Staffing, UnitIndicator
from jixiao.web.goals import services as goal_services
from jixiao.web.goals.errors import EXISTS_NEXT_YEAR_MESSAGE, StateError
from jixiao.web.history.models import Entry

from .conftest import login
from .test_api_live import browser_login


@pytest.fixture
def unit(users):
    return users["editor"].memberships.get().unit


@pytest.fixture
def records(unit, users):
    editor = users["editor"]
    staffing = [services.staffing_create(unit=unit, year=2021, user=editor, fields={
        "unit_name": name, "posts": posts, "in_post": posts, "retired": retired})
        for name, posts, retired in (("昌黎县总工会机关", 6, 19), ("昌黎县工人文化宫", 10, 4))]
    spending = services.basic_spending_create(unit=unit, year=2021, user=editor, fields={
        "date": "2021-03-31", "kind": "人员经费", "amount": "210,000.00", "note": "一季度工资福利"})
    services.basic_budget_set(unit=unit, year=2021, amount="960,000.00", version=None, user=editor)
    return staffing, spending


def url(unit, rest=""):
    return f"/department/{unit.pk}/2021/{rest}"


def test_the_page_deletes_a_staffing_record_with_its_version_and_keeps_it_in_the_history(client, users, unit, records):
    (palace_office, palace), _ = records
    login(client, users["editor"])
    page = client.get(url(unit)).content.decode()
    assert f'action="{url(unit, f"staffing/{palace.pk}/delete/")}" data-confirm="删除2021年“昌黎县工人文化宫”的编制记录？"' in page
    services.staffing_update(record=palace, fields={"in_post": 9}, version=0, user=users["editor"])
    stale = client.post(url(unit, f"staffing/{palace.pk}/delete/"), {"version": "0"})
    assert stale.status_code == 409 and e.STALE.format(what=str(palace)) in stale.content.decode()
    assert Staffing.objects.count() == 2
    missing = client.post(url(unit, f"staffing/{palace.pk}/delete/"), {})
    assert missing.status_code == 400 and e.NO_VERSION in missing.content.decode()
    done = client.post(url(unit, f"staffing/{palace.pk}/delete/"), {"version": "1"}, follow=True)
    text = done.content.decode()
    assert done.status_code == 200 and "已删除编制记录：昌黎县工人文化宫" in text
    assert list(Staffing.objects.values_list("unit_name", flat=True)) == ["昌黎县总工会机关"]
    assert re.search(r'id="staff-in-post">在职人数：<strong>6人</strong>', text)
    entry = Entry.objects.get(action="staffing.deleted")
    assert entry.note == "2021年：2021年编制：昌黎县工人文化宫" and entry.changes["in_post"] == ["9", ""]
    assert "删除编制记录" in text and "2021年编制：昌黎县工人文化宫" in text  # on the year's history
    gone = client.post(url(unit, f"staffing/{palace.pk}/delete/"), {"version": "1"})
    assert gone.status_code == 404


def test_the_page_deletes_a_basic_spending_record_and_the_totals_follow(client, users, unit, records):
    _, spending = records
    login(client, users["editor"])
    page = client.get(url(unit)).content.decode()
    assert "data-confirm=\"删除2021年3月31日的人员经费210,000.00元？\"" in page
    done = client.post(url(unit, f"spending/{spending.pk}/delete/"), {"version": "0"}, follow=True)
    assert done.status_code == 200 and "已删除基本支出记录：2021-03-31 人员经费210000.00元" in done.content.decode()
    assert not BasicSpending.objects.exists()
    entry = Entry.objects.get(action="basic_spending.deleted")
    assert entry.changes == {"date": ["2021-03-31", ""], "kind": ["人员经费", ""], "amount": ["210000.00", ""],
                             "note": ["一季度工资福利", ""]}
    assert "删除基本支出" in done.content.decode()


def test_only_the_units_editors_delete(client, users, unit, records):
    (_, palace), spending = records
    for name in ("approver", "finance", "relief"):
        login(client, users[name])
        assert 'staffing/%d/delete/' % palace.pk not in client.get(url(unit)).content.decode()
        assert client.post(url(unit, f"staffing/{palace.pk}/delete/"), {"version": "0"}).status_code == 403, name
        assert client.post(url(unit, f"spending/{spending.pk}/delete/"), {"version": "0"}).status_code == 403, name
    login(client, users["outsider"])
    assert client.post(url(unit, f"staffing/{palace.pk}/delete/"), {"version": "0"}).status_code == 404
    assert Staffing.objects.count() == 2 and BasicSpending.objects.count() == 1
    assert not Entry.objects.filter(action__endswith=".deleted").exists()


def test_the_api_deletes_with_the_version(client, users, unit, records):
    from jixiao.web.accounts.models import Token

    (_, palace), spending = records
    auth = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users['editor'])}"}
    stale = client.delete(f"/api/department/staffing/{palace.pk}?version=3", **auth)
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    done = client.delete(f"/api/department/staffing/{palace.pk}?version=0", **auth)
    assert done.status_code == 200 and done.json()["staff_in_post"]["value"] == 6
    finance = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users['finance'])}"}
    assert client.delete(f"/api/department/basic-spending/{spending.pk}?version=0", **finance).status_code == 403
    done = client.delete(f"/api/department/basic-spending/{spending.pk}?version=0", **auth)
    assert done.status_code == 200 and done.json()["basic_spending"] == []
    assert client.delete(f"/api/department/basic-spending/{spending.pk}?version=0", **auth).status_code == 404


def test_next_years_plan_carries_the_staffing_and_the_basic_budget_but_not_the_spending(plan, users, unit, records):
    new = goal_services.plan_copy_next_year(plan=plan, user=users["editor"])
    assert new.year == 2022
    assert sorted(Staffing.objects.filter(year=2022).values_list("unit_name", "posts", "in_post", "retired")) == [
        ("昌黎县工人文化宫", 10, 10, 4), ("昌黎县总工会机关", 6, 6, 19)]
    assert Staffing.objects.filter(year=2021).count() == 2  # last year's stay
    assert BasicBudget.objects.get(year=2022).amount == Decimal("960000.00")
    assert not BasicSpending.objects.filter(year=2022).exists()  # the year's actual is not carried
    note = Entry.objects.get(action="plan.copied", object_id=new.pk).note
    assert "0份问卷、部门整体绩效目标、" in note and "个部门整体绩效指标、2条编制记录、基本支出预算" in note
    with pytest.raises(StateError) as raised:  # copied once: a second copy changes nothing
        goal_services.plan_copy_next_year(plan=plan, user=users["editor"])
    assert raised.value.message == EXISTS_NEXT_YEAR_MESSAGE.format(unit=unit.name, year=2022)
    assert Staffing.objects.filter(year=2022).count() == 2


def test_records_the_new_year_already_has_are_kept(plan, users, unit, records):
    services.staffing_create(unit=unit, year=2022, user=users["editor"], fields={
        "unit_name": "昌黎县总工会机关", "posts": 7, "in_post": 7, "retired": 20})
    services.basic_budget_set(unit=unit, year=2022, amount="1,000,000", version=None, user=users["editor"])
    new = goal_services.plan_copy_next_year(plan=plan, user=users["editor"])
    assert list(Staffing.objects.filter(year=2022).values_list("unit_name", "in_post")) == [("昌黎县总工会机关", 7)]
    assert BasicBudget.objects.get(year=2022).amount == Decimal("1000000.00")
    note = Entry.objects.get(action="plan.copied", object_id=new.pk).note
    assert "编制记录" not in note and "基本支出预算" not in note


@pytest.mark.django_db(transaction=True)
def test_a_delete_on_a_live_server_needs_its_csrf_token(live_server, users):
    unit = users["editor"].memberships.get().unit
    record = services.staffing_create(unit=unit, year=2021, user=users["editor"], fields={
        "unit_name": "昌黎县工人文化宫", "posts": 10, "in_post": 10, "retired": 4})
    session = browser_login(live_server.url, "editor")
    try:
        page_url = f"{live_server.url}/department/{unit.pk}/2021/"
        page = session.get(page_url, timeout=60)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        target = f"{page_url}staffing/{record.pk}/delete/"
        without = session.post(target, data={"version": "0"}, headers={"Referer": page_url}, timeout=60)
        assert without.status_code == 403 and Staffing.objects.count() == 1
        done = session.post(target, data={"version": "0", "csrfmiddlewaretoken": token},
                            headers={"Referer": page_url}, timeout=60)
        assert done.status_code == 200 and "已删除编制记录：昌黎县工人文化宫" in done.text
        assert not Staffing.objects.exists()
    finally:
        session.close()


def test_next_years_plan_carries_the_unit_wide_indicators_with_their_metric(plan, users):
    rows = list(UnitIndicator.objects.filter(plan=plan))
    assert rows  # proposed from the seed's sentences at the import
    first = rows[0]
    UnitIndicator.objects.filter(pk=first.pk).update(proposed=False, metric="unit_persons_relieved",
                                                     description=f"{plan.year}年县总工会救助困难职工，截至2021-12-31")
    new = goal_services.plan_copy_next_year(plan=plan, user=users["editor"])
    fields = ("goal", "position", "level1", "level2", "name", "target_raw", "op", "value", "unit", "proposed", "metric")
    copied = {r.name: r for r in UnitIndicator.objects.filter(plan=new)}
    assert len(copied) == len(rows)
    for r in UnitIndicator.objects.filter(plan=plan):
        assert [getattr(copied[r.name], f) for f in fields] == [getattr(r, f) for f in fields]
    moved = copied[first.name]
    assert (moved.metric, moved.proposed) == ("unit_persons_relieved", False)
    assert moved.description == "2022年县总工会救助困难职工，截至2021-12-31"  # the plan year moved, the date flagged
    note = Entry.objects.get(action="plan.copied", object_id=new.pk).note
    assert f"、{len(rows)}个部门整体绩效指标" in note and "截至2021-12-31" in note
    assert UnitIndicator.objects.filter(plan=plan).count() == len(rows)  # last year's stay
