"""What the readers refuse, and the problems they list, say exactly the message constants of
formats/errors.py, under their stable codes: a file that cannot be read at all exits 2, one
readable but in the wrong shape exits 1. (At the API: tests/web/test_goals_errors.py.)"""

import json

import pytest

from jixiao.core.problems import ReadError as CoreReadError
from jixiao.formats import errors as e
from jixiao.formats.bank_list import read_payment_results
from jixiao.formats.errors import ReadError
from jixiao.formats.jixiao_json import to_dict
from jixiao.formats.reader import read_bytes, read_path
from jixiao.formats.records_csv import read_actuals, read_spending, spending_of
from jixiao.formats.registers import read_table, rows_of

from ..conftest import CORPUS

SEED = CORPUS / "seed" / "changli-union-2021.txt"


def refusal(read, *args) -> tuple[str, str, str, int]:
    with pytest.raises(ReadError) as caught:
        read(*args)
    error = caught.value
    return error.code, error.message, error.place, error.exit_code


def test_read_error_is_the_core_one():
    assert ReadError is CoreReadError


# ---------------------------------------------------------------- the file itself

def test_a_missing_file_and_a_folder_are_named(tmp_path):
    missing = tmp_path / "无.txt"
    assert refusal(read_path, missing) == (e.NOT_FOUND, e.NOT_FOUND_MESSAGE, str(missing), 2)
    assert refusal(read_path, tmp_path) == (e.IS_DIRECTORY, e.IS_DIRECTORY_MESSAGE, str(tmp_path), 2)
    assert refusal(read_spending, missing) == (e.UNREADABLE, e.MISSING_FILE_MESSAGE, str(missing), 2)
    assert refusal(read_table, missing) == (e.UNREADABLE, e.MISSING_FILE_MESSAGE, str(missing), 2)


def test_text_that_cannot_be_decoded_is_refused():
    assert refusal(read_bytes, b"  \n", "目标.txt") == (e.EMPTY_FILE, e.EMPTY_FILE_MESSAGE, "目标.txt", 2)
    assert refusal(read_bytes, b"PK\x03\x04rest", "目标.txt")[:2] == (e.NOT_TEXT, e.NOT_TEXT_MESSAGE)
    assert refusal(read_bytes, b"\xff\x00\x81\x00\xfe", "目标.txt")[:2] == (e.BINARY_FILE, e.BINARY_FILE_MESSAGE)


def test_broken_office_and_pdf_files_are_refused():
    assert refusal(read_bytes, b"PK\x03\x04broken", "目标.docx") == (e.BAD_DOCX, e.BAD_DOCX_MESSAGE, "目标.docx", 2)
    assert refusal(read_bytes, b"PK\x03\x04broken", "目标.xlsx") == (e.BAD_XLSX, e.BAD_XLSX_MESSAGE, "目标.xlsx", 2)
    assert refusal(rows_of, b"PK\x03\x04broken", "名册.xlsx") == (e.BAD_XLSX, e.BAD_XLSX_MESSAGE, "名册.xlsx", 2)
    assert refusal(read_bytes, b"not a pdf", "目标.pdf") == (e.BAD_PDF, e.NOT_PDF_MESSAGE, "目标.pdf", 2)


# ---------------------------------------------------------------- jixiao/1 JSON

def test_json_that_is_not_json_or_not_utf8_is_refused():
    assert refusal(read_bytes, b'{"format": ', "目标.json") == (
        e.BAD_JSON, e.JSON_SYNTAX_MESSAGE.format(line=1, column=12), "目标.json", 2)
    assert refusal(read_bytes, '{"单位": 1}'.encode("gb18030"), "目标.json")[:2] == (
        e.BAD_JSON, e.JSON_NOT_UTF8_MESSAGE)


def test_json_against_the_schema_names_the_field_and_exits_1():
    document, _ = read_path(SEED)
    data = to_dict(document)
    del data["year"]
    assert refusal(read_bytes, json.dumps(data).encode(), "目标.json") == (
        e.SCHEMA, e.SCHEMA_MESSAGE.format(where="（根）", reason="缺少字段“year”"), "目标.json", 1)


# ---------------------------------------------------------------- tables of records

def test_a_table_of_records_without_a_column_exits_1(tmp_path):
    path = tmp_path / "支出.csv"
    path.write_text("项目编码,金额\n1,2\n", "utf-8")
    code, message, place, exit_code = refusal(read_spending, path)
    assert (code, place, exit_code) == (e.MISSING_COLUMN, str(path), 1)
    assert message == e.MISSING_COLUMNS_MESSAGE.format(names="“date”（日期）")


@pytest.mark.parametrize(("row", "column", "message"), [
    (",2021-07-31,100", "project", e.EMPTY_PROJECT_MESSAGE),
    ("P1,七月底,100", "date", e.BAD_DATE_MESSAGE.format(text="七月底")),
    ("P1,2021-07-31,一百", "amount", e.BAD_AMOUNT_MESSAGE.format(text="一百")),
])
def test_a_bad_value_names_its_row_and_column(row, column, message):
    data = f"项目编码,日期,金额\n{row}\n".encode()
    assert refusal(spending_of, data, "支出.csv") == (
        e.BAD_VALUE, message, e.BAD_VALUE_PLACE.format(name="支出.csv", row=2, column=column), 1)
    assert e.BAD_VALUE_PLACE.format(name="支出.csv", row=2, column="date") == "支出.csv：第2行“date”列"


def test_a_bad_share_of_an_actual_is_named(tmp_path):
    path = tmp_path / "完成值.csv"
    path.write_text("项目编码,指标,完成值,得分比例\nP1,救助人数,400人,很多\n", "utf-8")
    code, message, place, _ = refusal(read_actuals, path)
    assert (code, message, place) == (e.BAD_VALUE, e.BAD_SHARE_MESSAGE.format(text="很多"),
                                      f"{path}：第2行“share”列")


def test_the_banks_return_file_refuses_a_missing_column_and_a_bad_row():
    assert refusal(read_payment_results, [["身份证号", "金额"]]) == (
        e.MISSING_COLUMN, e.MISSING_COLUMN_MESSAGE.format(column="日期"), "", 1)
    rows = [["身份证号", "金额", "日期"], ["110105", "一千", "2021-02-01"]]
    assert refusal(read_payment_results, rows) == (e.BAD_ROW, e.BAD_ROW_MESSAGE.format(row=2), "", 1)


# ---------------------------------------------------------------- problems inside a goal document

def problems(text: str) -> list[tuple[str, str, str]]:
    return [(p.code, p.message, p.place) for p in read_bytes(text.encode(), "目标.txt")[1] if p.severity == "error"]


def test_the_seed_has_no_errors():
    assert problems(SEED.read_text("utf-8")) == []


def test_a_document_without_its_unit_lists_the_problem():
    text = SEED.read_text("utf-8").replace("711001昌黎县总工会本级", "")
    assert (e.MISSING_UNIT, e.MISSING_UNIT_MESSAGE, "目标.txt") in problems(text)


def test_bad_amounts_and_plans_are_listed_with_their_place():
    text = SEED.read_text("utf-8")
    assert problems(text.replace("\t50.00%\n", "\t五成\n", 1)) == [
        (e.BAD_PLAN, e.BAD_PLAN_MESSAGE.format(month=3, text="五成"), "第83行")]
    found = problems(text.replace("\t20.00\n", "\t二十\n", 1))
    assert (e.BAD_AMOUNT, e.BAD_AMOUNT_PROBLEM_MESSAGE.format(label="预算数", text="二十"), "第67行") in found
    assert not any(code == e.MISSING_AMOUNT for code, _, _ in found)  # a bad amount is not also reported missing


def test_messages_keep_their_text():
    """The texts people see (and documentation quotes) stay as they were."""
    assert e.BAD_DOCX_MESSAGE == "Word文件已损坏或不完整，无法打开"
    assert e.UNKNOWN_ENCODING_MESSAGE == "无法识别文件的字符编码，请另存为UTF-8或GB18030编码"
    assert e.NO_LIBREOFFICE_MESSAGE.format(to="docx").endswith("也可在Office或WPS中另存为.docx")
