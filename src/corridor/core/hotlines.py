"""Hotlines and emergency numbers, from the curated, sourced data file `data/hotlines.toml`."""

import tomllib
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "hotlines.toml"
# The order in which kinds of contact are shown to a worker: help for migrants first.
KIND_ORDER = ["emergency", "migrant_workers", "trafficking", "labour_ministry", "embassy_hotline", "police", "ambulance", "women_children"]


@cache
def _contacts() -> tuple[dict, ...]:
    try:
        with DATA.open("rb") as handle:
            return tuple(tomllib.load(handle).get("contacts", []))
    except FileNotFoundError:
        return ()


def for_country(country: str) -> list[dict]:
    contacts = [c for c in _contacts() if c.get("country") == country]
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(contacts, key=lambda c: order.get(c.get("kind"), len(order)))
