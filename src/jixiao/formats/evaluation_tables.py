"""The 项目支出绩效目标执行监控表 (财预〔2019〕136号) and the 项目支出绩效自评表
(财预〔2020〕10号) in the official layouts, as .xlsx and .docx (RULES.md §3.5, §4.4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import groupby

from openpyxl import Workbook

from ..core.document import GoalDocument
from ..core.formulas import execution_rate
from ..core.money import format_wan
from ..evaluation.consistency import Consistency
from ..evaluation.department_evaluation import NO_PROJECTS, NOT_RECORDED, DepartmentEvaluation
from ..evaluation.monitoring import ProjectMonitor
from ..evaluation.scoring import ProjectScore
from . import docx_writer, xlsx_writer
from .cells import put
from .layout import CHINESE_ORDINALS
from .layout import LayoutCell as C

COLOURS = {"green": "绿", "yellow": "黄", "red": "红"}
TABLE_FORMATS = ("xlsx", "docx", "pdf")


def _pct(value: Decimal | None) -> C:
    """A rate as a percentage cell: a number shown as 0.00% in .xlsx, as printed elsewhere."""
    return C("" if value is None else f"{value:.2f}%", kind="rate")


def _levels(rows):
    """一级/二级 cells merged down over runs, as in the goal table."""
    out = []
    for level1, group in groupby(rows, key=lambda r: r[0]):
        first1 = True
        for level2, run in groupby(group, key=lambda r: r[1]):
            first2 = True
            for _, _, cells in run:
                out.append([C(level1) if first1 else C(merge_up=True), C(level2) if first2 else C(merge_up=True),
                            *cells])
                first1 = first2 = False
    return out


def monitoring_title(year: int, on: date) -> str:
    return f"项目支出绩效目标执行监控表（{year}年1-{on.month}月）"


SECOND_ROUND = "需二次监控"  # beside the 预警 of a project the table sends to a second round (issue 15 §2)


def monitoring_rows(doc: GoalDocument, row: ProjectMonitor, on: date, second: bool = False) -> list[list[C]]:
    period = f"1-{on.month}月"
    head = [
        [C("项目名称", header=True), C(row.name, 4), C("项目编码", header=True), C(row.code, 3)],
        [C("主管部门及代码", header=True), C(f"{doc.unit.code}{doc.unit.name}", 4), C("实施单位", header=True),
         C(doc.unit.name, 3)],
        [C("项目资金（万元）", header=True), C("年初预算数", header=True), C(f"{period}执行数", header=True),
         C(f"{period}执行率", header=True), C("计划进度", header=True), C("序时进度", header=True),
         C("预警", header=True), C("偏差原因分析", header=True), C("纠偏措施", header=True)],
        [C("年度资金总额", header=True), C(format_wan(row.budget), kind="money"), C(format_wan(row.spent), kind="money"),
         _pct(row.execution_rate), _pct(row.planned_rate), _pct(row.time_rate),
         C(COLOURS[row.colour] + (f"（{'、'.join(row.problems)}）" if row.problems else "")
           + (f"；{SECOND_ROUND}" if second else "")),
         C(row.reason), C(row.measure)],
        [C(h, header=True) for h in ("一级指标", "二级指标", "三级指标", "年度指标值", f"{period}执行情况",
                                     "全年预计完成情况", "完成目标可能性", "偏差原因分析", "纠偏措施")],
    ]
    body = [(i.level1, i.level2, [C(i.name), C(i.target), C(i.actual), C(i.forecast_text), C(i.likelihood or ""),
                                  C(i.reason), C(i.measure)])
            for i in row.indicators]
    return head + _levels(body)


def self_evaluation_rows(doc: GoalDocument, project, score: ProjectScore) -> list[list[C]]:
    e = score.execution
    head = [
        [C("项目名称", header=True), C(score.name, 3), C("项目编码", header=True), C(score.code, 3)],
        [C("主管部门", header=True), C(doc.unit.name, 3), C("实施单位", header=True), C(doc.unit.name, 3)],
        [C("项目资金（万元）", header=True), C("年初预算数", header=True), C("全年预算数", header=True),
         C("全年执行数", header=True), C("分值", header=True), C("执行率", header=True), C("得分", header=True),
         C("偏差原因分析", header=True)],
        [C("年度资金总额", header=True), C(format_wan(e.budget), kind="money"), C(format_wan(e.budget), kind="money"),
         C(format_wan(e.spent), kind="money"), _num(e.weight), _pct(e.rate), _num(e.score),
         C("；".join(e.flags) or ("需说明" if e.reason_required else ""))],
        *_money_parts(project, e.spent),
        [C("年度总体目标", header=True), C("预期目标", 3, header=True), C("实际完成情况", 4, header=True)],
        [C(merge_up=True), C("\n".join(f"{k}.{g}" for k, g in enumerate(project.goals, 1)), 3),
         C(achieved(score), 4)],
        [C(h, header=True) for h in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                                     "偏差原因分析及改进措施")],
    ]
    body = [(ind.level1, ind.level2, [C(s.name), C(s.target), C(s.actual), _num(s.weight), _num(s.score),
                                      C("；".join(filter(None, [*s.flags, s.reason])))])
            for ind, s in zip(project.indicators, score.indicators)]
    total = _num(score.total)
    foot = [[C("总分", header=True), C(total.text, 3, kind="score"), C("自评等级", header=True), C(score.grade, 3)]]
    return head + _levels(body) + foot


# jixiao keeps one budget per project (the goal table's 预算数, split into 财政资金 and 其他资金) and
# no mid-year adjustment, so the 全年预算数 is the 年初预算数; spending records carry no funding source,
# so the parts' 全年执行数 is known only when the project has money from one source alone.
ONE_BUDGET = "全年预算数=年初预算数（未记录年中预算调整）"
NO_SOURCE = "支出记录未区分资金来源，分项执行数未填"


def _money_parts(project, spent: Decimal) -> list[list[C]]:
    """其中：财政拨款 and 其他资金 below 年度资金总额, as the official form has them, with a note on
    what jixiao cannot tell apart. 分值, 执行率 and 得分 belong to the total only (—)."""
    fiscal, other = project.budget.fiscal, project.budget.other
    one_source = not other or not fiscal
    parts = []
    for label, budget, share in (("其中：财政拨款", fiscal, not other), ("其他资金", other, not fiscal)):
        done = format_wan(spent if share else Decimal(0)) if one_source else ""
        parts.append([C(label, header=True), C(format_wan(budget), kind="money"), C(format_wan(budget), kind="money"),
                      C(done, kind="money"), C("—"), C("—"), C("—")])
    parts[0].append(C(ONE_BUDGET if one_source else f"{ONE_BUDGET}；{NO_SOURCE}"))
    parts[1].append(C(merge_up=True))
    return parts


SHORT_LISTED = 5  # indicators below target named in 实际完成情况; more are counted


def achieved(score: ProjectScore) -> str:
    """实际完成情况 filled from the scores: how many indicators reached their 年度指标值, and which did not."""
    short = [s for s in score.indicators if s.score < s.weight]
    done = len(score.indicators) - len(short)
    text = f"{len(score.indicators)}项绩效指标中{done}项达到年度指标值"
    if short:
        text += "；未达到：" + "；".join(f"{s.name}（年度指标值{s.target}，实际完成值{s.actual or '未填'}）"
                                     for s in short[:SHORT_LISTED])
        text += f"等{len(short)}项" if len(short) > SHORT_LISTED else ""
    return f"{text}。预算执行率{score.execution.rate:.2f}%。"


def _num(value: Decimal | None) -> C:
    """A score or weight cell: a number shown with 2 decimals."""
    return C("" if value is None else f"{value:.2f}", kind="score")


SHEET_WIDTH = 130  # characters across a sheet's columns, shared as the Word and PDF tables share their widths


def _weights(rows) -> tuple[int, ...]:
    width = sum(c.span for c in rows[0])
    return docx_writer.COLUMN_WEIGHTS.get(width, (1,) * width)


def write_tables(title: str, tables: list[tuple[str, list[list[C]]]], to: str,
                 orientation: str = xlsx_writer.PORTRAIT, repeat=xlsx_writer.header_row,
                 notes: list[str] | None = None) -> bytes:
    """One sheet (xlsx) or one table after another (docx, pdf) per project; `repeat` gives the 0-based
    row repeated at the top of each page (the indicator header row); `notes`, one per table (empty for
    none), a line under the table above its 填表人 / 审核人 / 填报日期 line."""
    lines = notes or [""] * len(tables)
    if to == "pdf":
        from html import escape

        from .pdf_writer import SIGNATURES, html_to_pdf, page, table_html

        body = "".join(f"<p class='table-title'>{escape(title)}</p><p class='unit'><span>{escape(name)}</span>"
                       f"<span>单位：万元</span></p>{table_html(rows, repeat(rows), _weights(rows))}"
                       + (f"<p class='note'>{escape(note)}</p>" if note else "")
                       + SIGNATURES for (name, rows), note in zip(tables, lines))
        return html_to_pdf(page(body, landscape=orientation == xlsx_writer.LANDSCAPE))
    if to == "xlsx":
        book = Workbook()
        book.remove(book.active)
        for (name, rows), note in zip(tables, lines):
            sheet = book.create_sheet(xlsx_writer.sheet_name(name, set(book.sheetnames)))
            weights = _weights(rows)
            xlsx_writer.start_sheet(sheet, title, tuple(round(w * SHEET_WIDTH / sum(weights)) for w in weights))
            put(sheet.cell(2, 1), name)
            put(sheet.cell(2, len(weights)), "单位：万元")
            xlsx_writer.write_grid(sheet, rows)
            if note:
                xlsx_writer.note_line(sheet, note, SHEET_WIDTH)
            xlsx_writer.finish_sheet(sheet, orientation, 3 + repeat(rows))
        return xlsx_writer.save(book)
    d = docx_writer.new_document(orientation)
    for (name, rows), note in zip(tables, lines):
        docx_writer.table_title(d, title)
        docx_writer.kept_line(d, f"{name}\t\t\t\t单位：万元")
        docx_writer.add_grid(d, rows, repeat=repeat(rows))
        if note:
            docx_writer.note_line(d, note)
        docx_writer.signatures(d)
        d.add_paragraph("")
    return docx_writer.save(d)


def write_monitoring(doc: GoalDocument, on: date, rows: list[ProjectMonitor], to: str,
                     second: dict | None = None) -> bytes:
    """`second`: the keys of the projects that need 二次监控 (`evaluation.second_monitoring.marks`)."""
    title = monitoring_title(doc.year, on)
    return write_tables(title, [(r.name, monitoring_rows(doc, r, on, r.key in (second or {}))) for r in rows], to,
                        xlsx_writer.LANDSCAPE)


CONSISTENCY_LINE = "一致性检查：{colour}。{shares}{reason}。"  # under each project's 自评表 (issue 15 §2)
CONSISTENCY_SHARES = "指标得分率{indicators}，预算执行得分率{execution}；"  # where the reason does not give them


def consistency_line(c: Consistency) -> str:
    """绩效与预算执行一致性 as printed under a project's 自评表: the colour (红/黄/绿), the two shares it
    compares (指标得分率, 预算执行得分率) and the reason with its figures."""
    share = lambda v: "—" if v is None else f"{v:.2f}%"
    shares = "" if "预算执行得分率" in c.reason else CONSISTENCY_SHARES.format(
        indicators=share(c.indicator_share), execution=share(c.execution_share))
    return CONSISTENCY_LINE.format(colour=c.colour_name, shares=shares, reason=c.reason)


def write_self_evaluation(doc: GoalDocument, scores: list[ProjectScore], to: str,
                          checks: dict[str, Consistency] | None = None) -> bytes:
    """`checks`: each project's 绩效与预算执行一致性 by its key (`evaluation.consistency.consistency_of`, by the
    rule set that scored it), printed as a line under its table."""
    title = f"项目支出绩效自评表（{doc.year}年度）"
    notes = [consistency_line(checks[s.key]) for s in scores] if checks is not None else None
    return write_tables(title, [(s.name, self_evaluation_rows(doc, p, s)) for p, s in zip(doc.projects, scores)], to,
                        notes=notes)


# ---------------------------------------------------------------- 部门整体支出绩效自评表 (issue 14 §3)

def _count(value: int) -> C:
    return C(str(value), kind="count")


def _money(value: Decimal | None) -> C:
    return C("" if value is None else format_wan(value), kind="money")


def _recorded(value: Decimal | None, span: int) -> C:
    """三公经费 and 政府采购: the amount, or 未记录 where the unit keeps no record of it."""
    return C(NOT_RECORDED, span) if value is None else C(format_wan(value), span, kind="money")


DEPARTMENT_INDICATOR_HEADER = ("分项目标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")


def department_rows(ev: DepartmentEvaluation) -> list[list[C]]:
    """The 部门整体支出绩效自评表 on the 8 columns of the project 自评表: the unit and its score, the base data
    (staffing, money), the unit-wide indicators scored, the projects' results and the score's parts."""
    b = ev.base
    head = [[C("部门（单位）名称", header=True), C(ev.unit, 3), C("自评总分", header=True), C(f"{ev.total:.2f}", kind="score"),
             C("自评等级", header=True), C(ev.grade)],
            [C("一、基础数据", 8, header=True)],
            [C("单位名称", 3, header=True), C("编制数（人）", header=True), C("在职人数（人）", header=True),
             C("退休人数（人）", header=True), C("备注", 2, header=True)]]
    staff = [[C(s.unit_name, 3), _count(s.posts), _count(s.in_post), _count(s.retired), C("", 2)] for s in b.staffing]
    staff.append([C("合计", 3, header=True), _count(b.posts), _count(b.in_post), _count(b.retired), C("", 2)])
    rate = _pct(b.rate)
    basic_rate = _pct(execution_rate(b.basic_spent, b.basic_budget)) if b.basic_budget else C("")
    project_rate = _pct(execution_rate(b.project_spent, b.project_budget)) if b.project_budget else C("")
    money = [[C("支出（万元）", 3, header=True), C("年初预算数", header=True), C("全年执行数", header=True),
              C("执行率", header=True), C("备注", 2, header=True)],
             [C("基本支出", 3), _money(b.basic_budget), _money(b.basic_spent), basic_rate,
              C("" if b.basic_budget is not None else "未记录基本支出预算", 2)],
             [C("其中：人员经费", 3), C(""), _money(b.personnel), C(""), C("", 2)],
             [C("公用经费", 3), C(""), _money(b.running), C(""), C("", 2)],
             [C("项目支出", 3), _money(b.project_budget), _money(b.project_spent), project_rate, C("", 2)],
             [C("合计", 3, header=True), _money(b.budget), _money(b.spent), rate, C("", 2)],
             [C("“三公”经费", 3), _recorded(b.three_public, 5)],
             [C("政府采购", 3), _recorded(b.procurement, 5)]]
    indicators = [[C("二、部门整体绩效指标", 8, header=True)], [C(h, header=True) for h in DEPARTMENT_INDICATOR_HEADER]]
    for s in ev.items:
        i = s.indicator
        indicators.append([C(s.sub_goal), C(i.level1), C(i.level2), C(i.name), C(i.target.raw), C(s.score.actual),
                           _num(s.score.weight), _num(s.score.score)])
    projects = [[C("三、项目支出绩效自评结果", 8, header=True)],
                [C("项目名称", 3, header=True), C("预算数", header=True), C("执行数", header=True), C("执行率", header=True),
                 C("自评得分", header=True), C("自评等级", header=True)]]
    projects += [[C(p.name, 3), _money(p.execution.budget), _money(p.execution.spent), _pct(p.execution.rate),
                  _num(p.total), C(p.grade)] for p in ev.projects]
    if not ev.projects:
        projects.append([C(NO_PROJECTS, 8)])
    parts = [[C("四、自评得分", 8, header=True)],
             [C("评分内容", 3, header=True), C("分值", header=True), C("得分", header=True), C("评分说明", 3, header=True)]]
    parts += [[C(p.name, 3), _num(p.weight), _num(p.score), C(p.basis, 3)] for p in ev.parts]
    parts.append([C("总分", 3, header=True), _num(sum((p.weight for p in ev.parts), Decimal(0))), _num(ev.total),
                  C(f"自评等级：{ev.grade}", 3)])
    return head + staff + money + indicators + projects + parts


def department_header_row(rows) -> int:
    """The unit-wide indicators' header row: repeated on each page."""
    return next(k for k, row in enumerate(rows) if [c.text for c in row][:2] == list(DEPARTMENT_INDICATOR_HEADER[:2]))


def department_title(ev: DepartmentEvaluation) -> str:
    return f"部门整体支出绩效自评表（{ev.year}年度）"


def write_department_evaluation(ev: DepartmentEvaluation, to: str) -> bytes:
    """The 部门整体支出绩效自评表 as .xlsx, .docx or .pdf, A4 portrait, in the conventions of the project 自评表."""
    return write_tables(department_title(ev), [(ev.unit, department_rows(ev))], to, repeat=department_header_row)


REPORT_BLANK = "\u3000" * 34  # an underlined blank line where the unit writes its own text


def write_department_report(ev: DepartmentEvaluation) -> bytes:
    """The 部门整体支出绩效自评报告 as .docx: its title, then each section of the rule set with jixiao's figures
    and the unit's prose (a blank line for the unit to write where it gave none)."""
    d = docx_writer.new_document(margins=docx_writer.GOAL_MARGINS)
    d.add_paragraph(f"{ev.unit}{ev.year}年度部门整体支出绩效自评报告", style=docx_writer.STYLES[docx_writer.TITLE])
    for k, section in enumerate(ev.sections):
        d.add_paragraph(f"{CHINESE_ORDINALS[k]}、{section.title}", style=docx_writer.STYLES[docx_writer.HEADING1])
        for line in section.figures:
            d.add_paragraph(line, style=docx_writer.STYLES[docx_writer.BODY])
        if section.prose:
            for line in section.prose.split("\n"):
                if line.strip():
                    d.add_paragraph(line.strip(), style=docx_writer.STYLES[docx_writer.BODY])
        else:
            for _ in range(2):
                blank = d.add_paragraph(style=docx_writer.STYLES[docx_writer.BODY]).add_run(REPORT_BLANK)
                blank.underline = True
    return docx_writer.save(d)
