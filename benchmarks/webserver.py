"""What the web benchmarks share: a free port, `jixiao serve` started in the background and
waited for, and stopped afterwards."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

JIXIAO = str(Path(sys.executable).with_name("jixiao"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(env: dict, workers: str, log: str | None = None):
    """`jixiao serve` on a free port with `env`; yields its base URL once /healthz answers. Its output
    goes to the file `log` when given."""
    port = free_port()
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    server = subprocess.Popen([JIXIAO, "serve", "--port", str(port), "--workers", workers], env=env,
                              stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        if log:
            out.close()
