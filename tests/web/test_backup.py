"""jixiao backup and jixiao restore, as a union's IT person runs them: the demo with an evidence file
is backed up, restored into another empty data directory (and, on PostgreSQL, another empty
database) and found the same; a filled target is refused unless forced; a bad file changes nothing;
an older database is migrated after it is restored.

Run on SQLite, and on PostgreSQL when DATABASE_URL names it (scripts/test.sh): then every place
gets its own database on that server, dropped at the end."""

import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from jixiao.web.backup import FORMAT, NEWER_FORMAT, NO_DATABASE, NOT_A_BACKUP, NOT_EMPTY

JIXIAO = str(Path(sys.executable).with_name("jixiao"))
URL = os.environ.get("DATABASE_URL", "")
POSTGRES = URL.startswith(("postgres://", "postgresql://"))
EVIDENCE = b"%PDF-1.4\n" + bytes(range(256)) * 40 + "佐证材料".encode()

SETUP = "from jixiao.web import commands; commands.setup()\n"
# Every row of every model that holds the union's data, in primary key order.
SNAPSHOT = SETUP + """
import json
from django.apps import apps
from django.core import serializers
apps_kept = {"goals", "evaluation", "relief", "history", "accounts", "auth"}
rows = {m._meta.label: json.loads(serializers.serialize("json", m.objects.order_by("pk")))
        for m in apps.get_models() if m._meta.app_label in apps_kept}
print(json.dumps(rows, ensure_ascii=False, sort_keys=True))
"""
UPLOAD = SETUP + """
import sys
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from jixiao.web.evaluation.services import value_save
from jixiao.web.goals.models import Indicator
indicator = Indicator.objects.filter(project__code="13032221GVUVTX63BWWCQ", project__plan__year=2021).order_by("pk")[0]
value = value_save(indicator=indicator, fields={"evidence": ContentFile(bytes.fromhex(sys.argv[1]), name="佐证.pdf")},
                   user=get_user_model().objects.get(username="editor"))
print(value.evidence.name)
"""
TABLES = SETUP + "from django.db import connection; print(len(connection.introspection.table_names()))"
PENDING = SETUP + """
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
executor = MigrationExecutor(connection)
print(len(executor.migration_plan(executor.loader.graph.leaf_nodes())))
"""


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    """A new empty data directory, and on PostgreSQL a new empty database: (path, env)."""
    made = []

    def make(name: str):
        path = tmp_path_factory.mktemp(name)
        env = {**os.environ, "JIXIAO_DATA_DIR": str(path), "COLUMNS": "200"}
        env.pop("JIXIAO_CORPUS", None)
        env.pop("JIXIAO_SECRET_KEY", None)
        if POSTGRES:
            import psycopg

            database = f"jixiao_{name}_{secrets.token_hex(4)}"
            with psycopg.connect(_with_database(URL, "postgres"), autocommit=True) as db:
                db.execute(f'CREATE DATABASE "{database}"')
            made.append(database)
            env["DATABASE_URL"] = _with_database(URL, database)
        else:
            env.pop("DATABASE_URL", None)
        return path, env

    yield make
    if made:
        import psycopg

        with psycopg.connect(_with_database(URL, "postgres"), autocommit=True) as db:
            for database in made:
                db.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def jixiao(env, *args):
    result = subprocess.run([JIXIAO, *map(str, args)], env=env, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def python(env, script, *args) -> str:
    result = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def snapshot(env) -> dict:
    return json.loads(python(env, SNAPSHOT))


def actuals(env) -> dict:
    result = jixiao(env, "actuals", "13032221GVUVTX63BWWCQ", "--year", "2021", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for row in data["indicators"]:
        if row.get("provenance"):
            row["provenance"].pop("computed_at")  # the time it was asked
    return data


@pytest.fixture(scope="module")
def source(place, tmp_path_factory):
    """The demo with an evidence file, backed up once: its env, evidence name, records and the backup file."""
    path, env = place("source")
    demo = jixiao(env, "demo")
    assert demo.returncode == 0, demo.stderr
    evidence = python(env, UPLOAD, EVIDENCE.hex()).strip()
    assert (path / "media" / evidence).read_bytes() == EVIDENCE
    folder = tmp_path_factory.mktemp("backups")
    result = jixiao(env, "backup", folder)  # a folder: the file is named by the date
    assert result.returncode == 0, result.stderr
    [backup] = folder.glob("jixiao-*.tar.gz")
    assert f"已备份到{backup}" in result.stdout and "上传文件2个" in result.stdout  # the demo's 整改佐证 and this one
    return {"env": env, "path": path, "evidence": evidence, "backup": backup, "records": snapshot(env),
            "actuals": actuals(env)}


def test_the_backup_holds_the_database_the_files_and_a_manifest(source):
    with tarfile.open(source["backup"], "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        assert tar.extractfile(f"media/{source['evidence']}").read() == EVIDENCE
    engine = "postgresql" if POSTGRES else "sqlite"
    assert (manifest["format"], manifest["version"], manifest["engine"]) == (FORMAT, 1, engine)
    assert manifest["jixiao"] and manifest["created"] and manifest["media_files"] == 2  # the demo's 整改佐证 too
    assert manifest["counts"]["relief_beneficiary"] == 432 and manifest["counts"]["goals_plan"] == 2
    ours = {"manifest.json", manifest["database"], f"media/{source['evidence']}"}
    [demo_evidence] = set(names) - ours
    assert ours <= set(names) and demo_evidence.startswith("media/")
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    assert oct(source["backup"].stat().st_mode & 0o777) == "0o600"  # it holds personal data


def test_a_restored_backup_has_the_same_records_actuals_history_and_files(source, place):
    path, env = place("restored")
    result = jixiao(env, "restore", source["backup"])
    assert result.returncode == 0, result.stderr
    assert f"已从{source['backup']}恢复" in result.stdout and "数据库已迁移到本版本" in result.stdout
    records = snapshot(env)
    assert records == source["records"]
    # The same, and not the same nothing: the demo's year is there.
    assert len(records["goals.Plan"]) == 2 and len(records["goals.Project"]) >= 3
    assert len(records["goals.Indicator"]) > 40 and len(records["evaluation.SpendingRecord"]) > 100
    assert len(records["relief.Beneficiary"]) == 432 and len(records["relief.Payment"]) > 300
    assert records["relief.Round"] and records["relief.HealthCheck"] and records["relief.SurveyResponse"]
    assert any(v["fields"]["evidence"] == source["evidence"] for v in records["evaluation.IndicatorValue"])
    assert len(records["history.Entry"]) > 400
    assert {u["fields"]["username"] for u in records["auth.User"]} >= {"editor", "approver", "finance", "relief"}
    assert actuals(env) == source["actuals"]
    assert (path / "media" / source["evidence"]).read_bytes() == EVIDENCE


def test_a_filled_target_is_refused_unless_forced(source, place):
    path, env = place("filled")
    assert jixiao(env, "restore", source["backup"]).returncode == 0
    (path / "media" / source["evidence"]).unlink()
    python(env, SETUP + "from jixiao.web.goals.models import Unit; Unit.objects.create(code='999001', name='后加单位')")
    refused = jixiao(env, "restore", source["backup"])
    assert refused.returncode == 1
    assert NOT_EMPTY.format(what="数据库", detail="").split("（")[0] in refused.stderr
    assert "--force" in refused.stderr and "未做任何改动" in refused.stderr
    units = [u["fields"]["code"] for u in snapshot(env)["goals.Unit"]]
    assert "999001" in units  # nothing changed
    forced = jixiao(env, "restore", "--force", source["backup"])
    assert forced.returncode == 0, forced.stderr
    assert snapshot(env) == source["records"]
    assert (path / "media" / source["evidence"]).read_bytes() == EVIDENCE


def test_files_in_the_media_folder_make_a_target_filled(source, place):
    path, env = place("media")
    (path / "media" / "documents").mkdir(parents=True)
    (path / "media" / "documents" / "a.txt").write_text("x")
    refused = jixiao(env, "restore", source["backup"])
    assert refused.returncode == 1 and "上传文件夹" in refused.stderr and "1个文件" in refused.stderr
    assert python(env, TABLES).strip() == "0"  # the database untouched


def _rewrite(backup: Path, target: Path, change, rename=lambda name: name) -> Path:
    """A copy of a backup with its members changed by `change(name, data) -> data | None` (None drops it)."""
    with tarfile.open(backup, "r:gz") as tar, tarfile.open(target, "w:gz") as out:
        for member in tar.getmembers():
            data = change(member.name, tar.extractfile(member).read())
            if data is not None:
                member.size, member.name, member.pax_headers = len(data), rename(member.name), {}
                out.addfile(member, io.BytesIO(data))
    return target


# What is wrong with each bad file, as the refusal says it.
REASONS = {"cut short": "无法读取其内容", "random bytes": "无法读取其内容", "empty": "无法读取其内容",
           "a zip": "无法读取其内容", "another tar": "没有manifest.json", "a changed database": "数据库的内容与清单不符",
           "a missing file": "文件列表与清单不符", "another manifest": "manifest.json不是jixiao备份的清单",
           "an escaping name": "含有不允许的文件名"}


def bad_files(backup: Path, folder: Path) -> dict[str, Path]:
    data = backup.read_bytes()
    files = {}
    files["cut short"] = folder / "cut.tar.gz"
    files["cut short"].write_bytes(data[: len(data) // 2])
    files["random bytes"] = folder / "random.tar.gz"
    files["random bytes"].write_bytes(os.urandom(4096))
    files["empty"] = folder / "empty.tar.gz"
    files["empty"].write_bytes(b"")
    files["a zip"] = folder / "backup.zip"
    with zipfile.ZipFile(files["a zip"], "w") as z:
        z.writestr("manifest.json", "{}")
    files["another tar"] = folder / "other.tar.gz"
    with tarfile.open(files["another tar"], "w:gz") as tar:
        info = tarfile.TarInfo("notes.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"notes"))
    files["a changed database"] = _rewrite(backup, folder / "changed.tar.gz", lambda name, d: (
        d[:-10] + b"0123456789" if name.startswith("database.") else d))
    files["a missing file"] = _rewrite(backup, folder / "missing.tar.gz", lambda name, d: (
        None if name.startswith("media/") else d))
    files["another manifest"] = _rewrite(backup, folder / "manifest.tar.gz", lambda name, d: (
        json.dumps({**json.loads(d), "format": "other"}).encode() if name == "manifest.json" else d))
    files["an escaping name"] = _rewrite(backup, folder / "escape.tar.gz", lambda name, d: (
        d.replace(b'"media/', b'"media/../../') if name == "manifest.json" else d),
        lambda name: name.replace("media/", "media/../../"))
    return files


def test_a_bad_backup_file_is_refused_naming_it_and_changes_nothing(source, place, tmp_path):
    path, env = place("untouched")
    files = bad_files(source["backup"], tmp_path)
    assert set(files) == set(REASONS)
    for why, bad in files.items():
        result = jixiao(env, "restore", bad)
        assert result.returncode == 2, (why, result.stdout, result.stderr)
        assert NOT_A_BACKUP.format(path=bad, why=REASONS[why]) in result.stderr.replace("\n", ""), (why, result.stderr)
    missing = jixiao(env, "restore", tmp_path / "none.tar.gz")
    assert missing.returncode == 2 and f"{tmp_path / 'none.tar.gz'}：无法读取（文件不存在）" in missing.stderr
    assert python(env, TABLES).strip() == "0"  # no table was made
    assert not (path / "media").exists() and not list(path.glob(".jixiao-restore-*"))


def test_a_backup_from_a_newer_format_is_refused(source, place, tmp_path):
    _, env = place("newer")
    newer = _rewrite(source["backup"], tmp_path / "newer.tar.gz", lambda name, d: (
        json.dumps({**json.loads(d), "version": 99}).encode() if name == "manifest.json" else d))
    result = jixiao(env, "restore", newer)
    assert result.returncode == 2 and NEWER_FORMAT.format(path=newer, version=99) in result.stderr


def test_an_older_database_is_migrated_after_it_is_restored(place, tmp_path):
    _, old = place("older")
    python(old, SETUP + "from django.core.management import call_command; "
                        "call_command('migrate', 'goals', '0001', verbosity=0)")
    assert int(python(old, PENDING)) > 0
    backup = tmp_path / "old.tar.gz"
    assert jixiao(old, "backup", backup).returncode == 0
    _, new = place("upgraded")
    result = jixiao(new, "restore", backup)
    assert result.returncode == 0, result.stderr
    assert python(new, PENDING).strip() == "0"


def test_a_database_that_is_not_there_is_named_not_a_traceback(place, tmp_path):
    path, env = place("absent")
    if POSTGRES:
        env["DATABASE_URL"] = _with_database(URL, "jixiao_absent_" + secrets.token_hex(4))
    result = jixiao(env, "backup", tmp_path / "b.tar.gz")
    assert result.returncode == 1 and not (tmp_path / "b.tar.gz").exists()
    if POSTGRES:
        assert "数据库出错：" in result.stderr and "does not exist" in result.stderr
    else:
        assert NO_DATABASE.format(path=path / "jixiao.sqlite3") in result.stderr
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_a_backup_is_a_personal_data_export_on_the_security_log(source):
    rows = source["records"]["history.Entry"]  # what the database held after the backup
    [entry] = [r["fields"] for r in rows if r["fields"]["action"] == "backup"]
    assert entry["note"] == f"备份文件：{source['backup']}" and entry["user"] is None  # the command line
