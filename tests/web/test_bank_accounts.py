"""The bank's 代发名单 pays accounts only: the round page warns the approver, before the click, of
the people on the list without 银行账号 or 开户银行 (approval itself proceeds: the list freezes who
is paid and how much, the accounts are read from the register at export, so they can still be
completed); the .xlsx export is refused (409, naming them) while anyone lacks one; and a person's
edit never saves an account without its bank, or a bank without an account."""

import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest

from jixiao.relief.errors import BANK_PAIR, BANK_PAIR_MESSAGE
from jixiao.relief.persons import mask_id
from jixiao.relief.synthetic import made_up_id
from jixiao.web.history.models import Entry
from jixiao.web.relief import errors, services
from jixiao.web.relief.models import Beneficiary, Round, Standard

from .conftest import approve, login
from .test_api_live import browser_login
from .test_relief_payments_imports import P1, api

HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度", "开户银行", "银行账号"]
ACCOUNT = "6228480000000000001"


@pytest.fixture
def spring(users, plan):
    """Three workers on a spring round's draft list: 王建国 and 李秀英 with accounts, 张桂兰 without."""
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    rows = [HEADER, ["王建国", made_up_id(0), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难", "农业银行", ACCOUNT],
            ["李秀英", made_up_id(1), "13800000001", "县纺织厂", "2", "18000", "失业", "相对困难", "工商银行",
             "6222020409012345678"],
            ["张桂兰", made_up_id(2), "13800000002", "县供销社", "4", "24000", "因病", "相对困难", "", ""]]
    assert services.register_import(unit=plan.unit, rows=rows, user=users["relief"])[1] == []
    return services.round_create(project=plan.projects.get(code=P1), name="2021年春节送温暖", kind="救助",
                                 start=date(2021, 1, 15), end=date(2021, 2, 10), degrees=[], user=users["relief"])


def warning(count, people):
    return errors.NO_BANK_ACCOUNT_WARNING.format(count=count, people=people)


def test_the_approver_sees_who_has_no_account_before_approving_and_approval_proceeds_with_the_warning(
        client, users, spring):
    page = login(client, users["approver"]).get(f"/relief/rounds/{spring.pk}/")
    shown = warning(1, f"张*兰（{mask_id(made_up_id(2))}）")  # the approver sees names masked, as in the list
    assert page.status_code == 200 and shown in page.content.decode() and "张桂兰" not in page.content.decode()
    done = client.post(f"/relief/rounds/{spring.pk}/approve/", {"seen": page.context["seen"]}, follow=True)
    assert done.status_code == 200 and "已审批，名单3人已冻结" in done.content.decode() and shown in done.content.decode()
    spring.refresh_from_db()
    assert spring.state == Round.APPROVED and spring.entries.count() == 3
    officer = login(client, users["relief"]).get(f"/relief/rounds/{spring.pk}/")  # the officer sees names in full
    assert warning(1, f"张桂兰（{mask_id(made_up_id(2))}）") in officer.content.decode()


def test_the_export_is_refused_naming_who_has_no_account_until_the_register_is_completed(client, users, spring):
    services.round_approve(round_=spring, user=users["approver"])
    Beneficiary.objects.filter(id_number=made_up_id(1)).update(bank="")  # an account without its bank
    officer = login(client, users["relief"])
    before = Entry.objects.count()
    refused = officer.get(f"/relief/rounds/{spring.pk}/bank.xlsx")
    people = f"李秀英（{mask_id(made_up_id(1))}）、张桂兰（{mask_id(made_up_id(2))}）"
    message = errors.NO_BANK_ACCOUNT_MESSAGE.format(name=spring.name, count=2, people=people)
    assert refused.status_code == 409 and message in refused.content.decode()
    assert made_up_id(2) not in refused.content.decode() and Entry.objects.count() == before  # no download logged
    by_api = api(users["relief"]).get(f"/api/relief/rounds/{spring.pk}/bank-list")
    assert by_api.status_code == 409 and by_api.json()["code"] == errors.NO_BANK_ACCOUNT
    assert by_api.json()["message"] == message
    for k, bank in ((1, "工商银行"), (2, "农业银行")):
        person = Beneficiary.objects.get(id_number=made_up_id(k))
        services.beneficiary_update(beneficiary=person, fields={"bank_account": ACCOUNT, "bank": bank},
                                    version=person.version, user=users["relief"])
    assert errors.NO_BANK_ACCOUNT_WARNING[:10] not in officer.get(f"/relief/rounds/{spring.pk}/").content.decode()
    done = officer.get(f"/relief/rounds/{spring.pk}/bank.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(done.content)).active.iter_rows(values_only=True))
    assert done.status_code == 200 and [r[3:5] for r in rows[1:4]] == [
        (ACCOUNT, "农业银行"), (ACCOUNT, "工商银行"), (ACCOUNT, "农业银行")]


def test_a_person_edit_never_saves_an_account_without_its_bank_or_the_reverse(client, users, spring):
    person = Beneficiary.objects.get(id_number=made_up_id(2))
    officer = login(client, users["relief"])
    form = {"version": person.version, "phone": "13800000002", "employer": "县供销社", "cause": "因病",
            "degree": "相对困难"}
    no_bank = officer.post(f"/relief/people/{person.pk}/edit/", {**form, "bank_account": ACCOUNT, "bank": " "})
    assert no_bank.status_code == 400
    assert BANK_PAIR_MESSAGE.format(given="银行账号", missing="开户银行") in no_bank.content.decode()
    no_account = api(users["relief"]).put(f"/api/relief/people/{person.pk}", {"version": person.version, "cause": "因病",
                                            "degree": "相对困难", "bank": "农业银行"}, content_type="application/json")
    assert no_account.status_code == 400 and no_account.json()["code"] == BANK_PAIR
    assert no_account.json()["message"].endswith(BANK_PAIR_MESSAGE.format(given="开户银行", missing="银行账号"))
    person.refresh_from_db()
    assert (person.bank_account, person.bank, person.version) == ("", "", form["version"])
    assert not Entry.objects.filter(action__endswith="beneficiary.changed").exists()
    # An imported account without its bank does not block an edit of the phone; clearing both is allowed.
    Beneficiary.objects.filter(pk=person.pk).update(bank_account=ACCOUNT)
    saved = officer.post(f"/relief/people/{person.pk}/edit/", {**form, "phone": "13800000009",
                                                               "bank_account": ACCOUNT, "bank": ""})
    person.refresh_from_db()
    assert saved.status_code == 302 and (person.phone, person.bank_account) == ("13800000009", ACCOUNT)
    cleared = officer.post(f"/relief/people/{person.pk}/edit/", {**form, "version": form["version"] + 1,
                                                                 "bank_account": "", "bank": ""})
    person.refresh_from_db()
    assert cleared.status_code == 302 and (person.bank_account, person.bank) == ("", "")


@pytest.mark.django_db(transaction=True)
def test_on_a_live_server_the_warning_the_refused_export_and_the_refused_edit(live_server, users, spring):
    approver = browser_login(live_server.url, "approver")
    page = approver.get(f"{live_server.url}/relief/rounds/{spring.pk}/", timeout=60)
    assert warning(1, f"张*兰（{mask_id(made_up_id(2))}）") in page.text
    services.round_approve(round_=spring, user=users["approver"])
    officer = browser_login(live_server.url, "relief")
    refused = officer.get(f"{live_server.url}/relief/rounds/{spring.pk}/bank.xlsx", timeout=60)
    assert refused.status_code == 409 and f"张桂兰（{mask_id(made_up_id(2))}）" in refused.text
    person = Beneficiary.objects.get(id_number=made_up_id(2))
    version = person.version
    url = f"{live_server.url}/relief/people/{person.pk}/edit/"
    edit = officer.post(url, headers={"Referer": url}, timeout=60, data={
        "csrfmiddlewaretoken": officer.cookies["csrftoken"], "version": person.version, "phone": "13800000002",
        "employer": "县供销社", "cause": "因病", "degree": "相对困难", "bank_account": ACCOUNT, "bank": ""})
    assert edit.status_code == 400 and "填了银行账号就要填开户银行" in edit.text
    person.refresh_from_db()
    assert person.bank_account == "" and person.version == version
