"""Word 97–2003 and Excel 97–2003 files, converted by LibreOffice, read to the same
document as the .docx and .xlsx they were saved from."""

import os
import time

import pytest

from jixiao.core.problems import ReadError
from jixiao.formats import errors as e
from jixiao.formats import limits
from jixiao.formats.old_office import read_old_office
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


def test_a_conversion_that_hangs_is_stopped_with_its_helpers(tmp_path, monkeypatch):
    """soffice is a launcher: the work is done by a process it starts. A conversion over its time is
    refused in Chinese, and the process it started is stopped too, not left running."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pid_file = tmp_path / "helper.pid"
    (bin_dir / "soffice").write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pid_file}\nwait\n")
    (bin_dir / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setattr(limits, "OLD_OFFICE_SECONDS", 1)
    monkeypatch.setattr(limits, "OLD_OFFICE_SECONDS_EACH", 0)
    with pytest.raises(ReadError) as caught:
        read_old_office(b"\xd0\xcf\x11\xe0" + bytes(500), "挂起.doc")
    assert caught.value.message == e.OLD_OFFICE_TIMEOUT_MESSAGE.format(to="docx")
    helper = int(pid_file.read_text())
    for _ in range(50):  # the group's kill reaches it at once; give the system a moment to reap it
        if not os.path.exists(f"/proc/{helper}") or " Z " in open(f"/proc/{helper}/stat").read():
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"soffice's helper {helper} is still running")
