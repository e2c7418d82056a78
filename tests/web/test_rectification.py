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
