import os
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

# The documents the tests read live in the repository; the shared corpus beside a checkout, when
# there, adds the seed and samples it has that the fixtures do not (real/ is for the issue on provinces).
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
REAL_CORPUS = CORPUS / "real"
SHARED = Path(os.environ.get("JIXIAO_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))


def _documents(root: Path) -> list[Path]:
    return sorted(p for folder in ("seed", "samples") for p in (root / folder).glob("*")
                  if p.suffix != ".json" and p.with_suffix(".expected.json").exists())


DOCUMENTS = _documents(CORPUS)
DOCUMENTS += [p for p in _documents(SHARED) if p.name not in {d.name for d in DOCUMENTS}]


def corpus_ids():
    return [p.name for p in DOCUMENTS]


@pytest.fixture
def seed_path() -> Path:
    return CORPUS / "seed" / "changli-union-2021.txt"


def projection(doc) -> dict:
    """The corpus's expected reading: money in 万元, the plan as four, numbers as numbers."""
    from jixiao.core.money import from_yuan

    def num(v):
        return None if v is None else Decimal(v)

    return {
        "unit_code": doc.unit.code,
        "unit_name": doc.unit.name,
        "year": doc.year,
        "projects": [
            {
                "code": p.code,
                "name": p.name,
                "total": from_yuan(p.budget.total),
                "fiscal": from_yuan(p.budget.fiscal),
                "other": from_yuan(p.budget.other),
                "plan": [num(v) for v in p.spending_plan.checkpoints.values()],
                "goals": len(p.goals),
                "indicators": [
                    {"level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target.raw}
                    for i in p.indicators
                ],
            }
            for p in doc.projects
        ],
        "department": None if doc.department is None else {
            "sub_goals": [s.name for s in doc.department.sub_goals],
            "measures": len(doc.department.measures),
        },
    }


def expected(path: Path) -> dict:
    import json

    data = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
    for p in data["projects"]:
        for key in ("total", "fiscal", "other"):
            p[key] = Decimal(p[key])
        p["plan"] = [None if v is None else Decimal(v) for v in p["plan"]]
    return data


def real_documents() -> list[Path]:
    """The real published documents that have an expected reading beside them."""
    return sorted(p for p in REAL_CORPUS.iterdir()
                  if not p.name.endswith(".json") and p.suffix != ".md"
                  and p.with_name(p.stem + ".expected.json").exists())


def _number(v):
    if v is None:
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return v


def real_expected(path: Path) -> dict:
    """A real document's expected reading; `fiscal`/`other` null where the form does not state them."""
    import json

    data = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    data.pop("unit_wide", None)
    for p in data["projects"]:
        for key in ("total", "fiscal", "other"):
            p[key] = _number(p[key])
        p["plan"] = [_number(v) for v in p["plan"]]
    return data


def differences(want, got, where: str = "") -> list[str]:
    """Every place where the reading differs from the expected one."""
    if isinstance(want, dict) and isinstance(got, dict):
        return [d for key, value in want.items() if not (key in ("fiscal", "other") and value is None)
                for d in differences(value, got.get(key), f"{where}.{key}" if where else key)]
    if isinstance(want, list) and isinstance(got, list):
        found = [d for i, (w, g) in enumerate(zip(want, got)) for d in differences(w, g, f"{where}[{i}]")]
        if len(want) != len(got):
            found.append(f"{where}: 应有 {len(want)} 项, 读出 {len(got)} 项")
        return found
    return [] if want == got else [f"{where}: 应为 {want!r}, 读出 {got!r}"]


def real_reading(reading: dict) -> dict:
    """The model writes an absent code as ""; the expected readings write null."""
    reading["unit_code"] = reading["unit_code"] or None
    for p in reading["projects"]:
        p["code"] = p["code"] or None
    return reading


def libreoffice(path: Path, to: str, out: Path) -> bytes:
    """`path` saved as `to` (pdf, doc, xls) by LibreOffice, standing in for Word, WPS or Excel."""
    from jixiao.formats.old_office import libreoffice

    out.mkdir(parents=True, exist_ok=True)
    libreoffice([path], to, out)
    return (out / f"{path.stem}.{to}").read_bytes()


def pytest_sessionfinish(session):
    """The SQLite test database is a file in WAL mode (jixiao.web.settings): Django removes the file when
    the run ends, and here its -wal and -shm, which connections of the live server's threads leave."""
    from django.conf import settings

    if not settings.configured:
        return
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for end in ("-wal", "-shm", "-journal"):
            Path(f"{name}{end}").unlink(missing_ok=True)
