"""Real published goal documents of other provinces (tests/fixtures/corpus/real, issue 12): each
reads to the reading written by hand beside it, is judged by its own form, and prints as JSON."""

import json

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.problems import ERROR
from jixiao.formats import templates
from jixiao.formats.reader import read_path

from ..conftest import REAL_CORPUS, differences, projection, real_documents, real_expected, real_reading

DOCUMENTS = real_documents()
# What only the seed's (河北) form has: a document on another form is never faulted for lacking it.
OTHER_FORMS_LACK = {"missing_project_code", "bad_project_code", "spending_plan", "missing_unit_code"}


def test_the_real_corpus_has_twenty_documents_of_many_provinces():
    sources = {p.name.split("-")[0] for p in DOCUMENTS}
    assert len(DOCUMENTS) >= 20 and len(sources) >= 15
    assert {p.suffix for p in DOCUMENTS} >= {".txt", ".html", ".xlsx", ".docx"}


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_reads_to_its_expected_reading(path):
    doc, _ = read_path(path)
    assert differences(real_expected(path), real_reading(projection(doc))) == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_is_judged_by_its_own_form(path):
    doc, problems = read_path(path)
    assert doc.template in {t.name for t in templates.TEMPLATES}
    assert not [p for p in problems if p.severity == ERROR and p.code in OTHER_FORMS_LACK]


def test_the_seeds_form_still_requires_its_project_code(tmp_path):
    seed = (REAL_CORPUS.parent / "seed" / "changli-union-2021.txt").read_text("utf-8")
    code = "\t13032221GVUVTX63BWWCQ\n"
    assert code in seed
    path = tmp_path / "no-code.txt"
    path.write_text(seed.replace(code, "\t\n", 1), "utf-8")
    doc, problems = read_path(path)
    assert doc.template == "河北省项目支出绩效目标表"
    assert any(p.code == "bad_project_code" and p.severity == ERROR for p in problems)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_import_prints_what_it_read(path):
    result = CliRunner().invoke(app, ["import", "--json", str(path)])
    assert result.exit_code in (0, 1), result.output
    printed = json.loads(result.stdout)
    assert len(printed["projects"]) == len(real_expected(path)["projects"])


def test_long_term_indicators_are_kept_apart_from_the_years():
    doc, _ = read_path(REAL_CORPUS / "dongguan-lianwanglu-2019-pipecells.txt")
    project = doc.projects[0]
    assert [i.level2 for i in project.indicators][2] == "时效指标(工期指标、形象进度指标)"  # the year's column
    assert [i.level2 for i in project.long_term][2] == "时效指标(工期指标)"  # the long-term column
    assert len(project.long_term) == len(project.indicators) == 5


def test_the_form_travels_with_the_document(tmp_path):
    from jixiao.formats.jixiao_json import read_json, to_dict
    from jixiao.review import review_document

    doc, _ = read_path(REAL_CORPUS / "zhaohua-weijian-2021-tabrows.txt")
    again, problems = read_json(json.dumps(to_dict(doc), ensure_ascii=False).encode(), "z.json")
    assert (again.template, again.form) == (doc.template, doc.form) == ("项目支出绩效目标申报表", frozenset({"total"}))
    assert not {f.code for f in review_document(again).findings} & {"spending-plan", "bad-project-code"}
    result = CliRunner().invoke(app, ["import", str(REAL_CORPUS / "zhaohua-weijian-2021-tabrows.txt")])
    assert "区卫生健康局2021年，指标体系A，表式：项目支出绩效目标申报表，1个项目" in result.stdout


def test_the_reading_gives_the_frameworks_names_next_to_the_provinces():
    result = CliRunner().invoke(app, ["import", "--json", str(REAL_CORPUS / "zhaohua-weijian-2021-tabrows.txt")])
    first = json.loads(result.stdout)["projects"][0]["indicators"][0]
    assert (first["level1"], first["canonical"]) == ("项目完成指标", {"level1": "产出指标", "level2": "数量指标"})
