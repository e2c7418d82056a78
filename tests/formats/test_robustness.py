"""Whatever bytes arrive, a reader answers with a document and problems or a
ReadError: never another exception (which would reach a person as a traceback)."""

import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.problems import ReadError
from jixiao.formats.reader import read_bytes

from ..conftest import CORPUS

SEED_LINES = (CORPUS / "seed" / "changli-union-2021.txt").read_text("utf-8").split("\n")


def read_quietly(data: bytes, name: str):
    try:
        read_bytes(data, name)
    except ReadError as exc:
        assert exc.message and exc.exit_code in (1, 2)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.docx", "x.xlsx", "x.json", "x.pdf", "x"]))
def test_random_bytes_never_raise_anything_but_a_read_error(data, name):
    read_quietly(data, name)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SEED_LINES), max_size=150), st.lists(st.text(max_size=20), max_size=5))
def test_shuffled_seed_lines_never_raise(lines, extra):
    read_quietly("\n".join(lines + extra).encode(), "x.txt")


@pytest.fixture(scope="module")
def pdf_lines(tmp_path_factory) -> list[list[str]]:
    """The lines pdftotext -layout makes of the seed printed by WeasyPrint and by LibreOffice."""
    from jixiao.formats.docx_writer import write_docx
    from jixiao.formats.pdf_writer import write_pdf
    from jixiao.formats.reader import read_path

    from ..conftest import libreoffice

    doc = read_path(CORPUS / "seed" / "changli-union-2021.txt")[0]
    out = tmp_path_factory.mktemp("pdf")
    (out / "seed.docx").write_bytes(write_docx(doc))
    pdfs = [write_pdf(doc), libreoffice(out / "seed.docx", "pdf", out)]
    return [subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, check=True, capture_output=True)
            .stdout.decode().split("\n") for pdf in pdfs]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_cut_and_shuffled_pdf_text_never_raises(pdf_lines, data):
    """Lines dropped, cut short, moved or repeated: the layout reader's guesses must not crash."""
    lines = list(data.draw(st.sampled_from(pdf_lines)))
    for _ in range(data.draw(st.integers(1, 4))):
        k = data.draw(st.integers(0, len(lines) - 1)) if lines else 0
        action = data.draw(st.sampled_from(["drop", "cut", "move", "repeat", "shuffle"]))
        if not lines:
            break
        if action == "drop":
            del lines[k:k + data.draw(st.integers(1, 30))]
        elif action == "cut":
            lines[k] = lines[k][:data.draw(st.integers(0, len(lines[k])))]
        elif action == "move":
            lines.insert(data.draw(st.integers(0, len(lines))), lines.pop(k))
        elif action == "repeat":
            lines.insert(k, lines[k])
        else:
            data.draw(st.randoms()).shuffle(lines)
    read_quietly("\n".join(lines).encode(), "x.txt")
