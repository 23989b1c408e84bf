"""`corridor inspection escalate`: escalate every order past its deadline; `corridor inspection scores`: compute
every risk score again. Run them from cron, or --schedule them (needs `corridor worker`)."""

from django.core.management.base import BaseCommand

from corridor.core.tasks import schedule_again
from corridor.inspection.services import order_escalate_overdue, risk_scores_compute
from corridor.inspection.tasks import compute_scores, escalate_overdue_orders


class Command(BaseCommand):
    help = ("Inspection operations: `escalate` escalates every open order past its deadline; "
            "`scores` computes every employer's and worksite's risk score again.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        for name, text in (("escalate", "Escalate overdue orders now."), ("scores", "Compute every score now.")):
            command = sub.add_parser(name, help=text)
            command.add_argument("--schedule", type=int, default=0, metavar="SECONDS",
                                 help="Also queue the periodic task to repeat every SECONDS (needs `corridor worker`).")

    def handle(self, *args, operation, **options):
        if operation == "escalate":
            orders = order_escalate_overdue()
            for order in orders:
                self.stdout.write(f"escalated {order.reference} (due {order.due_on:%Y-%m-%d})")
            self.stdout.write(f"{len(orders)} order(s) escalated.")
            periodic = escalate_overdue_orders
        else:
            self.stdout.write(f"{risk_scores_compute()} score(s) computed.")
            periodic = compute_scores
        if options["schedule"]:
            result = schedule_again(periodic, options["schedule"])
            self.stdout.write("periodic task queued." if result else "this task backend cannot defer tasks.")
