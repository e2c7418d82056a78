"""A PDF read directly: pdftotext -layout makes its text, and places name the
page and the line a person counts on it."""

import re
import subprocess

import pytest

from jixiao.core.problems import ReadError
from jixiao.formats.pdf_writer import write_pdf
from jixiao.formats.reader import read_bytes, read_path

from ..conftest import CORPUS

SEED = CORPUS / "seed" / "changli-union-2021.txt"


@pytest.fixture(scope="module")
def seed_pdf():
    return write_pdf(read_path(SEED)[0])


@pytest.mark.parametrize("name", ["目标表.pdf", "upload"])  # by its name, or by its bytes
def test_a_pdf_reads_to_the_same_document(seed_pdf, name):
    doc, problems = read_bytes(seed_pdf, name)
    assert problems == []
    assert doc == read_path(SEED)[0]


def test_a_problem_names_the_page_and_line_it_is_on(tmp_path):
    doc = read_path(SEED)[0]
    doc.projects[1].code = "1303222GVUVTX63BWWCQ"
    path = tmp_path / "bad.pdf"
    path.write_bytes(write_pdf(doc))
    _, problems = read_path(path)
    [problem] = [p for p in problems if "1303222GVUVTX63BWWCQ" in p.message]
    page, line = map(int, re.fullmatch(r"第(\d+)页第(\d+)行", problem.place).groups())
    text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert "1303222GVUVTX63BWWCQ" in [s for s in text.split("\n") if s.strip()][line - 1]


def test_a_pdf_with_no_text_is_taken_for_a_scan():
    from weasyprint import HTML

    scan = HTML(string="<div style='width:10cm;height:10cm;background:#333'></div>").write_pdf()
    with pytest.raises(ReadError, match="没有可读的文字（可能是扫描件）"):
        read_bytes(scan, "扫描件.pdf")


def test_a_truncated_pdf_is_unreadable(seed_pdf):
    with pytest.raises(ReadError, match="PDF文件已损坏或已加密") as caught:
        read_bytes(seed_pdf[:2000], "半个.pdf")
    assert caught.value.place == "半个.pdf" and caught.value.exit_code == 2


def test_a_file_named_pdf_that_is_not_one_is_unreadable():
    with pytest.raises(ReadError, match="不是有效的PDF文件"):
        read_bytes("项目编码".encode(), "假的.pdf")


def test_without_pdftotext_the_message_says_what_to_install(seed_pdf, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReadError, match="poppler-utils"):
        read_bytes(seed_pdf, "目标表.pdf")
