"""Whatever bytes arrive, a reader answers with a document and problems or a
ReadError: never another exception (which would reach a person as a traceback)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.problems import ReadError
from jixiao.formats.reader import read_bytes

from ..conftest import CORPUS

SEED_LINES = (CORPUS / "seed" / "changli-union-2021.txt").read_text("utf-8").split("\n")


def read_quietly(data: bytes, name: str):
    try:
        read_bytes(data, name)
    except ReadError as exc:
        assert exc.message and exc.status in (1, 2)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.docx", "x.xlsx", "x.json", "x.pdf", "x"]))
def test_random_bytes_never_raise_anything_but_a_read_error(data, name):
    read_quietly(data, name)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SEED_LINES), max_size=150), st.lists(st.text(max_size=20), max_size=5))
def test_shuffled_seed_lines_never_raise(lines, extra):
    read_quietly("\n".join(lines + extra).encode(), "x.txt")
