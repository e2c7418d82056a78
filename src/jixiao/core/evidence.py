"""Which files count as 佐证材料 (evidence of a 完成值 or of a 整改 done), and the content type each is
served with. No Django here.

Evidence is what a unit's office has: PDF and OFD (the state standard GB/T 33190 for e-documents),
photos, Word, Excel and PowerPoint files (also those of WPS), plain text, and a zip of several.
A file is taken by its extension AND by its first bytes where they tell the kind cheaply (a .docx
is a zip, a .pdf starts with %PDF-); an empty file proves nothing and is refused. Anything else
(.exe, .html, .js …) is refused, so a stored file can never be a page or a program.

>>> evidence_problem("整改通知.pdf", b"%PDF-1.7\\n...", 2048) is None
True
>>> evidence_problem("empty.pdf", b"", 0)
'佐证材料“empty.pdf”是空文件（0字节），请选择有内容的文件'
>>> evidence_problem("x.exe", b"MZ\\x90\\x00", 4096)
'佐证材料“x.exe”的类型不支持：可上传PDF、OFD、图片（JPG、PNG）、Word、Excel、PowerPoint、WPS文档、文本（TXT、CSV）或ZIP压缩包'
>>> evidence_problem("报告.pdf", b"PK\\x03\\x04\\x14\\x00", 4096)
'佐证材料“报告.pdf”的内容不是PDF文件（扩展名与内容不符），请核对后重新上传'
>>> content_type("照片.JPG"), content_type("evil.html")
('image/jpeg', 'application/octet-stream')
"""

from __future__ import annotations

from collections.abc import Callable

HEAD = 2048  # bytes read to tell a file's kind

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # the old Office and WPS formats (.doc .xls .ppt .wps .et)


def _starts(*magic: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(magic)


def _pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]  # the header may follow a few bytes of junk (PDF 1.7, annex H)


def _text(head: bytes) -> bool:
    """Plain text in UTF-8 or GB18030 (GBK), without NUL bytes; the cut at HEAD may split a character."""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        for cut in range(4):
            try:
                head[:len(head) - cut].decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
    return False


# extension: (what it is, as named in a refusal; content type; whether the first bytes fit)
KINDS: dict[str, tuple[str, str, Callable[[bytes], bool]]] = {
    "pdf": ("PDF", "application/pdf", _pdf),
    "ofd": ("OFD", "application/ofd", _starts(*_ZIP)),
    "jpg": ("JPG图片", "image/jpeg", _starts(b"\xff\xd8\xff")),
    "jpeg": ("JPG图片", "image/jpeg", _starts(b"\xff\xd8\xff")),
    "png": ("PNG图片", "image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    "doc": ("Word", "application/msword", _starts(*_OLE)),
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _starts(*_ZIP)),
    "xls": ("Excel", "application/vnd.ms-excel", _starts(*_OLE)),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _starts(*_ZIP)),
    "ppt": ("PowerPoint", "application/vnd.ms-powerpoint", _starts(*_OLE)),
    "pptx": ("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
             _starts(*_ZIP)),
    "wps": ("WPS文字", "application/vnd.ms-works", _starts(*_OLE, *_ZIP)),
    "et": ("WPS表格", "application/vnd.ms-excel", _starts(*_OLE, *_ZIP)),
    "txt": ("文本", "text/plain; charset=utf-8", _text),
    "csv": ("文本", "text/csv; charset=utf-8", _text),
    "zip": ("ZIP压缩包", "application/zip", _starts(*_ZIP, b"PK\x05\x06")),  # PK\x05\x06: an empty archive
}
ALLOWED = "PDF、OFD、图片（JPG、PNG）、Word、Excel、PowerPoint、WPS文档、文本（TXT、CSV）或ZIP压缩包"

EMPTY = "佐证材料“{name}”是空文件（0字节），请选择有内容的文件"
KIND = "佐证材料“{name}”的类型不支持：可上传" + ALLOWED
MISMATCH = "佐证材料“{name}”的内容不是{kind}文件（扩展名与内容不符），请核对后重新上传"


def extension(name: str) -> str:
    """The lower-case extension of a file name, '' without one."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[1].lower() if "." in base else ""


def evidence_problem(name: str, head: bytes, size: int) -> str | None:
    """Why a file (its name, first HEAD bytes and size) is not evidence, in Chinese; None when it is."""
    shown = name.replace("\\", "/").rsplit("/", 1)[-1] or "（无文件名）"
    if size <= 0 or not head:
        return EMPTY.format(name=shown)
    kind = KINDS.get(extension(name))
    if kind is None:
        return KIND.format(name=shown)
    label, _, fits = kind
    if not fits(head):
        return MISMATCH.format(name=shown, kind=label)
    return None


def file_problem(file, name: str | None = None) -> str | None:
    """`evidence_problem` of an open file-like upload (its first bytes read, then rewound)."""
    name = name if name is not None else (getattr(file, "name", "") or "")
    file.seek(0)
    head = file.read(HEAD)
    file.seek(0)
    size = getattr(file, "size", None)
    return evidence_problem(name, head, len(head) if size is None else size)


def content_type(name: str) -> str:
    """The content type a stored evidence file is served with: its kind's, or a plain download."""
    kind = KINDS.get(extension(name))
    return kind[1] if kind else "application/octet-stream"
