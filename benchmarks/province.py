"""A province's year, scored and monitored: 300,000 projects, 3,000,000 indicators,
10,000,000 spending records (synthetic).

1. The columnar path (DuckDB over Parquet) against the per-project Python path, which gives the same
   numbers (tests/evaluation/test_province.py); the per-project path is timed on a sample and scaled to
   the province. Goals (issue 4): the province in ≤ 10 s, columnar ≥ 20× faster.
2. `jixiao province score --dir DIR` (issue 15): the command as a person runs it (a new process: Python,
   the imports, the folder checked against its schema, every project scored, the counts), and the same
   path inside this process, beside DuckDB running the bare scoring SQL (province.score_sql into a table,
   nothing checked or counted) on the same files, under each shipped rule set. Goals: the command ≤ 3 s;
   the bare SQL was measured at 0.40 s when the issue was written.

Each time is the best of RUNS runs, wall clock and the CPU seconds of the process (which a busy, shared
machine moves less). Run with `make bench`; sizes by JIXIAO_PROVINCE_PROJECTS."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib.resources import files
from pathlib import Path

from jixiao.evaluation import province
from jixiao.evaluation.province_report import score_directory
from jixiao.rulesets import load

PROJECTS = int(os.environ.get("JIXIAO_PROVINCE_PROJECTS", "300000"))
SAMPLE = int(os.environ.get("JIXIAO_PROVINCE_SAMPLE", "3000"))
RUNS = int(os.environ.get("JIXIAO_PROVINCE_RUNS", "3"))
AS_OF = date(2021, 7, 31)
JIXIAO = str(Path(sys.executable).with_name("jixiao"))


def columnar(directory: Path, out: Path) -> float:
    rules = load()
    con = province.connect(directory)
    start = time.perf_counter()
    con.execute(f"COPY ({province.score_sql(rules)}) TO '{out / 'scores.parquet'}' (FORMAT parquet)")
    projects_sql, indicators_sql = province.monitor_sql(rules, AS_OF)
    con.execute(f"COPY ({projects_sql}) TO '{out / 'monitor.parquet'}' (FORMAT parquet)")
    con.execute(f"COPY ({indicators_sql}) TO '{out / 'monitor_indicators.parquet'}' (FORMAT parquet)")
    return time.perf_counter() - start


def per_project(directory: Path, sample: int) -> float:
    rules = load()
    con = province.connect(directory)
    codes = [c for (c,) in con.execute("SELECT code FROM projects").fetchall()]
    chosen = random.Random(1).sample(codes, min(sample, len(codes)))
    start = time.perf_counter()
    projects, actuals, spending = province.load_projects(con, chosen)
    province.score_each(projects, actuals, spending, rules)
    province.monitor_each(projects, actuals, spending, rules, AS_OF)
    return time.perf_counter() - start


def shipped_rulesets() -> list[str]:
    return sorted(p.name.removesuffix(".toml").upper() for p in files("jixiao.rulesets").iterdir()
                  if p.name.endswith(".toml"))


def cpu(who=resource.RUSAGE_SELF) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def bare_sql(directory: Path, code: str) -> tuple[float, float]:
    """DuckDB alone: the scoring SQL over the files into a table, in a fresh connection (wall, CPU seconds)."""
    con = province.connect(directory)
    sql = province.score_sql(load(code))
    start, used = time.perf_counter(), cpu()
    con.execute(f"CREATE TEMP TABLE scores AS {sql}")
    return time.perf_counter() - start, cpu() - used


def in_process(directory: Path, code: str) -> tuple[float, float, dict[str, float]]:
    start, used = time.perf_counter(), cpu()
    summary, _ = score_directory(directory, load(code))
    return time.perf_counter() - start, cpu() - used, summary.seconds


def command(directory: Path, code: str) -> tuple[float, float, dict]:
    """`jixiao province score --dir DIR --ruleset CODE --json` in a new process, timed from outside."""
    start, used = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
    done = subprocess.run([JIXIAO, "province", "score", "--dir", str(directory), "--ruleset", code, "--json"],
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - start, cpu(resource.RUSAGE_CHILDREN) - used, json.loads(done.stdout)


def best(measure, *args):
    runs = [measure(*args) for _ in range(RUNS)]
    return min(runs, key=lambda r: r[0] if isinstance(r, tuple) else r)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="jixiao-province-"))
    try:
        start = time.perf_counter()
        province.synthesize(work / "in", PROJECTS)
        (work / "out").mkdir()
        con = province.connect(work / "in")
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in province.TABLES}
        print(f"synthetic province: {counts['projects']:,} projects, {counts['indicators']:,} indicators, "
              f"{counts['spending']:,} spending records ({time.perf_counter() - start:.1f} s to make); "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before measuring; best of {RUNS}")
        fast = best(columnar, work / "in", work / "out")
        slow_sample = per_project(work / "in", SAMPLE)
        slow = slow_sample * counts["projects"] / min(SAMPLE, counts["projects"])
        print()
        print("| path | time | |")
        print("|---|---|---|")
        print(f"| columnar (DuckDB over Parquet), score + monitor, all projects | {fast:.2f} s | goal ≤ 10 s |")
        print(f"| per-project Python path (timed on {min(SAMPLE, counts['projects']):,} projects, scaled) | "
              f"{slow:.0f} s | ({slow_sample:.2f} s for the sample) |")
        print(f"| ratio | {slow / fast:.0f}× | goal ≥ 20× |")
        print()
        print("| rule set | `jixiao province score` (new process) | the same path in process | bare scoring SQL "
              "(DuckDB) | ratio command / bare | ratio in process / bare |")
        print("|---|---|---|---|---|---|")
        for code in shipped_rulesets():
            bare, bare_cpu = best(bare_sql, work / "in", code)
            inside, inside_cpu, parts = best(in_process, work / "in", code)
            whole, whole_cpu, result = best(command, work / "in", code)
            print(f"| {code} | {whole:.2f} s (CPU {whole_cpu:.2f} s) | {inside:.2f} s (CPU {inside_cpu:.2f} s) | "
                  f"{bare:.2f} s (CPU {bare_cpu:.2f} s) | {whole / bare:.1f}× | {inside / bare:.1f}× |")
            grades = ", ".join(f"{g} {n:,}" for g, n in result["counts"].items())
            shown = ", ".join(f"{k} {v:.2f} s" for k, v in parts.items())
            print(f"|   | {result['projects']:,} projects: {grades} | {shown} | | | |", flush=True)
        print()
        print(f"goals: the command ≤ 3 s under each rule set; the bare SQL was 0.40 s when measured for issue 15. "
              f"load average {os.getloadavg()[0]:.1f} after measuring (the machine is shared).")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
