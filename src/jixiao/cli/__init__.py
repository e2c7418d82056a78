"""The `jixiao` command. Each module holds the commands of one area; they only
translate between the terminal and the domain packages."""

from __future__ import annotations

import typer

from . import accounts, backup, chinese, department, documents, evaluation, rectification, relief, review, web
from . import rulesets as rulesets_cli
from .errors import Answering
from .library import library_app
from .province import province_app

chinese.apply()  # typer's own words (Usage, Options, errors) in Chinese

app = typer.Typer(cls=Answering, help="jixiao（绩效）：预算绩效目标的导入、检查、审核、监控与自评。", no_args_is_help=True,
                  add_completion=False)
app.command("import")(documents.import_)
app.command()(documents.check)
app.command()(documents.export)
app.command()(documents.schema)
app.command()(review.review)
app.command()(evaluation.monitor)
app.command()(evaluation.score)
app.command()(web.serve)
app.command()(web.demo)
app.command()(web.token)
app.command()(backup.backup)
app.command()(backup.restore)
app.command()(relief.actuals)
app.command()(rectification.rectifications)
app.command("department-evaluation")(department.department_evaluation)
app.command()(rulesets_cli.rulesets)
app.add_typer(relief.relief_app, name="relief")
app.add_typer(accounts.units_app, name="units")
app.add_typer(accounts.users_app, name="users")
app.add_typer(province_app, name="province")
app.add_typer(library_app, name="indicators")


def main() -> None:
    app()
