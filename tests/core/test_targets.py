from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.targets import GE, LE, QUALITATIVE, RANGE, parse_target

OP_SPELLINGS = {"≥": [">=", "≥", "≧", "＞＝", "不低于", "不少于"], "≤": ["<=", "≤", "≦", "＜＝", "不超过"],
                "=": ["=", "＝"], ">": [">", "＞"], "<": ["<", "＜"]}
UNITS = ["人", "%", "元", "万元", "亿元", "次", "个", "天", "户", "人次", "项", "年", ""]
LEVEL2S = ["数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会效益指标", "服务对象满意度指标"]

values = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" or c == "." else c for c in text)


@pytest.mark.parametrize("raw, op, value, value_hi, unit, inferred", [
    ("≥400人", GE, "400", None, "人", False),
    ("≥1.21万元", GE, "1.21", None, "万元", False),
    ("=100%", "=", "100", None, "%", False),
    ("≥100百分比", GE, "100", None, "%", False),
    ("≤90万元", LE, "90", None, "万元", False),
    ("500元", GE, "500", None, "元", True),
    ("90-95%", RANGE, "90", "95", "%", False),
    ("90%～95%", RANGE, "90", "95", "%", False),
    ("２春节救助和国庆救助一年2次", GE, "2", None, "次", True),
    ("一年两次", GE, "2", None, "次", True),
    ("不少于四次", GE, "4", None, "次", False),
    ("400人以上", GE, "400", None, "人", False),
    ("1,000元", GE, "1000", None, "元", True),
    ("≥-5%", GE, "-5", None, "%", False),
])
def test_examples_from_real_tables(raw, op, value, value_hi, unit, inferred):
    t = parse_target(raw, "数量指标")
    assert (t.raw, t.op, t.value, t.value_hi, t.unit, t.inferred) == (
        raw, op, Decimal(value), None if value_hi is None else Decimal(value_hi), unit, inferred)


@pytest.mark.parametrize("raw", ["满足困难职工的生活需求", "对增加职工幸福指数具有长期影响", "11月底前", "2023年9月底前",
                                 "明显改善", "两癌", "", "95%-90%"])
def test_text_that_is_no_quantity_is_qualitative(raw):
    t = parse_target(raw, "社会效益指标")
    assert t.op == QUALITATIVE and t.value is None and t.raw == raw


def test_cost_without_operator_is_a_ceiling_and_marked_inferred():
    t = parse_target("500元", "成本指标")
    assert (t.op, t.inferred) == (LE, True)
    assert t.in_yuan() == Decimal("500.00")


def test_money_targets_convert_to_yuan():
    assert parse_target("≥1.21万元").in_yuan() == Decimal("12100.00")
    assert parse_target("≤0.5亿元").in_yuan() == Decimal("50000000.00")
    assert parse_target("≥90%").in_yuan() is None


@given(op=st.sampled_from(sorted(OP_SPELLINGS)), data=st.data(), value=values, unit=st.sampled_from(UNITS),
       space=st.sampled_from(["", " ", "\u3000"]), wide=st.booleans())
def test_written_operator_value_and_unit_are_read_back(op, data, value, unit, space, wide):
    spelling = data.draw(st.sampled_from(OP_SPELLINGS[op]))
    number = format(value, "f")
    raw = f"{spelling}{space}{full_width(number) if wide else number}{space}{unit}"
    t = parse_target(raw, "数量指标")
    assert (t.op, t.value, t.unit, t.inferred, t.raw) == (op, value, unit, False, raw)


@given(value=values, unit=st.sampled_from(UNITS), level2=st.sampled_from(LEVEL2S))
def test_no_operator_is_inferred_from_the_level2(value, unit, level2):
    t = parse_target(f"{value:f}{unit}", level2)
    assert t.inferred and t.value == value
    assert t.op == (LE if "成本" in level2 else GE)


@given(lo=values, width=values, unit=st.sampled_from(["%", "人", "元", "天"]), dash=st.sampled_from(["-", "～", "~", "至"]))
def test_ranges_keep_both_ends(lo, width, unit, dash):
    hi = lo + width
    t = parse_target(f"{lo:f}{unit}{dash}{hi:f}{unit}")
    assert (t.op, t.value, t.value_hi, t.unit) == (RANGE, lo, hi, unit)


@given(st.text(alphabet="满足困难职工的生活需求明显提升效果长期影响稳步作用增强", max_size=30))
def test_text_without_numbers_is_qualitative(text):
    assert parse_target(text).op == QUALITATIVE


@given(st.text(max_size=40), st.sampled_from(LEVEL2S + [None]))
def test_any_text_parses_without_error_and_keeps_its_raw(text, level2):
    t = parse_target(text, level2)
    assert t.raw == text
    assert (t.value is None) == (t.op == QUALITATIVE)
