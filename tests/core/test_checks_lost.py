"""`jixiao check` does not pass what it lost (issue 13 §3): a file cut short, two projects a plan
cannot tell apart, a target or an amount beyond any magnitude are errors, named with their place."""

from __future__ import annotations

import copy
from decimal import Decimal as D
from pathlib import Path

import pytest

from jixiao.core.checks import check_document
from jixiao.core.document import GoalDocument
from jixiao.core.problems import ERROR
from jixiao.core.targets import parse_target
from jixiao.formats.reader import read_bytes, read_path
from jixiao.review import review_document

from ..conftest import CORPUS

SEED = CORPUS / "seed" / "changli-union-2021.txt"
LIUXI = CORPUS / "samples" / "liuxi-fulian-2022.txt"
NEW = {"duplicate_project_code", "duplicate_project_name", "target_magnitude", "money_magnitude", "levels_cut_off",
       "last_row_cut_off", "table_cut_off"}


def errors(problems) -> list[str]:
    return [p.code for p in problems if p.severity == ERROR]


def lost(full: GoalDocument, part: GoalDocument) -> str:
    """What a reading of a cut file lacks that the whole file's has: a project, indicators, a 指标值 or 依据."""
    if len(part.projects) < len(full.projects):
        return "project"
    for whole, cut in zip(full.projects, part.projects):
        if len(cut.indicators) < len(whole.indicators):
            return "indicators"
        if [(i.target.raw, i.basis) for i in cut.indicators] != [(i.target.raw, i.basis) for i in whole.indicators]:
            return "a cell of an indicator"
    return ""


def whole_projects(full: GoalDocument, part: GoalDocument) -> bool:
    """The cut fell between two project tables: every project read is its whole self, the later ones absent
    (a cut inside the next title leaves its first words as one more line of the last cell: 依据 and all)."""
    def shape(doc):
        return [(p.code, p.name, p.budget, p.goals, [(i.name, i.target.raw, i.basis.split("\n")[0]) for i in p.indicators])
                for p in doc.projects]
    return shape(part) == shape(full)[:len(part.projects)] and part.department == full.department


def line_cuts(path: Path):
    data = path.read_bytes()
    lines = data.split(b"\n")
    for k in range(1, len(lines)):
        yield f"第{k}行之后", b"\n".join(lines[:k]) + b"\n"


def byte_cuts(path: Path, step: int):
    data = path.read_bytes()
    for k in range(1, len(data), step):
        yield f"第{k}字节", data[:k]


def passed_clean(path: Path, cuts) -> tuple[int, list[str], list[str]]:
    """(truncations that lost something, those that passed with no error, those of them at a project boundary)."""
    full, _ = read_path(path)
    losing, clean, boundary = 0, [], []
    for where, data in cuts:
        try:
            doc, problems = read_bytes(data, path.name)
        except Exception as exc:  # noqa: BLE001 - only a JixiaoError may come out of a reader
            from jixiao.core.errors import JixiaoError

            assert isinstance(exc, JixiaoError), f"{where}: {exc!r}"
            continue
        if not lost(full, doc):
            continue
        losing += 1
        if not errors(problems):
            (boundary if whole_projects(full, doc) else clean).append(where)
    return losing, clean, boundary


@pytest.mark.parametrize("path", [SEED, LIUXI], ids=["seed", "liuxi"])
def test_every_cut_of_a_document_that_loses_part_of_a_project_is_an_error(path):
    """Cut at every line: 191 of the seed's 382 losing truncations passed `check` before. Now only a cut
    exactly between two whole project tables passes: what is left is a whole goal document with fewer
    projects, and nothing in it says that more were to come (the 分项绩效目标 do not count projects:
    柳溪 lists three for two projects)."""
    losing, clean, boundary = passed_clean(path, line_cuts(path))
    assert losing > 250
    assert clean == []
    assert len(boundary) <= 6  # the seed: the blank lines between project 1 and 2, and 2 and 3


def test_cuts_at_byte_offsets_that_lose_part_of_a_project_are_errors():
    losing, clean, boundary = passed_clean(SEED, byte_cuts(SEED, 31))
    assert losing > 150 and clean == []
    assert len(boundary) <= 4


def test_a_cut_inside_the_indicator_table_names_the_missing_levels():
    data = SEED.read_bytes().split(b"\n")
    doc, problems = read_bytes(b"\n".join(data[:130]) + b"\n", SEED.name)
    found = [p for p in problems if p.code == "levels_cut_off"]
    assert len(found) == 1 and found[0].severity == ERROR
    assert found[0].message.startswith("项目“职工困难帮扶防贫资金”的绩效指标没有效益指标、满意度指标（表式要求）")
    assert found[0].place.startswith("第")


def test_a_cut_in_the_last_row_is_an_error_naming_the_indicator():
    data = SEED.read_bytes().split(b"\n")
    doc, problems = read_bytes(b"\n".join(data[:162]) + b"\n", SEED.name)  # the row stops after its description
    found = [p for p in problems if p.code == "last_row_cut_off"]
    assert found and "没有指标值，其他指标都有（文件可能不完整）" in found[0].message
    doc, problems = read_bytes(b"\n".join(data[:163]) + b"\n", SEED.name)  # … after its 指标值
    assert [p.message for p in problems if p.code == "last_row_cut_off"][0].endswith("没有指标值确定依据，其他指标都有（文件可能不完整）")


def test_a_title_without_its_table_is_an_error():
    data = SEED.read_bytes().split(b"\n")
    doc, problems = read_bytes(b"\n".join(data[:168]) + b"\n", SEED.name)
    found = [p for p in problems if p.code == "table_cut_off"]
    assert [p.message for p in found] == ["有标题“2.劳模体检费绩效目标表”，其后却没有这个项目的绩效目标表（文件可能不完整）"]
    assert len(doc.projects) == 1


def test_no_real_or_sample_document_gains_any_of_these_problems():
    documents = [p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".docx", ".xlsx", ".html")]
    assert len(documents) >= 30
    for path in documents:
        _, problems = read_path(path)
        assert not NEW & {p.code for p in problems}, path.name


def seed() -> GoalDocument:
    doc, problems = read_path(SEED)
    assert errors(problems) == []
    return doc


def test_two_projects_of_one_code_are_an_error_naming_both():
    doc = seed()
    doc.projects[2].code = doc.projects[0].code
    found = [p for p in check_document(doc) if p.code == "duplicate_project_code"]
    assert len(found) == 1 and found[0].severity == ERROR
    assert found[0].message == ("第3个项目“提前下达2021年困难职工及劳模帮扶救助专项资金”与第1个项目“职工困难帮扶防贫资金”"
                                f"（{doc.projects[0].places['code']}）的项目编码都是“13032221GVUVTX63BWWCQ”，同一文件中项目编码不能重复")
    assert found[0].place == doc.projects[2].places["code"]


def test_a_project_pasted_twice_is_an_error_in_the_file_itself():
    lines = SEED.read_text("utf-8").split("\n")
    first = lines[55:165]  # the first project's title and table
    doc, problems = read_bytes("\n".join(lines + first).encode(), SEED.name)
    assert len(doc.projects) == 4
    assert "duplicate_project_code" in errors(problems)


def test_two_uncoded_projects_of_one_name_are_an_error():
    doc = seed()
    for p in doc.projects:
        p.code = ""
    doc.projects[1].name = doc.projects[0].name
    found = [p for p in check_document(doc) if p.code == "duplicate_project_name"]
    assert [p.message for p in found] == ["第2个项目与第1个项目（第63行）都叫“职工困难帮扶防贫资金”且都没有项目编码，无法区分，请补上项目编码或区分项目名称"]
    assert found[0].place == doc.projects[1].places["name"]


@pytest.mark.parametrize("raw", ["≥" + "9" * 30 + "人", "≥" + "1" * 41 + "人", "≥" + "9" * 16 + "万元", "1" * 20 + "～" + "2" * 20 + "人"])
def test_a_target_beyond_any_magnitude_is_an_error_and_the_review_a_finding_not_a_crash(raw):
    doc = seed()
    indicator = doc.projects[0].indicators[0]
    indicator.target = parse_target(raw, indicator.level2)
    found = [p for p in check_document(doc) if p.code == "target_magnitude"]
    assert len(found) == 1 and found[0].severity == ERROR
    assert found[0].message == f"项目“职工困难帮扶防贫资金”指标“困难帮扶人数”：指标值“{raw}”超过15位整数，不是可计算的目标"
    assert found[0].place == indicator.places["target"]
    review = review_document(doc)
    assert [f.indicator for f in review.findings if f.code == "target-magnitude"] == ["困难帮扶人数"]


def test_a_per_person_standard_beyond_any_magnitude_does_not_crash_the_review():
    doc = seed()
    standard = doc.projects[2].indicators[3]  # 每人帮扶救助金额 ≥1.21万元, multiplied by the count
    assert standard.name == "每人帮扶救助金额"
    standard.target = parse_target("≥" + "9" * 30 + "万元", standard.level2)
    review_document(doc)
    count = doc.projects[2].indicators[0]
    count.target = parse_target("≥" + "9" * 15 + "人", count.level2)
    standard.target = parse_target("≥" + "9" * 15 + "万元", standard.level2)  # each in range, the product not
    assert "budget-mismatch" in {f.code for f in review_document(doc).findings}


def test_the_largest_sensible_target_passes():
    doc = seed()
    doc.projects[0].indicators[0].target = parse_target("≥" + "9" * 15 + ".5人")
    assert "target_magnitude" not in {p.code for p in check_document(doc)}


def test_an_amount_beyond_any_magnitude_is_an_error_and_does_not_crash():
    doc = copy.deepcopy(seed())
    doc.projects[0].budget.total = D("1" * 30)
    found = [p for p in check_document(doc) if p.code == "money_magnitude"]
    assert [p.message for p in found] == [f"项目“职工困难帮扶防贫资金”预算数“{'1' * 30}”元超过14位整数，不可能是项目资金"]
    review_document(doc)
