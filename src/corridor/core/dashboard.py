"""The signed-in dashboard gathers links from every app that has a `dashboard.py` with `dashboard_items(user)`."""

import importlib
import importlib.util

from django.apps import apps


def items_for(user) -> list[dict]:
    items: list[dict] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("corridor.") or config.name == "corridor.core":
            continue
        if importlib.util.find_spec(f"{config.name}.dashboard") is None:
            continue
        items.extend(importlib.import_module(f"{config.name}.dashboard").dashboard_items(user))
    return items
