"""Every corpus document reads to exactly its expected reading, and survives
being written out and read back in each format."""

import pytest

from jixiao.formats.reader import read_path

from ..conftest import DOCUMENTS, corpus_ids, expected, projection


def test_the_corpus_is_there():
    assert len(DOCUMENTS) >= 4, "../shared/corpus is missing"


@pytest.mark.parametrize("path", DOCUMENTS, ids=corpus_ids())
def test_document_reads_to_its_expected_reading(path):
    doc, problems = read_path(path)
    assert problems == []
    assert projection(doc) == expected(path)


@pytest.mark.parametrize("to", ["docx", "xlsx", "json"])
@pytest.mark.parametrize("path", DOCUMENTS, ids=corpus_ids())
def test_export_then_import_gives_the_same_document(path, to):
    from jixiao.formats.reader import read_bytes
    from jixiao.formats.writer import write

    doc, _ = read_path(path)
    again, problems = read_bytes(write(doc, to), f"again.{to}")
    assert problems == []
    assert again == doc
