"""Fixtures for inspection: a Saudi (destination) node."""

import pytest

from corridor.core import node


@pytest.fixture(autouse=True)
def destination_node(settings):
    """The node identity is cached: clear it around each test so that the country set here (or by a test) holds,
    and the next module finds its own."""
    settings.CORRIDOR_COUNTRY = "SA"
    node.identity.cache_clear()
    yield
    node.identity.cache_clear()
