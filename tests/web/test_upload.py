"""Upload: a preview of what was read and its problems, then saving only on confirmation."""

from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.goals.models import Plan, Unit

from ..conftest import CORPUS
from .conftest import SEED, login


def upload(client, name: str, data: bytes):
    return client.post("/goals/upload/", {"file": SimpleUploadedFile(name, data)})


def test_upload_previews_then_saves_on_confirmation(client, users):
    editor = login(client, users["editor"])
    response = upload(editor, "seed.txt", SEED.read_bytes())
    text = response.content.decode()
    assert response.status_code == 200 and "导入预览" in text and "职工困难帮扶防贫资金" in text and "确认导入" in text
    assert not Plan.objects.exists()  # nothing saved before confirmation
    response = editor.post("/goals/upload/confirm/")
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.projects.count() == 3


def test_a_broken_file_is_refused_with_its_reason(client, users):
    data = (CORPUS / "samples" / "yunling-canlian-2022.docx").read_bytes()
    response = upload(login(client, users["editor"]), "broken.docx", data[:500])
    assert response.status_code == 200 and "broken.docx：Word文件已损坏或不完整" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_document_with_errors_cannot_be_confirmed(client, users):
    bad = SEED.read_text("utf-8").replace("13032221GVUVTX63BWWCQ", "123", 1).encode()
    text = upload(login(client, users["editor"]), "bad.txt", bad).content.decode()
    assert "项目编码“123”应为21位" in text and "文件有错误，不能导入" in text and "确认导入" not in text


def test_another_units_document_is_refused(client, users):
    editor = login(client, users["outsider"])
    upload(editor, "seed.txt", SEED.read_bytes())
    response = editor.post("/goals/upload/confirm/")
    assert response.status_code == 403 and "你不属于单位" in response.content.decode()
    assert not Plan.objects.exists()


def test_an_unknown_unit_needs_an_admin(client, users):
    sample = CORPUS / "samples" / "sangtai-kexie-2023.xlsx"
    editor = login(client, users["editor"])
    upload(editor, sample.name, sample.read_bytes())
    assert editor.post("/goals/upload/confirm/").status_code == 403
    admin = login(client, users["admin"])
    upload(admin, sample.name, sample.read_bytes())
    assert admin.post("/goals/upload/confirm/").status_code == 302
    assert Unit.objects.filter(code="745001").exists()


def test_confirming_without_an_upload_says_so(client, users):
    response = login(client, users["editor"]).post("/goals/upload/confirm/", follow=True)
    assert "没有待保存的导入内容" in response.content.decode()


def test_a_finance_reviewer_cannot_upload(client, users):
    response = login(client, users["finance"]).get("/goals/upload/")
    assert response.status_code == 403 and "只有单位填报人员" in response.content.decode()


def test_a_pdf_is_read_and_a_scan_refused_with_its_reason(client, users):
    from weasyprint import HTML

    from jixiao.formats.pdf_writer import write_pdf
    from jixiao.formats.reader import read_path

    editor = login(client, users["editor"])
    scan = HTML(string="<div style='width:10cm;height:10cm;background:#333'></div>").write_pdf()
    assert "扫描件.pdf：PDF中没有可读的文字" in upload(editor, "扫描件.pdf", scan).content.decode()
    assert "职工困难帮扶防贫资金" in upload(editor, "目标表.pdf", write_pdf(read_path(SEED)[0])).content.decode()
    assert editor.post("/goals/upload/confirm/").status_code == 302
    assert Plan.objects.get().projects.count() == 3


def test_an_old_word_file_is_converted_and_a_broken_one_refused(client, users, tmp_path):
    from ..conftest import libreoffice

    editor = login(client, users["editor"])
    broken = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert "旧.doc：.doc文件已损坏或无法识别，请在Office或WPS中打开后另存为.docx" in upload(editor, "旧.doc", broken).content.decode()
    doc = libreoffice(CORPUS / "samples" / "yunling-canlian-2022.docx", "doc", tmp_path)
    text = upload(editor, "云岭.doc", doc).content.decode()
    assert "导入预览" in text and "云岭县残疾人联合会" in text and "尚未建立" in text  # told before confirming
    assert not Plan.objects.exists()
