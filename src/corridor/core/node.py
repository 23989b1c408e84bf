"""This node's identity: the country it serves, its name and its public signing keys (and their rotation)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pycountry
from django.conf import settings
from django.dispatch import receiver
from django.test.signals import setting_changed

from corridor.core import crypto


@dataclass(frozen=True)
class NodeIdentity:
    country: str
    country_name: str
    name: str
    url: str


@cache
def identity() -> NodeIdentity:
    country = pycountry.countries.get(alpha_2=settings.CORRIDOR_COUNTRY)
    if country is None:
        raise ValueError(f"CORRIDOR_COUNTRY={settings.CORRIDOR_COUNTRY!r} is not an ISO 3166-1 alpha-2 code.")
    name = settings.CORRIDOR_NODE_NAME or f"Corridor {country.name}"
    return NodeIdentity(country=country.alpha_2, country_name=country.name, name=name, url=settings.CORRIDOR_NODE_URL)


@receiver(setting_changed)
def _forget_identity(*, setting: str, **_kwargs) -> None:
    """A changed setting (a test's override) is this node's identity from then on, not the one first read."""
    if setting in {"CORRIDOR_COUNTRY", "CORRIDOR_NODE_NAME", "CORRIDOR_NODE_URL"}:
        identity.cache_clear()


# The node document's format (spec/exchange/v1/README.md, "The node document").
DOCUMENT_VERSION = 1

# Sections other layers add to the document (the exchange adds "exchange"): core cannot import them, they register here.
_sections: dict[str, Callable[[], dict]] = {}


def register_document_section(name: str, build: Callable[[], dict]) -> None:
    """Add a top-level member to the public document, built each time it is served (from an AppConfig.ready())."""
    if name in {"v", "node", "keys"}:
        raise ValueError(f"{name!r} is a member of the node document itself.")
    _sections[name] = build


def public_document() -> dict:
    """What /.well-known/corridor-node.json publishes, so that peers and verifiers can check signatures."""
    me = identity()
    document = {
        "v": DOCUMENT_VERSION,
        "node": {"country": me.country, "name": me.name, "url": me.url},
        "keys": crypto.node_public_jwks(),
    }
    for name, build in sorted(_sections.items()):
        document[name] = build()
    return document

