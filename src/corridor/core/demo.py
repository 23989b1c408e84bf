"""Demo data: each app that has some adds it through its own `demo.load(ctx)`, in dependency order.

Everything made here is fictional and marked so on every page (CORRIDOR_DEMO).
"""

import importlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_PASSWORD = "corridor-demo-2026"
# Apps whose demo module exists, in the order their data depends on each other.
DEMO_APPS = ["accounts", "registry", "contracts", "clearance", "exchange", "cases", "wages", "welfare", "inspection",
             "orientation", "standards", "reintegration", "guidance", "voice", "indicators"]


@dataclass
class DemoContext:
    country: str
    password: str = DEMO_PASSWORD
    organisations: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    workers: list = field(default_factory=list)
    accounts: list = field(default_factory=list)  # (role label, username, note) to print
    extra: dict = field(default_factory=dict)


def load() -> DemoContext | None:
    """Load the demo data set once; None if it is there already."""
    if get_user_model().objects.filter(username="officer").exists():
        return None
    ctx = DemoContext(country=settings.CORRIDOR_COUNTRY)
    with transaction.atomic():
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"corridor.{app}.demo")
            except ModuleNotFoundError:
                continue
            module.load(ctx)
    return ctx
