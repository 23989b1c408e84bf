"""`corridor lifecycle verify`: every record whose stored status disagrees with its event log; `table` prints them."""

from django.core.management.base import BaseCommand, CommandError

from corridor.core import lifecycle


class Command(BaseCommand):
    help = "Lifecycle tools: check stored statuses against the event logs, print the action-by-status tables."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Report every record whose status disagrees with its last event.")
        verify.add_argument("--lifecycle", dest="name", help="Only this lifecycle (e.g. licence, case).")
        sub.add_parser("table", help="Print every declared lifecycle's action-by-status table.")

    def handle(self, *args, action, **options):
        specs = lifecycle.registered()
        if action == "table":
            for spec in specs:
                self.stdout.write(f"{spec.name} ({spec.model})")
                creating = sorted(name for name, act in spec.actions.items() if act.creates)
                if creating:
                    self.stdout.write(f"  created by: {', '.join(creating)}")
                for status, actions in spec.table().items():
                    self.stdout.write(f"  {status}: {', '.join(sorted(actions)) or '(terminal)'}")
            return
        name = options.get("name")
        if name:
            specs = [s for s in specs if s.name == name]
            if not specs:
                raise CommandError(f"No lifecycle named {name!r} (known: {', '.join(s.name for s in lifecycle.registered())}).")
        found = []
        for spec in specs:
            found += lifecycle.verify(spec)
        for item in found:
            self.stdout.write(str(item))
        if found:
            raise CommandError(f"{len(found)} record(s) disagree with their event log.")
        self.stdout.write(f"OK: {len(specs)} lifecycle(s), every status agrees with its event log.")
