"""Personal data out of logs, tracebacks and error lines: an ID number (身份证号, 18 or 15 digits), a
mobile phone number and a bank account (15 digits or more, also written in groups of four) are masked
wherever they appear in a text, as the pages mask them for roles that need not see them (the first
six and last four of an ID, 138****1234 for a phone, the first and last four of an account).

`redact` masks a text; `RedactFilter` is a logging filter for every handler (settings.LOGGING): it
masks a record's message, its arguments and its exception text (a database's IntegrityError names
the duplicate key's values) before any handler formats it. No Django here.

>>> redact("Key (unit_id, id_number)=(1, 13032219500101001X) already exists.")
'Key (unit_id, id_number)=(1, 130322********001X) already exists.'
>>> redact("电话13812345678，账号6222021234567890123")
'电话138****5678，账号6222***********0123'
>>> redact("账号 6222 0212 3456 7890 123；手机 138-1234-5678")
'账号 6222 **** **** **** 123；手机 138****5678'
>>> redact("2021年预算 1,234.50 元，编号 711001，项目 13032221GVUVTX63BWWCQ")
'2021年预算 1,234.50 元，编号 711001，项目 13032221GVUVTX63BWWCQ'
"""

from __future__ import annotations

import logging
import re
import traceback

# A run of 15–32 digits (an 18-digit ID may end in X) standing alone: an ID number or a bank account.
_LONG = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{5,22})(\d{3}[\dXx])(?![0-9A-Za-z])")
# A bank account written in groups of four (6222 0212 3456 7890 123).
_GROUPED = re.compile(r"(?<![0-9A-Za-z])(\d{4})((?:[ -]\d{4}){2,3})([ -]\d{1,4})(?![0-9A-Za-z])")
# A mainland mobile number, also written 138 1234 5678 or 138-1234-5678 (or +86 in front).
_PHONE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![0-9A-Za-z])")


def _long(m: re.Match) -> str:
    head, middle, tail = m.groups()
    if len(head + middle + tail) == 18 or len(head + middle + tail) == 15:  # an ID number: 6 + **** + 4
        return head + "*" * len(middle) + tail
    return head[:4] + "*" * (len(head) - 4 + len(middle)) + tail  # an account: its first and last four


def _grouped(m: re.Match) -> str:
    head, groups, last = m.groups()
    return head + re.sub(r"\d", "*", groups) + last


def redact(text: str) -> str:
    """`text` with every ID number, mobile number and bank account in it masked."""
    if not text or not any(c.isdigit() for c in text):
        return text
    text = _LONG.sub(_long, text)
    text = _GROUPED.sub(_grouped, text)
    return _PHONE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)


def exception_text(exc: BaseException) -> str:
    """An exception's traceback as text, masked (the frames' source lines and the message)."""
    return redact("".join(traceback.format_exception(exc)))


class RedactFilter(logging.Filter):
    """Masks personal data in a log record before a handler writes it; lets every record through.

    The message is formatted with its arguments first (so a masked argument cannot be put back by
    `%s`), the exception and stack text are formatted and masked once and kept on the record, where
    every formatter finds them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its format: keep it readable
            message = f"{record.msg} {record.args!r}"
        masked = redact(message)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
