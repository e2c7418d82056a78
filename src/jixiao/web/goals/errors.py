"""Errors a person can cause in the goals area: a stable code and a Chinese message."""


class GoalsError(Exception):
    status = 400

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class StaleError(GoalsError):
    """Someone else saved the same object first: never overwrite silently."""

    status = 409

    def __init__(self, what: str):
        super().__init__("stale", f"{what}已被他人修改，请刷新页面后在最新内容上重新修改")


class StateError(GoalsError):
    status = 409


class NotFound(GoalsError):
    """Nothing of that kind, or nothing this user may see (the two are not told apart)."""

    status = 404

    def __init__(self, message: str):
        super().__init__("not_found", message)
