"""部门整体绩效目标 edited like a project's indicators (issue 14 §1): the seed's sentences ("救助人数400人
以上", "省部级劳模人数48人", "正常运转人数不低于16人") proposed as indicators on import, waiting as 待确认
until the unit's editor confirms, changes or deletes them; indicators added by hand; the projects each
分项目标 covers; the review reading the confirmed ones only; who may do what (the unit's 单位填报 in a
draft; finance reads); stale versions refused; the history; the API; and a confirmation on a live
server with its CSRF token."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jixiao.core import document as core
from jixiao.core.targets import parse_target
from jixiao.evaluation.department import DepartmentError
from jixiao.formats.reader import read_path
from jixiao.web.department import errors as e
from jixiao.web.department import goal_services
from jixiao.web.department.models import UnitIndicator
from jixiao.web.goals import services as goals
from jixiao.web.goals.convert import plan_document
from jixiao.web.goals.models import Plan
from jixiao.web.history.models import Entry

from .conftest import SEED, login
from .test_api_live import browser_login

P1, P2, P3 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098", "13032221W892NIM0EVGFV"
NEW = {"level1": "产出指标", "level2": "时效指标", "name": "救助资金发放及时率", "description": "",
       "target_raw": "≥95%", "basis": "上年完成情况"}


def goals_url(plan, rest=""):
    return f"/department/{plan.unit_id}/{plan.year}/goals/{rest}"


def row(plan, name) -> UnitIndicator:
    return UnitIndicator.objects.get(plan=plan, name=name)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# ---------------------------------------------------------------- the import

def test_the_seed_import_proposes_the_sentences_numbers_as_indicators_waiting_for_confirmation(plan):
    rows = {(r.goal, r.name): r for r in UnitIndicator.objects.filter(plan=plan)}
    assert {k: (r.target_raw, r.level2) for k, r in rows.items()} == {
        (0, "救助标准"): ("≥500元", "质量指标"), (0, "救助人数"): ("≥400人", "数量指标"),
        (1, "省部级劳模人数"): ("=48人", "数量指标"), (1, "体检费用标准"): ("=500元/人", "成本指标"),
        (2, "正常运转人数"): ("≥16人", "数量指标")}
    assert all(r.proposed and r.version == 1 and r.metric == "" for r in rows.values())
    persons = rows[(0, "救助人数")]
    assert (persons.op, persons.value, persons.unit) == ("≥", 400, "人")
    imported = Entry.objects.get(action="plan.imported", object_id=plan.pk)
    assert imported.note == "3个项目、部门整体绩效指标5个（其中待确认5个）"
    # the JSON keeps the text and gains the projects proposed by their shared words
    sub_goals = plan.department["sub_goals"]
    assert sub_goals[0]["indicators_text"].startswith("根据救助对象困难类型") and "indicators" not in sub_goals[0]
    assert sub_goals[1]["projects"] == [P2] and P1 in sub_goals[0]["projects"]


def test_the_review_reads_confirmed_indicators_only_and_the_projects_from_the_json(plan, users):
    document = plan_document(Plan.objects.get(pk=plan.pk))
    assert [s.indicators for s in document.department.sub_goals] == [[], [], []]  # all still proposed
    assert document.department.sub_goals[1].projects == [P2]
    persons = row(plan, "救助人数")
    goal_services.unit_indicator_confirm(indicator=persons, version=persons.version, user=users["editor"])
    document = plan_document(Plan.objects.get(pk=plan.pk))
    read = document.department.sub_goals[0].indicators
    assert [(i.name, i.target.raw, i.target.op) for i in read] == [("救助人数", "≥400人", "≥")]


def test_indicators_written_in_the_document_are_stored_confirmed_and_the_rest_proposed(users):
    document, _ = read_path(SEED)
    first = document.department.sub_goals[0]
    written = core.Indicator("产出指标", "数量指标", "困难职工救助人数", "", parse_target("≥400人", "数量指标"), "上年450人")
    document.department.sub_goals[0] = replace(first, indicators=[written], projects=[P1])
    plan = goals.plan_import(document=document, user=users["editor"])
    mine = UnitIndicator.objects.filter(plan=plan, goal=0)
    assert [(r.name, r.target_raw, r.basis, r.proposed) for r in mine] == [("困难职工救助人数", "≥400人", "上年450人", False)]
    assert UnitIndicator.objects.filter(plan=plan, goal__gt=0, proposed=True).count() == 3
    plan.refresh_from_db()
    assert plan.department["sub_goals"][0]["projects"] == [P1]  # written links are kept as written
    # imported again over the draft: the rows are replaced, not doubled
    again = goals.plan_import(document=document, user=users["editor"])
    assert again.pk == plan.pk and UnitIndicator.objects.filter(plan=plan).count() == 4


def test_a_plan_stored_without_rows_or_without_a_unit_wide_part_keeps_working(plan, users, client):
    UnitIndicator.objects.filter(plan=plan).delete()
    login(client, users["editor"])
    page = client.get(goals_url(plan))
    assert page.status_code == 200 and text(page).count("这个分项目标还没有绩效指标") == 3
    assert client.get(reverse("goals:plan_detail", args=[plan.pk])).status_code == 200
    Plan.objects.filter(pk=plan.pk).update(department=None)
    page = client.get(goals_url(plan))
    assert page.status_code == 200 and "中没有部门整体绩效目标" in text(page)
    assert plan_document(Plan.objects.get(pk=plan.pk)).department is None
    assert client.get(f"/department/{plan.unit_id}/2022/goals/").status_code == 200  # a year without a plan
    refused = client.post(f"/department/{plan.unit_id}/2022/goals/propose/")
    assert refused.status_code == 404 and e.NO_PLAN.format(unit="昌黎县总工会本级", year=2022) in text(refused)


# ---------------------------------------------------------------- the page

def test_the_page_shows_goals_indicators_projects_measures_and_links(plan, users, client):
    login(client, users["editor"])
    page = client.get(goals_url(plan))
    body = text(page)
    assert page.status_code == 200
    assert "2021年县总工会将救助因病因灾造成生活困难的职工400人以上" in body
    assert "（1）帮扶工作" in body and "（3）工会事务" in body
    assert body.count("待确认") >= 5 and "≥400人" in body and "≥16人" in body
    assert "坚持开展监督工作" in body and "6+1" in body  # 工作保障措施
    html = page.content.decode()
    persons = row(plan, "救助人数")
    assert f'action="/department/unit-indicators/{persons.pk}/confirm/"' in html
    assert re.search(rf'<input type="checkbox" name="projects" value="{P2}" checked> 劳模体检费', html)
    assert "没有分项目标覆盖的项目" not in body  # the three projects are linked
    assert 'id="unit-goals-link"' in client.get(reverse("goals:plan_detail", args=[plan.pk])).content.decode()
    assert 'id="unit-goals-link"' in client.get(f"/department/{plan.unit_id}/2021/").content.decode()


def test_confirming_a_proposal_on_the_page_is_in_the_history(plan, users, client):
    login(client, users["editor"])
    persons = row(plan, "救助人数")
    done = client.post(f"/department/unit-indicators/{persons.pk}/confirm/", {"version": persons.version}, follow=True)
    assert done.status_code == 200 and "已确认部门整体绩效指标“救助人数”" in text(done)
    persons.refresh_from_db()
    assert not persons.proposed and persons.version == 2
    assert "确认部门整体绩效指标" in text(done) and "确认状态：待确认 → 已确认" in text(done)
    again = client.post(f"/department/unit-indicators/{persons.pk}/confirm/", {"version": persons.version})
    assert again.status_code == 409 and e.CONFIRMED.format(name="救助人数") in text(again)
    assert client.post(f"/department/unit-indicators/{persons.pk}/confirm/", {}).status_code == 400


def test_adding_an_indicator_by_hand_and_each_mistake_beside_its_field(plan, users, client):
    login(client, users["editor"])
    fields = {f"g0-{k}": v for k, v in NEW.items()} | {"g0-version": "0"}
    added = client.post(goals_url(plan, "0/indicators/"), fields, follow=True)
    assert added.status_code == 200 and "已新增部门整体绩效指标“救助资金发放及时率”" in text(added)
    made = row(plan, "救助资金发放及时率")
    assert (made.goal, made.proposed, made.op, made.value, made.unit, made.position) == (0, False, "≥", 95, "%", 3)
    assert "新增部门整体绩效指标" in text(added)
    wrong_level = client.post(goals_url(plan, "1/indicators/"), fields | {"g1-level1": "效益指标", "g1-level2": "数量指标",
                                                                           "g1-name": "x", "g1-target_raw": "1人",
                                                                           "g1-version": "0"})
    assert wrong_level.status_code == 400 and "“数量指标”不属于一级指标“效益指标”" in text(wrong_level)
    empty = client.post(goals_url(plan, "0/indicators/"), fields | {"g0-target_raw": ""})
    assert empty.status_code == 400 and "请填写指标值" in text(empty)
    huge = client.post(goals_url(plan, "0/indicators/"), fields | {"g0-target_raw": "≥1" + "0" * 30 + "人"})
    assert huge.status_code == 400 and "指标值" in text(huge)
    missing_goal = client.post(goals_url(plan, "7/indicators/"), {k.replace("g0", "g7"): v for k, v in fields.items()})
    assert missing_goal.status_code == 404
    assert e.MISSING_GOAL.format(unit="昌黎县总工会本级", year=2021, number=8, count=3) in text(missing_goal)
    assert UnitIndicator.objects.filter(plan=plan).count() == 6


def test_editing_confirms_a_proposal_and_a_stale_form_changes_nothing(plan, users, client):
    login(client, users["editor"])
    running = row(plan, "正常运转人数")
    page = client.get(f"/department/unit-indicators/{running.pk}/")
    assert page.status_code == 200 and "保存即确认" in text(page) and 'value="≥16人"' in page.content.decode()
    form = {**{k: getattr(running, k) for k in goal_services.FIELDS}, "version": running.version,
            "target_raw": "≥16人", "basis": "编制记录：机关6人、文化宫10人"}
    saved = client.post(f"/department/unit-indicators/{running.pk}/", form, follow=True)
    assert saved.status_code == 200 and "已保存部门整体绩效指标“正常运转人数”" in text(saved)
    running.refresh_from_db()
    assert not running.proposed and running.basis == "编制记录：机关6人、文化宫10人" and running.version == 2
    stale = client.post(f"/department/unit-indicators/{running.pk}/", form | {"target_raw": "≥20人"})
    assert stale.status_code == 409
    assert e.UNIT_INDICATOR_STALE_KEPT.format(name="正常运转人数", target="≥16人") in text(stale)
    running.refresh_from_db()
    assert running.target_raw == "≥16人"
    history = text(client.get(f"/department/unit-indicators/{running.pk}/"))
    assert "修改部门整体绩效指标" in history and "确认状态：待确认 → 已确认" in history


def test_deleting_a_proposal_is_in_the_plans_history_and_a_stale_delete_is_refused(plan, users, client):
    login(client, users["editor"])
    fee = row(plan, "体检费用标准")
    stale = client.post(f"/department/unit-indicators/{fee.pk}/delete/", {"version": fee.version + 1})
    assert stale.status_code == 409 and UnitIndicator.objects.filter(pk=fee.pk).exists()
    assert not Entry.objects.filter(action="unit_indicator.deleted").exists()  # the refusal wrote nothing
    done = client.post(f"/department/unit-indicators/{fee.pk}/delete/", {"version": fee.version}, follow=True)
    assert done.status_code == 200 and not UnitIndicator.objects.filter(pk=fee.pk).exists()
    assert "删除部门整体绩效指标" in text(done) and "体检费用标准（=500元/人），待确认" in text(done)
    assert "删除部门整体绩效指标" in text(client.get(reverse("goals:plan_detail", args=[plan.pk])))


def test_proposing_again_fills_only_the_sub_goals_without_indicators_and_never_twice(plan, users, client):
    login(client, users["editor"])
    UnitIndicator.objects.filter(plan=plan, goal=2).delete()
    done = client.post(goals_url(plan, "propose/"), follow=True)
    assert "已由分项目标的文字建议1个指标" in text(done)
    assert list(UnitIndicator.objects.filter(plan=plan, goal=2).values_list("name", "proposed")) == [("正常运转人数", True)]
    again = client.post(goals_url(plan, "propose/"), follow=True)
    assert e.NOTHING_TO_PROPOSE in text(again)
    assert UnitIndicator.objects.filter(plan=plan).count() == 5
    assert Entry.objects.filter(action="unit_goals.proposed").count() == 1
    assert "建议部门整体绩效指标" in text(again)


def test_the_projects_a_sub_goal_covers_are_set_with_the_plans_version(plan, users, client):
    login(client, users["editor"])
    version = Plan.objects.get(pk=plan.pk).version
    done = client.post(goals_url(plan, "2/projects/"), {"projects": [P3], "version": version}, follow=True)
    assert done.status_code == 200 and "已保存分项目标3覆盖的项目" in text(done)
    plan.refresh_from_db()
    assert plan.department["sub_goals"][2]["projects"] == [P3] and plan.version == version + 1
    assert "设置分项目标覆盖的项目" in text(done)
    assert plan_document(Plan.objects.get(pk=plan.pk)).department.sub_goals[2].projects == [P3]
    stale = client.post(goals_url(plan, "2/projects/"), {"projects": [], "version": version})
    assert stale.status_code == 409 and "已被他人修改" in text(stale)
    unknown = client.post(goals_url(plan, "2/projects/"), {"projects": ["NOSUCH"], "version": plan.version})
    assert unknown.status_code == 400 and "没有这些项目：NOSUCH" in text(unknown)
    cleared = client.post(goals_url(plan, "0/projects/"), {"version": plan.version}, follow=True)
    assert cleared.status_code == 200
    assert "没有分项目标覆盖的项目：职工困难帮扶防贫资金" in text(cleared)


# ---------------------------------------------------------------- who may, and when

def test_other_units_editor_finance_and_a_submitted_plan_are_refused(plan, users, client):
    persons = row(plan, "救助人数")
    outsider = login(client, users["outsider"])
    assert outsider.get(goals_url(plan)).status_code == 404
    assert outsider.post(f"/department/unit-indicators/{persons.pk}/confirm/", {"version": 1}).status_code == 404
    with pytest.raises(PermissionDenied, match=e.GOALS_OUTSIDER):
        goal_services.unit_indicator_confirm(indicator=persons, version=1, user=users["outsider"])
    finance = login(client, users["finance"])
    page = finance.get(goals_url(plan))
    assert page.status_code == 200 and "≥400人" in text(page) and "/confirm/" not in page.content.decode()
    refused = finance.post(f"/department/unit-indicators/{persons.pk}/confirm/", {"version": 1})
    assert refused.status_code == 403
    assert finance.post(goals_url(plan, "propose/")).status_code == 403
    goals.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    editor = login(client, users["editor"])
    locked = editor.post(f"/department/unit-indicators/{persons.pk}/confirm/", {"version": 1})
    message = e.GOALS_LOCKED.format(unit="昌黎县总工会本级", year=2021, state="已提交")
    assert locked.status_code == 409 and message in text(locked)
    assert "/confirm/" not in editor.get(goals_url(plan)).content.decode()
    with pytest.raises(DepartmentError, match="已提交"):
        goal_services.unit_indicator_create(plan=Plan.objects.get(pk=plan.pk), goal=0, fields=NEW, user=users["editor"])
    persons.refresh_from_db()
    assert persons.proposed and UnitIndicator.objects.filter(plan=plan).count() == 5


# ---------------------------------------------------------------- the API

def test_the_api_lists_adds_changes_confirms_and_deletes_with_versions(plan, users, client):
    from jixiao.web.accounts.models import Token

    auth = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users['editor'])}"}
    got = client.get("/api/department/711001/2021/goals", **auth).json()
    assert [s["name"] for s in got["sub_goals"]] == ["帮扶工作", "劳模体检费", "工会事务"]
    persons = next(i for i in got["sub_goals"][0]["indicators"] if i["name"] == "救助人数")
    assert persons["proposed"] is True and persons["version"] == 1 and persons["metric"] == ""
    assert got["sub_goals"][1]["projects"] == [P2] and len(got["measures"]) == 8
    confirmed = client.post(f"/api/department/unit-indicators/{persons['id']}/confirm", {"version": 1},
                            content_type="application/json", **auth)
    assert confirmed.status_code == 200 and confirmed.json()["proposed"] is False
    stale = client.put(f"/api/department/unit-indicators/{persons['id']}",
                       {**NEW, "name": "救助人数", "level2": "数量指标", "target_raw": "≥450人", "version": 1},
                       content_type="application/json", **auth)
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    changed = client.put(f"/api/department/unit-indicators/{persons['id']}",
                         {**NEW, "name": "救助人数", "level2": "数量指标", "target_raw": "≥450人", "version": 2},
                         content_type="application/json", **auth)
    assert changed.status_code == 200 and changed.json()["target_raw"] == "≥450人" and changed.json()["version"] == 3
    bad = client.post("/api/department/711001/2021/goals/0/indicators", {**NEW, "level2": "数量指标", "level1": "效益指标"},
                      content_type="application/json", **auth)
    assert bad.status_code == 400 and "level2" in bad.json()["fields"]
    made = client.post("/api/department/711001/2021/goals/0/indicators", NEW, content_type="application/json", **auth)
    assert made.status_code == 200 and made.json()["proposed"] is False
    gone = client.delete(f"/api/department/unit-indicators/{made.json()['id']}?version=1", **auth)
    assert gone.status_code == 200 and all(i["name"] != NEW["name"] for i in gone.json()["sub_goals"][0]["indicators"])
    assert client.post("/api/department/711001/2021/goals/propose", **auth).json() == []
    projects = client.put("/api/department/711001/2021/goals/2/projects", {"projects": [P3], "version": got["plan_version"]},
                          content_type="application/json", **auth)
    assert projects.status_code == 200 and projects.json()["sub_goals"][2]["projects"] == [P3]
    outsider = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users['outsider'])}"}
    assert client.get("/api/department/711001/2021/goals", **outsider).status_code == 404
    finance = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users['finance'])}"}
    assert client.get("/api/department/711001/2021/goals", **finance).status_code == 200
    assert client.post(f"/api/department/unit-indicators/{persons['id']}/confirm", {"version": 3},
                       content_type="application/json", **finance).status_code == 403


# ---------------------------------------------------------------- on a live server

def test_confirming_a_proposal_on_a_live_server_with_its_csrf_token(live_server, plan):
    session = browser_login(live_server.url, "editor")
    try:
        url = f"{live_server.url}{goals_url(plan)}"
        page = session.get(url, timeout=60)
        persons = row(plan, "救助人数")
        action = f"/department/unit-indicators/{persons.pk}/confirm/"
        form = re.search(rf'<form[^>]*action="{action}">(.*?)</form>', page.text, re.S)[1]
        data = dict(re.findall(r'name="(csrfmiddlewaretoken|version)" value="([^"]*)"', form))
        without = session.post(f"{live_server.url}{action}", data={"version": data["version"]},
                               headers={"Referer": url}, timeout=60)
        assert without.status_code == 403
        persons.refresh_from_db()
        assert persons.proposed
        done = session.post(f"{live_server.url}{action}", data=data, headers={"Referer": url}, timeout=60)
        assert done.status_code == 200 and "已确认部门整体绩效指标“救助人数”" in done.text
        persons.refresh_from_db()
        assert not persons.proposed and persons.version == 2
        assert f'action="{action}"' not in done.text  # no 确认 button any more
    finally:
        session.close()




def test_the_page_shows_the_reviews_unit_wide_findings_until_the_proposals_are_confirmed(plan, users, client):
    login(client, users["editor"])
    before = text(client.get(goals_url(plan)))
    findings = before[before.index("审核意见（部门整体）"):before.index("变更历史")]
    assert "分项目标“帮扶工作”没有量化指标" in findings and "救助人数 ≥400人" in findings
    assert "分项目标“工会事务”没有量化指标" in findings
    assert "职工困难帮扶防贫资金" not in findings  # the project findings are on the plan's page, not here
    for indicator in UnitIndicator.objects.filter(plan=plan):
        goal_services.unit_indicator_confirm(indicator=indicator, version=indicator.version, user=users["editor"])
    after = text(client.get(goals_url(plan)))
    assert "没有量化指标" not in after and "审核意见（部门整体） 审核没有发现问题" in after


@pytest.mark.parametrize("who", ["editor", "finance"])
def test_the_pages_read_in_chinese(plan, users, client, who):
    from .test_texts import NAMES, english_words, visible

    for name, user in users.items():  # people are named as in the pages' own test, not by their logins
        user.first_name = NAMES[name]
        user.save(update_fields=["first_name"])
    persons = row(plan, "救助人数")
    goal_services.unit_indicator_update(indicator=persons, fields={"basis": "上年救助412人"}, version=persons.version,
                                        user=users["editor"])
    login(client, users[who])
    for url in (goals_url(plan), f"/department/unit-indicators/{persons.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not english_words(visible(response.content.decode()).texts), url


def test_the_plans_json_carries_the_confirmed_indicators_and_links_and_reads_back_the_same(plan, users, client):
    from jixiao.formats.jixiao_json import from_dict

    persons = row(plan, "救助人数")
    goal_services.unit_indicator_confirm(indicator=persons, version=persons.version, user=users["editor"])
    login(client, users["editor"])
    downloaded = client.get(reverse("goals:plan_download", args=[plan.pk, "json"]))
    assert downloaded.status_code == 200
    sub_goals = downloaded.json()["department"]["sub_goals"]
    assert [i["name"] for i in sub_goals[0]["indicators"]] == ["救助人数"]  # the proposals are not the unit's yet
    assert sub_goals[1]["indicators"] == [] and sub_goals[1]["projects"] == [P2]
    again = goals.plan_import(document=from_dict(downloaded.json()), user=users["editor"])
    rows = UnitIndicator.objects.filter(plan=again)
    assert [(r.goal, r.name, r.target_raw, r.proposed) for r in rows if r.goal == 0] == [(0, "救助人数", "≥400人", False)]
    assert {r.name for r in rows if r.proposed} == {"省部级劳模人数", "体检费用标准", "正常运转人数"}


def test_the_plans_page_lists_each_sub_goals_confirmed_indicators(plan, users, client):
    persons = row(plan, "救助人数")
    login(client, users["editor"])
    page = client.get(reverse("goals:plan_detail", args=[plan.pk])).content.decode()
    assert 'class="sub-goal-indicators"' not in page  # proposals only: nothing is the unit's yet
    goal_services.unit_indicator_confirm(indicator=persons, version=persons.version, user=users["editor"])
    page = client.get(reverse("goals:plan_detail", args=[plan.pk])).content.decode()
    table = re.search(r'<table class="sub-goal-indicators">(.*?)</table>', page, re.S)[1]
    assert "<td>救助人数</td>" in table and "<td>≥400人</td>" in table and "正常运转人数" not in table


def test_a_form_without_its_version_is_refused_and_changes_nothing(plan, users, client):
    login(client, users["editor"])
    persons = row(plan, "救助人数")
    for url, data in [(goals_url(plan, "2/projects/"), {"projects": [P3]}),
                      (f"/department/unit-indicators/{persons.pk}/confirm/", {}),
                      (f"/department/unit-indicators/{persons.pk}/delete/", {"version": "abc"})]:
        refused = client.post(url, data)
        assert refused.status_code == 400 and e.NO_VERSION in text(refused), url
    plan.refresh_from_db()
    assert plan.department["sub_goals"][2]["projects"] == [] and UnitIndicator.objects.filter(plan=plan).count() == 5
    assert not Entry.objects.filter(object_type="unitindicator").exists()
