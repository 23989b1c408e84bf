"""`corridor indicators rebuild [--table NAME ...]`: recompute the summary tables from the records (set-based).
`corridor indicators share`: send the published tables to every peer that agreed to receive indicators.aggregate."""

from django.core.management.base import BaseCommand

from corridor.indicators import services
from corridor.indicators.tables import TABLES


class Command(BaseCommand):
    help = "Statistics: rebuild the summary tables from the records, or share the published tables with peers."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        rebuild = sub.add_parser("rebuild", help="Recompute every summary table (or those named) from the records.")
        rebuild.add_argument("--table", action="append", choices=sorted(TABLES), default=None)
        sub.add_parser("share", help="Send the published (suppressed) tables to the peers that agreed to them.")

    def handle(self, *args, operation, **options):
        if operation == "rebuild":
            counts = services.indicators_rebuild(acting_user=None, tables=options["table"])
            for name, cells in counts.items():
                self.stdout.write(f"{name}: {cells} cell(s)")
        else:
            self.stdout.write(f"tables queued for {services.aggregates_share(acting_user=None)} peer(s).")
