"""What a user reads on the pages is Chinese: history under the labels and units of the
forms (万元, 3月底支出计划（%）, 状态 by name), no "已已", a role not shown twice, no metric
code, and, over every main page for every role, no English word outside a short list."""

import re
from collections import Counter
from datetime import date
from decimal import Decimal as D
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from jixiao.relief.synthetic import made_up_id
from jixiao.web.goals import services as goals
from jixiao.web.goals.models import Indicator, Plan
from jixiao.web.history.labels import EMPTY, describe
from jixiao.web.history.models import Entry
from jixiao.web.relief import services as relief
from jixiao.web.relief.models import MetricBinding, ModelWorker, Round, Standard, SurveyResponse

from .conftest import approve, login

P1, P2 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098"
NAMES = {"editor": "张填报", "approver": "李审核", "finance": "王财政", "relief": "帮扶干事", "admin": "管理员",
         "outsider": "赵外单位"}


class Visible(HTMLParser):
    """The text a reader sees: text nodes outside script and style, plus title and placeholder
    attributes (shown on hover or in an empty box); other attribute values are not read."""

    def __init__(self):
        super().__init__()
        self.hidden, self.texts, self.links = 0, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self.texts += [attrs[k] for k in ("title", "placeholder") if attrs.get(k)]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data.strip())


def visible(html: str) -> Visible:
    parser = Visible()
    parser.feed(html)
    return parser


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return "\n".join(visible(response.content.decode()).texts)


def history_text(response) -> str:
    """The page's 变更历史 section only."""
    page = text(response)
    assert "变更历史" in page
    return page[page.rindex("变更历史"):]


@pytest.fixture
def named(users):
    for login_name, user in users.items():
        user.first_name = NAMES[login_name]
        user.save(update_fields=["first_name"])
    return users


# ---------------------------------------------------------------- history

def project_form(project, **changes):
    data = {"version": project.version, "code": project.code, "name": project.name, "total": "20.00",
            "fiscal": "20.00", "other": "0", "purpose": project.purpose, "plan_3": "50", "plan_6": "50",
            "plan_10": "100", "plan_12": "100", "goals": "\n".join(project.goals)}
    data.update(changes)
    return data


def test_project_history_shows_the_forms_labels_and_wan(client, named, plan):
    project = plan.projects.get(code=P1)
    editor = login(client, named["editor"])
    response = editor.post(f"/goals/projects/{project.pk}/save/",
                           project_form(project, total="25.5", fiscal="25.5", plan_3="30", purpose=""))
    assert response.status_code == 302
    entry = Entry.objects.get(action="project.changed")
    assert entry.changes["total"] == ["200000.00", "255000.00"]  # stored in 元 with the field's name
    assert set(entry.changes) == {"total", "fiscal", "plan_3", "purpose"}  # 50 and 50.00 are no change

    history = history_text(editor.get(f"/goals/projects/{project.pk}/"))
    assert "预算数（万元）：20.00 → 25.50" in history
    assert "其中：财政资金（万元）：20.00 → 25.50" in history
    assert "3月底支出计划（%）：50.00 → 30" in history
    assert f"资金用途：{project.purpose} → {EMPTY}" in history
    assert "张填报" in history and "修改项目" in history
    for raw in ("total", "fiscal", "plan_3", "purpose", "200000", "255000"):
        assert raw not in history, raw


def test_the_form_and_the_history_use_the_same_label(client, named, plan):
    project = plan.projects.get(code=P1)
    page = text(login(client, named["editor"]).get(f"/goals/projects/{project.pk}/"))
    assert "3月底支出计划（%）" in page and "预算数（万元）" in page


def test_plan_history_names_states_and_fields_in_chinese(client, named, plan):
    approve(plan, named)
    goals.plan_publish(plan=plan, user=named["approver"])
    history = history_text(login(client, named["editor"]).get(f"/goals/{plan.pk}/"))
    for line in ("状态：草稿 → 已提交", "状态：已提交 → 财政审核", "状态：财政审核 → 已批复", "状态：已批复 → 已公开",
                 "审核等级：良", "提交审核", "财政审核评级", "王财政"):
        assert line in history, line
    for raw in ("state", "published", "approved", "grade", "grade_comment", "已已"):
        assert raw not in history, raw


def test_indicator_history_uses_the_indicator_forms_labels(client, named, plan):
    indicator = Indicator.objects.filter(project__plan=plan, name="困难帮扶人数").get()
    editor = login(client, named["editor"])
    editor.post(f"/goals/indicators/{indicator.pk}/edit/", {
        "version": indicator.project.version, "level1": indicator.level1, "level2": indicator.level2,
        "name": indicator.name, "target_raw": "≥410人", "basis": "历史标准"})
    history = history_text(editor.get(f"/goals/indicators/{indicator.pk}/edit/"))
    assert "指标值：≥400人 → ≥410人" in history and "指标值确定依据" in history
    assert "target_raw" not in history and "basis" not in history


def entry(object_type, changes, note=""):
    return SimpleNamespace(object_type=object_type, changes=changes, note=note)


def shown(object_type, changes):
    return {c.label: (c.before, c.after) for c in describe(entry(object_type, changes))}


def test_old_entries_read_well_too():
    """Entries written before there were labels: codes, Python lists, booleans and blanks."""
    assert shown("plan", {"state": ["draft", "submitted"], "grade_comment": ["", "好"]}) == {
        "状态": ("草稿", "已提交"), "审核意见": (EMPTY, "好")}
    assert shown("project", {"goals": ["['一', '二']", "['一']"], "other": ["0.00", "12345.00"]}) == {
        "绩效目标": ("一；二", "一"), "其他资金（万元）": ("0.00", "1.2345")}
    assert shown("indicator", {"position": ["1", "2"], "share": ["", "80"], "evidence": ["", "evidence/2021/a.pdf"]}) == {
        "排序位置": ("1", "2"), "得分比例（%）": (EMPTY, "80"), "佐证材料": (EMPTY, "a.pdf")}
    assert shown("round", {"total": ["", "5000.00"], "entries": ["", "10"]}) == {
        "发放总额（元）": (EMPTY, "5000.00"), "名单人数": (EMPTY, "10")}
    assert shown("project", {"amount": ["", "98000"], "date": ["", "2021-01-28"]}) == {
        "金额（元）": (EMPTY, "98000"), "支出日期": (EMPTY, "2021年1月28日")}  # spending is entered in 元


def test_other_objects_fall_back_to_their_fields_verbose_name(db):
    assert shown("user", {"is_active": ["True", "False"], "first_name": ["", "张三"]}) == {
        "启用": ("是", "否"), "姓名": (EMPTY, "张三")}
    assert shown("membership", {"role": ["", "单位填报"]}) == {"角色": (EMPTY, "单位填报")}
    assert shown("beneficiary", {"degree": ["相对困难", "深度困难"]}) == {"困难程度": ("相对困难", "深度困难")}
    assert shown("nosuchthing", {"colour": ["red", "blue"], "unit": ["", "711001"], "flag": ["False", "True"]}) == {
        "colour": ("red", "blue"), "单位": (EMPTY, "711001"), "flag": ("否", "是")}
    assert describe(entry("plan", ["not", "a", "dict"])) == []


# ---------------------------------------------------------------- single texts

def test_a_locked_plan_says_its_state_once(client, named, plan):
    approve(plan, named)
    goals.plan_publish(plan=plan, user=named["approver"])
    project = plan.projects.get(code=P1)
    response = login(client, named["editor"]).post(f"/goals/projects/{project.pk}/save/", project_form(project))
    body = response.content.decode()
    assert response.status_code == 409 and "“已公开”" in body and "已已" not in body


def header(response) -> str:
    html = response.content.decode()
    return "".join(visible(html[html.index('<span class="user">'):html.index("</header>")]).texts)


def test_a_role_is_not_shown_twice_when_the_name_is_the_role(client, named, plan):
    assert header(login(client, named["relief"]).get("/goals/")).count("帮扶干事") == 1
    assert header(login(client, named["admin"]).get("/goals/")).count("管理员") == 1
    assert "张填报（单位填报）" in header(login(client, named["editor"]).get("/goals/"))


def test_the_metric_page_names_the_metric_not_its_code(client, named, plan):
    approve(plan, named)
    project = plan.projects.get(code=P2)
    indicator = Indicator.objects.get(project=project, name="组织完成省部级劳模体检及时率")
    relief.binding_set(indicator=indicator, metric="checks_on_time_rate", params={"deadline": "2021-11-30"},
                       user=named["relief"])
    page = text(login(client, named["editor"]).get(f"/relief/actuals/{indicator.pk}/"))
    assert "取数口径：\n按期体检率\n（截止日期2021年11月30日）" in page
    for code in ("checks_on_time_rate", "deadline", "{'", "参数"):
        assert code not in page, code


def test_binding_with_a_round_only_is_not_a_server_error(client, named, plan):
    approve(plan, named)
    indicator = Indicator.objects.get(project__plan=plan, name="受帮扶困难职工满意度")
    response = login(client, named["relief"]).post(f"/relief/actuals/{indicator.pk}/bind/",
                                                   {"metric": "survey_satisfaction", "round": "2021年春节送温暖"})
    assert response.status_code == 302
    page = text(client.get(f"/relief/actuals/{indicator.pk}/"))
    assert "只计轮次“2021年春节送温暖”" in page and "survey_satisfaction" not in page


def test_the_upload_preview_names_the_framework_in_words(client, named):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import SEED

    response = login(client, named["editor"]).post("/goals/upload/", {
        "file": SimpleUploadedFile("昌黎县总工会绩效目标.txt", SEED.read_bytes())})  # a file name is the user's own
    page = text(response)
    assert "指标体系：产出、效益、满意度" in page and "导入预览" in page
    assert not english_words([page])


# ---------------------------------------------------------------- every page, every role

# English a user may meet on purpose: file formats offered for upload and download, the
# programs that make those files, and the product's own name. Anything else is a bug.
ALLOWED = {"jixiao", "docx", "xlsx", "pdf", "json", "csv", "txt", "doc", "xls", "wps", "word", "excel", "api", "html", "htm", "mhtml"}
ALLOWED |= {"strict"}  # a shipped rule set's code, CZ-2020-10-STRICT, offered by name on the plan page
WORD = re.compile(r"[A-Za-z0-9_]+")
START = ["/goals/", "/goals/projects/", "/goals/upload/", "/relief/register/", "/relief/rounds/", "/relief/workers/",
         "/relief/standards/", "/relief/surveys/", "/?public=1", "/login/"]
AREAS = ("/goals/", "/evaluation/", "/relief/", "/public/", "/?", "/login/")


def english_words(texts) -> set[str]:
    """Words of 3+ Latin letters; a token with a digit in it is a code or a number (项目编码, 2021)."""
    return {w for t in texts for w in WORD.findall(t)
            if not any(c.isdigit() for c in w) and len(w.strip("_")) >= 3 and w.lower() not in ALLOWED}


@pytest.fixture
def year(named, plan):
    """The seed approved and published, with a round paid, checks, a survey and bound indicators."""
    approve(plan, named)
    goals.plan_publish(plan=plan, user=named["approver"])
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    header = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]
    rows = [header] + [[f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
                       for k in range(4)]
    relief.register_import(unit=plan.unit, rows=rows, user=named["relief"])
    p1, p2 = plan.projects.get(code=P1), plan.projects.get(code=P2)
    spring = relief.round_create(project=p1, name="2021年春节送温暖", kind="救助", start=date(2021, 1, 15),
                                 end=date(2021, 2, 10), degrees=[], user=named["relief"])
    relief.round_approve(round_=spring, user=named["approver"])
    for k in range(3):
        relief.payment_record(round_=spring, id_number=made_up_id(k), amount=D(500), on=date(2021, 2, 1),
                              user=named["relief"])
    worker = ModelWorker.objects.create(unit=plan.unit, id_number=made_up_id(200), name="劳模甲", level="省部级",
                                        year_honoured=2015)
    relief.check_record(worker=worker, project=p2, year=2021, state="已检", on=date(2021, 6, 1), institution="县医院",
                        cost=D(500), reason="", user=named["relief"])
    survey = relief.survey_create(project=p1, name="春节救助回访", questions=["总体", "及时"], round_=spring,
                                  user=named["relief"])
    SurveyResponse.objects.create(survey=survey, answers=[5, None])
    for name, metric, params in [("困难帮扶人数", "persons_paid", {}),
                                 ("受帮扶困难职工满意度", "survey_satisfaction", {"round": spring.name})]:
        relief.binding_set(indicator=Indicator.objects.get(project=p1, name=name), metric=metric, params=params,
                           user=named["relief"])
    relief.binding_set(indicator=Indicator.objects.get(project=p2, name="组织完成省部级劳模体检及时率"),
                       metric="checks_on_time_rate", params={"deadline": "2021-11-30"}, user=named["relief"])
    goals.plan_copy_next_year(plan=plan, user=named["editor"])  # a draft too, with its editing forms
    return plan


def walk(client, start, limit=80):
    """The start pages, and the pages they link to: two per kind of address (ids and queries
    aside), so that both the draft and the approved plan are read."""
    seen, kinds, pages = set(), Counter(), {}
    todo = [(url, True) for url in start]
    while todo and len(pages) < limit:
        url, wanted = todo.pop(0)
        url = url.split("#")[0]
        kind = re.sub(r"\d+", "N", url.split("?")[0]) + ("?public" if "public=1" in url else "")
        if url in seen or not url.startswith(AREAS) or re.search(r"download|\.(xlsx|docx|pdf|json)", url):
            continue
        if kinds[kind] >= 2 and not wanted:
            continue
        seen.add(url)
        kinds[kind] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        page = visible(response.content.decode())
        pages[url] = page.texts
        todo += [(link, False) for link in page.links]
    return pages


@pytest.mark.parametrize("who", ["editor", "approver", "finance", "relief", "admin", None])
def test_no_page_shows_english_or_doubled_words(client, named, year, who):
    if who:
        login(client, named[who])
    bound = [b.indicator for b in MetricBinding.objects.select_related("indicator__project")]
    draft = Plan.objects.get(unit=year.unit, year=year.year + 1)
    start = [f"/goals/{year.pk}/", f"/goals/projects/{draft.projects.first().pk}/",
             *{f"/goals/projects/{i.project_id}/" for i in bound},
             *(f"/relief/actuals/{i.pk}/" for i in bound), *START]
    pages = walk(client, start)
    must = {"/goals/", "/relief/register/", "/relief/rounds/"} if who else {"/?public=1", "/login/"}
    assert must <= set(pages), set(pages)
    if who:
        assert {f"/relief/actuals/{i.pk}/" for i in bound} <= set(pages)
        assert any("/monitoring/" in u for u in pages) and any("/self-evaluation/" in u for u in pages)
        rounds = {f"/relief/rounds/{pk}/" for pk in Round.objects.values_list("pk", flat=True)}  # ids: any (PostgreSQL)
        assert any(u.startswith("/relief/people/") for u in pages) and rounds & set(pages)
    if who == "editor":
        assert any(u.startswith("/goals/indicators/") for u in pages) and "/goals/upload/" in pages
    if who is None:
        assert any(u.startswith("/public/") for u in pages)
    found = {url: english_words(texts) for url, texts in pages.items()}
    assert not {url: words for url, words in found.items() if words}
    doubled = {url for url, texts in pages.items() if any("已已" in t for t in texts)}
    assert not doubled


def test_a_users_page_shows_no_english_label_of_its_hidden_fields(client, users):
    """The edit form keeps what the page showed in hidden fields; their names are never labels."""
    login(client, users["admin"])
    text = client.get(f"/accounts/users/{users['editor'].pk}/").content.decode()
    assert 'name="seen_name"' in text and "Seen name" not in text and "Seen active" not in text
