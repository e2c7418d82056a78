"""The unit's own 年度绩效指标 (issue 14 §1: the official 部门整体支出绩效目标表 has one indicator table for
the unit as a whole, as 宁德's document publishes it): an upload stores them as UnitIndicator rows
without a 分项目标 (goal None), confirmed; the goals page shows them in their own section with the same
row (edit, delete, metric binding); the review and jixiao/1 read them back; the API lists them; next
year's copy carries them; the 部门整体 self-evaluation scores them under 部门整体. By the Django client
and on a live server with CSRF."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.formats.jixiao_json import read_json, to_dict
from jixiao.formats.reader import read_path
from jixiao.review import review_document
from jixiao.web.accounts.models import Membership
from jixiao.web.accounts.roles import EDITOR
from jixiao.web.department import evaluation_selectors
from jixiao.web.department import services as department
from jixiao.web.department.models import UnitIndicator
from jixiao.web.department.selectors import department_evaluation
from jixiao.web.goals import services as goals
from jixiao.web.goals.convert import plan_document
from jixiao.web.goals.models import Plan, Unit
from jixiao.web.history.models import Entry

from ..conftest import CORPUS
from .conftest import PASSWORD, login
from .test_api_live import browser_login

NINGDE = CORPUS / "real" / "ningde-dangshi-2019-unitwide.txt"
NAMES = ["志鉴地情相关工作开展所需资金的供应时效", "确保日常工作正常运行", "按年度发放绩效奖、文明奖、综治平安奖、应休未休补贴",
         "调研、督促、指导志、鉴、地情编纂的县(市、区)的覆盖率", "各类书籍审稿率", "项目完成时间"]


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def goals_url(plan) -> str:
    return f"/department/{plan.unit_id}/{plan.year}/goals/"


@pytest.fixture
def editor(users, django_user_model):
    """宁德's unit (its document names its code) with an editor of its own."""
    unit = Unit.objects.create(code="901001033", name="中共宁德市委党史和地方志研究室")
    user = django_user_model.objects.create_user("ningde", password=PASSWORD)
    user.groups.add(Group.objects.get(name=EDITOR))
    Membership.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def ningde(editor, client) -> Plan:
    """宁德's document uploaded by its unit's editor and confirmed."""
    editor = login(client, editor)
    preview = editor.post("/goals/upload/", {"file": SimpleUploadedFile(NINGDE.name, NINGDE.read_bytes())})
    assert preview.status_code == 200 and "确认导入" in preview.content.decode()
    assert editor.post("/goals/upload/confirm/").status_code == 302
    return Plan.objects.get()


def own(plan) -> list[UnitIndicator]:
    return list(UnitIndicator.objects.filter(plan=plan, goal=None).order_by("position"))


def test_the_upload_stores_the_unit_table_as_confirmed_rows_without_a_sub_goal(ningde):
    rows = own(ningde)
    assert [r.name for r in rows] == NAMES and [r.position for r in rows] == [1, 2, 3, 4, 5, 6]
    assert not any(r.proposed for r in rows)
    third = rows[2]
    assert (third.level1, third.level2, third.target_raw, third.op, third.value, third.unit, third.description) == (
        "产出指标", "数量指标", "≥60%", "≥", 60, "%", "60%")
    assert not UnitIndicator.objects.filter(plan=ningde, goal__isnull=False, proposed=False).exists()
    imported = Entry.objects.get(action="plan.imported", object_id=ningde.pk)
    assert "部门整体绩效指标" in imported.note


def test_the_goals_page_lists_them_in_their_own_section(ningde, client):
    page = client.get(goals_url(ningde))
    assert page.status_code == 200
    html = page.content.decode()
    section = html[html.index('id="unit-table"'):html.index("<h2>分项绩效目标</h2>")]
    for r in own(ningde):
        assert f'id="unit-indicator-{r.pk}"' in section
        assert f'action="/department/unit-indicators/{r.pk}/delete/"' in section
    assert "部门整体年度绩效指标" in text(page) and "已确认" in section
    sub_goals = html[html.index("<h2>分项绩效目标</h2>"):]
    assert not any(f'id="unit-indicator-{r.pk}"' in sub_goals for r in own(ningde))


def test_the_seed_page_offers_the_editor_an_empty_unit_table_and_finance_nothing(plan, users, client):
    page = login(client, users["editor"]).get(goals_url(plan)).content.decode()
    section = page[page.index('id="unit-table"'):page.index("<h2>分项绩效目标</h2>")]
    assert "没有部门整体年度绩效指标" in section and f'action="{goals_url(plan)}unit/indicators/"' in section
    page = login(client, users["finance"]).get(goals_url(plan)).content.decode()
    assert 'id="unit-table"' not in page and "部门整体年度绩效指标" not in page


NEW = {"version": "0", "level1": "效益指标", "level2": "社会效益指标", "name": "地方志资源开发利用次数",
       "description": "", "target_raw": "≥20次", "basis": "上年完成情况"}


def test_the_editor_adds_one_to_the_unit_table(plan, users, client):
    editor = login(client, users["editor"])
    done = editor.post(f"{goals_url(plan)}unit/indicators/", {f"u-{k}": v for k, v in NEW.items()})
    assert done.status_code == 302
    row = UnitIndicator.objects.get(plan=plan, goal=None)
    assert (row.name, row.target_raw, row.op, row.value, row.unit, row.proposed, row.position) == (
        "地方志资源开发利用次数", "≥20次", "≥", 20, "次", False, 1)
    created = Entry.objects.get(action="unit_indicator.created", object_id=row.pk)
    assert created.note == "2021年部门整体年度绩效指标"
    assert [i.name for i in plan_document(Plan.objects.get(pk=plan.pk)).department.indicators] == [row.name]
    page = editor.get(goals_url(plan)).content.decode()
    assert f'id="unit-indicator-{row.pk}"' in page[page.index('id="unit-table"'):page.index("<h2>分项绩效目标</h2>")]


def test_a_wrong_unit_table_form_comes_back_with_its_errors_and_saves_nothing(plan, users, client):
    editor = login(client, users["editor"])
    bad = editor.post(f"{goals_url(plan)}unit/indicators/",
                      {f"u-{k}": v for k, v in (NEW | {"level2": "数量指标", "name": ""}).items()})
    assert bad.status_code == 400 and not UnitIndicator.objects.filter(plan=plan, goal=None).exists()
    html = bad.content.decode()
    section = html[html.index('id="unit-table"'):html.index("<h2>分项绩效目标</h2>")]
    assert "<details open>" in section
    assert re.findall(r'class="error-text">([^<]*)<', section) == ["二级指标：“数量指标”不属于一级指标“效益指标”", "请填写三级指标"]


def test_finance_and_an_outsider_cannot_add_to_the_unit_table(plan, users, client):
    finance = login(client, users["finance"]).post(f"{goals_url(plan)}unit/indicators/",
                                                   {f"u-{k}": v for k, v in NEW.items()})
    assert finance.status_code == 403
    outsider = login(client, users["outsider"]).post(f"{goals_url(plan)}unit/indicators/",
                                                     {f"u-{k}": v for k, v in NEW.items()})
    assert outsider.status_code == 404
    assert not UnitIndicator.objects.filter(plan=plan, goal=None).exists()


def test_the_review_reads_them_and_does_not_fault_the_sub_goals(ningde):
    document = plan_document(Plan.objects.get(pk=ningde.pk))
    assert [i.name for i in document.department.indicators] == NAMES
    assert [s.indicators for s in document.department.sub_goals] == [[], [], []]
    codes = {f.code for f in review_document(document).findings}
    assert "department-sub-goal-unmeasured" not in codes and "department-operator-inferred" in codes


def test_the_stored_plan_round_trips_through_jixiao_json_as_the_document_read(ningde):
    def seen(data):  # the database keeps six decimal places: compare the numbers
        return [(i["level1"], i["level2"], i["name"], i["description"], i["target"]["raw"], i["target"]["op"],
                 None if i["target"]["value"] is None else Decimal(i["target"]["value"]), i["target"]["unit"])
                for i in data["department"]["indicators"]]

    stored = to_dict(plan_document(Plan.objects.get(pk=ningde.pk)))
    assert seen(stored) == seen(to_dict(read_path(NINGDE)[0])) and len(seen(stored)) == 6
    again, _ = read_json(json.dumps(stored, ensure_ascii=False).encode("utf-8"))
    assert to_dict(again)["department"]["indicators"] == stored["department"]["indicators"]


def test_an_own_indicator_is_edited_and_deleted_with_its_history_and_bound(ningde, editor, client):
    login(client, editor)
    second = own(ningde)[1]
    form = client.get(f"/department/unit-indicators/{second.pk}/")
    assert form.status_code == 200 and "部门整体年度绩效指标" in text(form)
    saved = client.post(f"/department/unit-indicators/{second.pk}/", {
        "version": second.version, "level1": "产出指标", "level2": "质量指标", "name": "日常工作正常运行率",
        "description": "", "target_raw": "≥98%", "basis": ""})
    assert saved.status_code == 302
    second.refresh_from_db()
    assert (second.name, second.goal, second.value, second.version) == ("日常工作正常运行率", None, 98, 2)
    changed = Entry.objects.get(action="unit_indicator.changed", object_id=second.pk)
    assert changed.note == "2019年部门整体年度绩效指标"
    bound = department.unit_indicator_bind(indicator=second, metric="unit_execution", version=second.version,
                                           user=editor)
    assert bound.metric == "unit_execution" and bound.goal is None
    first = own(ningde)[0]
    stale = client.post(f"/department/unit-indicators/{first.pk}/delete/", {"version": first.version + 1})
    assert stale.status_code == 409 and UnitIndicator.objects.filter(pk=first.pk).exists()
    gone = client.post(f"/department/unit-indicators/{first.pk}/delete/", {"version": first.version})
    assert gone.status_code == 302 and not UnitIndicator.objects.filter(pk=first.pk).exists()
    deleted = Entry.objects.get(action="unit_indicator.deleted", object_id=ningde.pk)
    assert deleted.note == "2019年部门整体年度绩效指标" and NAMES[0] in str(deleted.changes)
    history = text(client.get(goals_url(ningde)))
    assert "2019年部门整体年度绩效指标" in history[history.index("变更历史"):]


def test_finance_reads_the_section_but_has_no_buttons(ningde, users, client):
    page = login(client, users["finance"]).get(goals_url(ningde)).content.decode()
    section = page[page.index('id="unit-table"'):page.index("<h2>分项绩效目标</h2>")]
    assert NAMES[0] in section and "/delete/" not in section


def test_the_api_lists_them_apart_with_goal_null(ningde, editor, client):
    from jixiao.web.accounts.models import Token

    auth = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(editor)}"}
    got = client.get("/api/department/901001033/2019/goals", **auth).json()
    assert [i["name"] for i in got["indicators"]] == NAMES
    assert all(i["goal"] is None and not i["proposed"] for i in got["indicators"])
    assert all(i["goal"] is not None for s in got["sub_goals"] for i in s["indicators"])
    first = got["indicators"][0]
    changed = client.put(f"/api/department/unit-indicators/{first['id']}", {
        "version": first["version"], "level1": "产出指标", "level2": "时效指标", "name": first["name"],
        "description": "", "target_raw": "≥95%", "basis": ""}, content_type="application/json", **auth)
    assert changed.status_code == 200 and changed.json()["goal"] is None and changed.json()["target_raw"] == "≥95%"
    none = client.get("/api/department/901001033/2020/goals", **auth).json()
    assert none["plan_id"] is None and none["indicators"] == []


def test_next_years_copy_carries_them(ningde, editor):
    new = goals.plan_copy_next_year(plan=ningde, user=editor)
    rows = own(new)
    assert [r.name for r in rows] == NAMES and not any(r.proposed for r in rows)
    assert rows[5].description == "2020年12月(计划标准)"  # the plan year moved
    assert [i.name for i in plan_document(new).department.indicators] == NAMES


def test_the_self_evaluation_scores_them_under_the_unit_as_a_whole(ningde):
    plan = Plan.objects.get(pk=ningde.pk)
    rows = evaluation_selectors.unit_rows(plan)
    assert [(r.goal, r.indicator.name) for r in rows] == [("部门整体", n) for n in NAMES]
    assert {evaluation_selectors.unit_item(r).sub_goal for r in rows} == {"部门整体"}
    evaluation = evaluation_selectors.department_evaluation_of(plan).evaluation
    assert [(s.sub_goal, s.indicator.name) for s in evaluation.items] == [("部门整体", n) for n in NAMES]
    assert [(r["goal"], r["goal_index"]) for r in department_evaluation(plan=plan)["indicators"]] == [("部门整体", None)] * 6


def test_deleting_one_on_a_live_server_with_its_csrf_token(live_server, ningde, sessions):
    session = browser_login(live_server.url, "ningde")
    sessions.append(session)
    url = f"{live_server.url}{goals_url(ningde)}"
    page = session.get(url, timeout=60)
    last = own(ningde)[-1]
    action = f"/department/unit-indicators/{last.pk}/delete/"
    form = re.search(rf'<form[^>]*action="{action}"[^>]*>(.*?)</form>', page.text, re.S)[1]
    data = dict(re.findall(r'name="(csrfmiddlewaretoken|version)" value="([^"]*)"', form))
    without = session.post(f"{live_server.url}{action}", data={"version": data["version"]},
                           headers={"Referer": url}, timeout=60)
    assert without.status_code == 403 and UnitIndicator.objects.filter(pk=last.pk).exists()
    done = session.post(f"{live_server.url}{action}", data=data, headers={"Referer": url}, timeout=60)
    assert done.status_code == 200 and f"已删除部门整体绩效指标“{NAMES[-1]}”" in done.text
    assert [r.name for r in own(ningde)] == NAMES[:-1]
