"""Word 97–2003 and Excel 97–2003 files, converted by LibreOffice, read to the same
document as the .docx and .xlsx they were saved from."""

import pytest

from jixiao.core.problems import ReadError
from jixiao.formats.reader import read_bytes, read_path

from ..conftest import CORPUS, expected, libreoffice, projection

SAMPLES = [CORPUS / "samples" / "yunling-canlian-2022.docx", CORPUS / "samples" / "sangtai-kexie-2023.xlsx"]


@pytest.mark.parametrize("path, old", list(zip(SAMPLES, ["doc", "xls"])), ids=["doc", "xls"])
def test_an_old_office_file_reads_like_the_new_one(path, old, tmp_path):
    doc, problems = read_bytes(libreoffice(path, old, tmp_path), f"旧版.{old}")
    assert problems == read_path(path)[1]
    assert projection(doc) == expected(path)


@pytest.mark.parametrize("suffix, to", [(".doc", ".docx"), (".xls", ".xlsx"), (".wps", ".docx")])
def test_a_broken_old_office_file_says_to_save_it_anew(suffix, to):
    """An Office 97–2003 file starts with this signature; the rest is missing."""
    with pytest.raises(ReadError, match=f"已损坏或无法识别，请在Office或WPS中打开后另存为{to}") as caught:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), f"坏的{suffix}")
    assert caught.value.place == f"坏的{suffix}" and caught.value.exit_code == 2


def test_without_libreoffice_the_message_says_what_to_do(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReadError, match="需要LibreOffice.*也可在Office或WPS中另存为.docx"):
        read_bytes(b"\xd0\xcf\x11\xe0", "旧版.doc")
