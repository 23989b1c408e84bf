"""Queue N `test.count` messages for a peer (test nodes only)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from corridor.exchange.services import message_send


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("peer")
        parser.add_argument("--run", required=True)
        parser.add_argument("--count", type=int, default=1)
        parser.add_argument("--ordering-key", default="")
        parser.add_argument("--per-transaction", type=int, default=1000)

    def handle(self, *args, peer, run, count, ordering_key, per_transaction, **options):
        for start in range(0, count, per_transaction):
            with transaction.atomic():
                for n in range(start, min(count, start + per_transaction)):
                    message_send(acting_user=None, peer=peer, kind="test.count", body={"run": run, "n": n},
                                 ordering_key=ordering_key or None)
