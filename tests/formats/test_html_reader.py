"""Saved web pages: the page's tables on their grid (rowspan and colspan expanded), the text
around them as paragraphs, page chrome left out; GBK pages, MHTML archives, broken pages."""

import base64
import json
import quopri
from decimal import Decimal
from email.message import Message
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.problems import ReadError
from jixiao.formats import errors as e
from jixiao.formats import reader
from jixiao.formats.blocks import Paragraph, Table
from jixiao.formats.html_reader import html_blocks, read_html
from jixiao.formats.reader import read_bytes, read_path

from ..conftest import CORPUS, projection

PAGE = CORPUS / "real" / "xiangtan-huanwei-2023-page.html"
HEADER = ["一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"]


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def tables(blocks) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def paragraphs(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


@pytest.fixture(scope="module")
def page_blocks():
    return html_blocks(PAGE.read_bytes(), PAGE.name)


# ---------------------------------------------------------------- the 湘潭 page

def test_the_page_has_one_table_on_a_grid_of_seven_columns(page_blocks):
    [table] = tables(page_blocks)
    assert len(table.rows) == 19
    assert {len(row) for row in table.rows} == {7}
    assert all(row[0].text == "" for row in table.rows)  # the page's empty first column stays


def test_the_indicator_rows_stand_under_their_headers(page_blocks):
    grid = texts(tables(page_blocks)[0])
    h = next(i for i, row in enumerate(grid) if "一级指标" in row)
    assert grid[h] == ["", "本年度\n绩效指标", *HEADER]
    assert grid[h + 1] == ["", "", "产出指标", "数量指标", "雾炮车降尘抑尘服务配备车辆数", "10辆", "计划标准"]
    assert grid[h + 2] == ["", "", "", "", "雾炮车风炮射程", "≥80M", "计划标准"]
    assert grid[h + 3] == ["", "", "", "质量指标", "服务周期内空气质量", "优良", "计划标准"]
    assert grid[h + 5] == ["", "", "", "成本指标", "控制在预算成本内", "250万", "计划标准"]
    assert grid[h + 6] == ["", "", "效益指标", "经济效益指标", "", "", ""]  # &nbsp; cells are empty
    assert grid[h + 10] == ["", "", "", "社会公众或服务对象满意度指标", "市民满意度", "≥90%", "计划标准"]
    assert grid[h + 11] == ["", "财政部门审核意见", "", "", "", "", ""]  # the rowspan of 11 ends above


def test_the_project_rows_keep_colspan_and_line_breaks(page_blocks):
    grid = texts(tables(page_blocks)[0])
    assert grid[0] == ["", "2023年项目支出绩效目标申报表", "", "", "", "", ""]
    assert grid[1][1] == "填报单位:(盖章) 单位:万元"
    assert grid[2] == ["", "项目支出名称", "雾炮车降尘抑尘服务", "预算部门", "湘潭市环境卫生管理处", "", ""]
    assert grid[3] == ["", "年度本级\n预算金额", "250万", "该项目支出上级资金", "0", "", ""]


def test_cells_are_placed_as_a_person_counts_them(page_blocks):
    table = tables(page_blocks)[0]
    assert table.place == "第1个表格第1行第1列"
    assert table.rows[8][4].text == "雾炮车降尘抑尘服务配备车辆数"
    assert table.rows[8][4].place == "第1个表格第9行第5列"
    assert table.rows[9][2].place == "第1个表格第10行第3列"


def test_the_title_comes_first_and_the_filler_line_after_the_table(page_blocks):
    assert page_blocks[0] == Paragraph("湘潭市环境卫生管理处2023年雾炮车降尘抑尘服务项目支出绩效目标申报表-湘潭市城市管理和综合执法局")
    after = paragraphs(page_blocks[page_blocks.index(tables(page_blocks)[0]):])
    assert "填表人: 宋云华 联系电话:16607320000 填报日期: 单位负责人签字:" in after


def test_scripts_styles_and_page_chrome_are_left_out(page_blocks):
    words = "\n".join(paragraphs(page_blocks))
    for chrome in ("document.write", "_hmt", "首页", "政务服务", "无障碍", "请输入关键字", "当前位置",
                   "分享到", "上一篇", "网站标识码", "湘ICP备", "jquery"):
        assert chrome not in words, chrome
    assert "湘潭市环境卫生管理处2023年雾炮车降尘抑尘服务项目支出绩效目标申报表" in paragraphs(page_blocks)  # the h1


def reading(doc) -> dict:
    """What the expected reading says of the 湘潭 table (money in 万元, an absent code as null)."""
    got = projection(doc)
    got["unit_code"] = got["unit_code"] or None
    [project] = got["projects"]
    return {"unit": (got["unit_code"], got["unit_name"]), "year": got["year"], "name": project["name"],
            "total": project["total"], "goals": project["goals"], "indicators": project["indicators"]}


EXPECTED = json.loads((CORPUS / "real" / "xiangtan-huanwei-2023-page.expected.json").read_text("utf-8"))


@pytest.mark.parametrize("name", ["xiangtan-huanwei-2023-page.html", "xiangtan-huanwei-2023-word.docx"])
def test_the_page_and_its_word_rebuild_read_to_the_expected_project(name):
    doc, problems = read_path(CORPUS / "real" / name)
    [want] = EXPECTED["projects"]
    assert reading(doc) == {"unit": (None, "湘潭市环境卫生管理处"), "year": 2023, "name": "雾炮车降尘抑尘服务",
                            "total": Decimal("250"), "goals": 1, "indicators": want["indicators"]}
    assert len(want["indicators"]) == 7
    assert all(p.message for p in problems)


# ---------------------------------------------------------------- grids

def grid_of(html: str) -> list[list[str]]:
    return texts(tables(html_blocks(html.encode()))[0])


def test_rowspan_and_colspan_together_leave_the_block_empty_below_and_beside():
    assert grid_of("""<table>
        <tr><td>a</td><td rowspan="2" colspan="2">B</td><td>c</td></tr>
        <tr><td>d</td><td>e</td></tr>
        <tr><td colspan="3">F</td><td>g</td></tr></table>""") == [
        ["a", "B", "", "c"],
        ["d", "", "", "e"],
        ["F", "", "", "g"]]


def test_rows_of_unequal_length_are_padded_and_odd_spans_are_tamed():
    assert grid_of("""<table><tr><td rowspan="9">A</td><td colspan="x">b</td></tr>
        <tr><td>c</td><td>d</td><td>e</td></tr></table>""") == [["A", "b", "", ""], ["", "c", "d", "e"]]
    assert grid_of('<table><tr><td rowspan="0">A</td><td>b</td></tr><tr><td>c</td></tr>'
                   '<tr><td>d</td></tr></table>') == [["A", "b"], ["", "c"], ["", "d"]]
    assert len(grid_of('<table><tr><td colspan="99999">A</td></tr></table>')[0]) == 1000


def test_header_body_and_foot_rows_and_th_cells_are_rows():
    assert grid_of("<table><thead><tr><th>一级指标</th><th>二级指标</th></tr></thead>"
                   "<tbody><tr><td>产出指标</td><td>数量指标</td></tr></tbody>"
                   "<tfoot><tr><td>合计</td><td></td></tr></tfoot></table>") == [
        ["一级指标", "二级指标"], ["产出指标", "数量指标"], ["合计", ""]]


def test_cell_text_breaks_lines_only_at_br_and_paragraphs():
    [row] = grid_of("""<table><tr>
        <td><p>年度本级</p><p>预算金额</p></td>
        <td>购买雾炮车
            降尘抑尘服务</td>
        <td>本年度<br/>绩效指标</td>
        <td><p>&nbsp;</p><p> \u3000</p></td>
        <td>≥80M<script>alert(1)</script></td></tr></table>""")
    assert row == ["年度本级\n预算金额", "购买雾炮车 降尘抑尘服务", "本年度\n绩效指标", "", "≥80M"]


def test_cells_outside_any_row_make_a_row():
    assert grid_of("<table><td>a<td>b</table>") == [["a", "b"]]


def test_a_layout_table_around_the_goal_table_is_read_as_text():
    blocks = html_blocks("""<table width="1000"><tr><td>栏目导航 政务公开</td><td>
        <table><tr><td>项目名称</td><td>雾炮车降尘抑尘服务</td></tr>
               <tr><td>年度资金总额</td><td>250</td></tr></table>
        <p>注：单位为万元</p></td></tr></table>""".encode())
    [table] = tables(blocks)
    assert texts(table) == [["项目名称", "雾炮车降尘抑尘服务"], ["年度资金总额", "250"]]
    assert table.rows[1][1].place == "第1个表格第2行第2列"
    assert paragraphs(blocks) == ["栏目导航 政务公开", "注：单位为万元"]


def test_tables_are_numbered_in_page_order_and_empty_tables_skipped():
    blocks = html_blocks(b"<table></table><table><tr><td>a</td></tr></table><p>x</p><table><tr><td>b</td></tr></table>")
    assert [t.rows[0][0].place for t in tables(blocks)] == ["第1个表格第1行第1列", "第2个表格第1行第1列"]


def test_a_chrome_div_holding_the_table_is_kept():
    blocks = html_blocks('<div class="main-top"><table><tr><td>项目名称</td><td>甲</td></tr></table></div>'
                         '<div class="top">今天是星期一</div><p>填表人:张三<br>联系电话:1</p>'.encode())
    assert texts(tables(blocks)[0]) == [["项目名称", "甲"]]
    assert paragraphs(blocks) == ["填表人:张三", "联系电话:1"]


# ---------------------------------------------------------------- encodings and archives

SMALL = """<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>2023年项目支出绩效目标表</title></head><body>
<table><tr><td>项目名称</td><td>雾炮车降尘抑尘服务</td></tr><tr><td>预算单位</td><td>湘潭市环境卫生管理处</td></tr></table>
</body></html>"""


@pytest.mark.parametrize("charset", ["gbk", "GB2312", "gb18030", "utf-8"])
def test_a_gbk_page_is_read_by_its_declared_charset_or_its_bytes(charset):
    data = SMALL.format(charset=charset).encode("gbk")  # a page declaring utf-8 but saved as GBK too
    blocks = html_blocks(data, "a.html")
    assert paragraphs(blocks) == ["2023年项目支出绩效目标表"]
    assert texts(tables(blocks)[0]) == [["项目名称", "雾炮车降尘抑尘服务"], ["预算单位", "湘潭市环境卫生管理处"]]


def test_a_utf8_page_declaring_gbk_is_read_as_utf8():
    blocks = html_blocks(SMALL.format(charset="gbk").encode("utf-8"), "a.html")
    assert texts(tables(blocks)[0])[1] == ["预算单位", "湘潭市环境卫生管理处"]


def test_a_gbk_page_declaring_nothing_is_read_by_its_bytes():
    data = SMALL.replace('<meta http-equiv="Content-Type" content="text/html; charset={charset}">', "")
    assert texts(tables(html_blocks(data.encode("gbk")))[0])[0] == ["项目名称", "雾炮车降尘抑尘服务"]
    assert html_blocks('<meta charset="utf-8"><p>雾炮车</p>'.encode("utf-8-sig")) == [Paragraph("雾炮车")]


def mhtml(html: bytes, transfer: str) -> bytes:
    """A web archive as a browser saves it: the page quoted-printable or base64, then its images."""
    archive = MIMEMultipart("related", type="text/html")
    archive["From"] = "<Saved by Blink>"
    archive["Subject"] = "湘潭市环境卫生管理处2023年雾炮车降尘抑尘服务项目支出绩效目标申报表"
    part = Message()
    part["Content-Type"] = 'text/html; charset="utf-8"'
    part["Content-Transfer-Encoding"] = transfer
    part["Content-Location"] = "http://xtcg.xiangtan.gov.cn/15068/15075/26693/content_1250928.html"
    encoded = quopri.encodestring(html) if transfer == "quoted-printable" else base64.encodebytes(html)
    part.set_payload(encoded.decode("ascii"))
    archive.attach(part)
    archive.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(20), "png"))
    return archive.as_bytes()


@pytest.mark.parametrize("transfer", ["quoted-printable", "base64"])
def test_an_mhtml_archive_is_read_through_its_html_part(page_blocks, transfer):
    data = mhtml(PAGE.read_bytes(), transfer)
    assert b"MIME-Version: 1.0" in data[:500] and "雾炮车".encode() not in data  # really encoded
    assert html_blocks(data, "page.mhtml") == page_blocks
    doc, _ = read_bytes(data, "page.mhtml")
    assert reading(doc)["indicators"] == EXPECTED["projects"][0]["indicators"]


def test_an_mhtml_part_in_gbk_is_decoded_by_its_charset():
    archive = MIMEMultipart("related")
    archive.attach(MIMEText("<p>年度资金总额</p>", "html", "gbk"))
    assert html_blocks(archive.as_bytes()) == [Paragraph("年度资金总额")]


def test_an_mhtml_archive_without_a_page_reads_as_an_empty_document():
    archive = MIMEMultipart("related")
    archive.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(20), "png"))
    doc, problems = read_bytes(archive.as_bytes(), "a.mhtml")
    assert doc.projects == [] and "no_goal_table" in {p.code for p in problems}


# ---------------------------------------------------------------- the reader and its registration

@pytest.mark.parametrize("suffix", [".html", ".htm", ".mhtml", ".HTML"])
def test_page_suffixes_choose_the_html_reader(suffix):
    assert reader.READERS[suffix.lower()] is read_html


@pytest.mark.parametrize("start", [b"<!DOCTYPE html>\n<html>", b"\xef\xbb\xbf  <html lang=zh>", b"<TABLE border=1>",
                                   b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC>", b"<!-- saved from url -->\n<html>"])
def test_html_bytes_without_a_suffix_are_sniffed(start):
    assert reader._sniff(start + b"<body><p>x</p></body></html>") is read_html


def test_mhtml_headers_are_sniffed_and_text_is_not():
    assert reader._sniff(mhtml(b"<p>x</p>", "base64")) is read_html
    assert reader._sniff("项目名称\t雾炮车降尘抑尘服务\n<table>".encode()) is reader.read_text
    assert reader._sniff(b"MIME-Version: 1.0\nContent-Type: text/plain\n\nhello") is reader.read_text


def test_a_page_with_no_table_answers_with_the_missing_parts():
    doc, problems = read_bytes("<html><head><title>通知</title></head><body><p>关于公开预算的通知</p></body></html>"
                               .encode(), "notice.html")
    assert doc.projects == []
    assert {"missing_unit", "missing_year", "no_goal_table"} <= {p.code for p in problems}


def test_a_truncated_page_keeps_the_rows_it_has(page_blocks):
    data = PAGE.read_bytes()
    cut = data[: data.index("雾炮车风炮射程".encode()) + 30]  # inside the row after the first indicator
    [table] = tables(html_blocks(cut, "cut.html"))
    grid = texts(table)
    assert grid[8] == texts(tables(page_blocks)[0])[8]
    assert grid[9][4] == "雾炮车风炮射程"
    assert len(grid) == 10


def test_broken_markup_is_recovered():
    blocks = html_blocks(b"<html><body><div><table><tr><td>a<td>b</tr><tr><td>c</table></span></div></p>tail<p")
    assert texts(tables(blocks)[0]) == [["a", "b"], ["c", ""]]
    assert "tail" in paragraphs(blocks)


@pytest.mark.parametrize(("data", "code"), [(b"", e.EMPTY_FILE), (b"  \n ", e.EMPTY_FILE),
                                            (b"PK\x03\x04" + bytes(100), e.NOT_TEXT),
                                            (b"\xd0\xcf\x11\xe0" + bytes(100), e.NOT_TEXT),
                                            (b"<html>\xff\xfe\x00\x01" + bytes(100), e.BINARY_FILE)])
def test_an_empty_or_binary_page_is_refused_with_a_read_error(data, code):
    with pytest.raises(ReadError) as caught:
        read_bytes(data, "page.html")
    assert caught.value.code == code


def test_a_page_of_only_a_comment_reads_as_an_empty_document():
    assert html_blocks(b"<!-- nothing -->") == []
    doc, problems = read_bytes(b"<!-- nothing -->", "a.html")
    assert doc.projects == [] and problems


def read_quietly(data: bytes, name: str) -> None:
    try:
        read_bytes(data, name)
    except ReadError as exc:
        assert exc.message and exc.exit_code in (1, 2)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["x.html", "x.mhtml"]))
def test_random_bytes_never_raise_anything_but_a_read_error(data, name):
    read_quietly(data, name)


_PIECES = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", '<td rowspan="3">', '<td colspan="2">',
           '<td rowspan="0" colspan="0">', "<th>", "<br>", "<p>", "</p>", "<div class=nav>", "</div>", "<script>",
           "&nbsp;", "项目名称", "雾炮车", "一级指标", "产出指标", "10辆", "年度资金总额", "250", "<tbody>", "<!--"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_random_markup_never_raises(pieces):
    data = "".join(pieces).encode()
    for block in html_blocks(data, "x.html") if data.strip() else []:
        if isinstance(block, Table):
            assert len({len(row) for row in block.rows}) == 1  # always a real grid
    read_quietly(data, "x.html")


# ---------------------------------------------------------------- the Word rebuild of the same table

def test_the_word_rebuild_holds_the_pages_table_without_the_sites_column(page_blocks):
    import io

    import docx

    from jixiao.formats.docx_reader import _blocks

    word = CORPUS / "real" / "xiangtan-huanwei-2023-word.docx"
    blocks = list(_blocks(docx.Document(io.BytesIO(word.read_bytes())).element.body))
    [table] = tables(blocks)
    page = texts(tables(page_blocks)[0])
    assert texts(table) == [row[1:] for row in page[2:]]
    assert paragraphs(blocks)[:2] == [page[0][1], "填报单位:(盖章)        单位:万元"]
    assert paragraphs(blocks)[2].startswith("填表人: 宋云华")


def test_the_word_rebuild_is_what_its_script_makes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_docx", CORPUS / "real" / "make_docx.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.xiangtan() == (CORPUS / "real" / "xiangtan-huanwei-2023-word.docx").read_bytes()


def _script(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, CORPUS / "real" / f"{name}.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


@pytest.mark.parametrize(("script", "build", "file"), [
    ("make_docx", "zhaohua", "zhaohua-weijian-2021-word.docx"),
    ("make_docx", "yueyang", "yueyang-nongtian-2022-word.docx"),
    ("make_xlsx", "wuhai", "wuhai-gongxiao-2021-excel.xlsx"),
])
def test_the_other_office_rebuilds_are_what_their_scripts_make(script, build, file):
    assert getattr(_script(script), build)() == (CORPUS / "real" / file).read_bytes()


def test_the_word_rebuilds_hold_their_text_fixtures_tables():
    import io

    import docx

    from jixiao.formats.docx_reader import _blocks

    def word(name):
        return list(_blocks(docx.Document(io.BytesIO((CORPUS / "real" / name).read_bytes())).element.body))

    zhaohua = word("zhaohua-weijian-2021-word.docx")
    [table] = tables(zhaohua)
    rows = texts(table)
    assert paragraphs(zhaohua) == ["项目支出绩效目标申报表", "(2021年度)"]
    assert rows[2] == ["项目资金(万元)", "年度资金总额", "", "", "金额(万元)"]
    assert rows[3] == ["", "   (一)财政拨款小计", "", "", "6.30"]  # merged down: empty below
    assert rows[17] == ["", "", "", "资金拨付", "12月底到位"]
    assert rows[22] == ["", "", "", "社会满意度", "100%"]
    yueyang = word("yueyang-nongtian-2022-word.docx")
    rows = texts(tables(yueyang)[0])
    assert rows[15] == ["", "效益指标", "经济效益\n指标", "年增粮食", "3500公斤"]  # two paragraphs
    assert paragraphs(yueyang)[-1].startswith("注:填报时按本地实际")


def test_the_excel_rebuild_holds_the_dates_as_serial_numbers_read_without_the_thousands_comma():
    from python_calamine import CalamineWorkbook

    from jixiao.formats.xlsx_reader import _sheet

    book = CalamineWorkbook.from_path(str(CORPUS / "real" / "wuhai-gongxiao-2021-excel.xlsx"))
    sheet = book.get_sheet_by_name(book.sheet_names[0])
    [table] = _sheet(sheet.name, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [])
    rows = texts(table)
    assert rows[16] == ["", "", "时效指标", "项目财政资金到位时间", "正向", "=", "44561", "44561", "10", ""]
    assert rows[13] == ["", "产出指标", "数量指标", "出差人数", "正向", "=", "8", "", "4", ""]
    assert rows[14][1:3] == ["", ""]  # 一级 and 二级 merged down their groups


def test_a_caption_is_a_paragraph_before_its_table_and_a_table_without_cells_is_none():
    blocks = html_blocks("<table><caption>2023年项目支出绩效目标表</caption><tr><td>项目名称</td></tr></table>"
                         "<table><tr></tr></table>".encode())
    assert blocks[0] == Paragraph("2023年项目支出绩效目标表")
    assert [texts(t) for t in tables(blocks)] == [[["项目名称"]]]


def test_a_page_saved_from_word_keeps_its_cells_and_drops_its_office_markup():
    page = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
    <meta http-equiv=Content-Type content="text/html; charset=gb2312"><title>目标表</title>
    <!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>张</o:Author></o:DocumentProperties></xml><![endif]-->
    </head><body lang=ZH-CN><div class=WordSection1>
    <p class=MsoNormal align=center><b><span style='font-size:16.0pt'>2023年项目支出绩效目标表<o:p></o:p></span></b></p>
    <table class=MsoNormalTable border=1><tr><td rowspan=2><p class=MsoNormal><span>产出<o:p></o:p></span></p>
    <p class=MsoNormal>指标</p></td><td><p class=MsoNormal><span lang=EN-US>10<span style='mso-spacerun:yes'>&nbsp; </span>
    辆<o:p></o:p></span></p></td></tr><tr><td>b</td></tr>
    <![if !supportMisalignedColumns]><tr height=0><td width=100 style='border:none'></td><td></td></tr><![endif]>
    </table></div></body></html>"""
    blocks = html_blocks(page.encode("gbk"), "目标表.htm")
    assert paragraphs(blocks) == ["目标表", "2023年项目支出绩效目标表"]
    assert texts(tables(blocks)[0]) == [["产出\n指标", "10 辆"], ["", "b"], ["", ""]]
