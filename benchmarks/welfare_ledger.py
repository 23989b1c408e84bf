"""The welfare fund's ledger at national scale: a year's contributions and a season's claims, then a member's statement.

    python benchmarks/welfare_ledger.py                    # small: 2,000 memberships, 200 claims (SQLite or PostgreSQL)
    scripts/with-postgres.sh python benchmarks/welfare_ledger.py --full   # 2,500,000 memberships and 50,000 claims
    python benchmarks/welfare_ledger.py --members 20000 --claims 1000 --batch 5000

Migrates an empty database (the test settings; DATABASE_URL for PostgreSQL). Workers are bulk-loaded (fixture data,
not through the service: the benchmark is about the ledger). Then:
  1. contributions: `contributions_import` (the bulk path behind `corridor welfare import-contributions`: every row
     checked as at clearance, then COPY per table and batch on PostgreSQL, balanced postings checked by the trigger
     once per batch, one audit entry per batch, the whole file in one transaction) -> memberships per second;
     `--per-batch-service` uses the earlier `memberships_import` instead; on PostgreSQL the member statement's
     query plan is printed;
  2. claims: `claim_file`, `claim_recommend`, `claim_approve` by a second officer, `claim_pay` for M members, each
     through the services with their audit entries -> claims per second; the benefits alternate between burial (at
     or below the fund's four-eyes threshold) and natural death (above it: the second officer is required), and the
     rate is printed every 5,000 claims; `--claims-budget S` stops starting claims after S seconds (and says so);
  3. the ledger's checks: every transaction balances, the trial balance is zero (timed);
  4. a member's statement (`member_statement`), median and p95 over --repeat members.
Figures only; nothing is asserted (the tests assert behaviour).
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("CORRIDOR_DATA_DIR", tempfile.mkdtemp(prefix="corridor-bench-"))

from _setup import django_with_database, percentile  # noqa: E402

FULL_MEMBERS, FULL_CLAIMS = 2_500_000, 50_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--claims", type=int, default=None,
                        help="claims filed and paid (default 200; with --full 50,000 unless given: a documented sample)")
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--per-batch-service", action="store_true",
                        help="post through memberships_import (one transaction per batch) instead of contributions_import")
    parser.add_argument("--claims-budget", type=float, default=None, metavar="SECONDS",
                        help="stop starting new claims after this many seconds (the figures say how many were done)")
    parser.add_argument("--claims-until", default=None, metavar="HH:MM",
                        help="the same as --claims-budget, as a UTC time of day (the budget is what is left then)")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--full", action="store_true", help=f"{FULL_MEMBERS:,} memberships and {FULL_CLAIMS:,} claims")
    args = parser.parse_args()
    if args.full:
        args.members = FULL_MEMBERS
    if args.claims is None:
        args.claims = FULL_CLAIMS if args.full else 200
    teardown = django_with_database()
    try:
        run(args)
    finally:
        teardown()
    return 0


def run(args) -> None:
    from django.db import connection

    from corridor.accounts import services as accounts
    from corridor.accounts.choices import Role
    from corridor.accounts.models import Worker
    from corridor.welfare import selectors, services
    from corridor.welfare.models import Leg, Membership

    def verified(user):
        user.is_verified = lambda: True
        return user

    fund_org = accounts.organisation_create(acting_user=None, kind="welfare_fund", name="Fund", country="PH")
    first = verified(accounts.user_create(acting_user=None, role=Role.FUND_OFFICER, username="fund-1",
                                          password="a-long-benchmark-password", organisation=fund_org))
    second = verified(accounts.user_create(acting_user=None, role=Role.FUND_OFFICER, username="fund-2",
                                           password="a-long-benchmark-password", organisation=fund_org))
    print(f"database: {connection.vendor}; memberships {args.members:,}, claims {args.claims:,}", flush=True)

    started = time.perf_counter()
    if connection.vendor == "postgresql" and args.members > 1:
        # One worker through the ORM (every column's empty value as Django writes it), the rest copied from it by
        # one INSERT ... SELECT over generate_series: 2.5 million rows in seconds rather than minutes.
        template = Worker.objects.create(full_name="Bench Worker 0", name_key="bench worker 0", nationality_id="PH")
        columns = [f.column for f in Worker._meta.concrete_fields if f.column not in ("id", "full_name", "name_key")]
        with connection.cursor() as cursor:
            cursor.execute(f"""INSERT INTO {Worker._meta.db_table} (full_name, name_key, {', '.join(columns)})
                SELECT 'Bench Worker ' || g, 'bench worker ' || g, {', '.join('t.' + c for c in columns)}
                FROM {Worker._meta.db_table} t CROSS JOIN generate_series(1, %s) g WHERE t.id = %s""",
                           [args.members - 1, template.pk])
    else:
        for start in range(0, args.members, 50_000):
            Worker.objects.bulk_create([Worker(full_name=f"Bench Worker {i}", name_key=f"bench worker {i}",
                                               nationality_id="PH")
                                        for i in range(start, min(args.members, start + 50_000))], batch_size=5_000)
    worker_ids = list(Worker.objects.order_by("pk").values_list("pk", flat=True))
    print(f"workers loaded (fixture): {time.perf_counter() - started:.1f} s", flush=True)

    rng = random.Random(2026)
    year = dt.date(2026, 1, 1)

    def rows():
        for wid in worker_ids:
            yield {"worker_id": wid, "contract_months": rng.choice([12, 24, 24, 36]),
                   "starts_on": year + dt.timedelta(days=rng.randint(0, 364)), "payer": "employer", "amount": "25.00",
                   "currency": "USD", "exchange_rate": "58.25", "receipt": f"OR-{wid:09d}", "destination": "SA"}

    started = time.perf_counter()
    if args.per_batch_service:  # the earlier path: memberships_import, one transaction per batch
        done, batch = 0, []
        for row in rows():
            batch.append(row)
            if len(batch) == args.batch:
                done += services.memberships_import(acting_user=first, fund_id="ph-owwa", rows=batch, paid_on=year)
                batch = []
        if batch:
            done += services.memberships_import(acting_user=first, fund_id="ph-owwa", rows=batch, paid_on=year)
    else:  # the bulk path: contributions_import (COPY on PostgreSQL), the whole file in one transaction
        done = services.contributions_import(acting_user=first, fund_id="ph-owwa", rows=rows(), paid_on=year,
                                             batch_size=args.batch)
    elapsed = time.perf_counter() - started
    print(f"contributions ({'memberships_import' if args.per_batch_service else 'contributions_import'}): "
          f"{done:,} memberships in {elapsed:.1f} s = {done / elapsed:,.0f}/s "
          f"(a year of {FULL_MEMBERS:,} would take {FULL_MEMBERS / (done / elapsed) / 60:.1f} min at this rate)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            some = Membership.objects.order_by("pk").values_list("pk", flat=True).first()
            sql, params = (Leg.objects.filter(membership_id=some).select_related("transaction", "account")
                           .order_by("transaction__posted_on", "transaction_id", "id").query.sql_with_params())
            cursor.execute("EXPLAIN " + sql, params)
            plan = " | ".join(line for (line,) in cursor.fetchall())
        print(f"member statement plan: {plan}", flush=True)

    members = list(Membership.objects.order_by("?")[:args.claims]) if args.claims else []
    if args.claims_until:
        now = dt.datetime.now(dt.UTC)
        until = dt.datetime.combine(now.date(), dt.time.fromisoformat(args.claims_until), tzinfo=dt.UTC)
        args.claims_budget = max(0.0, (until - now).total_seconds())
    started, done = time.perf_counter(), 0
    for member in members:
        if args.claims_budget is not None and time.perf_counter() - started > args.claims_budget:
            print(f"claims: stopped by --claims-budget {args.claims_budget:.0f} s after {done:,} of {len(members):,}",
                  flush=True)
            break
        # Burial is at or below the four-eyes threshold, a natural death above it (the second officer is required).
        benefit = "burial" if done % 2 == 0 else "death_natural"
        claim = services.claim_file(acting_user=first, membership=member, benefit=benefit, claimant_kind="next_of_kin",
                                    event_date=member.starts_on + dt.timedelta(days=30),
                                    filed_on=member.starts_on + dt.timedelta(days=40))
        claim = services.claim_recommend(acting_user=first, claim=claim)
        claim = services.claim_approve(acting_user=second, claim=claim)
        services.claim_pay(acting_user=first, claim=claim, paid_on=member.starts_on + dt.timedelta(days=60))
        done += 1
        if done % 5_000 == 0:
            print(f"  claims: {done:,} in {time.perf_counter() - started:.1f} s "
                  f"= {done / (time.perf_counter() - started):,.1f}/s", flush=True)
    elapsed = time.perf_counter() - started
    if done:
        print(f"claims: {done:,} filed, recommended, approved and paid in {elapsed:.1f} s = "
              f"{done / elapsed:,.1f}/s (four audited services each; half above the four-eyes threshold)", flush=True)

    started = time.perf_counter()
    unbalanced = selectors.unbalanced_transactions(fund="ph-owwa")
    total = selectors.trial_balance(fund="ph-owwa")["total"]
    print(f"ledger check: {len(unbalanced)} unbalanced transaction(s), trial balance {total} "
          f"in {time.perf_counter() - started:.2f} s", flush=True)

    sample = list(Membership.objects.order_by("?")[:args.repeat])
    timings = []
    for member in sample:
        t0 = time.perf_counter()
        statement = selectors.member_statement(user=first, membership=member)
        len(statement["lines"])
        timings.append((time.perf_counter() - t0) * 1000)
    print(f"member statement: median {statistics.median(timings):.2f} ms, p95 {percentile(timings, 0.95):.2f} ms "
          f"over {len(timings)} members", flush=True)


if __name__ == "__main__":
    sys.exit(main())
