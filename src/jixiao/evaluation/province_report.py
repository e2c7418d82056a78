"""What `jixiao province score` and `jixiao province monitor` do over a province directory
(`province.py`'s Parquet files, as `jixiao province export` writes them): the directory checked
against `province.SCHEMA` first (a missing folder or file, a file that is no Parquet, a missing
column or one of the wrong kind, one project twice: a Chinese error naming it, before anything is
computed), then every project scored or monitored through DuckDB, summed up by grade or colour,
each part timed; the rows per project written as .csv (by DuckDB) or handed to an .xlsx writer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from ..core.errors import NOT_FOUND
from ..rulesets import RuleSet
from . import errors as e
from . import province
from .errors import EvaluationError

GRADES = ("优", "良", "中", "差")
COLOURS = {"red": "红", "yellow": "黄", "green": "绿"}
LIKELIHOODS = ("确定能", "有可能", "完全不可能")
XLSX_ROWS = 1_048_575  # a worksheet's rows below its header
BATCH = 10_000

NUMBERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
           "FLOAT", "DOUBLE"}

# Each project's row, as a person reads it (.csv or .xlsx): where it is, money in 元, rates and scores to 0.01.
SCORE_ROWS = """
SELECT p.unit AS "单位编码", p.year AS "预算年度", {code} AS "项目编码", {name} AS "项目名称",
       s.budget AS "预算数（元）", s.spent AS "支出数（元）", round(s.rate, 2) AS "执行率（%）",
       round(s.execution, 2) AS "预算执行得分", round(s.total, 2) AS "总分", s.grade AS "等级"
FROM scores s JOIN projects p USING (code) ORDER BY p.unit, p.year, p.code
"""
MONITOR_ROWS = """
SELECT p.unit AS "单位编码", p.year AS "预算年度", {code} AS "项目编码", {name} AS "项目名称",
       m.budget AS "预算数（元）", m.spent AS "支出数（元）", round(m.execution_rate, 2) AS "执行率（%）",
       round(m.planned_rate, 2) AS "计划进度（%）", round(m.time_rate, 2) AS "序时进度（%）",
       round(m.gap, 2) AS "偏差（百分点）", CASE m.colour {colours} END AS "预警"
FROM monitored m JOIN projects p USING (code) ORDER BY p.unit, p.year, p.code
"""
# A text a spreadsheet could take for a formula gets a leading ' in a .csv (formats/cells.py: OWASP's remedy).
_SAFE = "CASE WHEN regexp_matches({c}, '^[=+\\-@\\t\\r]') THEN '''' || {c} ELSE {c} END"


@dataclass
class Summary:
    """Counts of projects by grade (score) or colour (monitor), money, and how long each part took."""
    ruleset: str
    projects: int
    counts: dict[str, int]
    budget: Decimal
    spent: Decimal
    average: float | None = None  # the average total score (score)
    indicators: dict[str, int] = field(default_factory=dict)  # indicators by 完成目标可能性 (monitor)
    seconds: dict[str, float] = field(default_factory=dict)  # each part in order

    @property
    def rate(self) -> Decimal | None:
        """Σ spent ÷ Σ budget, %."""
        return None if not self.budget else self.spent / self.budget * 100

    @property
    def slowest(self) -> tuple[str, float]:
        return max(self.seconds.items(), key=lambda kv: kv[1])

    @contextmanager
    def timed(self, part: str):
        start = time.perf_counter()
        yield
        self.seconds[part] = self.seconds.get(part, 0.0) + time.perf_counter() - start


def _kind(type_name: str) -> str:
    name = type_name.upper()
    if name == "VARCHAR":
        return "text"
    if name == "DATE":
        return "date"
    return "number" if name.startswith("DECIMAL") or name in NUMBERS else name


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def open_directory(directory: Path, year: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection with a view per file (only the projects of `year` and their rows when given),
    each file checked against `province.SCHEMA`; EvaluationError naming what is wrong."""
    if not directory.exists():
        raise EvaluationError("no_directory", e.NO_DIRECTORY.format(path=directory), kind=NOT_FOUND)
    if not directory.is_dir():
        raise EvaluationError("no_directory", e.NOT_A_DIRECTORY.format(path=directory), kind=NOT_FOUND)
    files = "、".join(f"{t}.parquet" for t in province.TABLES)
    for table in province.TABLES:
        if not (directory / f"{table}.parquet").is_file():
            raise EvaluationError("no_table", e.NO_TABLE.format(path=directory, file=f"{table}.parquet", files=files),
                                  kind=NOT_FOUND)
    con = duckdb.connect()
    for table in province.TABLES:
        path = directory / f"{table}.parquet"
        try:
            con.execute(f"CREATE VIEW {table}_file AS SELECT * FROM read_parquet({_quoted(path)})")
            columns = {name: kind for name, kind, *_ in con.execute(f"DESCRIBE {table}_file").fetchall()}
        except duckdb.Error:
            raise EvaluationError("not_parquet", e.NOT_PARQUET.format(file=path), kind=NOT_FOUND) from None
        _check_columns(path, columns, province.SCHEMA[table])
    _views(con, year)
    try:
        twice = con.execute("SELECT code, count(*) FROM projects GROUP BY code HAVING count(*) > 1 LIMIT 1").fetchall()
    except duckdb.Error:
        raise EvaluationError("not_parquet", e.NOT_PARQUET.format(file=directory / "projects.parquet"),
                              kind=NOT_FOUND) from None
    if twice:
        raise EvaluationError("not_unique", e.NOT_UNIQUE.format(file=directory / "projects.parquet", code=twice[0][0],
                                                                count=twice[0][1]))
    if year is not None and not con.execute("SELECT count(*) FROM projects").fetchall()[0][0]:
        raise EvaluationError("no_projects", e.NO_PROJECTS_OF_YEAR.format(path=directory, year=year), kind=NOT_FOUND)
    return con


def _check_columns(path: Path, columns: dict[str, str], expected: dict[str, str]) -> None:
    missing = [c for c in expected if c not in columns]
    if missing:
        raise EvaluationError("wrong_schema", e.MISSING_COLUMNS.format(
            file=path, columns="、".join(missing), expected="、".join(expected)))
    for column, kind in expected.items():
        found = _kind(columns[column])
        if found != kind:
            raise EvaluationError("wrong_schema", e.WRONG_KIND.format(
                file=path, column=column, kind=e.KIND_NAMES[kind], actual=e.KIND_NAMES.get(found, found)))


def _views(con: duckdb.DuckDBPyConnection, year: int | None) -> None:
    """The views the scoring and monitoring SQL read: the files as they are, or one year's projects."""
    if year is None:
        for table in province.TABLES:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_file")
        return
    con.execute(f"CREATE VIEW projects AS SELECT * FROM projects_file WHERE year = {int(year)}")
    for table in province.TABLES[1:]:
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_file WHERE code IN (SELECT code FROM projects)")


def score_directory(directory: Path, ruleset: RuleSet, year: int | None = None) -> tuple[Summary, duckdb.DuckDBPyConnection]:
    """Every project's self-evaluation (province.score_sql, kept in the table `scores`), counted by grade;
    the connection for writing the rows (`write`)."""
    summary = Summary(ruleset.code, 0, {}, Decimal(0), Decimal(0))
    with summary.timed("检查文件"):
        con = open_directory(directory, year)
    with summary.timed("计分"):
        _run(con, f"CREATE TEMP TABLE scores AS {province.score_sql(ruleset)}", directory)
    with summary.timed("汇总"):
        counts = dict(con.execute("SELECT grade, count(*) FROM scores GROUP BY grade").fetchall())
        n, budget, spent, average = con.execute(
            "SELECT count(*), sum(budget), sum(spent), avg(total) FROM scores").fetchall()[0]
    summary.projects, summary.counts = n, {g: counts.get(g, 0) for g in GRADES}
    summary.budget, summary.spent, summary.average = budget or Decimal(0), spent or Decimal(0), average
    return summary, con


def monitor_directory(directory: Path, ruleset: RuleSet, as_of: date) -> tuple[Summary, duckdb.DuckDBPyConnection]:
    """Every project of `as_of`'s year monitored at `as_of` (province.monitor_sql, kept in `monitored` and
    `monitored_indicators`), counted by colour, the indicators by 完成目标可能性."""
    summary = Summary(ruleset.code, 0, {}, Decimal(0), Decimal(0))
    with summary.timed("检查文件"):
        con = open_directory(directory, as_of.year)
    projects_sql, indicators_sql = province.monitor_sql(ruleset, as_of)
    with summary.timed("监控"):
        _run(con, f"CREATE TEMP TABLE monitored AS {projects_sql}", directory)
        _run(con, f"CREATE TEMP TABLE monitored_indicators AS {indicators_sql}", directory)
    with summary.timed("汇总"):
        colours = dict(con.execute("SELECT colour, count(*) FROM monitored GROUP BY colour").fetchall())
        likely = dict(con.execute("SELECT likelihood, count(*) FROM monitored_indicators GROUP BY likelihood").fetchall())
        n, budget, spent = con.execute("SELECT count(*), sum(budget), sum(spent) FROM monitored").fetchall()[0]
    summary.projects = n
    summary.counts = {label: colours.get(colour, 0) for colour, label in COLOURS.items()}
    summary.indicators = {k: likely.get(k, 0) for k in LIKELIHOODS}
    summary.budget, summary.spent = budget or Decimal(0), spent or Decimal(0)
    return summary, con


def _run(con: duckdb.DuckDBPyConnection, sql: str, directory: Path) -> None:
    try:
        con.execute(sql)
    except (duckdb.IOException, duckdb.InvalidInputException):  # a file cut short or broken inside
        raise EvaluationError("not_parquet", e.NOT_PARQUET.format(file=directory), kind=NOT_FOUND) from None


def rows_sql(kind: str, csv: bool = False) -> str:
    """The rows per project of `score` or `monitor`, under Chinese headers; in a .csv a text that starts
    like a formula gets its leading ' (an .xlsx writer keeps texts as texts itself: formats/cells.put)."""
    code, name = (_SAFE.format(c="p.project_code"), _SAFE.format(c="p.name")) if csv else ("p.project_code", "p.name")
    if kind == "score":
        return SCORE_ROWS.format(code=code, name=name)
    colours = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in COLOURS.items())
    return MONITOR_ROWS.format(code=code, name=name, colours=colours)


XlsxWriter = Callable[[Path, list[str], Iterator[tuple]], None]


def write(con: duckdb.DuckDBPyConnection, kind: str, out: Path, xlsx: XlsxWriter, summary: Summary) -> None:
    """The rows per project into `out`: .csv by DuckDB, .xlsx by `xlsx(path, header, rows)` (one sheet)."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise EvaluationError("out_format", e.OUT_FORMAT.format(suffix=out.suffix or out.name))
    if suffix == ".xlsx" and summary.projects > XLSX_ROWS:
        raise EvaluationError("too_many_rows", e.TOO_MANY_ROWS.format(count=summary.projects))
    with summary.timed("写出"):
        try:
            if suffix == ".csv":
                con.execute(f"COPY ({rows_sql(kind, csv=True)}) TO {_quoted(out)} (FORMAT csv, HEADER)")
                return
            cursor = con.execute(rows_sql(kind))
            xlsx(out, [d[0] for d in cursor.description], _batches(cursor))
        except (duckdb.IOException, OSError):
            raise EvaluationError("out_unwritable", e.OUT_UNWRITABLE.format(path=out), kind=NOT_FOUND) from None


def _batches(cursor) -> Iterator[tuple]:
    while rows := cursor.fetchmany(BATCH):
        yield from rows
