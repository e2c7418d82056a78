"""Versioned rule sets kept as data: every threshold the review, monitoring and
self-evaluation use. A result records the code of the rule set that made it.

A rule set is a shipped code (CZ-2020-10, the national defaults, and the others in this
directory) or a TOML file a province writes: `base = "CZ-2020-10"` starts from that rule
set and the file overrides only the keys it names (tables merged key by key, lists and
values replaced). Every value keeps its source: the comment on its line (or the comment
lines right above it, or its table's), in the shipped files and in a province's own.
A key the base does not have is an error naming it: a typo is never silently ignored.

>>> rules = load()
>>> rules.code, rules["grades"]["优"], rules["self_evaluation"]["lower_is_better"]
('CZ-2020-10', 90, 'ratio')
>>> rules.source("self_evaluation.execution_weight")
'财预〔2020〕10号：预算执行率10分 [S1][S4]'
>>> strict = load("cz-2020-10-strict")
>>> strict.base, strict["self_evaluation"]["exceed_points"], strict["self_evaluation"]["execution_weight"]
('CZ-2020-10', 2, 10)
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from . import errors as e
from .errors import RuleSetError, UnknownRuleSet

DEFAULT = "CZ-2020-10"
HEADER = ("code", "title", "base")  # what a file says of itself, not a parameter
# Tables whose keys are names the province chooses (a 一级指标 of its own framework), not parameters.
OPEN_TABLES = {"self_evaluation.weights"}
NO_SOURCE = "（未注明来源）"


@dataclass(frozen=True)
class RuleSet:
    code: str
    title: str
    data: dict
    base: str = ""  # the code of the rule set this one starts from ("" for the national defaults)
    sources: dict = field(default_factory=dict, compare=False)  # "section.key" → where its value comes from
    path: str = ""  # the file it was read from, for a province's own
    changed: tuple[str, ...] = field(default=(), compare=False)  # the dotted keys this rule set sets itself

    def __getitem__(self, section: str) -> dict:
        return self.data[section]

    def source(self, key: str) -> str:
        """Where the value at the dotted `key` comes from: its own source, else its table's."""
        parts = key.split(".")
        for n in range(len(parts), 0, -1):
            found = self.sources.get(".".join(parts[:n]))
            if found:
                return found
        return NO_SOURCE

    def parameters(self, own: bool = False) -> list[tuple[str, Any, str]]:
        """Every value with its dotted key and source, in the file's order; with `own`, only those this
        rule set sets itself (not from its base)."""
        return [(key, value, self.source(key)) for key, value in _leaves(self.data)
                if key.split(".")[0] not in HEADER and (not own or key in self.changed)]


def load(name_or_file: str | Path = DEFAULT, folder: str | Path | None = None) -> RuleSet:
    """A shipped rule set by its code (any case), one of a province's folder (`folder`: JIXIAO_RULESETS_DIR,
    which the caller passes in) by its code, or a province's TOML file by its path.
    Raises UnknownRuleSet (a KeyError too) for an unknown code and RuleSetError for a bad file."""
    if isinstance(name_or_file, Path) or _looks_like_file(str(name_or_file)):
        return _from_file(Path(name_or_file), ())
    code = str(name_or_file).strip().upper()
    if code in _shipped_codes() or not folder:
        return _shipped(code)
    found = scan(folder)
    if code in found.by_code:
        return found.by_code[code]
    known = "、".join([*sorted(_shipped_codes()), *found.by_code])
    message = e.UNKNOWN_RULESET.format(code=code, known=known)
    if found.problems:  # the code may be in a file that cannot be read: say so, naming it
        message += e.UNREADABLE_BESIDE.format(problem=found.problems[0])
    raise UnknownRuleSet("unknown_ruleset", message)


@dataclass(frozen=True)
class Folder:
    """A province's folder of rule sets (JIXIAO_RULESETS_DIR): those read, by code, and the files that cannot be
    used (broken, a shipped code, a code another file has), each a RuleSetError naming the file and the key."""

    path: str
    by_code: dict[str, RuleSet]
    problems: tuple[RuleSetError, ...]


def scan(folder: str | Path) -> Folder:
    """Every *.toml file of `folder`, read (again only when a file was added, changed or removed)."""
    where = Path(folder).expanduser()
    if not where.is_dir():
        missing = RuleSetError("no_folder", e.NO_FOLDER, str(where), kind="not_found")
        return Folder(str(where), {}, (missing,))
    paths = sorted(p for p in where.iterdir() if p.suffix.lower() == ".toml" and p.is_file())
    signature = tuple((p.name, *_stamp(p)) for p in paths)
    return _scan(str(where.resolve()), signature)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _scan(folder: str, signature: tuple) -> Folder:
    by_code: dict[str, RuleSet] = {}
    problems: list[RuleSetError] = []
    codes = _folder_codes(Path(folder), [name for name, *_ in signature])
    for name, *_ in signature:
        path = Path(folder) / name
        try:
            rules = _from_file(path, (), codes)
        except RuleSetError as exc:
            problems.append(exc)
            continue
        key = rules.code.strip().upper()
        if key in by_code:
            problems.append(RuleSetError("duplicate_code", e.DUPLICATE_CODE.format(
                code=rules.code, other=Path(by_code[key].path).name), str(path)))
            continue
        by_code[key] = rules
    return Folder(folder, by_code, tuple(problems))


def _folder_codes(folder: Path, names: list[str]) -> dict[str, Path]:
    """The code each file of the folder says it has (the first file with a code keeps it): a file's base may
    name another file's rule set by its code."""
    codes: dict[str, Path] = {}
    for name in names:
        try:
            code = tomllib.loads((folder / name).read_bytes().decode("utf-8-sig")).get("code")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if isinstance(code, str) and code.strip():
            codes.setdefault(code.strip().upper(), (folder / name).resolve())
    return codes


def available(folder: str | Path | None = None) -> list[RuleSet]:
    """The rule sets a plan may be judged by: the shipped ones, then the folder's by file name (the files
    that cannot be used left out: `scan` and `check_folder` name them)."""
    return shipped() + (list(scan(folder).by_code.values()) if folder else [])


def check_folder(folder: str | Path | None, default: str = DEFAULT) -> list[RuleSet]:
    """At start-up: the folder's rule sets, or the first file that cannot be used as a RuleSetError naming
    the file and the key; and `default` (JIXIAO_RULESET) must be one of them."""
    if folder:
        found = scan(folder)
        if found.problems:
            raise found.problems[0]
    load(default, folder)
    return available(folder)


def shipped() -> list[RuleSet]:
    """Every shipped rule set, the national defaults first."""
    codes = sorted(_shipped_codes(), key=lambda c: (c != DEFAULT, c))
    return [_shipped(code) for code in codes]


def _looks_like_file(name: str) -> bool:
    return name.lower().endswith(".toml") or "/" in name or "\\" in name


def _shipped_codes() -> list[str]:
    return [p.name.removesuffix(".toml").upper() for p in files(__package__).iterdir() if p.name.endswith(".toml")]


@cache
def _shipped(code: str) -> RuleSet:
    path = files(__package__).joinpath(f"{code.lower()}.toml")
    if not path.is_file():
        raise UnknownRuleSet("unknown_ruleset", e.UNKNOWN_RULESET.format(code=code, known="、".join(sorted(_shipped_codes()))))
    return _read(path.read_text("utf-8"), f"{code.lower()}.toml", (), here=None)


def _from_file(path: Path, chain: tuple[str, ...], codes: dict[str, Path] | None = None) -> RuleSet:
    where = str(path)
    if not path.is_file():
        raise RuleSetError("no_file", e.NO_FILE, where, kind="not_found")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleSetError("not_toml", e.NOT_UTF8, where) from None
    return _read(text, where, chain, here=path.resolve(), codes=codes)


def _read(text: str, where: str, chain: tuple[str, ...], here: Path | None,
          codes: dict[str, Path] | None = None) -> RuleSet:
    """Parse one file, resolve its base, check its keys against the base and merge."""
    identity = str(here) if here is not None else where
    if identity in chain:
        raise RuleSetError("cycle", e.CYCLE.format(chain=" → ".join((*chain, identity))), where)
    try:
        own = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # tomllib's own words are English: only the place is kept
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        spot = e.NOT_TOML_AT.format(line=at.group(1), column=at.group(2)) if at else ""
        raise RuleSetError("not_toml", e.NOT_TOML.format(where=spot), where) from None
    sources = {key: f"{comment}" for key, comment in comments(text).items()}
    for key, what in (("code", "规则集编码"), ("title", "规则集名称")):
        if not isinstance(own.get(key), str) or not own[key].strip():
            raise RuleSetError("missing", e.MISSING.format(key=key, what=what), where)
    if here is None and "base" not in own:  # the national defaults: the root every other starts from
        _check_values(own, where)
        every = tuple(key for key, _ in _leaves(own) if key.split(".")[0] not in HEADER)
        return RuleSet(own["code"], own["title"], own, "", sources, changed=every)
    if here is not None and own["code"].strip().upper() in _shipped_codes():
        raise RuleSetError("shipped_code", e.SHIPPED_CODE.format(code=own["code"]), where)
    base_name = own.get("base")
    if not isinstance(base_name, str) or not base_name.strip():
        raise RuleSetError("missing", e.MISSING.format(key="base", what="以哪个规则集为基础，如 base = \"CZ-2020-10\""),
                           where)
    base = _base(base_name.strip(), where, here, (*chain, identity), codes or {})
    _check_keys(own, base.data, where)
    data = merge(base.data, {k: v for k, v in own.items() if k != "base"})
    data["base"] = base.code
    _check_values(data, where)
    fallback = f"{Path(where).name}{NO_SOURCE}"
    merged_sources = {k: v for k, v in base.sources.items() if not _overridden(k, own)}
    merged_sources.update({key: sources.get(key) or _nearest_source(key, sources) or fallback
                           for key, _ in _leaves(own) if key.split(".")[0] not in HEADER})
    changed = tuple(key for key, _ in _leaves(own) if key.split(".")[0] not in HEADER)
    return RuleSet(own["code"], own["title"], data, base.code, merged_sources, str(here) if here else "", changed)


def _base(name: str, where: str, here: Path | None, chain: tuple[str, ...], codes: dict[str, Path]) -> RuleSet:
    if _looks_like_file(name):
        folder = here.parent if here is not None else Path(".")
        return _from_file((folder / name), chain, codes)
    code = name.upper()
    if code not in _shipped_codes() and code in codes:  # another rule set of the province's folder
        return _from_file(codes[code], chain, codes)
    if code not in _shipped_codes():
        raise RuleSetError("unknown_base", e.UNKNOWN_BASE.format(base=name, known="、".join(sorted(_shipped_codes()))),
                           where)
    if here is None:  # a shipped file's base is shipped: resolved without the cache, to see a cycle
        path = files(__package__).joinpath(f"{code.lower()}.toml")
        return _read(path.read_text("utf-8"), f"{code.lower()}.toml", chain, None)
    return _shipped(code)


def _overridden(key: str, own: dict) -> bool:
    node: Any = own
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return not isinstance(node, dict)


def _nearest_source(key: str, sources: dict) -> str:
    parts = key.split(".")
    for n in range(len(parts) - 1, 0, -1):
        if sources.get(".".join(parts[:n])):
            return sources[".".join(parts[:n])]
    return ""


def merge(base: dict, own: dict) -> dict:
    """Tables merged key by key; any other value (a list too) replaced.

    >>> merge({"a": {"x": 1, "y": [1, 2]}, "b": 2}, {"a": {"y": [3]}})
    {'a': {'x': 1, 'y': [3]}, 'b': 2}
    """
    out = dict(base)
    for key, value in own.items():
        out[key] = merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


def _leaves(data: dict, prefix: str = ""):
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            yield from _leaves(value, path + ".")
        else:
            yield path, value


# ---------------------------------------------------------------- checks

def _kind(value) -> type:
    return bool if isinstance(value, bool) else float if isinstance(value, int | float) else type(value)


def _check_keys(own: dict, base: dict, where: str, prefix: str = "") -> None:
    """Every key the file names exists in its base, with a value of the same kind."""
    for key, value in own.items():
        path = f"{prefix}{key}"
        if not prefix and key in HEADER:
            continue
        if key not in base:
            if prefix.rstrip(".") in OPEN_TABLES and _kind(value) in (float, str):
                continue
            near = difflib.get_close_matches(key, [str(k) for k in base], n=3, cutoff=0.6)
            hint = e.NEAREST.format(names="、".join(f"“{prefix}{n}”" for n in near)) if near else ""
            raise RuleSetError("unknown_key", e.UNKNOWN_KEY.format(key=path, nearest=hint), where)
        expected = base[key]
        if prefix.rstrip(".") in OPEN_TABLES and _kind(value) in (float, str):
            continue
        if _kind(value) is not _kind(expected):
            raise RuleSetError("wrong_type", e.WRONG_TYPE.format(key=path, expected=e.TYPE_NAMES.get(_kind(expected), "?"),
                                                                given=_shown(value)), where)
        if isinstance(value, dict):
            _check_keys(value, expected, where, path + ".")


def _shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"文字“{value}”"
    if isinstance(value, dict):
        return "表"
    if isinstance(value, list):
        return "列表"
    return f"数值{value}"


CHOICES = {
    "self_evaluation.lower_is_better": ("ratio", "linear_to_double"),
    "monitoring.colours": ("gap", "absolute"),
    "monitoring.indicator_progress": ("to_date", "pro_rata"),
}


def _check_values(data: dict, where: str) -> None:
    """What the kinds alone do not say: choices, shapes and ranges of the scoring parameters."""
    for key, choices in CHOICES.items():
        section, name = key.split(".")
        given = data.get(section, {}).get(name)
        if given not in choices:
            raise RuleSetError("bad_choice", e.BAD_CHOICE.format(key=key, choices="、".join(f"“{c}”" for c in choices),
                                                                given=given), where)
    s, m = data["self_evaluation"], data["monitoring"]
    bad = lambda key, reason: RuleSetError("bad_value", e.BAD_VALUE.format(key=key, reason=reason), where)
    caps = s["execution_caps"]
    for pair in caps:
        if (not isinstance(pair, list) or len(pair) != 2 or any(_kind(x) is not float for x in pair)
                or not 0 < pair[0] <= 100 or not 0 <= pair[1] <= 100):
            raise bad("self_evaluation.execution_caps",
                      f"的每一项应为[执行率低于的百分数, 总分上限]，如[80, 89]，写的是{pair}")
    if s["exceed_ratio"] <= 1:
        raise bad("self_evaluation.exceed_ratio", f"应大于1（完成值为目标值的倍数），写的是{s['exceed_ratio']}")
    if s["exceed_points"] < 0:
        raise bad("self_evaluation.exceed_points", f"不能为负数，写的是{s['exceed_points']}")
    if s["execution_weight"] < 0:
        raise bad("self_evaluation.execution_weight", f"不能为负数，写的是{s['execution_weight']}")
    for level1, weight in s["weights"].items():
        if isinstance(weight, str) and weight not in s["weights"]:
            raise bad(f"self_evaluation.weights.{level1}", f"写的“{weight}”不是本表中的一级指标")
        if not isinstance(weight, str) and weight <= 0:
            raise bad(f"self_evaluation.weights.{level1}", f"应大于0，写的是{weight}")
    floors = [data["grades"][g] for g in ("优", "良", "中")]
    if not floors[0] > floors[1] > floors[2] >= 0:
        raise bad("grades", f"应为优＞良＞中的分数下限，写的是{'/'.join(str(f) for f in floors)}")
    if not m["absolute_red_below"] <= m["absolute_green_from"]:
        raise bad("monitoring.absolute_red_below", "不能高于 absolute_green_from")
    if m["blue_ratio"] <= 1:
        raise bad("monitoring.blue_ratio", f"应大于1（全年预计为目标值的倍数），写的是{m['blue_ratio']}")
    if m["deviation_reminder"] < 0:
        raise bad("monitoring.deviation_reminder", f"不能为负数，写的是{m['deviation_reminder']}")


# ---------------------------------------------------------------- sources from comments

_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r'^\s*("[^"]*"|[A-Za-z0-9_\-]+)\s*=')


def comments(text: str) -> dict[str, str]:
    """The source of each key a TOML text sets: the comment on its line, else the comment lines
    right above it; a table's own the same way (its keys without one fall back to it).

    >>> comments('# 10号\\n[grades]  # 预算司 [S2]\\n"优" = 90\\n# 四川 [S5]\\nx = [1,\\n 2]\\n')
    {'grades': '预算司 [S2]', 'grades.优': '', 'grades.x': '四川 [S5]'}
    """
    found: dict[str, str] = {}
    table = ""
    above: list[str] = []
    depth = 0
    for line in text.splitlines():
        code, comment = _split_comment(line)
        if depth > 0:  # inside a value spanning lines
            depth += _depth(code)
            continue
        stripped = code.strip()
        if not stripped:  # a comment line adds to the block above the next key; a blank line ends it
            above = [*above, comment] if comment else []
            continue
        header = _TABLE.match(code + (f"#{comment}" if comment else ""))
        if header and not stripped.startswith("[["):
            table = ".".join(_unquote(p) for p in _split_dotted(header.group(1)))
            found[table] = comment or " ".join(above)
            above = []
            continue
        key = _KEY.match(code)
        if key:
            name = _unquote(key.group(1))
            found[f"{table}.{name}" if table else name] = comment or " ".join(above)
            depth = _depth(code[key.end():])
        above = []
    return found


def _split_comment(line: str) -> tuple[str, str]:
    """The line's code and its comment's text, a # inside a string being no comment."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return line[:i], line[i + 1:].strip()
    return line, ""


def _depth(code: str) -> int:
    quote, depth = "", 0
    for ch in code:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
    return depth


def _split_dotted(name: str) -> list[str]:
    return [p.strip() for p in re.findall(r'"[^"]*"|[^.]+', name)]


def _unquote(name: str) -> str:
    return name[1:-1] if len(name) >= 2 and name[0] == name[-1] == '"' else name
