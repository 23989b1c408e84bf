"""`corridor worker`: run background tasks (message delivery, imports, scheduled checks) from the database queue."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run the tasks that are due, then exit.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, batch, interval, **options):
        kwargs = {"interval": interval}
        if batch:
            kwargs.update(batch=True, no_startup_delay=True)
        call_command("db_worker", **kwargs)
