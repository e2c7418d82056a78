"""Errors a person can cause with the rectification ledger: messages as constants that tests import.
The error class is the domain's (evaluation.rectification.RectificationError); its kind decides the status."""

from __future__ import annotations

MISSING = "没有这个整改事项，或你无权查看"
MISSING_EVIDENCE = "这个整改事项没有这份佐证材料"
MISSING_UNIT = "没有这个单位，或你无权查看"
ALREADY = "这个问题已列入整改台账（整改事项{id}：{problem}，{status}），没有重复列入"
STALE_KEPT = ("整改事项“{problem}”已被他人修改，未保存：你填写的内容仍在下面的表单中，页面上方是他人修改后的内容；"
              "核对后再保存")
STALE = "整改事项“{problem}”已被他人修改，请刷新页面后在最新内容上重新修改"
NO_VERSION = "页面缺少版本号，请刷新页面后重试"
REQUIRED = "请填写{field}"
TOO_LONG = "{field}不能超过{limit}字"
YEAR_RANGE = "年度{year}应在2000年至2100年之间"
DEADLINE = "整改期限“{text}”无法识别，应如2021-09-30"
DEADLINE_TOO_LATE = "整改期限{deadline:%Y-%m-%d}晚于2100年，请核对年份"
DEADLINE_BEFORE_YEAR = "整改期限{deadline:%Y-%m-%d}早于台账年度{year}年，请核对（应在{year}-01-01或之后）"
NO_FILE = "请选择佐证材料文件"
EVIDENCE_TOO_LARGE = "佐证材料不能超过20MB"
FOREIGN = "{what}不属于{unit}{year}年的绩效目标"
OUTSIDER = "你不属于该单位，不能处理它的整改事项"
