"""Password validators refuse short, common, numeric, username-like and guessable passwords in
Chinese (issue 13 §7: `editor123` was accepted), wherever a password is set: the page, the command
line, the 管理员's reset; the demo's own passwords pass them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.web.accounts import services
from jixiao.web.accounts.errors import AccountsError

from .conftest import PASSWORD, SEED, login

GOOD = "柳溪-秋实-2025!"
WEAK = [  # (password, what the person reads)
    ("editor123", "密码太短，至少需要10个字符"),
    ("editor1234", "常见词、登录名或角色名加上数字或符号"),
    ("Admin@2024", "常见词、登录名或角色名加上数字或符号"),
    ("12345678901", "密码不能全是数字"),
    ("password", "这个密码太常见了"),
    ("wangfang2025", "密码与用户名太相似"),
]


@pytest.mark.parametrize("password, says", WEAK)
def test_a_weak_password_is_refused_in_chinese_and_no_user_is_made(users, password, says):
    with pytest.raises(AccountsError) as refused:
        services.user_create(login="wangfang", name="王芳", password=password, acting_user=users["admin"])
    assert refused.value.message.startswith("密码不合要求：") and says in refused.value.message
    assert not get_user_model().objects.filter(username="wangfang").exists()


def test_a_good_password_is_accepted(users):
    user, generated = services.user_create(login="wangfang", name="王芳", password=GOOD, acting_user=users["admin"])
    assert generated is None and user.check_password(GOOD)


def test_the_password_page_refuses_editor123_and_keeps_the_old_password(client, users):
    login(client, users["editor"])
    page = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password": "editor123",
                                                "new_password_again": "editor123"})
    assert page.status_code == 200 and "密码太短，至少需要10个字符" in page.content.decode()
    users["editor"].refresh_from_db()
    assert users["editor"].check_password(PASSWORD)
    page = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password": "editor2025!",
                                                "new_password_again": "editor2025!"})
    assert "常见词、登录名或角色名加上数字或符号" in page.content.decode()
    users["editor"].refresh_from_db()
    assert users["editor"].check_password(PASSWORD)


def test_a_reset_by_the_administrator_is_validated_too(users):
    with pytest.raises(AccountsError) as refused:
        services.password_reset(user=users["editor"], password="finance2024", acting_user=users["admin"])
    assert "常见词" in refused.value.message
    users["editor"].refresh_from_db()
    assert users["editor"].check_password(PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_the_command_line_refuses_editor123(users):
    result = CliRunner().invoke(app, ["users", "add", "wangfang", "--name", "王芳", "--password-stdin"],
                                input="editor123\n")
    assert result.exit_code == 1 and "密码不合要求：密码太短，至少需要10个字符" in result.output
    assert not get_user_model().objects.filter(username="wangfang").exists()
    result = CliRunner().invoke(app, ["users", "add", "wangfang", "--name", "王芳", "--password-stdin"],
                                input=GOOD + "\n")
    assert result.exit_code == 0, result.output
    assert get_user_model().objects.get(username="wangfang").check_password(GOOD)


def test_the_demo_users_passwords_pass_the_validators(db):
    from jixiao.web.demo import load_demo

    made, _ = load_demo(SEED)
    assert len(made) == 5
    for username, _role, password in made:
        validate_password(password, get_user_model().objects.get(username=username))  # raises when weak


def test_guessable_words_and_common_passwords_with_digits_are_what_is_refused():
    from jixiao.web.accounts.passwords import GuessablePasswordValidator

    check = GuessablePasswordValidator().validate
    for password in ["editor123", "2021jixiao!", "WoAiNi1314", "qwerty@@2024"]:
        with pytest.raises(ValidationError):
            check(password)
    for password in [GOOD, PASSWORD, "Xk7#pL9-qz2w", "editor-of-柳溪-2025"]:
        check(password)
