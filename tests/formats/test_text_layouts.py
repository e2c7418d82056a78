"""The text layouts and encodings units really send read like the seed itself."""

import pytest

from jixiao.formats import txt_cells, txt_rows
from jixiao.formats.reader import read_bytes, read_path
from jixiao.formats.text import layout

from ..conftest import CORPUS

SEED = CORPUS / "seed" / "changli-union-2021.txt"
TEXT_DOCS = [SEED, CORPUS / "samples" / "liuxi-fulian-2022.txt"]


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8-sig"),
        lambda s: s.encode("gb18030"),
        lambda s: s.encode("gbk"),
        lambda s: s.replace("\n", "\r\n").encode("utf-8"),
        lambda s: s.replace("\n", "\r\n").encode("gb18030"),
        lambda s: s.encode("utf-16"),
    ],
    ids=["utf8-bom", "gb18030", "gbk", "crlf", "gb18030-crlf", "utf16"],
)
def test_every_encoding_units_use_reads_the_same(encode):
    doc, _ = read_path(SEED)
    again, problems = read_bytes(encode(SEED.read_text("utf-8")), "seed.txt")
    assert problems == []
    assert again == doc


def as_pasted_rows(cells_text: str) -> str:
    """What a person gets by copying the seed's Word tables as text: one row a
    line, its cells joined by tabs; a cell's own line breaks stay line breaks."""
    lines, row = [], None
    for line in cells_text.split("\n"):
        if line.startswith("\t"):
            row = (row + [line[1:]]) if row is not None else [line[1:]]
            continue
        if row is not None and line.strip() == "":
            lines.append("\t".join(row))
            row = None
            continue
        if row is not None:
            lines.append("\t".join(row))
            row = None
        lines.append(line)
    if row is not None:
        lines.append("\t".join(row))
    return "\n".join(lines)


@pytest.mark.parametrize("path", TEXT_DOCS, ids=lambda p: p.name)
def test_tab_separated_rows_read_like_one_cell_a_line(path):
    doc, _ = read_path(path)
    pasted = as_pasted_rows(path.read_text("utf-8"))
    assert layout(pasted) is txt_rows
    again, problems = read_bytes(pasted.encode(), "pasted.txt")
    assert problems == []
    assert again == doc


def test_the_seed_is_one_cell_a_line():
    assert layout(SEED.read_text("utf-8")) is txt_cells


def test_a_goal_split_over_lines_stays_one_cell():
    doc, _ = read_path(SEED)
    assert doc.projects[0].goals[1] == "让困难职工感受到党和政府的关心"
    assert len(doc.projects[0].goals) == 3


def test_word_field_codes_do_not_reach_the_text():
    doc, _ = read_path(SEED)
    assert "TC" not in doc.department.overall_goal
    assert all("{" not in s.name for s in doc.department.sub_goals)
