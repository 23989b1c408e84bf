"""Queue mixed traffic for a peer (test nodes only): several ordering keys interleaved with unordered messages.

Run `{run}-k{i}` holds key i's messages (ordering key `{run}-k{i}`), run `{run}-free` the unordered ones; bodies
count on from --start, so that waves of one soak continue each key's sequence.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from corridor.exchange.services import message_send


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("peer")
        parser.add_argument("--run", required=True)
        parser.add_argument("--keys", type=int, default=4)
        parser.add_argument("--per-key", type=int, default=10)
        parser.add_argument("--unordered", type=int, default=10)
        parser.add_argument("--start", type=int, default=0, help="the first n of each key in this wave")
        parser.add_argument("--start-unordered", type=int, default=0)
        parser.add_argument("--per-transaction", type=int, default=10)

    def handle(self, *args, peer, run, keys, per_key, unordered, start, start_unordered, per_transaction, **options):
        plan = []
        for j in range(max(per_key, unordered)):
            if j < per_key:
                plan += [(f"{run}-k{i}", f"{run}-k{i}", start + j) for i in range(keys)]
            if j < unordered:
                plan.append((f"{run}-free", "", start_unordered + j))
        for offset in range(0, len(plan), per_transaction):
            with transaction.atomic():
                for name, key, n in plan[offset:offset + per_transaction]:
                    message_send(acting_user=None, peer=peer, kind="test.count", body={"run": name, "n": n}, ordering_key=key or None)
