"""What the API says of a publication, the same for published goals and published results."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class PublicationOut(Schema):
    id: int
    published_at: str = Field(description="公开（或更正）的时间")
    published_by: str = Field(description="办理人的登录名")
    reason: str = Field(description="更正原因；首次公开为空")


def publication_out(p) -> dict:
    return {"id": p.pk, "published_at": p.created_at.isoformat(), "reason": p.reason,
            "published_by": p.created_by.username if p.created_by else ""}
