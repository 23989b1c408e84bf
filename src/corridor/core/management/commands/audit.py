"""`corridor audit verify`: walk the hash chain and report the first missing or altered entry."""

from django.core.management.base import BaseCommand, CommandError

from corridor.core import audit


class Command(BaseCommand):
    help = "Audit trail tools."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Verify the whole hash chain.")

    def handle(self, *args, action, **options):
        result = audit.verify()
        if result.ok:
            self.stdout.write(f"OK: {result.checked} entries, chain intact.")
            return
        raise CommandError(f"TAMPERED: {result.problem} (first bad entry: {result.first_bad_seq}; {result.checked} entries good before it).")
