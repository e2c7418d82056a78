"""In Debian's Chromium: the findings panel beside the project form refreshes while typing
(htmx after a pause, nothing saved), errors first, and a field's error appears beside it."""

import os

import pytest

from jixiao.web.goals.models import Project

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(page_as):
    return page_as("editor")


def test_the_findings_panel_refreshes_while_typing(editor_page, live_server, plan):
    from playwright.sync_api import expect

    project = plan.projects.get(code="13032221GVUVTX63BWWCQ")
    page = editor_page
    page.goto(f"{live_server.url}/goals/projects/{project.pk}/")
    findings = page.locator("#findings")
    expect(findings).not_to_contain_text("没有填写绩效目标")
    expect(findings.locator("tr").nth(1).locator("td").first).to_have_text("警告")  # no error yet

    page.locator("#project-form textarea[name=goals]").fill("")  # typing: an input event, no save
    expect(findings).to_contain_text("没有填写绩效目标", timeout=10000)
    expect(findings.locator("tr").nth(1).locator("td").first).to_have_text("错误")  # errors first

    page.locator("#project-form input[name=plan_3]").fill("60")
    page.locator("#project-form input[name=plan_6]").fill("40")
    expect(page.locator("#project-errors-plan_6")).to_have_text("6月底支出计划（%）：6月底计划40%低于之前的60%",
                                                              timeout=10000)
    expect(page.locator("#project-form input[name=plan_6]")).to_have_value("40")  # the input left alone
    assert "/goals/projects/" in page.url and Project.objects.get(pk=project.pk).goals == project.goals  # not saved
