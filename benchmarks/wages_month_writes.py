"""The floor under the product's month: only writing N reconciled months into the product's own table.

`wages_monthreconciliation` as the migrations make it (its indexes, its check constraint, its JSON columns), on a
fresh PostgreSQL database: N rows written by one `INSERT ... SELECT` over `generate_series`, nothing reconciled,
nothing read, no event. Each row looks like a month the set-based statement writes: a worker's blind index (64
random hex characters, as the HMAC gives), one of 2,000 employers, the month, amounts, one reason not checked, and
one finding in one month of ten. The foreign keys are not checked (`session_replication_role = replica`: the rows
name arrivals, lines and employers that do not exist), so their cost comes on top of this figure.

What it tells: however the months are computed, a product that stores one row per worker-month in this table
cannot write the month of N workers faster than this. Figures only; nothing is asserted.

    scripts/with-postgres.sh .venv/bin/python benchmarks/wages_month_writes.py --records 1000000
    scripts/with-postgres.sh .venv/bin/python benchmarks/wages_month_writes.py --records 5000000
"""

import argparse
import time

from _setup import django_with_database

FINDING = ('[{"code": "wage.shortfall", "rule": "sa.labour-law.art90", "expected": "3000.00 SAR", '
           '"actual": "2500.00 SAR", "amount": "500.00"}]')
NOT_CHECKED = '[{"subject": "wage.below_minimum", "reason": "no statutory minimum wage rule for SA on 2026-12-31"}]'
WRITE = f"""
INSERT INTO wages_monthreconciliation (line_id, arrival_id, worker_index, employer_ref, employer_id, period, owed,
                                       paid, shortfall, currency, days_late, codes, findings, not_checked, current,
                                       reconciled_at)
SELECT g, g, md5(g::text) || md5((-g)::text), 'B' || (g %% 2000), g %% 2000 + 1, DATE '2026-12-01', 3000.00,
       CASE WHEN g %% 10 = 0 THEN 2500.00 ELSE 3000.00 END, CASE WHEN g %% 10 = 0 THEN 500.00 ELSE 0 END, 'SAR', 0,
       CASE WHEN g %% 10 = 0 THEN '["wage.shortfall"]'::jsonb ELSE '[]'::jsonb END,
       CASE WHEN g %% 10 = 0 THEN '{FINDING}'::jsonb ELSE '[]'::jsonb END, '{NOT_CHECKED}'::jsonb, true, now()
FROM generate_series(1, %s) AS g
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    teardown = django_with_database()
    try:
        from django.db import connection, transaction

        if connection.vendor != "postgresql":
            raise SystemExit("needs PostgreSQL: run under scripts/with-postgres.sh")
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'wages_monthreconciliation' ORDER BY 1")
            indexes = [row[0] for row in cursor.fetchall()]
            print(f"PostgreSQL, wages_monthreconciliation with {len(indexes)} indexes: {', '.join(indexes)}")
            started = time.perf_counter()
            with transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute(WRITE, [args.records])
            elapsed = time.perf_counter() - started
            cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('wages_monthreconciliation'))")
            size = cursor.fetchone()[0]
        print(f"{args.records:,} months written in {elapsed:.2f} s ({elapsed / args.records * 1e6:.1f} us a month), "
              f"table and indexes {size}")
    finally:
        teardown()


if __name__ == "__main__":
    main()
