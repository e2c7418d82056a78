"""One error model: every error a person can cause is a JixiaoError whose kind decides its
status at each edge, and nothing re-wraps one area's error into another's."""

import ast
import copy
import importlib
import pickle
import pkgutil
import re
from pathlib import Path

import pytest

import jixiao
from jixiao.core.errors import CONFLICT, EXIT_CODE, FORBIDDEN, HTTP_STATUS, INVALID, NOT_FOUND, JixiaoError
from jixiao.core.problems import ReadError

SRC = Path(jixiao.__file__).parent


def test_the_kind_decides_the_http_status_and_the_exit_code():
    statuses = {kind: JixiaoError("x", "错", kind=kind).status for kind in (INVALID, FORBIDDEN, NOT_FOUND, CONFLICT)}
    assert statuses == {INVALID: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409}
    assert [JixiaoError("x", "错", kind=k).exit_code for k in (INVALID, NOT_FOUND)] == [1, 2]
    assert ReadError("bad", "无法读取", "a.docx").exit_code == 2  # a file that cannot be read at all
    assert ReadError("shape", "缺少列", "a.csv", exit_code=1).exit_code == 1


def test_an_error_placed_inside_a_file_names_it_once():
    error = JixiaoError("amount", "金额“x”不是数", "第3行")
    placed = error.within("支出.csv", then="未导入任何记录")
    assert str(placed) == "支出.csv：第3行：金额“x”不是数，未导入任何记录"
    assert str(placed.within("支出.csv")) == str(placed)  # already inside it
    assert (str(error), type(placed), placed.code) == ("第3行：金额“x”不是数", JixiaoError, "amount")


def test_errors_survive_copies_and_pickles_with_every_attribute():
    error = ReadError("bad_value", "金额不是数", "a.csv：第2行", exit_code=1)
    for again in (copy.copy(error), pickle.loads(pickle.dumps(error))):
        assert (type(again), again.code, again.message, again.place, again.exit_code, str(again)) == \
            (ReadError, "bad_value", "金额不是数", "a.csv：第2行", 1, "a.csv：第2行：金额不是数")


def _error_classes() -> list[type]:
    """Every exception class defined in jixiao outside the web layer (which needs Django set up)."""
    found = []
    for info in pkgutil.walk_packages([str(SRC)], "jixiao."):
        if ".web" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        found += [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, BaseException)
                  and v.__module__ == info.name]
    return found


def test_every_error_of_the_domain_is_a_jixiao_error_with_a_known_kind():
    classes = _error_classes()
    assert {c.__name__ for c in classes} >= {"ReadError", "EvaluationError", "PersonError", "RoundError"}
    private = {c for c in classes if c.__name__.startswith("_")}  # control flow inside one function
    assert [c.__name__ for c in classes if c not in private and not issubclass(c, JixiaoError)] == []
    assert all(c.kind in HTTP_STATUS and c.kind in EXIT_CODE for c in classes if c not in private)


def _rewraps(path: Path) -> list[str]:
    """Handlers whose whole body raises another error built from the caught one's code or message."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not (isinstance(node, ast.ExceptHandler) and node.name and len(node.body) == 1):
            continue
        raised = node.body[0]
        if isinstance(raised, ast.Raise) and isinstance(raised.exc, ast.Call):
            used = {a.attr for a in ast.walk(raised.exc) if isinstance(a, ast.Attribute)
                    and isinstance(a.value, ast.Name) and a.value.id == node.name}
            if used & {"code", "message", "place"}:
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_no_handler_only_rewraps_one_error_into_another():
    assert [hit for path in sorted(SRC.rglob("*.py")) for hit in _rewraps(path)] == []


def test_no_code_chooses_by_the_text_of_a_message():
    pattern = re.compile(r"""["'][^"']+["']\s+(not\s+)?in\s+(str\(\w+\)|\w+\.message)\b""")
    hits = [f"{p.relative_to(SRC)}:{n}" for p in sorted(SRC.rglob("*.py"))
            for n, line in enumerate(p.read_text("utf-8").splitlines(), 1) if pattern.search(line)]
    assert hits == []


@pytest.mark.parametrize("kind", [INVALID, CONFLICT])
def test_a_subclass_keeps_its_kind_unless_told(kind):
    class Area(JixiaoError):
        pass

    assert Area("c", "m").kind == INVALID and Area("c", "m", kind=kind).status == HTTP_STATUS[kind]
