"""Backups: the database and the uploaded files in one file, and back again.

A backup is a gzip'd tar holding

  database.sqlite3  an online copy of the SQLite database (sqlite3's backup API: safe while the server runs), or
  database.pgdump   `pg_dump --format=custom` of the PostgreSQL database, taken in one snapshot with the counts,
  media/…           every uploaded file under MEDIA_ROOT (evidence, documents),
  manifest.json     last: format and version, jixiao's version, the engine, the time, the rows of each table,
                    and the size and SHA-256 of every other member.

`backup_restore` reads and checks the whole file before it changes anything: a file that is
not a backup, is cut short or altered is refused naming the file. It restores only into an
empty database and media folder (Django's own bookkeeping tables aside) unless forced, and then
migrates, so a backup from an older jixiao comes up to date. Nothing here prints or logs a
record's content: messages name files, tables and counts.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction

from ..core.errors import JixiaoError
from .history.services import log_security_event

FORMAT = "jixiao-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Tables a freshly migrated database already fills: they do not make it "not empty".
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "auth_group", "auth_group_permissions",
               "django_session"}

NOT_A_BACKUP = "{path}：不是jixiao的备份文件，或文件已损坏、不完整（{why}），未做任何改动"
NEWER_FORMAT = "{path}：备份格式第{version}版比本程序能读的新，请先升级jixiao，未做任何改动"
OTHER_ENGINE = "{path}：这是{source}数据库的备份，当前数据库是{target}，不能直接恢复，未做任何改动"
NOT_EMPTY = "当前{what}已有数据（{detail}），恢复会覆盖它们；确要覆盖请加 --force，未做任何改动"
NO_DATABASE = "数据库还没有建立（{path}），没有可备份的数据"
UNREADABLE = "{path}：无法读取（{why}）"
UNWRITABLE = "{path}：无法写入（{why}）"
NO_TOOL = "找不到{tool}，PostgreSQL的备份和恢复需要它（Debian：apt-get install postgresql-client）"
TOOL_FAILED = "{tool}失败（退出码{code}）{detail}"
COUNTS_DIFFER = "恢复后表“{table}”有{found}行，备份中应为{expected}行"
DATABASE_FAILED = "数据库出错：{why}"


class BackupError(JixiaoError):
    """A backup or restore that cannot be done, with a Chinese message; exit 2 for an unreadable file."""

    def __init__(self, code: str, message: str, exit_code: int = 1):
        super().__init__(code, message, exit_code=exit_code)


def _engine() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError("engine", f"不支持备份这种数据库：{engine}")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jixiao")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        return "unknown"


class _Hashing:
    """A file read through, its SHA-256 kept."""

    def __init__(self, file):
        self.file, self.sha256, self.size = file, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.file.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, source: Path, name: str, files: dict) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = source.stat().st_size, 0o600, int(source.stat().st_mtime)
    with source.open("rb") as f:
        hashing = _Hashing(f)
        tar.addfile(info, hashing)
    files[name] = {"size": hashing.size, "sha256": hashing.sha256.hexdigest()}


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()) if root.is_dir() else []


# --- the database engines ------------------------------------------------------


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _sqlite_snapshot(target: Path) -> dict[str, int]:
    """Copy the live SQLite database to `target` through the online backup API; the copy's rows per table."""
    source = _sqlite_path()
    if not source.is_file():
        raise BackupError("no_database", NO_DATABASE.format(path=source))
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=20)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return _sqlite_counts(target)


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


def _pg_tool(name: str) -> str:
    """The newest installed PostgreSQL client tool (a newer pg_dump reads an older server, not the reverse)."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                   key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if found:
        return str(found[-1])
    if path := shutil.which(name):
        return path
    raise BackupError("no_tool", NO_TOOL.format(tool=name))


def _pg_env() -> dict[str, str]:
    """Connection settings for the client tools, through the environment so that no password is on a command line."""
    db: dict = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if db.get(key):
            env[var] = str(db[key])
    if sslmode := (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(tool: str, args: list[str], *, say_stderr: bool) -> None:
    """Run a client tool; on failure say its exit code (and, for pg_dump, its first line: no record's content)."""
    result = subprocess.run([_pg_tool(tool), *args], env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        first = result.stderr.strip().splitlines()[0] if say_stderr and result.stderr.strip() else ""
        raise BackupError("tool_failed", TOOL_FAILED.format(tool=tool, code=result.returncode,
                                                           detail=f"：{first}" if first else ""))


def _table_counts(tables: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_snapshot(target: Path) -> dict[str, int]:
    """pg_dump of the database and its rows per table, both from one exported snapshot."""
    _pg_tool("pg_dump")  # before opening a transaction
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = _table_counts(connection.introspection.table_names())
        _run("pg_dump", ["--format=custom", f"--snapshot={snapshot}", "--file", str(target)], say_stderr=True)
    return counts


# --- backup --------------------------------------------------------------------


def _database_errors(function):
    """A database that cannot be reached (or refuses) becomes a BackupError naming why, in the server's words."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DatabaseError as exc:
            why = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
            raise BackupError("database", DATABASE_FAILED.format(why=why)) from None

    return wrapper


def _log_backup(path: Path) -> None:
    """Recorded before the snapshot, so the backup holds its own entry and a restore shows it; a database
    of a version before the history (being backed up to be upgraded) has nowhere to record it, and a
    database that is not there is not made by recording (the snapshot then names it)."""
    if _engine() == "sqlite" and not _sqlite_path().is_file():
        return
    try:
        with transaction.atomic():
            log_security_event("backup", label="数据库与上传文件", note=f"备份文件：{path}")
    except DatabaseError:
        pass


@_database_errors
def backup_create(*, path: Path) -> dict:
    """Write a backup to `path` (a file, or a folder to put a dated file in); returns its manifest and where it went."""
    from django.utils import timezone

    engine = _engine()
    now = timezone.localtime()
    folder = str(path).endswith(("/", "\\"))  # `backup /var/backups/jixiao/`: a folder, made if missing
    path = Path(path)
    if folder:
        path.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        path = path / f"jixiao-{now:%Y%m%d-%H%M%S}.tar.gz"
    if not path.parent.is_dir():
        raise BackupError("unwritable", UNWRITABLE.format(path=path, why="文件夹不存在"))
    member = DATABASE_MEMBER[engine]
    try:
        work = Path(tempfile.mkdtemp(prefix=".jixiao-backup-", dir=path.parent))
    except OSError as exc:
        raise BackupError("unwritable", UNWRITABLE.format(path=path, why=exc.strerror or exc)) from None
    part = work / "backup.part"
    try:
        _log_backup(path)
        database = work / member
        counts = _sqlite_snapshot(database) if engine == "sqlite" else _pg_snapshot(database)
        files: dict[str, dict] = {}
        media = _media_files()
        with tarfile.open(part, "w:gz", compresslevel=6) as tar:
            _add(tar, database, member, files)
            root = Path(settings.MEDIA_ROOT)
            for file in media:
                _add(tar, file, f"{MEDIA}/{file.relative_to(root).as_posix()}", files)
            manifest = {"format": FORMAT, "version": VERSION, "jixiao": _version(), "engine": engine,
                        "database": member, "created": now.isoformat(timespec="seconds"), "counts": counts,
                        "media_files": len(media), "files": files}
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
        part.chmod(0o600)  # it holds personal data
        os.replace(part, path)
    except OSError as exc:
        raise BackupError("unwritable", UNWRITABLE.format(path=path, why=exc.strerror or exc)) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {**manifest, "path": str(path), "size": path.stat().st_size}


# --- restore -------------------------------------------------------------------


def _refuse(path: Path, why: str) -> BackupError:
    return BackupError("not_a_backup", NOT_A_BACKUP.format(path=path, why=why), exit_code=2)


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and ".." not in parts and "\\" not in name


def _unpack(path: Path, into: Path) -> dict:
    """Read every member of a backup into `into`, checking names, sizes and SHA-256 against its manifest."""
    if not path.is_file():
        raise BackupError("unreadable", UNREADABLE.format(path=path, why="文件不存在"), exit_code=2)
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = tar.getmembers()  # reads to the end: a file cut short fails here
            names = {m.name: m for m in members}
            if MANIFEST not in names or not names[MANIFEST].isfile():
                raise _refuse(path, "没有manifest.json")
            manifest = json.loads(tar.extractfile(names[MANIFEST]).read().decode("utf-8"))  # type: ignore[union-attr]  # a regular file (checked above)
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise _refuse(path, "manifest.json不是jixiao备份的清单")
            if not isinstance(manifest.get("version"), int) or manifest["version"] > VERSION:
                raise BackupError("newer", NEWER_FORMAT.format(path=path, version=manifest.get("version")), exit_code=2)
            files = manifest.get("files")
            engine = manifest.get("engine")
            if (engine not in DATABASE_MEMBER or not isinstance(files, dict) or manifest.get("database")
                    != DATABASE_MEMBER[engine] or DATABASE_MEMBER[engine] not in files
                    or not isinstance(manifest.get("counts"), dict)):
                raise _refuse(path, "清单内容不完整")
            listed = {m.name for m in members if m.isfile()} - {MANIFEST}
            if listed != set(files) or any(not (m.isfile() or m.isdir()) for m in members):
                raise _refuse(path, "文件列表与清单不符")
            for name, expected in files.items():
                if not _safe_name(name) or not (name == manifest["database"] or name.startswith(f"{MEDIA}/")):
                    raise _refuse(path, "含有不允许的文件名")
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(names[name]) as source, target.open("wb") as out:  # type: ignore[union-attr]  # listed == regular files
                    hashing = _Hashing(source)
                    while chunk := hashing.read(1 << 20):
                        out.write(chunk)
                if hashing.size != expected.get("size") or hashing.sha256.hexdigest() != expected.get("sha256"):
                    raise _refuse(path, f"{'数据库' if name == manifest['database'] else '上传文件'}的内容与清单不符")
    except PermissionError as exc:
        raise BackupError("unreadable", UNREADABLE.format(path=path, why=exc.strerror), exit_code=2) from None
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError, KeyError, TypeError, AttributeError):
        raise _refuse(path, "无法读取其内容") from None
    return manifest


def _rows_outside_bookkeeping() -> dict[str, int]:
    tables = [t for t in connection.introspection.table_names() if t not in BOOKKEEPING]
    return {t: n for t, n in _table_counts(tables).items() if n}


def _check_empty(force: bool) -> None:
    if force:
        return
    database = _rows_outside_bookkeeping()
    if database:
        first = sorted(database)[0]
        raise BackupError("not_empty", NOT_EMPTY.format(
            what="数据库", detail=f"{len(database)}个表有记录，如“{first}”"))
    media = _media_files()
    if media:
        raise BackupError("not_empty", NOT_EMPTY.format(
            what=f"上传文件夹（{settings.MEDIA_ROOT}）", detail=f"{len(media)}个文件"))


def _restore_sqlite(staged: Path) -> None:
    """Copy the staged database over the live one through the backup API (which replaces every page)."""
    try:
        check = sqlite3.connect(f"{staged.resolve().as_uri()}?mode=ro", uri=True)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            check.close()
    except sqlite3.DatabaseError:
        ok = False
    if not ok:
        raise BackupError("not_a_backup", "备份中的SQLite数据库已损坏，未做任何改动", exit_code=2)
    connections.close_all()
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{staged.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=20)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _restore_postgresql(staged: Path) -> None:
    _run("pg_restore", ["--list", str(staged)], say_stderr=False)  # a custom-format archive at all
    with transaction.atomic():  # whatever tables there are go: the dump brings its own
        tables = connection.introspection.table_names()
        with connection.cursor() as cursor:
            if tables:
                cursor.execute("DROP TABLE IF EXISTS " + ", ".join(connection.ops.quote_name(t) for t in tables)
                               + " CASCADE")
            cursor.execute("SELECT sequence_name FROM information_schema.sequences "
                           "WHERE sequence_schema = current_schema()")
            sequences = [r[0] for r in cursor.fetchall()]
            if sequences:
                cursor.execute("DROP SEQUENCE IF EXISTS " + ", ".join(connection.ops.quote_name(s) for s in sequences)
                               + " CASCADE")
    connections.close_all()
    _run("pg_restore", ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                        "--dbname", str(settings.DATABASES["default"]["NAME"]), str(staged)], say_stderr=False)


def _swap_media(staged: Path, work: Path) -> None:
    """Put the backup's files where MEDIA_ROOT is, moving what was there aside first (removed with `work`)."""
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        os.replace(root, work / "media-before")
    if staged.is_dir():
        os.replace(staged, root)
    else:
        root.mkdir(parents=True, exist_ok=True)


@_database_errors
def backup_restore(*, path: Path, force: bool = False) -> dict:
    """Restore a backup into this data directory and database, then migrate; returns the backup's manifest."""
    from django.core.management import call_command

    engine = _engine()
    path = Path(path)
    data_dir = Path(settings.MEDIA_ROOT).parent
    data_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".jixiao-restore-", dir=data_dir))
    try:
        manifest = _unpack(path, work / "unpacked")
        if manifest["engine"] != engine:
            raise BackupError("other_engine", OTHER_ENGINE.format(
                path=path, source=ENGINE_NAMES[manifest["engine"]], target=ENGINE_NAMES[engine]))
        _check_empty(force)
        staged = work / "unpacked" / manifest["database"]
        if engine == "sqlite":
            _restore_sqlite(staged)
        else:
            _restore_postgresql(staged)
        _swap_media(work / "unpacked" / MEDIA, work)
        connections.close_all()
        restored = _table_counts([t for t in manifest["counts"] if t in connection.introspection.table_names()])
        for table, expected in sorted(manifest["counts"].items()):
            if restored.get(table) != expected:
                raise BackupError("counts", COUNTS_DIFFER.format(table=table, found=restored.get(table),
                                                                 expected=expected))
        call_command("migrate", verbosity=0, interactive=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest
