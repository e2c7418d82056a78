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
    # jieba: the indicator library's word segmentation (core/indicator_library.py), text like cn2an's numerals.
    allowed = set(sys.stdlib_module_names) | {"cn2an", "jieba"}
    for path in modules("core"):
        assert imported(path) <= allowed, path


# What each package of src/jixiao may import from the others (README, Architecture): imports point down.
# formats writes the official 监控表 and 自评表 from evaluation's rows, so it may use evaluation.
# evaluation's unit-wide metrics (unit_metrics.py) run relief's metrics across a unit's projects, so it may use relief.
LAYERS = {
    "core": set(), "seed": set(), "rulesets": {"core"},
    "review": {"core", "rulesets"}, "evaluation": {"core", "rulesets", "relief"}, "relief": {"core"},
    "formats": {"core", "evaluation", "rulesets"},
    "cli": {"core", "seed", "rulesets", "review", "evaluation", "relief", "formats", "web"},
    "web": {"core", "seed", "rulesets", "review", "evaluation", "relief", "formats"},
}


def jixiao_imports(path: Path) -> set[str]:
    """The jixiao packages a module imports, relative imports resolved, function-level ones included."""
    package = list(path.relative_to(SRC.parent).with_suffix("").parts)
    package = package[:-1]  # a module's package; an __init__'s own package is its folder
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            parts = base + (node.module.split(".") if node.module else [])
            if parts[:1] == ["jixiao"]:
                found |= {parts[1]} if len(parts) > 1 else {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("jixiao.")}
    return found


def test_every_package_is_in_the_layers():
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages == set(LAYERS)


def test_imports_point_down_the_layers():
    for path in modules(""):
        layer = path.relative_to(SRC).parts[0]
        if layer in LAYERS:
            assert jixiao_imports(path) - {layer} <= LAYERS[layer], (str(path.relative_to(SRC)), jixiao_imports(path))


def test_the_layer_check_resolves_relative_imports():
    assert jixiao_imports(SRC / "relief" / "rounds.py") >= {"core"}  # from ..core.money
    assert "relief" in jixiao_imports(SRC / "relief" / "metrics.py")  # from .checks
    assert "web" in jixiao_imports(SRC / "cli" / "web.py")  # from ..web import commands, inside a function
