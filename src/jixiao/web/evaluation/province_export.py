"""`jixiao province export`: the database's plans as a province directory, the Parquet files of
`evaluation/province.py` that `jixiao province score|monitor` read through DuckDB.

The values are the self-evaluation's: each plan's projects and indicators as `plan_document` makes
them, its actuals as `selectors.actual_records` gives them (typed, or computed from the programmes'
records by the bound metric), each number in its target's unit (`quantities.in_unit`), and every
spending record. A plan the self-evaluation could not score (an actual in a unit that does not
convert, a level for a number, a 一级指标 without weight …) is left out, with the same message its
page shows; the others are written.

Nothing is held whole: the rows go a plan at a time (spending records by the thousand) into CSV
files in a temporary folder, which DuckDB turns into Parquet; the files replace those of the
directory only when all are written.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ...core.document import project_key
from ...core.errors import NOT_FOUND
from ...core.targets import QUALITATIVE
from ...evaluation.errors import EvaluationError
from ...evaluation.province import COLUMNS, TABLES
from ...evaluation.quantities import in_unit
from ...evaluation.records import match
from ...evaluation.scoring import score_project
from ..goals.convert import plan_document
from ..goals.models import Plan
from .models import SpendingRecord as SpendingRow
from .selectors import actual_records

NULL = "\\N"
CHUNK = 5_000

NO_PLANS = "数据库中没有绩效目标，没有可导出的项目"
NO_PLANS_OF_YEAR = "数据库中没有{year}年的绩效目标，没有可导出的项目"
NOT_A_FOLDER = "“{path}”已存在且不是文件夹：请给出要写入的文件夹"
SKIPPED = "{unit}{year}年绩效目标未导出：{message}"


@dataclass
class Exported:
    plans: int = 0
    projects: int = 0
    indicators: int = 0
    actuals: int = 0
    spending: int = 0
    skipped: list[str] = field(default_factory=list)  # one line per plan left out, saying why


def province_code(unit: str, year: int, key: str) -> str:
    """What names a project in the province files: unique across units and years (a plan is one
    unit's year, and a project's key, its code or else its name, is unique in its plan)."""
    return f"{unit}/{year}/{key}"


def _cell(value) -> str:
    return NULL if value is None else str(value)


class _Files:
    """One CSV file per table in a temporary folder, written a row at a time."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.handles = {t: open(folder / f"{t}.csv", "w", encoding="utf-8", newline="") for t in TABLES}
        self.writers = {t: csv.writer(h) for t, h in self.handles.items()}
        self.counts = dict.fromkeys(TABLES, 0)

    def row(self, table: str, *values) -> None:
        self.writers[table].writerow([_cell(v) for v in values])
        self.counts[table] += 1

    def to_parquet(self, directory: Path) -> None:
        for handle in self.handles.values():
            handle.close()
        con = duckdb.connect()
        for table in TABLES:
            columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in COLUMNS[table].items()) + "}"
            source = str(self.folder / f"{table}.csv").replace("'", "''")
            target = str(self.folder / f"{table}.parquet").replace("'", "''")
            con.execute(f"COPY (SELECT * FROM read_csv('{source}', header=false, columns={columns}, nullstr='\\N', "
                        f"quote='\"', escape='\"', delim=',', auto_detect=false)) TO '{target}' (FORMAT parquet)")
        for table in TABLES:  # all written: only now replace the directory's files
            shutil.move(str(self.folder / f"{table}.parquet"), directory / f"{table}.parquet")


def province_export(*, directory: Path, year: int | None = None) -> Exported:
    """Write the plans (of `year`, or all) into `directory`; EvaluationError when there are none."""
    plans = Plan.objects.select_related("unit").order_by("unit__code", "year")
    if year is not None:
        plans = plans.filter(year=year)
    if not plans.exists():
        message = NO_PLANS if year is None else NO_PLANS_OF_YEAR.format(year=year)
        raise EvaluationError("no_plans", message, kind=NOT_FOUND)
    if directory.exists() and not directory.is_dir():
        raise EvaluationError("no_directory", NOT_A_FOLDER.format(path=directory), kind=NOT_FOUND)
    directory.mkdir(parents=True, exist_ok=True)
    done = Exported()
    with tempfile.TemporaryDirectory(prefix=".export-", dir=directory) as tmp:
        files = _Files(Path(tmp))
        codes: dict[int, str] = {}  # project id → its code in the files, for the spending records
        for plan in plans.prefetch_related("projects__indicators", "unit_indicators").iterator(chunk_size=100):
            try:
                written = _plan(plan, files)
            except EvaluationError as exc:
                done.skipped.append(SKIPPED.format(unit=plan.unit.name or plan.unit.code, year=plan.year,
                                                   message=str(exc)))
                continue
            codes.update(written)
            done.plans += 1
        spending = SpendingRow.objects.filter(project__plan__in=plans).values_list("project_id", "date", "amount")
        for project_id, day, amount in spending.iterator(chunk_size=CHUNK):
            if project_id in codes:
                files.row("spending", codes[project_id], day.isoformat(), amount)
        done.projects, done.indicators = files.counts["projects"], files.counts["indicators"]
        done.actuals, done.spending = files.counts["actuals"], files.counts["spending"]
        files.to_parquet(directory)
    return done


def _plan(plan: Plan, files: _Files) -> dict[int, str]:
    """One plan's projects, indicators and actuals into the files; its project ids and their codes.
    Checked first as the self-evaluation scores it: EvaluationError, and nothing written, when it cannot."""
    doc = plan_document(plan)
    records = actual_records(plan)
    actuals = match(doc, [], records)
    ruleset = plan.rules
    for project in doc.projects:
        score_project(project, [], actuals, ruleset)
    rows = list(plan.projects.all())
    codes = {}
    for row, project in zip(rows, doc.projects):
        key = project_key(project)
        code = codes[row.pk] = province_code(plan.unit.code, plan.year, key)
        plan_at = project.spending_plan.checkpoints
        files.row("projects", code, project.budget.total, plan_at[3], plan_at[6], plan_at[10], plan_at[12], plan.pk,
                  plan.unit.code, plan.year, project.code, project.name)
        for seq, ind in enumerate(project.indicators):
            t = ind.target
            files.row("indicators", code, seq, ind.level1, ind.name, t.op, t.value, t.value_hi, t.unit, ind.weight)
            record = actuals.get((key, ind.name))
            if record is None or record.actual is None:
                continue
            if t.op == QUALITATIVE:
                files.row("actuals", code, seq, None, record.actual.level, record.share)
            else:
                files.row("actuals", code, seq, in_unit(record.actual, t.unit, ind.name), None, record.share)
    return codes
