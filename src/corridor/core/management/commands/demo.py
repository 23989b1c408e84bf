"""`corridor demo`: load the fictional demo data set and print the accounts to try."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from corridor.core import demo


class Command(BaseCommand):
    help = "Load the demo data (fictional) once, then print the demo accounts and where to start."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        ctx = demo.load()
        url = settings.CORRIDOR_NODE_URL
        if ctx is None:
            self.stdout.write("Demo data is already loaded.")
            accounts = [(u.get_role_display(), u.username, "") for u in get_user_model().objects.filter(
                username__in=["worker", "officer", "attache", "inspector", "fund", "agency", "employer", "caseworker", "auditor", "demo-admin"])]
        else:
            accounts = ctx.accounts
        self.stdout.write(f"\nCorridor demo node for {settings.CORRIDOR_COUNTRY}: {url}/  (all data fictional)")
        self.stdout.write(f"Every demo account's password: {demo.DEMO_PASSWORD}\n")
        width = max(len(str(label)) for label, _u, _n in accounts)
        for label, username, note in accounts:
            self.stdout.write(f"  {str(label):<{width}}  {username:<12} {note}")
        self.stdout.write(
            "\nStaff accounts need a second step: run `corridor totp USERNAME` for the current code"
            " (demo only).\nStart at the home page as a worker, then sign in as `officer`."
        )
