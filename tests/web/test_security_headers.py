"""Security headers on a running server (issue 13 §7): the Content-Security-Policy, nosniff, the
referrer policy, no framing and the opener policy on pages, API answers and errors; behind HTTPS
(`JIXIAO_HTTPS=1`, a real `jixiao serve`) HSTS and cookies that travel only over HTTPS."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import pytest
import requests

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            out[name] = values
    return out


def assert_secure_headers(response: requests.Response) -> None:
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_every_kind_of_answer_carries_the_security_headers(live_server, users, plan):
    base = live_server.url
    session = requests.Session()
    login = session.get(f"{base}/login/", timeout=30)
    assert login.status_code == 200
    assert_secure_headers(login)
    session.post(f"{base}/login/", data={"username": "editor", "password": PASSWORD,
                                         "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                 headers={"Referer": f"{base}/login/"}, timeout=30)
    for path, status in [("/goals/", 200), (f"/goals/{plan.pk}/", 200), ("/?public=1", 200), ("/api/plans", 200),
                         ("/api/docs", 200), ("/no/such/page/", 404), ("/api/plans/999999", 404)]:
        response = session.get(f"{base}{path}", timeout=30)
        assert response.status_code == status, path
        assert_secure_headers(response)
    assert "Strict-Transport-Security" not in login.headers  # plain HTTP: no HSTS (it would lock the site out)


def test_pages_hold_no_inline_script_or_event_handler(live_server, users, plan):
    """What the CSP refuses must not be on the pages at all: no <script> with code, no on…= handler,
    no javascript: link (the error page's 返回上一页 included)."""
    session = requests.Session()
    session.get(f"{live_server.url}/login/", timeout=30)
    session.post(f"{live_server.url}/login/", data={"username": "editor", "password": PASSWORD,
                                                    "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                 headers={"Referer": f"{live_server.url}/login/"}, timeout=30)
    project = plan.projects.first()
    for path in ["/goals/", f"/goals/{plan.pk}/", f"/goals/projects/{project.pk}/",
                 f"/evaluation/{plan.pk}/monitoring/", f"/evaluation/{plan.pk}/self-evaluation/", "/no/such/page/"]:
        page = session.get(f"{live_server.url}{path}", timeout=30).text
        scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)
        assert not scripts, (path, scripts)
        assert not re.search(r"\son[a-z]+\s*=", page) and "javascript:" not in page, path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def https_server(tmp_path):
    """`jixiao serve` as production runs it behind nginx: JIXIAO_HTTPS=1, its own SQLite database."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(JIXIAO_HTTPS="1", JIXIAO_DATA_DIR=str(tmp_path), JIXIAO_SECRET_KEY="x" * 50)
    jixiao = os.path.join(os.path.dirname(sys.executable), "jixiao")
    log = open(tmp_path / "serve.log", "w")
    process = subprocess.Popen([jixiao, "serve", "--port", str(port), "--workers", "1", "--threads", "2"],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/login/", timeout=2, allow_redirects=False)
                break
            except requests.ConnectionError:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        text = (tmp_path / "serve.log").read_text()
        admin = re.search(r"：(\S+) / (\S+)", text)
        assert admin, text
        yield base, admin.group(1), admin.group(2)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_behind_https_hsts_is_sent_and_cookies_are_secure(https_server):
    base, username, password = https_server
    plain = requests.get(f"{base}/login/", timeout=30, allow_redirects=False)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
    https = {"X-Forwarded-Proto": "https"}
    page = requests.get(f"{base}/login/", headers=https, timeout=30)
    assert page.status_code == 200
    assert_secure_headers(page)
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    csrf = next(c for c in page.cookies if c.name == "csrftoken")
    assert csrf.secure
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    login = requests.post(f"{base}/login/", data={"username": username, "password": password,
                                                  "csrfmiddlewaretoken": token},
                          headers={**https, "Referer": base.replace("http:", "https:") + "/login/", "Cookie": f"csrftoken={csrf.value}"},
                          timeout=30, allow_redirects=False)
    assert login.status_code == 302, login.text
    cookies = login.raw.headers.getlist("Set-Cookie")
    session = [c for c in cookies if c.startswith("sessionid=")]
    assert session and "Secure" in session[0] and "HttpOnly" in session[0]
