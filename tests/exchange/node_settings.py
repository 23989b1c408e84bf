"""Settings for node processes started by the two-node tests and the benchmark: a node plus the test-only handler app."""

from corridor.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.exchange.nodeapp"]  # noqa: F405
