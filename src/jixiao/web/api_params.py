"""Parameters every API router declares the same way."""

from ninja import Path


def ID(what: str = "编号"):  # noqa: N802 - reads as a type in the signatures
    """A numeric id in the path: positive and within a database key, described in Chinese."""
    return Path(..., ge=1, le=2**62, description=what)
