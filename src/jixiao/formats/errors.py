"""What a file can be refused for, and the problems found while reading it: stable codes
and Chinese messages, constants that tests import (templates filled with `str.format`).

A file that cannot be read at all, or not in the shape its format requires, is a
`ReadError` (defined in `core.problems`, re-exported here): exit status 2 when unreadable,
1 when readable but wrong. What is wrong inside a goal document that could still be read
is a `Problem` with one of the codes below, listed beside the document.

>>> error = ReadError(EMPTY_FILE, EMPTY_FILE_MESSAGE, "目标.txt")
>>> str(error), error.exit_code
('目标.txt：文件是空的', 2)
>>> BAD_WEIGHT_MESSAGE.format(text="三十")
'权重“三十”不是数字'
"""

from __future__ import annotations

from ..core.problems import ReadError as ReadError  # re-exported: raise ReadError(CODE, CODE_MESSAGE, place)

# ---------------------------------------------------------------- the file itself (exit 2)

NOT_FOUND, NOT_FOUND_MESSAGE = "not_found", "文件不存在"
IS_DIRECTORY, IS_DIRECTORY_MESSAGE = "is_directory", "这是一个文件夹，不是文件"
UNREADABLE, UNREADABLE_MESSAGE = "unreadable", "无法读取文件"
UNREADABLE_REASON_MESSAGE = "无法读取文件：{reason}"  # the system's reason (strerror)
MISSING_FILE_MESSAGE = "文件不存在"  # code UNREADABLE, from the readers of records and registers

# ---------------------------------------------------------------- text and its encoding (exit 2)

EMPTY_FILE, EMPTY_FILE_MESSAGE = "empty_file", "文件是空的"
NOT_TEXT, NOT_TEXT_MESSAGE = "not_text", "这是Word或Excel文件而不是文本文件，请使用.docx或.xlsx扩展名"
BINARY_FILE, BINARY_FILE_MESSAGE = "binary_file", "这不是文本文件（含有二进制内容）"
UNKNOWN_ENCODING, UNKNOWN_ENCODING_MESSAGE = "unknown_encoding", "无法识别文件的字符编码，请另存为UTF-8或GB18030编码"

# ---------------------------------------------------------------- Word, Excel, PDF, old Office (exit 2)

BAD_DOCX, BAD_DOCX_MESSAGE = "bad_docx", "Word文件已损坏或不完整，无法打开"
BAD_XLSX, BAD_XLSX_MESSAGE = "bad_xlsx", "Excel文件已损坏或不完整，无法打开"
BAD_PDF = "bad_pdf"
NOT_PDF_MESSAGE = "不是有效的PDF文件"
PDF_TIMEOUT_MESSAGE = "PDF文件过大或结构异常，{seconds}秒内未能读出文字"
PDF_BROKEN_MESSAGE = "PDF文件已损坏或已加密，无法读出文字"
NO_PDFTOTEXT, NO_PDFTOTEXT_MESSAGE = "no_pdftotext", "读取PDF需要pdftotext（Debian软件包poppler-utils），本机未安装"
PDF_NO_TEXT, PDF_NO_TEXT_MESSAGE = "pdf_no_text", "PDF中没有可读的文字（可能是扫描件），请提供Word、Excel或可复制文字的PDF"
OLD_OFFICE = "old_office"
NO_LIBREOFFICE_MESSAGE = ("读取旧版文件需要LibreOffice（Debian软件包libreoffice-writer-nogui、"
                          "libreoffice-calc-nogui），本机未安装；也可在Office或WPS中另存为.{to}")
OLD_OFFICE_TIMEOUT_MESSAGE = "旧版文件未能在限定时间内转换，请另存为.{to}后再导入"
OLD_OFFICE_BROKEN_MESSAGE = "{suffix}文件已损坏或无法识别，请在Office或WPS中打开后另存为.{to}"

# ---------------------------------------------------------------- limits (formats/limits.py; exit 2)

FILE_TOO_LARGE, FILE_TOO_LARGE_MESSAGE = "file_too_large", "文件大小为{size}，超过{kind}文件的上限{limit}"
PDF_TEXT_TOO_LARGE_MESSAGE = "PDF中的文字超过上限{limit}"  # code FILE_TOO_LARGE
ZIP_TOO_LARGE, ZIP_TOO_LARGE_MESSAGE = "zip_too_large", "解压后共{size}，超过上限{limit}（可能是压缩炸弹）"
ZIP_PART_MESSAGE = "其中“{part}”解压后为{size}，超过上限{limit}"
ZIP_RATIO_MESSAGE = "其中“{part}”的压缩比为{ratio}:1，超过上限{limit}:1（可能是压缩炸弹）"
ZIP_PARTS_MESSAGE = "含有{count}个部件，超过上限{limit}个"
XML_DTD, XML_DTD_MESSAGE = "xml_dtd", "其中“{part}”含有DTD或实体声明（Word和Excel文件不会有，可能是实体膨胀攻击）"
SHEET_TOO_LARGE = "sheet_too_large"
SHEET_TOO_LARGE_MESSAGE = "工作表“{sheet}”使用范围{at_least}为{rows}行×{columns}列，超过上限{max_rows}行×{max_columns}列"
SHEET_CELLS_MESSAGE = "工作表“{sheet}”使用范围{at_least}为{rows}行×{columns}列，连同其他工作表或合并单元格共{cells}个单元格，超过上限{limit}个"
TOO_MANY_ROWS, TOO_MANY_ROWS_MESSAGE = "too_many_rows", "行数超过上限{limit}行"
TABLE_TOO_LARGE = "table_too_large"
HTML_TABLE_TOO_LARGE_MESSAGE = "网页中的第{number}个表格展开合并单元格后，连同之前的表格超过上限{limit}个单元格"
BAD_CSV, BAD_CSV_MESSAGE = "bad_csv", "第{row}行无法读取：有一格超过131072个字符（或引号不成对，把其后的行都算进了一格）"
JSON_TOO_DEEP, JSON_DEPTH_MESSAGE = "json_too_deep", "JSON嵌套超过上限{limit}层"

# ---------------------------------------------------------------- jixiao/1 JSON

BAD_JSON = "bad_json"  # exit 2
JSON_NOT_UTF8_MESSAGE = "JSON文件必须是UTF-8编码"
JSON_SYNTAX_MESSAGE = "JSON格式错误：第{line}行第{column}列"
SCHEMA, SCHEMA_MESSAGE = "schema", "不符合jixiao/1格式：{where}：{reason}"  # exit 1

# ---------------------------------------------------------------- tables of records (exit 1)

MISSING_COLUMN = "missing_column"
MISSING_COLUMNS_MESSAGE = "第1行缺少{names}列"  # records: each name as “project”（项目编码）
MISSING_COLUMN_MESSAGE = "第1行缺少“{column}”列"  # the bank's return file
BAD_VALUE = "bad_value"
BAD_VALUE_PLACE = "{name}：第{row}行“{column}”列"
EMPTY_PROJECT_MESSAGE = "项目编码为空（没有编码的项目填项目名称）"
BAD_DATE_MESSAGE = "日期“{text}”无法识别，应如2021-07-31"
BAD_AMOUNT_MESSAGE = "金额“{text}”不是数字"
BAD_SHARE_MESSAGE = "得分比例“{text}”不是数字"
BAD_ROW, BAD_ROW_MESSAGE = BAD_VALUE, "第{row}行的金额或日期无法识别"  # the bank's return file
EMPTY_ID_MESSAGE = "身份证号为空"  # a row of the bank's return file

# ---------------------------------------------------------------- problems inside a goal document

TABLE_CUT_OFF, TABLE_CUT_OFF_MESSAGE = "table_cut_off", "有标题“{title}”，其后却没有这个项目的绩效目标表（文件可能不完整）"
MISSING_UNIT, MISSING_UNIT_MESSAGE = "missing_unit", "没有找到单位：应有“预算单位”“单位名称”“编制单位”“实施单位”或“主管部门”一栏，或一行写明单位编码和名称（如“711001昌黎县总工会本级”）"
MISSING_UNIT_CODE, MISSING_UNIT_CODE_MESSAGE = "missing_unit_code", "没有找到单位编码"
MISSING_YEAR, MISSING_YEAR_MESSAGE = "missing_year", "没有找到预算年度（如标题中的“2021年”）"
BAD_AMOUNT, BAD_AMOUNT_PROBLEM_MESSAGE = "bad_amount", "{label}“{text}”不是数字"  # 预算数, 财政资金 …
BAD_PLAN, BAD_PLAN_MESSAGE = "bad_plan", "{month}月底资金支出计划“{text}”不是百分数"
BAD_WEIGHT, BAD_WEIGHT_MESSAGE = "bad_weight", "权重“{text}”不是数字"
MISSING_AMOUNT, MISSING_AMOUNT_MESSAGE = "missing_amount", "没有找到{name}"
MISSING_PROJECT_CODE, MISSING_PROJECT_CODE_MESSAGE = "missing_project_code", "没有找到项目编码"
