"""Every change of every record kind is in the history and shown on a page (issue 13 §6).

One year is run through the services, so that every action of `history.services.ACTIONS` is written
at least once: goals and their workflow, adjustments, spending and values (typed, imported from a
CSV file, from the records), evidence, the register, rounds, payments, the bank's list, checks,
standards, surveys, bindings, units and users, logins and tokens. Then every entry is looked for, by
its Chinese label in a row of the 变更历史 table, on the page of the record it concerns, opened by a
role that may open it. The share of entries shown on no page (83 % before this issue) must be 0."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from jixiao.relief.synthetic import made_up_id
from jixiao.web.accounts import services as accounts
from jixiao.web.accounts import tokens
from jixiao.web.downloads import bank_list_file
from jixiao.web.evaluation import services as evaluation
from jixiao.web.goals import services as goals
from jixiao.web.goals.models import Adjustment, Indicator, Plan
from jixiao.web.goals.rulesets import plan_ruleset_change
from jixiao.web.history.models import Entry
from jixiao.web.history.services import ACTIONS, SECURITY, SECURITY_ACTIONS, log_security_event
from jixiao.web.public import services as public
from jixiao.web.relief import services as relief
from jixiao.web.relief.models import Beneficiary, ModelWorker, Payment, Round

from .conftest import PASSWORD, approve

P1, P2 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098"
STRONG = "Zh4ng-绩效-2021-Strong"
REGISTER = [["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度", "开户银行", "银行账号"]] + [
    [f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难", "农业银行", "6228480000000000001"]
    for k in range(4)]  # with accounts: the bank's 代发名单 is refused while anyone lacks one
# Actions no service writes any more: older databases may hold them, and they show where their kind shows.
RETIRED = {"plan.created"}


def _goals(plan: Plan, users) -> None:
    editor = users["editor"]
    project = plan.projects.get(code=P1)
    goals.project_update(project=project, fields={"purpose": "困难职工帮扶（修订）"}, version=project.version, user=editor)
    project.refresh_from_db()
    first = project.indicators.order_by("position").first()
    added = goals.indicator_create(project=project, fields={
        "level1": first.level1, "level2": first.level2, "name": "走访慰问户数", "description": "", "target_raw": "≥10户",
        "basis": ""}, version=project.version, user=editor)
    project.refresh_from_db()
    goals.indicator_update(indicator=added, fields={"target_raw": "≥12户"}, version=project.version, user=editor)
    project.refresh_from_db()
    goals.indicator_move(indicator=added, up=True, version=project.version, user=editor)
    project.refresh_from_db()
    goals.indicator_delete(indicator=added, version=project.version, user=editor)
    goals.plan_submit(plan=plan, user=editor, confirm_warnings=True)
    for code in ("CZ-2020-10-B80", "CZ-2020-10"):  # 更换规则集 before approval, and back
        plan = plan_ruleset_change(plan=plan, ruleset=code, reason="按省财政厅通知", version=plan.version,
                                   user=users["admin"])
    goals.plan_unit_return(plan=plan, user=users["approver"], comment="请补充依据")
    approve(plan, users)
    persons = Indicator.objects.get(project=project, name="困难帮扶人数")
    goals.adjustment_request(indicator=persons, revised="≥350人", reason="经费压减", user=editor)
    goals.adjustment_decide(adjustment=Adjustment.objects.get(indicator=persons), approve=True, comment="同意",
                            user=users["finance"])
    goals.adjustment_request(indicator=persons, revised="≥300人", reason="再压减", user=editor)
    goals.adjustment_decide(adjustment=Adjustment.objects.get(indicator=persons, state=Adjustment.PENDING),
                            approve=False, comment="不同意", user=users["finance"])
    goals.plan_publish(plan=plan, user=users["approver"])
    goals.adjustment_request(indicator=persons, revised="≥360人", reason="公开后调整", user=editor)
    goals.adjustment_decide(adjustment=Adjustment.objects.get(indicator=persons, state=Adjustment.PENDING),
                            approve=True, comment="同意", user=users["finance"])
    public.published_plan_correct(plan=plan, reason="调整获批后更正", user=users["approver"])
    goals.plan_copy_next_year(plan=plan, user=editor)


def _evaluation(plan: Plan, users) -> None:
    editor = users["editor"]
    project = plan.projects.get(code=P1)
    persons = Indicator.objects.get(project=project, name="困难帮扶人数")
    record = evaluation.spending_create(project=project, date=date(2021, 3, 15), amount=D("1234.50"), note="慰问品",
                                        user=editor)
    record = evaluation.spending_correct(record=record, date=date(2021, 3, 16), amount=D("1234.00"),
                                         note="慰问品", reason="发票金额", user=editor)
    evaluation.spending_delete(record=record, reason="重复录入", user=editor)
    evaluation.value_save(indicator=persons, fields={"actual": "380人"}, user=editor)
    evaluation.value_save(indicator=persons, fields={"evidence": ContentFile(b"%PDF-1.4 ", name="佐证.pdf")}, user=editor)
    evaluation.remark_save(project=project, reason="资金拨付晚", measure="加快拨付", user=editor)
    evaluation.records_import(plan=plan, kind="actuals", name="完成值.csv", user=editor,
                              data=f"项目编码,三级指标,完成值\n{P1},困难帮扶人数,406人\n".encode("gb18030"))
    evaluation.records_import(plan=plan, kind="spending", name="支出.csv", user=editor,
                              data=f'项目编码,日期,金额,摘要\n{P1},2021-01-28,"98,000.00",春节送温暖\n'.encode("gb18030"))
    evaluation.indicator_reason_save(indicator=persons, kind="经费", reason="资金未到位", measure="催拨", user=editor)
    evaluation.project_reason_save(project=project, kind="制度", reason="制度未健全", measure="完善制度", user=editor)
    evaluation.monitoring_report_save(plan=plan, as_of=date(2021, 7, 31), note="半年", user=editor)
    evaluation.self_evaluation_publish(plan=plan, user=users["approver"])
    evaluation.self_evaluation_correct(plan=plan, reason="核对完成值", user=users["approver"])


def _rectification(plan: Plan, users) -> None:
    from jixiao.web.rectification import services as rectification

    editor = users["editor"]
    item = rectification.rectification_create(unit=plan.unit, year=plan.year, source_kind="audit", user=editor,
                                              fields={"found_where": "县审计局审计", "problem": "发放台账缺少签字"})
    item = rectification.rectification_update(item=item, fields={"responsible": "张会计", "deadline": date(2021, 9, 30)},
                                              version=item.version, user=editor)
    item = rectification.rectification_move(item=item, status="in_progress", version=item.version, user=editor)
    rectification.rectification_evidence_add(item=item, file=ContentFile(b"%PDF-1.4 ", name="补签台账.pdf"), user=editor)
    item.refresh_from_db()
    rectification.rectification_move(item=item, status="done", version=item.version, user=users["approver"],
                                      measures="逐户补签")


def _library(plan: Plan, users) -> None:
    from jixiao.core.indicator_library import read_rows
    from jixiao.web.library import services as library

    finance = users["finance"]
    entry = library.entry_promote(indicator=Indicator.objects.get(project__plan=plan, name="劳模体检合规率"), user=finance)
    entry = library.entry_retire(entry=entry, version=entry.version, reason="合规性指标不宜作为绩效指标", user=finance)
    library.entry_restore(entry=entry, version=entry.version, user=finance)
    rows = [["一级指标", "二级指标", "三级指标", "指标值", "计量单位"], ["产出指标", "数量指标", "走访慰问户数", "≥10", "户"]]
    library.entries_import(entries=read_rows(rows, "某省指标库.csv"), file_name="某省指标库.csv", user=finance)
def _second_monitoring(plan: Plan, users) -> None:
    """二次监控: finance opens a follow-up task for a project the first round found behind; the unit records it."""
    from jixiao.web.evaluation import second_monitoring as second

    need = second.needs(plan)[0]
    project = next(p for p in plan.projects.all() if (p.code or p.name) == need.key)
    task = second.second_monitoring_open(plan=plan, project=project, as_of=date(2021, 8, 31), user=users["finance"])
    second.second_monitoring_record(task=task, forecast_rate=D("90"), forecast="", rectification_state="已催拨",
                                    version=0, user=users["editor"])


def _department(plan: Plan, users) -> None:
    from jixiao.web.department import services as department

    editor, unit = users["editor"], plan.unit
    staff = department.staffing_create(unit=unit, year=plan.year, user=editor, fields={
        "unit_name": "昌黎县总工会本级", "posts": "8", "in_post": "6", "retired": "19"})
    department.staffing_update(record=staff, fields={"posts": "9"}, version=staff.version, user=editor)
    department.records_import(unit=unit, year=plan.year, kind="staffing", name="编制.csv", user=editor,
                              rows=[["单位", "编制数", "在职人数", "退休人数"], ["昌黎县工人文化宫", "12", "10", "4"]])
    spent = department.basic_spending_create(unit=unit, year=plan.year, user=editor, fields={
        "date": "2021-01-31", "kind": "人员经费", "amount": "61,234.50"})
    department.basic_spending_update(record=spent, fields={"note": "1月工资"}, version=spent.version, user=editor)
    department.records_import(unit=unit, year=plan.year, kind="basic_spending", name="支出.csv", user=editor,
                              rows=[["日期", "类别", "金额", "摘要"], ["2021-02-28", "公用经费", "800", "办公用品"]])
    department.basic_budget_set(unit=unit, year=plan.year, amount="900,000", version=None, user=editor)
    gone = department.staffing_create(unit=unit, year=plan.year, user=editor, fields={
        "unit_name": "食堂", "posts": "1", "in_post": "1", "retired": "0"})
    department.staffing_delete(record=gone, version=gone.version, user=editor)
    wrong = department.basic_spending_create(unit=unit, year=plan.year, user=editor, fields={
        "date": "2021-03-31", "kind": "公用经费", "amount": "1"})
    department.basic_spending_delete(record=wrong, version=wrong.version, user=editor)
    _department_evaluation(plan, users)


def _department_evaluation(plan: Plan, users) -> None:
    """The 部门整体支出绩效自评: the unit's prose, its publication and a correction (the plan is approved)."""
    from jixiao.web.department import evaluation_selectors, evaluation_services

    def shown() -> str:
        rows = evaluation_selectors.evaluation_json(evaluation_selectors.department_evaluation_of(plan).evaluation)
        return evaluation_selectors.fingerprint(plan, rows)

    evaluation_services.prose_save(unit=plan.unit, year=plan.year, sections={"存在问题": "台账不全"}, version=0,
                                   user=users["editor"])
    evaluation_services.department_evaluation_publish(plan=plan, seen=shown(), user=users["approver"])
    evaluation_services.department_evaluation_correct(plan=plan, reason="补录基本支出", seen=shown(),
                                                      user=users["approver"])


def _unit_goals(plan: Plan, users) -> None:
    """The unit-wide goals of the draft: proposals confirmed, changed and deleted, one added, proposed again,
    and the projects of a 分项目标 set."""
    from jixiao.web.department import goal_services as unit_goals
    from jixiao.web.department import services as department
    from jixiao.web.department.models import UnitIndicator

    editor = users["editor"]
    persons = UnitIndicator.objects.get(plan=plan, name="救助人数")
    unit_goals.unit_indicator_confirm(indicator=persons, version=persons.version, user=editor)
    persons.refresh_from_db()  # its actual from the records: bound to a unit-wide metric
    department.unit_indicator_bind(indicator=persons, metric="unit_persons_relieved", version=persons.version, user=editor)
    running = UnitIndicator.objects.get(plan=plan, name="正常运转人数")
    unit_goals.unit_indicator_update(indicator=running, fields={"basis": "编制记录"}, version=running.version, user=editor)
    fee = UnitIndicator.objects.get(plan=plan, name="体检费用标准")
    unit_goals.unit_indicator_delete(indicator=fee, version=fee.version, user=editor)
    unit_goals.unit_indicator_create(plan=plan, goal=0, user=editor, fields={
        "level1": "产出指标", "level2": "时效指标", "name": "救助资金发放及时率", "description": "", "target_raw": "≥95%",
        "basis": ""})
    UnitIndicator.objects.filter(plan=plan, goal=1).delete()
    unit_goals.unit_goals_propose(plan=plan, user=editor)
    plan.refresh_from_db()
    unit_goals.sub_goal_projects_set(plan=plan, goal=2, projects=[P1], version=plan.version, user=editor)


def _department_pages(entry: Entry) -> list[tuple[str, str]]:
    """A 部门整体 record's year page; a unit-wide indicator's goals page, its own and its actual's."""
    from jixiao.web.department.models import UnitIndicator

    if entry.object_type != "unitindicator":
        return [(_department_page(entry), "editor")]
    indicator = UnitIndicator.objects.select_related("plan").get(pk=entry.object_id)
    return [(reverse("department:goals", args=[indicator.plan.unit_id, indicator.plan.year]), "editor"),
            (reverse("department:unit_indicator_edit", args=[indicator.pk]), "editor"),
            (reverse("department:unit_actual", args=[indicator.pk]), "editor")]


def _department_page(entry: Entry) -> str:
    from jixiao.web.department.models import BasicBudget, BasicSpending, Staffing

    model = {"staffing": Staffing, "basicspending": BasicSpending, "basicbudget": BasicBudget}[entry.object_type]
    record = model.objects.get(pk=entry.object_id)
    return reverse("department:page", args=[record.unit_id, record.year])


def _relief(plan: Plan, users) -> None:
    officer, unit = users["relief"], plan.unit
    project = plan.projects.get(code=P1)
    relief.register_import(unit=unit, rows=REGISTER, user=officer, name="档案.xlsx")
    person = relief.beneficiary_create(unit=unit, fields={"name": "张建金", "id_number": made_up_id(40),
                                                          "cause": "因病"}, user=officer)
    relief.beneficiary_update(beneficiary=person, fields={"phone": "13912345678"}, version=person.version, user=officer)
    relief.beneficiary_move(beneficiary=Beneficiary.objects.get(pk=person.pk), to="脱困", on=date(2021, 3, 1),
                            user=officer)
    relief.standard_set(unit=unit, year=2021, kind="救助", degree="", cause="", amount=D(500), user=officer)
    spring = relief.round_create(project=project, name="2021年春节送温暖", kind="救助", start=date(2021, 1, 15),
                                 end=date(2021, 2, 10), degrees=[], user=officer)
    relief.round_approve(round_=spring, user=users["approver"])
    paid = relief.payment_record(round_=spring, id_number=made_up_id(0), amount=D(500), on=date(2021, 2, 1),
                                 user=officer)
    relief.payment_reverse(payment=paid, status=Payment.RETURNED, reason="退票", user=officer)
    relief.payments_import(round_=spring, rows=[["身份证号", "金额", "日期"], [made_up_id(1), "500", "2021-02-02"]],
                           name="回盘.xlsx", user=officer)
    bank_list_file(spring, officer)
    draft = relief.round_create(project=project, name="2021年国庆救助", kind="救助", start=date(2021, 9, 20),
                                end=date(2021, 10, 10), degrees=[], user=officer)
    relief.round_delete(round_=draft, user=officer)
    relief.workers_import(unit=unit, rows=[["姓名", "身份证号", "级别", "授予年份"], ["甲", made_up_id(300), "省部级", "2015"]],
                          user=officer, name="劳模.xlsx")
    worker = ModelWorker.objects.get(unit=unit)
    relief.check_record(worker=worker, project=plan.projects.get(code=P2), year=2021, state="已检",
                        on=date(2021, 6, 1), institution="县医院", cost=D(300), reason="", user=officer)
    persons = Indicator.objects.get(project=project, name="困难帮扶人数")
    relief.binding_set(indicator=persons, metric="persons_paid", params={}, user=officer)
    relief.binding_set(indicator=persons, metric="persons_paid", params={"round": spring.name}, user=officer)
    relief.binding_set(indicator=persons, metric="", params={}, user=officer)
    survey = relief.survey_create(project=project, name="春节慰问满意度", questions=["总体"], round_=spring,
                                  on=date(2021, 2, 10), user=officer)
    relief.survey_import(survey=survey, rows=[["总体"], ["5"], ["4"]], name="回答.csv", user=officer)


def _accounts(users, client: Client) -> None:
    admin = users["admin"]
    unit = accounts.unit_create(code="711002", name="昌黎县总工会机关", acting_user=admin)
    accounts.unit_update(unit=unit, code="711002", name="昌黎县总工会机关（本级）", finance_bureau="", acting_user=admin)
    user, _ = accounts.user_create(login="wangwu", name="王五", password=STRONG, acting_user=admin)
    accounts.user_update(user=user, name="王五一", is_active=True, acting_user=admin)
    accounts.membership_set(user=user, role="单位填报", unit=unit, acting_user=admin)
    accounts.membership_remove(user=user, role="单位填报", unit=unit, acting_user=admin)
    accounts.password_reset(user=user, password=STRONG + "x", acting_user=admin)
    user.refresh_from_db()
    accounts.password_change(user=user, old_password=STRONG + "x", new_password=STRONG + "y")
    accounts.user_unlock(user=user, acting_user=admin)
    reviewer, _ = accounts.user_create(login="zhaoliu", name="赵六", password=STRONG, acting_user=admin)
    accounts.membership_set(user=reviewer, role="财政审核", acting_user=admin)
    accounts.review_area_set(user=reviewer, finance_bureau="昌黎县财政局", acting_user=admin)
    # logins, a failed login (a known and an unknown name), a logout
    client.post(reverse("login"), {"username": "wangwu", "password": "wrong-password"})
    client.post(reverse("login"), {"username": "nobody", "password": "wrong-password"})
    assert client.post(reverse("login"), {"username": "wangwu", "password": STRONG + "y"}).status_code == 302
    client.post(reverse("logout"))
    token, _ = tokens.token_issue(user=user, name="报表脚本")  # `jixiao token wangwu`
    tokens.token_revoke(which=str(token.pk), user=user)  # `jixiao token wangwu --revoke 报表脚本`
    accounts.user_deactivate(user=user, acting_user=admin)


# A record's own page: (route, whether the route takes the record's id, the role that opens it).
OWN_PAGE = {"plan": ("goals:plan_detail", True, "editor"), "project": ("goals:project_detail", True, "editor"),
            "beneficiary": ("relief:person", True, "relief"), "round": ("relief:round", True, "relief"),
            "modelworker": ("relief:workers", False, "relief"), "survey": ("relief:surveys", False, "relief"),
            "user": ("accounts:user_detail", True, "admin"), "rectification": ("rectification:item", True, "editor"),
            "libraryentry": ("library:entry_detail", True, "editor"),
            "secondmonitoring": ("evaluation:second_monitoring", True, "editor")}


def _page(entry: Entry) -> list[tuple[str, str]]:
    """The pages (url, role that opens it) where an entry must show."""
    kind, pk, action = entry.object_type, entry.object_id, entry.action
    pages = []
    if action in SECURITY_ACTIONS:
        pages.append((reverse("accounts:security_log"), "admin"))
    if kind in OWN_PAGE:
        route, by_id, role = OWN_PAGE[kind]
        pages.append((reverse(route, args=[pk] if by_id else []), role))
    elif kind == "indicator":
        pages += [(reverse("goals:indicator_edit", args=[pk]), "editor"), (reverse("relief:actual", args=[pk]), "relief")]
    elif kind == "unit" and action in ("staffing.imported", "basic_spending.imported", "staffing.deleted",
                                       "basic_spending.deleted"):  # note: "2021年：…"
        pages.append((reverse("department:page", args=[pk, int(entry.note[:4])]), "editor"))
    elif kind == "unit":
        pages.append({"register.imported": (reverse("relief:register"), "relief"),
                      "workers.imported": (reverse("relief:workers"), "relief"),
                      "standard.set": (reverse("relief:standards"), "relief")}.get(
            action, (reverse("accounts:unit_detail", args=[pk]), "admin")))
    elif kind in ("staffing", "basicspending", "basicbudget", "unitindicator"):
        pages += _department_pages(entry)
    elif kind == "departmentprose":
        from jixiao.web.department.models import DepartmentProse

        prose = DepartmentProse.objects.get(pk=pk)
        pages.append((reverse("department:evaluation", args=[prose.unit_id, prose.year]), "editor"))
    elif kind != SECURITY:
        raise AssertionError(f"no page for {kind}")
    return pages


def _deleted_shown_by(entry: Entry) -> str | None:
    """An entry about a record deleted since: the deletion is what its parent's page shows."""
    if entry.object_type == "indicator" and not Indicator.objects.filter(pk=entry.object_id).exists():
        return "indicator.deleted"
    if entry.object_type == "round" and not Round.objects.filter(pk=entry.object_id).exists():
        return "round.deleted"
    if entry.object_type == "unitindicator":
        from jixiao.web.department.models import UnitIndicator

        if not UnitIndicator.objects.filter(pk=entry.object_id).exists():
            return "unit_indicator.deleted"
    from jixiao.web.department.models import BasicSpending, Staffing

    for kind, model, action in (("staffing", Staffing, "staffing.deleted"),
                                ("basicspending", BasicSpending, "basic_spending.deleted")):
        if entry.object_type == kind and not model.objects.filter(pk=entry.object_id).exists():
            return action
    return None


def _history_rows(html: str) -> list[str]:
    """The operations named in the 变更历史 table(s) of a page."""
    return re.findall(r"<tr><td>\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}</td><td>[^<]*</td><td>([^<]+)</td>", html)


@pytest.fixture
def year(users, plan, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    _unit_goals(plan, users)  # while the plan is a draft
    _goals(plan, users)
    _evaluation(plan, users)
    _relief(plan, users)
    _rectification(plan, users)
    _library(plan, users)
    _second_monitoring(plan, users)
    _department(plan, users)
    _accounts(users, Client())
    # what `jixiao backup` records (its own test, tests/web/test_backup.py, runs the command itself)
    log_security_event("backup", label="数据库与上传文件", note=f"备份文件：{tmp_path / 'jixiao.tar.gz'}")
    return plan


def test_the_year_writes_every_action_of_the_history(year):
    written = set(Entry.objects.values_list("action", flat=True))
    assert set(ACTIONS) - written - RETIRED == set()
    assert written <= set(ACTIONS)


def test_every_history_entry_is_shown_on_a_page_the_right_role_opens(year, users):
    clients, pages = {}, {}
    for name in ("editor", "relief", "admin"):
        clients[name] = Client()
        clients[name].force_login(users[name])
    entries = list(Entry.objects.all())
    missing = []
    for entry in entries:
        label = ACTIONS[entry.action]
        deletion = _deleted_shown_by(entry)
        if deletion:
            label = ACTIONS[deletion]
            where = _page(Entry.objects.get(action=deletion))
        else:
            where = _page(entry)
        for url, role in where:
            if (url, role) not in pages:
                response = clients[role].get(url)
                assert response.status_code == 200, (url, role, response.status_code, entry.action)
                pages[(url, role)] = _history_rows(response.content.decode())
            if label not in pages[(url, role)]:
                missing.append((entry.action, entry.object_type, url))
    share = len(missing) / len(entries)
    print(f"history entries shown on no page: {len(missing)} of {len(entries)} ({share:.0%})")
    assert missing == [] and share == 0


def test_an_imported_actual_is_in_its_indicators_history_before_and_after(year, users, client):
    persons = Indicator.objects.get(project__plan=year, project__code=P1, name="困难帮扶人数")
    imported = Entry.objects.get(action="value.imported", object_type="indicator", object_id=persons.pk)
    assert imported.changes["actual"] == ["380人", "406人"] and "完成值.csv" in imported.note
    client.force_login(users["editor"])
    page = client.get(reverse("goals:indicator_edit", args=[persons.pk])).content.decode()
    assert "导入完成值" in page and "380人 → 406人" in page


def test_an_import_that_changes_nothing_adds_no_value_entry(year, users):
    editor = users["editor"]
    data = f"项目编码,三级指标,完成值\n{P1},困难帮扶人数,406人\n".encode("gb18030")
    evaluation.records_import(plan=year, kind="actuals", name="完成值.csv", user=editor, data=data)
    again = Entry.objects.filter(action="value.imported").latest("id")
    assert again.changes == {"reason": ["经费保障：资金未到位", ""], "measure": ["催拨", ""]}  # the file has none
    before = Entry.objects.filter(action="value.imported").count()
    evaluation.records_import(plan=year, kind="actuals", name="完成值.csv", user=editor, data=data)
    assert Entry.objects.filter(action="value.imported").count() == before


def test_logins_failures_tokens_and_bank_lists_are_security_events_for_the_admin_only(year, users):
    events = dict(Entry.objects.filter(action__in=SECURITY_ACTIONS).values_list("action", "note"))
    assert {"login", "login_failed", "logout", "token_issue", "token_revoke", "personal_data.exported"} <= set(events)
    failed = Entry.objects.filter(action="login_failed")
    assert {e.object_type for e in failed} == {"user", SECURITY}  # a known name on its user's page; an unknown one
    assert all("wrong-password" not in (e.note + str(e.changes)) for e in Entry.objects.all())
    exported = Entry.objects.get(action="personal_data.exported")
    assert exported.user == users["relief"] and "代发名单" in exported.note and made_up_id(0) not in exported.note
    admin, officer = Client(), Client()
    admin.force_login(users["admin"])
    officer.force_login(users["relief"])
    page = admin.get(reverse("accounts:security_log")).content.decode()
    assert "登录失败" in page and "签发API令牌" in page and "导出个人信息" in page and "登录名“nobody”" in page
    assert officer.get(reverse("accounts:security_log")).status_code == 403
    only = admin.get(reverse("accounts:security_log"), {"action": "login_failed"}).content.decode()
    assert _history_rows(only) and set(_history_rows(only)) == {"登录失败"}


def test_a_failed_login_is_recorded_with_the_name_and_address_never_the_password(users, client):
    client.post(reverse("login"), {"username": "editor", "password": "编辑的错误密码"})
    entry = Entry.objects.get(action="login_failed")
    assert (entry.object_type, entry.object_id) == ("user", users["editor"].pk)
    assert "127.0.0.1" in entry.note and "编辑的错误密码" not in entry.note + str(entry.changes)
    client.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert Entry.objects.filter(action="login", object_id=users["editor"].pk).count() == 1


def test_a_check_or_a_standard_recorded_again_says_what_it_was_and_what_it_is(year, users, client):
    officer, worker = users["relief"], ModelWorker.objects.get(unit=year.unit)
    relief.check_record(worker=worker, project=year.projects.get(code=P2), year=2021, state="已检",
                        on=date(2021, 6, 3), institution="县医院", cost=D("350.50"), reason="", user=officer)
    relief.standard_set(unit=year.unit, year=2021, kind="救助", degree="", cause="", amount=D(600), user=officer)
    client.force_login(officer)
    workers = client.get(reverse("relief:workers")).content.decode()
    assert "体检日期：2021年6月1日 → 2021年6月3日" in workers and "费用（元）：300.00 → 350.50" in workers
    standards = client.get(reverse("relief:standards")).content.decode()
    assert "救助标准：2021年救助：500元 → 2021年救助：600元" in standards


def test_a_failed_login_typed_as_an_id_number_or_a_phone_is_kept_masked(db, client):
    client.post(reverse("login"), {"username": made_up_id(7), "password": "x"})
    client.post(reverse("login"), {"username": "13912345678", "password": "x"})
    notes = [e.note + e.object_label for e in Entry.objects.filter(action="login_failed")]
    assert len(notes) == 2 and all(made_up_id(7) not in n and "13912345678" not in n for n in notes)
    assert any("139****5678" in n for n in notes)


def test_reading_the_register_in_full_through_the_api_is_a_security_event(users, plan):
    relief.register_import(unit=plan.unit, rows=REGISTER, user=users["relief"], name="档案.xlsx")
    officer, editor = Client(), Client()
    officer.force_login(users["relief"])
    editor.force_login(users["editor"])
    assert len(editor.get("/api/relief/register").json()) == 4  # masked: nothing to record
    assert not Entry.objects.filter(action="personal_data.exported").exists()
    listed = officer.get("/api/relief/register").json()
    assert made_up_id(0) in {p["id_number"] for p in listed}
    event = Entry.objects.get(action="personal_data.exported")
    assert event.user == users["relief"] and "第1页（4人" in event.note and made_up_id(0) not in event.note


def test_every_entry_of_the_year_reads_in_chinese(year):
    """Each change by the label its form or page gives it (监控日期, not as_of), each note in words."""
    from jixiao.web.history.labels import describe, note_of

    english = []
    for entry in Entry.objects.all():
        english += [(entry.action, c.label) for c in describe(entry) if re.search(r"[A-Za-z_]{2,}", c.label)]
        english += [(entry.action, note_of(entry)) for _ in [0] if re.search(r"（[a-z_]+）", note_of(entry))]
    assert english == []


def test_an_evidence_file_replaced_names_both_files_and_no_entry_is_empty(year, users, client):
    persons = Indicator.objects.get(project__plan=year, project__code=P1, name="困难帮扶人数")
    evaluation.value_save(indicator=persons, fields={"evidence": ContentFile(b"%PDF-1.4 2", name="入户调查.pdf")},
                          user=users["editor"])
    assert not [e.action for e in Entry.objects.exclude(action__in=SECURITY_ACTIONS) if not e.changes and not e.note
                and e.action not in ("round.created", "password.reset", "password.changed")]
    client.force_login(users["editor"])
    page = client.get(reverse("goals:indicator_edit", args=[persons.pk])).content.decode()
    assert "佐证材料：佐证.pdf → 入户调查.pdf" in page


def test_the_security_log_is_in_the_api_for_the_admin_only(year, users):
    from jixiao.web.accounts.errors import UNKNOWN_EVENT

    admin, officer = Client(), Client()
    admin.force_login(users["admin"])
    officer.force_login(users["relief"])
    rows = admin.get("/api/accounts/security-log", {"action": "login_failed"}).json()
    assert {r["action_name"] for r in rows} == {"登录失败"} and "登录名“nobody”" in {r["object"] for r in rows}
    assert all(r["user"] is None for r in rows)
    exported = admin.get("/api/accounts/security-log", {"action": "personal_data.exported"}).json()
    assert [(r["user"], r["object"]) for r in exported] == [("relief", "2021年春节送温暖")]
    bad = admin.get("/api/accounts/security-log", {"action": "nope"})
    assert bad.status_code == 400 and bad.json()["message"] == UNKNOWN_EVENT.format(
        action="nope", actions="、".join(SECURITY_ACTIONS))
    assert officer.get("/api/accounts/security-log").status_code == 403


def test_older_model_worker_imports_move_to_the_model_workers_page(users, plan, client):
    """Before issue 13 a 劳模名册 import was written as a register import; migration 0002 renames it."""
    from importlib import import_module

    from django.apps import apps

    Entry.objects.create(action="register.imported", object_type="unit", object_id=plan.unit.pk,
                         object_label=str(plan.unit), changes={"model_workers": ["", "48"]}, note="0行有误未导入")
    Entry.objects.create(action="register.imported", object_type="unit", object_id=plan.unit.pk,
                         object_label=str(plan.unit), changes={"rows": ["", "420"]}, note="0行有误未导入")
    import_module("jixiao.web.history.migrations.0002_workers_imported").rename(apps, None)
    imports = Entry.objects.filter(action__in=["register.imported", "workers.imported"])
    assert sorted(imports.values_list("action", flat=True)) == ["register.imported", "workers.imported"]
    client.force_login(users["relief"])
    workers = _history_rows(client.get(reverse("relief:workers")).content.decode())
    register = _history_rows(client.get(reverse("relief:register")).content.decode())
    assert (workers, register) == (["导入劳模名册"], ["导入困难职工档案"])


def test_a_long_history_offers_all_its_entries(users, plan, client):
    unit = plan.unit
    for k in range(55):
        relief.standard_set(unit=unit, year=2021, kind="救助", degree="", cause="", amount=D(500 + k), user=users["relief"])
    client.force_login(users["relief"])
    page = client.get(reverse("relief:standards")).content.decode()
    assert len(_history_rows(page)) == 50 and "?history=all" in page
    everything = client.get(reverse("relief:standards"), {"history": "all"}).content.decode()
    assert len(_history_rows(everything)) == 55 and "?history=all" not in everything
