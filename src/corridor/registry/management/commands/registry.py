"""`corridor registry import FILE.csv --kind agencies|subagents|employers`, `corridor registry export --kind ...`,
and `corridor registry end-suspensions` (daily, from cron)."""

import csv
import sys
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from corridor.core import csvsafe
from corridor.registry import errors, transfer
from corridor.registry.services import licence_suspensions_end, registry_import_cleanup


class Command(BaseCommand):
    help = "Import an existing national registry from CSV (all or nothing), or export the registry to CSV."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import rows; nothing is written if any row is wrong.")
        imp.add_argument("file")
        imp.add_argument("--kind", required=True, choices=sorted(transfer.COLUMNS))
        imp.add_argument("--errors", help="Write the row-by-row error report to this CSV file (default: standard error).")
        exp = sub.add_parser("export", help="Write the registry as CSV, in the import's columns.")
        exp.add_argument("--kind", required=True, choices=sorted(transfer.COLUMNS))
        exp.add_argument("--output", help="File to write (default: standard output).")
        clean = sub.add_parser("import-cleanup", help="Delete the rows of failed or dead imports (never visible).")
        clean.add_argument("--stale-minutes", type=int, default=15,
                           help="An unpublished run with no batch written for this long is dead (default 15).")
        sub.add_parser("end-suspensions", help="Reinstate every licence whose suspension has reached its end date.")

    def handle(self, *args, **options):
        if options["action"] == "import":
            return self._import(options)
        if options["action"] == "import-cleanup":
            runs = registry_import_cleanup(stale_after=timedelta(minutes=options["stale_minutes"]))
            self.stdout.write(f"{len(runs)} unpublished import run(s) removed.")
            return None
        if options["action"] == "end-suspensions":
            ended = licence_suspensions_end()
            for licence in ended:
                self.stdout.write(f"reinstated {licence.number} (suspended until {licence.status_date:%Y-%m-%d})")
            self.stdout.write(f"{len(ended)} suspension(s) ended.")
            return None
        return self._export(options)

    def _import(self, options):
        try:
            rows = transfer.read_csv(options["file"])
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"cannot read {options['file']}: {exc}") from exc
        missing = set(transfer.REQUIRED[options["kind"]]) - set(rows[0].keys() if rows else [])
        if missing:
            raise CommandError(f"missing columns: {', '.join(sorted(missing))}")
        started = time.monotonic()
        bars = [tqdm(total=len(rows), unit="row", desc="checking", file=sys.stderr, disable=None)]

        def checked():
            bars[0].close()
            self.stderr.write(f"Checked {len(rows)} rows in {time.monotonic() - started:.1f} s; writing…")
            bars[0] = tqdm(total=len(rows), unit="row", desc="writing", file=sys.stderr, disable=None)

        try:
            count = transfer.import_rows(options["kind"], rows, progress=lambda n: bars[0].update(n), checked=checked)
        except errors.ImportFailed as exc:
            self._report(exc.errors, options.get("errors"))
            raise CommandError(f"{len(exc.errors)} problem(s) found; nothing was imported.") from exc
        finally:
            bars[0].close()
        self.stdout.write(f"Imported {count} {options['kind']} in {time.monotonic() - started:.1f} s.")

    def _report(self, problems, path):
        handle = open(path, "w", newline="", encoding="utf-8") if path else self.stderr._out
        try:
            writer = csvsafe.writer(handle)
            writer.writerow(["line", "column", "problem"])
            writer.writerows(problems)
        finally:
            if path:
                handle.close()

    def _export(self, options):
        handle = open(options["output"], "w", newline="", encoding="utf-8") if options.get("output") else self.stdout._out
        try:
            writer = csvsafe.dict_writer(handle, fieldnames=transfer.COLUMNS[options["kind"]])
            writer.writeheader()
            count = 0
            for row in transfer.export_rows(options["kind"]):
                writer.writerow(row)
                count += 1
        finally:
            if options.get("output"):
                handle.close()
        self.stderr.write(f"Exported {count} {options['kind']}.")
