"""The case queue with a national load: server time of the queue pages, urgent first, on PostgreSQL.

    scripts/with-postgres.sh python benchmarks/cases_queue.py [--cases 200000 | --full] [--repeat 30]

Migrates an empty database (DATABASE_URL; SQLite works for small N), bulk-loads --cases cases with COPY on
PostgreSQL (bulk_create elsewhere): 20 teams, the officer's team holding a quarter of them, 60 % resolved or
closed, 2 % urgent, time limits spread over ±30 days. Then it times, in process through Django's test client
(so: URL routing, the selector's query, template rendering; no network), the pages an officer opens:
  1. /cases/                 the team's open cases, urgent first, then the nearest time limit (page 1)
  2. /cases/?page=20         a deep page
  3. /cases/?urgent=1        urgent only
  4. /cases/overdue/         past their time limit
and prints median and p95 per page, plus the query plan of the queue (it must read the partial index
case_team_queue_idx in order, without sorting). Figures only; nothing is asserted.
"""

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("CORRIDOR_DATA_DIR", tempfile.mkdtemp(prefix="corridor-bench-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def load(n: int, team_ids: list[int], officer_team: int) -> float:
    from corridor.cases.models import Case
    from corridor.core import crypto

    rng = random.Random(2026)
    now = datetime.now(UTC)
    narrative = crypto.encrypt("Benchmark narrative: salary unpaid for three months, passport kept by the employer.")
    statuses = ["received", "triaged", "assigned", "in_progress", "awaiting_party", "reopened"]
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        columns = ["reference", "status", "channel", "is_urgent", "urgent_reasons", "nationality_id", "country_where_id",
                   "place", "narrative", "language", "jurisdiction", "assigned_team_id", "stage_due_at", "created_at",
                   "updated_at", "consent_share_identity", "consent_referral", "consent_referral_identity", "consent_partner",
                   "resolution"]
        chunk = 100_000
        with connection.cursor() as cursor:
            for start in range(0, n, chunk):
                buffer = io.StringIO()
                for i in range(start, min(n, start + chunk)):
                    closed = rng.random() < 0.6
                    status = rng.choice(["resolved", "closed"]) if closed else rng.choice(statuses)
                    team = officer_team if rng.random() < 0.25 else rng.choice(team_ids)
                    urgent = rng.random() < 0.02
                    due = "" if closed else (now + timedelta(minutes=rng.randint(-30 * 1440, 30 * 1440))).isoformat()
                    created = (now - timedelta(minutes=rng.randint(0, 365 * 1440))).isoformat()
                    row = [f"B-{i:08d}", status, "anonymous", "t" if urgent else "f", "violence" if urgent else "", "PH", "SA",
                           "Riyadh", narrative, "en", "origin", str(team), due or "\\N", created, created, "f", "f", "f", "f", ""]
                    buffer.write("\t".join(row) + "\n")
                buffer.seek(0)
                with cursor.copy(f"COPY cases_case ({', '.join(columns)}) FROM STDIN") as copy:
                    copy.write(buffer.read())
            cursor.execute("ANALYZE cases_case")
    else:
        batch = []
        for i in range(n):
            closed = rng.random() < 0.6
            batch.append(Case(
                reference=f"B-{i:08d}", status=rng.choice(["resolved", "closed"]) if closed else rng.choice(statuses),
                channel="anonymous", is_urgent=rng.random() < 0.02, nationality_id="PH", country_where_id="SA",
                jurisdiction="origin", assigned_team_id=officer_team if rng.random() < 0.25 else rng.choice(team_ids),
                stage_due_at=None if closed else now + timedelta(minutes=rng.randint(-30 * 1440, 30 * 1440))))
            if len(batch) == 10_000:
                Case.objects.bulk_create(batch)
                batch = []
        Case.objects.bulk_create(batch)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--full", action="store_true", help="a national load: 1,000,000 cases")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if args.full:
        args.cases = 1_000_000

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from corridor.accounts import services as accounts
    from corridor.cases import selectors

    teams = [accounts.organisation_create(acting_user=None, name=f"Team {i}", kind="consulate", country="PH", post_country="SA")
             for i in range(20)]
    officer = accounts.user_create(acting_user=None, username="bench-attache", password=None, role="consular_attache",
                                   organisation=teams[0])
    print(f"database: {connection.vendor}; loading {args.cases:,} cases ...", flush=True)
    seconds = load(args.cases, [t.pk for t in teams], teams[0].pk)
    print(f"loaded in {seconds:.1f} s ({args.cases / seconds:,.0f} rows/s)")

    client = Client()
    client.force_login(officer)
    device = StaticDevice.objects.create(user=officer, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    officer.is_verified = lambda: True
    queryset = selectors.case_queue(user=officer)[:51]
    with connection.cursor() as cursor:
        sql, params = queryset.query.sql_with_params()
        explain = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        cursor.execute(explain + sql, params)
        plan = "\n".join("  " + " | ".join(str(c) for c in row) for row in cursor.fetchall())
    print("plan of the queue's query (page 1):\n" + plan)

    pages = [("queue, page 1", "/cases/"), ("queue, page 20", "/cases/?page=20"), ("urgent only", "/cases/?urgent=1"),
             ("overdue", "/cases/overdue/")]
    print(f"\n{'page':<16}{'median ms':>10}{'p95 ms':>10}{'rows':>6}")
    for label, url in pages:
        times = []
        for _i in range(args.repeat + 2):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        times = sorted(times[2:])  # the first two warm caches
        rows = response.content.count(b'<th scope="row">')
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{label:<16}{statistics.median(times):>10.1f}{p95:>10.1f}{rows:>6}")


if __name__ == "__main__":
    main()
