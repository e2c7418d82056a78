"""How an error ends on the command line, in every command: one line on stderr naming the place,
and the exit status its kind gives (core.errors). An error nobody foresaw (a bug) is one line too,
in Chinese, with ID numbers, phones and bank accounts masked (core.redact); its masked traceback
follows only with JIXIAO_DEBUG=1."""

from __future__ import annotations

import os

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from ..core.errors import JixiaoError
from ..core.redact import exception_text, redact
from .common import err

INTERNAL = "内部错误（{kind}）：{message}。这是 jixiao 的缺陷，不是你的输入有误；请把这一行告诉维护者（设置 JIXIAO_DEBUG=1 可看到详细信息）"


def line(exc: JixiaoError) -> str:
    return f"{exc.place}：错误：{exc.message}" if exc.place else f"错误：{exc.message}"


def internal_line(exc: BaseException) -> str:
    """An unexpected exception as one Chinese line, personal data masked."""
    return INTERNAL.format(kind=type(exc).__name__, message=redact(str(exc))[:300] or "无说明")


class Answering(TyperGroup):
    """The command group: whatever area an error comes from, the person reads one line."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except JixiaoError as exc:
            err.print(line(exc), markup=False)
            raise typer.Exit(exc.exit_code) from None
        except (TyperException, typer.Exit, typer.Abort):  # how a command ends on purpose, or a usage error
            raise  # (typer's own click: its ClickException, UsageError, NoSuchOption … are TyperExceptions)
        except Exception as exc:  # a bug: never a traceback with personal data in it
            if os.environ.get("JIXIAO_DEBUG") == "1":
                err.print(exception_text(exc), markup=False)
            err.print(internal_line(exc), markup=False)
            raise typer.Exit(1) from None
