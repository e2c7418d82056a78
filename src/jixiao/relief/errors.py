"""Errors a person can cause in the programmes' records: stable codes, and the Chinese
messages as constants (templates filled with `str.format`) that tests import.

`PersonError` is a bad value about a person (身份证号, phone, a status move, an edit);
`RoundError` a round that may not be approved as asked; `RowsError` a table of records
(payment results, survey answers) refused as a whole. Each is a `core.errors.JixiaoError`:
its kind decides the answer at every edge (400, or 409 for a round already frozen).

>>> error = PersonError(PHONE, PHONE_MESSAGE.format(text="12345"))
>>> error.code, error.status, str(error)
('phone', 400, '电话“12345”不是有效的手机或固定电话号码')
>>> round_frozen("春节送温暖").status, round_frozen("春节送温暖").code
(409, 'round_frozen')
"""

from __future__ import annotations

from ..core.errors import CONFLICT, JixiaoError

# ---------------------------------------------------------------- persons (身份证号, phone, register)

ID_CHECKSUM = "id_checksum"
ID_CHECKSUM_MESSAGE = "身份证号“{text}”校验位不对"
ID_LENGTH = "id_length"
ID_LENGTH_MESSAGE = "身份证号“{text}”应为18位（或15位旧号）"
ID_BIRTH_DATE = "id_birth_date"
ID_BIRTH_DATE_MESSAGE = "身份证号“{text}”中的出生日期{born}无效（应为1900年以后、不晚于今天的真实日期）"
ID_REGION = "id_region"
ID_REGION_MESSAGE = "身份证号“{text}”的地区码{code}不是任何时期的行政区划代码"
ID_FORMAT = "id_format"
ID_FORMAT_MESSAGE = "身份证号“{text}”格式不对"
PHONE = "phone"
PHONE_MESSAGE = "电话“{text}”不是有效的手机或固定电话号码"
STATUS_MOVE = "status_move"
STATUS_MOVE_MESSAGE = "{name}当前为“{status}”，不能改为“{to}”"
STATUS_BEFORE = "status_before"
STATUS_BEFORE_MESSAGE = "变更日期{on}早于{name}当前状态“{status}”的日期{since}"
SINCE_DATE = "since_date"
SINCE_NOT_A_DATE_MESSAGE = "“{text}”不是日期，应如2021-03-05"
FUTURE_DATE_MESSAGE = "建档日期{on}晚于今天"
NOT_EDITABLE = "not_editable"
NOT_EDITABLE_MESSAGE = "不能在这里修改：{fields}"
# An ID number is what the bank's lists and the payments name: once on a list it stays as paid.
ID_LISTED = "id_listed"
ID_LISTED_MESSAGE = "身份证号：{name}已列入发放名单（{rounds}），名单和发放记录按原身份证号保存，不能修改；如确属录入错误，请注销本档案后按正确的身份证号重新建档"
ID_TAKEN = "id_taken"
ID_TAKEN_MESSAGE = "身份证号：本单位档案中已有身份证号为{masked}的职工（{name}）"
BANK_ACCOUNT, BANK_ACCOUNT_MESSAGE = "bank_account", "银行账号“{text}”应为10～30位数字"
BANK_PAIR = "bank_pair"  # a bank account without its bank (开户银行), or a bank without an account
BANK_PAIR_MESSAGE = "填了{given}就要填{missing}：银行代发名单两者都要，缺一项银行无法代发；请补填{missing}，或两者都清空"
NOT_A_CHOICE = "not_a_choice"
NOT_A_CHOICE_MESSAGE = "{label}“{value}”不是可选值（{allowed}）"

# ---------------------------------------------------------------- rows of a register table (RowProblem)

EMPTY_FILE, EMPTY_FILE_MESSAGE = "empty_file", "文件是空的"
MISSING_COLUMNS, MISSING_COLUMNS_MESSAGE = "missing_columns", "缺少“{columns}”列"
NO_NAME, NO_NAME_MESSAGE = "no_name", "姓名为空"
NOT_POSITIVE, NOT_POSITIVE_MESSAGE = "not_positive", "“{text}”不是正整数"
NOT_A_NUMBER, NOT_A_NUMBER_MESSAGE = "not_a_number", "“{text}”不是数字"
NEGATIVE, NEGATIVE_MESSAGE = "negative", "“{text}”是负数，不能小于0"
NOT_ALLOWED, NOT_ALLOWED_MESSAGE = "not_allowed", "“{value}”不是可选值（{allowed}）"
NOT_A_LEVEL, NOT_A_LEVEL_MESSAGE = "not_a_level", "“{value}”不是{levels}之一"
NOT_A_YEAR, NOT_A_YEAR_MESSAGE = "not_a_year", "“{text}”不是年份"
HONOURED_YEAR_MESSAGE = "{text}不在{first}年至{last}年（今年）之间"
REGISTERED_TWICE, REGISTERED_TWICE_MESSAGE = "registered_twice", "{masked}已在档案中，不能重复建档"
LISTED_TWICE, LISTED_TWICE_MESSAGE = "listed_twice", "{masked}已在劳模名册中"

# ---------------------------------------------------------------- rounds and payments

ROUND_OVER_BUDGET = "round_over_budget"
ROUND_OVER_BUDGET_MESSAGE = "本轮合计{total}万元，超过项目剩余预算{remaining}万元"
ROUND_FROZEN = "round_frozen"
ROUND_FROZEN_MESSAGE = "“{name}”已审批，名单已冻结"
ROUND_EMPTY = "round_empty"
ROUND_EMPTY_MESSAGE = "“{name}”名单为空"

# Why a payment may not comply (coded Problems): the services refuse some and keep others by these codes.
NOT_LISTED, NOT_LISTED_MESSAGE = "not_listed", "收款人不在本轮审批名单中"
OFF_STANDARD, OFF_STANDARD_MESSAGE = "off_standard", "金额{amount}元与标准{due}元不符"
OUTSIDE_DATES, OUTSIDE_DATES_MESSAGE = "outside_dates", "发放日期{on:%Y-%m-%d}不在本轮{start:%Y-%m-%d}至{end:%Y-%m-%d}内"
OUTSIDE_YEAR, OUTSIDE_YEAR_MESSAGE = "outside_year", "发放日期{on:%Y-%m-%d}不在预算年度内"
# Rows of the bank's return file (RowProblem), and a payment recorded twice.
PAID_TWICE_IN_FILE = "paid_twice_in_file"
PAID_TWICE_IN_FILE_MESSAGE = "与第{rows}行是同一人（{masked}），同一轮每人只发放一次"
BAD_STATE, BAD_STATE_MESSAGE = "bad_state", "状态“{state}”不是{allowed}之一"
RECORDED_OTHERWISE = "recorded_otherwise"
RECORDED_OTHERWISE_MESSAGE = "本轮已登记此人{on:%Y-%m-%d}发放{amount}元（{state}），与本行不符；如需更正，请先冲正该笔发放"

# ---------------------------------------------------------------- survey answers

BAD_ANSWER, BAD_ANSWER_MESSAGE = "answer", "第{row}行第{column}列“{cell}”不是1～5分"
NOT_A_SCORE_MESSAGE = "“{cell}”不是1～5分"  # code BAD_ANSWER, in a RowProblem placed at its row and question
ANSWER_DATE = "answer_date"  # a response's 日期 unreadable or outside the plan's year, in a RowProblem
NOT_A_DATE_MESSAGE = "“{cell}”不是日期，应如{year}-03-05"
ANSWER_OUTSIDE_YEAR_MESSAGE = "回答日期{on:%Y-%m-%d}不在{year}年内"
ANSWER_COLUMNS = "answer_columns"  # an answers file whose header does not name the questionnaire's questions
ANSWER_COLUMNS_MESSAGE = ("表头与问卷“{survey}”的问题对不上：{problems}。未导入任何回答；"
                          "表头应逐字写问卷的问题（顺序不限，另可有日期、备注、序号列）")
ANSWER_MISSING = "缺少问题{questions}"
ANSWER_UNKNOWN = "不认识的列{columns}"
ANSWER_TWICE = "重复的列{columns}"


class PersonError(JixiaoError):
    """A bad value about a person, with the Chinese reason."""


class RoundError(JixiaoError):
    """A round that may not be drawn, approved or paid as asked, with the Chinese reason."""


class RowsError(JixiaoError):
    """A table of records refused as a whole: nothing of it is kept."""


def round_frozen(name: str) -> RoundError:
    """The round is approved already: its list is frozen (a conflict, 409)."""
    return RoundError(ROUND_FROZEN, ROUND_FROZEN_MESSAGE.format(name=name), kind=CONFLICT)
