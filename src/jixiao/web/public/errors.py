"""Messages of the public pages."""

RESULTS_NOT_PUBLISHED_MESSAGE = "{plan}的自评结果尚未公开"
