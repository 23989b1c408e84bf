"""`corridor screen FILE.csv`: screen every name in a file against the active watchlists; a CSV report."""

import csv
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from corridor.core import csvsafe
from corridor.registry import screening
from corridor.registry.models import WatchlistEntry, active_watchlist_q


class Command(BaseCommand):
    help = ("Screen the names of a CSV file (column name; optional country, registration_number, date_of_birth) "
            "against the active watchlists. Writes one report line per possible match.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--output", help="Report file (default: standard output).")
        parser.add_argument("--processes", type=int, default=2, help="Worker processes (default 2).")
        parser.add_argument("--threshold", type=float, default=screening.REVIEW_THRESHOLD)

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                if "name" not in (reader.fieldnames or []):
                    raise CommandError("the file needs a 'name' column")
                total = sum(1 for _row in reader)  # for the progress bar; the rows are then read again as a stream
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        entries = [screening.entry_facts(e) for e in WatchlistEntry.objects.filter(active_watchlist_q()).iterator(chunk_size=5000)]
        index = screening.MemoryIndex(entries)  # loaded once, before the worker processes fork
        self.stderr.write(f"Screening {total} names against {len(entries)} active watchlist entries…")
        out = open(options["output"], "w", newline="", encoding="utf-8") if options.get("output") else self.stdout._out
        matched = certain = 0
        try:
            with open(path, newline="", encoding="utf-8-sig") as source, \
                    tqdm(total=total, unit="name", file=sys.stderr, disable=None) as bar:
                writer = csvsafe.writer(out)
                writer.writerow(["line", "name", "watchlist_entry", "watchlisted_name", "score", "certain", "reasons"])
                subjects = (self._subject(row) for row in csv.DictReader(source))
                results = screening.bulk_screen(subjects, index, processes=options["processes"], progress=bar.update,
                                                threshold=options["threshold"])
                for line, (subject, found) in enumerate(results, start=2):
                    for candidate in found:
                        writer.writerow([line, subject.name, candidate.entry_id, candidate.name, candidate.score,
                                         "yes" if candidate.certain else "no", "; ".join(candidate.reasons)])
                        matched += 1
                        certain += candidate.certain
        finally:
            if options.get("output"):
                out.close()
        self.stderr.write(f"{matched} possible matches, {certain} certain. Review the others; none is blocked by this report.")

    @staticmethod
    def _subject(row):
        dob = None
        if row.get("date_of_birth"):
            try:
                dob = date.fromisoformat(row["date_of_birth"].strip())
            except ValueError:
                dob = None
        return screening.Subject(name=row.get("name", ""), country=(row.get("country") or "").upper(),
                                       registration_number=row.get("registration_number") or "", date_of_birth=dob)
