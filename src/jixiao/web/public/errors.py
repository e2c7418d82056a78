"""Messages of the public pages, and of correcting the published goals (更正)."""

from ...core.errors import JixiaoError

RESULTS_NOT_PUBLISHED_MESSAGE = "{plan}的自评结果尚未公开"

GOALS_NOT_PUBLISHED = "not_published"
GOALS_NOT_PUBLISHED_MESSAGE = "{plan}的绩效目标尚未公开（当前为“{state}”），不能更正；批复后请先公开"
GOALS_SAME = "same"
GOALS_SAME_MESSAGE = "{plan}已公开的绩效目标与现行目标一致，无需更正"
GOALS_CHANGED = "changed"
GOALS_CHANGED_MESSAGE = ("{plan}的绩效目标在你打开页面后有变化（有调整获批，或已有人发布了更正），没有更正；"
                         "请刷新页面，核对后再更正")
GOALS_REASON = "reason"
GOALS_REASON_MESSAGE = "更正已公开的绩效目标须写明更正原因（公开页面显示）"
MISSING_PUBLICATION = "missing"
MISSING_PUBLICATION_MESSAGE = "{unit}{year}年没有编号为{id}的公开版本"
GOALS_DIFFER = "已公开的目标与现行目标不一致，请发布更正"  # the plan page's warning
GOALS_PENDING = "公开后有经批准的目标调整，单位尚未发布更正；本页为{when}的版本"  # the public page's note


class PublicError(JixiaoError):
    """A refusal about what the public sees (a correction of the published goals)."""
