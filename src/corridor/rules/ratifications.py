"""Whether an ILO convention binds a country on a date: bound, not_bound or unknown (see ratifications.toml)."""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from importlib import resources

BOUND, NOT_BOUND, UNKNOWN = "bound", "not_bound", "unknown"


@functools.cache
def _table() -> dict:
    return tomllib.loads(resources.files("corridor.rules").joinpath("ratifications.toml").read_text("utf-8"))


def status(convention: str, country: str, on: dt.date) -> str:
    entry = _table().get(convention)
    if entry is None:
        return UNKNOWN
    for row in entry["bound"]:
        if row["country"] != country:
            continue
        if "in_force" in row:
            return BOUND if on >= dt.date.fromisoformat(row["in_force"]) else NOT_BOUND
        year = int(row["year"])
        return BOUND if on.year > year else (UNKNOWN if on.year == year else NOT_BOUND)
    return NOT_BOUND if entry["coverage"] == "fundamental" else UNKNOWN


def binding(convention: str, bound_by: str, origin: str, destination: str, on: dt.date) -> tuple[bool, str]:
    """(binding?, the weakest status that decided it) for the states that `bound_by` names."""
    states = {"destination": (destination,), "origin": (origin,), "either": (origin, destination)}[bound_by]
    found = [status(convention, state, on) for state in states]
    if BOUND in found:
        return True, BOUND
    return False, UNKNOWN if UNKNOWN in found else NOT_BOUND
