"""更正 of published goals (issue 14): publishing freezes the goals the public reads; a 调整 approved after
publication changes the goals in force, and the plan page says 已公开的目标与现行目标不一致，请发布更正 with
what differs. Those who may publish 更正 them with a reason: the goals in force (project and unit-wide)
become the public ones, the public page says 更正 with its date and reason, and the earlier version stays
readable. The form carries a fingerprint of what the page showed: a stale page, another's 更正 or a second
click is refused (409, nothing changed). By the Django client, and on a live server with two users."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from jixiao.core.goal_changes import GoalChange
from jixiao.web.department import goal_services
from jixiao.web.department.models import UnitIndicator
from jixiao.web.goals import services
from jixiao.web.goals.models import Adjustment, Indicator, Plan
from jixiao.web.history.models import Entry
from jixiao.web.history.services import ACTIONS
from jixiao.web.public import errors as e
from jixiao.web.public import selectors
from jixiao.web.public import services as public
from jixiao.web.public.models import PublishedPlan

from .conftest import approve, login
from .test_api_live import browser_login, chinese
from .test_concurrency import at_once

P1 = "13032221GVUVTX63BWWCQ"
PLACE = "项目“职工困难帮扶防贫资金”指标“困难帮扶人数”的指标值"
REASON = "经财政批准，困难帮扶人数调整为不少于350人"


def adjust(plan, users, revised: str = "≥350人") -> Adjustment:
    indicator = Indicator.objects.get(project__plan=plan, project__code=P1, name="困难帮扶人数")
    adjustment = services.adjustment_request(indicator=indicator, revised=revised, reason="经费压减",
                                             user=users["editor"])
    return services.adjustment_decide(adjustment=adjustment, approve=True, comment="同意", user=users["finance"])


@pytest.fixture
def published(plan, users) -> Plan:
    """The seed's plan with one unit-wide indicator confirmed, approved and published."""
    first = UnitIndicator.objects.filter(plan=plan, goal=0).order_by("position").first()
    goal_services.unit_indicator_confirm(indicator=first, version=first.version, user=users["editor"])
    return services.plan_publish(plan=approve(plan, users), user=users["approver"])


def plan_url(plan) -> str:
    return f"/goals/{plan.pk}/"


def seen_of(html: str) -> str:
    return re.search(r'action="/goals/\d+/correct/">.*?name="seen" value="([^"]*)"', html, re.S)[1]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def day_of(moment) -> str:
    """The day as the pages print it: in the server's time zone (Beijing), not UTC (after 16:00 UTC, tomorrow)."""
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日"


def test_the_plan_page_says_nothing_differs_until_an_adjustment_is_approved(published, users, client):
    page = login(client, users["approver"]).get(plan_url(published)).content.decode()
    assert 'id="goals-publication"' in page and e.GOALS_DIFFER not in page
    assert selectors.published_goal_changes(published, selectors.published_plan(published)) == []
    adjust(published, users)
    page = client.get(plan_url(published)).content.decode()
    assert f'<p class="error-text" id="goals-differ">{e.GOALS_DIFFER}。</p>' in page
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>",
                      re.search(r'<table id="goals-changes">(.*?)</table>', page, re.S)[1])
    assert rows == [(PLACE, "≥400人", "≥350人")]
    assert 'action="/goals/%d/correct/"' % published.pk in page
    public_page = client.get("/public/711001/2021/").content.decode()  # frozen: still the published target
    assert "≥400人" in public_page and "≥350人" not in public_page and 'id="goals-corrections"' not in public_page
    first = PublishedPlan.objects.get()
    day = day_of(first.created_at)
    note = re.search(r'<p id="goals-pending" class="notice">([^<]*)</p>', public_page)[1]  # but never silently
    assert note == e.GOALS_PENDING.format(when=f"{day}公开") + "。"
    assert note == f"公开后有经批准的目标调整，单位尚未发布更正；本页为{day}公开的版本。"


def test_the_editor_sees_the_warning_but_no_form(published, users, client):
    adjust(published, users)
    page = login(client, users["editor"]).get(plan_url(published)).content.decode()
    assert e.GOALS_DIFFER in page and "/correct/" not in page and "由本单位的单位审核发布更正" in page


def test_the_correction_republishes_project_and_unit_wide_goals_with_its_reason(published, users, client):
    adjust(published, users)
    login(client, users["approver"])
    seen = seen_of(client.get(plan_url(published)).content.decode())
    done = client.post(f"/goals/{published.pk}/correct/", {"reason": REASON, "seen": seen})
    assert done.status_code == 302
    first, newest = PublishedPlan.objects.order_by("pk")
    assert (first.reason, newest.reason, newest.created_by) == ("", REASON, users["approver"])
    persons = next(i for p in newest.document["projects"] if p["code"] == P1 for i in p["indicators"]
                   if i["name"] == "困难帮扶人数")
    assert persons["target"]["raw"] == "≥350人"
    unit_wide = newest.document["department"]["sub_goals"][0]["indicators"]
    assert [(i["name"], i["target"]["raw"]) for i in unit_wide] == [(i["name"], i["target"]["raw"])
                                                                     for i in first.document["department"]["sub_goals"][0]["indicators"]]
    assert len(unit_wide) == 1 and newest.document["department"] == first.document["department"]
    page = client.get(plan_url(published)).content.decode()
    assert e.GOALS_DIFFER not in page and f"更正：{REASON}（现行）" in page and "首次公开" in page
    entry = Entry.objects.get(action="plan.corrected", object_id=published.pk)
    assert entry.note == REASON and entry.changes == {"published_goals": [f"{PLACE}：≥400人", f"{PLACE}：≥350人"]}
    history = text(page[page.index("变更历史"):])
    assert ACTIONS["plan.corrected"] == "更正公开的绩效目标" and "更正公开的绩效目标" in history
    assert "公开的绩效目标" in history and f"{PLACE}：≥400人" in history


def test_the_public_page_says_更正_and_keeps_the_earlier_version_readable(published, users, client):
    adjust(published, users)
    public.published_plan_correct(plan=published, reason=REASON, user=users["approver"])
    first, newest = PublishedPlan.objects.order_by("pk")
    client.logout()
    page = client.get("/public/711001/2021/").content.decode()
    section = page[page.index('id="goals-corrections"'):page.index("</section>")]
    day = day_of(newest.created_at)
    assert f"{day}更正：{REASON}" in text(section) and 'id="goals-pending"' not in page
    assert f'href="/public/711001/2021/goals/{first.pk}/"' in section
    assert "≥350人" in page and "困难帮扶人数" in page
    earlier = client.get(f"/public/711001/2021/goals/{first.pk}/").content.decode()
    assert "≥400人" in earlier and "≥350人" not in earlier
    assert f"这个版本已于{day}被更正（{REASON}）" in text(earlier)
    current = client.get(f"/public/711001/2021/goals/{newest.pk}/").content.decode()
    assert "这是现行的公开版本" in current and f"更正原因：{REASON}" in current
    assert client.get("/public/711001/2021/goals/99999/").status_code == 404
    assert client.get("/public/726001/2021/goals/%d/" % first.pk).status_code == 404  # another unit's address


def test_refusals_change_nothing(published, users, client):
    def count():
        return PublishedPlan.objects.filter(plan=published).count()

    login(client, users["approver"])
    same = client.post(f"/goals/{published.pk}/correct/", {"reason": REASON,
                                                           "seen": seen_of_changes(published)})
    assert same.status_code == 409 and e.GOALS_SAME_MESSAGE.format(plan=published) in same.content.decode()
    adjust(published, users)
    seen = seen_of(client.get(plan_url(published)).content.decode())
    blank = client.post(f"/goals/{published.pk}/correct/", {"reason": "  ", "seen": seen})
    assert blank.status_code == 400 and e.GOALS_REASON_MESSAGE in blank.content.decode()
    missing = client.post(f"/goals/{published.pk}/correct/", {"reason": REASON})
    assert missing.status_code == 400 and "请填写页面内容标识" in missing.content.decode()
    long = client.post(f"/goals/{published.pk}/correct/", {"reason": "因" * 501, "seen": seen})
    assert long.status_code == 400 and "更正原因最多500个字符，填了501个" in long.content.decode()
    editor = login(client, users["editor"]).post(f"/goals/{published.pk}/correct/", {"reason": REASON, "seen": seen})
    assert editor.status_code == 403
    outsider = login(client, users["outsider"]).post(f"/goals/{published.pk}/correct/",
                                                    {"reason": REASON, "seen": seen})
    assert outsider.status_code == 404
    assert count() == 1 and not Entry.objects.filter(action="plan.corrected").exists()


def seen_of_changes(plan) -> str:
    published = selectors.published_plan(plan)
    return selectors.goals_seen(published, selectors.published_goal_changes(plan, published))


def test_a_stale_page_and_a_second_click_are_refused(published, users, client):
    adjust(published, users)
    login(client, users["approver"])
    seen = seen_of(client.get(plan_url(published)).content.decode())
    other = Indicator.objects.get(project__plan=published, project__code=P1, name="困难帮扶人数")
    services.adjustment_decide(adjustment=services.adjustment_request(
        indicator=other, revised="≥360人", reason="再调整", user=users["editor"]), approve=True, comment="同意",
        user=users["finance"])  # approved after the page was opened
    stale = client.post(f"/goals/{published.pk}/correct/", {"reason": REASON, "seen": seen})
    assert stale.status_code == 409 and e.GOALS_CHANGED_MESSAGE.format(plan=published) in stale.content.decode()
    assert PublishedPlan.objects.count() == 1
    fresh = seen_of(client.get(plan_url(published)).content.decode())
    assert client.post(f"/goals/{published.pk}/correct/", {"reason": REASON, "seen": fresh}).status_code == 302
    again = client.post(f"/goals/{published.pk}/correct/", {"reason": REASON, "seen": fresh})  # the second click
    assert again.status_code == 409 and PublishedPlan.objects.count() == 2


def test_a_plan_not_published_cannot_be_corrected(plan, users):
    approved = approve(plan, users)
    with pytest.raises(e.PublicError) as refused:
        public.published_plan_correct(plan=approved, reason=REASON, user=users["approver"])
    assert refused.value.status == 409
    assert refused.value.message == e.GOALS_NOT_PUBLISHED_MESSAGE.format(plan=approved, state="已批复")


def test_the_changes_name_unit_wide_indicators_too(published, users):
    """An edit the unit-wide rows could still receive (a row of the database changed by hand, say) is
    named by its place, as a project's is."""
    row = UnitIndicator.objects.get(plan=published, goal=0, proposed=False)
    UnitIndicator.objects.filter(pk=row.pk).update(target_raw="≥450人", value=450)
    changes = selectors.published_goal_changes(published, selectors.published_plan(published))
    sub = published.department["sub_goals"][0]["name"]
    assert changes == [GoalChange(f"分项目标“{sub}”指标“{row.name}”的指标值", row.target_raw, "≥450人")]


@pytest.mark.django_db(transaction=True)
def test_two_publishers_on_a_live_server_one_corrects_the_other_is_refused(live_server, published, users,
                                                                             sessions):
    adjust(published, users)
    windows = {}
    for name in ("approver", "admin"):
        windows[name] = browser_login(live_server.url, name)
        sessions.append(windows[name])
    url = f"{live_server.url}{plan_url(published)}"
    shown = {name: seen_of(w.get(url, timeout=60).text) for name, w in windows.items()}
    assert shown["approver"] == shown["admin"]

    def correct(name: str, reason: str, token: bool = True):
        window = windows[name]
        data = {"reason": reason, "seen": shown[name]}
        if token:
            data["csrfmiddlewaretoken"] = window.cookies["csrftoken"]
        return window.post(f"{url}correct/", data=data, headers={"Referer": url}, timeout=60, allow_redirects=False)

    assert correct("approver", REASON, token=False).status_code == 403  # no CSRF token: refused, nothing kept
    first, second = at_once(lambda: correct("approver", REASON), lambda: correct("admin", "管理员更正"))
    codes = sorted([first.status_code, second.status_code])
    assert codes == [302, 409]
    refused = first if first.status_code == 409 else second
    assert chinese(refused.text) and e.GOALS_CHANGED_MESSAGE.format(plan=published) in refused.text
    assert PublishedPlan.objects.filter(plan=published).count() == 2
    assert Entry.objects.filter(action="plan.corrected").count() == 1
    public_page = windows["admin"].get(f"{live_server.url}/public/711001/2021/?public=1", timeout=60).text
    newest = PublishedPlan.objects.filter(plan=published).first()
    assert f"更正：{newest.reason}" in text(public_page) and "≥350人" in public_page


def test_approving_an_adjustment_of_published_goals_says_a_correction_is_due(published, users, client):
    indicator = Indicator.objects.get(project__plan=published, project__code=P1, name="困难帮扶人数")
    adjustment = services.adjustment_request(indicator=indicator, revised="≥350人", reason="经费压减",
                                             user=users["editor"])
    done = login(client, users["finance"]).post(f"/goals/adjustments/{adjustment.pk}/decide/",
                                                {"decision": "approve", "comment": "同意"}, follow=True)
    assert done.status_code == 200 and f"{e.GOALS_DIFFER}（由本单位的单位审核在绩效目标页面发布）" in done.content.decode()
    again = services.adjustment_request(indicator=indicator, revised="≥300人", reason="再压减", user=users["editor"])
    rejected = client.post(f"/goals/adjustments/{again.pk}/decide/", {"decision": "reject", "comment": "不同意"},
                           follow=True)
    assert "（由本单位的单位审核在绩效目标页面发布）" not in rejected.content.decode()  # a 驳回 changes nothing


def test_the_api_lists_the_changes_and_corrects_with_the_fingerprint(published, users, client):
    from jixiao.web.accounts.models import Token
    from jixiao.web.goals import errors as goals_errors

    def auth(name):
        return {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users[name])}"}

    url = f"/api/plans/{published.pk}"
    adjust(published, users)
    shown = client.get(f"{url}/published-goals", **auth("editor")).json()
    assert shown["changes"] == [{"place": PLACE, "published": "≥400人", "now": "≥350人"}]
    assert shown["reason"] == "" and [p["reason"] for p in shown["publications"]] == [""]
    body = {"reason": REASON, "seen": shown["seen"]}
    refused = client.post(f"{url}/goal-corrections", body, content_type="application/json", **auth("editor"))
    assert refused.status_code == 403
    blank = client.post(f"{url}/goal-corrections", {"reason": " ", "seen": shown["seen"]},
                        content_type="application/json", **auth("approver"))
    assert blank.status_code == 400 and blank.json()["message"] == e.GOALS_REASON_MESSAGE
    done = client.post(f"{url}/goal-corrections", body, content_type="application/json", **auth("approver"))
    assert done.status_code == 200
    assert done.json()["reason"] == REASON and done.json()["changes"] == []
    assert [p["reason"] for p in done.json()["publications"]] == [REASON, ""]
    again = client.post(f"{url}/goal-corrections", body, content_type="application/json", **auth("approver"))
    assert again.status_code == 409 and again.json()["message"] == e.GOALS_CHANGED_MESSAGE.format(plan=published)
    public = client.get("/api/public/plans/711001/2021").json()["document"]
    persons = [i["target"]["raw"] for p in public["projects"] if p["code"] == P1 for i in p["indicators"]
               if i["name"] == "困难帮扶人数"]
    assert persons == ["≥350人"]
    draft = services.plan_copy_next_year(plan=published, user=users["editor"])
    missing = client.get(f"/api/plans/{draft.pk}/published-goals", **auth("editor"))
    assert missing.status_code == 404
    assert missing.json()["message"] == goals_errors.NO_GOALS_PUBLICATION_MESSAGE.format(plan=draft)
