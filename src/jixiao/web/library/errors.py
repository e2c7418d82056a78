"""Errors a person can cause with the indicator library: messages as constants that tests import.
The error class is the domain's (core.indicator_library.LibraryError); its kind decides the status."""

from __future__ import annotations

MISSING = "指标库中没有这个指标"
CURATORS = "只有财政审核人员可以维护指标库"
NOT_APPROVED = "指标“{name}”所在的{plan}尚未批复：只有已批复计划的指标可以收入指标库"
ALREADY = "指标库已有“{name}”（{unit}）：{entry}，没有重复收录"
ALREADY_RETIRED = "指标“{name}”已停用"
NOT_RETIRED = "指标“{name}”未停用，无需恢复"
REASON = "请填写停用理由"
TOO_LONG = "{what}最多{limit}个字，填了{length}个，请精简后再提交"
STALE = "指标“{name}”已被他人修改，请刷新页面后重试"
NO_VERSION = "页面缺少版本号，请刷新页面后重试"
IMPORT_DUPLICATES = "{problems}。未导入任何指标"
IMPORT_DUPLICATE = "第{row}行：指标库已有“{name}”（{unit}）"
KIND = "共性/个性应为共性或个性"
