"""Django's system checks pass on the node's settings, warnings included (the two-node tests' node commands skip them:
tests/exchange/node_settings.py)."""

from django.core.management import call_command


def test_the_system_checks_pass():
    call_command("check", fail_level="WARNING")
