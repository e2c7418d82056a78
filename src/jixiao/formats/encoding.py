"""Bytes to text in whatever encoding a unit saved: UTF-8 with or without BOM,
GB18030/GBK, UTF-16; CRLF line ends become LF."""

from __future__ import annotations

import charset_normalizer

from ..core.problems import ReadError
from . import errors as e

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def decode(data: bytes, source: str = "") -> str:
    if not data.strip():
        raise ReadError(e.EMPTY_FILE, e.EMPTY_FILE_MESSAGE, source)
    if data.startswith((_ZIP, _OLE)):
        raise ReadError(e.NOT_TEXT, e.NOT_TEXT_MESSAGE, source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _lines(data.decode("utf-16"))
        except UnicodeDecodeError as exc:  # an odd byte at the end (a file cut short), a lone surrogate
            raise ReadError(e.UNKNOWN_ENCODING, e.UNKNOWN_ENCODING_MESSAGE, source) from exc
    try:
        return _lines(data.decode("utf-8-sig"))  # the common case, and fast
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise ReadError(e.BINARY_FILE, e.BINARY_FILE_MESSAGE, source)
    if (text := _as_gb18030(data)) is not None:
        return _lines(text)
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError(e.UNKNOWN_ENCODING, e.UNKNOWN_ENCODING_MESSAGE, source)
    encoding = best.encoding
    if encoding in ("gbk", "gb2312", "hz", "cp936"):
        encoding = "gb18030"  # the superset: never lose a character GBK cannot name
    try:
        return _lines(data.decode(encoding))
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(e.UNKNOWN_ENCODING, e.UNKNOWN_ENCODING_MESSAGE, source) from exc


def _as_gb18030(data: bytes) -> str | None:
    """The encoding of Chinese Excel and Notepad; detectors guess short Chinese files wrong
    (as Korean, say), so take it when it decodes strictly to Chinese text."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if ord(c) > 127]
    chinese = sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return text if wide and chinese / len(wide) >= 0.9 else None


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
