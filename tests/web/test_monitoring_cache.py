"""The monitoring page's body is computed once per plan, date, state of the records and rights, and kept in the
cache: a change shows at once, each user sees the forms of their own rights, and the forms of a cached body
carry each request's own token (CSRF checked as a browser meets it)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jixiao.web.accounts.models import Membership
from jixiao.web.evaluation.models import MonitoringReport

from .conftest import approve, login

REASON_FORM = "填写偏差原因和纠偏措施"


@pytest.fixture
def approved(plan, users):
    return approve(plan, users)


def page(client, plan) -> str:
    response = client.get(f"/evaluation/{plan.pk}/monitoring/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_reading_is_answered_from_the_cache_with_a_handful_of_queries(client, users, approved):
    login(client, users["finance"])
    with CaptureQueriesContext(connection) as first:
        before = page(client, approved)
    with CaptureQueriesContext(connection) as second:
        again = page(client, approved)
    assert before.count("<tr>") == again.count("<tr>") > 20
    assert len(second) <= 8 < len(first)
    assert not any("evaluation_spendingrecord" in q["sql"] for q in second.captured_queries)


def test_spending_entered_shows_at_once_though_the_page_was_cached(client, users, approved):
    login(client, users["editor"])
    project = approved.projects.order_by("position").first()
    assert 'title="12,345.00元"' not in page(client, approved)
    response = client.post(f"/evaluation/{approved.pk}/spending/", {"project": project.pk, "date": "2021-03-01",
                                                                    "amount": "12,345.00", "note": "慰问金"})
    assert response.status_code == 302
    assert 'title="12,345.00元"' in page(client, approved)


def test_each_user_sees_the_forms_of_their_own_rights_whoever_read_it_first(users, approved):
    reader, editor = login(Client(), users["finance"]), login(Client(), users["editor"])
    assert REASON_FORM not in page(reader, approved)
    assert REASON_FORM in page(editor, approved)
    assert REASON_FORM not in page(reader, approved)  # the editor's body, now cached, is not the reader's
    outsider = login(Client(), users["outsider"])
    assert outsider.get(f"/evaluation/{approved.pk}/monitoring/").status_code == 404  # the cache decides nothing


def _token(html: str) -> str:
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens and "csrf-token-of-the-request" not in html
    return tokens.pop()


def test_the_forms_of_a_cached_body_carry_each_users_own_token(users, approved, django_user_model):
    colleague = django_user_model.objects.create_user("editor2", password="x")  # the same rights as the editor
    colleague.groups.add(*users["editor"].groups.all())
    Membership.objects.create(user=colleague, unit=approved.unit)
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    login(first, users["editor"]), login(second, colleague)
    page(first, approved)  # computed and cached
    html = page(second, approved)  # from the cache, the same rights
    token = _token(html)
    response = second.post(f"/evaluation/{approved.pk}/monitoring/reports/",
                           {"csrfmiddlewaretoken": token, "as_of": "2021-07-31", "note": "1-7月监控"})
    assert response.status_code == 302 and MonitoringReport.objects.get().note == "1-7月监控"
    refused = second.post(f"/evaluation/{approved.pk}/monitoring/reports/",
                          {"csrfmiddlewaretoken": "x" * 64, "as_of": "2021-07-31", "note": "另一份"})
    assert refused.status_code == 403 and MonitoringReport.objects.count() == 1
    assert "1-7月监控" in page(first, approved)  # the saved report listed: the history moved on
