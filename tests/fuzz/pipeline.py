"""Each mutant through everything a document goes through before it is saved: the reader (as the CLI,
the web upload and the API read it), `jixiao check`'s checks, the review, the CLI's summary and the
jixiao/1 round trip the web's preview keeps in the session. It runs in a forked worker whose address
space is capped, so that a parser that aborts the process, hangs or swallows memory is a failing
example here and not a dead test run."""

from __future__ import annotations

import hashlib
import os
import resource
import tempfile
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as Timeout
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from jixiao.cli.documents import summary
from jixiao.core.checks import check_document
from jixiao.core.errors import JixiaoError
from jixiao.formats.jixiao_json import from_dict, project_dict, to_dict
from jixiao.formats.reader import read_bytes
from jixiao.review import review_document

SECONDS = 10  # issue 13: no file makes a process run more than 10 s …
HEADROOM = 1 << 30  # … or use more than 1 GB


def exercise(name: str, data: bytes) -> tuple[str, str]:
    """("read", summary) or ("refused", code) when a JixiaoError says why; ("crash", traceback) otherwise."""
    try:
        doc, problems = read_bytes(data, name)
        found = check_document(doc)
        review = review_document(doc)
        again = from_dict(to_dict(doc))
        summary(doc, name)
        same = [project_dict(p) for p in again.projects] == [project_dict(p) for p in doc.projects]
        assert same, "the jixiao/1 round trip changed the projects"
    except JixiaoError as exc:
        if not exc.message or not isinstance(exc.code, str):
            return "crash", f"JixiaoError without a message: {exc!r}"
        return "refused", exc.code
    except BaseException:  # noqa: BLE001 - every other exception is what the fuzz suite looks for
        return "crash", traceback.format_exc()
    return "read", f"{len(doc.projects)} projects, {len(problems)}/{len(found)} problems, {len(review.findings)} findings"


def _cap_memory() -> None:
    with open("/proc/self/status") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (size + HEADROOM, size + HEADROOM))


_pool: ProcessPoolExecutor | None = None


def _worker() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"), initializer=_cap_memory)
    return _pool


def _discard() -> None:
    """Kill the worker this module started (by its pid) and start afresh next time."""
    global _pool
    if _pool is not None:
        for process in list(getattr(_pool, "_processes", {}).values()):
            if process.pid and process.is_alive():
                os.kill(process.pid, 9)
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def run(name: str, data: bytes) -> tuple[str, str]:
    """`exercise` in the worker: ("hang", …) past SECONDS, ("died", …) when the process was killed or aborted.
    A mutant that fails is kept in the temporary folder (jixiao-fuzz/), named in the message, to be replayed."""
    try:
        outcome = _worker().submit(exercise, name, data).result(timeout=SECONDS)
    except Timeout:
        _discard()
        outcome = "hang", f"more than {SECONDS} s"
    except BrokenProcessPool:
        _discard()
        outcome = "died", "the process died (aborted, or killed for memory)"
    if outcome[0] not in ("read", "refused"):
        kept = Path(tempfile.gettempdir()) / "jixiao-fuzz" / f"{hashlib.sha1(data).hexdigest()[:12]}-{name}"
        kept.parent.mkdir(exist_ok=True)
        kept.write_bytes(data)
        outcome = outcome[0], f"{kept}: {outcome[1]}"
    return outcome
