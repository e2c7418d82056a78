"""A whole province at once: self-evaluation and monitoring of hundreds of
thousands of projects through DuckDB over Parquet, giving the same numbers as
`scoring` and `monitoring` do project by project (a test holds them together).

The Parquet files of a province directory (`SCHEMA`; `jixiao province export` writes them from the
web database, `synthesize` at random):
- projects:   code (what names the project in these files: unique in the directory), budget (元), p3, p6,
              p10, p12 (cumulative % of the spending plan, null when blank), and to show it by: plan (its
              plan's id in the database, null when made up), unit (单位编码), year, project_code (项目编码,
              '' when it has none), name (项目名称)
- indicators: code, seq, level1, name, op (≥ ≤ = > < range qualitative), value, value_hi, unit, weight
- actuals:    code, seq, value (in the target's unit), tier (达成/部分达成/未达成), share
- spending:   code, day, amount (元)

`synthesize` writes a realistic random province for benchmarks and tests.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from ..core.document import Budget, Indicator, Project
from ..core.formulas import EXECUTION_RATE_SQL, execution_score_sql
from ..core.spending_plan import SpendingPlan, month_end
from ..core.targets import Target
from ..rulesets import RuleSet
from . import errors as e
from .monitoring import ABSOLUTE, CUMULATIVE, PER_UNIT_WORDS, PRO_RATA, ProjectMonitor, monitor_project
from .quantities import Quantity, computed
from .records import ActualRecord, SpendingRecord
from .scoring import LINEAR_TO_DOUBLE, ProjectScore, score_project

TABLES = ("projects", "indicators", "actuals", "spending")
# Each file's columns with their DuckDB types, as `jixiao province export` writes them.
COLUMNS = {
    "projects": {"code": "VARCHAR", "budget": "DECIMAL(18,2)", "p3": "DOUBLE", "p6": "DOUBLE", "p10": "DOUBLE",
                 "p12": "DOUBLE", "plan": "BIGINT", "unit": "VARCHAR", "year": "INTEGER", "project_code": "VARCHAR",
                 "name": "VARCHAR"},
    "indicators": {"code": "VARCHAR", "seq": "BIGINT", "level1": "VARCHAR", "name": "VARCHAR", "op": "VARCHAR",
                   "value": "DOUBLE", "value_hi": "DOUBLE", "unit": "VARCHAR", "weight": "DOUBLE"},
    "actuals": {"code": "VARCHAR", "seq": "BIGINT", "value": "DOUBLE", "tier": "VARCHAR", "share": "DOUBLE"},
    "spending": {"code": "VARCHAR", "day": "DATE", "amount": "DECIMAL(18,2)"},
}
# The kind of value each column holds (text, number or date): what a directory must have, whatever
# numeric type another writer chose.
SCHEMA = {table: {column: {"VARCHAR": "text", "DATE": "date"}.get(kind, "number") for column, kind in columns.items()}
          for table, columns in COLUMNS.items()}


def connect(directory: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for table in TABLES:
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{directory / table}.parquet')")
    return con


def _sql_list(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


# ---------------------------------------------------------------- self-evaluation

def _lower_sql(actual: str, ceiling: str, linear: bool) -> str:
    """The SQL form of `scoring.lower_is_better`, as a share of the weight."""
    if linear:
        return (f"CASE WHEN {actual} <= {ceiling} THEN 1 WHEN {ceiling} > 0 "
                f"THEN greatest(0, 1 - ({actual} - {ceiling}) / {ceiling}) ELSE 0 END")
    return f"CASE WHEN {actual} <= {ceiling} OR {actual} = 0 THEN 1 WHEN {ceiling} > 0 THEN {ceiling} / {actual} ELSE 0 END"


def score_sql(ruleset: RuleSet) -> str:
    s = ruleset["self_evaluation"]
    weights = s["weights"]
    groups = " ".join(f"WHEN '{l1}' THEN '{w if isinstance(w, str) else l1}'" for l1, w in weights.items())
    bases = " ".join(f"WHEN '{l1}' THEN {w}" for l1, w in weights.items() if not isinstance(w, str))
    total_base = sum(w for w in weights.values() if not isinstance(w, str))
    execution = execution_score_sql("e.rate", s["execution_weight"], over_budget_deducts=not s["execution_cap_100"])
    shares = " ".join(f"WHEN '{t}' THEN {v}" for t, v in s["qualitative"].items())
    ratio, tol, deducts = s["exceed_ratio"], s["eq_tolerance"], "true" if s["exceed_deducts"] else "false"
    points = s["exceed_points"]
    linear = s["lower_is_better"] == LINEAR_TO_DOUBLE
    lower, upper = _lower_sql("actual", "value", linear), _lower_sql("actual", "value_hi", linear)
    # the lowest cap the execution rate brings into force (scoring.execution_cap), NULL when none
    caps = " ".join(f"WHEN e.rate < {below} THEN {cap}" for below, cap in sorted(s["execution_caps"], key=lambda c: c[1]))
    cap = f"CASE {caps} END" if caps else "NULL::DOUBLE"
    grades = " ".join(f"WHEN total >= {floor} THEN '{g}'" for g, floor in ruleset["grades"].items())
    return f"""
    WITH ind AS (
        SELECT i.*, coalesce(CASE i.level1 {groups} END, '') AS grp,
               CASE WHEN a.value < 0 THEN 0 ELSE a.value END AS actual, a.tier, a.share  -- a negative actual counts as 0
        FROM indicators i LEFT JOIN actuals a USING (code, seq)
    ), groups AS (  -- GROUP BY and joins rather than window functions: a third of the CPU
        SELECT code, grp, CASE grp {bases} END AS base, count(*) AS n,
               count(*) FILTER (WHERE weight IS NULL) AS unweighted
        FROM ind GROUP BY code, grp
    ), present AS (
        SELECT code, sum(base) AS present, sum(unweighted) AS unweighted FROM groups GROUP BY code
    ), weighted AS (
        SELECT c.*, CASE WHEN c.weight <= 0
                           THEN error(printf('{e.ZERO_WEIGHT.replace("{indicator}", "%s").replace("{weight}", "%s")}',
                                             c.name, c.weight::VARCHAR))
                         WHEN p.unweighted = 0 THEN c.weight
                         ELSE g.base * {total_base} / p.present / g.n END AS w
        FROM ind c JOIN groups g USING (code, grp) JOIN present p USING (code)
    ), raw AS (
        SELECT *,
          CASE
            WHEN actual IS NULL AND tier IS NULL THEN 0
            WHEN op = 'qualitative' THEN w * coalesce(share, CASE tier {shares} END) / 100
            WHEN op IN ('≥', '>') THEN CASE WHEN value <= 0 THEN w ELSE least(actual / value, 1) * w END
            WHEN op IN ('≤', '<') THEN ({lower}) * w
            WHEN op = '=' THEN CASE WHEN abs(actual - value) <= {tol} THEN w
                                    WHEN value <> 0 THEN w * greatest(0, 1 - abs(actual - value) / abs(value))
                                    ELSE 0 END
            ELSE CASE WHEN actual < value THEN actual / value * w ELSE ({upper}) * w END
          END AS s0,
          CASE WHEN op IN ('≥', '>') THEN value > 0 AND (actual / value > {ratio} OR ({deducts} AND actual / value = {ratio}))
               WHEN op IN ('≤', '<') THEN actual < value / {ratio} ELSE false END AS exceeded
        FROM weighted
    ), scored AS (
        SELECT code, seq, w,
               least(greatest(s0 - CASE WHEN {deducts} AND coalesce(exceeded, false) AND op IN ('≥', '>')
                                        THEN {points} ELSE 0 END, 0), w) AS score,
               coalesce(exceeded, false) AS exceeded, actual IS NULL AND tier IS NULL AS missing
        FROM raw
    ), money AS (
        SELECT code, sum(amount) AS spent FROM spending GROUP BY code
    ), execution AS (
        SELECT p.code, p.budget, coalesce(m.spent, 0) AS spent,
               {EXECUTION_RATE_SQL.format(spent="m.spent", budget="p.budget")} AS rate
        FROM projects p LEFT JOIN money m USING (code)
    ), points AS (
        SELECT code, sum(score) AS points FROM scored GROUP BY code
    ), uncapped AS (
        SELECT e.code, e.budget, e.spent, e.rate, {execution} AS execution, {execution} + coalesce(x.points, 0) AS total,
               {cap} AS cap
        FROM execution e LEFT JOIN points x USING (code)
    ), totals AS (  -- anything above the execution rate's cap deducted
        SELECT code, budget, spent, rate, execution, least(total, coalesce(cap, total)) AS total FROM uncapped
    )
    SELECT *, CASE {grades} ELSE '差' END AS grade FROM totals
    """


def indicator_scores_sql(ruleset: RuleSet) -> str:
    """The per-indicator scores, for checking against the Python path."""
    sql = score_sql(ruleset)
    return sql[: sql.rindex("SELECT *, CASE")].replace("), totals AS (", "), unused AS (") + \
        "SELECT code, seq, w AS weight, score, exceeded, missing FROM scored"


def score_province(con: duckdb.DuckDBPyConnection, ruleset: RuleSet) -> duckdb.DuckDBPyRelation:
    """code, budget, spent, rate, execution score, total and grade of every project."""
    return con.sql(score_sql(ruleset))


# ---------------------------------------------------------------- monitoring

def monitor_sql(ruleset: RuleSet, as_of: date) -> tuple[str, str]:
    m = ruleset["monitoring"]
    year = as_of.year
    days = {k: (month_end(year, k) - date(year - 1, 12, 31)).days for k in (3, 6, 10, 12)}
    day = (as_of - date(year - 1, 12, 31)).days
    in_year = (date(year, 12, 31) - date(year - 1, 12, 31)).days
    cumulative = _sql_list(sorted(CUMULATIVE))
    per_unit = "|".join(PER_UNIT_WORDS)
    likely = m["likely_ratio"]
    if m["colours"] == ABSOLUTE:
        colour = (f"WHEN execution_rate < {m['absolute_red_below']} THEN 'red' "
                  f"WHEN execution_rate >= {m['absolute_green_from']} THEN 'green' ELSE 'yellow'")
    else:
        colour = (f"WHEN execution_rate - planned_rate >= {m['green_gap']} THEN 'green' "
                  f"WHEN execution_rate - planned_rate >= {m['yellow_gap']} THEN 'yellow' ELSE 'red'")
    pro_rata = m["indicator_progress"] == PRO_RATA
    by = "f" if pro_rata else "actual"  # progress of the year's forecast, or of the actual to date
    blue, reminder = m["blue_ratio"], m["deviation_reminder"]
    # monitoring._state: how far the forecast falls short of the target, num ÷ den, compared as
    # num × 100 > reminder × den (exact at the reminder's boundary)
    hi = "coalesce(value_hi, value)"
    num = f"""CASE WHEN op IN ('≥', '>') THEN greatest(value - f, 0) WHEN op IN ('≤', '<') THEN greatest(f - value, 0)
                  WHEN op = '=' THEN abs(f - value) WHEN f < value THEN value - f
                  WHEN f > {hi} AND {hi} <> 0 THEN f - {hi} ELSE 0 END"""
    den = f"CASE WHEN op = '=' THEN abs(value) WHEN op = 'range' AND f > {hi} AND {hi} <> 0 THEN {hi} ELSE value END"
    state = (f"""CASE WHEN value IS NULL OR value = 0 THEN ''
                      WHEN op IN ('≥', '>') AND value > 0 AND f / value >= {blue} THEN 'blue'
                      WHEN ({num}) * 100 > {reminder} * ({den}) THEN 'yellow' ELSE 'green' END"""
             if pro_rata else "''")
    return f"""
    WITH points AS (
        SELECT code, 0 AS d, 0.0 AS pct FROM projects
        UNION ALL SELECT code, {days[3]}, p3 FROM projects WHERE p3 IS NOT NULL
        UNION ALL SELECT code, {days[6]}, p6 FROM projects WHERE p6 IS NOT NULL
        UNION ALL SELECT code, {days[10]}, p10 FROM projects WHERE p10 IS NOT NULL
        UNION ALL SELECT code, {days[12]}, p12 FROM projects WHERE p12 IS NOT NULL
    ), segment AS (
        SELECT code, d, pct, lag(d) OVER w AS d0, lag(pct) OVER w AS pct0
        FROM points WINDOW w AS (PARTITION BY code ORDER BY d)
    ), planned AS (
        SELECT code, coalesce(
                 min_by(pct0 + (pct - pct0) * greatest({day} - d0, 0) / (d - d0), d) FILTER (WHERE d >= {day} AND d0 IS NOT NULL),
                 max_by(pct, d)) AS planned
        FROM segment GROUP BY code
    ), money AS (
        SELECT code, sum(amount) AS spent FROM spending WHERE day <= DATE '{as_of.isoformat()}' GROUP BY code
    ), rows AS (
        SELECT p.code, p.budget, coalesce(m.spent, 0) AS spent,
               {EXECUTION_RATE_SQL.format(spent="m.spent", budget="p.budget")} AS execution_rate,
               pl.planned AS planned_rate, {day} * 100.0 / {in_year} AS time_rate
        FROM projects p JOIN planned pl USING (code) LEFT JOIN money m USING (code)
    )
    SELECT *, execution_rate - planned_rate AS gap,
           CASE WHEN spent > budget THEN 'red' {colour} END AS colour
    FROM rows
    """, f"""
    WITH ind AS (
        SELECT i.*, a.value AS actual, a.tier,
               i.unit IN ({cumulative}) AND NOT regexp_matches(i.name, '{per_unit}') AS adds_up
        FROM indicators i LEFT JOIN actuals a USING (code, seq)
    ), forecast AS (
        SELECT *, CASE WHEN op <> 'range' AND adds_up THEN actual / ({day} / {in_year}::DOUBLE) ELSE actual END AS f
        FROM ind WHERE actual IS NOT NULL AND op <> 'qualitative'
    )
    SELECT code, seq,
           CASE WHEN op IN ('≤', '<') THEN CASE WHEN {by} <= value THEN 100 ELSE value / {by} * 100 END
                WHEN value <> 0 THEN {by} / value * 100 END AS progress,
           f AS forecast,
           CASE WHEN op IN ('≥', '>') THEN CASE WHEN f >= value THEN '确定能' WHEN f >= value * {likely} THEN '有可能' ELSE '完全不可能' END
                WHEN op IN ('≤', '<') THEN CASE WHEN f <= value THEN '确定能' WHEN f * {likely} <= value THEN '有可能' ELSE '完全不可能' END
                WHEN op = '=' THEN CASE WHEN f = value THEN '确定能' WHEN abs(f - value) <= abs(value) * (1 - {likely}) THEN '有可能' ELSE '完全不可能' END
                ELSE CASE WHEN f BETWEEN value AND value_hi THEN '确定能'
                          WHEN f BETWEEN value * {likely} AND value_hi / {likely} THEN '有可能' ELSE '完全不可能' END
           END AS likelihood,
           {state} AS state
    FROM forecast
    """


def monitor_province(con: duckdb.DuckDBPyConnection, ruleset: RuleSet, as_of: date):
    """Relations of the projects' rows (money, plan, gap, colour) and the indicators' (progress, forecast, likelihood)."""
    projects_sql, indicators_sql = monitor_sql(ruleset, as_of)
    return con.sql(projects_sql), con.sql(indicators_sql)


# ---------------------------------------------------------------- the same, project by project

def load_projects(con: duckdb.DuckDBPyConnection, codes: list[str] | None = None):
    """Core objects and records of the given projects (all when None), for the per-project path."""
    where = f"WHERE code IN ({_sql_list(codes)})" if codes is not None else ""
    projects = {}
    for code, budget, p3, p6, p10, p12 in con.execute(
            f"SELECT code, budget, p3, p6, p10, p12 FROM projects {where} ORDER BY code").fetchall():
        plan = SpendingPlan({m: None if v is None else Decimal(str(v)) for m, v in zip((3, 6, 10, 12), (p3, p6, p10, p12))})
        projects[code] = Project(code, code, Budget(budget, budget, Decimal(0)), spending_plan=plan)
    actuals = {}
    rows = con.execute(f"""SELECT i.code, i.seq, i.level1, i.name, i.op, i.value, i.value_hi, i.unit, i.weight,
                                  a.value, a.tier, a.share
                           FROM indicators i LEFT JOIN actuals a USING (code, seq) {where.replace('code', 'i.code')}
                           ORDER BY i.code, i.seq""").fetchall()
    for code, _, level1, name, op, value, hi, unit, weight, actual, tier, share in rows:
        num = lambda v: None if v is None else Decimal(str(v))
        target = Target(f"{op}{value}{unit}", op, num(value), num(hi), unit or "")
        projects[code].indicators.append(Indicator(level1, "", name, "", target, "", num(weight)))
        # The Parquet holds typed values: a number in the target's unit, or a level; nothing to parse.
        quantity = Quantity(None, level=tier) if tier else (None if actual is None else computed(Decimal(str(actual)), unit or ""))
        if quantity is not None:
            actuals[(code, name)] = ActualRecord(code, name, quantity, num(share))
    spending: dict[str, list[SpendingRecord]] = {code: [] for code in projects}
    for code, day, amount in con.execute(f"SELECT code, day, amount FROM spending {where}").fetchall():
        spending[code].append(SpendingRecord(code, day, amount))
    return projects, actuals, spending


def score_each(projects, actuals, spending, ruleset: RuleSet) -> dict[str, ProjectScore]:
    return {code: score_project(p, spending[code], actuals, ruleset) for code, p in projects.items()}


def monitor_each(projects, actuals, spending, ruleset: RuleSet, as_of: date) -> dict[str, ProjectMonitor]:
    return {code: monitor_project(p, spending[code], actuals, as_of, ruleset["monitoring"])
            for code, p in projects.items()}


# ---------------------------------------------------------------- a synthetic province

def synthesize(directory: Path, projects: int, indicators_per_project: int = 10, spending_records: int | None = None,
               year: int = 2021, seed: float = 0.42) -> None:
    """Write a random but plausible province: budgets, plans with blank checkpoints,
    indicators of every kind under each 一级 (some projects without 满意度), actuals
    around their targets (some missing), spending through the year, early for
    some projects and late for others."""
    directory.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"SELECT setseed({seed})")
    n, k = projects, indicators_per_project
    records = spending_records if spending_records is not None else round(n * 100 / 3)  # 10,000,000 for 300,000
    each, extra = divmod(records, n)
    con.execute(f"""
    CREATE TABLE projects AS
    SELECT i, printf('130322{year % 100:02d}%013d', i) AS code,
           (round(1 + random() * 999) * 1000)::DECIMAL(18, 2) AS budget,
           CASE WHEN random() < 0.3 THEN NULL ELSE round(random() * 25) END AS p3,
           CASE WHEN random() < 0.2 THEN NULL ELSE round(25 + random() * 25) END AS p6,
           CASE WHEN random() < 0.2 THEN NULL ELSE round(50 + random() * 40) END AS p10,
           100.0 AS p12, NULL::BIGINT AS plan, '130322' AS unit, {year} AS year,
           printf('130322{year % 100:02d}%013d', i) AS project_code, '项目' || i AS name
    FROM range({n}) t(i)""")
    con.execute(f"""
    CREATE TABLE indicators AS
    WITH base AS (
        SELECT p.code, j AS seq, random() AS r, random() AS r2, hash(p.code) % 4 = 0 AS no_satisfaction
        FROM projects p, range({k}) t(j)
    )
    SELECT code, seq,
           CASE WHEN seq < {k} * 0.5 THEN '产出指标'
                WHEN seq < {k} * 0.8 OR (no_satisfaction AND seq < {k} - 0) THEN '效益指标'
                ELSE '满意度指标' END AS level1,
           CASE WHEN r < 0.45 THEN '服务人数' || seq WHEN r < 0.6 THEN '人均成本' || seq
                WHEN r < 0.7 THEN '完成数量' || seq WHEN r < 0.8 THEN '达标区间' || seq
                WHEN r < 0.9 THEN '覆盖率' || seq ELSE '社会效果' || seq END AS name,
           CASE WHEN r < 0.45 THEN '≥' WHEN r < 0.6 THEN '≤' WHEN r < 0.7 THEN '='
                WHEN r < 0.8 THEN 'range' WHEN r < 0.9 THEN '≥' ELSE 'qualitative' END AS op,
           CASE WHEN r < 0.45 THEN round(10 + r2 * 990) WHEN r < 0.6 THEN round(100 + r2 * 900)
                WHEN r < 0.7 THEN round(1 + r2 * 20) WHEN r < 0.8 THEN round(50 + r2 * 30)
                WHEN r < 0.9 THEN round(80 + r2 * 20) END AS value,
           CASE WHEN r >= 0.7 AND r < 0.8 THEN round(80 + r2 * 15) END AS value_hi,
           CASE WHEN r < 0.45 THEN '人' WHEN r < 0.6 THEN '元' WHEN r < 0.7 THEN '个'
                WHEN r < 0.9 THEN '%' ELSE '' END AS unit,
           NULL::DOUBLE AS weight
    FROM base""")
    con.execute("""
    CREATE TABLE actuals AS
    SELECT code, seq,
           CASE WHEN op = 'qualitative' OR random() < 0.03 THEN NULL
                ELSE round(coalesce(value, 1) * (0.6 + random() * 0.8), 2) END AS value,
           CASE WHEN op = 'qualitative' THEN ['达成', '部分达成', '未达成'][1 + floor(random() * 3)::INT] END AS tier,
           NULL::DOUBLE AS share
    FROM indicators""")
    con.execute(f"""
    CREATE TABLE spending AS
    SELECT p.code, DATE '{year}-01-01' + floor(pow(random(), 0.6 + (hash(p.code) % 100) / 40.0) * 365)::INT AS day,
           round(p.budget / {each + 1} * (0.5 + random()), 2)::DECIMAL(18, 2) AS amount
    FROM projects p, range({each + 1}) t(j) WHERE j < {each} OR p.i < {extra}""")
    con.execute("ALTER TABLE projects DROP COLUMN i")
    for table in TABLES:
        con.execute(f"COPY {table} TO '{directory / table}.parquet' (FORMAT parquet)")
