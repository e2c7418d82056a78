"""Log filters for the web's loggers (settings.LOGGING).

`ClientErrorLine`: Django's request logger writes a 403 (a `PermissionDenied`) with the exception's
whole traceback, which says nothing a log reader needs and fills a production log. A refusal a
person caused (status 400–499) is written as one line: the status line Django wrote (with the path)
and the id of the user who asked, never a name or other personal data. A server error (5xx) keeps
its traceback."""

from __future__ import annotations

import logging


class ClientErrorLine(logging.Filter):
    """One line for a request answered with 4xx: no traceback, the user's id appended."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        # Once per record: the filter sits on more than one handler (and on one logger set up again).
        if isinstance(status, int) and 400 <= status < 500 and not getattr(record, "one_line", False):
            record.one_line = True
            record.exc_info, record.exc_text, record.stack_info = None, None, None
            user = getattr(getattr(record, "request", None), "user", None)
            who = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
            message = record.getMessage()
            record.msg, record.args = f"{message} (用户编号 {who if who is not None else '未登录'})", ()
        return True
