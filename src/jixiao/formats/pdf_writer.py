"""The goal document as PDF: the official layout rendered to HTML, then to
PDF by WeasyPrint with the machine's Chinese fonts (Noto CJK stands in where
the official 仿宋_GB2312 and 黑体 are not installed)."""

from __future__ import annotations

from html import escape

from ..core.document import GoalDocument
from .layout import (
    BODY,
    HEADING1,
    HEADING2,
    department_paragraphs,
    document_title,
    header_row,
    indicator_header_row,
    project_rows,
    project_title,
    unit_line,
    unit_rows,
    unit_table_title,
)

CSS = """
@page { size: A4; margin: 2cm 1.8cm; }
body { font-family: "仿宋_GB2312", "FangSong", "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 11pt; }
h1.title { font-family: "方正小标宋简体", "Noto Serif CJK SC", serif; font-size: 18pt; text-align: center; }
h2 { font-family: "黑体", "Noto Sans CJK SC", sans-serif; font-size: 14pt; }
h3 { font-family: "楷体_GB2312", "Noto Serif CJK SC", serif; font-size: 12pt; }
p { text-indent: 2em; margin: 0.2em 0; }
p.table-title { text-indent: 0; font-weight: bold; margin-top: 1.2em; text-align: center;
                break-after: avoid; page-break-after: avoid; }
p.unit { text-indent: 0; display: flex; justify-content: space-between; break-after: avoid; page-break-after: avoid; }
p.sign { text-indent: 0; margin-top: 0.6em; word-spacing: 6em; }
p.note { text-indent: 0; margin-top: 0.6em; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; page-break-inside: auto; }
table.fixed { table-layout: fixed; }
table.top { break-after: avoid; page-break-after: avoid; }
table.indicators { margin-top: -0.6pt; }
thead { display: table-header-group; }
td { border: 0.6pt solid #000; padding: 3pt 4pt; vertical-align: middle; }
td.header { font-weight: bold; text-align: center; }
table.align-top td { vertical-align: top; }
tr { page-break-inside: avoid; break-inside: avoid; }
"""
LANDSCAPE_CSS = "@page { size: A4 landscape; margin: 1.8cm 1.5cm; }"

SIGNATURES = "<p class='sign'>填表人： 审核人： 填报日期：</p>"  # under each table, as the evaluation tables have
TAGS = {HEADING1: "h2", HEADING2: "h3", BODY: "p"}
# The 部门整体支出绩效目标表's columns (%): 部门（单位）名称 and 预算金额（万元） on one line, and the indicator
# header's 一级指标 | 二级指标 | 三级指标 too, as the PDF reader finds it.
UNIT_WEIGHTS = (17, 12, 15, 24, 14, 18)


def to_html(doc: GoalDocument, widths: list[tuple[float, ...]] | None = None) -> str:
    """The document's HTML, the 填表人 / 审核人 / 填报日期 line under each table (the 部门整体支出绩效目标表, then
    each project's). Without `widths` each project is one table whose columns WeasyPrint sizes to their
    text; with each project table's column widths (in CSS px, as `column_widths` measures them on
    `measure_html`), its indicators are a table of their own under their header row, which WeasyPrint
    repeats on each page, and the columns stay where they were: jixiao reads the printed text back by its
    columns. The unit's table has fixed columns (UNIT_WEIGHTS) wide enough for its labels on one line."""
    parts = [f"<h1 class='title'>{escape(document_title(doc))}</h1>"]
    parts += [f"<{TAGS[k]}>{escape(t)}</{TAGS[k]}>" for k, t in department_paragraphs(doc)]
    if rows := unit_rows(doc):
        parts += _captioned(doc, unit_table_title(doc), table_html(rows, indicator_header_row(rows), UNIT_WEIGHTS,
                                                                   top="align-top"))
    parts.append("<h2>第二部分  预算项目绩效目标</h2>")
    for k, project in enumerate(doc.projects, 1):
        rows = project_rows(project)
        if widths is None:
            grid = grid_html(rows)
        else:
            cols = "<colgroup>" + "".join(f"<col style='width:{w:.3f}px'>" for w in widths[k - 1]) + "</colgroup>"
            repeat = header_row(rows)
            grid = (grid_html(rows[:repeat], css="fixed top", cols=cols)
                    + grid_html(rows[repeat:], css="fixed indicators", cols=cols, head=1))
        parts += _captioned(doc, project_title(k, project), grid)
    return page("\n".join(parts))


def measure_html(doc: GoalDocument) -> str:
    """The project tables alone, each as one table: a table's column widths depend on its text and the
    page's width, not on where it stands, so these are measured without laying out the rest."""
    return page("\n".join(grid_html(project_rows(p)) for p in doc.projects))


def _captioned(doc: GoalDocument, title: str, grid: str) -> list[str]:
    return [f"<p class='table-title'>{escape(title)}</p>",
            f"<p class='unit'><span>{escape(unit_line(doc))}</span><span>单位：万元</span></p>", grid, SIGNATURES]


def column_widths(html: str) -> list[tuple[float, ...]]:
    """Each table's column widths as WeasyPrint lays the page out (a table over two pages counted once)."""
    from weasyprint import HTML

    found: list[tuple[float, ...]] = []
    seen: set[int] = set()

    def walk(box) -> None:
        if type(box).__name__ == "TableBox":
            if id(box.element) not in seen:
                seen.add(id(box.element))
                found.append(tuple(box.column_widths))
            return
        for child in getattr(box, "children", None) or ():
            walk(child)

    for rendered in HTML(string=html).render().pages:
        walk(rendered._page_box)
    return found


def table_html(rows, repeat: int, weights: tuple[int, ...], top: str = "") -> str:
    """An official table whose rows from `repeat` on (the indicators under their header row) are a
    table of their own with that row as its <thead>, which WeasyPrint repeats on each page; both
    parts share their column widths, and the upper part is kept with the lower. `top` adds a class to
    the upper part (align-top: its cells' text at their tops, where the PDF reader finds rows start)."""
    cols = "<colgroup>" + "".join(f"<col style='width:{100 * w / sum(weights):.2f}%'>" for w in weights) + "</colgroup>"
    top = grid_html(rows[:repeat], css=f"fixed top {top}".strip(), cols=cols) if repeat else ""
    return top + grid_html(rows[repeat:], css="fixed indicators", cols=cols, head=1)


def grid_html(rows, css: str = "", cols: str = "", head: int = 0) -> str:
    # Each cell's column, so a merge_up cell can lengthen the rowspan of the one above it.
    placed = []
    spans: dict[tuple[int, int], int] = {}
    for r, row in enumerate(rows):
        col, out = 0, []
        for cell in row:
            if cell.merge_up:
                top = r - 1
                while (top, col) not in spans:
                    top -= 1
                spans[(top, col)] += 1
            else:
                spans[(r, col)] = 1
                out.append((col, cell))
            col += cell.span
        placed.append(out)
    html = [f"<table class='{css}'>" if css else "<table>", cols]
    for r, row in enumerate(placed):
        if head and r == 0:
            html.append("<thead>")
        html.append("<tr>")
        for col, cell in row:
            attrs = f" colspan='{cell.span}'" if cell.span > 1 else ""
            attrs += f" rowspan='{spans[(r, col)]}'" if spans[(r, col)] > 1 else ""
            attrs += " class='header'" if cell.header else ""
            html.append(f"<td{attrs}>{escape(cell.text).replace(chr(10), '<br>')}</td>")
        html.append("</tr>")
        if head and r == head - 1:
            html.append("</thead><tbody>")
    if head:
        html.append("</tbody>")
    html.append("</table>")
    return "".join(html)


def page(body: str, landscape: bool = False) -> str:
    css = CSS + (LANDSCAPE_CSS if landscape else "")
    return f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>"


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    return HTML(string=html).write_pdf()


def write_pdf(doc: GoalDocument) -> bytes:
    """The goal tables with their indicator header row on each page: the project tables measured first,
    each as one table, then laid out with the indicators apart at those widths."""
    widths = column_widths(measure_html(doc)) if doc.projects else []
    if len(widths) != len(doc.projects):  # pragma: no cover - one table a project, always
        return html_to_pdf(to_html(doc))
    return html_to_pdf(to_html(doc, widths))
