"""`corridor cases escalate`: escalate every case past its time limit (run it from cron, or --schedule it)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Case operations: `escalate` sends every case past its stage's time limit to its supervisor."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        escalate = sub.add_parser("escalate", help="Escalate overdue cases now.")
        escalate.add_argument("--schedule", type=int, default=0, metavar="SECONDS",
                              help="Also queue the periodic task to repeat every SECONDS (needs `corridor worker`).")

    def handle(self, *args, operation, **options):
        from corridor.cases.services import case_escalate_overdue
        from corridor.cases.tasks import schedule_escalation

        if operation == "escalate":
            cases = case_escalate_overdue()
            for case in cases:
                self.stdout.write(f"escalated {case.reference} ({case.status}, due {case.stage_due_at:%Y-%m-%d %H:%M} UTC)")
            self.stdout.write(f"{len(cases)} case(s) escalated.")
            if options["schedule"]:
                result = schedule_escalation(options["schedule"])
                self.stdout.write("periodic escalation queued." if result else "this task backend cannot defer tasks.")
