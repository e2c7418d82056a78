"""Hypothesis strategies that mutate the fixture documents: every .txt, .docx, .xlsx, .html of
tests/fixtures/corpus (the seed included) and the jixiao/1 JSON of each, cut short, bytes flipped,
lines shuffled, swapped, repeated many times, cells swapped, control characters and odd Unicode
(full-width digits, BOM, RTL marks, lone surrogates' bytes) put in, JSON wrapped deeper; inside a
.docx or .xlsx the XML members are mutated and the file zipped again."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
SEED = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "seed" / "changli-union-2021.txt"
TEXTS = (".txt", ".html")
ZIPS = (".docx", ".xlsx")

# `make test` runs a bounded, repeatable number of examples; a longer run sets JIXIAO_FUZZ_EXAMPLES
# (README, "Tests"). No example database: nothing is written into the repository.
EXAMPLES = int(os.environ.get("JIXIAO_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    derandomize=not EXAMPLES, database=None, deadline=None, print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                           HealthCheck.function_scoped_fixture, HealthCheck.large_base_example],
)


def examples(default: int) -> settings:
    return settings(FUZZ, max_examples=EXAMPLES or default)


@cache
def documents() -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of every fixture document, and each one's jixiao/1 JSON as read today."""
    from jixiao.formats.jixiao_json import dumps
    from jixiao.formats.reader import read_bytes

    paths = sorted(p for p in CORPUS.rglob("*") if p.suffix in TEXTS + ZIPS) + [SEED]
    found = [(p.name, p.read_bytes()) for p in paths]
    for name, data in list(found):
        doc, _ = read_bytes(data, name)
        if doc.projects:
            found.append((Path(name).stem + ".json", dumps(doc).encode()))
    found.append(("expected.json", (CORPUS / "seed" / "changli-union-2021.expected.json").read_bytes()))
    return tuple(found)


def of_kind(*suffixes: str) -> list[tuple[str, bytes]]:
    return [(n, d) for n, d in documents() if Path(n).suffix in suffixes]


# How many bytes a repetition adds at most: a bounded run stays within what a reader does in seconds
# (the text readers take several seconds a megabyte); size limits are formats/limits.py's.
INFLATED = int(os.environ.get("JIXIAO_FUZZ_INFLATE", 150_000))
ODD = ["\ufeff", "\u200f", "\u202e", "\u200b", "\x00", "\x1b", "\x0b", "\x0c", "\r", "\r\n", "\t", "\u3000", "\u00a0",
       "１２３４５", "９" * 40, "≥" + "9" * 41 + "人", "≥" + "1" * 30 + "万元", "\u0301", "𠀀", "🙂", "﻿项目编码", "NaN",
       "1e400", "-0", "{ TC 标题 \\f A \\l 1 }", "|", "||", "    ", "<", "&amp;", "]]>", "\\u0000"]
RAW = [b"\xed\xa0\x80", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc0\xaf", b"\x81\x30\x81\x30", b"\x00\x00\x00"]


# ---------------------------------------------------------------- byte and line mutations

def _at(draw, data: bytes) -> int:
    return draw(st.integers(0, len(data)))


def truncate(draw, data: bytes) -> bytes:
    return data[:_at(draw, data)]


def flip(draw, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        k = draw(st.integers(0, len(out) - 1))
        out[k] ^= draw(st.integers(1, 255))
    return bytes(out)


def insert_odd(draw, data: bytes) -> bytes:
    k = _at(draw, data)
    piece = draw(st.one_of(st.sampled_from(ODD).map(lambda s: s.encode()), st.sampled_from(RAW),
                           st.text(max_size=6).map(lambda s: s.encode("utf-8", "surrogatepass"))))
    return data[:k] + piece + data[k:]


def fullwidth_digits(draw, data: bytes) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    return text.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}).encode("utf-8", "surrogateescape")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _span(draw, n: int, most: int = 40) -> tuple[int, int]:
    i = draw(st.integers(0, max(n - 1, 0)))
    return i, min(n, i + draw(st.integers(1, most)))


def shuffle_lines(draw, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = _span(draw, len(lines), 30)
    lines[i:j] = draw(st.permutations(lines[i:j]))
    return b"\n".join(lines)


def swap_lines(draw, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def drop_lines(draw, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = _span(draw, len(lines))
    return b"\n".join(lines[:i] + lines[j:])


def repeat_lines(draw, data: bytes) -> bytes:
    """A line or a block repeated (a project pasted twice, a row inflated a thousand times)."""
    lines = _lines(data)
    i, j = _span(draw, len(lines), 120)
    times = draw(st.sampled_from([2, 3, 50, 1000, 20_000]))
    size = sum(len(line) + 1 for line in lines[i:j]) or 1
    block = lines[i:j] * max(1, min(times, INFLATED // size))
    return b"\n".join(lines[:j] + block + lines[j:])


_CELL = re.compile(rb"\t| \| |\|")


def swap_cells(draw, data: bytes) -> bytes:
    lines = _lines(data)
    rows = [k for k, line in enumerate(lines) if _CELL.search(line)]
    if not rows:
        return swap_lines(draw, data)
    k = draw(st.sampled_from(rows))
    sep = _CELL.search(lines[k])[0]
    cells = lines[k].split(sep)
    i, j = draw(st.integers(0, len(cells) - 1)), draw(st.integers(0, len(cells) - 1))
    cells[i], cells[j] = cells[j], cells[i]
    lines[k] = sep.join(cells)
    return b"\n".join(lines)


def reencode(draw, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    encoding = draw(st.sampled_from(["gb18030", "utf-16", "utf-16-be", "latin-1"]))
    return text.encode(encoding, "replace")


TEXT_OPS = [truncate, flip, insert_odd, fullwidth_digits, shuffle_lines, swap_lines, drop_lines, repeat_lines,
            swap_cells, reencode]


# ---------------------------------------------------------------- JSON mutations

JSON_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**40, 10**40), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20), st.sampled_from(["9" * 41, "-1", "1e5", "NaN", "", "１２", "0.0000001", "99999999999999999.99"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(obj, at=()):
    yield at
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, at + (k,))
    elif isinstance(obj, list):
        for k, v in enumerate(obj):
            yield from _paths(v, at + (k,))


def _set(obj, path, value):
    if not path:
        return value
    node = obj
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return obj


def _get(obj, path):
    for key in path:
        obj = obj[key]
    return obj


def _loaded(data: bytes):
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def json_replace(draw, data: bytes) -> bytes:
    obj = _loaded(data)
    if obj is None:
        return flip(draw, data)
    path = draw(st.sampled_from(list(_paths(obj))))
    return json.dumps(_set(obj, path, draw(JSON_VALUES)), ensure_ascii=False).encode()


def json_drop(draw, data: bytes) -> bytes:
    obj = _loaded(data)
    paths = [p for p in _paths(obj) if p] if obj is not None else []
    if not paths:
        return truncate(draw, data)
    path = draw(st.sampled_from(paths))
    parent = _get(obj, path[:-1])
    del parent[path[-1]]
    return json.dumps(obj, ensure_ascii=False).encode()


def nest(draw, data: bytes) -> bytes:
    """A value wrapped in arrays or objects hundreds or thousands deep (deeper than json.dumps writes)."""
    obj = _loaded(data)
    if obj is None:
        return data
    path = draw(st.sampled_from(list(_paths(obj))))
    inner = json.dumps(_get(obj, path), ensure_ascii=False)
    depth = draw(st.sampled_from([2, 50, 900, 990, 1000, 5000, 100_000]))
    wrapped = "[" * depth + inner + "]" * depth if draw(st.booleans()) else '{"a":' * depth + inner + "}" * depth
    marker = "\x00NEST\x00"
    text = json.dumps(_set(obj, path, marker), ensure_ascii=False)
    return text.replace(json.dumps(marker), wrapped, 1).encode()


JSON_OPS = [json_replace, json_replace, json_drop, nest, nest, truncate, flip, insert_odd, repeat_lines]


# ---------------------------------------------------------------- .docx and .xlsx: the XML inside

_ELEMENTS = [re.compile(rb"<w:tr[ >].*?</w:tr>", re.S), re.compile(rb"<w:p[ >].*?</w:p>", re.S),
             re.compile(rb"<row[ >].*?</row>", re.S), re.compile(rb"<c [^>]*>.*?</c>", re.S),
             re.compile(rb"<si>.*?</si>", re.S), re.compile(rb"<w:tc>.*?</w:tc>", re.S)]
_TEXT_NODE = re.compile(rb"(<(?:w:t|t|v)(?: [^>]*)?>)([^<]*)(</(?:w:t|t|v)>)")


def _pick(draw, data: bytes, pattern):
    found = list(pattern.finditer(data))
    return draw(st.sampled_from(found)) if found else None


def xml_repeat(draw, data: bytes) -> bytes:
    m = _pick(draw, data, draw(st.sampled_from(_ELEMENTS)))
    if m is None:
        return data
    times = min(draw(st.sampled_from([2, 20, 400])), INFLATED // max(len(m[0]), 1) + 1)
    return data[:m.end()] + m[0] * times + data[m.end():]


def xml_drop(draw, data: bytes) -> bytes:
    m = _pick(draw, data, draw(st.sampled_from(_ELEMENTS)))
    return data if m is None else data[:m.start()] + data[m.end():]


def xml_swap(draw, data: bytes) -> bytes:
    nodes = list(_TEXT_NODE.finditer(data))
    if len(nodes) < 2:
        return data
    a, b = sorted(draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique_by=lambda m: m.start())),
                  key=lambda m: m.start())
    return data[:a.start(2)] + b[2] + data[a.end(2):b.start(2)] + a[2] + data[b.end(2):]


def xml_text(draw, data: bytes) -> bytes:
    m = _pick(draw, data, _TEXT_NODE)
    if m is None:
        return data
    piece = draw(st.sampled_from(ODD)).replace("&", "&amp;").replace("<", "&lt;").encode()
    piece = piece if draw(st.booleans()) else b"9" * draw(st.sampled_from([16, 30, 41, 400]))
    return data[:m.start(2)] + piece + m[2] + data[m.end(2):]


XML_OPS = [xml_repeat, xml_drop, xml_swap, xml_text, xml_text, truncate, flip, insert_odd]


def rezip(draw, data: bytes) -> bytes:
    """One XML member of the zip mutated (one to three times), the others as they were, zipped again."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = {i.filename: z.read(i) for i in z.infolist()}
    except Exception:  # noqa: BLE001 - zipfile, zlib: whatever a broken archive raises
        return flip(draw, data)  # an earlier mutation broke the zip itself
    xml = sorted(n for n in members if n.endswith(".xml"))
    if not xml:
        return flip(draw, data)
    name = draw(st.sampled_from(xml))
    for op in draw(st.lists(st.sampled_from(XML_OPS), min_size=1, max_size=3)):
        members[name] = op(draw, members[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, content in members.items():
            z.writestr(n, content)
    return out.getvalue()


ZIP_OPS = [rezip, rezip, rezip, rezip, truncate, flip]


@st.composite
def mutants(draw, suffixes: tuple[str, ...]) -> tuple[str, bytes]:
    """A fixture document of one of `suffixes`, mutated one to three times, under its own name."""
    name, data = draw(st.sampled_from(of_kind(*suffixes)))
    suffix = Path(name).suffix
    ops = JSON_OPS if suffix == ".json" else ZIP_OPS if suffix in ZIPS else TEXT_OPS
    for op in draw(st.lists(st.sampled_from(ops), min_size=1, max_size=3)):
        try:
            data = op(draw, data)
        except RecursionError:  # JSON an earlier mutation nested too deep for the mutations' own walk
            data = flip(draw, data)
    return name, data
