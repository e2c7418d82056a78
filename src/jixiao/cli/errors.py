"""How an error a person caused ends on the command line, in every command: one line on
stderr naming the place, and the exit status its kind gives (core.errors)."""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from ..core.errors import JixiaoError
from .common import err


def line(exc: JixiaoError) -> str:
    return f"{exc.place}：错误：{exc.message}" if exc.place else f"错误：{exc.message}"


class Answering(TyperGroup):
    """The command group: whatever area an error comes from, the person reads one line."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except JixiaoError as exc:
            err.print(line(exc), markup=False)
            raise typer.Exit(exc.exit_code) from None
