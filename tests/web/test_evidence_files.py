"""Evidence files (整改佐证 and a 完成值's 佐证材料): an empty file, a program or a page, and a file whose
content is not what its extension says are refused with a Chinese message naming the file, and
nothing is stored; a stored file is served as an attachment with its kind's content type, never as
text/html (issue 13, walk item 10)."""

import io
import zipfile

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jixiao.core import evidence
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import IndicatorValue
from jixiao.web.goals.models import Indicator
from jixiao.web.history.models import Entry
from jixiao.web.rectification import services
from jixiao.web.rectification.models import RectificationEvidence

from .conftest import approve, login
from .test_api_live import browser_login

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


REFUSED = [
    ("empty.pdf", b"", evidence.EMPTY.format(name="empty.pdf")),
    ("x.exe", b"MZ\x90\x00\x03\x00\x00\x00", evidence.KIND.format(name="x.exe")),
    ("evil.html", b"<html><script>alert(1)</script></html>", evidence.KIND.format(name="evil.html")),
    ("没有扩展名", b"%PDF-1.4", evidence.KIND.format(name="没有扩展名")),
    ("整改报告.pdf", docx(), evidence.MISMATCH.format(name="整改报告.pdf", kind="PDF")),
    ("情况说明.docx", b"just some text", evidence.MISMATCH.format(name="情况说明.docx", kind="Word")),
    ("照片.jpg", PNG, evidence.MISMATCH.format(name="照片.jpg", kind="JPG图片")),
]
ACCEPTED = [
    ("签字台账.pdf", PDF, "application/pdf"),
    ("现场照片.PNG", PNG, "image/png"),
    ("情况说明.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("复核说明.txt", "昌黎县总工会复核情况说明".encode("gbk"), "text/plain; charset=utf-8"),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def item(plan, users):
    return services.rectification_create(
        unit=plan.unit, year=plan.year, source_kind="audit", user=users["editor"],
        fields={"found_where": "2021年度县审计局审计", "problem": "困难职工救助发放台账缺少签字"})


def added() -> int:
    return Entry.objects.filter(action__in=("rectification.evidence_added", "evidence.uploaded")).count()


@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_file_that_is_no_evidence_is_refused_on_the_rectification_page(client, users, item, name, data, message):
    version = item.version
    response = login(client, users["editor"]).post(reverse("rectification:evidence_upload", args=[item.pk]),
                                                   {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400 and message in response.content.decode()
    item.refresh_from_db()
    assert item.version == version and not item.evidence.exists() and added() == 0


@pytest.mark.parametrize(("name", "data", "kind"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_evidence_is_kept_and_served_as_an_attachment_of_its_kind(client, users, item, name, data, kind):
    c = login(client, users["editor"])
    assert c.post(reverse("rectification:evidence_upload", args=[item.pk]),
                  {"file": SimpleUploadedFile(name, data)}).status_code == 302
    stored = item.evidence.get()
    download = c.get(reverse("rectification:evidence_download", args=[item.pk, stored.pk]))
    assert download["Content-Type"] == kind and download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == data


def test_a_page_stored_before_the_check_is_served_as_a_plain_download(client, users, item):
    stored = RectificationEvidence.objects.create(rectification=item, name="evil.html", uploaded_by=users["editor"],
                                                  file=ContentFile(b"<script>alert(1)</script>", name="evil.html"))
    download = login(client, users["editor"]).get(reverse("rectification:evidence_download", args=[item.pk, stored.pk]))
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment;") and download["X-Content-Type-Options"] == "nosniff"


def test_the_api_refuses_an_empty_file_as_evidence_of_a_rectification(users, item):
    from django.test import Client
    api = Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(users['editor'])}")
    response = api.post(f"/api/rectifications/{item.pk}/evidence", {"file": SimpleUploadedFile("empty.pdf", b"")})
    body = response.json()
    assert response.status_code == 400 and body["message"] == evidence.EMPTY.format(name="empty.pdf")
    assert not item.evidence.exists()


def test_a_value_evidence_that_is_a_program_is_refused_on_the_page_and_in_the_api(client, users, plan):
    approve(plan, users)
    indicator = Indicator.objects.get(project__plan=plan, name="困难帮扶人数")
    page = login(client, users["editor"]).post(f"/evaluation/{plan.pk}/values/{indicator.pk}/", {
        "actual": "400人", "evidence": SimpleUploadedFile("入户调查.exe", b"MZ\x90\x00"), "version": 0})
    assert page.status_code == 400 and evidence.KIND.format(name="入户调查.exe") in page.content.decode()
    assert not IndicatorValue.objects.filter(indicator=indicator).exclude(evidence="").exists()
    from django.test import Client
    api = Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(users['editor'])}")
    url = f"/api/plans/{plan.pk}/values/{indicator.pk}/evidence"
    empty = api.post(url, {"file": SimpleUploadedFile("入户调查.pdf", b"")})
    assert empty.status_code == 400 and empty.json()["message"] == evidence.EMPTY.format(name="入户调查.pdf")
    fake = api.post(url, {"file": SimpleUploadedFile("入户调查.pdf", b"<html></html>")})
    assert fake.status_code == 400 and fake.json()["message"] == evidence.MISMATCH.format(name="入户调查.pdf", kind="PDF")
    assert not IndicatorValue.objects.filter(indicator=indicator).exclude(evidence="").exists() and added() == 0
    assert api.post(url, {"file": SimpleUploadedFile("入户调查.pdf", PDF)}).status_code == 200
    download = api.get(url)
    assert download["Content-Type"] == "application/pdf" and download["Content-Disposition"].startswith("attachment;")


def test_an_empty_file_is_refused_on_a_live_server_with_the_form_and_its_csrf_token(live_server, users, item, sessions):
    session = browser_login(live_server.url, "editor")
    sessions.append(session)
    page = session.get(f"{live_server.url}/rectifications/item/{item.pk}/", timeout=60)
    assert page.status_code == 200

    def upload(name: str, data: bytes) -> requests.Response:
        return session.post(f"{live_server.url}/rectifications/item/{item.pk}/evidence/", timeout=60,
                            data={"csrfmiddlewaretoken": session.cookies["csrftoken"]}, headers={"Referer": page.url},
                            files={"file": (name, data, "application/pdf")})

    refused = upload("empty.pdf", b"")
    assert refused.status_code == 400 and evidence.EMPTY.format(name="empty.pdf") in refused.text
    assert not item.evidence.exists()
    kept = upload("整改报告.pdf", PDF)
    assert kept.status_code == 200 and "已上传佐证材料：整改报告.pdf" in kept.text and item.evidence.count() == 1
