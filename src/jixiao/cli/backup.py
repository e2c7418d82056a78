"""`jixiao backup` and `jixiao restore`: the database and the uploaded files in one file, and back.

What they say names files, the database and counts, never a record's content."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import out


def _backups():
    from ..web import commands

    commands.setup()
    from ..web import backup as backups

    return backups


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def _summary(manifest: dict) -> str:
    counts = manifest["counts"]
    rows = sum(counts.values())
    return (f"{'SQLite' if manifest['engine'] == 'sqlite' else 'PostgreSQL'}数据库{len(counts)}个表共{rows}行，"
            f"上传文件{manifest['media_files']}个")


def backup(
    file: Annotated[str, typer.Argument(metavar="备份文件", help="备份文件（如jixiao-备份.tar.gz）；给文件夹（或以/结尾）时在其中按日期时间命名",
                                         show_default=False)],
) -> None:
    """备份数据库（SQLite在线备份或pg_dump）和上传的文件到一个文件，服务运行时也可以备份。"""
    backups = _backups()
    manifest = backups.backup_create(path=file)
    out.print(f"已备份到{manifest['path']}（{_size(manifest['size'])}）：{_summary(manifest)}", markup=False, soft_wrap=True)


def restore(
    file: Annotated[Path, typer.Argument(metavar="备份文件", help="jixiao backup写的备份文件", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="当前数据库或上传文件夹已有数据时也恢复（覆盖它们）")] = False,
) -> None:
    """从备份恢复数据库和上传的文件，然后迁移到本版本；只恢复到空的数据库和数据目录，除非加--force。"""
    backups = _backups()
    manifest = backups.backup_restore(path=file, force=force)
    out.print(f"已从{file}恢复（{manifest['created']}的备份，jixiao {manifest['jixiao']}）：{_summary(manifest)}；"
              "数据库已迁移到本版本", markup=False, soft_wrap=True)
