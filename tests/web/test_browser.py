"""The whole cycle in Debian's Chromium, driven by Playwright: log in, upload the
seed, edit an indicator, submit, the finance review returns it, fix, approve,
publish, view the public page; a screenshot of the monitoring page is kept in
artifacts/."""

import os
from pathlib import Path

import pytest

from jixiao.web.goals.models import Plan

from .conftest import SEED

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def click_and_wait(page, selector, within=None):
    with page.expect_navigation():
        (within or page).locator(selector).first.click()


def test_the_goal_cycle_in_a_browser(page_as, live_server, users, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    editor = page_as("editor")
    editor.click("text=导入绩效目标文件")
    editor.set_input_files("input[type=file]", str(SEED))
    click_and_wait(editor, "text=上传并预览")
    assert "导入预览" in editor.content() and "职工困难帮扶防贫资金" in editor.content()
    click_and_wait(editor, "text=确认导入")
    plan = Plan.objects.get()
    assert f"/goals/{plan.pk}/" in editor.url

    click_and_wait(editor, "text=职工困难帮扶防贫资金")
    click_and_wait(editor, "text=修改", within=editor.locator("tr", has_text="帮扶防贫资金发放合规率"))
    editor.fill("#id_name", "救助对象认定准确率")
    editor.fill("#id_target_raw", "≥98%")
    click_and_wait(editor, "text=保存")
    assert "救助对象认定准确率" in editor.content()
    editor.goto(f"{live_server.url}/goals/{plan.pk}/")
    editor.check("input[name=confirm_warnings]")  # the review's warnings, read and confirmed
    click_and_wait(editor, "text=提交审核")
    assert "已提交" in editor.content()

    approver = page_as("approver")
    approver.goto(f"{live_server.url}/goals/{plan.pk}/")
    click_and_wait(approver, "text=审核通过，报送财政")

    finance = page_as("finance")
    finance.goto(f"{live_server.url}/goals/{plan.pk}/")
    finance.select_option("select[name=grade]", "中")
    finance.fill("textarea[name=comment]", "时效指标请写明发放时限")
    click_and_wait(finance, "text=提交审核结果")
    assert "草稿" in finance.content() and "时效指标请写明发放时限" in finance.content()

    editor.goto(f"{live_server.url}/goals/{plan.pk}/")
    editor.check("input[name=confirm_warnings]")  # the review's warnings, read and confirmed
    click_and_wait(editor, "text=提交审核")
    approver.goto(f"{live_server.url}/goals/{plan.pk}/")
    click_and_wait(approver, "text=审核通过，报送财政")
    finance.goto(f"{live_server.url}/goals/{plan.pk}/")
    finance.select_option("select[name=grade]", "良")
    click_and_wait(finance, "text=提交审核结果")
    assert "已批复" in finance.content()
    approver.goto(f"{live_server.url}/goals/{plan.pk}/")
    click_and_wait(approver, "button:has-text('公开')")

    public = finance.context.browser.new_page()
    public.goto(f"{live_server.url}/public/711001/2021/")
    assert "昌黎县总工会本级2021年部门预算绩效目标" in public.content()
    assert "救助对象认定准确率" in public.content()

    editor.goto(f"{live_server.url}/evaluation/{plan.pk}/monitoring/?as_of=2021-07-31")
    editor.wait_for_function("document.querySelector('#execution-chart canvas') !== null")
    ARTIFACTS.mkdir(exist_ok=True)
    editor.screenshot(path=str(ARTIFACTS / "monitoring.png"), full_page=True)
    assert (ARTIFACTS / "monitoring.png").stat().st_size > 10_000


def test_live_validation_in_the_browser(page_as, live_server, users, plan):
    editor = page_as("editor")
    project = plan.projects.first()
    editor.goto(f"{live_server.url}/goals/projects/{project.pk}/")
    editor.fill("#id_total", "二十")
    editor.locator("#id_total").dispatch_event("change")
    editor.wait_for_selector("text=“二十”不是数字")
    project.refresh_from_db()
    assert project.total == 200000


def test_an_administrator_sets_up_a_unit_and_its_user_in_a_browser(page_as, browser, live_server, users, plan):
    """The 管理员 creates a second unit and its editor in the pages; the editor logs in with the generated
    password, changes it, and sees only their own unit."""
    admin = page_as("admin")
    admin.goto(f"{live_server.url}/goals/")
    click_and_wait(admin, "header >> a:text-is('单位')")
    click_and_wait(admin, "text=新建单位")
    admin.fill("#id_code", "726101")
    admin.fill("#id_name", "柳溪县总工会本级")
    admin.fill("#id_finance_bureau", "柳溪县财政局")
    click_and_wait(admin, "button:has-text('建立')")
    assert "柳溪县总工会本级" in admin.content()
    click_and_wait(admin, "header >> a:text-is('用户')")
    click_and_wait(admin, "text=新建用户")
    admin.fill("#id_login", "wangfang")
    admin.fill("#id_name", "王芳")
    admin.select_option("#id_role", "单位填报")
    admin.select_option("#id_unit", "726101")
    click_and_wait(admin, "button:has-text('建立')")
    password = admin.locator("code").first.inner_text()
    assert len(password) >= 8

    context = browser.new_context(locale="zh-CN")
    wang = context.new_page()
    wang.goto(f"{live_server.url}/login/")
    wang.fill("#id_username", "wangfang")
    wang.fill("#id_password", password)
    click_and_wait(wang, "button[type=submit]")
    assert "王芳（单位填报）" in wang.content()
    assert "昌黎县总工会本级" not in wang.content()  # the seed's plan belongs to another unit
    wang.goto(f"{live_server.url}/goals/{plan.pk}/")
    assert "找不到" in wang.content() or "无权" in wang.content()
    click_and_wait(wang, "text=修改密码")
    wang.fill("#id_old_password", password)
    wang.fill("#id_new_password", "柳溪-秋实-2025!")
    wang.fill("#id_new_password_again", "柳溪-秋实-2025!")
    click_and_wait(wang, "form >> button[type=submit]")
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="wangfang").check_password("柳溪-秋实-2025!")
    context.close()
