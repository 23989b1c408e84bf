"""The indicators at national scale on PostgreSQL: a year of a million workers, then a full rebuild of the summary
tables (set-based: one grouped query per table) and a page of figures (the published tables, suppression included).

Generates, inside the database (INSERT ... SELECT generate_series: nothing held in Python), SCALE x
10,000,000 clearances with their grant events, 1,000,000 complaints with a grievance each, and 12,000,000 worker-month
reconciliations (one per salary line: the rows the arrears tables read), spread over twelve months and a handful of
destinations, sexes, ages and occupations. Every NOT NULL column the benchmark does not care about gets a filler
value of its type, so the real schema (foreign keys, constraints) is used as it is.

    scripts/with-postgres.sh .venv/bin/python benchmarks/indicators_scale.py --scale 0.05   # 1/20 (what we ran)
    scripts/with-postgres.sh .venv/bin/python benchmarks/indicators_scale.py --scale 1      # the full year
"""

import argparse
import os
import statistics
import sys
import time

from _setup import django_with_database

FILL = {"character varying": "'x' || g", "text": "'x' || g", "integer": "0", "bigint": "0", "smallint": "0",
        "boolean": "false", "timestamp with time zone": "now()", "date": "current_date", "numeric": "0",
        "jsonb": "'[]'::jsonb", "uuid": "gen_random_uuid()", "double precision": "0"}


def insert_series(cursor, table: str, n: int, values: dict[str, str], start: int = 1) -> None:
    """INSERT n rows into `table`, the given columns from SQL expressions of g, every other NOT NULL column filled."""
    cursor.execute("""SELECT column_name, data_type FROM information_schema.columns
                      WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL""", [table])
    columns = dict(values)
    for name, kind in cursor.fetchall():
        if name not in columns and name != "id":
            columns[name] = FILL[kind]
    names = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(f'INSERT INTO "{table}" ({names}) SELECT {", ".join(columns.values())} '  # noqa: S608 - ours
                   f"FROM generate_series({start}, {start + n - 1}) AS g")


def generate(scale: float) -> dict[str, int]:
    from django.db import connection

    from corridor.accounts import services as accounts

    n_clear, n_case, n_rec = int(10_000_000 * scale), int(1_000_000 * scale), int(12_000_000 * scale)
    months = "date_trunc('month', now()) - ((g % 12) || ' months')::interval + ((g % 27) || ' days')::interval"
    with connection.cursor() as c:
        c.execute("SET synchronous_commit = off")
        agency = accounts.organisation_create(acting_user=None, name="Bench Agency", kind="recruitment_agency",
                                              country="PH")
        user = accounts.user_create(acting_user=None, username="bench", password=None, role="agency_staff",
                                    organisation=agency)
        org = agency.pk
        insert_series(c, "accounts_worker", n_clear, {
            "nationality_id": "'PH'", "sex": "CASE WHEN g % 3 = 0 THEN 'M' ELSE 'F' END",
            "date_of_birth": "date '1975-01-01' + (g % 9000)"})
        c.execute("SELECT min(id) FROM accounts_worker")
        w0 = c.fetchone()[0]
        insert_series(c, "contracts_contract", n_clear, {
            "worker_id": f"{w0} + g - 1", "agency_id": str(org), "reference": "'C-' || g", "status": "'registered'",
            "submitted_by_id": str(user.pk),
            "registered_at": "now()"})
        c.execute("SELECT min(id) FROM contracts_contract")
        k0 = c.fetchone()[0]
        insert_series(c, "clearance_clearance", n_clear, {
            "reference": "'CL-' || g", "contract_id": f"{k0} + g - 1", "worker_id": f"{w0} + g - 1",
            "agency_id": str(org), "destination_id": "(ARRAY['SA','AE','QA','KW','BH','OM'])[1 + g % 6]",
            "status": "'granted'", "departure_date": "current_date", "issued_at": "now()",
            "expires_at": "now() + interval '90 days'"})
        c.execute("SELECT min(id) FROM clearance_clearance")
        c0 = c.fetchone()[0]
        insert_series(c, "clearance_clearanceevent", n_clear, {
            "clearance_id": f"{c0} + g - 1", "action": "'grant'", "from_status": "'applied'",
            "to_status": "'granted'", "created_at": months, "effective_date": "current_date"})
        insert_series(c, "cases_case", n_case, {
            "reference": "'K-' || g", "status": "'received'", "channel": "'anonymous'", "jurisdiction": "'origin'",
            "nationality_id": "'PH'", "country_where_id": "(ARRAY['SA','AE','QA'])[1 + g % 3]", "created_at": months})
        c.execute("SELECT min(id) FROM cases_case")
        s0 = c.fetchone()[0]
        insert_series(c, "cases_grievance", n_case, {
            "case_id": f"{s0} + g - 1",
            "kind": "(ARRAY['unpaid_wages','contract_substitution','recruitment_fees','documents_taken'])[1 + g % 4]"})
        insert_series(c, "wages_monthreconciliation", n_rec, {
            "employer_ref": "'E' || (g % 5000)", "period": "(date_trunc('month', now()) - ((g % 12) || ' months')::interval)::date",
            "paid": "1500", "shortfall": "CASE WHEN g % 10 = 0 THEN 150 ELSE 0 END", "currency": "'SAR'",
            "days_late": "CASE WHEN g % 13 = 0 THEN 9 ELSE 0 END", "current": "true"})
        c.execute("ANALYZE")
    return {"clearances": n_clear, "cases": n_case, "reconciliations": n_rec}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.05, help="1 = 10M clearances, 1M cases, 12M salary lines")
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("run under scripts/with-postgres.sh (PostgreSQL)")
    teardown = django_with_database()
    try:
        from django.test import Client

        from corridor.indicators import selectors, services

        t = time.perf_counter()
        made = generate(args.scale)
        print(f"generated {made} in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        cells = services.indicators_rebuild(acting_user=None)
        print(f"full rebuild: {time.perf_counter() - t:.1f} s ({sum(cells.values())} cells in {len(cells)} tables)")
        times = []
        client = Client()
        for _ in range(args.pages):
            t = time.perf_counter()
            selectors.published()
            times.append((time.perf_counter() - t) * 1000)
        print(f"published tables (suppression included): median {statistics.median(times):.0f} ms, "
              f"max {max(times):.0f} ms over {args.pages}")
        times = []
        for _ in range(args.pages):
            t = time.perf_counter()
            assert client.get("/statistics/").status_code == 200
            times.append((time.perf_counter() - t) * 1000)
        print(f"statistics page (with charts): median {statistics.median(times):.0f} ms, max {max(times):.0f} ms")
    finally:
        teardown()


if __name__ == "__main__":
    main()
