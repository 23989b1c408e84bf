"""A test-only app for node processes: a `test.count` kind whose handler records each application in the audit trail."""

from django.apps import AppConfig


def count(peer, body):
    from corridor.core import audit

    audit.record(actor=None, action="test.applied", object_id=f"{body.get('run', '')}:{body.get('n', '')}")


class NodeAppConfig(AppConfig):
    name = "tests.exchange.nodeapp"
    label = "exchange_test_node"

    def ready(self):
        from corridor.exchange.handlers import register_handler

        register_handler("test.count", count)
