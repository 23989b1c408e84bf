"""`corridor guidance load-remittance-costs [FILE]`: load the World Bank's corridor remittance costs.

Without FILE, the copy shipped with Corridor (guidance/data/, see PROVENANCE.md). Exit status: 0 loaded (or this very
file loaded before: nothing changed), 2 refused (every problem listed by line; nothing changed)."""

import sys

from django.core.management.base import BaseCommand

from corridor.core.errors import CorridorError
from corridor.guidance import remittance, services


class Command(BaseCommand):
    help = "Guidance data: load the cost of sending money home per corridor and quarter."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-remittance-costs",
                              help="Load a Remittance Prices Worldwide corridor file (default: the shipped one); exit 2 if refused.")
        load.add_argument("file", nargs="?", default=str(remittance.BUNDLED))

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, "rb") as handle:
                data = handle.read(remittance.MAX_BYTES + 1)
        except OSError as exc:
            self.stderr.write(f"{path}: {exc.strerror}")
            sys.exit(2)
        try:
            result = services.remittance_costs_load(acting_user=None, data=data, filename=path)
        except CorridorError as exc:
            self.stderr.write(f"{path}: {exc.message}")
            for problems in exc.fields.values():
                for problem in problems:
                    self.stderr.write(f"  {problem}")
            sys.exit(2)
        self.stdout.write(result.summary)
