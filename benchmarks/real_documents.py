"""How many real published goal documents jixiao reads exactly (issue 12 §3): every fixture in
tests/fixtures/corpus/real/ is read with jixiao's reader and its reading, in the corpus projection
(tests/conftest.py), compared with the expected reading written by hand beside it. Prints per file
读取一致 / 不一致 (projects and indicators read of those expected, how many places differ and the
first) / 未能读取 (the error), then the total. A report, not a
test: it exits 0 whatever the count. Run with `.venv/bin/python benchmarks/real_documents.py`.

Comparison as the real corpus's README says: `fiscal`/`other` written null are not compared (the
form does not state them), `unit_wide` is kept in the expected file only as information."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jixiao.core.errors import JixiaoError  # noqa: E402
from jixiao.formats.reader import read_path  # noqa: E402
from tests.conftest import differences, projection, real_documents, real_expected, real_reading  # noqa: E402


def _indicators(reading: dict) -> int:
    return sum(len(p["indicators"]) for p in reading["projects"])


def main() -> int:
    paths = real_documents()
    exact, totals = 0, [0, 0, 0, 0]  # projects read, expected; indicators read, expected
    width = max((len(p.name) for p in paths), default=0)
    for path in paths:
        try:
            doc, problems = read_path(path)
            got = real_reading(projection(doc))
        except JixiaoError as exc:
            where = f"{exc.place}: " if exc.place else ""
            print(f"{path.name:<{width}}  未能读取: {where}{exc.message}")
            continue
        except Exception as exc:  # a report: an unexpected failure is a line, not a traceback
            print(f"{path.name:<{width}}  未能读取: {type(exc).__name__}: {exc}")
            continue
        want = real_expected(path)
        found = differences(want, got)
        for k, n in enumerate((len(got["projects"]), len(want["projects"]), _indicators(got), _indicators(want))):
            totals[k] += n
        counts = (f"项目 {len(got['projects'])}/{len(want['projects'])}，"
                  f"指标 {_indicators(got)}/{_indicators(want)}，问题 {len(problems)} 条")
        if not found:
            exact += 1
            print(f"{path.name:<{width}}  读取一致（{counts}）")
        else:
            print(f"{path.name:<{width}}  不一致（{counts}，{len(found)}处）：{found[0]}")
    print(f"项目 {totals[0]}/{totals[1]}，指标 {totals[2]}/{totals[3]}（读出/应有，未能读取的文件不计）")
    print(f"{exact}/{len(paths)} read exactly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
