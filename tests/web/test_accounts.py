"""Units, users and roles managed by 管理员 in the pages and the API; own password changes; the
password validators; the login lock (django-axes); the page for a user who has no unit yet."""

import dataclasses
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group

from jixiao.core.document import Unit as CoreUnit
from jixiao.formats.reader import read_path
from jixiao.relief.synthetic import made_up_id
from jixiao.web.accounts import errors, services
from jixiao.web.accounts.errors import AccountsError
from jixiao.web.accounts.models import Membership, Token
from jixiao.web.accounts.roles import ADMIN, APPROVER, EDITOR, FINANCE, RELIEF, in_unit, roles_in, roles_of, unit_ids_of
from jixiao.web.goals import services as goals_services
from jixiao.web.goals.models import Unit
from jixiao.web.history.models import Entry
from jixiao.web.relief import services as relief_services

from .conftest import PASSWORD, SEED, login

HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]
STRONG = "柳溪-春风-2024!"
SHOWN = re.compile(r"密码：<strong><code>([^<]+)</code>")


def log_in(client, username, password):
    """Through the login form, as a person does (and as django-axes watches)."""
    return client.post("/login/", {"username": username, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# ---------------------------------------------------------------- the second unit, in the pages

def test_an_admin_sets_up_a_second_unit_whose_users_see_only_it(client, users, plan):
    login(client, users["admin"])
    response = client.post("/accounts/units/new/", {"code": "726002", "name": "柳溪县总工会本级",
                                                    "finance_bureau": "柳溪县财政局"})
    unit = Unit.objects.get(code="726002")
    assert response.status_code == 302 and response.url == f"/accounts/units/{unit.pk}/"
    assert unit.finance_bureau == "柳溪县财政局"
    assert "柳溪县总工会本级" in client.get("/accounts/units/").content.decode()

    # An editor with a generated password (shown once), a relief officer with the password typed in.
    page = client.post("/accounts/users/new/", {"login": "liu_editor", "name": "刘填报", "password": "",
                                                "role": EDITOR, "unit": "726002"}, follow=True)
    assert page.status_code == 200 and "只显示这一次" in page.content.decode()
    editor_password = SHOWN.search(page.content.decode()).group(1)
    page = client.post("/accounts/users/new/", {"login": "liu_relief", "name": "刘帮扶", "password": STRONG,
                                                "role": RELIEF, "unit": "726002"}, follow=True)
    assert page.status_code == 200 and not SHOWN.search(page.content.decode())
    assert "密码已设为你填写的密码" in page.content.decode()

    # The new unit has its plan and its register; the seed's unit has its own.
    document, _ = read_path(SEED)
    goals_services.plan_import(document=dataclasses.replace(document, unit=CoreUnit("726002", "柳溪县总工会本级")),
                               user=users["admin"])
    relief_services.register_import(unit=plan.unit, rows=[HEADER, ["昌黎职工", made_up_id(1), "13800000000", "县纺织厂",
                                                                  "3", "20000", "因病", "相对困难"]], user=users["relief"])
    client.logout()

    editor = client.__class__()
    assert log_in(editor, "liu_editor", editor_password).url == "/accounts/start/"
    plans = editor.get("/accounts/start/", follow=True)
    text = plans.content.decode()
    assert plans.redirect_chain[-1][0] == "/goals/" and "柳溪县总工会本级" in text and "昌黎县总工会本级" not in text

    relief = client.__class__()
    assert log_in(relief, "liu_relief", STRONG).status_code == 302
    relief_services.register_import(unit=unit, rows=[HEADER, ["柳溪职工", made_up_id(2), "13800000001", "县机械厂",
                                                             "2", "15000", "因病", "相对困难"]],
                                    user=services.User.objects.get(username="liu_relief"))
    register = relief.get("/relief/register/").content.decode()
    assert "柳溪职工" in register and "昌黎职工" not in register
    # …and the seed's relief officer does not see the new unit's worker.
    other = login(client.__class__(), users["relief"]).get("/relief/register/").content.decode()
    assert "昌黎职工" in other and "柳溪职工" not in other

    # The history of the unit and of the user, on their pages.
    admin = login(client.__class__(), users["admin"])
    unit_page = admin.get(f"/accounts/units/{unit.pk}/").content.decode()
    assert "新建单位" in unit_page and "授予角色" in unit_page and "liu_editor" in unit_page
    new_editor = services.User.objects.get(username="liu_editor")
    user_page = admin.get(f"/accounts/users/{new_editor.pk}/").content.decode()
    assert "新建用户" in user_page and "单位填报（726002柳溪县总工会本级）" in user_page
    assert Entry.objects.filter(action="user.created", object_type="user", object_id=new_editor.pk,
                                user=users["admin"]).exists()


def test_the_admin_edits_a_unit_and_a_user_and_the_history_names_the_fields(client, users):
    login(client, users["admin"])
    unit = Unit.objects.get(code="711001")
    response = client.post(f"/accounts/units/{unit.pk}/", {"code": "711001", "name": "昌黎县总工会",
                                                           "finance_bureau": "昌黎县财政局"})
    assert response.status_code == 302
    page = client.get(f"/accounts/units/{unit.pk}/").content.decode()
    assert "修改单位" in page and "单位名称：昌黎县总工会本级 → 昌黎县总工会" in page
    taken = client.post(f"/accounts/units/{unit.pk}/", {"code": "726001", "name": "x"})
    assert taken.status_code == 200 and errors.UNIT_CODE_TAKEN.format(code="726001", name="柳溪县妇女联合会本级") \
        in taken.content.decode()
    assert Unit.objects.get(pk=unit.pk).code == "711001"

    editor = users["editor"]
    assert client.post(f"/accounts/users/{editor.pk}/", {"name": "王填报"}).status_code == 302  # not active: 停用
    editor.refresh_from_db()
    assert editor.first_name == "王填报" and not editor.is_active
    page = client.get(f"/accounts/users/{editor.pk}/").content.decode()
    assert "状态：启用 → 停用" in page and "姓名：王填报" in page
    assert log_in(client.__class__(), "editor", PASSWORD).status_code == 200  # refused: the form again
    client.post(f"/accounts/users/{editor.pk}/", {"name": "王填报", "is_active": "on"})
    assert log_in(client.__class__(), "editor", PASSWORD).status_code == 302


def test_memberships_are_added_and_removed_in_the_pages(client, users):
    login(client, users["admin"])
    editor = users["editor"]
    url = f"/accounts/users/{editor.pk}/memberships/"
    assert client.post(url + "add/", {"role": APPROVER, "unit": "726001"}).status_code == 302
    editor = services.User.objects.get(pk=editor.pk)
    assert roles_in(editor, Unit.objects.get(code="726001").pk) == {APPROVER}
    assert roles_in(editor, Unit.objects.get(code="711001").pk) == {EDITOR}  # the demo's unit-wide row, kept
    refused = client.post(url + "add/", {"role": EDITOR, "unit": ""})
    assert refused.status_code == 400 and errors.ROLE_NEEDS_UNIT.format(role=EDITOR) in refused.content.decode()
    refused = client.post(url + "add/", {"role": FINANCE, "unit": "711001"})
    assert errors.ROLE_TAKES_NO_UNIT.format(role=FINANCE) in refused.content.decode()
    assert client.post(url + "remove/", {"role": APPROVER, "unit": "726001"}).status_code == 302
    editor = services.User.objects.get(pk=editor.pk)
    assert APPROVER not in roles_of(editor) and roles_of(editor) == {EDITOR}
    missing = client.post(url + "remove/", {"role": APPROVER, "unit": "726001"})
    assert missing.status_code == 404 and "没有单位“726001柳溪县妇女联合会本级”的角色“单位审核”" in missing.content.decode()
    page = client.get(f"/accounts/users/{editor.pk}/").content.decode()
    assert "撤销角色" in page and "授予角色" in page


# ---------------------------------------------------------------- who may

ADMIN_PAGES = [("get", "/accounts/units/"), ("get", "/accounts/units/new/"), ("post", "/accounts/units/new/"),
               ("get", "/accounts/units/{unit}/"), ("post", "/accounts/units/{unit}/"), ("get", "/accounts/users/"),
               ("get", "/accounts/users/new/"), ("post", "/accounts/users/new/"), ("get", "/accounts/users/{user}/"),
               ("post", "/accounts/users/{user}/"), ("post", "/accounts/users/{user}/memberships/add/"),
               ("post", "/accounts/users/{user}/memberships/remove/"), ("post", "/accounts/users/{user}/password/"),
               ("post", "/accounts/users/{user}/unlock/")]
ADMIN_API = [("get", "/api/accounts/units"), ("post", "/api/accounts/units"), ("put", "/api/accounts/units/711001"),
             ("get", "/api/accounts/users"), ("post", "/api/accounts/users"), ("get", "/api/accounts/users/editor"),
             ("put", "/api/accounts/users/editor"), ("post", "/api/accounts/users/editor/deactivate"),
             ("post", "/api/accounts/users/editor/memberships"),
             ("delete", "/api/accounts/users/editor/memberships?role=单位填报&unit=711001"),
             ("post", "/api/accounts/users/editor/password"), ("post", "/api/accounts/users/editor/unlock")]
BODIES = {"/api/accounts/units": {"code": "799001", "name": "某单位"}, "/api/accounts/users": {"login": "x", "name": "x"},
          "/api/accounts/units/711001": {"code": "711001", "name": "x"}, "/api/accounts/users/editor": {
              "name": "x", "active": False}, "/api/accounts/users/editor/memberships": {"role": ADMIN},
          "/api/accounts/users/editor/password": {}}


@pytest.mark.parametrize("role", ["editor", "approver", "finance", "relief", "outsider"])
def test_only_the_admin_manages_pages_and_endpoints(client, users, role):
    unit, target = Unit.objects.get(code="711001"), users["editor"]
    login(client, users[role])
    for method, path in ADMIN_PAGES:
        response = getattr(client, method)(path.format(unit=unit.pk, user=target.pk),
                                           {"code": "799001", "name": "x", "role": ADMIN} if method == "post" else {})
        assert response.status_code == 403, (method, path)
        assert errors.ADMIN_ONLY in response.content.decode()
    token = Token.issue(users[role])
    for method, path in ADMIN_API:
        for auth in ({}, {"HTTP_AUTHORIZATION": f"Bearer {token}"}):
            body = BODIES.get(path.split("?")[0])
            response = getattr(client, method)(path, body, content_type="application/json", **auth) \
                if body is not None else getattr(client, method)(path, **auth)
            assert response.status_code == 403, (method, path, response.content)
            assert response.json() == {"code": "forbidden", "message": errors.ADMIN_ONLY, "fields": {}}
    assert not Unit.objects.filter(code="799001").exists()
    assert roles_of(services.User.objects.get(pk=target.pk)) == {EDITOR} and target.is_active
    assert not Entry.objects.filter(action__startswith="user.").exists()


def test_anonymous_is_sent_to_log_in(client, users):
    for method, path in ADMIN_PAGES + [("get", "/accounts/password/"), ("get", "/accounts/no-unit/")]:
        response = getattr(client, method)(path.format(unit=1, user=1))
        assert response.status_code == 302 and response.url.startswith("/login/"), path
    assert client.get("/api/accounts/users").status_code == 401


# ---------------------------------------------------------------- the API

def test_the_admin_manages_through_the_api_with_a_token(client, users):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users['admin'])}"}

    def call(method, path, body=None):
        kwargs = {"content_type": "application/json", **auth}
        return getattr(client, method)(path, body, **kwargs) if body is not None else getattr(client, method)(path, **auth)

    made = call("post", "/api/accounts/units", {"code": "726002", "name": "柳溪县总工会本级", "finance_bureau": "柳溪县财政局"})
    assert made.status_code == 200 and made.json()["finance_bureau"] == "柳溪县财政局"
    assert "726002" in [u["code"] for u in call("get", "/api/accounts/units").json()]
    again = call("post", "/api/accounts/units", {"code": "726002", "name": "重复"})
    assert again.status_code == 409 and again.json()["fields"] == {"code": "单位编码“726002”已被“柳溪县总工会本级”使用"}

    user = call("post", "/api/accounts/users", {"login": "liu", "name": "刘", "memberships": [
        {"role": "单位填报", "unit": "726002"}, {"role": "帮扶干事", "unit": "726002"}]})
    assert user.status_code == 200, user.content
    created = user.json()
    assert created["password"] and created["memberships"] == [
        {"unit": "726002", "unit_name": "柳溪县总工会本级", "role": "单位填报"},
        {"unit": "726002", "unit_name": "柳溪县总工会本级", "role": "帮扶干事"}]
    assert services.User.objects.get(username="liu").check_password(created["password"])

    weak = call("post", "/api/accounts/users", {"login": "weak", "name": "弱", "password": "12345678"})
    assert weak.status_code == 400 and weak.json()["code"] == "weak_password"
    assert "密码不能全是数字" in weak.json()["fields"]["password"]
    unknown = call("post", "/api/accounts/users", {"login": "x1", "name": "x", "memberships": [{"role": "单位填报", "unit": "999"}]})
    assert unknown.status_code == 404 and unknown.json()["message"] == "没有单位“999”"
    needs = call("post", "/api/accounts/users", {"login": "x2", "name": "x", "memberships": [{"role": "单位审核"}]})
    assert needs.status_code == 400 and needs.json()["message"] == errors.ROLE_NEEDS_UNIT.format(role=APPROVER)
    assert not services.User.objects.filter(username__in=["weak", "x1", "x2"]).exists()  # nothing half made
    bad_role = call("post", "/api/accounts/users/liu/memberships", {"role": "出纳", "unit": "726002"})
    assert bad_role.status_code == 400 and bad_role.json()["message"].startswith("没有角色“出纳”，可用的角色：单位填报")

    assert call("post", "/api/accounts/users/liu/memberships", {"role": "finance"}).json()["memberships"][0] == {
        "unit": None, "unit_name": "", "role": FINANCE}
    after = call("delete", "/api/accounts/users/liu/memberships?role=帮扶干事&unit=726002").json()
    assert [m["role"] for m in after["memberships"]] == [FINANCE, EDITOR]
    reset = call("post", "/api/accounts/users/liu/password", {})
    assert services.User.objects.get(username="liu").check_password(reset.json()["password"])
    assert call("post", "/api/accounts/users/liu/password", {"password": STRONG}).json() == {"password": None}
    assert call("post", "/api/accounts/users/liu/deactivate").json()["active"] is False
    listed = {u["login"]: u for u in call("get", "/api/accounts/users?active=false").json()}
    assert set(listed) == {"liu"}
    assert call("get", "/api/accounts/users/nobody").json()["message"] == "没有用户“nobody”"
    last = call("post", "/api/accounts/users/admin/deactivate")
    assert last.status_code == 409 and last.json()["message"] == "不能停用自己的账号"
    actions = set(Entry.objects.filter(object_type="user", object_id=services.User.objects.get(username="liu").pk)
                  .values_list("action", flat=True))
    assert actions == {"user.created", "membership.set", "membership.removed", "password.reset", "user.deactivated"}


# ---------------------------------------------------------------- roles held per unit

def test_a_role_is_held_in_a_unit_and_existing_checks_keep_working(users):
    chang, liu = Unit.objects.get(code="711001"), Unit.objects.get(code="726001")
    outsider = users["outsider"]
    services.membership_set(user=outsider, role=RELIEF, unit=chang, acting_user=users["admin"])
    outsider = services.User.objects.get(pk=outsider.pk)
    assert roles_of(outsider) == {EDITOR, RELIEF}
    assert unit_ids_of(outsider) == {chang.pk, liu.pk} and in_unit(outsider, chang.pk)
    assert roles_in(outsider, chang.pk) == {RELIEF} and roles_in(outsider, liu.pk) == {EDITOR}
    assert set(Membership.objects.filter(user=outsider).values_list("unit__code", "role__name")) == {
        ("726001", EDITOR), ("711001", RELIEF)}  # the unit-wide row became one row per role
    services.membership_remove(user=outsider, role=RELIEF, unit=chang, acting_user=users["admin"])
    outsider = services.User.objects.get(pk=outsider.pk)
    assert roles_of(outsider) == {EDITOR} and unit_ids_of(outsider) == {liu.pk}
    assert roles_in(users["finance"], chang.pk) == {FINANCE}  # seen everywhere, held nowhere in particular

    # A role added later is a group; it needs a unit like the unit roles.
    Group.objects.create(name="档案管理员")
    services.membership_set(user=outsider, role="档案管理员", unit=liu, acting_user=users["admin"])
    with pytest.raises(AccountsError, match="属于某个单位"):
        services.membership_set(user=outsider, role="档案管理员", acting_user=users["admin"])
    assert services.membership_set(user=outsider, role="档案管理员", unit=liu, acting_user=users["admin"]) is False


def test_the_last_admin_is_kept(users):
    admin = users["admin"]
    with pytest.raises(AccountsError) as refused:
        services.membership_remove(user=admin, role=ADMIN, acting_user=services.SYSTEM)
    assert refused.value.message == errors.LAST_ADMIN.format(login="admin", what="撤销其管理员角色")
    with pytest.raises(AccountsError, match="不能停用自己的账号"):
        services.user_deactivate(user=admin, acting_user=admin)
    services.membership_set(user=users["finance"], role="admin", acting_user=admin)
    services.membership_remove(user=admin, role=ADMIN, acting_user=users["finance"])
    assert roles_of(services.User.objects.get(pk=admin.pk)) == set()


def test_the_first_admin_of_an_empty_database(db):
    user, password = services.first_admin()
    assert user.username == "admin" and user.check_password(password) and roles_of(user) == {ADMIN}
    assert services.first_admin() is None
    assert Entry.objects.filter(action="user.created", note="命令行").exists()


# ---------------------------------------------------------------- passwords

def test_validators_refuse_weak_passwords_in_chinese(users):
    assert [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS] == [
        "UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
        "NumericPasswordValidator", "GuessablePasswordValidator"]
    for password, reason in [("12345678", "密码不能全是数字"), ("password", "这个密码太常见了"),
                             ("a1-b2", "密码太短，至少需要10个字符"), ("zhangsan2024", "密码与用户名太相似")]:
        with pytest.raises(AccountsError) as refused:
            services.user_create(login="zhangsan2024", name="张三", password=password, acting_user=users["admin"])
        assert refused.value.message.startswith("密码不合要求：") and reason in refused.value.message, password
    assert not services.User.objects.filter(username="zhangsan2024").exists()


def test_everyone_changes_their_own_password(client, users):
    login(client, users["editor"])
    assert "修改密码" in client.get("/goals/").content.decode()  # in the nav
    page = client.get("/accounts/password/")
    assert page.status_code == 200
    for data, message in [({"old_password": "wrong", "new_password": STRONG, "new_password_again": STRONG},
                           errors.OLD_PASSWORD_WRONG),
                          ({"old_password": PASSWORD, "new_password": STRONG, "new_password_again": STRONG + "x"},
                           errors.PASSWORD_MISMATCH),
                          ({"old_password": PASSWORD, "new_password": "87654321", "new_password_again": "87654321"},
                           "密码不能全是数字")]:
        response = client.post("/accounts/password/", data)
        assert response.status_code == 200 and message in response.content.decode()
    assert users["editor"].__class__.objects.get(pk=users["editor"].pk).check_password(PASSWORD)
    done = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password": STRONG,
                                               "new_password_again": STRONG}, follow=True)
    assert "密码已修改" in done.content.decode() and logged_in(client)  # still logged in here
    assert log_in(client.__class__(), "editor", STRONG).status_code == 302
    assert Entry.objects.filter(action="password.changed", user=users["editor"]).exists()
    assert "password" not in str(Entry.objects.get(action="password.changed").changes)


def test_the_admin_resets_a_password(client, users):
    login(client, users["admin"])
    target = users["approver"]
    page = client.post(f"/accounts/users/{target.pk}/password/", {"password": ""}, follow=True)
    shown = SHOWN.search(page.content.decode()).group(1)
    assert page.status_code == 200 and "只显示这一次" in page.content.decode()
    # Reloading the page that showed it neither shows it again nor resets it again.
    again = client.get(page.redirect_chain[-1][0]).content.decode()
    assert shown not in again and "已经显示过" in again
    assert Entry.objects.filter(action="password.reset", object_id=target.pk).count() == 1
    own = client.post(f"/accounts/users/{users['admin'].pk}/password/", {"password": ""})
    assert own.status_code == 400 and errors.OWN_RESET in own.content.decode()
    assert log_in(client.__class__(), "approver", shown).status_code == 302
    weak = client.post(f"/accounts/users/{target.pk}/password/", {"password": "approver1"})
    assert weak.status_code == 400 and "密码不合要求" in weak.content.decode()
    assert services.User.objects.get(pk=target.pk).check_password(shown)
    user_page = client.get(f"/accounts/users/{target.pk}/").content.decode()
    assert "重置密码" in user_page and shown not in user_page


# ---------------------------------------------------------------- the login lock

def test_repeated_failures_lock_the_login_until_reset_or_time(client, users):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert log_in(client, "editor", "wrong-password").status_code == 200
    locked = log_in(client, "editor", "wrong-password")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "登录已被暂时锁定" in text and re.search(r"请在\d{4}年\d+月\d+日 \d\d:\d\d之后再试", text)
    right = log_in(client, "editor", PASSWORD)  # even the right password is refused while locked
    assert right.status_code == 429 and "登录已被暂时锁定" in right.content.decode() and not logged_in(client)
    assert log_in(client.__class__(), "approver", PASSWORD).status_code == 302  # others are not locked

    # The admin sees the lock and resets the password, which lifts it.
    admin = login(client.__class__(), users["admin"])
    assert "已被锁定" in admin.get(f"/accounts/users/{users['editor'].pk}/").content.decode()
    services.password_reset(user=users["editor"], password=STRONG, acting_user=users["admin"])
    assert log_in(client, "editor", STRONG).status_code == 302 and logged_in(client)

    # Locked again, it ends by itself once the cool-off has passed.
    client.logout()
    for _ in range(limit):
        log_in(client, "editor", "wrong-password")
    assert log_in(client, "editor", STRONG).status_code == 429
    AccessAttempt.objects.filter(username="editor").update(
        attempt_time=AccessAttempt.objects.get(username="editor").attempt_time - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1))
    assert log_in(client, "editor", STRONG).status_code == 302

    # And the admin can lift a lock without changing the password.
    client.logout()
    for _ in range(limit):
        log_in(client, "editor", "wrong-password")
    admin.post(f"/accounts/users/{users['editor'].pk}/unlock/")
    assert log_in(client, "editor", STRONG).status_code == 302
    assert Entry.objects.filter(action="user.unlocked").exists()


# ---------------------------------------------------------------- a user without a unit

def test_a_user_without_a_unit_is_told_what_to_do_next(client, users):
    lost, _ = services.user_create(login="newcomer", name="新同事", password=STRONG, acting_user=users["admin"])
    lost.groups.add(Group.objects.get(name=EDITOR))
    assert log_in(client, "newcomer", STRONG).url == "/accounts/start/"
    page = client.get("/accounts/start/", follow=True)
    text = page.content.decode()
    assert page.redirect_chain[-1][0] == "/accounts/no-unit/"
    assert "还不属于任何单位" in text and "下一步" in text and "登录名 admin" in text and "单位编码" in text
    assert "查看下一步怎么做" in client.get("/goals/").content.decode()  # every page points there
    no_role = services.user_create(login="norole", name="无角色", password=STRONG, acting_user=users["admin"])[0]
    assert "还没有任何角色" in login(client.__class__(), no_role).get("/accounts/no-unit/").content.decode()
    # Someone with a unit lands on the plans.
    assert login(client.__class__(), users["editor"]).get("/accounts/start/").url == "/goals/"


def test_a_document_of_a_unit_not_yet_set_up_says_who_sets_it_up(users):
    from django.core.exceptions import PermissionDenied

    document, _ = read_path(SEED)
    with pytest.raises(PermissionDenied) as refused:
        goals_services.plan_import(document=dataclasses.replace(document, unit=CoreUnit("799001", "某县总工会")),
                                   user=users["editor"])
    assert "尚未建立：请管理员在“单位”页面（或用 jixiao units add）建立该单位" in str(refused.value)
    assert not Unit.objects.filter(code="799001").exists()


def test_a_role_held_in_one_unit_does_not_act_in_another(users, plan, client):
    """An editor of 711001 who is the approver of 726001 submits in 711001 but may not approve there."""
    from django.core.exceptions import PermissionDenied

    other = Unit.objects.get(code="726001")
    person = users["editor"]
    services.membership_set(user=person, role=APPROVER, unit=other, acting_user=users["admin"])
    person = type(person).objects.get(pk=person.pk)  # roles are cached on the instance
    assert roles_in(person, plan.unit_id) == {EDITOR} and roles_in(person, other.id) == {APPROVER}
    goals_services.plan_submit(plan=plan, user=person, confirm_warnings=True)
    with pytest.raises(PermissionDenied, match="你在该单位没有以下角色之一：单位审核"):
        goals_services.plan_unit_approve(plan=plan, user=person)
    page = login(client, person).get(f"/goals/{plan.pk}/").content.decode()
    assert "审核通过，报送财政" not in page and plan.__class__.objects.get(pk=plan.pk).state == "submitted"


def test_a_stale_user_page_does_not_undo_another_admins_change(client, users, django_user_model):
    """Two admins open the same user; one deactivates, the other then saves an old page: refused, still inactive."""
    second = django_user_model.objects.create_user("admin2", password="x")
    services.membership_set(user=second, role=ADMIN, acting_user=users["admin"])
    target = users["approver"]
    django_user_model.objects.filter(pk=target.pk).update(first_name="审核员")
    target.refresh_from_db()
    page = login(client, users["admin"]).get(f"/accounts/users/{target.pk}/").content.decode()
    assert 'name="seen_active" value="1"' in page and 'name="seen_name" value="审核员"' in page
    other = client.__class__()
    other.force_login(second)
    assert other.post(f"/accounts/users/{target.pk}/", {"name": target.first_name, "is_active": "",
                                                         "seen_name": target.first_name, "seen_active": "1"}
                      ).status_code == 302
    stale = client.post(f"/accounts/users/{target.pk}/", {"name": "新名字", "is_active": "on",
                                                          "seen_name": target.first_name, "seen_active": "1"})
    assert stale.status_code == 400 and errors.USER_STALE.format(login="approver") in stale.content.decode()
    assert not django_user_model.objects.get(pk=target.pk).is_active


def test_a_password_of_spaces_is_refused(users):
    with pytest.raises(AccountsError, match=errors.PASSWORD_BLANK):
        services.password_reset(user=users["approver"], password=" " * 10, acting_user=users["admin"])
