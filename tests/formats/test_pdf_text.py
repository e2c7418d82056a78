"""Text from PDFs as `pdftotext -layout` writes it. Each corpus document is
printed to PDF (WeasyPrint, Noto CJK), turned back into text by poppler's
pdftotext, and read: columns aligned by runs of spaces, cells wrapped over
several lines, rows split by page breaks. It must read to the same document.

Word and LibreOffice print differently from WeasyPrint: cells sit at the top of their
rows and headers to the left, so a second set prints each document's Word file through
LibreOffice, as a budget unit's own PDF would be made."""

import subprocess

import pytest

from jixiao.formats import pdf_text
from jixiao.formats.docx_writer import write_docx
from jixiao.formats.pdf_writer import write_pdf
from jixiao.formats.reader import read_bytes, read_path
from jixiao.formats.text import layout

from ..conftest import DOCUMENTS, corpus_ids, expected, libreoffice, projection


@pytest.fixture(scope="session")
def layout_text(tmp_path_factory):
    """Corpus document → the text pdftotext -layout makes of its PDF (made once)."""
    made = {}

    def make(path):
        if path not in made:
            pdf = tmp_path_factory.mktemp("pdf") / f"{path.stem}.pdf"
            pdf.write_bytes(write_pdf(read_path(path)[0]))
            made[path] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                        capture_output=True).stdout
        return made[path]

    return make


@pytest.fixture(scope="session")
def word_pdf_text(tmp_path_factory):
    """Corpus document → pdftotext -layout of the PDF LibreOffice prints from its Word file
    (the document's own .docx, else the one jixiao writes)."""
    out = tmp_path_factory.mktemp("word")

    def make(path):
        docx = out / f"{path.stem}.docx"
        docx.write_bytes(path.read_bytes() if path.suffix == ".docx" else write_docx(read_path(path)[0]))
        return subprocess.run(["pdftotext", "-layout", "-", "-"], input=libreoffice(docx, "pdf", out), check=True,
                              capture_output=True).stdout

    return make


@pytest.mark.parametrize("printer", ["layout_text", "word_pdf_text"], ids=["weasyprint", "libreoffice"])
@pytest.mark.parametrize("path", DOCUMENTS, ids=corpus_ids())
def test_pdftotext_layout_reads_to_the_expected_reading(path, printer, request):
    text = request.getfixturevalue(printer)(path)
    assert layout(text.decode()) is pdf_text
    doc, problems = read_bytes(text, f"{path.stem}.txt")
    assert problems == []
    assert projection(doc) == expected(path)


@pytest.mark.parametrize("path", DOCUMENTS, ids=corpus_ids())
def test_pdftotext_layout_keeps_every_word_of_the_document(path, layout_text):
    doc, _ = read_bytes(layout_text(path), f"{path.stem}.txt")
    assert doc == read_path(path)[0]


def test_the_seed_pdf_breaks_pages_inside_its_tables(layout_text):
    """So the tests above cover rows split by page breaks and pages laid out anew."""
    from ..conftest import CORPUS

    text = layout_text(CORPUS / "seed" / "changli-union-2021.txt").decode()
    tables = text[text.index("1.职工困难帮扶防贫资金绩效目标表"):]
    assert tables.count("\f") >= 2
