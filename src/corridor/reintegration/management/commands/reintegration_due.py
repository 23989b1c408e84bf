"""List the reintegration follow-ups due (and notify the overdue ones to their caseworkers, once each)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from corridor.reintegration import selectors, services


class Command(BaseCommand):
    help = "List the follow-ups due within --days (default 14) and notify the overdue ones (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="Days ahead to list (0: due today or before).")
        parser.add_argument("--no-notify", action="store_true", help="Only list; send no notification.")

    def handle(self, *args, days: int, no_notify: bool, **options):
        today = timezone.localdate()
        if days < 0 or days > 366:
            self.stderr.write("--days must be between 0 and 366.")
            return
        rows = selectors.all_follow_ups_due(until=today + dt.timedelta(days=days))
        for follow_up in rows:
            referral = follow_up.referral
            late = " OVERDUE" if follow_up.due_on < today else ""
            self.stdout.write(f"{follow_up.due_on.isoformat()}{late}  {referral.plan.return_record.reference}  "
                              f"+{follow_up.months} months  {referral.service.name}")
        notified = 0 if no_notify else services.follow_ups_notify_overdue(today=today)
        self.stdout.write(f"{rows.count()} due; {notified} overdue notified.")
