"""Imports point down the layers of DESIGN.md."""

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "jixiao"


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules(under: str):
    return sorted((SRC / under).rglob("*.py")) if under else sorted(SRC.rglob("*.py"))


def test_nothing_outside_web_imports_django():
    offenders = [str(p.relative_to(SRC)) for p in modules("") if "web" not in p.relative_to(SRC).parts[:1]
                 and imported(p) & {"django", "ninja"}]
    assert offenders == []


def test_core_imports_only_the_standard_library_and_cn2an():
    allowed = set(sys.stdlib_module_names) | {"cn2an"}
    for path in modules("core"):
        assert imported(path) <= allowed, path


def test_domain_packages_do_not_import_formats_cli_or_web():
    for package in ("core", "review", "evaluation"):
        for path in modules(package):
            text = path.read_text("utf-8")
            for layer in ("formats", "cli", "web"):
                assert f"from ..{layer}" not in text and f"from ...{layer}" not in text, (path, layer)
