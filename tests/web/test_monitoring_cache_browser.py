"""Two editors in Chromium save explanations from the same cached monitoring page: each browser's form carries
its own token, both saves land, and each page shows the other's once reloaded."""

import os

import pytest

from jixiao.web.accounts.models import Membership
from jixiao.web.evaluation.models import ProjectRemark

from .conftest import PASSWORD, approve

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save_reason(page, form: int, reason: str) -> None:
    details = page.locator("details", has_text="偏差原因和纠偏措施").nth(form)
    details.locator("summary").click()
    details.locator("select[name=kind]").select_option("经费")
    details.locator("textarea[name=reason]").fill(reason)
    details.locator("textarea[name=measure]").fill("加快拨付进度")
    with page.expect_navigation():
        details.locator("button", has_text="保存").click()


def test_two_editors_save_from_the_same_cached_page(page_as, live_server, users, plan, django_user_model):
    approve(plan, users)
    colleague = django_user_model.objects.create_user("editor2", password=PASSWORD)
    colleague.groups.add(*users["editor"].groups.all())
    Membership.objects.create(user=colleague, unit=plan.unit)
    url = f"{live_server.url}/evaluation/{plan.pk}/monitoring/?as_of=2021-07-31"
    first, second = page_as("editor"), page_as("editor2")
    first.goto(url)  # computed and cached
    second.goto(url)  # the same body, from the cache, with the second browser's token
    save_reason(second, 0, "第二位填报人：资金下达较晚")
    assert "已保存" in second.content() and "第二位填报人：资金下达较晚" in second.content()
    save_reason(first, 1, "第一位填报人：项目尚在招标")  # a page read before that change, its own token
    assert "已保存" in first.content() and "第一位填报人：项目尚在招标" in first.content()
    assert "第二位填报人：资金下达较晚" in first.content()  # the page after the save: the other's change too
    assert ProjectRemark.objects.count() == 2
