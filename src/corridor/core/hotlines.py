"""Hotlines and emergency numbers, from the curated, sourced data file `data/hotlines.toml`."""

import tomllib
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data" / "hotlines.toml"
# The order in which kinds of contact are shown to a worker: help for migrants first.
KIND_LABELS = {
    "emergency": _("Emergency"), "migrant_workers": _("Help for migrant workers"),
    "trafficking": _("Human trafficking hotline"), "labour_ministry": _("Labour ministry"),
    "embassy_hotline": _("Embassy hotline"), "police": _("Police"), "ambulance": _("Ambulance"),
    "women_children": _("Help for women and children"),
}
KIND_ORDER = ["emergency", "migrant_workers", "trafficking", "labour_ministry", "embassy_hotline", "police", "ambulance", "women_children"]


@cache
def _contacts() -> tuple[dict, ...]:
    try:
        with DATA.open("rb") as handle:
            return tuple(tomllib.load(handle).get("contacts", []))
    except FileNotFoundError:
        return ()


def _tel(number: str) -> str:
    """A tel: target: the digits, with the leading + of the international form kept."""
    return ("+" if number.strip().startswith("+") else "") + "".join(ch for ch in number if ch.isdigit())


def for_country(country: str) -> list[dict]:
    """The country's contacts, help for migrants first, each with a translated `label` for its kind (the `name`
    stays the agency's official name, in English in the data) and `tel` / `tel_international` link targets."""
    contacts = [c for c in _contacts() if c.get("country") == country]
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    shown = []
    for contact in sorted(contacts, key=lambda c: order.get(c.get("kind"), len(order))):
        shown.append({**contact, "label": KIND_LABELS.get(contact.get("kind"), _("Help line")),
                      "tel": _tel(contact["phone"]),
                      "tel_international": _tel(contact["international"]) if contact.get("international") else "",
                      "always_open": contact.get("hours") == "24/7"})
    return shown
