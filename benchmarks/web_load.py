"""The web app under load, on PostgreSQL: 1,000 units, 20,000 projects, 200,000
indicators; 50 concurrent clients (wrk, each thinking 0.5–1.5 s between
requests) on the project list, a project's page, a plan's monitoring page and the
finance desk (财政审核台, all 20,000 projects of one finance bureau's area: counts, colours
and one page of rows), each against a trivial view on the same server. Goal (issue 5):
p95 ≤ 150 ms, no errors; the desk (issue 15 §5): p95 ≤ 100 ms. Run with `make bench-web` (needs wrk and the PostgreSQL binaries)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pgcluster import cluster  # noqa: E402
from webserver import serving  # noqa: E402

UNITS, PROJECTS_PER_UNIT, INDICATORS_PER_PROJECT = 1000, 20, 10
CLIENTS, SECONDS = 50, int(os.environ.get("JIXIAO_BENCH_SECONDS", "20"))
WORKERS = os.environ.get("JIXIAO_BENCH_WORKERS", "4")

LUA = """
math.randomseed(os.time())
function delay() return math.random(500, 1500) end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format("RESULT p50=%.2f p95=%.2f p99=%.2f requests=%d errors=%d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests, errors))
end
"""

FILL = f"""
INSERT INTO goals_unit (code, name, finance_bureau)
  SELECT (700000 + i)::text, '测试单位' || i, '测试县财政局' FROM generate_series(1, {UNITS}) i;
INSERT INTO goals_plan (unit_id, year, framework, template, state, grade, grade_comment, proposed_grade, ruleset, version,
                        created_at, updated_at)
  SELECT id, 2021, 'A', '', 'approved', '良', '', '良', 'CZ-2020-10', 1, now(), now() FROM goals_unit;
INSERT INTO goals_project (plan_id, position, code, name, total, fiscal, other, purpose, plan_6, plan_10, plan_12, goals,
                           review_state, grade, grade_comment, proposed_grade, version)
  SELECT p.id, j, '1303222' || lpad((p.id * 100 + j)::text, 14, '0'), '项目' || p.id || '-' || j, 200000, 200000, 0,
         '用于困难职工生活救助', 50, 100, 100, '["帮助困难职工"]', 'approved', '良', '', '良', 1
  FROM goals_plan p, generate_series(1, {PROJECTS_PER_UNIT}) j;
INSERT INTO goals_indicator (project_id, position, level1, level2, name, description, target_raw, op, value, unit, inferred, basis)
  SELECT pr.id, k,
         (ARRAY['产出指标','产出指标','产出指标','产出指标','产出指标','效益指标','效益指标','效益指标','满意度指标','产出指标'])[k],
         (ARRAY['数量指标','质量指标','时效指标','成本指标','数量指标','社会效益指标','经济效益指标','可持续影响指标','服务对象满意度指标','数量指标'])[k],
         '指标' || k, '', '≥' || (k * 10) || '人', '≥', k * 10, '人', false, '历史标准'
  FROM goals_project pr, generate_series(1, {INDICATORS_PER_PROJECT}) k;
INSERT INTO evaluation_spendingrecord (project_id, date, amount, note, over_budget_reason, version)
  SELECT id, DATE '2021-03-01' + (id % 120)::int, 50000, '支出', '', 0 FROM goals_project;
ANALYZE;
"""

SESSION = """
from jixiao.web import commands; commands.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
user = get_user_model().objects.create_user("bench", password="bench-password-2021")
user.groups.add(Group.objects.get_or_create(name="财政审核")[0])
from jixiao.web.goals.models import ReviewArea
ReviewArea.objects.create(user=user, finance_bureau="测试县财政局")  # the desk's area: all 1,000 units
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value)
"""


def wrk(url: str, cookie: str, script: Path) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{CLIENTS}", f"-d{SECONDS}s", "--timeout", "10s", "-s", str(script),
                          "-H", f"Cookie: sessionid={cookie}", url], capture_output=True, text=True, check=True).stdout
    m = re.search(r"RESULT p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) requests=(\d+) errors=(\d+)", out)
    return {"p50": float(m[1]), "p95": float(m[2]), "p99": float(m[3]), "requests": int(m[4]), "errors": int(m[5])}


def settle(base: str) -> None:
    """Wait until the requests the last page's clients left queued are answered: /healthz answers fast
    three times running. Without it one slow page's backlog is measured on the next page."""
    fast, deadline = 0, time.monotonic() + 120
    while fast < 3 and time.monotonic() < deadline:
        start = time.perf_counter()
        urllib.request.urlopen(base + "/healthz", timeout=60).read()
        fast = fast + 1 if time.perf_counter() - start < 0.02 else 0
        time.sleep(0.2)


def main() -> None:
    with cluster() as url, tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "DATABASE_URL": url, "JIXIAO_DATA_DIR": data}
        subprocess.run([sys.executable, "-c", "from jixiao.web import commands; commands.setup(); commands.migrate()"],
                       env=env, check=True)
        start = time.perf_counter()
        import psycopg

        with psycopg.connect(url) as con:
            con.execute(FILL)
            counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in ("goals_unit", "goals_project", "goals_indicator")]
            plan, project = con.execute("SELECT plan_id, id FROM goals_project ORDER BY id LIMIT 1").fetchone()
        print(f"PostgreSQL: {counts[0]:,} units, {counts[1]:,} projects, {counts[2]:,} indicators "
              f"({time.perf_counter() - start:.1f} s to load)")
        cookie = subprocess.run([sys.executable, "-c", SESSION], env=env, capture_output=True, text=True,
                                check=True).stdout.strip()
        with serving(env, WORKERS) as base:
            pages = {"trivial view (/healthz)": "/healthz", "project list": "/goals/projects/",
                     "a project's page": f"/goals/projects/{project}/",
                     "a plan's monitoring page": f"/evaluation/{plan}/monitoring/",
                     "finance desk": "/desk/?year=2021",
                     "finance desk, red, by execution": "/desk/?year=2021&colour=red&sort=-execution"}
            opener = urllib.request.build_opener()
            opener.addheaders = [("Cookie", f"sessionid={cookie}")]
            for path in pages.values():  # warm every worker before measuring
                for _ in range(20):
                    opener.open(base + path, timeout=30).read()
            script = Path(data) / "think.lua"
            script.write_text(LUA)
            results = {}
            for name, path in pages.items():
                settle(base)
                results[name] = wrk(base + path, cookie, script)
    trivial = results["trivial view (/healthz)"]["p95"]
    print(f"{CLIENTS} clients, {SECONDS} s each, think time 0.5–1.5 s; latency in ms")
    print(f"{'page':<34}{'p50':>8}{'p95':>8}{'p99':>8}{'requests':>10}{'errors':>8}{'p95 ratio':>11}")
    for name, r in results.items():
        print(f"{name:<34}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['p99']:>8.1f}{r['requests']:>10}{r['errors']:>8}"
              f"{r['p95'] / trivial:>10.1f}×")


if __name__ == "__main__":
    main()
