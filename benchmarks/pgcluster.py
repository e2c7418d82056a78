"""A throwaway PostgreSQL cluster from the machine's server binaries (as scripts/test.sh starts one)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile


@contextlib.contextmanager
def cluster():
    """Yield a DATABASE_URL for a fresh cluster on a free port; remove it afterwards."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    root = tempfile.mkdtemp(prefix="jixiao-pg-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    as_pg = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = f"{root}/data"
    subprocess.run([*as_pg, f"{binaries}/initdb", "-D", data, "-U", "jixiao", "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run([*as_pg, f"{binaries}/pg_ctl", "-D", data, "-l", f"{root}/log", "-w", "-o",
                    f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
                    " -c shared_buffers=512MB", "start"], check=True, capture_output=True)
    subprocess.run([*as_pg, f"{binaries}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "jixiao", "jixiao"],
                   check=True, capture_output=True)
    try:
        yield f"postgres://jixiao@127.0.0.1:{port}/jixiao"
    finally:
        subprocess.run([*as_pg, f"{binaries}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
