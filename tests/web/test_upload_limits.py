"""Bounded uploads (issue 13 §1): a file that aborted the worker (one cell at XFD1048576) or is over
its size is refused in Chinese, naming the limit, with nothing saved, on every page and API operation
that takes a file; a request over Django's own limits is a Chinese 400, not a 500."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.formats import limits
from jixiao.relief.synthetic import made_up_id
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import IndicatorValue, SpendingRecord
from jixiao.web.goals import api as goal_api
from jixiao.web.goals import views as goal_views
from jixiao.web.goals.models import Plan
from jixiao.web.relief import services as relief_services
from jixiao.web.relief.models import Beneficiary, ModelWorker

from ..formats.test_limits import far_cell
from .conftest import SEED, approve, login

FAR = "使用范围为1048576行×16384列，超过上限100000行×200列"


@pytest.fixture(scope="module")
def far(tmp_path_factory) -> bytes:
    """A 2 KB workbook with one value in A1 and one at XFD1048576."""
    data = far_cell(tmp_path_factory.mktemp("far") / "far.xlsx").read_bytes()
    assert zipfile.is_zipfile(io.BytesIO(data)) and len(data) < 15_000
    return data


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def refused(response, *words: str) -> str:
    text = response.content.decode()
    assert response.status_code == 400, (response.status_code, text[:500])
    assert all(w in text for w in words), text[:2000]
    assert "Traceback" not in text and "系统出错" not in text
    return text


# ---------------------------------------------------------------- the cell at XFD1048576, everywhere a file is taken

def test_the_plan_upload_page_refuses_the_far_cell(client, users, far):
    response = login(client, users["editor"]).post("/goals/upload/", {"file": SimpleUploadedFile("目标.xlsx", far)})
    text = response.content.decode()
    assert response.status_code == 200 and f"目标.xlsx：工作表“名册”{FAR}" in text  # the form again, with its error
    assert "upload" not in client.session and not Plan.objects.exists()


def test_the_plan_upload_api_refuses_the_far_cell(users, far):
    response = bearer(users["editor"]).post("/api/plans/", {"file": SimpleUploadedFile("目标.xlsx", far)})
    assert response.status_code == 400 and response.json()["code"] == "sheet_too_large"
    assert FAR in response.json()["message"] and not Plan.objects.exists()


def test_the_register_and_workers_pages_refuse_the_far_cell(client, users, plan, far):
    officer = login(client, users["relief"])
    for url in ("/relief/register/import/", "/relief/workers/import/"):
        refused(officer.post(url, {"unit": plan.unit.pk, "file": SimpleUploadedFile("名册.xlsx", far)}), FAR, "名册.xlsx")
    assert not Beneficiary.objects.exists() and not ModelWorker.objects.exists()


def test_the_register_and_workers_api_refuse_the_far_cell(users, plan, far):
    api = bearer(users["relief"])
    for url in ("/api/relief/register/import", "/api/relief/workers/import"):
        response = api.post(url, {"unit": "711001", "file": SimpleUploadedFile("名册.xlsx", far)})
        assert response.status_code == 400 and response.json()["code"] == "sheet_too_large", response.content
        assert FAR in response.json()["message"]
    assert not Beneficiary.objects.exists() and not ModelWorker.objects.exists()


def test_the_spending_and_values_imports_refuse_the_far_cell(client, users, plan, far):
    approve(plan, users)
    editor = login(client, users["editor"])
    for kind in ("spending", "actuals"):
        refused(editor.post(f"/evaluation/{plan.pk}/import/{kind}/", {"file": SimpleUploadedFile("支出.xlsx", far)}), FAR)
        response = bearer(users["editor"]).post(f"/api/plans/{plan.pk}/import/{kind}",
                                                {"file": SimpleUploadedFile("支出.xlsx", far)})
        assert response.status_code == 400 and FAR in response.json()["message"]
    assert not SpendingRecord.objects.exists() and not IndicatorValue.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_live_server_refuses_the_far_cell_and_keeps_serving(live_server, users, far):
    """The upload that killed the worker and every request it served: refused, and the next request answered."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {Token.issue(users['relief'])}"
    try:
        response = session.post(f"{live_server.url}/api/relief/register/import", data={"unit": "711001"},
                                files={"file": ("名册.xlsx", far)}, timeout=60)
        assert response.status_code == 400 and FAR in response.json()["message"]
        good = "姓名,身份证号\n张三," + made_up_id(1) + "\n"
        response = session.post(f"{live_server.url}/api/relief/register/import", data={"unit": "711001"},
                                files={"file": ("名册.csv", good.encode())}, timeout=60)
        assert response.status_code == 200 and response.json()["count"] == 1
    finally:
        session.close()


# ---------------------------------------------------------------- the size of a file, before it is read

def test_a_file_over_its_size_is_refused_before_it_is_read(client, users, plan, monkeypatch):
    monkeypatch.setitem(limits.FILE_SIZE, ".txt", 4096)
    monkeypatch.setitem(limits.FILE_SIZE, ".csv", 4096)
    read: list[str] = []  # no reader is given the file
    for module in (goal_views, goal_api):
        monkeypatch.setattr(module, "read_bytes", lambda data, name: read.append(name))
    monkeypatch.setattr(relief_services, "rows_of", lambda data, name: read.append(name))
    editor = login(client, users["editor"])
    page = editor.post("/goals/upload/", {"file": SimpleUploadedFile("目标.txt", SEED.read_bytes())}).content.decode()
    assert "目标.txt：文件大小为12.1 KB，超过.txt文件的上限4 KB" in page
    response = bearer(users["editor"]).post("/api/plans/", {"file": SimpleUploadedFile("目标.txt", SEED.read_bytes())})
    assert response.status_code == 400 and response.json()["code"] == "file_too_large"
    big = ("姓名,身份证号\n" + f"张三,{made_up_id(2)}\n" * 300).encode()
    refused(login(client, users["relief"]).post("/relief/register/import/", {
        "unit": plan.unit.pk, "file": SimpleUploadedFile("名册.csv", big)}), "超过.csv文件的上限4 KB")
    assert read == [] and Plan.objects.count() == 1 and not Beneficiary.objects.exists()


# ---------------------------------------------------------------- Django's own limits on a request

def test_a_request_over_djangos_limits_is_a_chinese_400(client, users, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    editor = login(client, users["editor"])
    refused(editor.post("/goals/upload/", {"note": "长" * 2000}), "提交的内容太大")
    refused(editor.post("/goals/upload/", {f"f{k}": "1" for k in range(20)}), "提交的字段太多")
    response = bearer(users["editor"]).post("/api/plans/", {f"f{k}": "1" for k in range(20)})
    assert response.status_code == 400 and "字段太多" in response.json()["message"]


def test_a_records_file_at_its_limit_fits_its_confirmation(settings):
    """The records import's confirmation posts the checked file back as base64 in a form field: the
    form's own limit must hold a file as large as a records file may be, or a file jixiao accepted
    at the first step would be refused at the second."""
    largest = max(limits.FILE_SIZE[".xlsx"], limits.FILE_SIZE[".csv"])
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= len(base64.b64encode(bytes(largest))) + 64 * 1024
