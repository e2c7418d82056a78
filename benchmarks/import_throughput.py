"""Import throughput per format, each with the ratio to just reading and
decoding the same bytes; then `jixiao import --out` over a folder of 10,000
documents. Run with `make bench`. Goals (issue 3): the seed .txt ≤ 1 ms, a
.docx ≤ 20 ms, 10,000 documents ≤ 30 s on this 2-core machine."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from jixiao.formats.old_office import libreoffice
from jixiao.formats.reader import read_bytes
from jixiao.formats.writer import write

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "corpus"
SEED = CORPUS / "seed" / "changli-union-2021.txt"


def per_call(fn, budget: float = 1.0) -> float:
    """Seconds per call: the best of 5 rounds, each about budget/5 seconds."""
    fn()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < budget / 10:
        fn()
        n += 1
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best


def unzip_xml(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                z.read(name).decode("utf-8")


def cases():
    seed = SEED.read_bytes()
    doc, _ = read_bytes(seed, "seed.txt")
    yield "seed .txt (UTF-8)", seed, "seed.txt", lambda: seed.decode("utf-8")
    gb = SEED.read_text("utf-8").encode("gb18030")
    yield "seed .txt (GB18030)", gb, "seed.txt", lambda: gb.decode("gb18030")
    docx = (CORPUS / "samples" / "yunling-canlian-2022.docx").read_bytes()
    yield "sample .docx", docx, "s.docx", lambda: unzip_xml(docx)
    seed_docx = write(doc, "docx")
    yield "seed as .docx", seed_docx, "s.docx", lambda: unzip_xml(seed_docx)
    xlsx = (CORPUS / "samples" / "sangtai-kexie-2023.xlsx").read_bytes()
    yield "sample .xlsx", xlsx, "s.xlsx", lambda: unzip_xml(xlsx)
    pdf = write(doc, "pdf")  # its baseline is pdftotext alone: the text must be got out first
    yield "seed as .pdf", pdf, "s.pdf", lambda: subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                                                                 capture_output=True, check=True)
    old = saved_as_doc(docx)  # its baseline is LibreOffice's conversion alone
    yield "sample as old .doc", old, "s.doc", lambda: convert(old, "doc", "docx")
    js = write(doc, "json")
    yield "seed as jixiao/1 JSON", js, "s.json", lambda: json.loads(js.decode("utf-8"))


def convert(data: bytes, suffix: str, to: str) -> bytes:
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / f"in.{suffix}"
        source.write_bytes(data)
        libreoffice([source], to, Path(work))
        return source.with_suffix(f".{to}").read_bytes()


def saved_as_doc(docx: bytes) -> bytes:
    return convert(docx, "docx", "doc")


def batch(count: int = 10_000, data: bytes | None = None, suffix: str = ".txt") -> tuple[float, int]:
    """`jixiao import --out` over a folder of `count` copies of a document (the seed by default)."""
    work = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    try:
        src = work / "in"
        src.mkdir()
        data = data or SEED.read_bytes()
        for k in range(count):
            (src / f"doc{k:05d}{suffix}").write_bytes(data)
        jixiao = Path(sys.executable).with_name("jixiao")
        start = time.perf_counter()
        subprocess.run([str(jixiao), "import", "--out", str(work / "out"), str(src)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        return elapsed, len(list((work / "out").iterdir()))
    finally:
        shutil.rmtree(work)


def main() -> None:
    print(f"{'format':<24}{'import':>12}{'docs/s':>10}{'read+decode':>14}{'ratio':>8}")
    for name, data, filename, baseline in cases():
        t = per_call(lambda data=data, filename=filename: read_bytes(data, filename))
        b = per_call(baseline, 0.5)
        print(f"{name:<24}{t * 1000:>9.3f} ms{1 / t:>10.0f}{b * 1e6:>11.1f} µs{t / b:>8.1f}×")
    count = int(os.environ.get("JIXIAO_BENCH_BATCH", "10000"))
    elapsed, written = batch(count)
    print(f"jixiao import --out over {count} seed documents: {elapsed:.1f} s "
          f"({count / elapsed:.0f} documents/s, {written} written)")
    old = saved_as_doc((CORPUS / "samples" / "yunling-canlian-2022.docx").read_bytes())
    elapsed, written = batch(100, old, ".doc")
    print(f"jixiao import --out over 100 old .doc files (one LibreOffice run): {elapsed:.1f} s "
          f"({elapsed * 10:.0f} ms a file, {written} written)")


if __name__ == "__main__":
    main()
