"""The published tables for anyone (issue 14 §6): the public page of a published plan offers its 目标表
and, once the unit has published its results, its 自评表, as .pdf and .xlsx, made from what was published
(frozen then), with no login, no personal data, the right Content-Type and a Chinese file name."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from decimal import Decimal
from urllib.parse import quote, unquote

import pytest
import requests
from django.test import Client
from openpyxl import load_workbook

from jixiao.web.downloads import CONTENT_TYPES
from jixiao.web.evaluation import services as evaluation
from jixiao.web.goals import errors as goal_errors
from jixiao.web.goals import services as goals
from jixiao.web.goals.models import Indicator, Plan
from jixiao.web.public.errors import RESULTS_NOT_PUBLISHED_MESSAGE
from jixiao.web.public.models import PublishedPlan

from .conftest import SEED, approve

P1, P2 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098"
PUBLIC = "/public/711001/2021/"
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")  # a 居民身份证号码


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, check=True, capture_output=True).stdout.decode()


def cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [(sheet.title, [[c.value for c in row] for row in sheet.iter_rows()]) for sheet in book]


def cell_text(data: bytes) -> str:
    return "\n".join(str(v) for _, rows in cells(data) for row in rows for v in row if v is not None)


def page_body(visitor) -> str:
    html = visitor.get(PUBLIC).content.decode()
    return html[html.index("<h1>"):]


def file_name(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=UTF-8''"), disposition
    return unquote(disposition.split("''", 1)[1])


@pytest.fixture
def demo(db):
    from jixiao.web.demo import load_demo

    load_demo(SEED)
    return Plan.objects.get(year=2021)


def test_the_public_page_links_the_published_tables_and_anyone_downloads_them(demo):
    visitor = Client()
    page = visitor.get(PUBLIC).content.decode()
    for table in ("goals", "self-evaluation"):
        for fmt in ("pdf", "xlsx"):
            assert f'href="{PUBLIC}{table}.{fmt}"' in page
    names = {}
    for table in ("goals", "self-evaluation"):
        for fmt in ("pdf", "xlsx"):
            response = visitor.get(f"{PUBLIC}{table}.{fmt}")
            assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPES[fmt]
            names[table, fmt] = file_name(response)
            text = pdf_text(response.content) if fmt == "pdf" else cell_text(response.content)
            assert "职工困难帮扶防贫资金" in text and not ID_NUMBER.search(text)
            assert not ID_NUMBER.search(response.content.decode("latin-1"))  # nor anywhere in the file's bytes
            if table == "goals":
                assert ("困难帮扶人数" in text and "指标值确定依据" in text) if fmt == "xlsx" else \
                    "预算项目绩效目标" in text and "填表人：" in text
            else:
                assert "项目支出绩效自评表（2021年度）" in text and "自评等级" in text
    unit = demo.unit.name
    assert names == {("goals", "pdf"): f"{unit}2021年绩效目标表.pdf", ("goals", "xlsx"): f"{unit}2021年绩效目标表.xlsx",
                     ("self-evaluation", "pdf"): f"{unit}2021年绩效自评表.pdf",
                     ("self-evaluation", "xlsx"): f"{unit}2021年绩效自评表.xlsx"}
    assert quote(unit) in visitor.get(f"{PUBLIC}goals.pdf")["Content-Disposition"]  # RFC 5987, percent-encoded


def test_a_change_after_publication_does_not_change_the_public_tables(demo, users_of_demo):
    visitor = Client()
    before = {(t, f): visitor.get(f"{PUBLIC}{t}.{f}").content for t in ("goals", "self-evaluation") for f in ("pdf", "xlsx")}
    before_page = page_body(visitor)
    editor, finance = users_of_demo["editor"], users_of_demo["finance"]
    # A target adjusted and approved after publication, and a spending record added, change the live plan …
    indicator = Indicator.objects.get(project__plan=demo, project__code=P1, name="困难帮扶人数")
    was = indicator.target_raw
    adjustment = goals.adjustment_request(indicator=indicator, revised="≥450人", reason="增加帮扶对象", user=editor)
    goals.adjustment_decide(adjustment=adjustment, approve=True, comment="", user=finance)
    evaluation.spending_create(project=demo.projects.get(code=P2), date=date(2021, 12, 20), amount=Decimal("500.00"),
                               note="劳模体检补检", user=editor)
    indicator.refresh_from_db()
    assert indicator.target_raw == "≥450人" != was
    unit_table = Client()
    unit_table.force_login(editor)
    assert "≥450人" in cell_text(unit_table.get(f"/goals/{demo.pk}/download.xlsx").content)
    # … but not what was published.
    after = {(t, f): visitor.get(f"{PUBLIC}{t}.{f}").content for t in ("goals", "self-evaluation") for f in ("pdf", "xlsx")}
    for key, data in before.items():
        if key[1] == "pdf":
            assert pdf_text(after[key]) == pdf_text(data), key
        else:
            assert cells(after[key]) == cells(data), key
    assert "≥450人" not in cell_text(after["goals", "xlsx"]) and was in cell_text(after["goals", "xlsx"])
    # the page shows the goals as published too, and says (never silently) that an adjustment awaits its 更正
    pending = re.compile(r'<p id="goals-pending" class="notice">公开后有经批准的目标调整，单位尚未发布更正；[^<]*</p>')
    assert "≥450人" not in page_body(visitor) and pending.search(page_body(visitor))
    assert pending.sub("", page_body(visitor)) == before_page
    api = visitor.get("/api/public/plans/711001/2021").json()["document"]  # and so does the API
    targets = {i["name"]: i["target"]["raw"] for p in api["projects"] if p["code"] == P1 for i in p["indicators"]}
    assert targets["困难帮扶人数"] == was
    assert PublishedPlan.objects.filter(plan=demo).count() == 1


@pytest.fixture
def users_of_demo(demo, django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


def test_an_unpublished_plan_or_results_answer_404_in_chinese(plan, users):
    visitor = Client()
    draft = visitor.get(f"{PUBLIC}goals.pdf")
    assert draft.status_code == 404 and goal_errors.MISSING_PUBLIC_PLAN_MESSAGE in draft.content.decode()
    approve(plan, users)
    assert visitor.get(f"{PUBLIC}goals.xlsx").status_code == 404  # approved is not published
    goals.plan_publish(plan=plan, user=users["approver"])
    assert visitor.get(f"{PUBLIC}goals.xlsx").status_code == 200
    page = visitor.get(PUBLIC).content.decode()
    assert "goals.pdf" in page and "self-evaluation.pdf" not in page
    results = visitor.get(f"{PUBLIC}self-evaluation.pdf")
    assert results.status_code == 404
    assert RESULTS_NOT_PUBLISHED_MESSAGE.format(plan="昌黎县总工会本级2021年") in results.content.decode()
    word = visitor.get(f"{PUBLIC}goals.docx")
    assert word.status_code == 404 and "不支持下载为“docx”，可用：pdf、xlsx" in word.content.decode()
    other = visitor.get(f"{PUBLIC}monitoring.pdf")
    assert other.status_code == 404 and "没有“monitoring”这张表，可用：goals、self-evaluation" in other.content.decode()
    assert visitor.post(f"{PUBLIC}goals.pdf").status_code == 405


def test_a_plan_published_before_snapshots_is_frozen_at_its_first_public_reading(plan, users):
    approve(plan, users)
    goals.plan_publish(plan=plan, user=users["approver"])
    PublishedPlan.objects.all().delete()  # as for a plan published before publications were kept
    first = Client().get(f"{PUBLIC}goals.xlsx")
    assert first.status_code == 200 and PublishedPlan.objects.filter(plan=plan).count() == 1
    assert cells(Client().get(f"{PUBLIC}goals.xlsx").content) == cells(first.content)
    assert PublishedPlan.objects.filter(plan=plan).count() == 1


@pytest.mark.django_db(transaction=True)
def test_live_server_anonymous_downloads(live_server, users, plan):
    approve(plan, users)
    goals.plan_publish(plan=plan, user=users["approver"])
    persons = Indicator.objects.get(project__plan=plan, project__code=P1, name="困难帮扶人数")
    evaluation.value_save(indicator=persons, fields={"actual": "406人"}, user=users["editor"])
    evaluation.self_evaluation_publish(plan=plan, user=users["approver"])
    session = requests.Session()  # no login
    page = session.get(f"{live_server.url}{PUBLIC}", timeout=60)
    assert page.status_code == 200
    links = re.findall(r'href="(/public/711001/2021/[a-z-]+\.(?:pdf|xlsx))"', page.text)
    assert sorted(links) == sorted(f"{PUBLIC}{t}.{f}" for t in ("goals", "self-evaluation") for f in ("pdf", "xlsx"))
    for link in links:
        response = session.get(f"{live_server.url}{link}", timeout=120)
        assert response.status_code == 200 and response.headers["Content-Type"] == CONTENT_TYPES[link.rsplit(".")[-1]]
        assert "filename*=UTF-8''" + quote("昌黎县总工会本级2021年") in response.headers["Content-Disposition"]
        if link.endswith(".pdf"):
            text = pdf_text(response.content)
            assert "职工困难帮扶防贫资金" in text and "劳模体检费" in text
            if "self-evaluation" in link:
                assert "406人" in text and "总分" in text
    missing = session.get(f"{live_server.url}/public/711001/2020/goals.pdf", timeout=60)
    assert missing.status_code == 404 and goal_errors.MISSING_PUBLIC_PLAN_MESSAGE in missing.text
