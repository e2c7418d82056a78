"""Real goal documents uploaded as people do it: in Chromium, through the preview to the saved plan,
and by two editors of one unit confirming the same document at the same moment over HTTP."""

from __future__ import annotations

import os
import re
import threading

import pytest
import requests
from django.contrib.auth.models import Group

from jixiao.web.accounts.models import Membership
from jixiao.web.accounts.roles import EDITOR
from jixiao.web.goals import errors as e
from jixiao.web.goals.models import Plan, Unit
from jixiao.web.history.models import Entry

from .conftest import PASSWORD
from .test_api_live import browser_login
from .test_browser import click_and_wait
from .test_real_upload import FORM_NAME, JINGYAN, REAL

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = pytest.mark.django_db(transaction=True)
TRIES = 3


@pytest.fixture
def mata_editors(users, django_user_model):
    """The Sichuan town of the export with two editors of its own."""
    unit = Unit.objects.create(code="820001", name="井研县马踏镇人民政府")
    for name in ("mata", "mata2"):
        user = django_user_model.objects.create_user(name, password=PASSWORD)
        user.groups.add(Group.objects.get(name=EDITOR))
        Membership.objects.create(user=user, unit=unit)
    return unit


@pytest.mark.browser
def test_a_real_export_is_uploaded_previewed_and_saved_in_chromium(page_as, live_server, mata_editors):
    page = page_as("mata")
    page.goto(f"{live_server.url}/goals/upload/")
    page.set_input_files("input[type=file]", str(REAL / JINGYAN))
    click_and_wait(page, "text=上传并预览")
    preview = page.locator("#read-projects")
    assert preview.locator("tr", has_text="村组干部报酬").locator("td").nth(1).inner_text() == "未编码"
    assert preview.locator("tr", has_text="基层组织活动经费").count() == 1
    assert page.locator("#read-template").inner_text().strip() == FORM_NAME
    assert page.locator("#import-unit").inner_text().strip() == "820001 井研县马踏镇人民政府"
    assert page.locator("#read-errors").count() == 0
    click_and_wait(page, "text=确认导入")
    plan = Plan.objects.get()
    assert page.url.endswith(f"/goals/{plan.pk}/") and "已导入" in page.content()
    click_and_wait(page, "text=基层组织活动经费")
    rows = page.locator("table tr", has_text="指标")
    assert rows.count() >= 4 and "项目编码为21位" not in page.content()


def _upload(session: requests.Session, base: str, name: str) -> requests.Response:
    with open(REAL / name, "rb") as file:
        return session.post(f"{base}/goals/upload/", files={"file": (name, file)}, timeout=60,
                            data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
                            headers={"Referer": f"{base}/goals/upload/"})


def _confirm_together(sessions: list[requests.Session], base: str, data: dict) -> list[requests.Response]:
    """Both confirmations sent at the same moment, each from its own thread and connection."""
    barrier = threading.Barrier(len(sessions))
    responses: list[requests.Response] = [None] * len(sessions)  # type: ignore[list-item]

    def confirm(k: int) -> None:
        barrier.wait()
        responses[k] = sessions[k].post(
            f"{base}/goals/upload/confirm/", allow_redirects=False, timeout=60,
            data={**data, "csrfmiddlewaretoken": sessions[k].cookies["csrftoken"]},
            headers={"Referer": f"{base}/goals/upload/"})

    threads = [threading.Thread(target=confirm, args=(k,)) for k in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


@pytest.mark.parametrize("replace", [False, True], ids=["asked-first", "replace-ticked"])
def test_two_editors_confirming_one_document_at_once_make_one_plan(live_server, mata_editors, replace):
    base = live_server.url
    sessions = [browser_login(base, name) for name in ("mata", "mata2")]
    try:
        for _ in range(TRIES):
            Plan.objects.all().delete()
            for session in sessions:
                assert _upload(session, base, JINGYAN).status_code == 200
            statuses = sorted(r.status_code for r in _confirm_together(sessions, base,
                                                                       {"replace_draft": "1"} if replace else {}))
            plan = Plan.objects.get()  # one plan, whole: both projects, each with its indicators
            assert [(p.name, p.indicators.count()) for p in plan.projects.order_by("id")] == [
                ("村组干部报酬", 8), ("基层组织活动经费", 4)]
            if replace:  # the later one replaced the earlier's draft, or was told someone was quicker
                assert statuses in ([302, 302], [302, 409])
            else:  # the later one is asked first, as when it comes a minute after
                assert statuses == [302, 409]
            assert Entry.objects.filter(action="plan.imported", object_id=plan.pk).count() == statuses.count(302)
    finally:
        for session in sessions:
            session.close()


def test_the_refused_confirmation_says_why_in_chinese(live_server, mata_editors):
    base = live_server.url
    sessions = [browser_login(base, name) for name in ("mata", "mata2")]
    try:
        for session in sessions:
            _upload(session, base, JINGYAN)
        refused = [r for r in _confirm_together(sessions, base, {}) if r.status_code != 302]
        assert len(refused) == 1 and refused[0].status_code == 409
        text = re.sub(r"\s+", " ", refused[0].text)
        assert e.DRAFT_NOT_CONFIRMED_MESSAGE.format(unit="井研县马踏镇人民政府", year=2023) in text
        assert "Traceback" not in text and "IntegrityError" not in text
    finally:
        for session in sessions:
            session.close()
