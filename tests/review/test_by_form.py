"""The review judges a document by its own form (issue 12): a province's words for the levels mean
the frameworks' levels, and fields its form does not have are not its weaknesses."""

from dataclasses import replace

from jixiao.formats.reader import read_path
from jixiao.review import review_document

from ..conftest import CORPUS

REAL = CORPUS / "real"
SEED = CORPUS / "seed" / "changli-union-2021.txt"
# Findings about fields only the seed's (河北) form has, or about level names of other provinces.
NOT_THEIR_FORM = {"level1-missing", "level2-misplaced", "spending-plan", "bad-project-code", "basis-missing"}


def codes(path):
    doc, _ = read_path(path)
    return {f.code for f in review_document(doc).findings}, doc


def test_sichuans_levels_are_output_and_effect_indicators():
    found, doc = codes(REAL / "zhaohua-weijian-2021-tabrows.txt")
    assert {i.level1 for i in doc.projects[0].indicators} >= {"项目完成指标", "项目效益指标"}  # kept as written
    assert not found & NOT_THEIR_FORM
    assert "not-quantified" in found  # its real weakness: a cost target written as a sentence


def test_a_per_area_cost_is_money():
    found, _ = codes(REAL / "yueyang-nongtian-2022-cellblank.txt")
    assert "unit-mismatch" not in found  # 财政资金补助 1600元/亩
    assert not found & NOT_THEIR_FORM - {"basis-missing"}


def test_a_form_with_a_basis_column_is_held_to_it():
    doc, _ = read_path(REAL / "xiangtan-huanwei-2023-pipecells.txt")
    assert "basis" in doc.form  # 绩效标准
    emptied = replace(doc, projects=[replace(p, indicators=[replace(i, basis="") for i in p.indicators]) for p in doc.projects])
    assert "basis-missing" in {f.code for f in review_document(emptied).findings}


def test_the_seeds_form_keeps_its_own_rules():
    doc, _ = read_path(SEED)
    assert {"code21", "plan", "basis"} <= doc.form
    broken = replace(doc, projects=[replace(doc.projects[0], code="123")] + doc.projects[1:])
    assert "bad-project-code" in {f.code for f in review_document(broken).findings}


def test_projects_without_codes_keep_their_own_grades():
    doc, _ = read_path(REAL / "jingyan-mata-2023-markdown.txt")
    review = review_document(doc)
    assert set(review.grades) == {p.name for p in doc.projects} and len(review.grades) == 2
