"""Payments you can trust: one per round and person, a return file imported twice changes
nothing, corrections reverse and never edit, rounds approved by someone other than their
drafter, and the bank's list with accounts, a total and the approver."""

import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.test import Client
from stdnum.cn import ric

from jixiao.relief.errors import RowsError
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import SpendingRecord
from jixiao.web.goals.models import Indicator
from jixiao.web.history.models import Entry
from jixiao.web.relief import errors, selectors, services
from jixiao.web.relief.errors import ReliefError
from jixiao.web.relief.models import Beneficiary, Payment, Round, RoundEntry, Standard

from .conftest import approve, login

P1 = "13032221GVUVTX63BWWCQ"
HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度", "银行账号", "开户银行"]
NAMES = ["王建国", "李秀英", "张桂兰", "刘志强", "陈海燕", "杨玉梅", "赵立新", "黄春华", "周文军", "吴淑珍"]


def ident(k: int) -> str:
    """A real-shaped 身份证号 of 昌黎县, born 1955–1974."""
    base = f"130322{1955 + k % 20}{k % 12 + 1:02d}{k % 28 + 1:02d}{k % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")


def account(k: int) -> str:
    return f"622848{k:013d}"


@pytest.fixture
def spring(users, plan):
    """The approved seed plan, a standard of 500元, ten workers with bank accounts, and the spring round
    drawn by the relief officer and approved by the unit's 单位审核."""
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    rows = [HEADER] + [[NAMES[k], ident(k), "13800000000", "县纺织厂", "3", "20,000", "因病", "相对困难", account(k),
                        "中国农业银行昌黎县支行"] for k in range(10)]
    assert services.register_import(unit=plan.unit, rows=rows, user=users["relief"]) == (10, [])
    r = services.round_create(project=plan.projects.get(code=P1), name="2021年春节送温暖", kind="救助",
                              start=date(2021, 1, 15), end=date(2021, 2, 10), degrees=[], user=users["relief"])
    assert services.round_approve(round_=r, user=users["approver"]) == 10
    return r


def return_file(*rows) -> list[list[str]]:
    """The bank's return file: (k, amount, date, state) per row."""
    return [["身份证号", "金额", "日期", "状态"]] + [[ident(k), amount, on, state] for k, amount, on, state in rows]


PAID_ALL = return_file(*[(k, "500.00", "2021-02-01", "已发放") for k in range(10)])


def spent(project) -> D:
    return SpendingRecord.objects.filter(project=project).aggregate(s=Sum("amount"))["s"] or D(0)


def persons_paid(r) -> D:
    indicator = Indicator.objects.get(project=r.project, name="困难帮扶人数")
    return selectors.CATALOGUE["persons_paid"].compute(selectors.project_records(indicator.project), {}).value


# ---------------------------------------------------------------- one payment a round and person

def test_the_database_refuses_a_second_payment_of_a_round_to_a_person_unless_it_reverses(users, spring):
    entry = RoundEntry.objects.get(round=spring, id_number=ident(0))
    first = Payment.objects.create(entry=entry, amount=D(500), date=date(2021, 2, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(entry=entry, amount=D(500), date=date(2021, 2, 1))
    Payment.objects.create(entry=entry, amount=D(500), date=date(2021, 2, 3), status=Payment.RETURNED, reverses=first)
    with pytest.raises(IntegrityError), transaction.atomic():  # a payment is reversed once
        Payment.objects.create(entry=entry, amount=D(500), date=date(2021, 2, 4), status=Payment.FAILED, reverses=first)


def test_recording_a_payment_twice_is_a_409_and_changes_nothing(users, spring):
    services.payment_record(round_=spring, id_number=ident(0), amount=D(500), on=date(2021, 2, 1), user=users["relief"])
    with pytest.raises(ReliefError) as caught:
        services.payment_record(round_=spring, id_number=ident(0), amount=D(500), on=date(2021, 2, 2),
                                user=users["relief"])
    assert (caught.value.code, caught.value.status) == (errors.PAID_TWICE, 409)
    assert "王建国在“2021年春节送温暖”已登记发放（2021-02-01，500.00元，已发放），不能重复登记" in caught.value.message
    assert Payment.objects.count() == 1 and spent(spring.project) == D(500)


def test_importing_the_same_return_file_again_changes_nothing_and_says_so(users, spring):
    first = services.payments_import(round_=spring, rows=PAID_ALL, name="回盘.xlsx", user=users["relief"])
    assert (first["new"], first["already"], first["bad"]) == (10, 0, [])
    before = (Payment.objects.count(), spent(spring.project), persons_paid(spring))
    again = services.payments_import(round_=spring, rows=PAID_ALL, name="回盘.xlsx", user=users["relief"])
    assert (again["new"], again["corrected"], again["already"]) == (0, 0, 10)
    assert again["summary"] == "新登记0笔，冲正0笔，10行此前已登记（未重复计入），0行有误"
    assert (Payment.objects.count(), spent(spring.project), persons_paid(spring)) == before == (10, D(5000), D(10))


def test_a_person_twice_in_one_file_is_refused_naming_both_rows_and_nothing_is_written(users, spring):
    rows = return_file((0, "500", "2021-02-01", "已发放"), (1, "500", "2021-02-01", "已发放"),
                       (0, "500", "2021-02-02", "已发放"))
    with pytest.raises(RowsError) as caught:
        services.payments_import(round_=spring, rows=rows, name="回盘.csv", user=users["relief"])
    assert caught.value.code == errors.BAD_ROWS and caught.value.place == "回盘.csv"
    assert "第2行“身份证号”：与第4行是同一人" in caught.value.message
    assert "第4行“身份证号”：与第2行是同一人" in caught.value.message
    assert not Payment.objects.exists() and not SpendingRecord.objects.exists()
    report = services.payments_import(round_=spring, rows=rows, name="回盘.csv", user=users["relief"], only_good=True)
    assert report["new"] == 1 and len(report["bad"]) == 2
    assert list(Payment.objects.values_list("entry__id_number", flat=True)) == [ident(1)]


def test_a_returned_payment_is_a_correction_that_reverses_and_spending_follows(users, spring):
    services.payments_import(round_=spring, rows=PAID_ALL, name="回盘.xlsx", user=users["relief"])
    back = return_file((3, "500", "2021-02-06", "退回"), (4, "500", "2021-02-01", "已发放"))
    report = services.payments_import(round_=spring, rows=back, name="退票.csv", user=users["relief"])
    assert (report["new"], report["corrected"], report["already"]) == (0, 1, 1)
    original = Payment.objects.get(entry__id_number=ident(3), reverses__isnull=True)
    correction = Payment.objects.get(reverses=original)
    assert (original.status, original.amount) == (Payment.PAID, D(500))  # never edited
    assert (correction.status, correction.reason) == (Payment.RETURNED, "银行回盘退票.csv第2行")
    assert correction.spending.amount == D(-500) and spent(spring.project) == D(4500)
    assert persons_paid(spring) == D(9)
    entry = selectors.round_listed(spring).get(id_number=ident(3))
    assert selectors.round_paid(entry) == 0
    # The same file again: nothing more.
    again = services.payments_import(round_=spring, rows=back, name="退票.csv", user=users["relief"])
    assert (again["corrected"], again["already"]) == (0, 2) and Payment.objects.count() == 11


def test_monitoring_at_a_date_counts_a_payment_returned_only_after_it(users, spring):
    paid = services.payment_record(round_=spring, id_number=ident(0), amount=D(500), on=date(2021, 2, 1),
                                   user=users["relief"])
    services.payment_reverse(payment=paid, status=Payment.RETURNED, reason="退票", on=date(2021, 3, 5),
                             user=users["relief"])

    def paid_at(as_of):
        return selectors.CATALOGUE["persons_paid"].compute(selectors.project_records(spring.project, as_of), {}).value

    assert (paid_at(date(2021, 2, 28)), paid_at(date(2021, 3, 31)), paid_at(None)) == (1, 0, 0)


def test_a_failed_payment_is_recorded_as_such_and_paid_later_by_a_correction(users, spring):
    rows = return_file((0, "500", "2021-02-01", "失败"))
    services.payments_import(round_=spring, rows=rows, name="回盘.csv", user=users["relief"])
    assert Payment.objects.get().status == Payment.FAILED and spent(spring.project) == 0 and persons_paid(spring) == 0
    services.payments_import(round_=spring, rows=return_file((0, "500", "2021-02-05", "已发放")), name="补发.csv",
                             user=users["relief"])
    assert spent(spring.project) == D(500) and persons_paid(spring) == 1 and Payment.objects.count() == 2


def test_a_correction_by_hand_needs_a_reason_happens_once_and_is_in_the_history(users, spring):
    paid = services.payment_record(round_=spring, id_number=ident(2), amount=D(500), on=date(2021, 2, 1),
                                   user=users["relief"])
    with pytest.raises(ReliefError) as caught:
        services.payment_reverse(payment=paid, status=Payment.RETURNED, reason=" ", user=users["relief"])
    assert (caught.value.code, caught.value.message) == (errors.REVERSE_REASON, errors.REVERSE_REASON_MESSAGE)
    new = services.payment_reverse(payment=paid, status=Payment.RETURNED, reason="账号已销户", user=users["relief"])
    assert new.reverses_id == paid.pk and spent(spring.project) == 0
    with pytest.raises(ReliefError) as twice:
        services.payment_reverse(payment=paid, status=Payment.RETURNED, reason="再来", user=users["relief"])
    assert twice.value.status == 409 and twice.value.message == "张桂兰的这笔发放已被冲正，请在最新一笔上更正"
    entry = Entry.objects.get(action="payment.reversed")
    assert ident(2) not in entry.note and ident(2)[:6] + "********" + ident(2)[-4:] in entry.note
    assert "账号已销户" in entry.note


# ---------------------------------------------------------------- the page: upload → report → choose

def test_the_page_checks_the_whole_file_lists_every_bad_row_and_imports_only_when_asked(client, users, spring):
    officer = login(client, users["relief"])
    text = "身份证号,金额,日期,状态\n" + "\n".join([f"{ident(0)},500,2021-02-01,已发放", f"{ident(1)},900,2021-02-01,已发放",
                                               f"{ident(2)},500,2021-02-01,已付", f"{ident(3)},500,2021-02-01,"])
    page = officer.post(f"/relief/rounds/{spring.pk}/payments/", {"file": SimpleUploadedFile("回盘.csv", text.encode())})
    body = page.content.decode()
    assert page.status_code == 200 and "先核对整个文件" in body
    assert "第3行“金额”：金额900元与标准500.00元不符" in body and "第4行“状态”：状态“已付”不是" in body
    assert "只导入合格的行（2行）" in body and "取消" in body
    assert not Payment.objects.exists()
    done = officer.post(f"/relief/rounds/{spring.pk}/payments/confirm/", {"action": "import"})
    assert done.status_code == 302 and Payment.objects.count() == 2
    assert "新登记2笔" in officer.get(f"/relief/rounds/{spring.pk}/").content.decode()
    expired = officer.post(f"/relief/rounds/{spring.pk}/payments/confirm/", {"action": "import"})
    assert expired.status_code == 400 and errors.IMPORT_EXPIRED_MESSAGE in expired.content.decode()
    assert Payment.objects.count() == 2


def test_a_good_file_is_recorded_at_once_and_the_round_page_offers_a_correction(client, users, spring):
    officer = login(client, users["relief"])
    text = "身份证号,金额,日期\n" + "\n".join(f"{ident(k)},500,2021-02-01" for k in range(10))
    assert officer.post(f"/relief/rounds/{spring.pk}/payments/", {"file": SimpleUploadedFile(
        "回盘.csv", text.encode())}).status_code == 302
    assert Payment.objects.count() == 10
    paid = Payment.objects.get(entry__id_number=ident(5))
    page = officer.get(f"/relief/rounds/{spring.pk}/").content.decode()
    assert f"/relief/payments/{paid.pk}/reverse/" in page
    response = officer.post(f"/relief/payments/{paid.pk}/reverse/", {"status": "returned", "reason": "户名不符"})
    assert response.status_code == 302 and Payment.objects.get(reverses=paid).status == Payment.RETURNED
    missing = officer.post(f"/relief/payments/{paid.pk}/reverse/", {"status": "returned", "reason": ""})
    assert missing.status_code == 400 and errors.REVERSE_REASON_MESSAGE in missing.content.decode()
    again = officer.post(f"/relief/payments/{paid.pk}/reverse/", {"status": "returned", "reason": "再冲一次"})
    assert again.status_code == 409 and "已被冲正" in again.content.decode()
    assert Payment.objects.count() == 11
    outsider = login(client, users["outsider"]).post(f"/relief/payments/{paid.pk}/reverse/",
                                                     {"status": "paid", "reason": "x"})
    assert outsider.status_code == 404


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def test_the_api_refuses_a_file_with_bad_rows_unless_only_good(users, spring):
    text = f"身份证号,金额,日期\n{ident(0)},500,2021-02-01\n{ident(1)},500,2022-01-03\n"
    officer = api(users["relief"])
    refused = officer.post(f"/api/relief/rounds/{spring.pk}/payments", {"file": SimpleUploadedFile("r.csv", text.encode())})
    assert (refused.status_code, refused.json()["code"]) == (400, errors.BAD_ROWS)
    assert refused.json()["fields"] == {"第3行“日期”": "发放日期2022-01-03不在预算年度内"}
    assert not Payment.objects.exists()
    done = officer.post(f"/api/relief/rounds/{spring.pk}/payments",
                        {"file": SimpleUploadedFile("r.csv", text.encode()), "only_good": "true"})
    assert done.status_code == 200 and (done.json()["new"], len(done.json()["bad"])) == (1, 1)
    paid = Payment.objects.get()
    reversed_ = officer.post(f"/api/relief/payments/{paid.pk}/reverse", {"status": "发放失败", "reason": "卡已冻结"},
                             content_type="application/json")
    assert reversed_.status_code == 200 and reversed_.json()["reverses"] == paid.pk
    assert reversed_.json()["status"] == "发放失败"
    again = officer.post(f"/api/relief/payments/{paid.pk}/reverse", {"status": "发放失败", "reason": "卡已冻结"},
                         content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, errors.REVERSED)


# ---------------------------------------------------------------- approval and the bank's list

def test_a_return_file_for_a_round_not_approved_yet_is_refused_before_any_row(client, users, plan):
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    r = services.round_create(project=plan.projects.get(code=P1), name="国庆救助", kind="救助", start=date(2021, 9, 20),
                              end=date(2021, 10, 10), degrees=[], user=users["relief"])
    text = f"身份证号,金额,日期\n{ident(0)},500,2021-09-25\n"
    page = login(client, users["relief"]).post(f"/relief/rounds/{r.pk}/payments/", {"file": SimpleUploadedFile(
        "回盘.csv", text.encode())})
    assert page.status_code == 400 and "“国庆救助”名单尚未审批，不能发放" in page.content.decode()
    assert not Payment.objects.exists()


def test_a_round_is_never_approved_by_its_drafter(users, plan):
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    services.register_import(unit=plan.unit, rows=[["姓名", "身份证号"], ["王建国", ident(0)]], user=users["relief"])
    r = services.round_create(project=plan.projects.get(code=P1), name="国庆救助", kind="救助", start=date(2021, 9, 20),
                              end=date(2021, 10, 10), degrees=[], user=users["admin"])
    assert r.created_by == users["admin"]
    with pytest.raises(ReliefError) as caught:
        services.round_approve(round_=r, user=users["admin"])
    assert (caught.value.code, caught.value.status) == (errors.OWN_ROUND, 403)
    assert caught.value.message == "“国庆救助”是你起草的，须由本单位另一位审核人员审批"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # a relief officer keeps the records but does not approve
        services.round_approve(round_=r, user=users["relief"])
    assert Round.objects.get(pk=r.pk).state == Round.DRAFT and not RoundEntry.objects.exists()
    assert services.round_approve(round_=r, user=users["approver"]) == 1
    assert Round.objects.get(pk=r.pk).approved_by == users["approver"]


def test_the_round_page_shows_the_approve_button_only_to_another_approver(client, users, plan):
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    r = services.round_create(project=plan.projects.get(code=P1), name="国庆救助", kind="救助", start=date(2021, 9, 20),
                              end=date(2021, 10, 10), degrees=[], user=users["relief"])
    assert "审批并冻结名单</button>" not in login(client, users["relief"]).get(f"/relief/rounds/{r.pk}/").content.decode()
    page = login(client, users["approver"]).get(f"/relief/rounds/{r.pk}/").content.decode()
    assert "审批并冻结名单</button>" in page and "起草人不能审批自己起草的轮次" in page


def test_the_bank_list_has_accounts_a_total_row_and_the_approver(client, users, spring):
    users["approver"].first_name = "李审核"
    users["approver"].save()
    response = login(client, users["relief"]).get(f"/relief/rounds/{spring.pk}/bank.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("序号", "姓名", "身份证号", "银行账号", "开户银行", "金额（元）", "备注")
    assert rows[1][:6] == (1, "王建国", ident(0), account(0), "中国农业银行昌黎县支行", 500)
    assert rows[11][0] == "合计" and rows[11][1] == "10人" and rows[11][5] == 5000
    assert rows[12][:2] == ("审批人", "李审核")


def test_bank_accounts_are_masked_for_those_who_need_not_see_them(client, users, spring):
    person = Beneficiary.objects.get(id_number=ident(1))
    assert person.bank_account == account(1)
    masked = account(1)[:4] + "*" * 11 + account(1)[-4:]
    officer = login(client, users["relief"]).get(f"/relief/people/{person.pk}/").content.decode()
    assert account(1) in officer
    for role in ("editor", "approver", "finance"):
        text = login(client, users[role]).get(f"/relief/people/{person.pk}/").content.decode()
        assert account(1) not in text and masked in text, role
    data = api(users["editor"]).get(f"/api/relief/people/{person.pk}").json()
    assert data["bank_account"] == masked
    assert api(users["relief"]).get(f"/api/relief/people/{person.pk}").json()["bank_account"] == account(1)
    assert not Entry.objects.filter(note__contains=account(1)).exists()
    assert not any(account(1) in str(e.changes) for e in Entry.objects.all())


def test_an_officer_changes_a_bank_account_and_the_history_keeps_it_masked(client, users, spring):
    person = Beneficiary.objects.get(id_number=ident(4))
    officer = login(client, users["relief"])
    data = {"version": person.version, "phone": "13800000000", "employer": "县纺织厂", "cause": "因病",
            "degree": "相对困难", "bank_account": "6217 0000 1234 5678 901", "bank": "中国建设银行昌黎支行"}
    bad = officer.post(f"/relief/people/{person.pk}/edit/", {**data, "bank_account": "62170000"})
    assert bad.status_code == 400 and "银行账号“62170000”应为10～30位数字" in bad.content.decode()
    assert officer.post(f"/relief/people/{person.pk}/edit/", data).status_code == 302
    person.refresh_from_db()
    assert (person.bank_account, person.bank) == ("6217000012345678901", "中国建设银行昌黎支行")
    entry = Entry.objects.get(action="beneficiary.changed")
    assert entry.changes["bank_account"] == [account(4)[:4] + "*" * 11 + account(4)[-4:], "6217***********8901"]
    # The API leaves the account as it is when not given.
    response = api(users["relief"]).put(f"/api/relief/people/{person.pk}", {
        "version": person.version, "phone": "13800000000", "cause": "因病", "degree": "相对困难"},
        content_type="application/json")
    assert response.status_code == 200 and response.json()["bank_account"] == "6217000012345678901"


# ---------------------------------------------------------------- the demo year

def test_importing_the_demos_payment_files_twice_changes_no_count_and_no_amount(db):
    from django.contrib.auth import get_user_model

    from jixiao.web.demo import load_demo
    from jixiao.web.evaluation import selectors as evaluation
    from jixiao.web.goals.models import Plan
    from jixiao.web.relief.demo_year import return_file as demo_file

    from .conftest import SEED

    load_demo(SEED)
    plan = Plan.objects.get(year=2021)
    officer = get_user_model().objects.get(username="relief")

    def state():
        scores = {s.code: (s.total, s.execution.spent, [(i.name, i.actual) for i in s.indicators])
                  for s in evaluation.scores(plan)}
        return (Payment.objects.count(), SpendingRecord.objects.count(),
                SpendingRecord.objects.aggregate(s=Sum("amount"))["s"], scores)

    before = state()
    assert before[0] == 412  # 194 + 206 + 12
    for r in Round.objects.filter(project__plan=plan):
        report = services.payments_import(round_=r, rows=demo_file(r), name=f"{r.name}回盘.csv", user=officer)
        assert (report["new"], report["corrected"], report["bad"]) == (0, 0, [])
        assert report["already"] == r.entries.count()
    assert state() == before
    p1 = {i[0]: i[1] for i in before[3][P1][2]}
    assert p1["困难帮扶人数"] == "394人"


def test_a_correction_stays_in_the_plans_year_and_changes_something(users, spring):
    """A 冲正 dated in another year would post its spending to another year's books; one that
    changes nothing is no correction. Both refused, nothing written."""
    paid = services.payment_record(round_=spring, id_number=ident(2), amount=D(500), on=date(2021, 2, 1),
                                   user=users["relief"])
    count = Payment.objects.count()
    with pytest.raises(ReliefError) as elsewhere:
        services.payment_reverse(payment=paid, status=Payment.RETURNED, reason="退回", on=date(2020, 1, 1),
                                 user=users["relief"])
    assert (elsewhere.value.code, elsewhere.value.status, str(elsewhere.value)) == (
        errors.REVERSE_DATE, 400, errors.REVERSE_DATE_MESSAGE.format(on="2020-01-01", year=2021))
    with pytest.raises(ReliefError) as same:
        services.payment_reverse(payment=paid, status=Payment.PAID, reason="重复", user=users["relief"])
    assert (same.value.code, same.value.message) == (errors.REVERSE_SAME, errors.REVERSE_SAME_MESSAGE)
    assert Payment.objects.count() == count and spent(spring.project) == 500
