"""CSRF on, passwords hashed, no traceback, secure settings behind HTTPS."""

import json
import os
import subprocess
import sys

from django.test import Client

from .conftest import PASSWORD, login


def test_posts_without_csrf_token_are_refused_in_chinese(users, plan):
    client = Client(enforce_csrf_checks=True)
    login(client, users["editor"])
    response = client.post(f"/goals/{plan.pk}/submit/")
    assert response.status_code == 403 and "CSRF校验失败" in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_passwords_are_hashed(users):
    from django.conf import global_settings

    from jixiao.web import settings

    assert PASSWORD not in users["editor"].password and users["editor"].check_password(PASSWORD)
    # Production keeps Django's default hashers, PBKDF2 first (the tests use a fast one).
    assert not hasattr(settings, "PASSWORD_HASHERS")
    assert global_settings.PASSWORD_HASHERS[0].endswith("PBKDF2PasswordHasher")


def test_login_page_and_a_wrong_password(client, users):
    response = client.post("/login/", {"username": "editor", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200 and "登录名或密码不正确" in page
    assert 'value="editor"' in page  # the login name typed stays; the password does not
    response = client.post("/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302


def test_a_missing_page_is_chinese(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "找不到页面" in response.content.decode()


def test_a_server_error_shows_no_traceback(client, users, plan, monkeypatch):
    from jixiao.web.goals import views

    def boom(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.selectors, "plan_list", boom)
    client.raise_request_exception = False
    response = login(client, users["editor"]).get("/goals/")
    text = response.content.decode()
    assert response.status_code == 500 and "系统出错" in text and "secret internals" not in text and "Traceback" not in text


def test_https_settings_from_the_environment(tmp_path):
    code = ("import json; from jixiao.web import settings as s; print(json.dumps([s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.DEBUG]))")
    env = {**os.environ, "JIXIAO_HTTPS": "1", "JIXIAO_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [True, True, True, 31536000, False]


def test_database_url_selects_postgresql(tmp_path):
    code = "from jixiao.web import settings as s; print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])"
    env = {**os.environ, "DATABASE_URL": "postgres://u:p@127.0.0.1:5999/jx", "JIXIAO_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["django.db.backends.postgresql", "jx"]


def test_a_button_only_address_opened_by_itself_is_a_chinese_page(client, users):
    from jixiao.web.errors import BUTTON_ONLY

    login(client, users["admin"])
    for url in ["/logout/", f"/accounts/users/{users['editor'].pk}/password/", f"/accounts/users/{users['editor'].pk}/unlock/"]:
        page = client.get(url)
        assert page.status_code == 405 and BUTTON_ONLY in page.content.decode() and "POST" in page["Allow"], url


def test_not_found_says_what_in_chinese_and_never_djangos_english(client, users, plan):
    """jixiao's own NotFound names what is missing; Django's (an unknown address, get_object_or_404) the generic."""
    login(client, users["outsider"])
    other_unit = client.get(f"/goals/{plan.pk}/")
    assert other_unit.status_code == 404 and "没有这份绩效目标，或你无权查看" in other_unit.content.decode()
    unknown = client.get("/goals/adjustments/999999/decide/")
    assert unknown.status_code in (404, 405) and "matches the given query" not in unknown.content.decode()
    nowhere = client.get("/no/such/page/")
    assert nowhere.status_code == 404 and "没有这个页面或对象，或你无权查看" in nowhere.content.decode()
    api = client.get(f"/api/plans/{plan.pk}")
    assert api.status_code == 404 and api.json() == {"code": "not_found", "message": "没有这份绩效目标，或你无权查看",
                                                     "fields": {}}
