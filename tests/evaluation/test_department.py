"""部门整体 records: staffing and basic spending read from tables (every bad row listed) and the
unit-wide metrics (staff in post, the whole unit's execution), on the seed's union: 6 staff and 10 at
the workers' cultural palace in post, 19 + 4 retired."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from jixiao.evaluation import department as d
from jixiao.formats.registers import rows_of

UNION = [["单位", "编制数", "在职人数", "退休人数"],
         ["昌黎县总工会本级", "8", "6", "19"],
         ["昌黎县工人文化宫", "12", "10", "4"]]


def csv_bytes(rows):
    return "\n".join(",".join(f'"{c}"' for c in row) for row in rows).encode("utf-8")


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_unions_staffing_read_from_csv_gives_16_in_post_with_each_record_named():
    good, bad = d.read_staffing(rows_of(csv_bytes(UNION), "编制.csv"))
    assert bad == []
    records = [r for _, r in good]
    assert [(r.unit_name, r.posts, r.in_post, r.retired) for r in records] == [
        ("昌黎县总工会本级", 8, 6, 19), ("昌黎县工人文化宫", 12, 10, 4)]
    staff = d.staff_in_post(records)
    assert staff.value == 16 and staff.unit == "人"
    assert staff.records == ["昌黎县总工会本级：在职6人（编制8，退休19）", "昌黎县工人文化宫：在职10人（编制12，退休4）"]
    assert sum(r.retired for r in records) == 23


def test_staffing_read_from_xlsx_with_numbers_as_numbers():
    rows = [UNION[0], ["昌黎县总工会本级", 8, 6, 19], ["昌黎县工人文化宫", 12.0, 10, 4]]
    good, bad = d.read_staffing(rows_of(xlsx_bytes(rows), "编制.xlsx"))
    assert bad == [] and [r.in_post for _, r in good] == [6, 10]


def test_every_bad_staffing_row_is_listed_with_row_field_and_reason():
    rows = UNION + [["", "1", "1", "0"], ["文化宫分馆", "3", "-1", "0"], ["食堂", "2", "1.5", "x"],
                    ["昌黎县总工会本级", "1", "1", "1"], ["大院", "2", "2000000", "0"]]
    good, bad = d.read_staffing(rows)
    assert [n for n, _ in good] == [2, 3]
    assert [str(b) for b in bad] == [
        f"第4行“单位”：{d.NO_UNIT_NAME}",
        "第5行“在职人数”：" + d.NOT_COUNT.format(field="在职人数", text="-1"),
        "第6行“在职人数”：" + d.NOT_COUNT.format(field="在职人数", text="1.5"),
        "第7行“单位”：" + d.UNIT_TWICE.format(name="昌黎县总工会本级"),
        "第8行“在职人数”：" + d.COUNT_TOO_LARGE.format(field="在职人数", limit=d.MAX_PEOPLE, text="2000000"),
    ]


def test_a_unit_already_recorded_for_the_year_is_a_bad_row():
    good, bad = d.read_staffing(UNION, known={"昌黎县工人文化宫"})
    assert [n for n, _ in good] == [2] and [(b.row, b.field) for b in bad] == [(3, "单位")]
    assert bad[0].message == d.UNIT_RECORDED.format(name="昌黎县工人文化宫")  # not "in the table twice"


def test_a_table_without_its_columns_or_header_imports_nothing():
    assert d.read_staffing([]) == ([], [d.RowProblem(1, "表头", d.EMPTY_TABLE)])
    good, bad = d.read_staffing([["单位", "编制数"], ["本级", "8"]])
    assert good == [] and str(bad[0]) == "第1行“表头”：" + d.MISSING_COLUMNS.format(columns="在职人数、退休人数")


def test_basic_spending_read_with_separators_dates_and_kinds_and_bad_rows_listed():
    rows = [["日期", "类别", "金额", "摘要"],
            ["2021-01-31", "人员经费", "1,234.50", "1月工资"],
            ["2021年6月30日", "公用经费", "８００元", "办公用品"],
            ["2020-12-31", "人员经费", "100", "上年"],
            ["2021-02-30", "公用经费", "100", ""],
            ["2021-03-01", "三公经费", "100", ""],
            ["2021-03-01", "公用经费", "很多", ""],
            ["2021-03-01", "公用经费", "-5", ""],
            ["2021-03-01", "公用经费", "1.005", ""]]
    good, bad = d.read_basic_spending(rows, 2021)
    assert [(r.on, r.kind, r.amount, r.note) for _, r in good] == [
        (date(2021, 1, 31), "人员经费", Decimal("1234.50"), "1月工资"),
        (date(2021, 6, 30), "公用经费", Decimal("800.00"), "办公用品")]
    assert [(b.row, b.field) for b in bad] == [(4, "日期"), (5, "日期"), (6, "类别"), (7, "金额"), (8, "金额"), (9, "金额")]
    assert bad[0].message == d.DATE_OUTSIDE_YEAR.format(on=date(2020, 12, 31), year=2021)
    assert bad[2].message == d.BAD_KIND.format(text="三公经费")
    assert bad[3].message == d.NOT_AMOUNT.format(field="金额", text="很多")
    assert "小数" in bad[5].message


def test_spending_totals_by_kind():
    records = [d.BasicSpending(date(2021, 1, 31), d.PERSONNEL, Decimal("1000.50")),
               d.BasicSpending(date(2021, 2, 28), d.PERSONNEL, Decimal("999.50")),
               d.BasicSpending(date(2021, 2, 28), d.RUNNING, Decimal("300"))]
    assert d.spending_totals(records) == {"人员经费": Decimal("2000.00"), "公用经费": Decimal("300.00"),
                                          "合计": Decimal("2300.00")}


def test_a_typed_record_with_a_mistake_names_its_field():
    with pytest.raises(d.DepartmentError) as exc:
        d.basic_spending_row({"on": "2021-05-01", "kind": "人员经费", "amount": "abc"}, 2021)
    assert exc.value.fields == {"amount": d.NOT_AMOUNT.format(field="金额", text="abc")}
    with pytest.raises(d.DepartmentError) as exc:
        d.staffing_row({"unit_name": "本级", "posts": "8", "in_post": "6", "retired": ""})
    assert exc.value.fields == {"retired": d.NO_COUNT.format(field="退休人数")}
    with pytest.raises(d.DepartmentError):
        d.staffing_row({"unit_name": "单" * 101, "posts": "8", "in_post": "6", "retired": "0"})


def test_unit_execution_uses_the_projects_budgets_and_the_basic_budget_only_when_recorded():
    basic = [d.BasicSpending(date(2021, 3, 31), d.PERSONNEL, Decimal("60000")),
             d.BasicSpending(date(2021, 3, 31), d.RUNNING, Decimal("40000"))]
    without = d.unit_execution(project_budgets={"A": Decimal("200000"), "B": Decimal("24000")},
                               project_spent={"A": Decimal("180000"), "B": Decimal("24000")}, basic=basic)
    assert (without.budget, without.spent, without.rate) == (Decimal("224000"), Decimal("304000.00"), Decimal("135.71"))
    withit = d.unit_execution(project_budgets={"A": Decimal("200000"), "B": Decimal("24000")},
                              project_spent={"A": Decimal("180000"), "B": Decimal("24000")}, basic=basic,
                              basic_budget=Decimal("176000"))
    assert (withit.budget, withit.rate) == (Decimal("400000"), Decimal("76.00"))
    assert "基本支出预算数" in withit.basis
    assert d.unit_execution(project_budgets={}, project_spent={}, basic=[]).rate is None
