"""`corridor events sweep`: dispatch the domain events a crash or a failed subscriber left undone."""

from django.core.management.base import BaseCommand

from corridor.core import events


class Command(BaseCommand):
    help = "Domain events: `sweep` dispatches the pending ones that are due; `pending` counts them."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sweep", "pending"])

    def handle(self, *args, action, **options):
        if action == "sweep":
            done = events.sweep()
            self.stdout.write(f"Dispatched {done} event(s); {events.pending_count()} still pending.")
        else:
            self.stdout.write(str(events.pending_count()))
