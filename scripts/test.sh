#!/usr/bin/env bash
# The whole test suite: lint, every test on SQLite (browser tests included), then
# the web tests again on a throwaway PostgreSQL 15 cluster that this script starts
# and removes. Run through `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

export JIXIAO_DATA_DIR="${JIXIAO_DATA_DIR:-$PWD/var/test}"
mkdir -p "$JIXIAO_DATA_DIR"
unset DATABASE_URL

.venv/bin/ruff check src tests benchmarks
.venv/bin/mypy src/jixiao  # all of it, the web layer through django-stubs (pyproject.toml [tool.mypy])
.venv/bin/pytest

# --- PostgreSQL -------------------------------------------------------------
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL server binaries not found" >&2; exit 1; }
cluster=$(mktemp -d /tmp/jixiao-pg.XXXXXX)
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" = 0 ]; then  # initdb refuses to run as root
  chown postgres "$cluster"
  as_pg=(runuser -u postgres -- env -C /)  # from /, which postgres may enter (the clone may be root's alone)
fi
stop() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$cluster"; }
trap stop EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$cluster/data" -U jixiao --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w \
  -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
export DATABASE_URL="postgres://jixiao@127.0.0.1:$port/jixiao"
echo "PostgreSQL on port $port: the web tests again"
.venv/bin/pytest tests/web -m "not browser" -p no:cacheprovider
