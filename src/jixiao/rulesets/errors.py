"""Errors in a rule set file a person (a province's finance bureau) writes: a stable code, a Chinese
message naming the key, and the file as the place. Messages are constants that tests import."""

from __future__ import annotations

from ..core.errors import NOT_FOUND, JixiaoError

UNKNOWN_RULESET = "没有规则集“{code}”，可用：{known}；也可以给出规则集TOML文件的路径"
NO_FILE = "规则集文件不存在"
NOT_TOML = "不是有效的TOML文件{where}：请检查括号、引号和“参数 = 值”的写法"
NOT_TOML_AT = "（第{line}行第{column}列附近）"
NOT_UTF8 = "规则集文件应为UTF-8编码的文本"
MISSING = "缺少“{key}”（{what}）"
UNKNOWN_BASE = "base“{base}”不是已有的规则集，可用：{known}；也可以写另一个规则集文件的相对路径（以.toml结尾）"
CYCLE = "规则集互相继承，形成循环：{chain}"
SHIPPED_CODE = "编码“{code}”与内置规则集重名，请另取编码（如“{code}-某省”），以免评分结果误记为内置规则集"
UNKNOWN_KEY = "没有参数“{key}”{nearest}"
NEAREST = "，是否指：{names}？"
WRONG_TYPE = "参数“{key}”应为{expected}，写的是{given}"
BAD_CHOICE = "参数“{key}”应为{choices}之一，写的是“{given}”"
BAD_VALUE = "参数“{key}”{reason}"
# A province's folder of rule sets (JIXIAO_RULESETS_DIR)
NO_FOLDER = "规则集文件夹不存在（JIXIAO_RULESETS_DIR）"
DUPLICATE_CODE = "编码“{code}”已由同一文件夹中的{other}使用，请另取编码"
UNREADABLE_BESIDE = "（规则集文件夹中另有无法使用的文件：{problem}）"

TYPE_NAMES = {bool: "true或false", int: "数值", float: "数值", str: "文字（加引号）", list: "列表（[...]）",
              dict: "表（[...] 段或 {...}）"}


class RuleSetError(JixiaoError):
    """A rule set file that cannot be used: the file is the place, the message names the key."""


class UnknownRuleSet(RuleSetError, KeyError):
    """No shipped rule set has the code (a KeyError as well, as `load` raised before files could be given)."""

    kind = NOT_FOUND
