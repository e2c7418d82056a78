"""The rectification ledger's rules (整改台账) as data: statuses, moves, what closing needs, overdue."""

from datetime import date

import pytest

from jixiao.evaluation import rectification as r


def test_the_four_statuses_are_named_in_chinese_in_ledger_order():
    assert list(r.statuses().values()) == ["未整改", "整改中", "已整改", "无需整改"]


def test_the_rules_name_their_sources():
    text = (r.files("jixiao.evaluation") / "rectification.toml").read_text("utf-8")
    assert "财预〔2020〕10号" in text.splitlines()[2] + text.splitlines()[3] + text.splitlines()[4]
    assert "[S18]" in text


def test_found_item_moves_to_in_progress_then_done_with_measures_and_evidence():
    r.check_move(r.OPEN, r.IN_PROGRESS)
    r.check_move(r.IN_PROGRESS, r.DONE, measures="补充偏差原因并调整支出进度", evidence=1)


def test_an_open_item_cannot_be_closed_without_being_worked_on():
    with pytest.raises(r.RectificationError) as caught:
        r.check_move(r.OPEN, r.DONE, measures="x", evidence=1)
    assert caught.value.message == r.MOVE.format(current="未整改", target="已整改", allowed="整改中、无需整改")
    assert caught.value.status == 409


@pytest.mark.parametrize(("measures", "evidence", "need"), [("", 1, "measures"), ("  ", 2, "measures"),
                                                             ("已整改", 0, "evidence")])
def test_done_needs_measures_and_at_least_one_evidence_file(measures, evidence, need):
    with pytest.raises(r.RectificationError) as caught:
        r.check_move(r.IN_PROGRESS, r.DONE, measures=measures, evidence=evidence)
    assert caught.value.message == r.NEEDS[need].format(target="已整改")
    assert caught.value.status == 400 and need in caught.value.fields


def test_not_needed_needs_a_reason():
    with pytest.raises(r.RectificationError) as caught:
        r.check_move(r.OPEN, r.NOT_NEEDED, reason="")
    assert caught.value.message == "改为“无需整改”须说明理由"
    r.check_move(r.OPEN, r.NOT_NEEDED, reason="审计意见已撤回")


def test_closed_items_reopen_only_to_their_working_state():
    r.check_move(r.DONE, r.IN_PROGRESS, reason="复查发现仍有2笔报销缺少签字")
    r.check_move(r.NOT_NEEDED, r.OPEN, reason="理由不成立")
    with pytest.raises(r.RectificationError):
        r.check_move(r.DONE, r.OPEN, reason="复查")


def test_reopening_a_closed_item_needs_a_reason():
    with pytest.raises(r.RectificationError) as refused:
        r.check_move(r.DONE, r.IN_PROGRESS, reason="  ")
    assert refused.value.message == r.REOPEN_NEEDS["reason"].format(current="已整改", target="整改中")
    assert r.is_reopening(r.DONE, r.IN_PROGRESS) and not r.is_reopening(r.IN_PROGRESS, r.DONE)


def test_an_unknown_status_or_source_is_refused_in_chinese():
    with pytest.raises(r.RectificationError, match="没有整改状态“closed”"):
        r.check_move(r.OPEN, "closed")
    with pytest.raises(r.RectificationError, match="没有问题来源“press”.*审计、财政检查"):
        r.check_source("press")


def test_sources_cover_review_monitoring_self_evaluation_and_by_hand():
    assert set(r.sources()) == {"review", "monitoring", "self_evaluation", "audit", "finance_inspection", "other"}
    assert r.sources()["finance_inspection"] == "财政检查"


def test_overdue_is_a_passed_deadline_of_an_item_not_closed():
    day = date(2021, 9, 30)
    assert r.is_overdue(r.OPEN, day, today=date(2021, 10, 1))
    assert r.is_overdue(r.IN_PROGRESS, day, today=date(2021, 10, 1))
    assert not r.is_overdue(r.IN_PROGRESS, day, today=day)
    assert not r.is_overdue(r.NOT_NEEDED, day, today=date(2022, 1, 1))
    assert not r.is_overdue(r.OPEN, None, today=date(2022, 1, 1))
