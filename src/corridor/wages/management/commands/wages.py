"""`corridor wages import FILE [--format sif|csv] [--employer ID --period YYYY-MM]`, `corridor wages close YYYY-MM`,
`corridor wages settle-due [--on YYYY-MM-DD]` and `corridor wages defaults [--on YYYY-MM-DD]` (both run daily).

Exit status of import: 0 imported (or already imported: nothing changed), 2 refused (every problem is printed by
line and field; nothing is stored).
"""

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from corridor.core.errors import CorridorError
from corridor.core.tasks import schedule_again
from corridor.wages import parsing, services
from corridor.wages.tasks import wages_daily


class Command(BaseCommand):
    help = "Import a month's salary file (WPS SIF or Corridor CSV); record months with no payment."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import FILE; exit 2 if it is refused (nothing stored).")
        imp.add_argument("file")
        imp.add_argument("--format", choices=parsing.FORMATS, default="")
        imp.add_argument("--employer", default="", help="employer ID, for a SIF without its SCR control record")
        imp.add_argument("--period", default="", help="salary month YYYY-MM, for a SIF without its SCR control record")
        close = sub.add_parser("close", help="Record every arrived worker with no payment in the month YYYY-MM.")
        close.add_argument("period")
        due = sub.add_parser("settle-due", help="Settle every contract whose term has ended; open the case of every "
                                                "settlement unpaid after the law's time to pay.")
        due.add_argument("--on", default="", help="as on this day (YYYY-MM-DD; default today)")
        due.add_argument("--schedule", type=int, default=0, metavar="SECONDS",
                         help="also queue the daily task (settle-due and defaults) to run every SECONDS (e.g. 86400)")
        defaults = sub.add_parser("defaults", help="Move arrears unpaid by the deadline down the chain of liability.")
        defaults.add_argument("--on", default="", help="as on this day (YYYY-MM-DD; default today)")

    def _day(self, text: str) -> dt.date:
        if not text:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError("The day is written YYYY-MM-DD.") from None

    def handle(self, *args, **options):
        if options["action"] == "settle-due":
            due = services.settlements_due(acting_user=None, on=self._day(options["on"]))
            self.stdout.write(f"{len(due.computed)} settlement(s) computed at the end of the contract, "
                              f"{len(due.overdue)} overdue turned into the worker's case.")
            for arrival_id, code in due.skipped:
                self.stdout.write(f"  arrival {arrival_id}: not computed ({code}); settle it by hand")
            if options["schedule"]:
                queued = schedule_again(wages_daily, options["schedule"])
                self.stdout.write("periodic task queued." if queued else "this task backend cannot defer tasks.")
            return
        if options["action"] == "defaults":
            steps = services.arrears_defaults_process(acting_user=None, on=self._day(options["on"]))
            for step in steps:
                self.stdout.write(f"  {step.employer_ref}: {step.party or '-'} -> {step.next_party or '-'} "
                                  f"({step.total} {step.currency})")
            self.stdout.write(f"{len(steps)} step(s) down the chain of liability.")
            return
        if options["action"] == "close":
            period = parsing.month_of(options["period"])
            if period is None:
                raise CommandError("The month is written YYYY-MM.")
            made = services.wages_month_close(acting_user=None, period=period)
            self.stdout.write(f"{len(made)} month(s) with no payment recorded for {period:%Y-%m}.")
            return
        period = None
        if options["period"]:
            period = parsing.month_of(options["period"])
            if period is None:
                raise CommandError("The month is written YYYY-MM.")
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read(parsing.MAX_BYTES + 1)
        except OSError as exc:
            self.stderr.write(f"{options['file']}: {exc.strerror}")
            sys.exit(2)
        try:
            result = services.salary_file_import(acting_user=None, data=data, format=options["format"],
                                                 filename=options["file"], employer_ref=options["employer"], period=period)
        except CorridorError as exc:
            self.stderr.write(f"{options['file']}: {exc.message}")
            for where, problems in exc.fields.items():
                for problem in problems:
                    self.stderr.write(f"  {where}: {problem}")
            sys.exit(2)
        f = result.file
        if not result.created:
            self.stdout.write(f"Already imported (file {f.pk}, {f.employer_ref} {f.period:%Y-%m}); nothing changed.")
            return
        matched = f.lines.filter(arrival__isnull=False).count()
        self.stdout.write(f"Imported file {f.pk}: employer {f.employer_ref}, {f.period:%Y-%m}, {f.line_count} line(s), "
                          f"{matched} matched to arrivals, total {f.total} {f.currency}"
                          + (f"; supersedes file {result.superseded.pk}" if result.superseded else "")
                          + ("" if f.control_record else "; no control record: counts and totals not checked") + ".")
