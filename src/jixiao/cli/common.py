"""What every command shares: consoles, reading files without tracebacks, and
running over many files with a progress bar and a result line each.

Exit status: 0 all good, 1 some document has invalid content, 2 some file could not be read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..core.document import GoalDocument
from ..core.problems import ERROR, Problem, ReadError

# Piped output is read as a report, not at 80 columns.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)

OK, INVALID, UNREADABLE = 0, 1, 2

Files = Annotated[list[Path], typer.Argument(metavar="文件或文件夹", help="绩效目标文件（.docx .xlsx .pdf .txt .json，旧版.doc .xls .wps .et）或文件夹",
                                             show_default=False)]


def expand(paths: list[Path]) -> list[Path]:
    from ..formats.reader import SUFFIXES

    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            files.append(path)
    return files


def read(path: Path, converted: dict | None = None) -> tuple[GoalDocument | None, list[Problem], int]:
    """Read one file (or take it from those converted together); never raises for a person's mistake."""
    from ..formats.reader import read_path

    try:
        doc, problems = converted[str(path)]() if converted and str(path) in converted else read_path(path)
    except ReadError as exc:
        return None, [Problem(exc.code, exc.message, exc.place)], exc.exit_code
    status = INVALID if any(p.severity == ERROR for p in problems) else OK
    return doc, problems, status


def _old_offices(files: list[Path]) -> dict:
    """Old Office files among many, converted in one LibreOffice run rather than one each."""
    from ..formats.old_office import TARGETS, read_old_offices

    old = {}
    for p in files:
        if p.suffix.lower() in TARGETS:
            try:
                old[str(p)] = p.read_bytes()
            except OSError:
                pass  # read() says why, file by file
    if len(old) < 2:
        return {}
    err.print(f"正在用LibreOffice转换{len(old)}个旧版文件……")
    return read_old_offices(old)


def say_problems(path: Path, problems: list[Problem]) -> None:
    for p in problems:
        where = p.place if p.place and p.place != str(path) else ""
        level = "错误" if p.severity == ERROR else "提示"
        err.print(f"{path}：{where + '：' if where else ''}{level}：{p.message}", markup=False)


def each(paths: list[Path], work) -> int:
    """Run `work(path, doc, problems, status)` over every file, one bad file not stopping the rest."""
    files = expand(paths)
    if not files:
        err.print("没有找到要处理的文件")
        return UNREADABLE
    counts = [0, 0, 0]
    many = len(files) > 1
    progress = None
    if many and err.is_terminal:
        from rich.progress import Progress

        progress = Progress(console=err, transient=True)
        task = progress.add_task("处理中", total=len(files))
        progress.start()
    try:
        converted = _old_offices(files)
        for path in files:
            doc, problems, status = read(path, converted)
            say_problems(path, problems)
            status = max(status, work(path, doc, problems, status) or OK)
            counts[status] += 1
            if many:
                err.print(f"{path}：{('成功', '内容有误', '无法读取')[status]}", markup=False)
            if progress:
                progress.advance(task)
    finally:
        if progress:
            progress.stop()
    if many:
        err.print(f"共{len(files)}个文件：成功{counts[OK]}个，内容有误{counts[INVALID]}个，无法读取{counts[UNREADABLE]}个")
    return UNREADABLE if counts[UNREADABLE] else INVALID if counts[INVALID] else OK


