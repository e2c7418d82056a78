"""No full ID number, phone or bank account in the server's log or in a command's error line (issue
13 §6). A duplicate person in the register is an IntegrityError whose details (on PostgreSQL) name the
key's values; what every configured handler writes, and every captured record's message and exception
text, has them masked. The command line answers a bug with one Chinese line, masked, and no traceback."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import textwrap

import pytest
from django.db import IntegrityError
from django.db.models import QuerySet
from django.urls import reverse

from jixiao.core.redact import redact
from jixiao.relief.persons import mask_id, mask_phone
from jixiao.relief.synthetic import made_up_id
from jixiao.web.relief import services
from jixiao.web.relief.models import Beneficiary

from .conftest import login

ID = made_up_id(17)  # someone born in 1951, with a valid check digit
PHONE = "13912345678"
ACCOUNT = "6222021234567890123"  # 19 digits, as a bank card
LOGGERS = ("", "django", "django.request", "django.server", "django.db.backends")


def test_the_made_up_id_is_real_shaped():
    assert len(ID) == 18 and ID.startswith("1303221951")


@pytest.fixture
def written(monkeypatch):
    """Whatever the configured handlers write, into one buffer (their streams swapped for the test)."""
    buffer = io.StringIO()
    seen = set()
    for name in LOGGERS:
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, logging.StreamHandler) and id(handler) not in seen:
                seen.add(id(handler))
                # set, not setStream: that flushes the old stream, which may be an earlier test's
                # captured stderr, closed since
                monkeypatch.setattr(handler, "stream", buffer)
    assert seen, "no handler configured in settings.LOGGING"
    yield buffer


def _texts(caplog, buffer) -> list[str]:
    """The handlers' output and each captured record's message and exception text."""
    texts = [buffer.getvalue()]
    for record in caplog.records:
        texts += [record.getMessage(), record.exc_text or ""]
    return texts


def _post_person(client, user, unit):
    client.raise_request_exception = False
    return client.post(reverse("relief:person_create"), {
        "unit": unit.pk, "name": "张建金", "id_number": ID, "phone": PHONE, "cause": "因病", "degree": "相对困难"})


def test_a_duplicate_person_is_an_integrity_error_whose_log_has_no_full_id(client, users, plan, monkeypatch,
                                                                           caplog, written):
    """The register's own check bypassed, the database refuses the second row: a 500 whose log entry
    (on PostgreSQL its DETAIL names the key) keeps the ID masked."""
    services.beneficiary_create(unit=plan.unit, fields={"name": "张建金", "id_number": ID, "phone": PHONE,
                                                        "cause": "因病"}, user=users["relief"])
    real = QuerySet.exists
    monkeypatch.setattr(QuerySet, "exists", lambda self: False if self.model is Beneficiary else real(self))
    with caplog.at_level(logging.INFO):
        response = _post_person(client, login(client, users["relief"]), plan.unit)
    assert response.status_code == 500
    assert Beneficiary.objects.filter(id_number=ID).count() == 1
    errors = [r for r in caplog.records if r.name == "django.request" and r.exc_info]
    assert errors and issubclass(errors[0].exc_info[0], IntegrityError)
    assert all(ID not in text for text in _texts(caplog, written))
    assert "Internal Server Error" in written.getvalue()


# PostgreSQL's words for a duplicate key, as psycopg puts them in the exception's text.
DETAIL = 'duplicate key value violates unique constraint "relief_beneficiary_unit_id_id_number_uniq"\n' \
         "DETAIL:  Key (unit_id, {column})=(1, {value}) already exists."


@pytest.mark.parametrize("column, value, masked", [
    ("id_number", ID, mask_id(ID)), ("phone", PHONE, mask_phone(PHONE)),
    ("bank_account", ACCOUNT, ACCOUNT[:4] + "*" * 11 + ACCOUNT[-4:])])
def test_an_integrity_errors_details_are_masked_in_every_handler(client, users, plan, monkeypatch, caplog, written,
                                                                  column, value, masked):
    def refused(**kwargs):
        raise IntegrityError(DETAIL.format(column=column, value=value))

    monkeypatch.setattr(services, "beneficiary_create", refused)
    with caplog.at_level(logging.INFO):
        response = _post_person(client, login(client, users["relief"]), plan.unit)
    assert response.status_code == 500
    texts = _texts(caplog, written)
    assert all(value not in text for text in texts), [t for t in texts if value in t]
    assert masked in written.getvalue()  # the masked form says which key it was
    assert "IntegrityError" in written.getvalue()


def test_a_message_and_its_arguments_are_masked_as_logged(caplog, written):
    logger = logging.getLogger("django.request")
    with caplog.at_level(logging.INFO):
        logger.warning("重复登记：%s，电话%s，账号%s", ID, "139 1234 5678", "6222 0212 3456 7890 123")
        try:
            raise ValueError(f"id_number={ID}")
        except ValueError:
            logger.exception("导入失败：%(id)s", {"id": ID})
    text = written.getvalue()
    assert ID not in text and "1234 5678" not in text and "3456 7890" not in text
    assert mask_id(ID) in text and "139****5678" in text and "Traceback" in text
    assert all(ID not in t for t in _texts(caplog, written))


def test_redact_leaves_amounts_codes_and_dates_alone():
    text = "2021年 预算1,234.50元 单位711001 项目13032221GVUVTX63BWWCQ 日期2021-02-01 摘要" + "a1" * 40
    assert redact(text) == text
    assert redact(f"{ID[:-1]}x") == mask_id(f"{ID[:-1]}x")  # a check letter, also in lower case


# ---------------------------------------------------------------- the command line

BUG = textwrap.dedent("""
    import sys
    import jixiao.formats.jixiao_json as formats

    def schema():
        raise ValueError("身份证号 {id} 电话 {phone} 账号 {account} 对不上")

    formats.schema = schema
    from jixiao.cli import main
    sys.argv = ["jixiao", "schema"]
    main()
""")


@pytest.mark.parametrize("debug", ["", "1"])
def test_a_bug_on_the_command_line_is_one_chinese_line_without_personal_data(debug):
    env = {**os.environ, "JIXIAO_DEBUG": debug}
    done = subprocess.run([sys.executable, "-c", BUG.format(id=ID, phone=PHONE, account=ACCOUNT)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    everything = done.stdout + done.stderr
    assert ID not in everything and PHONE not in everything and ACCOUNT not in everything
    assert done.stderr.strip().splitlines()[-1].startswith("内部错误（ValueError）：身份证号 " + mask_id(ID))
    assert ("Traceback" in done.stderr) == (debug == "1")


def test_the_servers_access_log_masks_an_id_number_or_a_phone_typed_in_an_address(tmp_path):
    """`jixiao serve` (gunicorn): a search typed with a phone or an ID number is masked in its access log."""
    import signal
    import socket
    import time

    import requests

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "JIXIAO_DATA_DIR": str(tmp_path), "JIXIAO_DEBUG": "", "DJANGO_SETTINGS_MODULE": "jixiao.web.settings"}
    server = subprocess.Popen([sys.executable, "-c", "from jixiao.cli import main; main()", "serve", "--port", str(port),
                               "--workers", "1", "--threads", "2"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(240):
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/relief/register/?q={PHONE}&id={ID}", timeout=5,
                                      allow_redirects=False)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            raise AssertionError("the server did not start")
        assert answer.status_code == 302  # to the login page; the address is in the access log
    finally:
        server.send_signal(signal.SIGTERM)
        log, _ = server.communicate(timeout=60)
    assert "/relief/register/" in log
    assert PHONE not in log and ID not in log
    assert mask_phone(PHONE) in log and mask_id(ID) in log
