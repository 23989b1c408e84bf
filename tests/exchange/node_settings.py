"""Settings for node processes started by the two-node tests and the benchmark: a node plus the test-only handler app."""

from corridor.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.exchange.nodeapp"]  # noqa: F405

# The nodes' commands (hundreds a run) skip Django's system checks, which import the whole URL configuration and API
# (about 1.5 s of CPU a command); the suite runs the checks once itself (tests/core/test_system_checks.py).
from django.core.management.base import BaseCommand  # noqa: E402

BaseCommand.requires_system_checks = []
