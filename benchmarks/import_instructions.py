"""Instructions per import, this tree against an earlier commit: a measure a busy or slower machine
does not change, where timings side by side move by several per cent from run to run.

    .venv/bin/python benchmarks/import_instructions.py [--base REV]

Counts with valgrind's callgrind (apt-get install valgrind) the instructions of N + 1 reads of each
document minus those of one read (start-up and imports cancel out), the earlier commit checked out
in a temporary git worktree. A few minutes: callgrind runs Python about 50× slower."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Each document with the reads counted (a .docx read costs ten times the seed's).
DOCUMENTS = {
    "seed .txt": (ROOT / "tests/fixtures/corpus/seed/changli-union-2021.txt", 10),
    "sample .docx": (ROOT / "tests/fixtures/corpus/samples/yunling-canlian-2022.docx", 3),
}
READ = """
import sys
from pathlib import Path
from jixiao.formats.reader import read_bytes
path = Path(sys.argv[1])
data = path.read_bytes()
for _ in range(int(sys.argv[2])):
    read_bytes(data, path.name)
"""


def instructions(src: Path, document: Path, reads: int) -> int:
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", READ,
         str(document), str(reads)],
        env={**os.environ, "PYTHONPATH": str(src)}, capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", result.stderr)[1])


def per_read(src: Path, document: Path, reads: int) -> float:
    return (instructions(src, document, reads + 1) - instructions(src, document, 1)) / reads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="e41c2e4", help="the earlier commit (default: before issue 12)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.base],
                       check=True, capture_output=True)
        try:
            print(f"{'document':<14}{args.base:>16}{'this tree':>16}{'ratio':>8}")
            for name, (document, reads) in DOCUMENTS.items():
                before, now = per_read(base / "src", document, reads), per_read(ROOT / "src", document, reads)
                print(f"{name:<14}{before / 1e6:>14.2f} M{now / 1e6:>14.2f} M{now / before:>8.3f}")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], capture_output=True)


if __name__ == "__main__":
    main()
