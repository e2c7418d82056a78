"""Chinese for the words the command line's toolkit prints by itself.

typer 0.29 carries its own copy of click, and that copy's texts are English string literals
("Usage: ", "Show this message and exit.", "No such option: …", "Missing argument …").
Only a handful of typer's texts go through `gettext`, and a gettext catalog would
be used only when the user's locale (LANG, LANGUAGE) asked for Chinese. jixiao is
Chinese whatever the locale, so `apply()` sets each of those texts here, once, when the
`jixiao` command starts (cli/__init__.py):

- the help panels' titles and markers, which are typer's own settings in `typer.rich_utils`;
- the usage line's prefix and its [OPTIONS]/COMMAND [ARGS] words, through click's
  `Context.formatter_class`, and the help option's own text;
- type names beside the options (<str>, <int>, <path>);
- error messages, translated by their kind (`message`) when typer prints them;
- Chinese lines wrap between characters (Rich wraps only at spaces, and in a table cell cut a
  Chinese sentence with "…"), not before closing or after opening punctuation; what still
  does not fit folds instead of ending in "…".

tests/cli/test_help.py runs every command's help and some errors, so that a new typer
whose words change is caught.
"""

from __future__ import annotations

import re

# typer's own texts (as typer 0.29 writes them) and what jixiao prints instead.
TEXTS = {
    "Usage: ": "用法：",
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "Error": "错误",
    "Show this message and exit.": "显示此帮助并退出。",
    "[default: {}]": "[默认：{}]",
    "[env var: {}]": "[环境变量：{}]",
    "[required]": "[必填]",
    "(deprecated) ": "（已停用）",
    "Aborted.": "已中止。",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "运行“[blue]{command_path} {help_option}[/]”查看帮助。",
    # without Rich (TYPER_USE_RICH=0) typer writes these through gettext
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
}

# typer.rich_utils settings that hold one of TEXTS.
_RICH_SETTINGS = ("ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE",
                  "DEFAULT_STRING", "ENVVAR_STRING", "REQUIRED_LONG_STRING", "DEPRECATED_STRING", "ABORTED_TEXT",
                  "RICH_HELP")

# Type names shown beside options and arguments (<str>, <list[Path]>, <int range>).
TYPES = {"str": "文本", "int": "整数", "float": "数字", "Decimal": "数字", "bool": "开关", "path": "路径",
         "Path": "路径", "file": "文件", "dir": "文件夹", "date": "日期", "datetime": "日期时间", "range": "范围",
         "UUID": "UUID", "bytes": "字节"}

# Messages inside errors, as typer and its click write them.
_KINDS = {"Path": "路径", "path": "路径", "File": "文件", "file": "文件", "Directory": "文件夹", "dir": "文件夹"}
_PATTERNS = [
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)", lambda m: f"多余的参数：{m['args']}"),
    (r"No such command '(?P<name>.*?)'\.(?: Did you mean (?P<maybe>.*)\?)?",
     lambda m: f"没有命令“{m['name']}”" + (f"，是否要用{_quoted(m['maybe'])}？" if m["maybe"] else "")),
    (r"Missing command\.", lambda m: "缺少命令"),
    (r"Option '(?P<opt>.*)' requires an argument\.", lambda m: f"选项“{m['opt']}”后面缺少值"),
    (r"Option '(?P<opt>.*)' requires (?P<n>\d+) arguments\.", lambda m: f"选项“{m['opt']}”后面需要{m['n']}个值"),
    (r"Option '(?P<opt>.*)' does not take a value\.", lambda m: f"选项“{m['opt']}”不带值"),
    (r"Argument '(?P<arg>.*)' takes (?P<n>\d+) values\.", lambda m: f"参数“{m['arg']}”需要{m['n']}个值"),
    (r"(?P<kind>\w+) '(?P<path>.*)' does not exist\.", lambda m: f"{_KINDS.get(m['kind'], '路径')}“{m['path']}”不存在"),
    (r"(?P<kind>\w+) '(?P<path>.*)' is a file\.", lambda m: f"“{m['path']}”是文件，这里要的是文件夹"),
    (r"(?P<kind>\w+) '(?P<path>.*)' is a directory\.", lambda m: f"“{m['path']}”是文件夹，这里要的是文件"),
    (r"(?P<kind>\w+) '(?P<path>.*)' is not readable\.", lambda m: f"“{m['path']}”没有读取权限"),
    (r"(?P<kind>\w+) '(?P<path>.*)' is not writable\.", lambda m: f"“{m['path']}”没有写入权限"),
    (r"(?:Value error, )?'(?P<value>.*)' is not one of (?P<choices>.*)\.",
     lambda m: f"“{m['value']}”不是可选的值，可选：{_quoted(m['choices'])}"),
    (r"Value '(?P<value>.*)' is not a valid (?P<type>.*)\.",
     lambda m: f"“{m['value']}”不是有效的{TYPES.get(m['type'], m['type'])}"),
    (r"Value must be an iterable\.", lambda m: "应为多个值"),
]
_REGEXES = [(re.compile(pattern, re.S), say) for pattern, say in _PATTERNS]

# pydantic's error types (typer converts values through pydantic) and what they mean here.
_VALUE_ERRORS = {
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "float_parsing": "应为数字", "float_type": "应为数字", "decimal_parsing": "应为数字", "decimal_type": "应为数字",
    "bool_parsing": "应为是或否（true/false）", "bool_type": "应为是或否（true/false）",
    "date_parsing": "应为日期，如2021-07-31", "date_from_datetime_parsing": "应为日期，如2021-07-31",
    "date_from_datetime_inexact": "应为日期，如2021-07-31", "date_type": "应为日期，如2021-07-31",
    "datetime_parsing": "应为日期时间，如2021-07-31T12:00", "datetime_from_date_parsing": "应为日期时间，如2021-07-31T12:00",
    "datetime_type": "应为日期时间，如2021-07-31T12:00",
}


def _quoted(text: str) -> str:
    """'a', 'b' → “a”、“b”"""
    return re.sub(r"'([^']*)'", r"“\1”", text).replace(", ", "、")


def translate(text: str) -> str:
    """One of typer's messages in Chinese; a message that is already jixiao's own is kept.

    >>> translate("Got unexpected extra argument(s) (b c)")
    '多余的参数：b c'
    >>> translate("File '/tmp/x.txt' does not exist.")
    '文件“/tmp/x.txt”不存在'
    >>> translate("没有用户“x”")
    '没有用户“x”'
    """
    if text in TEXTS:
        return TEXTS[text]
    for pattern, say in _REGEXES:
        if m := pattern.fullmatch(text.strip()):
            return say(m)
    return text


def _value_error(exc) -> str:
    """Why a value was refused: from pydantic's error type when typer converted through it."""
    cause = exc.__cause__
    errors = cause.errors() if hasattr(cause, "errors") else []
    if not errors:
        return translate(exc.message)
    first = errors[0]
    kind, ctx, value = first.get("type", ""), first.get("ctx") or {}, first.get("input")
    given = f"“{value}”" if isinstance(value, str) else ""
    if kind in _VALUE_ERRORS:
        return given + _VALUE_ERRORS[kind]
    if kind in ("enum", "literal_error"):
        return f"{given}不是可选的值，可选：{_quoted(str(ctx.get('expected', '')).replace(' or ', ', '))}"
    if kind == "value_error":
        return translate(str(ctx.get("error", exc.message)))
    bounds = {"greater_than": "应大于{gt}", "greater_than_equal": "应不小于{ge}", "less_than": "应小于{lt}",
              "less_than_equal": "应不大于{le}"}
    if kind in bounds:
        return given + bounds[kind].format(**ctx)
    return f"{given}格式不对"


def _hint(exc) -> str:
    """The parameter an error is about: “--year” or “username”."""
    from typer._click.exceptions import _join_param_hints

    hint = exc.param_hint if exc.param_hint is not None else exc.param.get_error_hint() if exc.param else None
    return _quoted(_join_param_hints(hint) or "")


def message(exc) -> str:
    """The Chinese text of a click/typer error."""
    from typer._click import exceptions as click

    if isinstance(exc, click.NoSuchOption):
        text = f"没有选项“{exc.option_name}”"
        if exc.possibilities:
            text += f"，是否要用{'、'.join(f'“{p}”' for p in sorted(exc.possibilities))}？"
        return text
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        text = f"缺少{'选项' if kind == 'option' else '参数'}{_hint(exc)}"
        extra = exc.param.get_missing_message(ctx=exc.ctx) if exc.param is not None else ""
        if extra:
            text += "，" + re.sub(r"\s+", "", extra.replace("Choose from:", "可选：")).replace(",", "、")
        return text
    if isinstance(exc, click.BadParameter):
        hint = _hint(exc)
        return f"{hint}的值不对：{_value_error(exc)}" if hint else f"值不对：{_value_error(exc)}"
    if isinstance(exc, click.FileError):
        return f"无法打开文件“{exc.ui_filename}”：{exc.message}"
    return translate(exc.message)


_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_NOT_FIRST = set("，。、；：？！）》」』】〕”’…％,.;:?!)]}>%")  # never begins a line
_NOT_LAST = set("（《「『【〔“‘([{<")  # never ends one


def _words(text: str, words):
    """Rich's words (`rich._wrap.words`: start, end, the word and its trailing spaces) cut further
    where Chinese may break: before or after a Chinese character, but not before closing or after
    opening punctuation. Text without Chinese is Rich's own.

    >>> from rich._wrap import words
    >>> [w for _, _, w in _words("帮扶干事（需 --unit），共2021人 ok", words)]
    ['帮', '扶', '干', '事', '（需 ', '--unit），', '共', '2021', '人 ', 'ok']
    """
    if not _CJK.search(text):
        yield from words(text)
        return
    for start, end, word in words(text):
        cut = start
        for i in range(start + len(word) - len(word.lstrip()) + 1, start + len(word.rstrip())):
            before, after = text[i - 1], text[i]
            if (_CJK.match(before) or _CJK.match(after)) and after not in _NOT_FIRST and before not in _NOT_LAST:
                yield cut, i, text[cut:i]
                cut = i
        yield cut, end, text[cut:end]


class _Formatter:
    """click's help formatter with a Chinese usage line (mixed into its class in `apply`)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english in ("[OPTIONS]", "COMMAND [ARGS]..."):
            args = args.replace(english, TEXTS[english])
        super().write_usage(prog, args, TEXTS["Usage: "] if prefix is None else prefix)  # type: ignore[misc]  # a mixin: click's formatter comes next (apply)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")  # type: ignore[attr-defined]  # the same mixin


def _show(self, file=None) -> None:
    """An error as click prints it without Rich (TYPER_USE_RICH=0), in Chinese."""
    from typer._click.utils import echo

    ctx = getattr(self, "ctx", None)
    if ctx is not None:
        echo(ctx.get_usage(), file=file, err=file is None, color=ctx.color)
        if ctx.command.get_help_option(ctx) is not None:
            echo(f"运行“{ctx.command_path} {ctx.help_option_names[0]}”查看帮助。", file=file, err=file is None)
    echo(f"错误：{message(self)}", file=file, err=file is None)


def _type_name(label: str) -> str:
    """<list[Path]> → <多个路径>, <int range> → <整数范围>; choices (<docx|xlsx>) stay as they are."""
    inner = label[1:-1] if label.startswith("<") and label.endswith(">") else label
    inner = re.sub(r"list\[(.*)\]", r"多个\1", inner)
    inner = re.sub(r"[A-Za-z_]+", lambda m: TYPES.get(m[0], m[0]), inner).replace(" ", "")
    return f"<{inner}>" if label.startswith("<") else inner


_applied = False


def apply() -> None:
    """Put the Chinese texts in place (once; every later call does nothing)."""
    global _applied
    if _applied:
        return
    _applied = True
    from rich import _wrap
    from rich.text import Text
    from typer import core, rich_utils
    from typer._click import core as click_core
    from typer._click import decorators

    for name in _RICH_SETTINGS:
        setattr(rich_utils, name, TEXTS.get(getattr(rich_utils, name), getattr(rich_utils, name)))

    click_core.Context.formatter_class = type("ChineseHelpFormatter", (_Formatter, click_core.Context.formatter_class),
                                              {})

    help_option = decorators.help_option

    def chinese_help_option(param_decls):
        add = help_option(param_decls)

        def decorator(command):
            command = add(command)
            command.params[-1].help = TEXTS.get(command.params[-1].help, command.params[-1].help)
            return command

        return decorator

    decorators.help_option = chinese_help_option

    display_type = core._TyperParameter.display_type

    def chinese_display_type(self, ctx):
        label = display_type(self, ctx)
        return label if label is None or self.type_descriptor.is_choice else _type_name(label)

    core._TyperParameter.display_type = chinese_display_type  # type: ignore[method-assign]  # a deliberate patch

    words = _wrap.words
    _wrap.words = lambda text: _words(text, words)  # what rich._wrap.divide_line wraps by

    make_rich_text = rich_utils._make_rich_text

    def folding_rich_text(**kwargs):
        text = make_rich_text(**kwargs)
        if isinstance(text, Text):
            text.overflow = "fold"
        return text

    rich_utils._make_rich_text = folding_rich_text

    format_error = rich_utils.rich_format_error

    def chinese_format_error(exc) -> None:
        text = message(exc)
        exc.format_message = lambda: text
        format_error(exc)

    rich_utils.rich_format_error = chinese_format_error  # type: ignore[assignment]  # a deliberate patch

    from typer._click import exceptions

    exceptions.ClickException.show = exceptions.UsageError.show = _show  # type: ignore[method-assign]  # NoArgsIsHelpError keeps its own
    core._ = translate  # type: ignore[assignment]  # typer's gettext alias: help headings and errors without Rich
