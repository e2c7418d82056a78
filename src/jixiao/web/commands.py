"""What `jixiao serve`, `jixiao demo` and `jixiao token` do, kept inside the web
package so that nothing outside it imports Django."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..core.errors import FORBIDDEN, NOT_FOUND, JixiaoError


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()


def migrate() -> str:
    """Bring the schema up to date; say which database it is."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    db = settings.DATABASES["default"]
    return str(db["NAME"]) if db["ENGINE"].endswith("sqlite3") else f"PostgreSQL {db.get('HOST') or 'localhost'}/{db['NAME']}"


def rulesets_check() -> list[str]:
    """`jixiao serve` and `jixiao demo` start only with usable rule sets: a broken file of JIXIAO_RULESETS_DIR
    (or an unknown JIXIAO_RULESET) is a RuleSetError naming the file and key. The codes plans may take."""
    from .goals.checks import rulesets_check as check

    return [r.code for r in check()]


def serve(host: str, port: int, workers: int, threads: int = 16) -> None:
    from gunicorn.app.base import BaseApplication

    from .wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            # Threads enough for every kept-alive client: a browser holds its connection open.
            for key, value in {"bind": f"{host}:{port}", "workers": workers, "threads": threads, "accesslog": "-",
                               "timeout": 120}.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    from ..core.redact import RedactFilter

    for name in ("gunicorn.error", "gunicorn.access"):  # a phone typed in a search box stays masked in the log
        logging.getLogger(name).addFilter(RedactFilter())
    Server().run()


def database_previous(unit_code: str, year: int):
    """The unit's plan of `year` − 1 in the database, as the review reads it (review.history.Previous), for
    `jixiao review --database`; None when the unit or that plan is not there. A JixiaoError when there is no
    database to read (none made yet, or not migrated)."""
    setup()
    from django.db import DatabaseError, connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3") and not Path(str(db["NAME"])).is_file():
        raise JixiaoError("no_database", NO_DATABASE.format(name=db["NAME"]), kind=NOT_FOUND)
    from .goals.models import Unit
    from .goals.previous import year_previous

    try:
        unit = Unit.objects.filter(code=unit_code).first()
        return None if unit is None else year_previous(unit.pk, year)
    except DatabaseError as exc:
        raise JixiaoError("no_database", NO_DATABASE.format(name=db["NAME"]), kind=NOT_FOUND) from exc


NO_DATABASE = "没有可读取的数据库（{name}）：请先运行jixiao serve或jixiao demo建立数据库，或不加--database"


def province_export(directory: Path, year: int | None, database: str | None):
    """`jixiao province export`: the plans of the database (`database`: an address such as
    postgres://… or sqlite:///…, or an SQLite file; default the one `jixiao serve` uses) written as a
    province directory (web/evaluation/province_export.py). A JixiaoError when there is no database to
    read or nothing in it."""
    if database:
        import dj_database_url

        address = database if "://" in database else f"sqlite:///{Path(database).resolve()}"
        try:
            dj_database_url.parse(address)
        except (ValueError, KeyError):
            raise JixiaoError("database", BAD_DATABASE.format(address=database)) from None
        os.environ["DATABASE_URL"] = address
    setup()
    from django.db import DatabaseError, connection

    db = connection.settings_dict
    missing = JixiaoError("no_database", NO_DATABASE_TO_EXPORT.format(name=db["NAME"]), kind=NOT_FOUND)
    if db["ENGINE"].endswith("sqlite3") and not Path(str(db["NAME"])).is_file():
        raise missing
    from .evaluation.province_export import province_export as export

    try:
        return export(directory=directory, year=year)
    except DatabaseError as exc:
        raise missing from exc
    except OSError as exc:  # a folder that cannot be made or written (a file in the way, no permission, a full disk)
        raise JixiaoError("out_unwritable", CANNOT_WRITE.format(path=directory, reason=exc.strerror or "无法写入"),
                          kind=NOT_FOUND) from None


BAD_DATABASE = "数据库地址“{address}”无法识别：应如postgres://用户:密码@主机:5432/库名、sqlite:///路径，或SQLite文件的路径"
CANNOT_WRITE = "无法写入文件夹“{path}”（{reason}）：请换一个可写的文件夹"
NO_DATABASE_TO_EXPORT = "没有可读取的数据库（{name}）：请先运行jixiao serve或jixiao demo建立数据库，或用--database指定"


def demo(seed: Path):
    from .demo import load_demo

    return load_demo(seed)


def actuals(project_code: str, year: int) -> dict:
    """Every indicator's actual for a project and year (not_found naming what is missing)."""
    from .goals.models import Project
    from .relief.selectors import actuals_report

    project = Project.objects.filter(code=project_code, plan__year=year).select_related("plan").first()
    if project is None:
        raise JixiaoError("not_found", f"没有{year}年的项目“{project_code}”", kind=NOT_FOUND)
    return actuals_report(project)


def register_import(path: Path, unit_code: str, username: str, only_good: bool = False
                    ) -> tuple[int, list[str], bool]:
    """Import a register file (.xlsx or .csv) as a user, checked whole: (how many came in, the bad
    rows, whether anything was written: not with bad rows unless `only_good`); a JixiaoError naming
    what stops it."""
    from django.contrib.auth import get_user_model

    from ..formats.registers import read_table
    from .goals.models import Unit
    from .relief.permissions import require_officer
    from .relief.services import register_check
    from .relief.services import register_import as import_rows

    unit = Unit.objects.filter(code=unit_code).first()
    user = get_user_model().objects.filter(username=username).first()
    if unit is None or user is None:
        raise JixiaoError("not_found", f"没有单位“{unit_code}”" if unit is None else f"没有用户“{username}”",
                          kind=NOT_FOUND)
    from django.core.exceptions import PermissionDenied

    rows = read_table(path)
    try:
        require_officer(user, unit.pk)
        _, bad = register_check(unit=unit, rows=rows)
        if bad and not only_good:
            return 0, [str(b) for b in bad], False
        count, listed = import_rows(unit=unit, rows=rows, user=user, name=path.name, only_good=only_good)
        return count, listed, True
    except PermissionDenied as exc:  # the command line knows no Django
        raise JixiaoError("forbidden", str(exc), kind=FORBIDDEN) from None


def rounds(year: int) -> list[dict]:
    """Every round of the year with its list and what has been paid, as decimal strings."""
    from django.db.models import Count, Sum

    from .relief.models import Payment, Round

    rows = Round.objects.filter(project__plan__year=year).select_related("project").annotate(
        entry_count=Count("entries", distinct=True), listed=Sum("entries__amount"))
    paid: dict = {r["entry__round_id"]: r for r in Payment.objects.filter(
        entry__round__project__plan__year=year, status=Payment.PAID, reversed_by__isnull=True).values(
        "entry__round_id").annotate(
        n=Count("id"), s=Sum("amount"))}
    return [{"name": r.name, "project": r.project.code, "state": r.get_state_display(), "entries": r.entry_count,
             "listed": str(r.listed or 0), "paid": paid.get(r.pk, {}).get("n", 0),
             "paid_amount": str(paid.get(r.pk, {}).get("s") or 0)} for r in rows]


def payments_import(round_id: int, path: Path, username: str, only_good: bool = False) -> dict:
    """Import the bank's return file into a round as a user: the report (new, corrected, already
    recorded, bad rows); with bad rows and not `only_good` the report of what would be done, nothing written."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from ..formats.registers import read_table
    from .relief import services
    from .relief.models import Round
    from .relief.permissions import require_officer

    r = Round.objects.filter(pk=round_id).select_related("project__plan").first()
    user = get_user_model().objects.filter(username=username).first()
    if r is None or user is None:
        raise JixiaoError("not_found", f"没有编号为{round_id}的发放轮次" if r is None else f"没有用户“{username}”",
                          kind=NOT_FOUND)
    rows = read_table(path)
    try:
        require_officer(user, r.project.plan.unit_id)
        check = services.payments_check(round_=r, rows=rows, name=path.name)
        if check.bad and not only_good:  # the report, nothing written
            return {**services.import_report(path.name, check), "written": False}
        return {**services.payments_import(round_=r, rows=rows, name=path.name, user=user, only_good=only_good),
                "written": True}
    except PermissionDenied as exc:  # the command line knows no Django
        raise JixiaoError("forbidden", str(exc), kind=FORBIDDEN) from None


def rectifications(unit_code: str, year: int) -> list[dict]:
    """A unit's rectification items of a year (整改台账), overdue first (not_found naming the unit)."""
    from .goals.models import Unit
    from .rectification.selectors import item_json, ledger

    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise JixiaoError("not_found", f"没有单位“{unit_code}”", kind=NOT_FOUND)
    return [item_json(i) for i in ledger(unit=unit, year=year)]


def department_evaluation(unit_code: str, year: int) -> dict:
    """A unit's 部门整体 year evaluated from the records: each unit-wide indicator's actual with its
    provenance and score, the whole unit's execution and the staff in post (not_found naming the unit or
    the year without a plan)."""
    from .department.selectors import department_evaluation as evaluate
    from .goals.models import Plan, Unit

    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise JixiaoError("not_found", f"没有单位“{unit_code}”", kind=NOT_FOUND)
    plan = Plan.objects.filter(unit=unit, year=year).first()
    if plan is None:
        raise JixiaoError("not_found", f"{unit.name}（{unit_code}）没有{year}年的绩效目标，无法进行部门整体评价",
                          kind=NOT_FOUND)
    return evaluate(plan=plan)
