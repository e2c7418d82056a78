"""Errors a person can cause on the finance desk: messages as constants that tests import."""

from __future__ import annotations

NOT_FINANCE_MESSAGE = "财政审核台只对财政审核人员和管理员开放"
EXPORT_TOO_LARGE_MESSAGE = "筛选出的项目有{count}个，超过导出上限{limit}个，请按单位或状态缩小范围后再导出"
