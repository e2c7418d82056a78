"""Bounded input (issue 13 §1): crafted files that aborted the process, exhausted its memory or ran
for minutes are refused before a parser allocates, with a Chinese message naming the limit.

Each crafted file is built here, streaming, so that the test stays small in memory: a 15 KB .xlsx
with one cell at XFD1048576 (calamine allocated 512 GB and aborted: exit 134), a .docx whose
document.xml is 300 MB of repeated bytes, an .xlsx of 3 million rows, billion-laughs entities,
JSON 100,000 deep, 5 GB sparse files. `jixiao check` and `jixiao import` run on them in a
subprocess limited to 1 GiB of address space and 10 s."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from jixiao.core.problems import ReadError
from jixiao.formats import errors as e
from jixiao.formats import limits
from jixiao.formats.docx_reader import read_docx
from jixiao.formats.html_reader import read_html
from jixiao.formats.jixiao_json import read_json
from jixiao.formats.old_office import read_old_offices
from jixiao.formats.pdf_reader import read_pdf
from jixiao.formats.reader import read_bytes, read_path
from jixiao.formats.records_csv import actuals_of, read_actuals, read_spending, spending_of, spending_rows
from jixiao.formats.registers import read_table, rows_of
from jixiao.formats.xlsx_reader import read_xlsx

from ..conftest import CORPUS

SEED = Path(__file__).parents[2] / "src" / "jixiao" / "seed" / "changli-union-2021.txt"
GiB = 1 << 30

# ---------------------------------------------------------------- crafted files, built streaming

_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
                  b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                  b'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')
_OVERRIDE = b'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.{kind}"/>'
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/'
         b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         b'relationships/{type}" Target="{target}"/></Relationships>')
_WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             b'<sheets><sheet name="\xe5\x90\x8d\xe5\x86\x8c" sheetId="1" r:id="rId1"/></sheets></workbook>')  # 名册
_XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# Nine levels of ten: "&lol9;" is a billion "lol"s once expanded.
LAUGHS = b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) + b"]>"


def _fill(template: bytes, **values: bytes) -> bytes:
    for key, value in values.items():
        template = template.replace(b"{%s}" % key.encode(), value)
    return template


def xlsx(path: Path, rows, *, prolog: bytes = b"", dimension: bytes = b"A1", after: bytes = b"", level: int = 6) -> Path:
    """A minimal valid workbook of one sheet “名册”, its rows written as they come (bytes, or an iterator of them)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", _fill(_CONTENT_TYPES, overrides=_fill(
            _OVERRIDE, part=b"xl/workbook.xml", kind=b"spreadsheetml.sheet.main+xml") + _fill(
            _OVERRIDE, part=b"xl/worksheets/sheet1.xml", kind=b"spreadsheetml.worksheet+xml")))
        z.writestr("_rels/.rels", _fill(_RELS, type=b"officeDocument", target=b"xl/workbook.xml"))
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _fill(_RELS, type=b"worksheet", target=b"worksheets/sheet1.xml"))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(_XML + prolog + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<dimension ref="' + dimension + b'"/><sheetData>')
            for part in [rows] if isinstance(rows, bytes) else rows:
                f.write(part)
            f.write(b"</sheetData>" + after + b"</worksheet>")
    return path


def docx(path: Path, body, *, prolog: bytes = b"") -> Path:
    """A minimal valid Word file, its body written as it comes (bytes, or an iterator of them)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _fill(_CONTENT_TYPES, overrides=_fill(
            _OVERRIDE, part=b"word/document.xml", kind=b"wordprocessingml.document.main+xml")))
        z.writestr("_rels/.rels", _fill(_RELS, type=b"officeDocument", target=b"word/document.xml"))
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(_XML + prolog + b"<w:document " + _W + b"><w:body>")
            for part in [body] if isinstance(body, bytes) else body:
                f.write(part)
            f.write(b"</w:body></w:document>")
    return path


def _text_cell(ref: bytes, text: bytes = b"x") -> bytes:
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


def far_cell(path: Path) -> Path:
    """One value in A1 and one at XFD1048576, the last cell Excel has."""
    return xlsx(path, b'<row r="1">' + _text_cell(b"A1") + b'</row><row r="1048576">' + _text_cell(b"XFD1048576") +
                b"</row>", dimension=b"A1:XFD1048576")


def many_rows(path: Path, count: int = 3_000_000) -> Path:
    """`count` numbered rows of one number each: 90 MB of XML, a few MB on disk."""
    def rows():
        for start in range(1, count + 1, 100_000):
            yield b"".join(b'<row r="%d"><c><v>%d</v></c></row>' % (r, r) for r in range(start, min(start + 100_000, count + 1)))
    return xlsx(path, rows(), dimension=b"A1:A%d" % count, level=1)


def docx_bomb(path: Path, megabytes: int = 300) -> Path:
    """document.xml of one paragraph of `megabytes` MB of “绩”: well under 1 MB packed."""
    block = "绩".encode() * ((1 << 20) // 3)
    return docx(path, [b"<w:p><w:r><w:t>", *(block for _ in range(megabytes)), b"</w:t></w:r></w:p>"])


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no room on disk."""
    with open(path, "wb") as f:
        f.truncate(size)
    return path


CRAFTED = {  # name: (make it, what the refusal says)
    "far_cell.xlsx": (far_cell, "使用范围为1048576行×16384列，超过上限100000行×200列"),
    "many_rows.xlsx": (many_rows, "超过上限100000行×200列"),
    "bomb.docx": (docx_bomb, "解压后共300 MB，超过上限200 MB"),
    "laughs.docx": (lambda p: docx(p, b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog=LAUGHS), "含有DTD或实体声明"),
    "laughs.xlsx": (lambda p: xlsx(p, b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', prolog=LAUGHS),
                    "含有DTD或实体声明"),
    "deep.json": (lambda p: p.write_bytes(b'{"format": "jixiao/1", "unit": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
                  "JSON嵌套超过上限20层"),
    "huge.txt": (lambda p: sparse(p, 5 * GiB), "文件大小为5120 MB，超过.txt文件的上限5 MB"),
    "huge.json": (lambda p: sparse(p, 5 * GiB), "文件大小为5120 MB，超过.json文件的上限2 MB"),
    "huge.docx": (lambda p: sparse(p, 5 * GiB), "文件大小为5120 MB，超过.docx文件的上限20 MB"),
}


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crafted")
    for name, (make, _) in CRAFTED.items():
        make(folder / name)
    return folder


def test_the_crafted_files_are_small_on_disk(crafted):
    """What reaches a reader is small (the sparse files excepted): the damage is in what it unpacks to."""
    sizes = {p.name: p.stat().st_blocks * 512 for p in crafted.iterdir()}
    assert sizes["far_cell.xlsx"] < 15_000 and sizes["bomb.docx"] < 1_000_000 and sizes["deep.json"] < 300_000
    assert sizes["many_rows.xlsx"] < 20 * limits.MB and sizes["huge.txt"] < 1_000_000
    with zipfile.ZipFile(crafted / "bomb.docx") as z:
        assert z.getinfo("word/document.xml").file_size >= 299 * limits.MB


# ---------------------------------------------------------------- the command line, memory and time bounded

def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GiB, GiB))


def jixiao(*args: str) -> subprocess.CompletedProcess:
    """`jixiao ARGS` in a process of at most 1 GiB that is killed after 10 s."""
    code = "import sys; from jixiao.cli import main; sys.argv[0] = 'jixiao'; main()"
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=10,
                          preexec_fn=_bounded, env=env)


@pytest.mark.parametrize("command", ["check", "import"])
@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_file_is_refused_by_the_command_line_within_1_gib_and_10_s(crafted, name, command):
    done = jixiao(command, str(crafted / name))
    said = done.stdout + done.stderr
    assert done.returncode in (1, 2), said  # not 134 (abort), -9 (killed), -6, or a MemoryError's 1 with a traceback
    assert CRAFTED[name][1] in done.stderr and f"{crafted / name}：错误：" in done.stderr
    assert "Traceback" not in said and "内部错误" not in said and "MemoryError" not in said


def test_the_limits_cost_a_real_document_nothing_it_needs(crafted):
    done = jixiao("check", str(CORPUS / "samples" / "sangtai-kexie-2023.xlsx"),
                  str(CORPUS / "samples" / "yunling-canlian-2022.docx"), str(SEED))
    assert done.returncode == 0, done.stderr


def test_entities_in_a_web_page_are_not_expanded(tmp_path):
    page = tmp_path / "laughs.html"
    page.write_bytes(b'<?xml version="1.0"?>' + LAUGHS + b"<html><body><p>2021\xe5\xb9\xb4&lol9;</p></body></html>")
    done = jixiao("check", str(page))
    assert done.returncode in (1, 2) and "没有找到" in done.stderr and "Traceback" not in done.stderr
    assert "lollollol" not in done.stdout + done.stderr


# ---------------------------------------------------------------- each reader, in this process

def test_a_far_cell_is_refused_by_every_reader_of_sheets(crafted):
    path = crafted / "far_cell.xlsx"
    data = path.read_bytes()
    for read in (lambda: read_xlsx(data, path.name), lambda: read_bytes(data, path.name), lambda: read_path(path),
                 lambda: rows_of(data, path.name), lambda: read_table(path), lambda: spending_of(data, path.name),
                 lambda: actuals_of(data, path.name), lambda: spending_rows(data, path.name),
                 lambda: read_spending(path), lambda: read_actuals(path)):
        with pytest.raises(ReadError) as caught:
            read()
        assert caught.value.code == e.SHEET_TOO_LARGE and caught.value.exit_code == 2
        assert caught.value.message == "工作表“名册”使用范围为1048576行×16384列，超过上限100000行×200列"
        assert path.name in caught.value.place


def test_the_used_range_counts_cells_without_a_reference_and_ignores_empty_ones(tmp_path):
    wide = xlsx(tmp_path / "wide.xlsx", b"<row>" + b"<c><v>1</v></c>" * 201 + b"</row>")
    with pytest.raises(ReadError, match="使用范围为1行×201列"):
        rows_of(wide.read_bytes(), wide.name)
    styled = xlsx(tmp_path / "styled.xlsx", b'<row r="1">' + _text_cell(b"A1", "姓名".encode()) +
                  b'</row><row r="1048576"><c r="XFD1048576" s="1"/></row>', dimension=b"A1:XFD1048576")
    assert rows_of(styled.read_bytes(), styled.name) == [["姓名"]]  # a styled empty cell: no value, no range


def test_a_sheet_within_the_rows_but_over_the_cells_is_refused(tmp_path, monkeypatch):
    table = xlsx(tmp_path / "t.xlsx", b"".join(b"<row>" + b"<c><v>1</v></c>" * 10 + b"</row>" for _ in range(30)))
    assert len(rows_of(table.read_bytes(), table.name)) == 30
    monkeypatch.setattr(limits, "TABLE_CELLS", 299)
    with pytest.raises(ReadError, match="共300个单元格，超过上限299个"):
        rows_of(table.read_bytes(), table.name)


def test_a_merged_range_over_the_whole_sheet_is_refused(tmp_path):
    merged = xlsx(tmp_path / "merged.xlsx", b'<row r="1">' + _text_cell(b"A1") + b"</row>",
                  after=b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    with pytest.raises(ReadError, match="合并单元格共17179869184个单元格，超过上限200000个"):
        read_xlsx(merged.read_bytes(), merged.name)


def test_a_zip_bomb_is_refused_from_the_central_directory_alone(crafted, monkeypatch):
    opened = []
    real = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a[0]) or real(self, *a, **k))
    with pytest.raises(ReadError) as caught:
        read_docx((crafted / "bomb.docx").read_bytes(), "bomb.docx")
    assert caught.value.code == e.ZIP_TOO_LARGE and opened == []  # nothing was unpacked


def test_a_part_over_its_limit_or_packed_too_tightly_is_refused(tmp_path):
    bomb = docx_bomb(tmp_path / "b.docx", megabytes=30)  # under the package's 200 MB, over a part's 20 MB
    with pytest.raises(ReadError, match="“word/document.xml”解压后为30 MB，超过上限20 MB"):
        read_docx(bomb.read_bytes(), bomb.name)
    packed = many_rows(tmp_path / "r.xlsx", count=1)
    with zipfile.ZipFile(packed, "a") as z:
        z.writestr("xl/media/zeros.bin", bytes(5 * limits.MB), zipfile.ZIP_DEFLATED)
    with pytest.raises(ReadError, match=r"“xl/media/zeros.bin”的压缩比为\d+:1，超过上限100:1"):
        read_xlsx(packed.read_bytes(), packed.name)


def test_a_word_table_cell_spanning_a_billion_columns_is_cut_to_what_word_allows(tmp_path):
    wide = docx(tmp_path / "span.docx", b'<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr><w:tc><w:tcPr>'
                b'<w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    _, problems = read_docx(wide.read_bytes(), wide.name)  # read at once, nothing in it
    assert problems


def test_a_web_page_table_spanning_fifty_million_cells_is_refused():
    page = b"<html><body><table>" + b"<tr><td colspan=1000>x</td></tr>" * 50_000 + b"</table></body></html>"
    with pytest.raises(ReadError, match="第1个表格展开合并单元格后，连同之前的表格超过上限200000个单元格"):
        read_html(page, "宽表.html")


def test_json_depth_is_counted_outside_strings():
    nested = b'{"format": "jixiao/1", "unit": {"code": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "name": "x"}}'
    with pytest.raises(ReadError) as caught:
        read_json(nested, "a.json")
    assert caught.value.code == e.SCHEMA  # read, and refused for its content, not its depth
    with pytest.raises(ReadError) as caught:
        read_json(b"[" * 21 + b"]" * 21, "b.json")
    assert (caught.value.code, caught.value.exit_code) == (e.JSON_TOO_DEEP, 2)


def test_a_csv_table_over_the_row_limit_is_refused(monkeypatch, tmp_path):
    text = "项目编码,日期,金额\n" + "13032221GVUVTX63BWWCQ,2021-03-01,\"1,234.50\"\n" * 20
    assert len(spending_of(text.encode("gb18030"), "支出.csv")) == 20
    monkeypatch.setattr(limits, "TABLE_ROWS", 20)
    for read in (lambda: spending_of(text.encode("gb18030"), "支出.csv"), lambda: rows_of(text.encode(), "名册.csv")):
        with pytest.raises(ReadError, match="行数超过上限20行"):
            read()


def test_a_csv_cell_longer_than_the_csv_module_reads_is_refused_not_a_traceback():
    with pytest.raises(ReadError) as caught:
        rows_of(("姓名,身份证号\n" + "张" * 200_000 + ",1\n").encode(), "名册.csv")
    assert caught.value.code == e.BAD_CSV and "第2行" in caught.value.message


def test_a_file_over_its_size_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """5 GB each: read whole, they would not fit in the 1 GiB the commands are given."""
    register, spending, goals = (sparse(tmp_path / name, 5 * GiB) for name in ("名册.csv", "支出.csv", "目标.txt"))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    for read, limit in ((lambda: read_table(register), "20 MB"), (lambda: read_spending(spending), "20 MB"),
                        (lambda: read_path(goals), "5 MB")):
        with pytest.raises(ReadError) as caught:
            read()
        assert caught.value.code == e.FILE_TOO_LARGE and caught.value.message.endswith(f"上限{limit}")


def test_each_reader_holds_its_bytes_to_its_kind(monkeypatch):
    monkeypatch.setitem(limits.FILE_SIZE, ".txt", 1024)
    with pytest.raises(ReadError, match="文件大小为12.1 KB，超过.txt文件的上限1 KB"):
        read_bytes(SEED.read_bytes(), "目标")  # no suffix: told by its bytes, held to the limit of text
    html = b"<html><body><p>x</p></body></html>" * 400
    monkeypatch.setitem(limits.FILE_SIZE, ".html", 1024)
    with pytest.raises(ReadError, match="超过.html文件的上限1 KB"):
        read_bytes(html, "page.htm")


def test_pdftotext_is_stopped_at_its_time_and_its_text(monkeypatch):
    from jixiao.formats.pdf_writer import write_pdf

    pdf = write_pdf(read_path(SEED)[0])
    monkeypatch.setattr(limits, "PDF_TEXT", 1000)
    with pytest.raises(ReadError, match="PDF中的文字超过上限1000 字节"):
        read_pdf(pdf, "目标.pdf")
    monkeypatch.setattr(limits, "PDF_TEXT", 5 * limits.MB)
    monkeypatch.setattr(limits, "PDF_SECONDS", 0.001)
    with pytest.raises(ReadError, match="0.001秒内未能读出文字"):
        read_pdf(pdf, "目标.pdf")


def test_an_old_office_file_over_its_size_never_reaches_libreoffice(monkeypatch):
    from jixiao.formats import old_office

    monkeypatch.setattr(old_office, "libreoffice", lambda *a, **k: pytest.fail("LibreOffice was started"))
    reading = read_old_offices({"旧.doc": b"\xd0\xcf\x11\xe0" + bytes(20 * limits.MB)})
    with pytest.raises(ReadError, match="超过.doc文件的上限20 MB"):
        reading["旧.doc"]()


def test_a_small_file_costs_its_central_directory_and_a_pass_over_its_sheets(monkeypatch):
    """What the checks unpack of the samples: a Word file's document.xml only up to its first 2 KB (for a
    DTD), a workbook's sheets and its list of them; never pictures, styles or themes."""
    opened: list[str] = []
    real = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, part, *a, **k: opened.append(
        getattr(part, "filename", part)) or real(self, part, *a, **k))
    limits.check_docx((CORPUS / "samples" / "yunling-canlian-2022.docx").read_bytes(), "x.docx")
    assert opened == ["word/document.xml"]
    opened.clear()
    limits.check_xlsx((CORPUS / "samples" / "sangtai-kexie-2023.xlsx").read_bytes(), "x.xlsx")
    assert sorted(opened) == ["xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/workbook.xml",
                              "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"]

