"""What a careless user found on the pages (the walk of issue 13): each refusal in Chinese, naming the
field and what was typed, with nothing changed; checked on a live server with a browser's CSRF token."""

from __future__ import annotations

import os
import re
from decimal import Decimal as D

import pytest
import requests

from jixiao.relief.synthetic import made_up_id
from jixiao.web.evaluation.models import SpendingRecord
from jixiao.web.goals.models import Unit
from jixiao.web.history.models import Entry
from jixiao.web.relief.models import HealthCheck, ModelWorker

from .conftest import approve
from .test_api_live import browser_login
from .test_relief_payments import spring  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def sessions():
    """HTTP sessions closed after the test: a kept-alive connection holds a server thread's database connection."""
    opened: list[requests.Session] = []
    yield opened
    for session in opened:
        session.close()


@pytest.fixture
def web(live_server, sessions):
    def make(name: str) -> requests.Session:
        session = browser_login(live_server.url, name)
        sessions.append(session)
        return session
    return make


def form_fields(page: str, marker: str) -> dict:
    """The fields of the form on `page` whose opening tag holds `marker`, as a browser would send them."""
    found = re.search(rf'<form[^>]*{marker}[^>]*>(.*?)</form>', page, re.S)
    assert found, f"no form with {marker}"
    return dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', found[1]))


def post(session: requests.Session, url: str, fields: dict) -> requests.Response:
    return session.post(url, timeout=60, allow_redirects=False, headers={"Referer": url},
                        data={**fields, "csrfmiddlewaretoken": session.cookies["csrftoken"]})


def counts() -> tuple:
    return Entry.objects.count(), SpendingRecord.objects.count(), HealthCheck.objects.count()


# ---------------------------------------------------------------- item 6: a check's cost on another year's project

def test_a_check_cost_charged_to_a_project_of_another_year_is_refused_naming_project_and_year(
        live_server, users, plan, web):
    approve(plan, users)
    project = plan.projects.order_by("id").first()
    worker = ModelWorker.objects.create(unit=Unit.objects.get(code="711001"), id_number=made_up_id(7),
                                        name="谢立青", level="省部级", year_honoured=2015)
    relief = web("relief")
    page, url = f"{live_server.url}/relief/workers/", f"{live_server.url}/relief/workers/{worker.pk}/check/"
    shown = form_fields(relief.get(page, timeout=60).text, f'action="/relief/workers/{worker.pk}/check/"')
    before = counts()
    answer = post(relief, url, {**shown, "year": "2022", "state": "已检", "date": "2022-05-01", "cost": "500",
                                "project": str(project.pk)})
    assert answer.status_code == 400, answer.text[:500]
    assert f"项目“{project.name}”不是该劳模所在单位2022年的项目" in answer.text
    assert counts() == before
    other = post(relief, url, {**shown, "year": "2021", "state": "已检", "date": "2021-05-01", "cost": "500",
                               "project": "999999"})
    assert other.status_code == 404 and "没有编号为999999的项目" in other.text
    assert counts() == before
    done = post(relief, url, {**shown, "year": "2021", "state": "已检", "date": "2021-05-01", "cost": "500",
                              "project": str(project.pk)})
    assert done.status_code == 302
    check = HealthCheck.objects.get(worker=worker, year=2021)
    assert check.project_id == project.pk and check.spending.amount == D("500.00")


# ---------------------------------------------------------------- item 7: date inputs a browser can show

DATE_INPUT = re.compile(r'<input type="date" name="date" value="([^"]*)"')


def test_the_spending_date_inputs_carry_iso_dates_that_a_browser_shows(client, users, plan):
    from datetime import date

    from .conftest import login

    approve(plan, users)
    project = plan.projects.order_by("id").first()
    record = SpendingRecord.objects.create(project=project, date=date(2021, 6, 1), amount=D("0.01"),
                                           created_by=users["editor"])
    login(client, users["editor"])
    monitoring = client.get(f"/evaluation/{plan.pk}/monitoring/").content.decode()
    shown = DATE_INPUT.findall(monitoring)
    assert shown and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in shown), shown
    correct = client.get(f"/evaluation/{plan.pk}/spending/{record.pk}/").content.decode()
    assert DATE_INPUT.findall(correct) == ["2021-06-01"]


def test_chromium_shows_the_date_of_the_spending_being_corrected(live_server, users, plan, page_as):
    from datetime import date

    approve(plan, users)
    project = plan.projects.order_by("id").first()
    record = SpendingRecord.objects.create(project=project, date=date(2021, 6, 1), amount=D("0.01"),
                                           created_by=users["editor"])
    page = page_as("editor")
    page.goto(f"{live_server.url}/evaluation/{plan.pk}/spending/{record.pk}/")
    assert page.input_value("input[name=date]") == "2021-06-01"
    assert not [m for m in page.console_log if "does not conform" in m], page.console_log


# ---------------------------------------------------------------- item 5: everything checked before the confirm page

P1 = "13032221GVUVTX63BWWCQ"  # 职工困难帮扶防贫资金, 预算20万元


def confirm_page(session: requests.Session, url: str, fields: dict) -> dict:
    answer = post(session, url, fields)
    assert answer.status_code == 200 and "确认超出预算的支出" in answer.text, answer.text[:500]
    return form_fields(answer.text, 'action="/evaluation/')


def test_an_over_budget_spending_outside_the_year_is_refused_before_the_confirmation(live_server, users, plan,
                                                                                     web):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    editor = web("editor")
    url = f"{live_server.url}/evaluation/{plan.pk}/spending/"
    first = post(editor, url, {"project": project.pk, "date": "2022-03-01", "amount": "300,000", "note": "x"})
    assert first.status_code == 400 and "支出日期2022-03-01不在预算年度2021年内" in first.text
    assert "确认超出预算的支出" not in first.text and SpendingRecord.objects.count() == 0


def test_a_failed_save_does_not_use_up_the_confirmation_nor_claim_a_record(live_server, users, plan, web):
    """The date is right at the confirm page, then changed in the page (a forged or edited form): the save is
    refused, the token stays usable, and a resubmit never says a record exists when none does."""
    approve(plan, users)
    project = plan.projects.get(code=P1)
    editor = web("editor")
    url = f"{live_server.url}/evaluation/{plan.pk}/spending/"
    shown = confirm_page(editor, url, {"project": project.pk, "date": "2021-03-01", "amount": "300,000", "note": "x"})
    confirmed = {**shown, "confirm_over_budget": "1", "reason": "追加预算在办"}
    bad = post(editor, url, {**confirmed, "date": "2022-03-01"})
    assert bad.status_code == 400 and "不在预算年度2021年内" in bad.text and SpendingRecord.objects.count() == 0
    again = post(editor, url, {**confirmed, "date": "2022-03-01"})
    assert again.status_code == 400 and "已经确认录入过" not in again.text
    done = post(editor, url, confirmed)
    assert done.status_code == 302 and SpendingRecord.objects.count() == 1
    twice = post(editor, url, confirmed)
    assert twice.status_code == 409 and "已经确认录入过" in twice.text and SpendingRecord.objects.count() == 1
    forged = post(editor, url, {**confirmed, "confirm_token": "never-issued"})
    assert forged.status_code == 200 and "确认页已失效" in forged.text and "已经确认录入过" not in forged.text
    assert SpendingRecord.objects.count() == 1


def test_a_correction_above_the_budget_outside_the_year_is_refused_before_asking_to_confirm(client, users, plan):
    from datetime import date

    from .conftest import login

    approve(plan, users)
    project = plan.projects.get(code=P1)
    record = SpendingRecord.objects.create(project=project, date=date(2021, 6, 1), amount=D("100"),
                                           created_by=users["editor"])
    login(client, users["editor"])
    answer = client.post(f"/evaluation/{plan.pk}/spending/{record.pk}/", {
        "date": "2022-06-01", "amount": "300000", "note": "", "reason": "打错", "version": record.version})
    assert answer.status_code == 400 and "支出日期2022-06-01不在预算年度2021年内" in answer.content.decode()
    record.refresh_from_db()
    assert record.amount == D("100.00") and record.date == date(2021, 6, 1)


# ---------------------------------------------------------------- item 16: monitoring only within the budget year

@pytest.mark.parametrize("as_of", ["1999-01-01", "2022-06-30", "2020-12-31"])
def test_monitoring_outside_the_budget_year_is_refused_and_saves_no_report(live_server, users, plan, web, as_of):
    from jixiao.web.evaluation.models import MonitoringReport

    approve(plan, users)
    editor = web("editor")
    page = editor.get(f"{live_server.url}/evaluation/{plan.pk}/monitoring/?as_of={as_of}", timeout=60)
    message = f"监控截止日期{as_of}不在预算年度2021年内，应在2021-01-01至2021-12-31之间"
    assert page.status_code == 400 and message in page.text
    before = counts()
    url = f"{live_server.url}/evaluation/{plan.pk}/monitoring/reports/"
    saved = post(editor, url, {"as_of": as_of, "note": "x"})
    assert saved.status_code == 400 and message in saved.text
    assert MonitoringReport.objects.count() == 0 and counts() == before
    assert post(editor, url, {"as_of": "2021-06-30", "note": "x"}).status_code == 302
    assert MonitoringReport.objects.count() == 1


# ---------------------------------------------------------------- item 17: 救助标准 within 2000–2100, 元 once

def test_a_standard_of_1999_is_refused_and_a_duplicate_names_its_amount_once(live_server, users, web):
    from jixiao.web.relief.models import Standard

    unit = Unit.objects.get(code="711001")
    relief = web("relief")
    url = f"{live_server.url}/relief/standards/"
    new = form_fields(relief.get(url, timeout=60).text,
                      'method="post"><input type="hidden" name="csrfmiddlewaretoken"')
    fields = {**new, "unit": unit.pk, "kind": "临时救助", "degree": "", "cause": "", "amount": "100"}
    old = post(relief, url, {**fields, "year": "1999"})
    assert old.status_code == 400 and "标准年度应在2000年至2100年之间，填的是1999" in old.text
    assert Standard.objects.count() == 0 and not Entry.objects.filter(action__endswith="standard.set").exists()
    assert post(relief, url, {**fields, "year": "2021"}).status_code == 302
    twice = post(relief, url, {**fields, "year": "2021", "amount": "200"})
    assert twice.status_code == 409 and "2021年临时救助已有标准100元，没有保存" in twice.text
    assert "元元" not in twice.text and Standard.objects.get().amount == D("100.00")


# ---------------------------------------------------------------- item 24: values accepted that should not be

def test_a_rectification_deadline_before_the_ledgers_year_is_refused(live_server, users, plan, web):
    from jixiao.web.rectification.models import Rectification

    unit = Unit.objects.get(code="711001")
    editor = web("editor")
    url = f"{live_server.url}/rectifications/{unit.pk}/2021/new/"
    fields = {"source_kind": "audit", "problem": "抽查发现三户资料不全", "deadline": "2001-01-01"}
    answer = post(editor, url, fields)
    assert answer.status_code == 400 and "整改期限2001-01-01早于台账年度2021年" in answer.text, answer.text[:300]
    assert not Rectification.objects.exists()
    assert post(editor, url, {**fields, "deadline": "2022-03-31"}).status_code == 302  # into next year is fine
    item = Rectification.objects.get()
    edit = post(editor, f"{live_server.url}/rectifications/item/{item.pk}/edit/",
                {"problem": item.problem, "deadline": "2020-12-31", "version": item.version})
    assert edit.status_code == 400 and "整改期限2020-12-31早于台账年度2021年" in edit.text
    item.refresh_from_db()
    assert str(item.deadline) == "2022-03-31"


def test_a_done_check_without_a_date_is_refused(live_server, users, web):
    worker = ModelWorker.objects.create(unit=Unit.objects.get(code="711001"), id_number=made_up_id(8),
                                        name="邓强梅", level="省部级", year_honoured=2015)
    relief = web("relief")
    page, url = f"{live_server.url}/relief/workers/", f"{live_server.url}/relief/workers/{worker.pk}/check/"
    shown = form_fields(relief.get(page, timeout=60).text, f'action="/relief/workers/{worker.pk}/check/"')
    before = counts()
    answer = post(relief, url, {**shown, "year": "2021", "state": "已检", "date": "", "cost": ""})
    assert answer.status_code == 400 and "邓强梅已检，请填写体检日期" in answer.text
    assert counts() == before
    assert post(relief, url, {**shown, "year": "2021", "state": "已检", "date": "2021-05-10"}).status_code == 302


def test_a_model_worker_honoured_in_a_year_to_come_is_refused(live_server, users, web):
    from datetime import date

    unit = Unit.objects.get(code="711001")
    relief = web("relief")
    next_year = date.today().year + 1
    csv = f"姓名,身份证号,级别,授予年份\n甲,{made_up_id(300)},省部级,{next_year}\n乙,{made_up_id(301)},市级,2015\n"
    answer = relief.post(f"{live_server.url}/relief/workers/import/", timeout=60,
                         headers={"Referer": f"{live_server.url}/relief/workers/"},
                         data={"unit": unit.pk, "csrfmiddlewaretoken": relief.cookies["csrftoken"]},
                         files={"file": ("劳模.csv", csv.encode())})
    assert answer.status_code == 200, answer.text[:300]
    assert f"第2行“授予年份”：{next_year}不在1950年至{next_year - 1}年（今年）之间" in answer.text
    assert not ModelWorker.objects.exists()


# ---------------------------------------------------------------- item 20: password pages

def test_the_password_hint_says_the_length_the_validators_require(client, users, settings):
    from .conftest import login

    login(client, users["editor"])
    page = client.get("/accounts/password/").content.decode()
    assert "至少10个字符" in page and "至少8个字符" not in page
    validators = [dict(v) for v in settings.AUTH_PASSWORD_VALIDATORS]
    for v in validators:
        if v["NAME"].endswith("MinimumLengthValidator"):
            v["OPTIONS"] = {"min_length": 12}
    settings.AUTH_PASSWORD_VALIDATORS = validators
    from django.contrib.auth.password_validation import get_default_password_validators

    get_default_password_validators.cache_clear()
    try:
        assert "至少12个字符" in client.get("/accounts/password/").content.decode()
    finally:
        get_default_password_validators.cache_clear()


def test_the_page_showing_a_new_password_keeps_the_admin_logged_in_in_the_nav(live_server, users, web):
    admin = web("admin")
    target = users["approver"]
    url = f"{live_server.url}/accounts/users/{target.pk}/password/"
    detail = admin.get(f"{live_server.url}/accounts/users/{target.pk}/", timeout=60)
    assert detail.status_code == 200
    answer = admin.post(url, timeout=60, headers={"Referer": url},
                        data={"password": "", "csrfmiddlewaretoken": admin.cookies["csrftoken"]})
    assert answer.status_code == 200 and "只显示这一次" in answer.text, answer.text[:300]
    nav = answer.text.split("<main")[0]
    assert "修改密码" in nav and "登录</a>" not in nav


# ---------------------------------------------------------------- item 23: no stock Django messages on any form

STOCK = ("确保", "确认", "输入一个", "选择一个有效", "这个字段", "该字段", "Ensure", "Enter a", "Select a")
BAD_ROUNDS = [
    lambda field: "",  # required
    lambda field: "abc",  # not a number, date or choice
    lambda field: "x" * 5000,  # too long
    lambda field: "-99999999999999999999.999",  # below minimum, too many digits
    lambda field: "12.345",  # too many decimal places
    lambda field: "很困难",  # not a choice
    lambda field: "1e400",
]


def web_form_classes() -> list[type]:
    import importlib
    import inspect

    from django import forms as django_forms

    found = []
    for area in ("accounts", "department", "evaluation", "goals", "rectification", "relief"):
        module = importlib.import_module(f"jixiao.web.{area}.forms")
        found += [c for _, c in inspect.getmembers(module, inspect.isclass)
                  if issubclass(c, django_forms.BaseForm) and c.__module__ == module.__name__]
    return found


def bound(form_class: type, data: dict):
    import inspect

    from jixiao.rulesets import shipped

    units = Unit.objects.all()
    kwargs = {"units": units, "roles": ["单位填报", "单位审核"], "what": "困难职工档案",
              "bureaus": [("某县财政局", 3)], "rulesets": shipped()}
    names = inspect.signature(form_class.__init__).parameters
    extra = {k: v for k, v in kwargs.items() if k in names}
    return form_class(data, {}, **extra) if "files" in names else form_class(data, **extra)


def test_every_web_form_is_on_the_chinese_base():
    from jixiao.web.form_errors import Form

    classes = web_form_classes()
    assert len(classes) >= 20
    assert [c.__name__ for c in classes if not issubclass(c, Form)] == []


@pytest.mark.django_db
def test_every_web_form_says_each_wrong_value_in_chinese_naming_the_field_and_what_was_typed(users):
    from jixiao.web.form_errors import _stock, label_of

    said: list[tuple[str, str, str]] = []
    for form_class in web_form_classes():
        for bad in BAD_ROUNDS:
            probe = bound(form_class, {})
            data = {name: bad(field) for name, field in probe.fields.items()}
            form = bound(form_class, data)
            form.is_valid()
            for name, errors in form.errors.as_data().items():
                label = label_of(form, name) if name in form.fields else ""
                for error in errors:
                    for message in error.messages:
                        typed = str(data.get(name, ""))
                        said.append((f"{form_class.__name__}.{name}", typed[:20], message))
                        rest = message.replace(typed[:30], "")
                        assert not any(s in message for s in STOCK), (form_class, name, message)
                        assert not re.search(r"(?<!\d)\.|\.(?!\d)", rest), (form_class, name, message)  # a full stop
                        assert any("\u4e00" <= c <= "\u9fff" for c in message), (form_class, name, message)
                        ours = name in form.fields and error.code and _stock(form.fields[name], error.code)
                        if ours:  # Django's own error, said by web.form_errors (a form's own message stays)
                            assert label in message, (form_class, name, message)
                        if ours and error.code in ("invalid", "invalid_choice", "max_decimal_places", "min_value"):
                            assert typed[:20] in message, (form_class, name, message)
    assert len(said) > 100
    codes = {m for _, _, m in said}
    assert any("金额（元）“abc”不是数字" in m for m in codes), sorted(codes)[:50]
    assert any("不是可选的值" in m and "很困难" in m for m in codes)


def test_the_spending_form_names_the_amount_and_echoes_it_on_the_page(client, users, plan):
    from .conftest import login

    approve(plan, users)
    project = plan.projects.get(code=P1)
    login(client, users["editor"])
    answer = client.post(f"/evaluation/{plan.pk}/spending/", {"project": project.pk, "date": "2021-05-01",
                                                              "amount": "12.345"})
    text = answer.content.decode()
    assert answer.status_code == 400 and "金额（元）最多2位小数，填的是“12.345”" in text, text[-1500:]
    assert "确认小数不超过" not in text and SpendingRecord.objects.count() == 0


# ---------------------------------------------------------------- items 13, 8 and 14: the register's numbers and imports

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def test_a_person_typed_in_full_width_digits_is_registered_and_a_negative_income_is_refused(live_server, users,
                                                                                            web):
    from jixiao.web.relief.models import Beneficiary

    unit = Unit.objects.get(code="711001")
    relief = web("relief")
    url = f"{live_server.url}/relief/register/new/"
    number = made_up_id(4242)
    fields = {"unit": unit.pk, "name": "全角甲", "id_number": number.translate(FULL_WIDTH), "phone": "１３８００１３８０００",
              "household_size": "３", "household_income": "１２,０００.００元", "cause": "因病", "degree": "相对困难"}
    before = counts()
    negative = post(relief, url, {**fields, "household_income": "-500"})
    assert negative.status_code == 400 and "家庭年收入" in negative.text and "“-500”是负数" in negative.text
    assert counts() == before and not Beneficiary.objects.exists()
    done = post(relief, url, fields)
    assert done.status_code == 302, done.text[:500]
    person = Beneficiary.objects.get()
    assert (person.id_number, person.phone, person.household_size, person.household_income) == (
        number, "13800138000", 3, D("12000.00"))


def _import(session: requests.Session, base: str, unit: Unit, csv: str) -> requests.Response:
    return session.post(f"{base}/relief/register/import/", timeout=60, headers={"Referer": f"{base}/relief/register/"},
                        data={"unit": unit.pk, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                        files={"file": ("档案.csv", csv.encode())})


def test_a_register_file_with_only_its_header_says_it_has_no_rows(live_server, users, web):
    unit = Unit.objects.get(code="711001")
    relief = web("relief")
    before = counts()
    answer = _import(relief, live_server.url, unit, "姓名,身份证号,困难程度\n,,\n")
    assert answer.status_code == 400 and "文件中没有数据行" in answer.text and "已导入0人" not in answer.text
    assert counts() == before


def test_the_register_import_lists_every_problem_of_a_row(live_server, users, web):
    unit = Unit.objects.get(code="711001")
    relief = web("relief")
    csv = ("姓名,身份证号,电话,家庭人口,家庭年收入,困难程度\n"
           f"乙,{made_up_id(77)},abc,0,-1,很困难\n")
    answer = _import(relief, live_server.url, unit, csv)
    assert answer.status_code == 200, answer.text[:300]
    for column in ("电话", "家庭人口", "家庭年收入", "困难程度"):
        assert f"第2行“{column}”" in answer.text, column


# ---------------------------------------------------------------- item 13: payment results and health checks

def test_payment_results_with_full_width_ids_and_amounts_written_with_yuan_are_recorded(
        client, users, spring):  # noqa: F811  (the fixture imported above)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.web.relief.models import Payment

    from .conftest import login
    from .test_relief_payments import ident

    officer = login(client, users["relief"])
    text = "身份证号,金额,日期,状态\n" + "\n".join([f"{ident(0).translate(FULL_WIDTH)},500.00元,2021-02-01,已发放",
                                               f"{ident(1)},\"５００\",2021-02-01,已发放"])
    answer = officer.post(f"/relief/rounds/{spring.pk}/payments/", {"file": SimpleUploadedFile("回盘.csv", text.encode())})
    assert answer.status_code == 302, answer.content.decode()[-1500:]
    assert sorted(Payment.objects.values_list("entry__id_number", "amount")) == [(ident(0), D("500.00")),
                                                                                 (ident(1), D("500.00"))]


def test_a_check_cost_with_separators_is_recorded_and_a_wrong_one_is_named(client, users, plan):
    from .conftest import login

    approve(plan, users)
    project = plan.projects.order_by("id").first()
    worker = ModelWorker.objects.create(unit=plan.unit, id_number=made_up_id(9), name="谢立青", level="省部级",
                                        year_honoured=2015)
    officer = login(client, users["relief"])
    url = f"/relief/workers/{worker.pk}/check/"
    wrong = officer.post(url, {"year": "2021", "state": "已检", "date": "2021-05-01", "cost": "五百"})
    assert wrong.status_code == 400 and "体检费用“五百”不是数字" in wrong.content.decode()
    assert not HealthCheck.objects.exists()
    done = officer.post(url, {"year": "2021", "state": "已检", "date": "2021-05-01", "cost": "1,500.00元",
                              "project": project.pk})
    assert done.status_code == 302
    assert HealthCheck.objects.get().spending.amount == D("1500.00")


def test_a_survey_answers_file_with_only_its_header_says_it_has_no_rows(client, users, plan):
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.web.relief import services as relief_services

    from .conftest import login

    approve(plan, users)
    survey = relief_services.survey_create(project=plan.projects.order_by("id").first(), name="满意度",
                                           questions=["总体评价"], on=date(2021, 3, 5), user=users["relief"])
    officer = login(client, users["relief"])
    before = counts()
    answer = officer.post(f"/relief/surveys/{survey.pk}/answers/",
                          {"file": SimpleUploadedFile("回答.csv", "总体评价\n".encode())})
    text = answer.content.decode()
    assert answer.status_code == 400 and "文件中没有数据行" in text and "已导入0份回答" not in text
    assert counts() == before and not survey.responses.exists()
