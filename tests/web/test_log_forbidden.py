"""A 403 is one line in the server's log (issue 13, walk item 26): the path and the user's id, no
traceback and no name; a server error keeps its traceback."""

from __future__ import annotations

import logging
import sys

import pytest

from jixiao.web.log_filters import ClientErrorLine

from .conftest import login
from .test_logs_masked import written  # noqa: F401  (a fixture: what the configured handlers write)


@pytest.fixture
def logged(caplog):
    caplog.set_level(logging.INFO, logger="django.request")
    return caplog


def test_a_403_logs_one_line_with_the_path_and_the_user_id_and_no_traceback(client, users, plan, logged):
    finance = users["finance"]
    response = login(client, finance).post(f"/goals/{plan.pk}/copy/")  # 由本年生成: only the unit's editor
    assert response.status_code == 403
    records = [r for r in logged.records if r.name == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record.exc_info is None and record.exc_text is None
    assert record.getMessage() == f"Forbidden (Permission denied): /goals/{plan.pk}/copy/ (用户编号 {finance.pk})"
    assert "Traceback" not in logged.text and "finance" not in record.getMessage()


def test_the_configured_handlers_write_no_traceback_for_a_403(client, users, plan, written):  # noqa: F811
    response = login(client, users["relief"]).post(f"/goals/{plan.pk}/copy/")
    assert response.status_code == 403
    text = written.getvalue()
    line = f"Forbidden (Permission denied): /goals/{plan.pk}/copy/ (用户编号 {users['relief'].pk})"
    assert text.endswith(line + "\n") and "Traceback" not in text and "relief" not in text


def test_an_anonymous_refusal_says_not_logged_in():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden (Permission denied): %s",
                               ("/relief/rounds/1/bank.xlsx",), None)
    record.status_code = 403
    assert ClientErrorLine().filter(record)
    assert record.getMessage() == "Forbidden (Permission denied): /relief/rounds/1/bank.xlsx (用户编号 未登录)"


def test_a_server_error_keeps_its_traceback():
    try:
        raise ValueError("坏了")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                                   ("/goals/1/",), sys.exc_info())
    record.status_code = 500
    assert ClientErrorLine().filter(record)
    assert record.exc_info is not None and record.getMessage() == "Internal Server Error: /goals/1/"
