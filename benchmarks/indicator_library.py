"""The indicator library's suggestions over 1,000,000 approved indicators (issue 15 §5: ≤ 50 ms).

A throwaway database (SQLite by default; `--postgres` a throwaway PostgreSQL cluster) is filled with
2,000 units' approved plans of 50 projects and 10 indicators each (1,000,000 indicators, names drawn
from a vocabulary of objects and measures as goal tables write them, targets spread around a typical
value), then timed:
- the snapshot's build (once per process, and again only when an approved plan or an entry changed);
- `suggestions()` for a project's name and purpose, with the spread of each suggestion's targets
  (what the page asks before anything is typed), and for a typed indicator name with its target;
- the whole htmx answer (`POST /library/assist/<project>/`, login, CSRF off as the test client has it,
  the project looked up and the template rendered).
Each as p50/p95 over the queries below, with the ratio of p95 to the 50 ms goal.

`.venv/bin/python benchmarks/indicator_library.py [--indicators N] [--postgres]`
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

GOAL_MS = 50.0
OBJECTS = [
    "困难职工", "劳模", "农村道路", "中小学生", "教师", "病床", "养老服务", "残疾人", "退役军人", "农户", "贫困家庭",
    "社区", "村卫生室", "义务教育", "职业培训", "就业困难人员", "高校毕业生", "农田水利", "河道", "森林", "公共厕所",
    "路灯", "垃圾处理", "污水处理", "饮水工程", "文化活动", "图书馆", "体育场馆", "志愿者", "法律援助", "安全生产",
    "食品抽检", "疫苗接种", "妇幼保健", "慢性病", "家庭医生", "老年人", "孤儿", "低保对象", "特困人员", "危房改造",
    "小微企业", "科技项目", "专利", "招商引资", "旅游", "农产品", "畜牧", "渔业", "种子", "化肥", "农机", "电商",
    "档案", "信息系统", "办公设备", "公务用车", "会议", "培训班", "宣传", "调研报告", "党建活动", "工会会员", "女职工",
    "农民工", "技能人才", "职工书屋", "职工之家", "送温暖", "金秋助学", "医疗救助", "心理健康", "应急物资", "消防",
]
MEASURES = [
    ("人数", "人", 400), ("覆盖率", "%", 95), ("满意度", "%", 90), ("合格率", "%", 98), ("完成率", "%", 100),
    ("补助标准", "元", 500), ("发放金额", "万元", 20), ("次数", "次", 4), ("数量", "个", 30), ("及时率", "%", 100),
    ("受益人数", "人", 1000), ("人均成本", "元", 800), ("培训人次", "人次", 300), ("巡查次数", "次", 12),
    ("建设里程", "公里", 10), ("资金到位率", "%", 100), ("投诉率", "%", 1), ("参与人数", "人", 200),
]
PREFIXES = ["", "", "", "年度", "新增", "全县", "农村", "城区", "重点", "县级"]
LEVEL2 = {"人": "数量指标", "人次": "数量指标", "次": "数量指标", "个": "数量指标", "公里": "数量指标", "%": "质量指标",
          "元": "成本指标", "万元": "成本指标"}
QUERIES = [
    ("困难职工帮扶", "对在档困难职工开展生活救助、医疗救助、子女助学"),
    ("劳模体检", "省部级劳动模范的健康体检费用"),
    ("农村公路养护", "全县农村道路日常养护和危桥改造"),
    ("职工技能培训", "组织农民工和一线职工参加职业技能培训"),
    ("城乡居民医疗救助", "对低保对象、特困人员的医疗费用给予救助"),
    ("义务教育学生营养改善计划", "为农村义务教育阶段中小学生提供营养膳食补助"),
    ("办公设备购置", "购置计算机、打印机等办公设备"),
    ("送温暖慰问资金", "春节期间向困难职工、劳模发放慰问金"),
    ("农村饮水安全工程", "新建和改造农村饮水工程，保障饮水安全"),
    ("老年人健康管理", "为65岁以上老年人提供健康体检和家庭医生签约服务"),
]
TYPED = [("困难职工人数", "≥400人"), ("劳模体检人数", "=48人"), ("职工书屋满意度", "≥90%"), ("农村道路建设里程", "≥12公里"),
         ("医疗救助补助标准", "≥500元")]


def synthesize(total: int, seed: int = 15):
    """(unit code, year, project name, [(三级指标, op, value, unit, raw, level2)]) per project."""
    rnd = random.Random(seed)
    projects = total // 10
    for p in range(projects):
        unit = p // 50
        obj = rnd.choice(OBJECTS)
        rows = []
        for _ in range(10):
            measure, unit_name, typical = rnd.choice(MEASURES)
            thing = obj if rnd.random() < 0.6 else rnd.choice(OBJECTS)
            name = f"{rnd.choice(PREFIXES)}{thing}{measure}"
            value = max(1, round(typical * rnd.lognormvariate(0, 0.35)))
            op = "≤" if unit_name in ("元", "万元") and measure.endswith("成本") else "≥"
            rows.append((name, op, value, unit_name, f"{op}{value}{unit_name}", LEVEL2[unit_name]))
        yield f"{720000 + unit}", 2021 + (unit % 3), f"{obj}项目{p}", rows


def fill(total: int) -> int:
    """Units, approved plans, projects and indicators written in bulk (raw SQL: the ORM's per-row cost
    is not what is measured). Returns the id of one project for the page."""
    from django.db import connection, transaction

    from jixiao.web.goals.models import Indicator, Plan, Project, Unit

    units: dict[str, int] = {}
    plans: dict[tuple[str, int], int] = {}
    project_rows, indicator_rows = [], []
    with transaction.atomic():
        for code, year, name, _rows in synthesize(total):
            if code not in units:
                units[code] = Unit.objects.create(code=code, name=f"某县单位{code}").pk
                plans[(code, year)] = Plan.objects.create(unit_id=units[code], year=year, state=Plan.APPROVED,
                                                          grade="良").pk
            project_rows.append((plans[(code, year)], len(project_rows), "", name, 100000, 100000, 0, "", "[]", 1))
        with connection.cursor() as cur:
            cur.executemany(f"INSERT INTO {Project._meta.db_table} (plan_id, position, code, name, total, fiscal, other,"
                            " purpose, goals, version) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", project_rows)
            cur.execute(f"SELECT id FROM {Project._meta.db_table} ORDER BY id")
            ids = [r[0] for r in cur.fetchall()]
        for project_id, (_, _, _, rows) in zip(ids, synthesize(total)):
            for position, (name, op, value, unit, raw, level2) in enumerate(rows):
                indicator_rows.append((project_id, position, "产出指标", level2, name, "", raw, op, value, unit, False, ""))
            if len(indicator_rows) >= 50_000:
                _insert(indicator_rows, Indicator._meta.db_table)
        _insert(indicator_rows, Indicator._meta.db_table)
    return ids[0]


def _insert(rows: list, table: str) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.executemany(f"INSERT INTO {table} (project_id, position, level1, level2, name, description, target_raw,"
                        " op, value, unit, inferred, basis) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        rows)
    rows.clear()


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def timed_runs(fn, calls: list, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for args in calls:
            start = time.perf_counter()
            fn(*args)
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicators", type=int, default=1_000_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    if args.postgres:
        from pgcluster import cluster
        context = cluster()
    else:
        context = nullcontext(None)
    with context as url, tempfile.TemporaryDirectory() as data:
        os.environ["JIXIAO_DATA_DIR"] = data
        if url:
            os.environ["DATABASE_URL"] = url
        from jixiao.web import commands

        commands.setup()
        commands.migrate()
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.test import Client

        from jixiao.web.goals.models import Indicator
        from jixiao.web.library import selectors

        start = time.perf_counter()
        project_id = fill(args.indicators)
        print(f"数据库（{'PostgreSQL' if url else 'SQLite'}）：{Indicator.objects.count():,}个已批复指标，"
              f"写入{time.perf_counter() - start:.1f}秒")

        start = time.perf_counter()
        snapshot = selectors.library_snapshot()
        build = time.perf_counter() - start
        print(f"建立索引（每个进程一次，已批复计划或指标库变化后重建）：{build:.1f}秒；"
              f"{len(snapshot.items):,}个不同指标名称，{len(snapshot.spreads):,}组目标值分布")

        selectors.suggestions(text=QUERIES[0][0], context=QUERIES[0][1])  # warm
        by_project = timed_runs(lambda t, c: selectors.suggestions(text=t, context=c), QUERIES, args.rounds)
        by_typed = timed_runs(lambda n, t: (selectors.suggestions(text=n), selectors.spread_text(
            selectors.library_snapshot(), n, t)), TYPED, args.rounds)

        user = get_user_model().objects.create_user("bench")
        user.groups.add(Group.objects.create(name="管理员"))
        client = Client()
        client.force_login(user)
        url_of = f"/library/assist/{project_id}/"
        assert client.post(url_of, {"name": "", "target_raw": ""}).status_code == 200
        page = timed_runs(lambda n, t: client.post(url_of, {"name": n, "target_raw": t, "level2": ""}),
                          [("", "")] + TYPED, args.rounds)

        print(f"{'请求':<34}{'次数':>6}{'p50 ms':>10}{'p95 ms':>10}{'p95/50ms':>10}")
        for label, times in [("按项目名称和资金用途建议", by_project), ("按输入的指标名称建议并定位目标值", by_typed),
                             ("整个htmx应答（POST /library/assist/）", page)]:
            p50, p95 = percentiles(times)
            print(f"{label:<34}{len(times):>6}{p50:>10.1f}{p95:>10.1f}{p95 / GOAL_MS:>10.2f}")
        sample = selectors.suggestions(text="困难职工帮扶", limit=3)
        for s in sample:
            print(f"  困难职工帮扶 → {s['item'].name}（已批复使用{s['item'].used}次）{s['spread']}")


if __name__ == "__main__":
    main()
