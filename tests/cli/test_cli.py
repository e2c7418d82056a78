"""The command line: summaries, JSON, export, and what a person sees when a
file is bad (a Chinese message naming file and place, the right exit status,
nothing written, no traceback)."""

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.formats.jixiao_json import schema

from ..conftest import CORPUS

SEED = CORPUS / "seed" / "changli-union-2021.txt"
runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output + (result.stderr or "")
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result


def seed_line(text: str, start: int = 0) -> int:
    """1-based line number of the first line of the seed equal to `text` (tabs aside)."""
    lines = SEED.read_text("utf-8").split("\n")
    return next(n for n, l in enumerate(lines, 1) if n > start and l.strip() == text)


def bad_seed(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = SEED.read_text("utf-8")
    assert old in text
    path = tmp_path / "bad.txt"
    path.write_text(text.replace(old, new, count), "utf-8")
    return path


def test_import_prints_a_summary_of_the_seed():
    result = run("import", SEED)
    assert result.exit_code == 0
    for text in ("昌黎县总工会本级", "711001", "2021年", "13032221GVUVTX63BWWCQ", "14.55", "3个分项目标", "8条工作保障措施"):
        assert text in result.stdout


def test_import_json_is_jixiao_1_and_valid_against_the_schema():
    import jsonschema

    result = run("import", "--json", SEED)
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema())
    assert data["projects"][0]["budget"]["total"] == "200000.00"
    assert data["projects"][1]["spending_plan"] == {"12": "100.00"}
    assert data["projects"][0]["indicators"][0]["target"] == {
        "raw": "≥400人", "op": "≥", "value": "400", "value_hi": None, "unit": "人", "inferred": False}


def test_import_out_writes_one_json_per_file_and_goes_on_past_a_bad_one(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("import", "--out", tmp_path / "out", SEED, empty, CORPUS / "samples" / "sangtai-kexie-2023.xlsx")
    assert result.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["changli-union-2021.json", "sangtai-kexie-2023.json"]
    assert "共3个文件：成功2个，内容有误0个，无法读取1个" in result.stderr


def test_schema_prints_the_json_schema():
    result = run("schema")
    assert json.loads(result.stdout)["$id"] == "jixiao/1"


@pytest.mark.parametrize("to", ["docx", "xlsx", "json"])
def test_export_writes_a_document_that_reads_back(tmp_path, to):
    from jixiao.formats.reader import read_path

    out = tmp_path / f"seed.{to}"
    assert run("export", SEED, "--to", to, "-o", out).exit_code == 0
    assert read_path(out)[0] == read_path(SEED)[0]


def test_export_to_an_unknown_format_is_refused(tmp_path):
    result = run("export", SEED, "--to", "odt", "-o", tmp_path / "x.odt")
    assert result.exit_code == 2
    assert "不支持导出为“odt”" in result.stderr
    assert not (tmp_path / "x.odt").exists()


def test_check_passes_the_corpus():
    # The seed and the composed samples; real documents of other provinces (real/) are read by their own report.
    files = [f for part in ("seed", "samples") for pattern in ("*.txt", "*.docx") for f in sorted((CORPUS / part).glob(pattern))]
    assert len(files) >= 3
    result = run("check", *files)
    assert result.exit_code == 0


# ------------------------------------------------------------------ bad input

def unreadable(tmp_path, name: str, data: bytes, message: str):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("check", path)
    assert result.exit_code == 2
    assert f"{path}：" in result.stderr and message in result.stderr
    out = tmp_path / "out.json"
    assert run("export", path, "--to", "json", "-o", out).exit_code == 2
    assert not out.exists()


def test_an_empty_file_is_unreadable(tmp_path):
    unreadable(tmp_path, "empty.txt", b"  \n", "文件是空的")


def test_a_binary_file_is_unreadable(tmp_path):
    unreadable(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "不是文本文件")


def test_a_file_in_no_known_encoding_is_unreadable(tmp_path):
    import random

    rnd = random.Random(1)
    unreadable(tmp_path, "garbled.txt", bytes(rnd.randrange(0x80, 0x100) for _ in range(3000)), "无法识别文件的字符编码")


@pytest.mark.parametrize("sample, message", [("yunling-canlian-2022.docx", "Word文件已损坏"),
                                            ("sangtai-kexie-2023.xlsx", "Excel文件已损坏")])
def test_a_truncated_office_file_is_unreadable(tmp_path, sample, message):
    data = (CORPUS / "samples" / sample).read_bytes()
    unreadable(tmp_path, sample, data[: len(data) // 2], message)


def test_check_reads_a_pdf_and_refuses_half_of_one(tmp_path):
    from jixiao.formats.pdf_writer import write_pdf
    from jixiao.formats.reader import read_path

    pdf = write_pdf(read_path(SEED)[0])
    whole = tmp_path / "目标表.pdf"
    whole.write_bytes(pdf)
    assert run("check", whole).exit_code == 0
    unreadable(tmp_path, "半个.pdf", pdf[: len(pdf) // 2], "PDF文件已损坏或已加密")


def test_a_broken_old_word_file_is_unreadable(tmp_path):
    unreadable(tmp_path, "旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "请在Office或WPS中打开后另存为.docx")


def test_many_old_word_files_are_converted_in_one_libreoffice_run(tmp_path, monkeypatch):
    from jixiao.formats import old_office

    from ..conftest import libreoffice

    sample = CORPUS / "samples" / "yunling-canlian-2022.docx"
    good = libreoffice(sample, "doc", tmp_path / "in")
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / f"{sample.stem}.doc").write_bytes(good)  # the same name in another folder
    (tmp_path / "in" / "broken.doc").write_bytes(good[:1000])
    runs = []
    real = old_office.subprocess.run
    monkeypatch.setattr(old_office.subprocess, "run", lambda args, **kw: runs.append(args) or real(args, **kw))
    result = run("check", tmp_path / "in")
    assert len(runs) == 1
    assert result.exit_code == 2 and "成功2个" in result.stderr and "无法读取1个" in result.stderr
    assert "broken.doc：错误：.doc文件已损坏或无法识别" in result.stderr


def test_a_docx_without_its_document_part_is_unreadable(tmp_path):
    path = tmp_path / "hollow.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    result = run("check", path)
    assert result.exit_code == 2 and "Word文件已损坏" in result.stderr


def test_a_malformed_json_names_line_and_column(tmp_path):
    unreadable(tmp_path, "doc.json", b'{"format": "jixiao/1",\n  "year": }', "JSON格式错误：第2行第11列")


def invalid(path: Path, *expected: str):
    result = run("check", path)
    assert result.exit_code == 1, result.stderr
    for text in expected:
        assert text in result.stderr
    assert f"{path}：" in result.stderr
    out = path.with_suffix(".out.json")
    assert run("export", path, "--to", "json", "-o", out).exit_code == 1
    assert not out.exists()
    return result


def test_a_document_with_no_goal_table_is_invalid(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("昌黎县总工会2021年工作要点\n一、加强思想政治引领\n二、做好帮扶工作\n", "utf-8")
    invalid(path, "没有找到项目支出绩效目标表")


def test_a_money_cell_that_is_not_a_number_names_its_line(tmp_path):
    line = seed_line("20.00")
    invalid(bad_seed(tmp_path, "\t20.00\n", "\t二十万\n"), f"第{line}行", "预算数“二十万”不是数字")


def test_a_project_code_of_the_wrong_shape_names_its_line(tmp_path):
    line = seed_line("13032221GVUVTX63BWWCQ")
    invalid(bad_seed(tmp_path, "13032221GVUVTX63BWWCQ", "1303222GVUVTX63BWWCQ"), f"第{line}行",
            "项目编码“1303222GVUVTX63BWWCQ”应为21位，实为20位")


def test_budget_parts_that_do_not_add_up_are_invalid(tmp_path):
    text = SEED.read_text("utf-8")
    path = tmp_path / "sum.txt"
    path.write_text(text.replace("其中：财政资金\n\t20.00", "其中：财政资金\n\t18.00", 1), "utf-8")
    invalid(path, f"第{seed_line('20.00')}行", "财政资金18.00万元 + 其他资金0.00万元 ≠ 预算数20.00万元")


def test_a_spending_plan_that_goes_down_is_invalid(tmp_path):
    path = bad_seed(tmp_path, "\t50.00%\n\t50.00%\n\t100.00%", "\t50.00%\n\t40.00%\n\t100.00%")
    invalid(path, f"第{seed_line('资金支出计划（%）')}行", "6月底计划40.00%低于之前的50.00%")


def test_a_spending_plan_ending_below_100_is_invalid(tmp_path):
    path = bad_seed(tmp_path, "\t75.00%\n\t100.00%", "\t75.00%\n\t90.00%")
    invalid(path, "12月底累计应为100%，实为90.00%")


def test_a_json_with_a_bad_field_names_its_path(tmp_path):
    data = json.loads(run("import", "--json", SEED).stdout)
    data["projects"][1]["budget"]["total"] = 24000
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    invalid(path, "projects[1].budget.total", "应为文本")


def test_a_missing_file_is_unreadable(tmp_path):
    result = run("check", tmp_path / "nowhere.txt")
    assert result.exit_code == 2 and "文件不存在" in result.stderr


def test_import_never_withholds_what_it_read(tmp_path):
    """A document with a project is printed even when it has errors: the errors on stderr, exit 1."""
    broken = tmp_path / "broken.txt"
    broken.write_text(SEED.read_text("utf-8").replace("13032221GVUVTX63BWWCQ", "1303222GVUVTX63BWWCQ"), "utf-8")
    assert run("check", broken).exit_code == 1
    result = run("import", "--json", broken)
    assert result.exit_code == 1 and "项目编码“1303222GVUVTX63BWWCQ”应为21位" in result.stderr
    data = json.loads(result.stdout)
    assert data["unit"]["code"] == "711001" and len(data["projects"]) == 3
    assert data["projects"][0]["code"] == "1303222GVUVTX63BWWCQ"
    written = run("import", "--out", tmp_path / "out", broken)
    assert written.exit_code == 1 and (tmp_path / "out" / "broken.json").exists()
    nothing = tmp_path / "nothing.txt"
    nothing.write_text("这不是绩效目标表。\n只是两行字。\n", "utf-8")
    empty = run("import", "--json", nothing)
    assert empty.exit_code == 2 and empty.stdout == ""  # 2: nothing of a goal document could be read
