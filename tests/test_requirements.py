"""A clean clone installs from the package index alone: every requirement is pinned
`name==version`, never a URL or a path, and the two files agree."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _pins(lines: list[str]) -> dict[str, Requirement]:
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            assert req.url is None, f"{line}：不能用网址或路径安装"
            specs = list(req.specifier)
            assert len(specs) == 1 and specs[0].operator == "==", f"{line}：应写成 name==version"
            pins[canonicalize_name(req.name)] = req
    return pins


def _pyproject() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]


def test_requirements_are_pinned_from_the_index():
    text = (ROOT / "requirements.txt").read_text("utf-8")
    assert "file:" not in text and "://" not in text and " @ " not in text
    assert _pins(text.splitlines())


def test_pyproject_pins_what_requirements_lock():
    locked = _pins((ROOT / "requirements.txt").read_text("utf-8").splitlines())
    for name, req in _pins(_pyproject()).items():
        assert name in locked, f"{req} 不在 requirements.txt"
        assert locked[name].specifier == req.specifier, f"{req} 与 requirements.txt 的 {locked[name]} 不一致"


def test_a_url_or_a_path_is_caught():
    import pytest

    for bad in ["python-stdnum @ file:///tmp/stdnum/python_stdnum-2.2-py3-none-any.whl", "Django>=5.2", "rich"]:
        with pytest.raises(AssertionError):
            _pins([bad])
