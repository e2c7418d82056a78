"""`jixiao demo` tells the year's story to its end (issue 14 §7): the union relieves 400 or more distinct
workers at 500元 or more each across its projects; two rectification items of 2021, one the
self-evaluation found and closed with its evidence and history, one a finance inspection found and still
open; the 2022 draft (made by the next-year copy) carries the staffing and the basic budget and shows the
open item. Loaded twice, the demo changes nothing the second time."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from jixiao.evaluation import rectification as rules
from jixiao.web.department.models import BasicBudget, BasicSpending, Staffing
from jixiao.web.goals.models import Plan
from jixiao.web.history.models import Entry
from jixiao.web.rectification.demo import EVIDENCE_NAME
from jixiao.web.rectification.models import Rectification
from jixiao.web.relief.models import Payment

from .conftest import SEED


@pytest.fixture
def demo(db, settings, tmp_path):
    from jixiao.web.demo import load_demo

    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_demo(SEED)
    return Plan.objects.get(year=2021), Plan.objects.get(year=2022)


def _counting_payments(plan: Plan) -> dict[str, Decimal]:
    """Each person's money paid in the plan's projects (payments not reversed nor reversing)."""
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for p in Payment.objects.filter(entry__round__project__plan=plan, reverses__isnull=True,
                                    reversed_by__isnull=True).select_related("entry"):
        paid[p.entry.id_number] += p.amount
    return paid


def test_the_union_relieves_400_or_more_distinct_workers_at_500_yuan_or_more(demo):
    last, _ = demo
    paid = _counting_payments(last)
    assert len(paid) == 406 >= 400
    assert min(paid.values()) >= Decimal(500)
    by_project = defaultdict(set)
    for p in Payment.objects.filter(entry__round__project__plan=last).select_related("entry__round__project"):
        by_project[p.entry.round.project.code[-5:]].add(p.entry.id_number)
    assert len(by_project["BWWCQ"]) == 394 and len(by_project["EVGFV"]) == 12
    assert not by_project["BWWCQ"] & by_project["EVGFV"]  # the special fund's 12 are newly found


def test_two_rectification_items_one_closed_with_evidence_one_open(demo, client):
    last, _ = demo
    done, open_ = (Rectification.objects.get(unit=last.unit, year=2021, status=s) for s in (rules.DONE, rules.IN_PROGRESS))
    assert Rectification.objects.filter(year=2021).count() == 2
    assert done.source_kind == rules.SELF_EVALUATION and done.indicator.name == "困难帮扶人数"
    assert done.finding_key == f"self_evaluation:indicator:{done.indicator.pk}"
    assert "394人" in done.problem and done.measures and done.responsible
    assert [e.name for e in done.evidence.all()] == [EVIDENCE_NAME]
    assert list(Entry.objects.filter(object_type="rectification", object_id=done.pk).order_by("id").values_list(
        "action", flat=True)) == ["rectification.created", "rectification.changed", "rectification.moved",
                                  "rectification.evidence_added", "rectification.moved"]
    assert open_.source_kind == rules.FINANCE_INSPECTION and open_.created_by.username == "finance"
    assert "差旅费" in open_.problem and open_.deadline.isoformat() == "2022-06-30"
    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)
    item = client.get(f"/rectifications/item/{done.pk}/").content.decode()
    assert "已整改" in item and EVIDENCE_NAME in item and "上传整改佐证材料" in item
    evidence = client.get(f"/rectifications/item/{done.pk}/evidence/{done.evidence.get().pk}/")
    assert evidence.status_code == 200 and "406人".encode() in b"".join(evidence.streaming_content)
    # The self-evaluation's finding shows the item made of it, not a second button.
    page = client.get(f"/evaluation/{last.pk}/self-evaluation/")
    assert page.status_code == 200 and f"/rectifications/item/{done.pk}/" in page.content.decode()
    ledger = client.get(f"/rectifications/{last.unit.pk}/2021/").content.decode()
    assert "差旅费" in ledger and "困难帮扶人数" in ledger


def test_the_2022_draft_carries_the_records_and_shows_the_open_item(demo, client):
    last, draft = demo
    assert draft.state == Plan.DRAFT
    assert Staffing.objects.filter(unit=draft.unit, year=2022).count() == 2
    assert BasicBudget.objects.get(unit=draft.unit, year=2022).amount == BasicBudget.objects.get(year=2021).amount
    assert not BasicSpending.objects.filter(year=2022).exists()
    note = Entry.objects.get(action="plan.copied", object_id=draft.pk).note
    assert "2条编制记录、基本支出预算" in note
    client.force_login(get_user_model().objects.get(username="finance"))
    page = client.get(f"/goals/{draft.pk}/").content.decode()
    assert "未完成的整改事项" in page and "差旅费" in page
    assert "2021年：" in page  # the open item of last year, named by its year
    closed = Rectification.objects.get(status=rules.DONE)
    assert f"/rectifications/item/{closed.pk}/" not in page  # closed: not among the open ones


def test_the_demo_loaded_twice_changes_nothing_the_second_time(demo):
    from jixiao.web.demo import load_demo

    counts = (Rectification.objects.count(), Plan.objects.count(), Staffing.objects.count(), Payment.objects.count())
    _, notes = load_demo(SEED)
    assert any("已存在，未重复导入" in n for n in notes)
    assert (Rectification.objects.count(), Plan.objects.count(), Staffing.objects.count(),
            Payment.objects.count()) == counts


def test_the_2022_unit_wide_goals_show_2021s_target_and_actual_from_records(demo, client):
    """历史标准 for the unit-wide indicators too (issue 14 §5): last year's target and actual beside this year's."""
    from jixiao.web.department.goal_selectors import unit_last_year
    from jixiao.web.department.selectors import unit_actuals

    last, draft = demo
    before = {(r.goal, r.indicator.name): r for r in unit_actuals(plan=last) if not r.indicator.proposed and r.text}
    assert before, "the demo's 2021 unit-wide indicators compute from records"
    shown = unit_last_year(plan=draft)
    (goal, name), row = next(iter(before.items()))
    copied = next(i for i in draft.unit_indicators.all() if i.name == name and i.pk in shown)
    assert (shown[copied.pk].year, shown[copied.pk].target, shown[copied.pk].actual) == (
        2021, row.indicator.target_raw, row.text)
    client.force_login(get_user_model().objects.get(username="editor"))
    page = client.get(f"/department/{draft.unit_id}/2022/goals/").content.decode()
    assert f"2021年：指标值{row.indicator.target_raw}，完成值{row.text}" in page


def test_the_2022_review_warns_where_a_unit_wide_target_is_below_2021s_actual(demo):
    from jixiao.web.department.goal_selectors import unit_wide_findings

    _, draft = demo
    found = [f for f in unit_wide_findings(plan=draft) if "history-below-last-actual" in str(f)]
    assert found and "2021年实际完成值" in str(found[0])
