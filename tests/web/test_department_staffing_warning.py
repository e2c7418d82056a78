"""在职 above 编制 is saved with a warning naming the unit and the numbers (编外 staff are often counted
in 在职, and a unit over its establishment exists), on the page and on a live server; the year links
of the 部门整体 page and the 整改台账 stay within 2000–2100 (issue 13, walk item 18)."""

from __future__ import annotations

import re

from django.test import Client

from jixiao.evaluation import department as rules
from jixiao.web.accounts.models import Token
from jixiao.web.department.models import Staffing

from .conftest import login
from .test_api_live import browser_login


def url(unit, year=2021, rest=""):
    return f"/department/{unit.pk}/{year}/{rest}"


def over(name: str, posts: int, in_post: int) -> str:
    return rules.OVER_POSTS.format(name=name, in_post=in_post, posts=posts, over=in_post - posts)


def test_more_in_post_than_posts_is_saved_with_a_warning_and_within_them_without(client, users):
    unit = users["editor"].memberships.get().unit
    c = login(client, users["editor"])
    saved = c.post(url(unit, rest="staffing/"), {"unit_name": "昌黎县总工会本级", "posts": "2", "in_post": "50",
                                                 "retired": "19"}, follow=True)
    text = saved.content.decode()
    assert "已新增编制记录：昌黎县总工会本级" in text and over("昌黎县总工会本级", 2, 50) in text
    record = Staffing.objects.get()
    assert (record.posts, record.in_post) == (2, 50)
    fixed = c.post(url(unit, rest=f"staffing/{record.pk}/"), {"unit_name": "昌黎县总工会本级", "posts": "8",
                                                               "in_post": "6", "retired": "19", "version": "0"},
                   follow=True).content.decode()
    assert "已保存编制记录：昌黎县总工会本级" in fixed and "多于编制数" not in fixed
    again = c.post(url(unit, rest=f"staffing/{record.pk}/"), {"unit_name": "昌黎县总工会本级", "posts": "8",
                                                               "in_post": "9", "retired": "19", "version": "1"},
                   follow=True).content.decode()
    assert over("昌黎县总工会本级", 8, 9) in again


def test_the_year_links_stay_within_2000_to_2100(client, users):
    unit = users["editor"].memberships.get().unit
    c = login(client, users["editor"])
    for path, first in ((f"/department/{unit.pk}/", "department"), (f"/rectifications/{unit.pk}/", "rectifications")):
        low = c.get(f"{path}2000/").content.decode()
        assert f'href="/{first}/{unit.pk}/2001/"' in low and f"/{first}/{unit.pk}/1999/" not in low
        high = c.get(f"{path}2100/").content.decode()
        assert f'href="/{first}/{unit.pk}/2099/"' in high and f"/{first}/{unit.pk}/2101/" not in high
        middle = c.get(f"{path}2021/").content.decode()
        assert f'href="/{first}/{unit.pk}/2020/"' in middle and f'href="/{first}/{unit.pk}/2022/"' in middle


def test_the_warning_on_a_live_server_with_the_form_and_its_csrf_token(live_server, users, sessions):
    unit = users["editor"].memberships.get().unit
    session = browser_login(live_server.url, "editor")
    sessions.append(session)
    page = session.get(f"{live_server.url}{url(unit)}", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    saved = session.post(f"{live_server.url}{url(unit, rest='staffing/')}", timeout=60, headers={"Referer": page.url},
                         data={"unit_name": "昌黎县工人文化宫", "posts": "12", "in_post": "15", "retired": "4",
                               "csrfmiddlewaretoken": token})
    assert saved.status_code == 200 and over("昌黎县工人文化宫", 12, 15) in saved.text
    assert Staffing.objects.get().in_post == 15


def test_the_api_saves_more_in_post_than_posts_and_says_so_in_warning(users):
    unit = users["editor"].memberships.get().unit
    api = Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(users['editor'])}")
    made = api.post("/api/department/staffing", {"unit": unit.code, "year": 2021, "unit_name": "昌黎县总工会本级",
                                                 "posts": 2, "in_post": 50, "retired": 19},
                    content_type="application/json")
    assert made.status_code == 200 and made.json()["warning"] == over("昌黎县总工会本级", 2, 50)
    fixed = api.patch(f"/api/department/staffing/{made.json()['id']}", {"in_post": 6, "posts": 8, "version": 0},
                      content_type="application/json")
    assert fixed.status_code == 200 and fixed.json()["warning"] == "" and fixed.json()["in_post"] == 6
