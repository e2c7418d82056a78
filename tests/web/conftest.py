import re

import pytest
from django.contrib.auth.models import Group

from jixiao.formats.reader import read_path
from jixiao.web.accounts.models import Membership
from jixiao.web.accounts.roles import ADMIN, APPROVER, EDITOR, FINANCE, RELIEF, ROLES
from jixiao.web.goals import services
from jixiao.web.goals.models import Plan, Unit

from ..conftest import CORPUS

SEED = CORPUS / "seed" / "changli-union-2021.txt"
PASSWORD = "test-密码-2021"
CHROMIUM = "/usr/bin/chromium"  # Debian's: Playwright's own browser downloads fail here
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test a new world: on SQLite ids come again from one test to the next, so a page cached by
    (plan, generation) in one test could answer in another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hashing with the production hasher costs a second per user; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(db, django_user_model):
    """One user per role in the seed's unit, an editor of another unit, and an admin."""
    groups = {role: Group.objects.create(name=role) for role in ROLES}
    unit = Unit.objects.create(code="711001", name="昌黎县总工会本级")
    other = Unit.objects.create(code="726001", name="柳溪县妇女联合会本级")
    made = {}
    for name, role, member_of in [("editor", EDITOR, unit), ("approver", APPROVER, unit), ("finance", FINANCE, None),
                                  ("relief", RELIEF, unit), ("admin", ADMIN, None), ("outsider", EDITOR, other)]:
        user = django_user_model.objects.create_user(name, password=PASSWORD)
        user.groups.add(groups[role])
        if member_of:
            Membership.objects.create(user=user, unit=member_of)
        made[name] = user
    return made


@pytest.fixture
def plan(users) -> Plan:
    document, _ = read_path(SEED)
    return services.plan_import(document=document, user=users["editor"])


def login(client, user):
    client.force_login(user)
    return client


def approve(plan: Plan, users) -> Plan:
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    services.plan_unit_approve(plan=plan, user=users["approver"])
    return services.plan_grade(plan=plan, user=users["finance"], grade="良", comment="")


@pytest.fixture
def sessions():
    """HTTP sessions (requests.Session) closed after the test: a kept-alive connection holds the server
    thread's database connection, which would keep PostgreSQL from dropping the test database."""
    opened: list = []
    yield opened
    for session in opened:
        session.close()


@pytest.fixture
def browser():
    """Debian's Chromium, headless, through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page_as(browser, live_server, users):
    """page_as(username, init_script=""): a page logged in through the login form, in its own context;
    `page.console_log` keeps the console's messages; `init_script` runs before every page's scripts."""
    contexts = []

    def open_as(username: str, init_script: str = ""):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        page.console_log = []
        page.on("console", lambda m: page.console_log.append(m.text))
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/goals/|/accounts/"))
        return page

    yield open_as
    for context in contexts:
        context.close()
