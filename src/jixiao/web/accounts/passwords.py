"""A password validator besides Django's four: a common word, a login name or a role with only digits
and symbols around it (editor123, Admin@2024, 2021jixiao!) is as guessable as the word itself.
Django's CommonPasswordValidator knows `admin123` but not `editor123`; this one strips the digits and
symbols from both ends and looks the rest up in Django's list and in guessable-passwords.toml."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

from .errors import PASSWORD_REASONS

WORDS_FILE = Path(__file__).with_name("guessable-passwords.toml")
AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")  # digits, punctuation, spaces at either end (汉字 are \w)


@cache
def guessable_words() -> frozenset[str]:
    own = {word.lower() for word in tomllib.loads(WORDS_FILE.read_text(encoding="utf-8"))["words"]}
    return frozenset(own | set(CommonPasswordValidator().passwords))


class GuessablePasswordValidator:
    def validate(self, password: str, user=None) -> None:
        core = AROUND.sub("", password.lower())
        login = (getattr(user, "username", "") or "").lower()
        if core and (core in guessable_words() or core == login):
            raise ValidationError(PASSWORD_REASONS["password_guessable"], code="password_guessable")

    def get_help_text(self) -> str:
        return "密码不能只是常见词、登录名或角色名加上数字或符号。"
