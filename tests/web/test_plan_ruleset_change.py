"""更换规则集 (issue 15 §1): a 管理员 or the 财政审核 of the plan's area changes the rule set a plan is judged by
before approval, with a reason and from the version the page showed; the history keeps it; the plan page and
the self-evaluation page name the rule set; a province's own folder (JIXIAO_RULESETS_DIR) is offered too and
checked at start-up."""

import re

import pytest
import requests

from jixiao.core.errors import JixiaoError
from jixiao.rulesets import errors as rule_errors
from jixiao.rulesets import load
from jixiao.web.evaluation import selectors as evaluation
from jixiao.web.goals import errors as e
from jixiao.web.goals.checks import rulesets_usable
from jixiao.web.goals.errors import StaleError, StateError
from jixiao.web.goals.models import Plan, ReviewArea, Unit
from jixiao.web.goals.rulesets import plan_ruleset_change
from jixiao.web.history.models import Entry

from .conftest import approve, login
from .test_api_live import browser_login

STRICT, B80, DEFAULT = "CZ-2020-10-STRICT", "CZ-2020-10-B80", "CZ-2020-10"
HB = ('code = "HB-2021"\ntitle = "河北省2021年项目支出绩效自评规则"\nbase = "CZ-2020-10"\n\n'
      '[grades]  # 冀财绩〔2021〕1号\n"优" = 95\n"良" = 85\n"中" = 70\n')


def label(code: str) -> str:
    rules = load(code)
    return f"{rules.code}（{rules.title}）"


@pytest.fixture
def province(tmp_path, settings):
    (tmp_path / "hb.toml").write_text(HB, "utf-8")
    settings.RULESETS_DIR = str(tmp_path)
    return tmp_path


def change(plan, user, code=STRICT, reason="按省财政厅2021年通知", version=None):
    return plan_ruleset_change(plan=plan, ruleset=code, reason=reason,
                               version=plan.version if version is None else version, user=user)


# ---------------------------------------------------------------- the service

def test_an_admin_changes_a_drafts_rule_set_with_a_reason_and_the_history_keeps_it(plan, users):
    assert plan.state == Plan.DRAFT and plan.ruleset == DEFAULT
    version = plan.version
    changed = change(plan, users["admin"])
    assert (changed.ruleset, changed.version) == (STRICT, version + 1)
    assert Plan.objects.get(pk=plan.pk).rules.code == STRICT
    entry = Entry.objects.filter(action="plan.ruleset_changed").get()
    assert (entry.object_id, entry.user, entry.note) == (plan.pk, users["admin"], "按省财政厅2021年通知")
    assert entry.changes == {"规则集": [label(DEFAULT), label(STRICT)]}


def test_finance_changes_it_during_its_review_and_the_review_is_the_new_ones(plan, users, client):
    from jixiao.web.goals import services

    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    services.plan_unit_approve(plan=plan, user=users["approver"])
    assert Plan.objects.get(pk=plan.pk).state == Plan.FINANCE_REVIEW
    change(Plan.objects.get(pk=plan.pk), users["finance"], B80)
    data = login(client, users["finance"]).get(f"/api/plans/{plan.pk}").json()
    assert data["ruleset"] == B80 and data["review"]["ruleset"] == B80


def test_after_approval_the_rule_set_no_longer_changes_and_the_message_says_why(plan, users):
    approve(plan, users)
    plan = Plan.objects.get(pk=plan.pk)
    with pytest.raises(StateError) as caught:
        change(plan, users["admin"])
    assert caught.value.status == 409 and caught.value.message == e.RULESET_LOCKED_MESSAGE.format(
        state="已批复", code=DEFAULT)
    assert Plan.objects.get(pk=plan.pk).ruleset == DEFAULT and not Entry.objects.filter(action="plan.ruleset_changed")


def test_a_stale_version_is_refused_and_changes_nothing(plan, users):
    seen = plan.version
    change(plan, users["admin"], B80, version=seen)
    with pytest.raises(StaleError) as caught:
        change(plan, users["admin"], STRICT, version=seen)
    assert caught.value.status == 409 and caught.value.message == e.STALE_MESSAGE.format(
        what=e.STALE_PLAN.format(plan=plan))
    assert Plan.objects.get(pk=plan.pk).ruleset == B80 and Entry.objects.filter(action="plan.ruleset_changed").count() == 1


@pytest.mark.parametrize(("code", "reason", "message"), [
    (STRICT, "  ", e.RULESET_REASON_MESSAGE),
    (STRICT, "理" * 501, e.RULESET_REASON_MESSAGE),
    (DEFAULT, "再确认", e.RULESET_SAME_MESSAGE.format(code=DEFAULT)),
    ("HN-2024", "某省", rule_errors.UNKNOWN_RULESET.format(code="HN-2024", known=f"{DEFAULT}、{B80}、{STRICT}")),
])
def test_a_missing_reason_the_same_or_an_unknown_rule_set_is_a_400(plan, users, code, reason, message):
    with pytest.raises(JixiaoError) as caught:
        change(plan, users["admin"], code, reason)
    assert caught.value.status == 400 and caught.value.message == message and list(caught.value.fields) in (
        ["reason"], ["ruleset"])
    assert Plan.objects.get(pk=plan.pk).ruleset == DEFAULT


# ---------------------------------------------------------------- pages

def _form(page: str) -> dict:
    version = re.search(r'name="version" value="(\d+)"', page.split('id="ruleset-change"')[1]).group(1)
    return {"version": version}


def test_the_plan_page_names_the_rule_set_and_offers_the_change_to_an_admin(plan, users, client):
    page = login(client, users["admin"]).get(f"/goals/{plan.pk}/").content.decode()
    assert f'<span id="plan-ruleset">规则集：{label(DEFAULT)}</span>' in page
    assert 'id="ruleset-change"' in page and f'<option value="{STRICT}">{label(STRICT)}</option>' in page
    response = client.post(f"/goals/{plan.pk}/ruleset/", {"ruleset": STRICT, "reason": "按省财政厅通知", **_form(page)})
    assert response.status_code == 302
    page = client.get(f"/goals/{plan.pk}/").content.decode()
    assert f"规则集：{label(STRICT)}" in page and "更换规则集" in page and "按省财政厅通知" in page  # the history row


def test_two_admins_at_once_the_second_is_told_409(plan, users, client, django_user_model):
    from django.test import Client

    from jixiao.web.accounts.roles import ADMIN

    second = django_user_model.objects.create_user("admin2", password="x")
    second.groups.add(users["admin"].groups.get(name=ADMIN))
    first, other = login(client, users["admin"]), login(Client(), second)
    seen_first = _form(first.get(f"/goals/{plan.pk}/").content.decode())
    seen_second = _form(other.get(f"/goals/{plan.pk}/").content.decode())
    assert first.post(f"/goals/{plan.pk}/ruleset/", {"ruleset": B80, "reason": "第一位", **seen_first}).status_code == 302
    response = other.post(f"/goals/{plan.pk}/ruleset/", {"ruleset": STRICT, "reason": "第二位", **seen_second})
    assert response.status_code == 409 and e.STALE_MESSAGE.format(what=e.STALE_PLAN.format(plan=plan)) in \
        response.content.decode()
    assert Plan.objects.get(pk=plan.pk).ruleset == B80


def test_a_form_without_a_reason_or_with_a_code_not_offered_is_a_400_naming_it(plan, users, client):
    page = login(client, users["admin"]).get(f"/goals/{plan.pk}/").content.decode()
    response = client.post(f"/goals/{plan.pk}/ruleset/", {"ruleset": STRICT, "reason": "", **_form(page)})
    assert response.status_code == 400 and "请填写更换理由" in response.content.decode()
    response = client.post(f"/goals/{plan.pk}/ruleset/", {"ruleset": "HN-2024", "reason": "x", **_form(page)})
    assert response.status_code == 400 and "没有规则集“HN-2024”，请从列表中选择" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).ruleset == DEFAULT


@pytest.mark.parametrize(("who", "status"), [("editor", 403), ("approver", 403), ("relief", 403), ("outsider", 404),
                                             ("area", 404)])
def test_unit_users_readers_and_finance_of_another_area_may_not(plan, users, client, who, status):
    if who == "area":
        Unit.objects.filter(code="726001").update(finance_bureau="柳溪县财政局")
        ReviewArea.objects.create(user=users["finance"], finance_bureau="柳溪县财政局")
        who = "finance"
    login(client, users[who])
    page = client.get(f"/goals/{plan.pk}/")
    assert page.status_code == (200 if status == 403 else 404) and 'id="ruleset-change"' not in page.content.decode()
    response = client.post(f"/goals/{plan.pk}/ruleset/", {"ruleset": STRICT, "reason": "x", "version": plan.version})
    assert response.status_code == status
    api = client.patch(f"/api/plans/{plan.pk}/ruleset", {"ruleset": STRICT, "reason": "x", "version": plan.version},
                       content_type="application/json")
    assert api.status_code == status and Plan.objects.get(pk=plan.pk).ruleset == DEFAULT


def test_finance_of_the_plans_own_area_may(plan, users, client):
    Unit.objects.filter(code="711001").update(finance_bureau="昌黎县财政局")
    ReviewArea.objects.create(user=users["finance"], finance_bureau="昌黎县财政局")
    page = login(client, users["finance"]).get(f"/goals/{plan.pk}/").content.decode()
    assert 'id="ruleset-change"' in page
    assert client.post(f"/goals/{plan.pk}/ruleset/", {"ruleset": B80, "reason": "区域内", **_form(page)}).status_code == 302


def test_the_self_evaluation_page_names_the_rule_set_and_no_change_is_offered_after_approval(plan, users, client):
    change(plan, users["admin"], B80)
    approve(Plan.objects.get(pk=plan.pk), users)
    login(client, users["admin"])
    page = client.get(f"/evaluation/{plan.pk}/self-evaluation/").content.decode()
    assert f'<p id="plan-ruleset">评分规则集：{label(B80)}</p>' in page
    assert 'id="ruleset-change"' not in client.get(f"/goals/{plan.pk}/").content.decode()
    response = client.post(f"/goals/{plan.pk}/ruleset/", {"ruleset": STRICT, "reason": "x", "version": 99})
    assert response.status_code == 409 and "已按规则集CZ-2020-10-B80批复" in response.content.decode()


# ---------------------------------------------------------------- the API

def test_the_api_changes_it_and_answers_the_plan(plan, users, client):
    login(client, users["admin"])
    response = client.patch(f"/api/plans/{plan.pk}/ruleset", {"ruleset": STRICT, "reason": "接口", "version": plan.version},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["ruleset"] == STRICT and response.json()["version"] == plan.version + 1
    stale = client.patch(f"/api/plans/{plan.pk}/ruleset", {"ruleset": B80, "reason": "接口", "version": plan.version},
                         content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    same = client.patch(f"/api/plans/{plan.pk}/ruleset", {"ruleset": STRICT, "reason": "接口", "version": plan.version + 1},
                        content_type="application/json")
    assert same.status_code == 400 and same.json()["fields"] == {"ruleset": e.RULESET_SAME_MESSAGE.format(code=STRICT)}


# ---------------------------------------------------------------- a province's folder

def test_a_folders_rule_set_is_offered_chosen_and_judges_the_self_evaluation(province, plan, users, client):
    page = login(client, users["admin"]).get(f"/goals/{plan.pk}/").content.decode()
    assert '<option value="HB-2021">HB-2021（河北省2021年项目支出绩效自评规则）</option>' in page
    assert client.post(f"/goals/{plan.pk}/ruleset/", {"ruleset": "HB-2021", "reason": "省规则", **_form(page)}).status_code == 302
    approve(Plan.objects.get(pk=plan.pk), users)
    scores = evaluation.scores(Plan.objects.get(pk=plan.pk))
    assert {s.ruleset for s in scores} == {"HB-2021"}
    national = load(DEFAULT)
    for s in scores:  # the province's bands: 95/85/70 where the national ones are 90/80/60
        assert s.grade == next(g for g, floor in (("优", 95), ("良", 85), ("中", 70), ("差", 0)) if s.total >= floor)
        assert national["grades"]["优"] == 90
    page = client.get(f"/evaluation/{plan.pk}/self-evaluation/").content.decode()
    assert "评分规则集：HB-2021（河北省2021年项目支出绩效自评规则）" in page


def test_new_plans_take_a_folders_code_from_jixiao_ruleset(province, settings, users):
    from jixiao.formats.reader import read_path
    from jixiao.web.goals import services

    from .conftest import SEED

    settings.RULESET = "hb-2021"
    document, _ = read_path(SEED)
    assert services.plan_import(document=document, user=users["editor"]).ruleset == "HB-2021"


def test_a_broken_file_or_an_unknown_default_is_a_start_up_error_naming_file_and_key(province, settings):
    assert rulesets_usable() == []
    (province / "zz.toml").write_text(HB.replace("HB-2021", "ZZ-2021").replace('"中" = 70', '"中" = "七十"'), "utf-8")
    (province / "cz.toml").write_text('code = "CZ-2020-10"\ntitle = "冒名"\nbase = "CZ-2020-10"\n', "utf-8")
    settings.RULESET = "HN-2024"
    found = rulesets_usable()
    assert [m.id for m in found] == ["jixiao.E001", "jixiao.E002", "jixiao.E003"]
    assert found[0].msg == f"{province / 'cz.toml'}：{rule_errors.SHIPPED_CODE.format(code='CZ-2020-10')}"
    assert found[1].msg == f"{province / 'zz.toml'}：" + rule_errors.WRONG_TYPE.format(
        key="grades.中", expected="数值", given="文字“七十”")
    assert found[2].msg.startswith("没有规则集“HN-2024”") and "HB-2021" in found[2].msg
    assert all(m.is_serious() for m in found)


# ---------------------------------------------------------------- a live server, as a browser sends it

def test_an_admin_changes_it_on_a_live_server_with_the_csrf_token(live_server, plan, users):
    session = browser_login(live_server.url, "admin")
    page = session.get(f"{live_server.url}/goals/{plan.pk}/", timeout=60).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.split('id="ruleset-change"')[1]).group(1)
    data = {"ruleset": STRICT, "reason": "现场更换", **_form(page)}
    refused = requests.post(f"{live_server.url}/goals/{plan.pk}/ruleset/", data=data, cookies=session.cookies,
                            timeout=60, allow_redirects=False)  # no CSRF token: refused
    assert refused.status_code == 403 and Plan.objects.get(pk=plan.pk).ruleset == DEFAULT
    response = session.post(f"{live_server.url}/goals/{plan.pk}/ruleset/", data={**data, "csrfmiddlewaretoken": token},
                            headers={"Referer": f"{live_server.url}/goals/{plan.pk}/"}, timeout=60)
    assert response.status_code == 200 and f"规则集：{label(STRICT)}" in response.text and "现场更换" in response.text
    assert Plan.objects.get(pk=plan.pk).ruleset == STRICT
