"""A province's year, scored and monitored: 300,000 projects, 3,000,000 indicators,
10,000,000 spending records (synthetic), through the columnar path (DuckDB over
Parquet) and through the per-project Python path, which gives the same numbers
(tests/evaluation/test_province.py). The per-project path is timed on a sample
and scaled to the province. Goals (issue 4): the province in ≤ 10 s, columnar
≥ 20× faster. Run with `make bench`; sizes by JIXIAO_PROVINCE_PROJECTS."""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from jixiao.evaluation import province
from jixiao.rulesets import load

PROJECTS = int(os.environ.get("JIXIAO_PROVINCE_PROJECTS", "300000"))
SAMPLE = int(os.environ.get("JIXIAO_PROVINCE_SAMPLE", "3000"))
AS_OF = date(2021, 7, 31)


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


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="jixiao-province-"))
    try:
        start = time.perf_counter()
        province.synthesize(work / "in", PROJECTS)
        (work / "out").mkdir()
        con = province.connect(work / "in")
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in province.TABLES}
        print(f"synthetic province: {counts['projects']:,} projects, {counts['indicators']:,} indicators, "
              f"{counts['spending']:,} spending records ({time.perf_counter() - start:.1f} s to make)")
        fast = columnar(work / "in", work / "out")
        slow_sample = per_project(work / "in", SAMPLE)
        slow = slow_sample * counts["projects"] / min(SAMPLE, counts["projects"])
        print(f"columnar (DuckDB over Parquet), score + monitor, all projects: {fast:.2f} s")
        print(f"per-project Python path: {slow_sample:.2f} s for {min(SAMPLE, counts['projects']):,} projects, "
              f"{slow:.0f} s for the province")
        print(f"ratio: columnar is {slow / fast:.0f}× faster")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
