"""绩效目标审核: a registry of rules that judge a goal document, and the grade they propose."""

from .engine import Review, review_document
from .registry import RULES, Finding

__all__ = ["RULES", "Finding", "Review", "review_document"]
