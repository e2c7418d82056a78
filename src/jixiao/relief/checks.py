"""劳模 and their yearly health checks (劳模体检)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

LEVELS = ("全国", "省部级", "市级")
DONE, NOT_DONE, DECLINED = "已检", "未检", "放弃"
CHECK_STATES = (DONE, NOT_DONE, DECLINED)


@dataclass
class ModelWorker:
    id_number: str
    name: str
    level: str
    year_honoured: int


@dataclass(frozen=True)
class HealthCheck:
    id_number: str
    year: int
    state: str = NOT_DONE
    on: date | None = None
    institution: str = ""
    cost: Decimal = Decimal(0)
    reason: str = ""  # why not checked or declined
    ref: str = ""


def due(workers: list[ModelWorker], levels: tuple[str, ...] = ("全国", "省部级")) -> list[ModelWorker]:
    """The model workers whose check the project pays for (the seed: 省部级 and above)."""
    return [w for w in workers if w.level in levels]
