"""The default installation under a county's load (issue 13): the app on SQLite with the demo
data, 20 clients for 30 s mixing reads (pages, API GETs) and writes (完成值 saved through the API,
spending added through the page form with its CSRF token and through the API, 偏差原因 saved,
rounds drawn and approved, monitoring reports saved), each client
in its own thread with its own session, no think time. Prints requests, statuses, p50/p95/max
latency; errors (5xx, a failed connection, any answer the client did not expect) must be 0.

    .venv/bin/python benchmarks/sqlite_load.py          # JIXIAO_BENCH_SECONDS, _CLIENTS, _WORKERS
"""

from __future__ import annotations

import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).parent))
from webserver import serving  # noqa: E402

CLIENTS = int(os.environ.get("JIXIAO_BENCH_CLIENTS", "20"))
SECONDS = int(os.environ.get("JIXIAO_BENCH_SECONDS", "30"))
WORKERS = os.environ.get("JIXIAO_BENCH_WORKERS", "4")

SETUP = """
import json
from jixiao.web import commands
from jixiao.seed import SEED
commands.setup(); commands.migrate()
from jixiao.web.demo import load_demo
users, _ = load_demo(SEED)
from django.contrib.auth import get_user_model
from jixiao.web.accounts.tokens import token_issue
from jixiao.web.goals.models import Plan
User = get_user_model()
from jixiao.web.relief.models import MetricBinding
plan = Plan.objects.get(year=2021)
from django.db.models import F
# The demo year has committed every 元 of its budgets: room for the rounds approved under load.
plan.projects.update(total=F("total") + 10_000_000, fiscal=F("fiscal") + 10_000_000)
bound = set(MetricBinding.objects.values_list("indicator_id", flat=True))
print(json.dumps({
    "plan": plan.pk, "projects": list(plan.projects.values_list("pk", flat=True)),
    "indicators": [[i.pk, f"{i.value.normalize():f}{i.unit}" if i.value is not None else "达成"]
                   for p in plan.projects.all() for i in p.indicators.all() if i.pk not in bound],
    "passwords": {u: p for u, _, p in users},
    "tokens": {u: token_issue(user=User.objects.get(username=u), name="bench")[1]
               for u in ("editor", "relief", "approver")}}))
"""

# A request is expected to answer one of these; anything else is an error.
EXPECTED: dict[str, set[int]] = {}


class Client:
    def __init__(self, base: str, ids: dict, k: int):
        self.base, self.ids, self.k, self.rng = base, ids, k, random.Random(k)
        # A new connection for each request: gunicorn closes a kept-alive one after 2 s idle, and a client
        # that sends on it just then sees a reset that is no answer of the app's.
        self.api = requests.Session()
        self.api.headers.update({"Authorization": f"Bearer {ids['tokens']['editor']}", "Connection": "close"})
        self.page = requests.Session()
        self.page.headers["Connection"] = "close"
        self.page.get(f"{base}/login/", timeout=60)
        self.page.post(f"{base}/login/", data={"username": "editor", "password": ids["passwords"]["editor"],
                                               "csrfmiddlewaretoken": self.page.cookies["csrftoken"]}, timeout=60)
        self.rounds = 0

    def bearer(self, who: str) -> dict:
        return {"Authorization": f"Bearer {self.ids['tokens'][who]}", "Connection": "close"}

    def step(self) -> tuple[str, requests.Response]:
        plan, rng, ids = self.ids["plan"], self.rng, self.ids
        project = rng.choice(ids["projects"])
        kind = rng.choices(["page", "api_get", "value", "spending_api", "spending_page", "reason", "round",
                            "report"], weights=[30, 25, 15, 8, 8, 8, 4, 2])[0]
        b, api = self.base, self.api
        if kind == "page":
            path = rng.choice(["/goals/projects/", f"/goals/projects/{project}/", f"/evaluation/{plan}/monitoring/",
                               f"/evaluation/{plan}/self-evaluation/", f"/goals/{plan}/"])
            return kind, self.page.get(b + path, timeout=120)
        if kind == "api_get":
            path = rng.choice([f"/api/plans/{plan}", f"/api/plans/{plan}/monitoring", f"/api/plans/{plan}/spending",
                               "/api/relief/register?page=1", "/api/relief/rounds"])
            return kind, api.get(b + path, timeout=120)
        if kind == "value":
            mine, actual = ids["indicators"][self.k % len(ids["indicators"])]  # one per client: no stale versions
            body = {"actual": actual, "reason": f"第{self.k}号客户端填写"}
            return kind, api.put(f"{b}/api/plans/{plan}/values/{mine}", json=body, timeout=120)
        if kind == "spending_api":
            body = {"project": project, "date": "2021-06-30", "amount": "1,234.50", "note": "压力测试",
                    "confirm_over_budget": True, "reason": "压力测试"}
            return kind, api.post(f"{b}/api/plans/{plan}/spending", json=body, timeout=120)
        if kind == "spending_page":
            data = {"project": project, "date": "2021-07-01", "amount": "12.50", "note": "压力测试",
                    "confirm_over_budget": "on", "reason": "压力测试",
                    "csrfmiddlewaretoken": self.page.cookies["csrftoken"]}
            return kind, self.page.post(f"{b}/evaluation/{plan}/spending/", data=data, timeout=120,
                                        allow_redirects=False)
        if kind == "reason":
            body = {"kind": "人员", "reason": f"第{self.k}号客户端说明", "measure": "加快进度"}
            return kind, api.put(f"{b}/api/plans/{plan}/reasons/projects/{project}", json=body, timeout=120)
        if kind == "report":
            return kind, api.post(f"{b}/api/plans/{plan}/monitoring/reports", json={"as_of": "2021-07-31"},
                                  timeout=120)
        self.rounds += 1
        body = {"project": project, "name": f"压力测试{self.k}-{self.rounds}", "kind": "救助", "start": "2021-11-01",
                "end": "2021-11-30", "degrees": ["意外致困"]}  # 12 people
        created = requests.post(f"{b}/api/relief/rounds", json=body, headers=self.bearer("relief"), timeout=120)
        if created.status_code != 200:
            return "round_create", created
        return "round_approve", requests.post(f"{b}/api/relief/rounds/{created.json()['id']}/approve",
                                              headers=self.bearer("approver"), timeout=120)


def run(base: str, ids: dict) -> tuple[dict[str, list[float]], collections.Counter, collections.Counter, list[str]]:
    latencies: dict[str, list[float]] = collections.defaultdict(list)
    statuses: collections.Counter = collections.Counter()
    errors: collections.Counter = collections.Counter()
    samples: list[str] = []
    lock = threading.Lock()
    clients = [Client(base, ids, k) for k in range(CLIENTS)]
    start = threading.Barrier(CLIENTS)
    stop_at: list[float] = []

    def loop(client: Client) -> None:
        start.wait()
        if not stop_at:
            stop_at.append(time.monotonic() + SECONDS)
        while time.monotonic() < stop_at[0]:
            began = time.perf_counter()
            try:
                kind, response = client.step()
                status = response.status_code
            except requests.RequestException as exc:
                kind, status, response = "failed", 0, None
                with lock:
                    samples.append(f"{type(exc).__name__}: {exc}"[:200])
            took = time.perf_counter() - began
            bad = status == 0 or status >= 500 or status not in EXPECTED.get(kind, {200, 302})
            with lock:
                latencies[kind].append(took)
                statuses[status] += 1
                if bad:
                    errors[f"{kind} {status}"] += 1
                    if response is not None and len(samples) < 10:
                        samples.append(f"{kind} {status}: {response.text[:200]}")

    threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses, errors, samples


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"JIXIAO_DATA_DIR": data}
        ids = json.loads(subprocess.run([sys.executable, "-c", SETUP], env=env, capture_output=True, text=True,
                                        check=True).stdout.strip().splitlines()[-1])
        with serving(env, WORKERS, log=os.environ.get("JIXIAO_BENCH_LOG")) as base:
            by_kind, statuses, errors, samples = run(base, ids)
        journal = subprocess.run([sys.executable, "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1])"
                                  ".execute('PRAGMA journal_mode').fetchone()[0])", f"{data}/jixiao.sqlite3"],
                                 capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()
    latencies = [t for ts in by_kind.values() for t in ts]
    print(f"SQLite (journal_mode={journal}), demo data, {CLIENTS} clients × {SECONDS} s, no think time, "
          f"`jixiao serve --workers {WORKERS}` (16 threads each); load average after: {load[0]:.1f} on "
          f"{os.cpu_count()} cores")
    print(f"requests {len(latencies)} ({len(latencies) / SECONDS:.1f}/s); statuses "
          + ", ".join(f"{s or 'failed'}: {n}" for s, n in sorted(statuses.items())))
    print(f"latency p50 {percentile(latencies, 50) * 1000:.0f} ms, p95 {percentile(latencies, 95) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms")
    for kind, ts in sorted(by_kind.items()):
        print(f"  {kind:<15}{len(ts):>6} requests, p50 {percentile(ts, 50) * 1000:>6.0f} ms, "
              f"p95 {percentile(ts, 95) * 1000:>6.0f} ms, max {max(ts) * 1000:>6.0f} ms")
    print(f"errors {sum(errors.values())}" + (": " + ", ".join(f"{k} × {n}" for k, n in errors.items()) if errors else ""))
    for line in samples:
        print("  " + re.sub(r"\s+", " ", line))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
