"""A 财政审核's area (审核范围) set and cleared by a 管理员 on the user's page and through the API, with a choice of the
bureaus the units name (issue 15 §3): the same service as `jixiao users set-area`, in the history, a stale page a
409, shown on the user list; only for users in 财政审核."""

import re

import pytest
import requests
from django.test import Client

from jixiao.web.accounts import commands
from jixiao.web.accounts import errors as e
from jixiao.web.accounts.roles import ADMIN
from jixiao.web.goals.models import ReviewArea, Unit
from jixiao.web.history.models import Entry

from .conftest import login
from .test_api_live import browser_login

CHANGLI, LIUXI = "昌黎县财政局", "柳溪县财政局"


@pytest.fixture
def bureaus(users):
    Unit.objects.filter(code="711001").update(finance_bureau=CHANGLI)
    Unit.objects.filter(code="726001").update(finance_bureau=LIUXI)
    Unit.objects.create(code="711002", name="昌黎县总工会机关", finance_bureau=CHANGLI)
    Unit.objects.create(code="799001", name="未填财政部门的单位")
    return users


def area_of(user) -> str | None:
    return ReviewArea.objects.filter(user=user).values_list("finance_bureau", flat=True).first()


def post_area(client, user, bureau: str, seen: str = ""):
    return client.post(f"/accounts/users/{user.pk}/area/", {"finance_bureau": bureau, "seen": seen})


def test_the_finance_users_page_offers_the_bureaus_the_units_name(bureaus, client):
    page = login(client, bureaus["admin"]).get(f"/accounts/users/{bureaus['finance'].pk}/").content.decode()
    assert '<h2 id="review-area">财政审核范围</h2>' in page and "现为：<b>全部单位</b>" in page
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', page.split('id="review-area"')[1])
    assert options[:3] == [("", "全部单位（不限）"), (CHANGLI, f"{CHANGLI}（2个单位）"), (LIUXI, f"{LIUXI}（1个单位）")]
    editor_page = client.get(f"/accounts/users/{bureaus['editor'].pk}/").content.decode()
    assert 'id="review-area"' not in editor_page  # only for users in 财政审核


def test_an_admin_sets_and_clears_it_and_the_history_and_the_list_show_it(bureaus, client):
    finance = bureaus["finance"]
    login(client, bureaus["admin"])
    assert post_area(client, finance, CHANGLI).status_code == 302
    assert area_of(finance) == CHANGLI
    page = client.get(f"/accounts/users/{finance.pk}/").content.decode()
    assert f"现为：<b>{CHANGLI}（2个单位）</b>" in page and "设置财政审核范围" in page
    assert "财政审核（审核范围：昌黎县财政局）" in client.get("/accounts/users/").content.decode()
    assert post_area(client, finance, "", seen=CHANGLI).status_code == 302
    assert area_of(finance) is None
    entries = Entry.objects.filter(action="review_area.set", object_id=finance.pk).order_by("id")
    assert [(x.user, x.changes["财政审核范围"]) for x in entries] == [
        (bureaus["admin"], ["全部单位", CHANGLI]), (bureaus["admin"], [CHANGLI, "全部单位"])]
    assert "财政审核（全部单位）" in client.get("/accounts/users/").content.decode()


def test_the_area_limits_what_the_reviewer_sees(bureaus, client, plan):
    login(client, bureaus["admin"])
    post_area(client, bureaus["finance"], LIUXI)
    reviewer = login(Client(), bureaus["finance"])
    assert reviewer.get(f"/goals/{plan.pk}/").status_code == 404  # the seed's unit is 昌黎's
    post_area(client, bureaus["finance"], CHANGLI, seen=LIUXI)
    assert reviewer.get(f"/goals/{plan.pk}/").status_code == 200


def test_two_admins_at_once_the_second_is_told_409_and_nothing_changes(bureaus, client, django_user_model):
    second = django_user_model.objects.create_user("admin2", password="x")
    second.groups.add(bureaus["admin"].groups.get(name=ADMIN))
    finance = bureaus["finance"]
    login(client, bureaus["admin"])
    other = login(Client(), second)
    assert post_area(client, finance, CHANGLI, seen="").status_code == 302
    response = post_area(other, finance, LIUXI, seen="")
    assert response.status_code == 409
    assert e.AREA_STALE.format(login="finance", area=CHANGLI) in response.content.decode()
    assert area_of(finance) == CHANGLI and Entry.objects.filter(action="review_area.set").count() == 1


def test_a_user_not_in_finance_or_a_bureau_no_unit_names_is_a_400(bureaus, client):
    login(client, bureaus["admin"])
    response = post_area(client, bureaus["editor"], CHANGLI)
    assert response.status_code == 400 and e.AREA_NOT_FINANCE.format(login="editor") in response.content.decode()
    response = post_area(client, bureaus["finance"], "卢龙县财政局")
    assert response.status_code == 400 and "没有单位以“卢龙县财政局”为上级财政部门，请从列表中选择" in response.content.decode()
    assert not ReviewArea.objects.exists()


@pytest.mark.parametrize("who", ["finance", "editor", "relief", "approver"])
def test_only_an_admin_may(bureaus, client, who):
    login(client, bureaus[who])
    assert post_area(client, bureaus["finance"], CHANGLI).status_code == 403
    api = client.put("/api/accounts/users/finance/review-area", {"finance_bureau": CHANGLI}, content_type="application/json")
    assert api.status_code == 403 and not ReviewArea.objects.exists()


def test_anonymous_is_sent_to_log_in(bureaus, client):
    response = post_area(client, bureaus["finance"], CHANGLI)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_command_line_and_the_page_share_the_service(bureaus, client):
    assert commands.user_set_area("finance", LIUXI) == 1
    page = login(client, bureaus["admin"]).get(f"/accounts/users/{bureaus['finance'].pk}/").content.decode()
    assert f"现为：<b>{LIUXI}（1个单位）</b>" in page and "命令行" in page


def test_an_area_set_before_its_units_stays_offered(bureaus, client):
    commands.user_set_area("finance", "卢龙县财政局")  # the command line takes any bureau
    page = login(client, bureaus["admin"]).get(f"/accounts/users/{bureaus['finance'].pk}/").content.decode()
    assert '<option value="卢龙县财政局" selected>卢龙县财政局（现无单位）</option>' in page
    assert "现为：<b>卢龙县财政局（0个单位）</b>" in page


def test_the_api_sets_it_and_users_carry_it(bureaus, client):
    login(client, bureaus["admin"])
    response = client.put("/api/accounts/users/finance/review-area", {"finance_bureau": CHANGLI, "seen": ""},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["review_area"] == CHANGLI
    listed = {u["login"]: u["review_area"] for u in client.get("/api/accounts/users").json()}
    assert listed["finance"] == CHANGLI and listed["editor"] is None
    stale = client.put("/api/accounts/users/finance/review-area", {"finance_bureau": LIUXI, "seen": ""},
                       content_type="application/json")
    assert stale.status_code == 409 and stale.json()["message"] == e.AREA_STALE.format(login="finance", area=CHANGLI)
    cleared = client.put("/api/accounts/users/finance/review-area", {"finance_bureau": ""}, content_type="application/json")
    assert cleared.status_code == 200 and cleared.json()["review_area"] is None
    refused = client.put("/api/accounts/users/editor/review-area", {"finance_bureau": CHANGLI}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["message"] == e.AREA_NOT_FINANCE.format(login="editor")
    assert client.put("/api/accounts/users/nobody/review-area", {"finance_bureau": ""},
                      content_type="application/json").status_code == 404


def test_an_admin_sets_it_on_a_live_server_with_the_csrf_token(live_server, bureaus):
    session = browser_login(live_server.url, "admin")
    url = f"{live_server.url}/accounts/users/{bureaus['finance'].pk}/"
    page = session.get(url, timeout=60).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.split('id="review-area"')[1]).group(1)
    data = {"finance_bureau": CHANGLI, "seen": ""}
    refused = requests.post(f"{url}area/", data=data, cookies=session.cookies, timeout=60, allow_redirects=False)
    assert refused.status_code == 403 and area_of(bureaus["finance"]) is None  # no CSRF token
    response = session.post(f"{url}area/", data={**data, "csrfmiddlewaretoken": token}, headers={"Referer": url},
                            timeout=60)
    assert response.status_code == 200 and f"现为：<b>{CHANGLI}（2个单位）</b>" in response.text
    assert area_of(bureaus["finance"]) == CHANGLI
