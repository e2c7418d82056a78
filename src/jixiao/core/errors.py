"""The one error a person can cause, in every area: a stable code, a Chinese message,
the place it concerns, and its kind. The kind alone decides the answer at each edge:
the HTTP status of a page or of the API, and the exit status of the CLI.

Each area keeps its codes and messages as constants in its own `errors.py` and
derives its error from `JixiaoError`; nothing re-wraps one area's error into another's.

>>> error = JixiaoError("amount", "金额“abc”不是数", "第3行")
>>> str(error), error.status, error.exit_code
('第3行：金额“abc”不是数', 400, 1)
>>> JixiaoError("stale", "已被他人修改", kind=CONFLICT).status
409
>>> str(error.within("支出.csv", then="未导入任何记录"))
'支出.csv：第3行：金额“abc”不是数，未导入任何记录'
"""

from __future__ import annotations

import copy

INVALID, FORBIDDEN, NOT_FOUND, CONFLICT = "invalid", "forbidden", "not_found", "conflict"
HTTP_STATUS = {INVALID: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409}
EXIT_CODE = {INVALID: 1, FORBIDDEN: 1, NOT_FOUND: 2, CONFLICT: 1}  # 2: what was named cannot be found or read


class JixiaoError(Exception):
    kind = INVALID

    def __init__(self, code: str, message: str, place: str = "", *, kind: str | None = None,
                 fields: dict[str, str] | None = None, exit_code: int | None = None):
        super().__init__(message)
        self.code, self.message, self.place = code, message, place
        self.kind = kind or self.kind
        self.fields = fields or {}
        self._exit_code = exit_code

    @property
    def status(self) -> int:
        """The HTTP status a page or the API answers with."""
        return HTTP_STATUS[self.kind]

    @property
    def exit_code(self) -> int:
        """The CLI's exit status."""
        return self._exit_code if self._exit_code is not None else EXIT_CODE[self.kind]

    def __str__(self) -> str:
        return f"{self.place}：{self.message}" if self.place else self.message

    def __reduce__(self):  # copies and pickles (a test worker, a cache) keep every attribute
        return _restore, (type(self), dict(self.__dict__))

    def within(self, where: str, then: str = "") -> JixiaoError:
        """The same error, placed inside `where` (a file's name) and followed by what that means."""
        error = copy.copy(self)
        parts = (self.place,) if where and where in self.place else (where, self.place)
        error.place = "：".join(p for p in parts if p)
        error.message = f"{self.message}，{then}" if then else self.message
        error.args = (error.message,)
        return error

    def on_field(self, name: str) -> JixiaoError:
        """The same error, said beside the form's field `name`: a value a person typed, so a 400 whatever its kind."""
        error = copy.copy(self)
        error.fields, error.kind = {name: self.message}, INVALID
        return error


def _restore(cls: type[JixiaoError], state: dict) -> JixiaoError:
    error = cls.__new__(cls)
    Exception.__init__(error, state["message"])
    error.__dict__.update(state)
    return error
