"""The indicator library on a live server: the suggestion while typing, asked as the page's htmx does
(a session and its CSRF token), finance promoting an indicator through the page's form, and the
suggestion filling the new indicator's form in Chromium."""

import os
import re

import pytest

from jixiao.web.goals.models import Indicator
from jixiao.web.library import selectors, services
from jixiao.web.library.models import LibraryEntry

from .test_api_live import browser_login
from .test_library import _approved_plan

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def library(users):
    services.library_seed()  # a live server's test empties the tables after it: the shipped entries again
    selectors._cache.clear()
    yield [_approved_plan("711101", 2021, [("困难职工帮扶人数", "≥300人"), ("每人帮扶救助金额", "≥10000元")]),
           _approved_plan("711102", 2021, [("困难职工帮扶人数", "≥420人")]),
           _approved_plan("711103", 2020, [("困难职工帮扶人数", "≥600人")]),
           _approved_plan("711104", 2021, [("困难职工帮扶人数", "≥400人")])]
    selectors._cache.clear()


def test_the_suggestion_while_typing_on_a_live_server(live_server, users, plan, library):
    project = plan.projects.get(name="职工困难帮扶防贫资金")
    session = browser_login(live_server.url, "editor")
    page = session.get(f"{live_server.url}/goals/projects/{project.pk}/", timeout=60)
    assert page.status_code == 200 and f'hx-post="/library/assist/{project.pk}/"' in page.text
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page.text)[1]  # the header htmx sends (base.html hx-headers)
    url = f"{live_server.url}/library/assist/{project.pk}/"
    typed = {"name": "困难职工帮扶人数", "target_raw": "≥400人", "level2": "数量指标"}
    refused = session.post(url, data=typed, timeout=60)
    assert refused.status_code == 403 and "CSRF" in refused.text
    answer = session.post(url, data=typed, headers={"X-CSRFToken": token, "HX-Request": "true"}, timeout=60)
    assert answer.status_code == 200
    assert "2020—2021年已批复的同名指标目标值（4个）：最低300人，中位410人，最高600人；你的目标400人位于第38百分位" in answer.text
    first = session.post(url, data={"name": "", "target_raw": ""}, headers={"X-CSRFToken": token}, timeout=60)
    assert "按项目名称和资金用途" in first.text and "困难职工帮扶人数" in first.text and "劳模体检人数" not in first.text


def test_finance_promotes_through_the_page_form_on_a_live_server(live_server, users, library):
    indicator = Indicator.objects.get(project__plan=library[0], name="每人帮扶救助金额")
    session = browser_login(live_server.url, "finance")
    page = session.get(f"{live_server.url}/library/", timeout=60)
    assert page.status_code == 200 and "已批复计划中使用、尚未入库的指标" in page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    done = session.post(f"{live_server.url}/library/promote/{indicator.pk}/", timeout=60,
                        data={"csrfmiddlewaretoken": token, "kind": "个性", "sector": "职工帮扶"},
                        headers={"Referer": f"{live_server.url}/library/"})
    entry = LibraryEntry.objects.get(origin=LibraryEntry.PROMOTED)
    assert done.status_code == 200 and done.url.endswith(f"/library/{entry.pk}/")
    assert "已将指标“每人帮扶救助金额”收入指标库" in done.text and "收入指标库" in done.text


@pytest.mark.browser
def test_a_suggestion_fills_the_new_indicator_in_chromium(page_as, live_server, plan, library):
    project = plan.projects.get(name="劳模体检费")
    editor = page_as("editor")
    editor.goto(f"{live_server.url}/goals/projects/{project.pk}/")
    editor.wait_for_selector("#library-assist table")  # asked on load, by the project's name and purpose
    row = editor.locator("#library-assist tr", has_text="劳模体检满意度")
    row.locator("button[data-library-fill]").click()
    form = editor.locator("#indicator-new")
    assert form.locator("[name=name]").input_value() == "劳模体检满意度"
    assert form.locator("[name=target_raw]").input_value() == "≥95%"
    assert form.locator("[name=level2]").input_value() == "服务对象满意度指标"
    form.locator("[name=name]").fill("困难职工帮扶人数")
    form.locator("[name=target_raw]").fill("≥650人")
    form.locator("[name=target_raw]").dispatch_event("input")
    editor.wait_for_selector("#library-spread:has-text('你的目标650人位于第100百分位')")
    assert not [m for m in editor.console_log if "Content Security Policy" in m]
