"""`corridor welfare verify`: every ledger transaction balances and each fund's trial balance is zero (exit 1 if not).
`corridor welfare expire`: end the memberships whose cover has ended (run it daily from cron).
`corridor welfare bank-import --fund ph-owwa FILE.csv`: record the fund's bank statement lines (booked_on, amount,
reference) for the reconciliation report.
`corridor welfare import-contributions --fund ph-owwa [--paid-on DATE] [--batch N] FILE.csv`: memberships and their
contributions in bulk (columns worker_id, contract_months, starts_on, payer, amount, currency, and optionally
exchange_rate, rate_source, receipt, destination), set-based, all or nothing, one audit entry per batch."""

import csv
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from corridor.core.errors import CorridorError
from corridor.welfare import funds, selectors, services


class Command(BaseCommand):
    help = "Welfare fund operations: verify the ledger, end expired covers, import a bank statement."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        sub.add_parser("verify", help="Check that every posting balances and every fund's trial balance is zero.")
        sub.add_parser("expire", help="End the memberships whose cover has ended.")
        bank = sub.add_parser("bank-import", help="Import bank statement lines (CSV: booked_on,amount,reference).")
        bank.add_argument("--fund", required=True, choices=funds.fund_ids())
        bank.add_argument("file")
        bulk = sub.add_parser("import-contributions", help="Import memberships and contributions in bulk (CSV).")
        bulk.add_argument("--fund", required=True, choices=funds.fund_ids())
        bulk.add_argument("--paid-on", type=dt.date.fromisoformat, default=None)
        bulk.add_argument("--batch", type=int, default=services.bulk.BATCH)
        bulk.add_argument("file")

    def handle(self, *args, operation, **options):
        if operation == "verify":
            bad = selectors.unbalanced_transactions()
            for fund_id in funds.fund_ids():
                total = selectors.trial_balance(fund=fund_id)["total"]
                self.stdout.write(f"{fund_id}: trial balance {total}")
                if total != 0:
                    bad.append(f"{fund_id} trial balance")
            if bad:
                raise CommandError(f"the ledger does not balance: {bad}", returncode=1)
            self.stdout.write("the ledger balances.")
        elif operation == "expire":
            self.stdout.write(f"{services.memberships_expire()} membership(s) ended.")
        elif operation == "import-contributions":
            try:
                count = services.contributions_import(acting_user=None, fund_id=options["fund"],
                                                      rows=services.read_csv(options["file"]),
                                                      paid_on=options["paid_on"], batch_size=options["batch"])
            except OSError as exc:
                raise CommandError(f"cannot read {options['file']}: {exc}", returncode=2) from None
            except CorridorError as exc:
                raise CommandError(f"nothing imported: {exc.code} {exc.fields or exc.message}", returncode=1) from None
            except IntegrityError as exc:  # a worker id that does not exist (the foreign key, checked at commit)
                raise CommandError(f"nothing imported: {exc}", returncode=1) from None
            self.stdout.write(f"{count} membership(s) and their contributions imported.")
        else:
            fund = funds.fund_for(options["fund"])
            try:
                with open(options["file"], encoding="utf-8", newline="") as handle:
                    lines = [{"booked_on": dt.date.fromisoformat(row["booked_on"]), "amount": row["amount"],
                              "reference": row.get("reference", "")} for row in csv.DictReader(handle)]
            except (OSError, KeyError, ValueError) as exc:
                raise CommandError(f"cannot read {options['file']}: {exc}", returncode=2) from None
            self.stdout.write(f"{services.bank_line_import(acting_user=None, fund=fund, lines=lines)} line(s) imported.")
