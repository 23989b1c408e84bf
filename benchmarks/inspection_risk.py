"""Risk scores and an inspection plan at national scale: score N employers from M signals, then plan K visits.

    scripts/with-postgres.sh .venv/bin/python benchmarks/inspection_risk.py            # 10,000 / 50,000, K=1,000
    scripts/with-postgres.sh .venv/bin/python benchmarks/inspection_risk.py --full     # 1,000,000 / 5,000,000, K=10,000
    .venv/bin/python benchmarks/inspection_risk.py --employers 2000 --signals 10000     # SQLite, small

Migrates an empty database, bulk-loads N employers (one worksite each, random sector, region and workforce) and M
signals spread over the signal factors and the last three years (arrears, late wages, cases, substitution matters,
watchlist, screening hits, findings, overdue orders; on PostgreSQL generated in the database with generate_series),
then times the product's own services:
  1. risk_scores_compute(): every employer's and worksite's score (one INSERT ... SELECT, docs/inspection.md);
  2. plan_candidates(limit=K): the ranking of a plan in SQL (the cool-off rule included);
  3. plan_create(): a plan of K visits dealt to 20 inspectors.
Figures only; nothing is asserted. The issue's aim: 1,000,000 employers from 5,000,000 signals in under 2 minutes,
a plan of 10,000 visits in under 10 seconds (run --full only on a machine that has the time).
"""

import argparse
import os
import random
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_database  # noqa: E402


def load(n: int, m: int) -> tuple[float, float]:
    from django.db import connection

    if connection.vendor == "postgresql":
        return load_postgresql(n, m)
    return load_orm(n, m)


@contextmanager
def bare(cursor, *tables: str):
    """Loading only: the tables' foreign keys, unique constraints and secondary indexes are dropped while the rows go
    in and built again after (one sort per index, one join per foreign key, instead of millions of index insertions
    and deferred row-by-row checks). The primary keys stay."""
    constraints, indexes = [], []
    for table in tables:
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')", [table])
        constraints += [(table, name, definition) for name, definition in cursor.fetchall()]
        cursor.execute("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                       "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS ("
                       "SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [table])
        indexes += cursor.fetchall()
    for table, name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    for _name, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in sorted(constraints, key=lambda c: not c[2].startswith("UNIQUE")):
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def load_postgresql(n: int, m: int) -> tuple[float, float]:
    """The same data as load_orm, generated inside PostgreSQL (generate_series; seeded random()): a million employers
    and five million signals load in minutes instead of the ORM's hour."""
    from django.db import connection, transaction
    from django.utils import timezone

    from corridor.accounts.models import Organisation
    from corridor.inspection.choices import SIGNAL_FACTORS, Sector
    from corridor.inspection.models import RiskSignal, Worksite
    from corridor.registry.models import Employer

    now = timezone.now()
    sectors = "ARRAY[" + ", ".join(f"'{s}'" for s in Sector.values) + "]"
    regions = "ARRAY['Riyadh', 'Jeddah', 'Dammam', 'Makkah', 'Madinah', 'Tabuk', 'Abha', 'Hail']"
    factors = "ARRAY[" + ", ".join(f"'{f}'" for f in SIGNAL_FACTORS) + "]"
    org, emp, site, signal = (Organisation._meta.db_table, Employer._meta.db_table, Worksite._meta.db_table,
                              RiskSignal._meta.db_table)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, bare(cursor, org, emp, site):
        cursor.execute("SELECT setseed(0.2026)")
        cursor.execute(f"INSERT INTO {org} (name, kind, country_id, is_active, created_at) "
                       f"SELECT 'Employer ' || g, 'employer', 'SA', true, %s FROM generate_series(0, %s - 1) g", [now, n])
        cursor.execute(
            f"INSERT INTO {emp} (organisation_id, name, name_key, country_id, registration_number, registration_key, "
            f"address, status, verified_by_kind, verification_note, created_at, staged) "
            f"SELECT id, name, lower(name), 'SA', 'B' || lpad(id::text, 9, '0'), 'b' || lpad(id::text, 9, '0'), "
            f"'Riyadh', 'verified', '', '', %s, false FROM {org} WHERE kind = 'employer' ORDER BY id", [now])
        cursor.execute(
            f"INSERT INTO {site} (employer_id, name, address, region, sector, workforce, created_at) "
            f"SELECT id, 'Main site', '', ({regions})[1 + floor(random() * 8)::int], "
            f"({sectors})[1 + floor(random() * {len(Sector.values)})::int], 1 + floor(random() * 800)::int, %s "
            f"FROM {emp} ORDER BY id", [now])
    employers_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_employer AS "
                       f"SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM {emp}")
        cursor.execute("CREATE UNIQUE INDEX ON bench_employer (n)")
        cursor.execute("ANALYZE bench_employer")
    with transaction.atomic(), connection.cursor() as cursor, bare(cursor, signal):
        for start in range(0, m, 1_000_000):
            cursor.execute(
                f"INSERT INTO {signal} (employer_id, worksite_id, factor, magnitude, source, source_ref, occurred_at, "
                f"created_at) "
                f"SELECT e.id, NULL, ({factors})[1 + floor(random() * {len(SIGNAL_FACTORS)})::int], "
                f"1 + floor(random() * 4), 'benchmark', 'bench:' || g.i, "
                f"%s - make_interval(days => floor(random() * 1096)::int), %s "
                f"FROM (SELECT i, floor(random() * %s)::bigint AS n FROM generate_series(%s, %s - 1) i) g "
                f"JOIN bench_employer e ON e.n = g.n", [now, now, n, start, min(m, start + 1_000_000)])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {emp}; ANALYZE {site}; ANALYZE {signal}")
    return employers_seconds, time.perf_counter() - started


def load_orm(n: int, m: int) -> tuple[float, float]:
    from django.utils import timezone

    from corridor.accounts.models import Organisation
    from corridor.inspection.choices import SIGNAL_FACTORS, Sector
    from corridor.inspection.models import RiskSignal, Worksite
    from corridor.registry.models import Employer

    rng = random.Random(2026)
    started = time.perf_counter()
    batch = 10_000
    for start in range(0, n, batch):
        organisations = Organisation.objects.bulk_create(
            [Organisation(name=f"Employer {i}", kind="employer", country_id="SA") for i in range(start, min(n, start + batch))])
        rows = [Employer(organisation=o, name=o.name, name_key=o.name.lower(), country_id="SA",
                         registration_number=f"B{o.pk:09d}", registration_key=f"b{o.pk:09d}", address="Riyadh",
                         status="verified") for o in organisations]
        Employer.objects.bulk_create(rows, batch_size=batch)
    employer_ids = list(Employer.objects.order_by("pk").values_list("pk", flat=True))
    sectors, regions = Sector.values, ["Riyadh", "Jeddah", "Dammam", "Makkah", "Madinah", "Tabuk", "Abha", "Hail"]
    for start in range(0, n, batch):
        Worksite.objects.bulk_create(
            [Worksite(employer_id=e, name="Main site", region=rng.choice(regions), sector=rng.choice(sectors),
                      workforce=rng.randint(1, 800)) for e in employer_ids[start:start + batch]], batch_size=batch)
    employers_seconds = time.perf_counter() - started
    started = time.perf_counter()
    now = timezone.now()
    for start in range(0, m, batch):
        RiskSignal.objects.bulk_create(
            [RiskSignal(employer_id=rng.choice(employer_ids), factor=rng.choice(SIGNAL_FACTORS),
                        magnitude=Decimal(rng.randint(1, 4)), source="benchmark", source_ref=f"bench:{i}",
                        occurred_at=now - timedelta(days=rng.randint(0, 1095)))
             for i in range(start, min(m, start + batch))], batch_size=batch)
    return employers_seconds, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=10_000)
    parser.add_argument("--signals", type=int, default=50_000)
    parser.add_argument("--visits", type=int, default=1_000)
    parser.add_argument("--full", action="store_true", help="1,000,000 employers, 5,000,000 signals, 10,000 visits")
    args = parser.parse_args()
    if args.full:
        args.employers, args.signals, args.visits = 1_000_000, 5_000_000, 10_000
    teardown = django_with_database()
    try:
        from django.db import connection
        from django.utils import timezone

        from corridor.accounts import services as accounts
        from corridor.inspection import services
        from corridor.inspection.models import RiskScore

        print(f"database: {connection.vendor}; {args.employers:,} employers, {args.signals:,} signals, "
              f"a plan of {args.visits:,} visits")
        employers_s, signals_s = load(args.employers, args.signals)
        print(f"load: employers and worksites {employers_s:.1f} s, signals {signals_s:.1f} s")
        print(f"load average before the timed steps: {os.getloadavg()[0]:.2f}")
        started = time.perf_counter()
        written = services.risk_scores_compute()
        print(f"1. scores: {written:,} rows (employers and worksites) in {time.perf_counter() - started:.2f} s")
        top = RiskScore.objects.filter(worksite__isnull=False).order_by("-score").first()
        print(f"   highest worksite score {top.score} (employer {top.employer_id})")
        started = time.perf_counter()
        ranking = services.plan_candidates(limit=args.visits)
        print(f"2. ranking of {len(ranking):,} sites in {time.perf_counter() - started:.2f} s")
        inspectorate = accounts.organisation_create(acting_user=None, name="Inspectorate", kind="labour_inspectorate",
                                                    country="SA")
        inspectors = [accounts.user_create(acting_user=None, username=f"inspector{i}", password="bench-password-2026",
                                           role="destination_officer", organisation=inspectorate) for i in range(20)]
        quota = -(-args.visits // len(inspectors))
        today = timezone.localdate()
        started = time.perf_counter()
        plan = services.plan_create(acting_user=None, name="Benchmark plan", starts_on=today,
                                    ends_on=today + timedelta(days=90), quotas=[(i, quota) for i in inspectors])
        print(f"3. plan of {plan.visits.count():,} visits for {len(inspectors)} inspectors in "
              f"{time.perf_counter() - started:.2f} s")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        teardown()


if __name__ == "__main__":
    main()
