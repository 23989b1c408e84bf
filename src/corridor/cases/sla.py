"""Time limits per stage, read from data/stage_limits.toml."""

import tomllib
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "stage_limits.toml"


@cache
def limits() -> dict[str, dict[str, int]]:
    with DATA.open("rb") as handle:
        return tomllib.load(handle)["limits"]


def limit_for(status: str, *, urgent: bool) -> timedelta | None:
    entry = limits().get(status)
    if entry is None:
        return None
    return timedelta(hours=entry["urgent" if urgent else "normal"])


def due_at(status: str, *, urgent: bool, since: datetime) -> datetime | None:
    limit = limit_for(status, urgent=urgent)
    return since + limit if limit else None
