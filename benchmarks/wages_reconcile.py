"""Salary records of one month reconciled against their contracts on PostgreSQL, set-based, beside DuckDB.

Setup (not timed): N registered contracts are generated in each database, and the month's N salary lines are written
once to a CSV file (streamed out of PostgreSQL with COPY: nothing is held in Python). The timed path is the whole
month, the same in both databases:

1. load: the salary file into a staging table (PostgreSQL: `COPY ... FROM STDIN` streamed in 1 MB chunks into an
   UNLOGGED table with no index; DuckDB: `read_csv`);
2. reconcile: one `CREATE TABLE ... AS SELECT` (UNLOGGED on PostgreSQL, which lets the planner run it in parallel,
   where an `INSERT ... SELECT` may not): each contract joined to its line (hash join), what was owed (basic +
   allowances, pro rata for unpaid leave, rounded half up to the cent in exact integer cents), what was paid, the
   shortfall, the days late, the finding codes (a bit set: 1 not paid, 2 shortfall, 4 late);
3. arrears: the total shortfall and the workers short per employer (GROUP BY), summed.

PostgreSQL runs with `work_mem` 256 MB (the hash of the contracts fits without batches), `synchronous_commit` off,
and its default parallel workers. The two databases' row counts and totals are compared. Memory stays bounded in
this process for PostgreSQL (the work is in the database; the file is streamed); DuckDB works in this process's memory.

This measures the arithmetic of `wages/reconcile.py` done set-based. The same run then times the product's own path,
`wages.services.salary_file_import` end to end (parse, match, reconcile each line in Python, bulk writes, one
`wages.month_reconciled` event per worker-month stored with `publish_many`, then their dispatch after the commit to
the registry, inspection and indicators subscribers, in batches), on a CSV file of `--import-records` lines (default
2,000; 5,000 with `--full`) for a registered employer, every 13th line paid 9 days late; the workers match no arrival
(generating 5,000,000 arrivals with contracts is out of reach here), so no contract is read and no shortfall found.
Its time per line is reported with the time 5,000,000 lines would take at that rate, an extrapolation, not a
measurement; `--profile` prints where the import's time goes.

    python benchmarks/wages_reconcile.py                  # 50,000 records (needs DATABASE_URL to PostgreSQL)
    python benchmarks/wages_reconcile.py --records 200000
    python benchmarks/wages_reconcile.py --full           # 5,000,000 records (the import: 5,000 lines)
    python benchmarks/wages_reconcile.py --records 10000 --import-records 5000 --profile
"""

import argparse
import cProfile
import os
import pstats
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _setup import django_with_database

CHUNK = 1 << 20
CONTRACTS = """
CREATE UNLOGGED TABLE bench_contract AS
SELECT g::bigint AS worker, (g % {employers})::integer AS employer,
       ((1000 + (g % 7) * 100) * 100)::bigint AS basic_cents,
       (CASE WHEN g % 3 = 0 THEN 20000 ELSE 0 END)::bigint AS allowances_cents
FROM {series}
"""
# Most are paid in full and on time; every 10th is short by 150, every 13th paid 9 days late, every 17th on 3 days'
# unpaid leave (paid pro rata), every 29th has no line at all (a month with no payment). Written as the file states
# it: amounts in currency units with two decimals.
LINES = """
SELECT g AS worker, g % {employers} AS employer, 31 AS days, CASE WHEN g % 17 = 0 THEN 3 ELSE 0 END AS leave_days,
       round((1000 + (g % 7) * 100 + CASE WHEN g % 3 = 0 THEN 200 ELSE 0 END)
             * (31 - CASE WHEN g % 17 = 0 THEN 3 ELSE 0 END) / 31.0, 2) - CASE WHEN g % 10 = 0 THEN 150 ELSE 0 END
         AS paid,
       DATE '2026-12-31' + CASE WHEN g % 13 = 0 THEN 9 ELSE 0 END AS paid_on, DATE '2026-12-31' AS pay_end
FROM generate_series(1, {n}) AS g WHERE g % 29 <> 0 ORDER BY g
"""
STAGING = """
CREATE {unlogged} TABLE bench_line (worker bigint, employer integer, days integer, leave_days integer,
                                    paid numeric(14,2), paid_on date, pay_end date)
"""
# owed (cents) = round half up of full * worked / days = floor((2 * full * worked + days) / (2 * days)), in integers;
# `idiv` divides integers in integers: `/` in PostgreSQL, `//` in DuckDB (whose `/` is a division in floating point)
RECONCILE = """
CREATE {unlogged} TABLE bench_month AS
SELECT c.worker, c.employer, o.owed, o.paid, greatest(o.owed - o.paid, 0) AS shortfall,
       CASE WHEN l.worker IS NULL THEN NULL ELSE greatest({days_late}, 0) END AS days_late,
       (CASE WHEN l.worker IS NULL THEN 1 ELSE 0 END)
       + (CASE WHEN l.worker IS NOT NULL AND o.owed > o.paid THEN 2 ELSE 0 END)
       + (CASE WHEN l.paid_on > l.pay_end THEN 4 ELSE 0 END) AS codes
FROM bench_contract c
LEFT JOIN bench_line l ON l.worker = c.worker
CROSS JOIN LATERAL (
  SELECT (2 * (c.basic_cents + c.allowances_cents) * (coalesce(l.days, 31) - coalesce(l.leave_days, 0))
          + coalesce(l.days, 31)) {idiv} (2 * coalesce(l.days, 31)) AS owed,
         coalesce(CAST(l.paid * 100 AS bigint), 0) AS paid) o
"""
ARREARS = """
SELECT count(*), sum(total), sum(workers) FROM (
  SELECT employer, sum(shortfall) AS total, count(*) AS workers FROM bench_month WHERE shortfall > 0 GROUP BY employer) a
"""


def cents(value) -> str:
    value = int(value or 0)
    return f"{value // 100}.{value % 100:02d}"


def _ranges(path: Path, parts: int) -> list[tuple[int, int]]:
    """Byte ranges of the file, `parts` of them, each cut after a line's end."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as handle:
        for i in range(1, parts):
            handle.seek(max(size * i // parts, cuts[-1]))
            handle.readline()
            cuts.append(min(handle.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _copy_range(connection, path: Path, start: int, end: int) -> None:
    """One stream: its own connection, one COPY of its byte range, read in 1 MB chunks (memory stays bounded)."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        with raw.cursor() as cur, path.open("rb") as handle:
            cur.execute("SET synchronous_commit = off")
            handle.seek(start)
            with cur.copy("COPY bench_line FROM STDIN WITH (FORMAT csv)") as copy:
                left = end - start
                while left > 0 and (data := handle.read(min(CHUNK, left))):
                    copy.write(data)
                    left -= len(data)
        raw.commit()
    finally:
        raw.close()


def _copy_in_parallel(connection, path: Path, streams: int) -> None:
    """The salary file loaded by `streams` COPYs at once, each on its own connection (what a node's import workers
    would do with a large file cut at line ends)."""
    with ThreadPoolExecutor(max_workers=streams) as pool:
        for done in [pool.submit(_copy_range, connection, path, a, b) for a, b in _ranges(path, streams)]:
            done.result()


def postgres(n: int, employers: int, csv_path: Path, streams: int = 2) -> dict:
    from django.db import connection

    out = {}
    connection.ensure_connection()
    raw = connection.connection  # psycopg 3: COPY streamed in chunks
    with raw.cursor() as cur:
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SET synchronous_commit = off")
        t = time.perf_counter()
        cur.execute(CONTRACTS.format(employers=employers, series=f"generate_series(1, {n}) AS g"))
        cur.execute("ALTER TABLE bench_contract ADD PRIMARY KEY (worker)")
        cur.execute("ANALYZE bench_contract")
        with csv_path.open("wb") as handle, cur.copy(
                f"COPY ({LINES.format(n=n, employers=employers)}) TO STDOUT WITH (FORMAT csv)") as copy:
            for data in copy:
                handle.write(data)
        raw.commit()
        out["generate"] = time.perf_counter() - t

        t = time.perf_counter()
        cur.execute(STAGING.format(unlogged="UNLOGGED"))
        _copy_in_parallel(connection, csv_path, streams)
        cur.execute("ANALYZE bench_line")
        out["load"] = time.perf_counter() - t
        t = time.perf_counter()
        cur.execute(RECONCILE.format(unlogged="UNLOGGED", idiv="/", days_late="l.paid_on - l.pay_end"))
        out["rows"] = cur.rowcount
        out["reconcile"] = time.perf_counter() - t
        t = time.perf_counter()
        cur.execute(ARREARS)
        count, total, workers = cur.fetchone()
        out["arrears"] = (count, cents(total), int(workers or 0))
        out["sums"] = time.perf_counter() - t
        raw.commit()
    out["total"] = out["load"] + out["reconcile"] + out["sums"]
    return out


def duck(n: int, employers: int, csv_path: Path) -> dict | None:
    try:
        import duckdb  # why: optional, installed for the benchmark only (benchmarks/requirements.txt)
    except ImportError:
        return None
    con = duckdb.connect()
    out = {}
    con.execute(CONTRACTS.replace("CREATE UNLOGGED TABLE", "CREATE TABLE").format(
        employers=employers, series=f"range(1, {n + 1}) AS r(g)"))
    t = time.perf_counter()
    con.execute(STAGING.format(unlogged=""))
    con.execute(f"INSERT INTO bench_line SELECT * FROM read_csv('{csv_path}', header = false, columns = "
                "{'worker': 'BIGINT', 'employer': 'INTEGER', 'days': 'INTEGER', 'leave_days': 'INTEGER', "
                "'paid': 'DECIMAL(14,2)', 'paid_on': 'DATE', 'pay_end': 'DATE'})")
    out["load"] = time.perf_counter() - t
    t = time.perf_counter()
    con.execute(RECONCILE.format(unlogged="", idiv="//", days_late="date_diff('day', l.pay_end, l.paid_on)"))
    out["rows"] = con.execute("SELECT count(*) FROM bench_month").fetchone()[0]
    out["reconcile"] = time.perf_counter() - t
    t = time.perf_counter()
    count, total, workers = con.execute(ARREARS).fetchone()
    out["arrears"] = (count, cents(total), int(workers or 0))
    out["sums"] = time.perf_counter() - t
    out["total"] = out["load"] + out["reconcile"] + out["sums"]
    return out


def product_import(lines: int, employers_ref: str = "1010123456", profile: bool = False) -> dict:
    """`salary_file_import` of a CSV of `lines` lines, end to end, the dispatch of its events timed apart."""
    from tests.factories.accounts import UserFactory, verified
    from tests.factories.registry import EmployerFactory
    from tests.wages.conftest import csv_file

    from corridor.accounts.choices import Role
    from corridor.core import events, node
    from corridor.core.models import DomainEvent
    from corridor.wages import services

    real = node.identity()
    node.identity = lambda: node.NodeIdentity("SA", "Saudi Arabia", "SA node", real.url)
    employer = EmployerFactory(registration_number=employers_ref)
    officer = verified(UserFactory(role=Role.DESTINATION_OFFICER, username="bench-officer"))
    data = csv_file([{"employer_id": employers_ref, "worker_id": f"8401{i:010d}",
                      "paid_on": "2027-01-09" if i % 13 == 0 else "2026-12-31"} for i in range(lines)])
    spent = {"dispatch": 0.0}
    entry = "dispatch_many" if hasattr(events, "dispatch_many") else "dispatch"  # the code before the batch dispatch
    dispatch_many = getattr(events, entry)

    def timed(ids):
        t = time.perf_counter()
        try:
            return dispatch_many(ids)
        finally:
            spent["dispatch"] += time.perf_counter() - t

    setattr(events, entry, timed)
    profiler = cProfile.Profile() if profile else None
    t = time.perf_counter()
    try:
        if profiler:
            profiler.enable()
        services.salary_file_import(acting_user=officer, data=data, format="csv")
    finally:
        if profiler:
            profiler.disable()
        setattr(events, entry, dispatch_many)
    out = {"lines": lines, "total": time.perf_counter() - t, "dispatch": spent["dispatch"],
           "pending": DomainEvent.objects.filter(done_at__isnull=True).count(), "employer": employer.pk}
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--full", action="store_true", help="5,000,000 records")
    parser.add_argument("--employers", type=int, default=2_000)
    parser.add_argument("--streams", type=int, default=2, help="parallel COPY streams loading the file (PostgreSQL)")
    parser.add_argument("--import-records", type=int, default=None,
                        help="lines of the product import timed after (default 2,000; 5,000 with --full; 0: none)")
    parser.add_argument("--profile", action="store_true", help="print a profile of the product import")
    args = parser.parse_args()
    n = 5_000_000 if args.full else args.records
    lines = args.import_records if args.import_records is not None else (5_000 if args.full else 2_000)
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        print("wages_reconcile: skipped, it needs PostgreSQL (DATABASE_URL; `make bench` or scripts/with-postgres.sh)")
        return
    with tempfile.TemporaryDirectory(prefix="wages-bench-") as tmp:
        csv_path = Path(tmp) / "salary-lines.csv"
        teardown = django_with_database()
        try:
            pg = postgres(n, args.employers, csv_path, args.streams)
            product = product_import(lines, profile=args.profile) if lines else None
        finally:
            teardown()
        size = csv_path.stat().st_size
        print(f"wages_reconcile: {n:,} contracts, one month, {args.employers:,} employers; salary file "
              f"{size / 1e6:.0f} MB ({pg['rows']:,} worker-months)")
        print(f"  PostgreSQL: load {pg['load']:.2f} s + reconcile {pg['reconcile']:.2f} s + arrears {pg['sums']:.2f} s "
              f"= {pg['total']:.2f} s; arrears of {pg['arrears'][0]:,} employers, total {pg['arrears'][1]} "
              f"({pg['arrears'][2]:,} workers short)")
        ref = duck(n, args.employers, csv_path)
    if ref is None:
        print("  DuckDB reference: not installed (pip install -r benchmarks/requirements.txt)")
    else:
        same = ref["arrears"] == pg["arrears"] and ref["rows"] == pg["rows"]
        print(f"  DuckDB reference (in memory): load {ref['load']:.2f} s + reconcile {ref['reconcile']:.2f} s + "
              f"arrears {ref['sums']:.2f} s = {ref['total']:.2f} s; PostgreSQL / DuckDB {pg['total'] / ref['total']:.1f}x "
              f"(reconcile alone {pg['reconcile'] / ref['reconcile']:.1f}x); same rows and totals: {'yes' if same else 'NO'}")
    if product:
        per_line = product["total"] / product["lines"]
        print(f"  product import (salary_file_import, PostgreSQL): {product['lines']:,} lines in {product['total']:.2f} s "
              f"({per_line * 1000:.2f} ms a line), of which the dispatch of the month events after commit "
              f"{product['dispatch']:.2f} s ({100 * product['dispatch'] / product['total']:.0f} %); events left "
              f"undone: {product['pending']}; 5,000,000 lines at this rate: about {per_line * 5e6 / 60:.0f} min "
              f"(extrapolated, not measured)"
              + (f", {per_line * 5e6 / ref['total']:.0f}x DuckDB's whole month" if ref and n == 5_000_000 else ""))
    print(f"  peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
