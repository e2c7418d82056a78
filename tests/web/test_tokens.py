"""API tokens expire and can be revoked (issue 13 §7): against a running server an expired or revoked
token is refused with 401 and a Chinese message saying which and since when; `jixiao token` issues
for N days, lists and revokes (by name, number or the token itself), each recorded in the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from django.utils import timezone
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.web.accounts import errors as e
from jixiao.web.accounts.models import Token
from jixiao.web.accounts.tokens import token_issue, token_revoke
from jixiao.web.history.models import Entry

pytestmark = pytest.mark.django_db(transaction=True)


def get(live_server, token: str) -> requests.Response:
    return requests.get(f"{live_server.url}/api/plans", headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_a_token_works_until_it_expires_then_answers_401_in_chinese(live_server, users, plan, settings):
    row, value = token_issue(user=users["editor"], name="报表脚本")
    assert timedelta(days=89) < row.expires_at - timezone.now() <= timedelta(days=settings.API_TOKEN_DAYS)
    assert get(live_server, value).status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None

    Token.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    refused = get(live_server, value)
    assert refused.status_code == 401 and refused.json()["code"] == "token_expired"
    assert refused.json()["message"].startswith("API令牌已于") and "过期" in refused.json()["message"]
    assert refused.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_a_revoked_token_answers_401_and_the_users_other_tokens_still_work(live_server, users, plan):
    _, first = token_issue(user=users["editor"], name="甲")
    _, second = token_issue(user=users["editor"], name="乙")
    token_revoke(which="甲", user=users["editor"])
    refused = get(live_server, first)
    assert refused.status_code == 401 and refused.json()["code"] == "token_revoked"
    assert "被吊销" in refused.json()["message"]
    assert get(live_server, second).status_code == 200
    assert get(live_server, "no-such-token").status_code == 401  # unknown: as before


def test_issue_and_revoke_are_security_events_without_the_token(users):
    _, value = token_issue(user=users["editor"], name="报表脚本", days=7)
    token_revoke(which=value, user=users["editor"])  # by the value itself: hashed, then found
    entries = list(Entry.objects.filter(action__in=["token_issue", "token_revoke"]).order_by("pk"))
    assert [x.action for x in entries] == ["token_issue", "token_revoke"]
    assert all("报表脚本" in x.note and value not in x.note for x in entries)


def test_days_out_of_range_are_refused_and_nothing_is_issued(users):
    for days in (0, -1, 3651):
        with pytest.raises(e.AccountsError) as refused:
            token_issue(user=users["editor"], name="x", days=days)
        assert refused.value.message == e.TOKEN_DAYS.format(days=days)
    assert not Token.objects.exists()


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_the_cli_issues_for_n_days_lists_and_revokes_by_name_number_or_value(live_server, users, plan):
    issued = run("token", "editor", "--name", "月报", "--days", "30")
    assert issued.exit_code == 0, issued.output
    value = issued.output.strip().splitlines()[-1]
    row = Token.objects.get(digest=Token.hash(value))
    assert row.name == "月报" and timedelta(days=29) < row.expires_at - timezone.now() <= timedelta(days=30)
    assert get(live_server, value).status_code == 200

    listed = run("token", "editor", "--list")
    assert listed.exit_code == 0 and f"编号{row.pk}　月报" in listed.output and "有效" in listed.output

    revoked = run("token", "editor", "--revoke", value)
    assert revoked.exit_code == 0 and f"已吊销用户 editor 的令牌“月报”（编号{row.pk}）" in revoked.output
    assert get(live_server, value).status_code == 401
    assert "已吊销" in run("token", "editor", "--list").output

    again = run("token", "editor", "--revoke", "月报")
    assert again.exit_code == 1 and "已于" in again.output and "被吊销" in again.output
    _, other = token_issue(user=users["editor"], name="备用")
    by_number = run("token", "editor", "--revoke", str(Token.objects.get(name="备用").pk))
    assert by_number.exit_code == 0 and get(live_server, other).status_code == 401


def test_the_cli_refuses_a_token_of_another_user_and_an_unknown_one(users):
    _, value = token_issue(user=users["approver"], name="审核脚本")
    other = run("token", "editor", "--revoke", value)
    assert other.exit_code == 2 and e.TOKEN_UNKNOWN.format(login="editor", which=value) in other.output
    assert Token.objects.get(name="审核脚本").revoked_at is None
    bad_days = run("token", "editor", "--days", "0")
    assert bad_days.exit_code == 1 and e.TOKEN_DAYS.format(days=0) in bad_days.output
    assert not Token.objects.filter(user=users["editor"]).exists()


def test_the_cli_help_is_chinese():
    result = run("token", "--help")
    assert "--days" in result.output and "有效天数" in result.output and "吊销" in result.output
