"""A realistic year of the seed union's programmes, recorded through the services so
that every rule holds: 420 registered workers (some lifted out of hardship, some closed,
six re-assessed and paid in both rounds), the Spring Festival and National Day rounds,
48 provincial model workers and their checks, the special fund's twelve recipients (found
in deep hardship through illness after the Spring Festival and registered then: 432 in all),
survey answers, and the indicators bound to the metrics that read them. The union relieves
406 workers across its projects (394 by the 送温暖 fund's 400 payments of 500元, six paid
twice, and the special fund's 12 at 1.21万元), the seed's 400 or more at 500元 or more each.

The unit's relief officer draws each round and imports the bank's return file; an administrator,
not the drafter, approves the list."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from ...relief.synthetic import made_up_id
from ..goals.models import Indicator, Plan
from . import services
from .models import Beneficiary, ModelWorker, Payment, Standard, Survey, SurveyResponse

P1, P2, P3 = "GVUVTX63BWWCQ", "QUQ99RB4O5098", "W892NIM0EVGFV"
HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度", "银行账号", "开户银行",
          "建档日期"]
RETURN_HEADER = ["身份证号", "金额", "日期", "状态"]  # the bank's return file (回盘)
BANK = "中国农业银行昌黎县支行"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国秀英桂兰志强海燕玉梅立新春华小红文军淑珍国庆丽娟永胜凤琴德明晓东金凤长青红梅建华玉兰"
EMPLOYERS = ["昌黎县纺织厂", "县建筑公司", "昌黎镇环卫所", "县果品公司", "县运输公司", "葡萄酒厂", "县供销社"]
BINDINGS: dict[str, dict[str, tuple[str, dict[str, str]]]] = {  # indicator name → (metric, params)
    P1: {"困难帮扶人数": ("persons_paid", {}), "帮扶防贫资金发放合规率": ("compliance_rate", {}),
         "帮扶资金发放时间": ("rounds_on_time", {}), "每人保障补助标准金额": ("minimum_per_person", {}),
         "受帮扶困难职工满意度": ("survey_satisfaction", {})},
    P2: {"劳模体检人数": ("checks_done", {}), "组织完成省部级劳模体检及时率": ("checks_on_time_rate", {"deadline": "2021-11-30"}),
         "体检标准": ("check_cost_per_person", {}), "劳模体检项目的满意程度": ("survey_satisfaction", {})},
    P3: {"困难职工帮扶人数": ("persons_paid", {}), "帮扶资金发放合规率": ("compliance_rate", {}),
         "每人帮扶救助金额": ("minimum_per_person", {}), "受救助困难职工满意度": ("survey_satisfaction", {})},
}


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))


def _register(plan: Plan, user, rng: random.Random) -> None:
    """194 in deep hardship, 200 in relative hardship or after an accident, 26 who will be
    lifted out or closed. Born from 1950 to 1992, most of them before their county's code
    130322 existed (1983)."""
    rows = [HEADER]
    for k in range(420):
        degree, cause = ("深度困难", "因灾" if k < 12 else rng.choice(["因残", "因灾", "子女就学"])) if k < 194 else \
            ("意外致困", "意外") if k < 200 else ("相对困难", rng.choice(["因病", "失业", "子女就学", "其他"]))
        rows.append([_name(rng), made_up_id(k), f"13{rng.randint(100000000, 999999999)}", rng.choice(EMPLOYERS),
                     str(rng.randint(1, 6)), str(rng.randint(8000, 36000)), cause, degree, f"622848{k:013d}", BANK,
                     f"{plan.year - 1 - k % 3}-{1 + k % 12:02d}-{1 + k % 28:02d}"])  # on the register 1–3 years
    services.register_import(unit=plan.unit, rows=rows, user=user)
    people = {b.id_number: b for b in Beneficiary.objects.filter(unit=plan.unit)}
    for k in range(394, 420):  # lifted out of hardship or closed before the year's rounds
        services.beneficiary_move(beneficiary=people[made_up_id(k)], to="脱困" if k < 414 else "注销",
                                  on=date(plan.year, 1, 5), user=user)


NEWCOMERS = 12  # found in deep hardship through illness after the Spring Festival: the special fund's


def _newcomers(plan: Plan, user) -> None:
    """Registered in February, after the spring round was paid: each is the special fund's (深度困难, 因病)
    and no one else's. Their own random source, so that the year's other draws stay as they were."""
    rng = random.Random(202102)
    rows = [HEADER] + [[_name(rng), made_up_id(k), f"13{rng.randint(100000000, 999999999)}", rng.choice(EMPLOYERS),
                        str(rng.randint(1, 6)), str(rng.randint(6000, 20000)), "因病", "深度困难", f"622848{k:013d}", BANK,
                        f"{plan.year}-02-{10 + k % 12:02d}"] for k in range(420, 420 + NEWCOMERS)]
    services.register_import(unit=plan.unit, rows=rows, user=user, name=f"{plan.year}年2月新认定困难职工.csv")


def _pay(round_, user, rng: random.Random, first: date, late: int = 0) -> None:
    """The bank's return file of the round, imported as the officer does."""
    rows = [RETURN_HEADER]
    for k, entry in enumerate(round_.entries.order_by("id")):
        on = first + timedelta(days=rng.randint(0, 10))
        if k < late:
            on = round_.end + timedelta(days=rng.randint(3, 12))  # a few paid after the round closed
        rows.append([entry.id_number, f"{entry.amount:,.2f}", on.isoformat(), "已发放"])
    services.payments_import(round_=round_, rows=rows, name=f"{round_.name}回盘.csv", user=user)


def return_file(round_) -> list[list[str]]:
    """The bank's return file the demo imported for a round: each payment recorded from it."""
    rows = [RETURN_HEADER]
    for p in Payment.objects.filter(entry__round=round_, reverses__isnull=True).select_related("entry").order_by("id"):
        rows.append([p.entry.id_number, f"{p.amount:,.2f}", p.date.isoformat(), p.get_status_display()])
    return rows


def _rounds(plan: Plan, user, officer, rng: random.Random) -> None:
    """Drawn and paid by `officer`, approved by `user`."""
    year = plan.year
    p1, p3 = plan.projects.get(code__endswith=P1), plan.projects.get(code__endswith=P3)
    spring = services.round_create(project=p1, name=f"{year}年春节送温暖", kind="救助", start=date(year, 1, 15),
                                   end=date(year, 2, 10), degrees=["深度困难"], user=officer)
    services.round_approve(round_=spring, user=user)
    _pay(spring, officer, rng, date(year, 1, 25))
    _newcomers(plan, officer)
    people = {b.id_number: b for b in Beneficiary.objects.filter(unit=plan.unit)}
    for k in range(100, 106):  # re-assessed after accidents in the summer: in the autumn round too
        b = people[made_up_id(k)]
        services.beneficiary_update(beneficiary=b, fields={"degree": "意外致困"}, version=b.version, user=user)
    autumn = services.round_create(project=p1, name=f"{year}年国庆救助", kind="救助", start=date(year, 9, 20),
                                   end=date(year, 10, 10), degrees=["相对困难", "意外致困"], user=officer)
    services.round_approve(round_=autumn, user=user)
    _pay(autumn, officer, rng, date(year, 9, 24), late=3)
    special = services.round_create(project=p3, name=f"{year}年困难职工专项帮扶", kind="专项救助",
                                    start=date(year, 3, 1), end=date(year, 11, 30), degrees=["深度困难"], user=officer)
    services.round_approve(round_=special, user=user)
    _pay(special, officer, rng, date(year, 3, 18))


def _checks(plan: Plan, user, rng: random.Random) -> None:
    p2 = plan.projects.get(code__endswith=P2)
    for k in range(48):
        worker = ModelWorker.objects.create(unit=plan.unit, id_number=made_up_id(5000 + k), name=_name(rng),
                                            level="省部级", year_honoured=rng.randint(1995, 2019))
        if k == 46:
            state, on, reason = "放弃", None, "本人已在外地体检"
        elif k == 47:
            state, on, reason = "未检", None, "因病住院，年内未能体检"
        else:
            state, reason = "已检", ""
            on = date(plan.year, 12, 3) if k == 45 else date(plan.year, 6, 1) + timedelta(days=rng.randint(0, 120))
        services.check_record(worker=worker, project=p2, year=plan.year, state=state, on=on,
                              institution="昌黎县人民医院" if on else "", cost=Decimal(500) if on else Decimal(0),
                              reason=reason, user=user)


# Each survey follows what it asks about: (project, responses, name, round it follows or None, the day
# it starts, the days its answers come in over). The spring round is followed up in late February; the
# autumn round once its late payments are in; the checks and the special fund at the year's end, once done.
SURVEYS = ((P1, 150, "春节送温暖救助满意度回访", "春节送温暖", (2, 22), 12),
           (P1, 150, "国庆救助满意度回访", "国庆救助", (10, 26), 12),
           (P2, 46, "劳模体检满意度调查", None, (12, 8), 10),
           (P3, 12, "专项帮扶满意度调查", "困难职工专项帮扶", (12, 6), 5))


def _surveys(plan: Plan, rng: random.Random) -> None:
    """The answers come in over the days after a survey starts, each dated the day it was given."""
    year = plan.year
    for suffix, count, name, about, (month, day), days in SURVEYS:
        project = plan.projects.get(code__endswith=suffix)
        round_ = project.rounds.get(name=f"{year}年{about}") if about else None
        on = date(year, month, day)
        survey = Survey.objects.create(project=project, round=round_, name=name, date=on,
                                       questions=["对救助（服务）的总体评价", "对发放及时性的评价"])
        SurveyResponse.objects.bulk_create([
            SurveyResponse(survey=survey, date=on + timedelta(days=k % days),
                           answers=[rng.choices([5, 4, 3, 2], [60, 36, 3, 1])[0],
                                    rng.choices([5, 4, 3, None], [55, 38, 5, 2])[0]])
            for k in range(count)])


def load_year(plan: Plan, user, *, officer) -> set[int]:
    """Record the year (`officer`: the unit's relief officer, who draws and pays the rounds that
    `user` approves); return the ids of the indicators now computed from records."""
    rng = random.Random(2021)
    for kind, amount, degree, cause in (("救助", 500, "", ""), ("专项救助", 12100, "深度困难", "因病")):
        Standard.objects.create(unit=plan.unit, year=plan.year, kind=kind, amount=Decimal(amount), degree=degree,
                                cause=cause)
    _register(plan, user, rng)
    _rounds(plan, user, officer, rng)
    _checks(plan, user, rng)
    _surveys(plan, rng)
    bound = set()
    for suffix, indicators in BINDINGS.items():
        for name, (metric, params) in indicators.items():
            indicator = Indicator.objects.get(project__plan=plan, project__code__endswith=suffix, name=name)
            services.binding_set(indicator=indicator, metric=metric, params=params, user=user)
            bound.add(indicator.pk)
    return bound
