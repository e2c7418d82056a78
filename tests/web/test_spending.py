"""Spending records in the pages: listed, corrected and deleted with a reason, each change in the
project's history; an entry above the budget asks for a confirmation and a reason; what is above
the budget is red, flagged in the self-evaluation and on the public page (issue 11 §2)."""

import json
import re
from datetime import date
from decimal import Decimal

from jixiao.evaluation import errors as e
from jixiao.web.evaluation import services as evaluation_services
from jixiao.web.evaluation.models import IndicatorValue, SpendingRecord
from jixiao.web.goals import services as goal_services
from jixiao.web.goals.models import Indicator
from jixiao.web.history.models import Entry
from jixiao.web.relief.models import HealthCheck, ModelWorker

from .conftest import approve, login

P1 = "13032221GVUVTX63BWWCQ"  # 职工困难帮扶防贫资金, 预算20万元


def _add(client, plan, project, amount, **more):
    return client.post(f"/evaluation/{plan.pk}/spending/", {"project": project.pk, "date": "2021-01-28",
                                                            "amount": amount, "note": "春节送温暖", **more})


def _confirmed(client, plan, project, amount, reason):
    """An entry above the budget as a person makes it: the confirm page first, then 确认录入 with its token."""
    page = _add(client, plan, project, amount).content.decode()
    token = re.search(r'name="confirm_token" value="([^"]+)"', page)[1]
    return _add(client, plan, project, amount, confirm_over_budget="1", reason=reason, confirm_token=token)


def test_an_amount_with_separators_is_accepted_in_the_form(client, users, plan):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    assert _add(login(client, users["editor"]), plan, project, "98,000.00").status_code == 302
    assert SpendingRecord.objects.get().amount == Decimal("98000.00")


def test_spending_is_listed_corrected_and_deleted_with_reasons_in_the_history(client, users, plan):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    editor = login(client, users["editor"])
    _add(editor, plan, project, "98,000.00")
    record = SpendingRecord.objects.get()
    listing = editor.get(f"/evaluation/{plan.pk}/spending/records/").content.decode()
    assert "98,000.00" in listing and f"/evaluation/{plan.pk}/spending/{record.pk}/" in listing
    assert f"/evaluation/{plan.pk}/spending/records/" in editor.get(f"/evaluation/{plan.pk}/monitoring/").content.decode()

    page = f"/evaluation/{plan.pk}/spending/{record.pk}/"
    assert "更正原因" in editor.get(page).content.decode()
    no_reason = editor.post(page, {"date": "2021-01-28", "amount": "89,000.00", "note": "春节送温暖", "version": 0})
    assert no_reason.status_code == 400 and e.CORRECTION_REASON in no_reason.content.decode()
    record.refresh_from_db()
    assert record.amount == Decimal("98000.00")
    fixed = editor.post(page, {"date": "2021-01-29", "amount": "89,000.00", "note": "春节送温暖",
                               "reason": "银行回单为8.9万元，录入时看错", "version": 0})
    assert fixed.status_code == 302
    record.refresh_from_db()
    assert (record.amount, record.date) == (Decimal("89000.00"), date(2021, 1, 29))
    entry = Entry.objects.get(action="spending.corrected")
    assert (entry.object_type, entry.object_id, entry.note) == ("project", project.pk, "银行回单为8.9万元，录入时看错")
    assert entry.changes["amount"] == ["98000.00", "89000.00"]

    refused = editor.post(f"{page}delete/", {"reason": ""})
    assert refused.status_code == 400 and e.DELETION_REASON in refused.content.decode()
    assert SpendingRecord.objects.exists()
    assert editor.post(f"{page}delete/", {"reason": "与国库支付记录重复"}).status_code == 302
    assert not SpendingRecord.objects.exists()
    deleted = Entry.objects.get(action="spending.deleted")
    assert deleted.note == "与国库支付记录重复" and deleted.changes["amount"] == ["89000.00", ""]
    history = editor.get(f"/goals/projects/{project.pk}/").content.decode()
    assert "更正支出" in history and "删除支出" in history and "与国库支付记录重复" in history


def test_a_spending_of_another_plan_or_unit_cannot_be_touched(client, users, plan):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    _add(login(client, users["editor"]), plan, project, "1000")
    record = SpendingRecord.objects.get()
    outsider = login(client, users["outsider"])
    response = outsider.post(f"/evaluation/{plan.pk}/spending/{record.pk}/delete/", {"reason": "试试"})
    assert response.status_code in (403, 404) and SpendingRecord.objects.exists()
    editor = login(client, users["editor"])
    assert editor.get(f"/evaluation/{plan.pk}/spending/{record.pk + 1000}/").status_code == 404


def test_spending_posted_by_a_health_check_is_corrected_in_the_programme_not_here(client, users, plan):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    record = SpendingRecord.objects.create(project=project, date=date(2021, 6, 15), amount=Decimal(500))
    worker = ModelWorker.objects.create(unit=plan.unit, id_number="130322196505120017", name="李建国",
                                        level="市级", year_honoured=2015)
    HealthCheck.objects.create(worker=worker, project=project, year=2021, state="已检", date=date(2021, 6, 15),
                               cost=Decimal(500), spending=record)
    editor = login(client, users["editor"])
    assert "劳模“李建国”的体检记录" in editor.get(f"/evaluation/{plan.pk}/spending/records/").content.decode()
    response = editor.post(f"/evaluation/{plan.pk}/spending/{record.pk}/delete/", {"reason": "重复"})
    assert response.status_code == 409 and "请在帮扶业务中更正" in response.content.decode()
    assert SpendingRecord.objects.filter(pk=record.pk).exists()


def test_an_entry_above_the_budget_asks_for_a_confirmation_and_a_reason(client, users, plan):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    editor = login(client, users["editor"])
    _add(editor, plan, project, "97,000.00")
    asked = _add(editor, plan, project, "1,000,000.00")
    text = asked.content.decode()
    assert asked.status_code == 200 and "确认超出预算" in text
    assert "职工困难帮扶防贫资金" in text and "200,000.00" in text and "1,097,000.00" in text
    assert SpendingRecord.objects.count() == 1
    no_reason = _add(editor, plan, project, "1,000,000.00", confirm_over_budget="1", reason=" ")
    assert "请填写超出预算的原因" in no_reason.content.decode() and SpendingRecord.objects.count() == 1
    token = re.search(r'name="confirm_token" value="([^"]+)"', no_reason.content.decode())[1]
    done = _add(editor, plan, project, "1,000,000.00", confirm_over_budget="1", reason="省总工会追加专项资金，预算调整在办",
                confirm_token=token)
    assert done.status_code == 302
    # Back to the confirm page and 确认录入 again: the token is spent, nothing more is written.
    again = _add(editor, plan, project, "1,000,000.00", confirm_over_budget="1", reason="省总工会追加专项资金，预算调整在办",
                 confirm_token=token)
    assert again.status_code == 409 and e.CONFIRMED_TWICE in again.content.decode()
    assert SpendingRecord.objects.filter(amount=Decimal("1000000.00")).count() == 1
    record = SpendingRecord.objects.get(amount=Decimal("1000000.00"))
    assert record.over_budget_reason == "省总工会追加专项资金，预算调整在办"
    entry = Entry.objects.filter(action="spending.created").latest("id")
    assert entry.changes["over_budget_reason"] == ["", "省总工会追加专项资金，预算调整在办"]


def test_a_correction_that_takes_the_project_above_its_budget_asks_to_confirm(client, users, plan):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    editor = login(client, users["editor"])
    _add(editor, plan, project, "98,000.00")
    record = SpendingRecord.objects.get()
    page = f"/evaluation/{plan.pk}/spending/{record.pk}/"
    form = {"date": "2021-01-28", "amount": "980,000.00", "note": "", "reason": "按回单更正", "version": 0}
    asked = editor.post(page, form)
    assert asked.status_code == 200 and "980,000.00" in asked.content.decode() and "确认超出预算" in asked.content.decode()
    record.refresh_from_db()
    assert record.amount == Decimal("98000.00")
    assert editor.post(page, form | {"confirm_over_budget": "1"}).status_code == 302
    record.refresh_from_db()
    assert record.amount == Decimal("980000.00") and record.over_budget_reason == "按回单更正"


def _chart(text: str) -> dict:
    return json.loads(re.search(r'id="execution-data" type="application/json">(.*?)</script>', text, re.S)[1])


def test_overspending_is_red_flagged_and_drawn_above_100_percent(client, users, plan):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    editor = login(client, users["editor"])
    _add(editor, plan, project, "97,000.00")
    assert _confirmed(editor, plan, project, "1,000,000.00", "待核实").status_code == 302
    text = editor.get(f"/evaluation/{plan.pk}/monitoring/?as_of=2021-07-31").content.decode()
    assert "548.50%" in text and "红（数据有误）" in text
    assert max(v for v in _chart(text)["projects"]["职工困难帮扶防贫资金"]["spent"] if v is not None) == 548.5
    assert "max: 100," not in text  # the axis grows above 100 %
    evaluation = editor.get(f"/evaluation/{plan.pk}/self-evaluation/").content.decode()
    assert "超支：执行率超过100%" in evaluation
    goal_services.plan_publish(plan=plan, user=users["approver"])
    IndicatorValue.objects.create(indicator=Indicator.objects.get(project=project, name="困难帮扶人数"),
                                  actual="406人", value=Decimal(406), unit="人")
    publish = getattr(evaluation_services, "self_evaluation_publish", None)
    if publish is not None:  # results go public when the unit publishes its self-evaluation (issue 11 §3)
        publish(plan=plan, user=users["approver"])
    client.logout()
    public = client.get(f"/public/{plan.unit.code}/{plan.year}/").content.decode()
    assert "548.50%" in public and "超出预算，待核实" in public


def test_a_browser_asking_for_english_still_gets_chinese_messages(client, users, plan):
    """Django's own form messages ("Enter a number.") follow the browser's language unless jixiao
    offers only Chinese: a browser set to English gets them in Chinese too."""
    approve(plan, users)
    login(client, users["editor"])
    project = plan.projects.first()
    response = client.post(f"/evaluation/{plan.pk}/spending/", {"project": project.pk, "date": "2021-01-28",
                                                                 "amount": "abc"}, HTTP_ACCEPT_LANGUAGE="en-US,en")
    text = response.content.decode()
    assert response.status_code == 400 and "数字" in text and "Enter a number" not in text
    assert not SpendingRecord.objects.exists()
