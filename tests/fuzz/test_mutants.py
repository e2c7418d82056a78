"""Mutated fixture documents through the reader, `jixiao check`, the review and the CLI: never an
exception other than a JixiaoError, never a hang, never a dead process. `make test` runs a bounded,
derandomized number of examples; `JIXIAO_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/fuzz` runs more."""

from __future__ import annotations

import pytest
from hypothesis import given
from typer.testing import CliRunner

from jixiao.cli import app

from .mutations import ZIPS, examples, mutants
from .pipeline import run

OK = {"read", "refused"}


def holds(name: str, data: bytes) -> None:
    outcome, detail = run(name, data)
    assert outcome in OK, f"{name} ({len(data)} bytes): {outcome}\n{detail}"


@examples(100)
@given(mutants((".txt",)))
def test_a_mutated_text_document_is_read_or_refused(mutant):
    holds(*mutant)


@examples(40)
@given(mutants((".html",)))
def test_a_mutated_web_page_is_read_or_refused(mutant):
    holds(*mutant)


@examples(100)
@given(mutants((".json",)))
def test_a_mutated_jixiao_json_is_read_or_refused(mutant):
    holds(*mutant)


@examples(40)
@given(mutants(ZIPS))
def test_a_mutated_word_or_excel_file_is_read_or_refused(mutant):
    holds(*mutant)


@examples(10)
@given(mutant=mutants((".txt", ".json", ".docx")))
def test_jixiao_check_answers_a_mutant_with_a_status_and_no_traceback(mutant, tmp_path_factory):
    name, data = mutant
    if run(name, data)[0] not in OK:  # a crash is the tests above's to report, in a contained process
        pytest.fail(f"{name} crashes the reader")
    path = tmp_path_factory.mktemp("mutant") / name
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
