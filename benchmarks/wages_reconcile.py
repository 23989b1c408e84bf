"""Salary records of one month reconciled against their contracts on PostgreSQL, set-based, beside DuckDB.

Generates N contracts and N salary lines of one month inside the database (generate_series: nothing held in
Python), then times the reconciliation as one INSERT ... SELECT: the join of each line to its worker's contract,
what was owed (basic + allowances, pro rata for unpaid leave, rounded half up to the cent), the shortfall, the days
late, the finding codes; then the arrears per employer (GROUP BY). Memory stays bounded whatever N: the work is in
the database. The same join and sums run in DuckDB (in memory) on the same generated data, for reference.

This measures the arithmetic of `wages/reconcile.py` done set-based; the import service reconciles line by line
(with an audit entry and a domain event per worker-month), which is not what is timed here.

    python benchmarks/wages_reconcile.py                  # 50,000 records (needs DATABASE_URL to PostgreSQL)
    python benchmarks/wages_reconcile.py --records 200000
    python benchmarks/wages_reconcile.py --full           # 5,000,000 records
"""

import argparse
import os
import resource
import sys
import time

from _setup import django_with_database

GENERATE_CONTRACTS = """
INSERT INTO bench_contract (worker, employer, basic, allowances)
SELECT g, g % {employers}, 1000 + (g % 7) * 100, CASE WHEN g % 3 = 0 THEN 200 ELSE 0 END
FROM generate_series(1, {n}) AS g
"""
# Most are paid in full and on time; every 10th is short by 150, every 13th paid 9 days late, every 17th on 3 days'
# unpaid leave (paid pro rata), every 29th has no line at all (a month with no payment).
GENERATE_LINES = """
INSERT INTO bench_line (worker, employer, days, leave_days, paid, paid_on, pay_end)
SELECT g, g % {employers}, 31, CASE WHEN g % 17 = 0 THEN 3 ELSE 0 END,
       round((1000 + (g % 7) * 100 + CASE WHEN g % 3 = 0 THEN 200 ELSE 0 END)
             * (31 - CASE WHEN g % 17 = 0 THEN 3 ELSE 0 END) / 31.0, 2) - CASE WHEN g % 10 = 0 THEN 150 ELSE 0 END,
       DATE '2026-12-31' + CASE WHEN g % 13 = 0 THEN 9 ELSE 0 END, DATE '2026-12-31'
FROM generate_series(1, {n}) AS g WHERE g % 29 <> 0
"""
RECONCILE = """
INSERT INTO bench_month (worker, employer, owed, paid, shortfall, days_late, codes)
SELECT c.worker, c.employer, o.owed, coalesce(l.paid, 0),
       greatest(o.owed - coalesce(l.paid, 0), 0),
       CASE WHEN l.worker IS NULL THEN NULL ELSE greatest(l.paid_on - l.pay_end, 0) END,
       concat_ws(',', CASE WHEN l.worker IS NULL THEN 'wage.not_paid' END,
                      CASE WHEN l.worker IS NOT NULL AND o.owed > l.paid THEN 'wage.shortfall' END,
                      CASE WHEN l.paid_on > l.pay_end THEN 'wage.late' END)
FROM bench_contract c
LEFT JOIN bench_line l ON l.worker = c.worker
CROSS JOIN LATERAL (SELECT round((c.basic + c.allowances) * (coalesce(l.days, 31) - coalesce(l.leave_days, 0))
                                 / coalesce(l.days, 31), 2) AS owed) o
"""
ARREARS = """
SELECT count(*), sum(total)::text, sum(workers) FROM (
  SELECT employer, sum(shortfall) AS total, count(*) AS workers FROM bench_month WHERE shortfall > 0 GROUP BY employer) a
"""
TABLES = """
CREATE TABLE bench_contract (worker bigint PRIMARY KEY, employer integer, basic numeric(14,2), allowances numeric(14,2));
CREATE TABLE bench_line (worker bigint, employer integer, days integer, leave_days integer, paid numeric(14,2),
                         paid_on date, pay_end date);
CREATE TABLE bench_month (worker bigint, employer integer, owed numeric(14,2), paid numeric(14,2),
                          shortfall numeric(14,2), days_late integer, codes text);
"""


def postgres(n: int, employers: int) -> dict:
    from django.db import connection

    out = {}
    with connection.cursor() as cur:
        for statement in filter(str.strip, TABLES.split(";")):
            cur.execute(statement)
        t = time.perf_counter()
        cur.execute(GENERATE_CONTRACTS.format(n=n, employers=employers))
        cur.execute(GENERATE_LINES.format(n=n, employers=employers))
        cur.execute("CREATE INDEX bench_line_worker ON bench_line (worker)")
        cur.execute("ANALYZE bench_contract; ANALYZE bench_line")
        out["generate"] = time.perf_counter() - t
        t = time.perf_counter()
        cur.execute(RECONCILE)
        out["rows"] = cur.rowcount
        cur.execute(ARREARS)
        out["arrears"] = cur.fetchone()
        out["reconcile"] = time.perf_counter() - t
    return out


def duck(n: int, employers: int) -> dict | None:
    try:
        import duckdb  # why: optional, installed for the benchmark only (benchmarks/requirements.txt)
    except ImportError:
        return None
    con = duckdb.connect()
    out = {}
    t = time.perf_counter()
    con.execute(TABLES.replace("bigint PRIMARY KEY", "bigint"))
    con.execute(GENERATE_CONTRACTS.format(n=n, employers=employers).replace(f"generate_series(1, {n})",
                                                                             f"range(1, {n + 1}) AS r(g)").replace(" AS g\n", "\n"))
    con.execute(GENERATE_LINES.format(n=n, employers=employers).replace(f"generate_series(1, {n})",
                                                                         f"range(1, {n + 1}) AS r(g)").replace(" AS g ", " "))
    out["generate"] = time.perf_counter() - t
    t = time.perf_counter()
    con.execute(RECONCILE.replace("l.paid_on - l.pay_end", "date_diff('day', l.pay_end, l.paid_on)"))
    out["rows"] = con.execute("SELECT count(*) FROM bench_month").fetchone()[0]
    row = con.execute(ARREARS.replace("::text", "")).fetchone()
    out["arrears"] = (row[0], str(row[1]), row[2])
    out["reconcile"] = time.perf_counter() - t
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--full", action="store_true", help="5,000,000 records")
    parser.add_argument("--employers", type=int, default=2_000)
    args = parser.parse_args()
    n = 5_000_000 if args.full else args.records
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        print("wages_reconcile: skipped, it needs PostgreSQL (DATABASE_URL; `make bench` or scripts/with-postgres.sh)")
        return
    teardown = django_with_database()
    try:
        pg = postgres(n, args.employers)
    finally:
        teardown()
    print(f"wages_reconcile: {n:,} contracts, one month, {args.employers:,} employers")
    print(f"  PostgreSQL: generated in {pg['generate']:.1f} s; reconciled {pg['rows']:,} worker-months and the "
          f"arrears of {pg['arrears'][0]:,} employers (total {pg['arrears'][1]}) in {pg['reconcile']:.2f} s")
    ref = duck(n, args.employers)
    if ref is None:
        print("  DuckDB reference: not installed (pip install -r benchmarks/requirements.txt)")
    else:
        same = ref["arrears"][1] == pg["arrears"][1] and ref["rows"] == pg["rows"]
        print(f"  DuckDB reference (in memory): reconciled in {ref['reconcile']:.2f} s "
              f"({pg['reconcile'] / ref['reconcile']:.1f}x); same totals: {'yes' if same else 'NO'}")
    print(f"  peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
