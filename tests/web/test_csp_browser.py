"""In Debian's Chromium under the Content-Security-Policy (issue 13 §7): the main pages load with no
policy violation (no inline script, handler or style element left), the charts still draw, an htmx
action still works, a confirmation moved out of an onsubmit= handler still asks, and the API docs
render."""

import os
from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.relief.synthetic import made_up_id
from jixiao.web.relief import services
from jixiao.web.relief.models import Round, Standard

from .conftest import SEED, approve

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script: every violation the browser reports is kept on the window.
LISTEN = """window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});"""


@pytest.fixture
def open_as(page_as):
    """A logged-in page whose console messages and CSP violations are collected."""
    return lambda username: page_as(username, LISTEN)


def assert_no_violation(page, where):
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__violations")
    console = [m for m in page.console_log if "Content Security Policy" in m or "Content-Security-Policy" in m]
    assert violations == [] and console == [], (where, violations, console)


@pytest.fixture
def relief_round(users, plan):
    """The approved seed plan with a standard, three registered workers and a draft round."""
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    header = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]
    rows = [header] + [[f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
                       for k in range(3)]
    services.register_import(unit=plan.unit, rows=rows, user=users["relief"])
    project = plan.projects.get(code="13032221GVUVTX63BWWCQ")
    return services.round_create(project=project, name="2021年春节送温暖", kind="救助", start=date(2021, 1, 15),
                                 end=date(2021, 2, 10), degrees=[], user=users["relief"])


def test_the_goal_pages_work_under_the_policy(open_as, live_server, plan):
    editor = open_as("editor")
    base = live_server.url
    assert_no_violation(editor, "plan list")
    for path in [f"/goals/{plan.pk}/", "/goals/projects/", "/?public=1", "/no/such/page/"]:
        editor.goto(f"{base}{path}")
        assert_no_violation(editor, path)

    project = plan.projects.get(code="13032221GVUVTX63BWWCQ")
    editor.goto(f"{base}/goals/projects/{project.pk}/")
    assert_no_violation(editor, "project")
    editor.fill("#id_total", "二十")  # htmx posts the form after a pause and swaps in the field's error
    editor.locator("#id_total").dispatch_event("change")
    editor.wait_for_selector("text=“二十”不是数字")
    assert_no_violation(editor, "project after an htmx swap")

    editor.goto(f"{base}/goals/upload/")
    editor.set_input_files("input[type=file]", str(SEED))
    with editor.expect_navigation():
        editor.click("text=上传并预览")
    assert "导入预览" in editor.content()
    assert_no_violation(editor, "upload preview")

    # The listener does catch what the policy refuses: an inline script added now neither runs nor passes.
    editor.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
                              document.body.appendChild(s); }""")
    editor.wait_for_function("window.__violations.length > 0")
    assert editor.evaluate("window.__ran") is None
    assert editor.evaluate("window.__violations")[0].startswith("script-src")


def test_the_charts_draw_under_the_policy(open_as, live_server, plan):
    editor = open_as("editor")
    editor.goto(f"{live_server.url}/evaluation/{plan.pk}/monitoring/?as_of=2021-07-31")
    editor.wait_for_function("document.querySelector('#execution-chart canvas') !== null")
    editor.hover("#execution-chart canvas", position={"x": 300, "y": 150})  # the tooltip builds styled HTML
    assert_no_violation(editor, "monitoring")
    editor.goto(f"{live_server.url}/evaluation/{plan.pk}/self-evaluation/")
    editor.wait_for_function("document.querySelector('#levels-chart canvas') !== null"
                             " && document.querySelector('#projects-chart canvas') !== null")
    assert_no_violation(editor, "self-evaluation")


def test_the_relief_pages_work_and_a_confirmation_still_asks(open_as, live_server, relief_round):
    officer = open_as("relief")
    base = live_server.url
    for path in ["/relief/register/", "/relief/rounds/", "/relief/workers/", "/relief/standards/",
                 "/relief/surveys/", f"/relief/rounds/{relief_round.pk}/"]:
        officer.goto(f"{base}{path}")
        assert officer.locator("main").count() == 1
        assert_no_violation(officer, path)

    asked = []
    officer.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    officer.click("button:has-text('删除草稿轮次')")
    officer.wait_for_timeout(500)
    assert asked == ["删除草稿轮次“2021年春节送温暖”？"]
    assert Round.objects.filter(pk=relief_round.pk).exists()  # dismissed: nothing sent

    officer.once("dialog", lambda d: d.accept())
    with officer.expect_navigation():
        officer.click("button:has-text('删除草稿轮次')")
    assert not Round.objects.filter(pk=relief_round.pk).exists()
    assert_no_violation(officer, "after deleting")


def test_the_api_docs_render_under_the_policy(open_as, live_server, plan):
    editor = open_as("editor")
    editor.goto(f"{live_server.url}/api/docs")
    editor.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert_no_violation(editor, "api docs")
