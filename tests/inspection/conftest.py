"""Fixtures for inspection: a Saudi (destination) node."""

import pytest


@pytest.fixture(autouse=True)
def destination_node(settings):
    settings.CORRIDOR_COUNTRY = "SA"
