"""The signed-in dashboard gathers links from every app that has a `dashboard.py` with `dashboard_items(user)`.

An app declares its links once, as data, and this module decides which a user sees:

    dashboard_items = dashboard.Links(
        dashboard.Link(_("Contracts"), "contracts:list", _("Registered contracts ..."), permission="contract.view"),
        ...
    )
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

from corridor.core.permissions import has_perm


@dataclass(frozen=True)
class Link:
    """One link: shown to a user who holds `permission` (None: everyone) and for whom `when(user)` holds."""

    title: str  # lazily translated
    url_name: str
    description: str
    permission: str | None = None
    when: Callable[[object], bool] | None = None

    def shown_to(self, user) -> bool:
        return ((self.permission is None or has_perm(user, self.permission))
                and (self.when is None or self.when(user)))


class Links:
    """An app's dashboard links, in order; called with a user, the ones that user sees (title, url, description)."""

    def __init__(self, *links: Link):
        self.links = links

    def __call__(self, user) -> list[dict]:
        return [{"title": str(link.title), "url": reverse(link.url_name), "description": str(link.description)}
                for link in self.links if link.shown_to(user)]


def items_for(user) -> list[dict]:
    items: list[dict] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("corridor.") or config.name == "corridor.core":
            continue
        if importlib.util.find_spec(f"{config.name}.dashboard") is None:
            continue
        items.extend(importlib.import_module(f"{config.name}.dashboard").dashboard_items(user))
    return items
