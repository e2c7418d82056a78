"""Every command's --help and the toolkit's own errors are Chinese, at 80 columns with no tty,
and nothing is cut short with an ellipsis. The commands are found by walking the click tree
of the typer app, so a command added later is covered without touching this file."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from jixiao.cli import app

JIXIAO = str(Path(sys.executable).with_name("jixiao"))

# What typer and its click print by themselves, in English.
ENGLISH = ["Usage", "Options", "Arguments", "Commands", "Show this message", "and exit", "required", "default",
           "Try", "for help", "Error", "No such", "Missing", "Invalid value", "unexpected", "extra argument",
           "OPTIONS", "COMMAND", "ARGS", "env var", "deprecated", "Aborted", "Possible options", "Did you mean",
           "Choose from", "requires an argument", "is not a valid", "does not exist", "Input should be"]
# Type names typer shows beside an option, as in <str> or <list[Path]>.
TYPE_WORDS = ["str", "int", "float", "bool", "path", "Path", "list", "file", "dir", "Decimal", "date", "datetime",
              "range", "text", "dynamic"]


def command_paths(command=None, path=()):
    command = command or typer.main.get_command(app)
    yield path
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not sub.hidden:
            yield from command_paths(sub, (*path, name))


def run(*args, **env):
    environment = {**os.environ, "COLUMNS": "80", **env}
    environment.pop("TERMINAL_WIDTH", None)
    return subprocess.run([JIXIAO, *args], env=environment, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=120)


def english_in(text: str) -> list[str]:
    """The toolkit's English words in a help or error, options (--help) and argument names ({files}) aside."""
    words = re.sub(r"(?<![\w])--?[\w-]+|\{[\w.]+\}", " ", text)
    found = [w for w in ENGLISH if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", words)]
    for kind in re.findall(r"<([^<>]*)>", text):
        found += [w for w in TYPE_WORDS if re.search(rf"(?<![A-Za-z]){w}(?![A-Za-z])", kind)]
    return found


PATHS = list(command_paths())


def test_the_walk_finds_the_nested_commands():
    assert () in PATHS and ("review",) in PATHS and ("relief", "rounds") in PATHS and ("restore",) in PATHS


def test_the_check_sees_the_english_words():
    assert english_in("Usage: jixiao [OPTIONS] COMMAND\n│ --json  <bool>  Show this message and exit. │") == [
        "Usage", "Show this message", "and exit", "OPTIONS", "COMMAND", "bool"]
    assert english_in("用法：jixiao [选项] --no-default {files}... <路径> CSV：project,date,amount") == []


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "jixiao")
def test_help_is_chinese_and_whole(path):
    result = run(*path, "--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "用法：jixiao" in text and "选项" in text and "显示此帮助并退出" in text
    assert english_in(text) == [], text
    ends = [line for line in text.splitlines() if line.rstrip(" │╮╯").endswith("…")]
    assert ends == [], text
    # Chinese wraps between characters, but no line begins with closing punctuation.
    starts = [line for line in text.splitlines() if line.strip(" │").startswith(tuple("，。、；：？！）》」”"))]
    assert starts == [], text
    if getattr(typer.main.get_command(app), "commands", None) and path == ():
        assert "命令 [参数]..." in text and "─ 命令 " in text


def test_long_help_lines_wrap_rather_than_end_in_an_ellipsis():
    # The seed option's help is wider than 80 columns: all of it is there, over two lines.
    text = run("demo", "--help").stdout
    flat = re.sub(r"[\s│]", "", text)
    assert "演示用的绩效目标文件（默认：随软件附带的昌黎县总工会2021年绩效目标）" in flat
    assert "2021年绩效目标）" in text  # a number is not cut in two
    assert "[默认：" not in text.split("--seed")[0]  # markers are Chinese and placed after the help


def test_help_without_rich_is_chinese_too():
    result = run("score", "--help", TYPER_USE_RICH="0")
    assert result.returncode == 0 and "用法：jixiao score [选项]" in result.stdout
    assert "选项：" in result.stdout and "[必填]" in result.stdout and english_in(result.stdout) == []


@pytest.mark.parametrize("args, says", [
    (["review", "--bogus"], "没有选项“--bogus”"),
    (["token"], "缺少参数“登录名”"),
    (["actuals", "X", "--year", "abc"], "“--year”的值不对：“abc”应为整数"),
    (["expor"], "没有命令“expor”，是否要用“export”？"),
    (["token", "a", "b"], "多余的参数：b"),
    (["export", "x", "--to", "pdf", "-o"], "选项“-o”后面缺少值"),
])
def test_a_mistyped_command_gets_a_chinese_error_and_status_2(args, says):
    result = run(*args)
    assert result.returncode == 2
    assert says in result.stderr and "错误" in result.stderr, result.stderr
    assert english_in(result.stderr) == [], result.stderr
    assert "Traceback" not in result.stderr


def test_errors_without_rich_are_chinese_too():
    result = run("review", "--bogus", TYPER_USE_RICH="0")
    assert result.returncode == 2 and "错误：没有选项“--bogus”" in result.stderr
    assert "运行“jixiao review --help”查看帮助。" in result.stderr and english_in(result.stderr) == []


def test_no_command_shows_the_chinese_help():
    result = run()
    assert "用法：jixiao [选项] 命令 [参数]..." in result.stdout + result.stderr


def test_every_argument_is_named_in_chinese():
    """An argument's name shows in the usage line and in 缺少参数“…”: a Chinese metavar, not `login`."""
    def arguments(command, path=()):
        for param in command.params:
            if isinstance(param, typer.core.TyperArgument):
                yield " ".join(path), param
        for name, sub in getattr(command, "commands", {}).items():
            yield from arguments(sub, (*path, name))

    found = list(arguments(typer.main.get_command(app)))
    assert len(found) >= 10
    for where, param in found:
        assert param.metavar and re.search(r"[\u4e00-\u9fff]", param.metavar), f"jixiao {where}：{param.name}"
