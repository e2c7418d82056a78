"""指标库 (indicator library): entries to choose from while writing a project's indicators, a search
that handles Chinese words, and the spread of the targets others set for the same indicator.

The entries shipped with jixiao are data (indicator_library.toml, each with its source); a finance
bureau curates more in the web application or imports a province's published library
(`read_rows`). Words are cut by jieba (a private tokenizer with the domain's terms as user words),
and an inverted index (word → entries) ranks entries by the rarity of the words they share with the
query: a word found in few entries (劳模) counts more than one found in many (人数).

>>> [e.name for e in seed_entries() if e.key == "union.model_worker.checks"]
['劳模体检人数']
>>> s = Spread.of([Decimal(300), Decimal(400), Decimal(420), Decimal(600)])
>>> s.minimum, s.median, s.maximum, s.count
(Decimal('300'), Decimal('410'), Decimal('600'), 4)
>>> s.percentile(Decimal(400))  # one below, one equal (counted half): (1 + 0.5) / 4
38
>>> comparable(parse_target("≥1.21万元"))
('元', Decimal('12100.00'))
"""

from __future__ import annotations

import heapq
import logging
import math
import threading
import tomllib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from statistics import median

from .errors import JixiaoError
from .frameworks import FRAMEWORKS, canonical_levels
from .money import FACTORS
from .targets import EQ, GE, GT, LE, LT, OPS, QUALITATIVE, RANGE, Target, normalize, parse_target

DATA = Path(__file__).with_name("indicator_library.toml")
COMMON, SECTOR = "共性", "个性"
KINDS = (COMMON, SECTOR)

# Errors a person can cause with a library file (`jixiao indicators import`, the web import).
NO_NAME_COLUMN = "缺少“三级指标”列：表头应有一级指标、二级指标、三级指标、指标解释、指标值、计量单位等列"
NO_ROWS = "表中没有指标行"
REQUIRED = "第{row}行“{column}”列：不能为空"
UNKNOWN_LEVEL1 = "第{row}行“{column}”列：“{value}”不是一级指标（应为产出指标、效益指标、满意度指标或成本指标）"
WRONG_LEVEL2 = "第{row}行“{column}”列：“{value}”不属于一级指标“{level1}”"
UNKNOWN_OP = "第{row}行“{column}”列：“{value}”不是指标性质（应为≥、≤、=、>、<、区间或定性）"
UNIT_DIFFERS = "第{row}行“{column}”列：计量单位“{unit}”与指标值“{target}”的单位“{target_unit}”不一致"
UNKNOWN_KIND = "第{row}行“{column}”列：“{value}”应为共性或个性"
TOO_LONG = "第{row}行“{column}”列：不能超过{limit}字"
DUPLICATE = "第{row}行“{column}”列：“{value}”（{unit}）与第{first}行重复"
REFUSED = "{problems}。未导入任何指标"


class LibraryError(JixiaoError):
    """A library file or entry refused: nothing of it is kept."""


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str
    sector: str
    level1: str
    level2: str
    name: str
    description: str = ""
    op: str = GE
    unit: str = ""
    typical: str = ""
    source: str = ""

    def text(self) -> str:
        """What the search reads besides the name."""
        return " ".join((self.sector, self.level2, self.description))


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(DATA.read_text("utf-8"))


def seed_entries() -> list[Entry]:
    """The entries shipped with jixiao, each with its source written out."""
    data = _data()
    sources = data["sources"]
    entries = []
    for raw in data["entry"]:
        assert raw["op"] in OPS and raw["kind"] in KINDS, raw["key"]
        entries.append(Entry(**{**raw, "source": sources[raw["source"]]}))
    return entries


def user_words() -> list[str]:
    return list(_data()["words"]["terms"])


# ---------------------------------------------------------------- words

_tokenizer = None
_lock = threading.Lock()


def _jieba():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in user_words():
                    tokenizer.add_word(word)
                _tokenizer = tokenizer
    return _tokenizer


def words(text: str) -> list[str]:
    """The words of a text as a search reads them: jieba's search-engine mode (a long word and its
    parts), without single characters, punctuation and numbers; each word once, in order.

    >>> words("困难职工帮扶人数")
    ['困难', '职工', '困难职工', '帮扶', '人数']
    >>> words("劳模体检（2021年）")
    ['劳模', '体检']
    """
    seen: dict[str, None] = {}
    for word in _jieba().cut_for_search(normalize(text)):
        if len(word) > 1 and any("\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in word) \
                and not any(ch.isdigit() for ch in word):
            seen.setdefault(word.lower(), None)
    return list(seen)


# ---------------------------------------------------------------- the index

# While an index is built, the same texts come again and again (a 二级指标 and a description shared by
# many names): each is cut once. Queries are cut afresh (`words`).
_known_words = lru_cache(maxsize=200_000)(lambda text: tuple(words(text)))

NAME_WEIGHT, TEXT_WEIGHT = 2.0, 1.0
# A word in more entries than this is scored over its first SCAN_LIMIT entries only (entries are added
# most used first), so that a common word (人数, 满意度) costs the same over a million indicators.
SCAN_LIMIT = 20_000
QUERY_WORDS = 12  # the rarest words of a long query (a project's 资金用途) are enough to rank


@dataclass
class Index:
    """Words → entries, built once. `add` in order of importance (curated entries, then the names
    most used in approved plans); `search` returns (entry number, score), best first."""

    _names: dict[str, array] = field(default_factory=dict)
    _texts: dict[str, array] = field(default_factory=dict)
    size: int = 0

    def add(self, name: str, text: str = "") -> int:
        number = self.size
        self.size += 1
        name_words = _known_words(name)
        for word in name_words:
            self._names.setdefault(word, array("i")).append(number)
        for word in _known_words(text):
            if word not in name_words:
                self._texts.setdefault(word, array("i")).append(number)
        return number

    def frequency(self, word: str) -> int:
        return len(self._names.get(word, ())) + len(self._texts.get(word, ()))

    def _idf(self, word: str) -> float:
        return math.log(1 + self.size / (1 + self.frequency(word)))

    def search(self, query: str, context: str = "", limit: int = 10) -> list[tuple[int, float]]:
        """Entries sharing words with `query` (weight 1) and `context` (weight ½: a project's purpose)."""
        wanted: dict[str, float] = {}
        for weight, text in ((1.0, query), (0.5, context)):
            for word in words(text):
                if self.frequency(word):
                    wanted[word] = max(wanted.get(word, 0.0), weight * self._idf(word))
        best = sorted(wanted.items(), key=lambda kv: -kv[1])[:QUERY_WORDS]
        scores: dict[int, float] = {}
        get = scores.get
        for word, idf in best:
            for postings, weight in ((self._names.get(word), NAME_WEIGHT), (self._texts.get(word), TEXT_WEIGHT)):
                if postings:
                    gain = idf * weight
                    for number in postings[:SCAN_LIMIT]:
                        scores[number] = get(number, 0.0) + gain
        # Equal scores: the entry added first (curated, then most used) first.
        return heapq.nsmallest(limit, scores.items(), key=lambda kv: (-kv[1], kv[0]))


# ---------------------------------------------------------------- the spread of targets

QUANTITIES = (GE, LE, EQ, GT, LT)


def comparable(target: Target) -> tuple[str, Decimal] | None:
    """A target's unit and value as others' can be compared with it: money in 元; None for a
    qualitative target, a range or one without a number."""
    if target.op not in QUANTITIES or target.value is None or not target.in_range:
        return None
    if target.unit in FACTORS:
        value = target.in_yuan()
        return ("元", value) if value is not None else None
    return target.unit, target.value


def spread_key(name: str, unit: str) -> tuple[str, str]:
    """Indicators are the same when their names are, written any width and spacing, in one unit."""
    return normalize(name), unit


@dataclass(frozen=True)
class Spread:
    """The targets set for one indicator (in one unit), sorted."""

    values: tuple[Decimal, ...]

    @classmethod
    def of(cls, values: Iterable[Decimal]) -> Spread:
        return cls(tuple(sorted(values)))

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def minimum(self) -> Decimal:
        return self.values[0]

    @property
    def maximum(self) -> Decimal:
        return self.values[-1]

    @property
    def median(self) -> Decimal:
        return Decimal(median(self.values))

    def percentile(self, value: Decimal) -> int:
        """Where a target stands among these: the share below it, those equal counted half, in %."""
        below = bisect_left(self.values, value)
        equal = bisect_right(self.values, value) - below
        return round((below + equal / 2) * 100 / self.count)


def number_text(value: Decimal) -> str:
    """1.2100 → 1.21, 400.000 → 400."""
    text = format(value.normalize(), "f")
    return text


def spread_sentence(spread: Spread, unit: str, target: Target | None = None) -> str:
    """本地区同类指标目标值：最低 300 人，中位 410 人，最高 600 人；你的目标 400 人位于第 38 百分位

    >>> s = Spread.of([Decimal(300), Decimal(400), Decimal(420), Decimal(600)])
    >>> spread_sentence(s, "人", parse_target("≥400人"))
    '已批复的同名指标目标值（4个）：最低300人，中位410人，最高600人；你的目标400人位于第38百分位'
    """
    text = (f"已批复的同名指标目标值（{spread.count}个）：最低{number_text(spread.minimum)}{unit}，"
            f"中位{number_text(spread.median)}{unit}，最高{number_text(spread.maximum)}{unit}")
    mine = comparable(target) if target is not None else None
    if mine is not None and mine[0] == unit:
        text += f"；你的目标{number_text(mine[1])}{unit}位于第{spread.percentile(mine[1])}百分位"
    return text


# ---------------------------------------------------------------- a province's published library

COLUMNS = {
    "level1": ("一级指标",), "level2": ("二级指标",), "name": ("三级指标", "指标名称"),
    "description": ("指标解释", "指标说明", "绩效指标描述", "指标内涵"), "typical": ("指标值", "参考值", "目标值"),
    "unit": ("计量单位", "度量单位", "单位"), "op": ("指标性质", "指标方向"),
    "sector": ("行业", "类别", "资金用途", "适用范围", "项目类别"), "kind": ("共性/个性", "指标类型", "类型"),
    "source": ("来源", "依据", "指标值确定依据"),
}
LIMITS = {"level1": 40, "level2": 40, "name": 200, "description": 2000, "typical": 200, "unit": 20,
          "sector": 100, "source": 500}
OP_WORDS = {"≥": GE, ">=": GE, "正向": GE, "≤": LE, "<=": LE, "反向": LE, "=": EQ, "＝": EQ, ">": GT, "<": LT,
            "区间": RANGE, "定性": QUALITATIVE}


def _header(row: list[str]) -> dict[str, int]:
    where = {}
    for index, cell in enumerate(row):
        text = normalize(cell or "")
        for key, names in COLUMNS.items():
            if text in names and key not in where:
                where[key] = index
    return where


def _heading(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    for number, row in enumerate(rows[:10]):
        where = _header(row)
        if "name" in where:
            return number, where
    raise LibraryError("library_header", NO_NAME_COLUMN)


def _cell(row: list[str], where: dict[str, int], key: str) -> str:
    index = where.get(key)
    return (row[index] or "").strip() if index is not None and index < len(row) else ""


def read_rows(rows: list[list[str]], source: str, key_prefix: str = "import") -> list[Entry]:
    """A province's published library (a sheet or CSV with a header row: 一级指标, 二级指标, 三级指标,
    指标解释, 指标值, 计量单位 …) as entries; every bad row named by its row and column, and nothing
    kept when any is bad.

    >>> rows = [["一级指标", "二级指标", "三级指标", "指标解释", "指标值", "计量单位"],
    ...         ["产出指标", "数量指标", "培训人次", "参加培训的人次", "≥200", "人次"]]
    >>> e = read_rows(rows, "某省指标库.xlsx")[0]
    >>> (e.name, e.op, e.unit, e.typical, e.kind)
    ('培训人次', '≥', '人次', '≥200人次', '个性')
    >>> read_rows([rows[0], ["产出", "数量指标", "x", "", "", ""]], "f.csv")
    Traceback (most recent call last):
    ...
    jixiao.core.indicator_library.LibraryError: 第2行“一级指标”列：“产出”不是一级指标（应为产出指标、效益指标、满意度指标或成本指标）。未导入任何指标
    """
    start, where = _heading(rows)
    label = {key: COLUMNS[key][0] if key not in where else normalize(rows[start][where[key]]) for key in COLUMNS}
    problems: list[str] = []
    entries: list[Entry] = []
    first: dict[tuple[str, str], int] = {}
    for offset, row in enumerate(rows[start + 1:], start=start + 2):
        if not any((c or "").strip() for c in row):
            continue
        entry = _row_entry(row, where, label, offset, source, key_prefix, problems)
        if entry is None:
            continue
        key = spread_key(entry.name, entry.unit)
        if key in first:
            problems.append(DUPLICATE.format(row=offset, column=label["name"], value=entry.name,
                                             unit=entry.unit or "无单位", first=first[key]))
            continue
        first[key] = offset
        entries.append(entry)
    if problems:
        raise LibraryError("library_rows", REFUSED.format(problems="；".join(problems)))
    if not entries:
        raise LibraryError("library_empty", NO_ROWS)
    return entries


def _row_entry(row, where, label, number, source, key_prefix, problems) -> Entry | None:  # noqa: C901
    values = {key: _cell(row, where, key) for key in COLUMNS}
    before = len(problems)
    for key, limit in LIMITS.items():
        if len(values[key]) > limit:
            problems.append(TOO_LONG.format(row=number, column=label[key], limit=limit))
    if not values["name"]:
        problems.append(REQUIRED.format(row=number, column=label["name"]))
    level1, level2 = canonical_levels(values["level1"], values["level2"])
    level1s = {l1 for fw in FRAMEWORKS.values() for l1 in fw.levels}
    if level1 and level1 not in level1s:
        problems.append(UNKNOWN_LEVEL1.format(row=number, column=label["level1"], value=values["level1"]))
    elif level1 and level2 and not any(fw.allows(level1, level2) for fw in FRAMEWORKS.values()):
        problems.append(WRONG_LEVEL2.format(row=number, column=label["level2"], value=values["level2"], level1=level1))
    kind = values["kind"] or SECTOR
    if kind not in KINDS:
        problems.append(UNKNOWN_KIND.format(row=number, column=label["kind"], value=values["kind"]))
    op = OP_WORDS.get(normalize(values["op"])) if values["op"] else None
    if values["op"] and op is None:
        problems.append(UNKNOWN_OP.format(row=number, column=label["op"], value=values["op"]))
    unit, typical = values["unit"], values["typical"]
    target = parse_target(typical + unit if typical and unit and typical[-1].isdigit() else typical, level2) \
        if typical else None
    if target is not None and unit and target.unit and target.unit != unit and target.op != QUALITATIVE:
        problems.append(UNIT_DIFFERS.format(row=number, column=label["unit"], unit=unit, target=typical,
                                            target_unit=target.unit))
    if len(problems) > before:
        return None
    if target is not None and typical[-1].isdigit() and unit:
        typical += unit
    op = op or (target.op if target is not None else (QUALITATIVE if not unit else GE))
    return Entry(key=f"{key_prefix}.{number}", kind=kind, sector=values["sector"], level1=level1, level2=level2,
                 name=values["name"], description=values["description"], op=op,
                 unit=unit or (target.unit if target is not None else ""), typical=typical,
                 source=values["source"] or source)
