"""`corridor cases escalate`: escalate every case past its time limit (run it from cron, or --schedule it).
`corridor cases triage --text "..." | --batch FILE.jsonl`: screen narratives for forced labour; stores nothing."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from corridor.cases import triage
from corridor.cases.services import case_escalate_overdue
from corridor.cases.tasks import schedule_escalation


class Command(BaseCommand):
    help = ("Case operations: `escalate` sends every case past its stage's time limit to its supervisor; "
            "`triage` screens narratives against the ILO's forced-labour indicators (stores nothing).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        escalate = sub.add_parser("escalate", help="Escalate overdue cases now.")
        escalate.add_argument("--schedule", type=int, default=0, metavar="SECONDS",
                              help="Also queue the periodic task to repeat every SECONDS (needs `corridor worker`).")
        triage = sub.add_parser("triage", help="Screen narratives; writes one JSON object a line, stores nothing.")
        source = triage.add_mutually_exclusive_group(required=True)
        source.add_argument("--text", help="One narrative.")
        source.add_argument("--batch", metavar="FILE.jsonl",
                            help='One JSON object a line: {"text": ..., "language": ...} (language optional); - reads stdin.')
        triage.add_argument("--language", default="", help="The language of --text (detected when absent).")

    def execute(self, *args, **options):
        if options.get("operation") == "triage":
            # Screening reads no table and serves no page: the system checks, which load every page and API of the
            # node, would take longer than screening a thousand narratives.
            options["skip_checks"] = True
        return super().execute(*args, **options)

    def handle(self, *args, operation, **options):
        if operation == "triage":
            return self._triage(options)

        if operation == "escalate":
            cases = case_escalate_overdue()
            for case in cases:
                self.stdout.write(f"escalated {case.reference} ({case.status}, due {case.stage_due_at:%Y-%m-%d %H:%M} UTC)")
            self.stdout.write(f"{len(cases)} case(s) escalated.")
            if options["schedule"]:
                result = schedule_escalation(options["schedule"])
                self.stdout.write("periodic escalation queued." if result else "this task backend cannot defer tasks.")

    def _triage(self, options):
        if options["text"] is not None:
            language = options["language"] or ""
            if language and language not in triage.LANGUAGES:
                raise CommandError(f"--language must be one of {', '.join(triage.LANGUAGES)}", returncode=2)
            results = [triage.triage_text(options["text"], language)]
        else:
            path = options["batch"]
            try:
                if path == "-":
                    content = sys.stdin.read()
                else:
                    with open(path, encoding="utf-8") as handle:
                        content = handle.read()
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"cannot read {path}: {exc}", returncode=2) from None
            triage.preload()
            try:
                results = triage.triage_jsonl(content.splitlines())
            except ValueError as exc:
                raise CommandError(f"{path}: {exc}; nothing was written", returncode=2) from None
        # Every line is screened before the first is written: bad input writes nothing.
        self.stdout.write("\n".join(json.dumps(r, ensure_ascii=False) for r in results))
