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

Then the product's own month (`product_month`): the same workers, lines and contracts written by SQL into the
product's tables (setup, not timed: a clearance received, the arrival with its work permit, the registered contract
and its pay terms for each worker; one stored salary file per employer, `--employers` of them, the workers dealt
round), then reconciled file by file as `salary_file_import` does after storing a file (`_reconcile_file`: the
set-based statement of `wages/services/bulk.py`, then `_arrears_check_file`: the arrears alerts in bulk), each file in its own
transaction, and the months' events dispatched after each commit (the employers' wage records, inspection's risk,
the indicators' tables). Then the month close (`wages_month_close`: the workers with no line, each owed the month),
timed apart. The whole month's months, those short and their shortfall are compared with the reference's. The
arrears alerts' events (a case for each worker, the message to the origin) are left queued for the event workers
and their dispatch is timed on a sample of 500. Last, `salary_file_import` of a CSV of `--import-records` lines end
to end (parse, match, store, reconcile). `--profile` prints where the files' reconciliation goes, and the time of
each kind of SQL statement.

    python benchmarks/wages_reconcile.py                  # 50,000 records (needs DATABASE_URL to PostgreSQL)
    python benchmarks/wages_reconcile.py --records 200000
    python benchmarks/wages_reconcile.py --full           # 5,000,000 records
    python benchmarks/wages_reconcile.py --records 200000 --employers 80 --profile
"""

import argparse
import contextlib
import cProfile
import datetime as dt
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

UNPAID = "SELECT count(*), sum(shortfall) FROM bench_month WHERE days_late IS NULL"


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
        cur.execute(UNPAID)  # the months with no line (what the month close finds)
        rows, total = cur.fetchone()
        out["unpaid"] = (rows, cents(total))
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


# The product's world for `n` workers, written by SQL (setup, not timed): for each worker a clearance received from
# the origin, the arrival with a work permit, the registered contract (its document a fixed ciphertext: reconciliation
# reads the pay terms, not the document) and its pay terms as the first month's import keeps them; then one salary
# file per employer (`files` of them, the workers dealt round) with the same lines as LINES, stored as the import
# stores them (a fixed ciphertext for the worker ID; the blind index an md5, which nothing here reads).
WORLD = [
    """INSERT INTO clearance_peerclearance (source_country, source_key_id, reference, token, worker_name, passport_tail,
         nationality, employer_name, contract_reference, content_hash, departure_by, issued_at, expires_at, halt_reason,
         received_at)
       SELECT 'PH', 'bench', 'BCL-' || g, 'x', 'Worker', '0000', 'PH', 'Employer', 'BCT-' || g, 'h', DATE '2026-01-01',
              now(), now(), '', now() FROM generate_series(1, {n}) g""",
    """INSERT INTO clearance_arrival (clearance_id, arrived_on, port, work_permit_number, work_permit_index,
         recorded_by_id, recorded_at)
       SELECT id, DATE '2026-02-01', '', %(cipher)s, md5(reference), %(officer)s, now()
       FROM clearance_peerclearance WHERE source_key_id = 'bench'""",
    """INSERT INTO clearance_peercontract (source_country, source_key_id, reference, version, content_hash, document,
         signature, worker_name, employer_name, registered_at, received_at)
       SELECT 'PH', 'bench', 'BCT-' || g, 1, 'h', %(cipher)s, 'x', 'Worker', 'Employer', now(), now()
       FROM generate_series(1, {n}) g""",
    """INSERT INTO wages_contractpayterms (contract_id, terms, reference, origin, sector, currency, monthly_basic,
         monthly_allowances)
       SELECT id, jsonb_build_object('corridor', jsonb_build_object('origin', 'PH'),
                'job', jsonb_build_object('sector', 'construction'), 'deductions', '[]'::jsonb, 'term', '{{}}'::jsonb,
                'employer', jsonb_build_object('registration_number', 'B' || (g %% {files})), 'wage', jsonb_build_object('amount', b::text, 'currency', 'SAR',
                'period', 'month', 'allowances', CASE WHEN a > 0 THEN jsonb_build_array(jsonb_build_object(
                'kind', 'housing', 'amount', a::text)) ELSE '[]'::jsonb END)),
              reference, 'PH', 'construction', 'SAR', b, a
       FROM (SELECT id, reference, substr(reference, 5)::bigint AS g FROM clearance_peercontract
             WHERE source_key_id = 'bench') c
       CROSS JOIN LATERAL (SELECT (1000 + (g %% 7) * 100)::numeric(14, 2) AS b,
                                  (CASE WHEN g %% 3 = 0 THEN 200 ELSE 0 END)::numeric(14, 2) AS a) x""",
    """INSERT INTO wages_salaryline (file_id, line_no, worker_ref, worker_index, arrival_id, pay_terms_id, pay_start,
         pay_end, days_in_period, unpaid_leave_days, basic, allowances, variable, components, deductions,
         deductions_total, paid_amount, paid_on, currency, own_account, account_tail)
       SELECT f.id, l.worker, %(cipher)s, md5('BCL-' || l.worker), a.id, t.id, DATE '2026-12-01', l.pay_end, l.days,
              l.leave_days, (1000 + (l.worker %% 7) * 100), CASE WHEN l.worker %% 3 = 0 THEN 200 ELSE 0 END, 0,
              '{{}}'::jsonb, '[]'::jsonb, 0, l.paid, l.paid_on, 'SAR', true, '0000'
       FROM ({lines}) l
       JOIN clearance_peerclearance c ON c.reference = 'BCL-' || l.worker AND c.source_key_id = 'bench'
       JOIN clearance_arrival a ON a.clearance_id = c.id
       JOIN wages_contractpayterms t ON t.reference = 'BCT-' || l.worker
       JOIN wages_salaryfile f ON f.employer_ref = 'B' || (l.worker %% {files}) AND f.period = DATE '2026-12-01'""",
    "ANALYZE",
]


def product_month(n: int, files: int, profile: bool = False) -> dict:
    """The product reconciling a month of `n` workers' salary lines in `files` stored files, file by file as the
    import does (`_reconcile_file`, `_arrears_check_file` in one transaction each), the months' events dispatched
    after each commit; the arrears alerts' events (a case for each worker, the message to the origin) are left
    queued for the event workers, and their dispatch timed on a sample."""
    from django.db import connection, transaction
    from tests.factories.accounts import UserFactory, verified
    from tests.factories.registry import EmployerFactory

    from corridor.accounts.choices import Role
    from corridor.core import events, node
    from corridor.core.models import DomainEvent
    from corridor.wages.models import ArrearsAlert, MonthReconciliation, SalaryFile, SalaryLine
    from corridor.wages.services import salaries

    real = node.identity()
    node.identity = lambda: node.NodeIdentity("SA", "Saudi Arabia", "SA node", real.url)
    officer = verified(UserFactory(role=Role.DESTINATION_OFFICER, username="bench-officer"))
    employers = [EmployerFactory(registration_number=f"B{i}", verify=False) for i in range(files)]
    SalaryFile.objects.bulk_create([
        SalaryFile(format="csv", sha256=f"bench-{e.registration_number}", employer_ref=e.registration_number, employer=e,
                   period=dt.date(2026, 12, 1), currency="SAR", line_count=0, total=0) for e in employers],
        batch_size=2000)
    cipher = SalaryLine._meta.get_field("worker_ref").get_db_prep_save("84010000000000", connection)
    out = {}
    t = time.perf_counter()
    with connection.cursor() as cur:
        for statement in WORLD:
            step = time.perf_counter()
            cur.execute(statement.format(n=n, files=files, lines=LINES.format(n=n, employers=files).replace("%", "%%")),
                        {"cipher": cipher, "officer": officer.pk})
            out.setdefault("setup_steps", []).append(round(time.perf_counter() - step, 1))
        cur.execute("UPDATE wages_salaryfile f SET line_count = (SELECT count(*) FROM wages_salaryline l "
                    "WHERE l.file_id = f.id)")
    out["setup"] = time.perf_counter() - t
    out["lines"] = SalaryLine.objects.count()
    held, spent = [], {"dispatch": 0.0}
    dispatch_many = events.dispatch_many

    def timed(ids):  # the months' events dispatched now; the alerts' left queued (dispatched by the event workers)
        ids = list(ids)
        alerts = set(DomainEvent.objects.filter(pk__in=ids, name="wages.arrears_alert").values_list("pk", flat=True))
        held.extend(alerts)
        t = time.perf_counter()
        try:
            return dispatch_many([i for i in ids if i not in alerts])
        finally:
            spent["dispatch"] += time.perf_counter() - t

    events.dispatch_many = timed
    profiler = cProfile.Profile() if profile else None
    statements: dict[str, list[float]] = {}

    def clocked(execute, sql, params, many, context):  # --profile: the time of each kind of statement
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent_on = statements.setdefault(" ".join(sql.split())[:150], [0, 0.0])
            spent_on[0] += 1
            spent_on[1] += time.perf_counter() - t

    wrapper = connection.execute_wrapper(clocked) if profile else contextlib.nullcontext()
    wrapper.__enter__()
    t = time.perf_counter()
    try:
        if profiler:
            profiler.enable()
        with connection.cursor() as cur:
            cur.execute("SET work_mem = '256MB'")
        for file in SalaryFile.objects.order_by("pk"):
            with transaction.atomic():
                salaries._reconcile_file(file, destination="SA")
                salaries._arrears_check_file(acting_user=officer, file=file)
    finally:
        if profiler:
            profiler.disable()
        wrapper.__exit__(None, None, None)
        events.dispatch_many = dispatch_many
    out["total"] = time.perf_counter() - t
    out["dispatch"] = spent["dispatch"]
    events.dispatch_many = timed
    t = time.perf_counter()
    try:  # the month close: the workers with no line this month, each owed the month
        closed = salaries.wages_month_close(acting_user=officer, period=dt.date(2026, 12, 1))
    finally:
        events.dispatch_many = dispatch_many
    out["close"] = time.perf_counter() - t
    out["unpaid"] = (len(closed), cents(100 * sum(m.shortfall for m in closed)))
    del closed
    out["months"] = MonthReconciliation.objects.count()  # the whole month: the files' and the close's
    out["short"] = MonthReconciliation.objects.filter(shortfall__gt=0).count()
    out["shortfall"] = cents(100 * sum(MonthReconciliation.objects.filter(shortfall__gt=0)
                                       .values_list("shortfall", flat=True).iterator()))
    out["alerts"] = ArrearsAlert.objects.count()
    out["queued"] = len(held)
    sample = held[:500]
    t = time.perf_counter()
    dispatch_many(sample)
    out["alert_dispatch"] = (time.perf_counter() - t) / max(len(sample), 1)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        for sql, (count, seconds) in sorted(statements.items(), key=lambda item: -item[1][1])[:15]:
            print(f"{seconds:8.2f} s {count:6d}x  {sql}")
    return out


def product_import(lines: int, employers_ref: str = "1010123456", profile: bool = False) -> dict:
    """`salary_file_import` of a CSV of `lines` lines, end to end (parse, match, store, reconcile)."""
    from tests.factories.accounts import UserFactory, verified
    from tests.factories.registry import EmployerFactory
    from tests.wages.conftest import csv_file

    from corridor.accounts.choices import Role
    from corridor.wages import services

    EmployerFactory(registration_number=employers_ref)
    officer = verified(UserFactory(role=Role.DESTINATION_OFFICER, username="bench-importer"))
    data = csv_file([{"employer_id": employers_ref, "worker_id": f"8401{i:010d}",
                      "paid_on": "2027-01-09" if i % 13 == 0 else "2026-12-31"} for i in range(lines)])
    t = time.perf_counter()
    services.salary_file_import(acting_user=officer, data=data, format="csv")
    return {"lines": lines, "total": time.perf_counter() - t}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--full", action="store_true", help="5,000,000 records")
    parser.add_argument("--employers", type=int, default=2_000)
    parser.add_argument("--streams", type=int, default=2, help="parallel COPY streams loading the file (PostgreSQL)")
    parser.add_argument("--no-product", action="store_true", help="the SQL and DuckDB reference only")
    parser.add_argument("--import-records", type=int, default=2_000,
                        help="lines of a CSV imported end to end by salary_file_import (0: none)")
    parser.add_argument("--profile", action="store_true", help="print a profile of the product's month")
    args = parser.parse_args()
    n = 5_000_000 if args.full else args.records
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        print("wages_reconcile: skipped, it needs PostgreSQL (DATABASE_URL; `make bench` or scripts/with-postgres.sh)")
        return
    with tempfile.TemporaryDirectory(prefix="wages-bench-") as tmp:
        csv_path = Path(tmp) / "salary-lines.csv"
        teardown = django_with_database()
        try:
            pg = postgres(n, args.employers, csv_path, args.streams)
            product = None if args.no_product else product_month(n, args.employers, profile=args.profile)
            imported = product_import(args.import_records) if product and args.import_records else None
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
        whole = product["total"] + product["close"]
        same = (product["months"], product["short"], product["shortfall"]) == (pg["rows"], pg["arrears"][2],
                                                                              pg["arrears"][1])
        print(f"  product (PostgreSQL): {product['lines']:,} salary lines in {args.employers:,} stored files (setup "
              f"{product['setup']:.0f} s, not timed: {product['setup_steps']}) reconciled file by file as the import "
              f"does, months' events dispatched: {product['total']:.2f} s (of which the events' dispatch "
              f"{product['dispatch']:.2f} s); then the month close (`wages_month_close`, the workers with no line): "
              f"{product['close']:.2f} s, {product['unpaid'][0]:,} months owed {product['unpaid'][1]} (the reference's "
              f"months with no line: {pg['unpaid'][0]:,}, {pg['unpaid'][1]})")
        print(f"    the whole month: {whole:.2f} s; {product['months']:,} months, {product['short']:,} short by "
              f"{product['shortfall']} in all; the reference: {pg['rows']:,}, {pg['arrears'][2]:,} short by "
              f"{pg['arrears'][1]}: {'the same' if same else 'NOT THE SAME'}")
        print(f"    {product['alerts']:,} arrears alerts recorded; their {product['queued']:,} events left queued for "
              f"the event workers (a case for each worker, the message to the origin): "
              f"{product['alert_dispatch'] * 1000:.1f} ms each, dispatched on a sample of 500")
        if ref is not None:
            print(f"    product / DuckDB, the whole month: {whole / ref['total']:.1f}x")
    if imported:
        per_line = imported["total"] / imported["lines"]
        print(f"  product import (salary_file_import: parse, match, store, reconcile): {imported['lines']:,} lines in "
              f"{imported['total']:.2f} s ({per_line * 1000:.2f} ms a line)")
    print(f"  peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
