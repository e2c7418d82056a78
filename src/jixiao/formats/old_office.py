"""Word 97–2003 (.doc), WPS (.wps), Excel 97–2003 (.xls) and WPS表格 (.et) files,
which many units still keep: LibreOffice converts them to .docx or .xlsx, which
the readers read. Places are then those of the converted file's tables and cells."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ..core.document import GoalDocument
from ..core.problems import Problem, ReadError
from .docx_reader import read_docx
from .xlsx_reader import read_xlsx

TARGETS = {".doc": "docx", ".wps": "docx", ".xls": "xlsx", ".et": "xlsx"}


def read_old_office(data: bytes, name: str) -> tuple[GoalDocument, list[Problem]]:
    suffix = Path(name).suffix.lower()
    to = TARGETS[suffix]
    with tempfile.TemporaryDirectory(prefix="jixiao-office-") as work:
        source = Path(work) / f"document{suffix}"
        source.write_bytes(data)
        try:  # a profile of its own, so that a user's open LibreOffice does not take the job
            subprocess.run(["soffice", f"-env:UserInstallation={(Path(work) / 'profile').as_uri()}", "--headless",
                            "--convert-to", to, "--outdir", work, str(source)], capture_output=True, timeout=120)
        except FileNotFoundError as exc:
            raise ReadError("old_office", f"读取旧版{suffix}文件需要LibreOffice（Debian软件包libreoffice-writer-nogui），"
                            f"本机未安装；也可在Office或WPS中另存为.{to}", name) from exc
        except subprocess.TimeoutExpired as exc:
            raise ReadError("old_office", f"{suffix}文件两分钟内未能转换，请另存为.{to}后再导入", name) from exc
        converted = source.with_suffix(f".{to}")
        broken = ReadError("old_office", f"{suffix}文件已损坏或无法识别，请在Office或WPS中打开后另存为.{to}", name)
        if not converted.exists():
            raise broken
        doc, problems = (read_docx if to == "docx" else read_xlsx)(converted.read_bytes(), name)
    if not (doc.unit.code or doc.projects or doc.department):  # LibreOffice salvages a broken file as blank
        raise broken
    return doc, problems
