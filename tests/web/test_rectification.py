"""The rectification ledger (整改台账): a problem found on a page or typed from an audit, followed from
未整改 through 整改中 to 已整改 with measures, evidence and history; refused moves change nothing."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jixiao.evaluation import rectification as rules
from jixiao.web.history.models import Entry
from jixiao.web.rectification import errors as e
from jixiao.web.rectification import services
from jixiao.web.rectification.models import Rectification

from .conftest import approve, login


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _by_hand(plan, users, **fields):
    return services.rectification_create(
        unit=plan.unit, year=plan.year, source_kind="audit", user=users["editor"],
        fields={"found_where": "2021年度县审计局审计", "problem": "困难职工救助发放台账缺少签字", **fields})


def _history(item):
    return list(Entry.objects.filter(object_type="rectification", object_id=item.pk).values_list("action", flat=True))


def test_an_item_goes_from_found_to_closed_with_evidence_and_history(client, plan, users):
    item = _by_hand(plan, users, responsible="张会计", deadline=date(2021, 9, 30))
    assert item.status == rules.OPEN
    c = login(client, users["editor"])
    page = c.get(reverse("rectification:item", args=[item.pk]))
    assert page.status_code == 200 and "未整改" in page.content.decode()
    assert c.post(reverse("rectification:item_move", args=[item.pk]),
                  {"status": "in_progress", "version": item.version}).status_code == 302
    item.refresh_from_db()
    assert item.status == rules.IN_PROGRESS
    upload = SimpleUploadedFile("签字补全的发放台账.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    assert c.post(reverse("rectification:evidence_upload", args=[item.pk]), {"file": upload}).status_code == 302
    item.refresh_from_db()
    answer = c.post(reverse("rectification:item_move", args=[item.pk]),
                    {"status": "done", "version": item.version, "measures": "逐户补签并由审核人复核"})
    assert answer.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.measures) == (rules.DONE, "逐户补签并由审核人复核")
    assert _history(item) == ["rectification.moved", "rectification.evidence_added", "rectification.moved",
                              "rectification.created"]
    page = c.get(reverse("rectification:item", args=[item.pk])).content.decode()
    for text in ("已整改", "签字补全的发放台账.pdf", "变更整改状态", "上传整改佐证材料", "列为整改事项", "整改中 → 已整改"):
        assert text in page
    evidence = item.evidence.get()
    download = c.get(reverse("rectification:evidence_download", args=[item.pk, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 proof"


def test_closing_without_evidence_is_refused_in_chinese_and_changes_nothing(client, plan, users):
    item = _by_hand(plan, users)
    item = services.rectification_move(item=item, status=rules.IN_PROGRESS, version=item.version, user=users["editor"])
    before = (item.status, item.version, item.measures, len(_history(item)))
    answer = login(client, users["editor"]).post(reverse("rectification:item_move", args=[item.pk]), {
        "status": "done", "version": item.version, "measures": "已补签"})
    assert answer.status_code == 400 and rules.NEEDS["evidence"].format(target="已整改") in answer.content.decode()
    item.refresh_from_db()
    assert (item.status, item.version, item.measures, len(_history(item))) == before


def test_a_move_the_rules_do_not_allow_is_refused_409(client, plan, users):
    item = _by_hand(plan, users)
    answer = login(client, users["editor"]).post(reverse("rectification:item_move", args=[item.pk]), {
        "status": "done", "version": item.version, "measures": "x"})
    assert answer.status_code == 409
    assert rules.MOVE.format(current="未整改", target="已整改", allowed="整改中、无需整改") in answer.content.decode()
    item.refresh_from_db()
    assert item.status == rules.OPEN and _history(item) == ["rectification.created"]


def test_not_needed_without_a_reason_is_refused_and_with_one_is_kept(client, plan, users):
    item = _by_hand(plan, users)
    c = login(client, users["approver"])
    answer = c.post(reverse("rectification:item_move", args=[item.pk]), {"status": "not_needed", "version": item.version})
    assert answer.status_code == 400 and "改为“无需整改”须说明理由" in answer.content.decode()
    item.refresh_from_db()
    assert item.status == rules.OPEN
    c.post(reverse("rectification:item_move", args=[item.pk]),
           {"status": "not_needed", "version": item.version, "reason": "审计局复核后撤回该意见"})
    item.refresh_from_db()
    assert (item.status, item.reason) == (rules.NOT_NEEDED, "审计局复核后撤回该意见")


def test_a_stale_edit_is_refused_409_and_overwrites_nothing(client, plan, users):
    item = _by_hand(plan, users)
    shown = item.version
    services.rectification_update(item=item, fields={"responsible": "李主席"}, version=shown, user=users["approver"])
    answer = login(client, users["editor"]).post(reverse("rectification:item_edit", args=[item.pk]), {
        "problem": item.problem, "responsible": "王干事", "version": shown})
    assert answer.status_code == 409 and "已被他人修改" in answer.content.decode()
    item.refresh_from_db()
    assert item.responsible == "李主席"


def test_the_ledger_shows_overdue_items_first(client, plan, users):
    later = _by_hand(plan, users, problem="未来到期的问题", deadline=date.today() + timedelta(days=30))
    overdue = _by_hand(plan, users, problem="已逾期的问题", deadline=date.today() - timedelta(days=3))
    done_late = _by_hand(plan, users, problem="已处理的逾期问题", deadline=date.today() - timedelta(days=30))
    services.rectification_move(item=done_late, status=rules.NOT_NEEDED, version=done_late.version,
                                user=users["editor"], reason="重复登记")
    page = login(client, users["editor"]).get(reverse("rectification:ledger", args=[plan.unit_id, plan.year]))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("已逾期的问题") < text.index("未来到期的问题") < text.index("已处理的逾期问题")
    assert text.count("已逾期</span>") == 1 and "列为整改事项" in text  # the history's entries
    assert later.pk and overdue.pk


def test_another_units_editor_neither_sees_nor_changes_an_item(client, plan, users):
    item = _by_hand(plan, users)
    c = login(client, users["outsider"])
    assert c.get(reverse("rectification:item", args=[item.pk])).status_code == 404
    assert c.get(reverse("rectification:ledger", args=[plan.unit_id, plan.year])).status_code == 404
    assert c.post(reverse("rectification:item_move", args=[item.pk]),
                  {"status": "in_progress", "version": item.version}).status_code == 404
    assert c.post(reverse("rectification:ledger_add", args=[plan.unit_id, plan.year]),
                  {"source_kind": "audit", "problem": "x"}).status_code == 404
    item.refresh_from_db()
    assert item.status == rules.OPEN and Rectification.objects.count() == 1


def test_finance_sees_and_lists_but_does_not_close_the_units_items(client, plan, users):
    item = _by_hand(plan, users)
    c = login(client, users["finance"])
    assert c.get(reverse("rectification:ledger", args=[plan.unit_id, plan.year])).status_code == 200
    answer = c.post(reverse("rectification:ledger_add", args=[plan.unit_id, plan.year]), {
        "source_kind": "finance_inspection", "problem": "专项资金未按计划拨付", "found_where": "2021年财政检查"})
    assert answer.status_code == 302
    assert c.post(reverse("rectification:item_move", args=[item.pk]),
                  {"status": "in_progress", "version": item.version}).status_code == 403
    relief = login(client, users["relief"])
    assert relief.get(reverse("rectification:item", args=[item.pk])).status_code == 200
    assert relief.post(reverse("rectification:item_move", args=[item.pk]),
                       {"status": "in_progress", "version": item.version}).status_code == 403
    item.refresh_from_db()
    assert item.status == rules.OPEN and Rectification.objects.count() == 2


def test_the_same_finding_twice_is_refused_409_and_nothing_is_made(client, plan, users):
    approve(plan, users)
    indicator = plan.projects.first().indicators.first()
    post = {"plan": plan.pk, "source_kind": "monitoring", "finding_key": f"monitoring:indicator:{indicator.pk}",
            "found_where": "2021-07-31运行监控", "problem": f"指标“{indicator.name}”红色预警", "indicator": indicator.pk}
    c = login(client, users["editor"])
    first = c.post(reverse("rectification:from_finding"), post)
    assert first.status_code == 302
    item = Rectification.objects.get()
    assert (item.indicator, item.project, item.plan, item.source_kind) == (indicator, indicator.project, plan, "monitoring")
    second = c.post(reverse("rectification:from_finding"), post)
    assert second.status_code == 409 and "已列入整改台账" in second.content.decode()
    assert Rectification.objects.count() == 1 and _history(item) == ["rectification.created"]


def test_a_wrong_value_is_refused_in_chinese(client, plan, users):
    c = login(client, users["editor"])
    url = reverse("rectification:ledger_add", args=[plan.unit_id, plan.year])
    answer = c.post(url, {"source_kind": "audit", "problem": "x", "deadline": "明年"})
    assert answer.status_code == 400 and "日期无法识别" in answer.content.decode()
    answer = c.post(url, {"source_kind": "press", "problem": "x"})
    assert answer.status_code == 400 and "问题来源" in answer.content.decode()
    assert c.get(reverse("rectification:ledger", args=[plan.unit_id, 1899])).status_code == 400
    assert Rectification.objects.count() == 0
    assert e.ALREADY  # the constants tests import


def _forms(html: str) -> list[dict]:
    """The 列为整改事项 forms of a page, as the fields they post."""
    import re
    found = []
    for form in re.findall(r'<form class="inline" method="post" action="/rectifications/from-finding/">(.*?)</form>',
                           html, re.S):
        found.append(dict(re.findall(r'name="(\w+)" value="([^"]*)"', form)))
    return found


def _unescape(fields: dict) -> dict:
    import html
    return {k: html.unescape(v) for k, v in fields.items() if k != "csrfmiddlewaretoken"}


def test_monitoring_red_rows_carry_a_button_that_lists_them_once(client, plan, users):
    approve(plan, users)
    c = login(client, users["editor"])
    page = c.get(reverse("evaluation:monitoring", args=[plan.pk]) + f"?as_of={plan.year}-07-31").content.decode()
    forms = [f for f in _forms(page) if f["finding_key"].startswith("monitoring:project:")]
    assert forms, "no button on a red or yellow monitoring row"
    fields = _unescape(forms[0])
    assert fields["source_kind"] == "monitoring" and "预警" in fields["problem"]
    assert "截至2021-07-31运行监控" in fields["found_where"]
    assert c.post(reverse("rectification:from_finding"), fields).status_code == 302
    item = Rectification.objects.get()
    assert item.project_id == int(fields["project"]) and item.year == plan.year
    page = c.get(reverse("evaluation:monitoring", args=[plan.pk]) + f"?as_of={plan.year}-07-31").content.decode()
    assert "已列入整改台账" in page and fields["finding_key"] not in [f["finding_key"] for f in _forms(page)]
    assert c.post(reverse("rectification:from_finding"), fields).status_code == 409
    assert Rectification.objects.count() == 1


def test_review_findings_and_self_evaluation_shortfalls_carry_buttons(client, plan, users):
    c = login(client, users["editor"])
    page = c.get(reverse("goals:plan_detail", args=[plan.pk])).content.decode()
    review = [_unescape(f) for f in _forms(page) if f["source_kind"] == "review"]
    assert review and all(f["problem"] and f["found_where"].startswith("2021年绩效目标审核") for f in review)
    assert c.post(reverse("rectification:from_finding"), review[0]).status_code == 302
    approve(plan, users)
    page = c.get(reverse("evaluation:self_evaluation", args=[plan.pk])).content.decode()
    shortfalls = [_unescape(f) for f in _forms(page) if f["source_kind"] == "self_evaluation"]
    assert any(f["finding_key"].startswith("self_evaluation:indicator:") and "得分" in f["problem"] for f in shortfalls)
    indicator = next(f for f in shortfalls if f["indicator"])
    assert c.post(reverse("rectification:from_finding"), indicator).status_code == 302
    assert Rectification.objects.filter(source_kind="self_evaluation", indicator_id=int(indicator["indicator"])).exists()
    assert "未完成的整改事项" in c.get(reverse("evaluation:self_evaluation", args=[plan.pk])).content.decode()


def test_a_reader_without_the_right_sees_no_buttons(client, plan, users):
    page = login(client, users["relief"]).get(reverse("goals:plan_detail", args=[plan.pk])).content.decode()
    assert _forms(page) == [] and "未完成的整改事项" in page


def test_the_next_years_plan_shows_last_years_open_items(client, plan, users):
    from jixiao.web.goals import services as goals
    approve(plan, users)
    open_item = _by_hand(plan, users, problem="发放台账缺少签字")
    closed = _by_hand(plan, users, problem="已撤回的意见")
    services.rectification_move(item=closed, status=rules.NOT_NEEDED, version=closed.version, user=users["editor"],
                                reason="审计局撤回")
    later = goals.plan_copy_next_year(plan=plan, user=users["editor"])
    page = login(client, users["finance"]).get(reverse("goals:plan_detail", args=[later.pk])).content.decode()
    assert "发放台账缺少签字" in page and "已撤回的意见" not in page
    assert reverse("rectification:item", args=[open_item.pk]) in page
    assert reverse("rectification:ledger", args=[plan.unit_id, later.year]) in page


def _bearer(user):
    from django.test import Client

    from jixiao.web.accounts.models import Token
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def test_the_api_lists_creates_edits_moves_and_proves_items(plan, users):
    api = _bearer(users["editor"])
    made = api.post("/api/rectifications", {"unit": "711001", "year": 2021, "source_kind": "finance_inspection",
                                            "problem": "专项资金拨付滞后", "deadline": "2021-01-31",
                                            "finding_key": "inspection:2021:1"}, content_type="application/json")
    assert made.status_code == 200, made.content
    item = made.json()
    assert (item["status"], item["status_label"], item["overdue"], item["found_where"]) == ("open", "未整改", True, "财政检查")
    again = api.post("/api/rectifications", {"unit": "711001", "year": 2021, "source_kind": "audit", "problem": "再次",
                                             "finding_key": "inspection:2021:1"}, content_type="application/json")
    assert again.status_code == 409 and "已列入整改台账" in again.json()["message"]
    _by_hand(plan, users, problem="期限未到的问题", deadline=date.today() + timedelta(days=9))
    listed = api.get("/api/rectifications?unit=711001&year=2021").json()
    assert [r["problem"] for r in listed] == ["专项资金拨付滞后", "期限未到的问题"]
    url = f"/api/rectifications/{item['id']}"
    stale = api.patch(url, {"responsible": "李会计", "version": item["version"] + 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    item = api.patch(url, {"responsible": "李会计", "version": item["version"]}, content_type="application/json").json()
    refused = api.post(f"{url}/status", {"status": "done", "version": item["version"]}, content_type="application/json")
    assert refused.status_code == 409 and "不能改为“已整改”" in refused.json()["message"]
    item = api.post(f"{url}/status", {"status": "in_progress", "version": item["version"]},
                    content_type="application/json").json()
    no_proof = api.post(f"{url}/status", {"status": "done", "version": item["version"], "measures": "已拨付"},
                        content_type="application/json")
    assert no_proof.status_code == 400 and no_proof.json()["fields"] == {"evidence": "改为“已整改”须上传至少一份佐证材料"}
    item = api.post(f"{url}/evidence", {"file": SimpleUploadedFile("拨付凭证.pdf", b"%PDF-1.4")}).json()
    assert [f["name"] for f in item["evidence"]] == ["拨付凭证.pdf"]
    item = api.post(f"{url}/status", {"status": "done", "version": item["version"], "measures": "已拨付"},
                    content_type="application/json").json()
    assert (item["status"], item["overdue"], item["measures"]) == ("done", False, "已拨付")
    outsider = _bearer(users["outsider"])
    assert outsider.get(url).status_code == 404
    assert outsider.get("/api/rectifications?unit=711001&year=2021").status_code == 404
    assert outsider.post(f"{url}/status", {"status": "in_progress", "version": item["version"]},
                         content_type="application/json").status_code == 404


def test_the_command_line_lists_the_ledger_as_json(plan, users):
    import json

    from typer.testing import CliRunner

    from jixiao.cli import app
    late = _by_hand(plan, users, problem="已逾期的问题", deadline=date.today() - timedelta(days=1))
    _by_hand(plan, users, problem="没有期限的问题")
    result = CliRunner().invoke(app, ["rectifications", "--unit", "711001", "--year", "2021", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(r["id"], r["overdue"], r["status_label"]) for r in data][0] == (late.pk, True, "未整改")
    assert [r["problem"] for r in data] == ["已逾期的问题", "没有期限的问题"]
    text = CliRunner().invoke(app, ["rectifications", "--unit", "711001", "--year", "2021"])
    assert f"{late.pk}．未整改，已逾期" in text.stdout and "没有期限的问题" in text.stdout
    missing = CliRunner().invoke(app, ["rectifications", "--unit", "999999", "--year", "2021"])
    assert missing.exit_code == 2 and "没有单位“999999”" in missing.output


@pytest.mark.django_db(transaction=True)
def test_a_browser_lists_a_monitoring_row_proves_and_closes_it_on_a_live_server(live_server, users, settings, tmp_path):
    import re

    from jixiao.formats.reader import read_path
    from jixiao.web.goals import services as goals

    from .conftest import SEED
    from .test_api_live import browser_login
    settings.MEDIA_ROOT = tmp_path / "media"
    document, _ = read_path(SEED)
    plan = approve(goals.plan_import(document=document, user=users["editor"]), users)
    browser = browser_login(live_server.url, "editor")
    try:
        page = browser.get(f"{live_server.url}/evaluation/{plan.pk}/monitoring/?as_of=2021-07-31", timeout=60).text
        fields = next(f for f in _forms(page) if f["finding_key"].startswith("monitoring:project:"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        refused = browser.post(f"{live_server.url}/rectifications/from-finding/", data=_unescape(fields), timeout=60)
        assert refused.status_code == 403 and Rectification.objects.count() == 0  # no CSRF token: nothing made
        made = browser.post(f"{live_server.url}/rectifications/from-finding/", timeout=60,
                            data={**_unescape(fields), "csrfmiddlewaretoken": token})
        assert made.status_code == 200 and "已列为整改事项" in made.text
        item = Rectification.objects.get()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', made.text).group(1)
        base = f"{live_server.url}/rectifications/item/{item.pk}"
        browser.post(f"{base}/move/", data={"status": "in_progress", "version": item.version,
                                            "csrfmiddlewaretoken": token}, timeout=60)
        item.refresh_from_db()
        uploaded = browser.post(f"{base}/evidence/", data={"csrfmiddlewaretoken": token}, timeout=60,
                                files={"file": ("整改报告.pdf", b"%PDF-1.4 report", "application/pdf")})
        assert uploaded.status_code == 200 and "整改报告.pdf" in uploaded.text
        item.refresh_from_db()
        closed = browser.post(f"{base}/move/", timeout=60, data={
            "status": "done", "version": item.version, "measures": "调整支出进度，9月底前拨付", "csrfmiddlewaretoken": token})
        assert closed.status_code == 200 and "整改状态已改为“已整改”" in closed.text
        item.refresh_from_db()
        assert item.status == rules.DONE and item.evidence.count() == 1
        assert _history(item) == ["rectification.moved", "rectification.evidence_added", "rectification.moved",
                                  "rectification.created"]
        api = browser.get(f"{live_server.url}/api/rectifications?unit=711001&year=2021", timeout=60).json()
        assert [(r["id"], r["status"]) for r in api] == [(item.pk, "done")]
    finally:
        browser.close()


def test_each_mistake_is_refused_in_chinese_and_changes_nothing(client, plan, users):
    item = _by_hand(plan, users)
    c = login(client, users["editor"])
    answer = c.post(reverse("rectification:evidence_upload", args=[item.pk]), {})
    assert answer.status_code == 400 and e.NO_FILE in answer.content.decode()
    answer = c.post(reverse("rectification:item_edit", args=[item.pk]), {"problem": "改过的问题"})
    assert answer.status_code == 400 and e.NO_VERSION in answer.content.decode()
    answer = c.post(reverse("rectification:item_edit", args=[item.pk]), {"problem": "x" * 2001, "version": item.version})
    assert answer.status_code == 400 and "问题" in answer.content.decode()

    class Huge:
        name, size = "扫描件.pdf", services.EVIDENCE_LIMIT + 1
    with pytest.raises(rules.RectificationError) as caught:
        services.rectification_evidence_add(item=item, file=Huge(), user=users["editor"])
    assert caught.value.message == e.EVIDENCE_TOO_LARGE
    with pytest.raises(rules.RectificationError) as caught:
        services.rectification_update(item=item, fields={"deadline": date(1999, 12, 31)}, version=item.version,
                                      user=users["editor"])
    assert caught.value.message == e.DEADLINE_BEFORE_YEAR.format(deadline=date(1999, 12, 31), year=item.year)
    with pytest.raises(rules.RectificationError) as caught:
        services.rectification_create(unit=plan.unit, year=2022, source_kind="review", plan=plan, user=users["editor"],
                                      fields={"problem": "x"})
    assert caught.value.message == e.FOREIGN.format(what="绩效目标", unit="昌黎县总工会本级", year=2022)
    approve(plan, users)
    other = plan.projects.last().indicators.first()
    answer = c.post(reverse("rectification:from_finding"), {
        "plan": plan.pk, "source_kind": "monitoring", "problem": "x", "project": plan.projects.first().pk,
        "indicator": other.pk, "finding_key": "k"})
    assert answer.status_code == 400 and e.FOREIGN.format(what="指标", unit="昌黎县总工会本级", year=2021) in answer.content.decode()
    item.refresh_from_db()
    assert (item.problem, item.version, item.deadline, item.evidence.count()) == ("困难职工救助发放台账缺少签字", 0, None, 0)
    assert Rectification.objects.count() == 1 and _history(item) == ["rectification.created"]
