"""`corridor exchange deliver`: send the outbox to peers (once, or continuously as a delivery daemon)."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from corridor.exchange import services


class Command(BaseCommand):
    help = "Deliver the outbox to peers."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        deliver = sub.add_parser("deliver", help="Send every due message; with --once, exit when nothing is due.")
        deliver.add_argument("--once", action="store_true")
        deliver.add_argument("--now", action="store_true", help="first make messages waiting for a retry due now")
        deliver.add_argument("--peer", default=None, help="only this peer (country code)")
        deliver.add_argument("--batch-size", type=int, default=None)
        deliver.add_argument("--interval", type=float, default=1.0, help="seconds between polls when nothing is due")

    def handle(self, *args, action, once, now, peer, batch_size, interval, **options):
        if now:
            self.stdout.write(f"{services.outbox_retry_now(peer=peer)} message(s) made due now.")
        while True:
            report = services.outbox_deliver(peer=peer, batch_size=batch_size)
            if report.attempted or once:
                self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} attempted {report.attempted}: accepted {report.accepted}, "
                                  f"rejected {report.rejected}, retrying {report.retrying} ({report.requests} requests)")
                for error in sorted(set(report.errors))[:5]:
                    self.stdout.write(f"  {error}")
            if once:
                return
            if not report.attempted:
                time.sleep(interval)
