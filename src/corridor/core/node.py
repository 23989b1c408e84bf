"""This node's identity: the country it serves, its name and its public signing key."""

from dataclasses import dataclass
from functools import cache

import pycountry
from django.conf import settings

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


def public_document() -> dict:
    """What /.well-known/corridor-node.json publishes, so that peers and verifiers can check signatures."""
    me = identity()
    public = crypto.node_private_key().public_key()
    return {
        "node": {"country": me.country, "name": me.name, "url": me.url},
        "keys": [crypto.public_jwk(public)],
    }
