"""Verify-a-recruiter at national scale: N agencies and sub-agents (default 100,000; --full 2,000,000), median and p95 server time.

Run: scripts/with-postgres.sh python benchmarks/registry_verify.py [--rows 100000 | --full] [--queries 300]
(without the wrapper it runs on a throwaway SQLite database). Figures, not assertions.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("CORRIDOR_DATA_DIR", tempfile.mkdtemp(prefix="corridor-bench-"))

FIRST = ["Bayanihan", "Mabuhay", "Kalayaan", "Silangan", "Tala", "Bituin", "Pag-asa", "Dakila", "Marangal", "Sampaguita",
         "Himalayan", "Sagarmatha", "Everest", "Annapurna", "Gorkha", "Lumbini", "Al Noor", "Al Hamra", "Golden", "Pacific",
         "Orient", "Sunrise", "Star", "Crown", "Eagle", "Lotus", "Jade", "Pearl", "Summit", "Horizon"]
SECOND = ["Global", "International", "Overseas", "Worldwide", "Asia", "Gulf", "Prime", "United", "First", "Royal", "Bright",
          "Grand", "Premier", "Elite", "Alliance"]
THIRD = ["Manpower", "Recruitment", "Placement", "Staffing", "Employment", "Services", "Human Resources", "Agency"]
SUFFIX = ["Inc.", "Corp.", "Co.", "Ltd.", "Pvt. Ltd.", "", "LLC"]
SYLLABLES = ["ka", "la", "ma", "na", "pa", "sa", "ta", "ba", "da", "ga", "ri", "lo", "no", "ru", "hi", "ya", "to", "mi", "su", "ke"]
PEOPLE = ["Pedro", "Jose", "Maria", "Ram", "Sita", "Hari", "Ahmed", "Fatima", "Juan", "Rosa", "Bishnu", "Gita"]


def word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def agency_name(rng):
    return " ".join(p for p in [rng.choice(FIRST), word(rng), rng.choice(SECOND), rng.choice(THIRD), rng.choice(SUFFIX)] if p)


def misspell(rng, name):
    chars = list(name)
    i = rng.randrange(1, len(chars) - 1)
    op = rng.choice(["drop", "swap", "double"])
    if op == "drop":
        del chars[i]
    elif op == "swap":
        chars[i], chars[i - 1] = chars[i - 1], chars[i]
    else:
        chars.insert(i, chars[i])
    return "".join(chars).lower()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000, help="agencies and sub-agents together (default 100,000)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--full", action="store_true", help="the size of issue 12: 2,000,000 rows")
    args = parser.parse_args()
    if args.full:
        args.rows = 2_000_000

    import django

    django.setup()
    from django.db import connection
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        run(args, connection)
    finally:
        runner.teardown_databases(old)


def run(args, connection):
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from corridor.accounts.models import Organisation
    from corridor.registry import names, selectors
    from corridor.registry.models import Agency, Licence, RecruiterBlock, SubAgent

    rng = random.Random(2026)
    today = timezone.localdate()
    n_agencies = args.rows // 4
    n_sub = args.rows - n_agencies
    print(f"database: {connection.vendor}; loading {n_agencies} agencies and {n_sub} sub-agents…", flush=True)
    started = time.perf_counter()
    now = timezone.now()
    agency_names = []
    batch = 20_000
    ids = Ids(connection)
    with transaction.atomic():
        for start in range(0, n_agencies, batch):
            orgs, agencies, licences, blocks = [], [], [], []
            for i in range(start, min(start + batch, n_agencies)):
                org, agency, licence = ids.next(Organisation), ids.next(Agency), ids.next(Licence)
                name = agency_name(rng)
                agency_names.append(name)
                key = names.name_key(name)
                orgs.append((org, f"bench {i}", "recruitment_agency", "PH", True, now))
                agencies.append((agency, org, name, key.key[:200], "x", "", "", "", "", False, now))
                licences.append((licence, agency, f"BN-{i:07d}", f"BN{i:07d}", "active", today - timedelta(days=10),
                                 today + timedelta(days=300), "", "", now))
                blocks += [(ids.next(RecruiterBlock), k[:16], agency, None) for k in names.block_keys(key)]
            write(connection, Organisation, ["id", "name", "kind", "country_id", "is_active", "created_at"], orgs)
            write(connection, Agency, ["id", "organisation_id", "name", "name_key", "address", "registration_number",
                                       "email", "phone", "bond_reference", "staged", "created_at"], agencies)
            write(connection, Licence, ["id", "agency_id", "number", "number_key", "status", "valid_from", "valid_until",
                                        "conditions", "status_reason", "applied_at"], licences)
            write(connection, RecruiterBlock, ["id", "key", "agency_id", "subagent_id"], blocks)
        agency_ids = list(Agency.objects.values_list("id", flat=True))
        for start in range(0, n_sub, batch):
            subs, blocks = [], []
            for i in range(start, min(start + batch, n_sub)):
                sub = ids.next(SubAgent)
                full = f"{rng.choice(PEOPLE)} {word(rng)} {word(rng)}"
                key = names.name_key(full)
                subs.append((sub, rng.choice(agency_ids), full, key.key[:200], f"SB-{i:07d}", f"SB{i:07d}", "x", "",
                             "active", False, now))
                blocks += [(ids.next(RecruiterBlock), k[:16], None, sub) for k in names.block_keys(key)]
            write(connection, SubAgent, ["id", "agency_id", "full_name", "name_key", "registration_number",
                                         "registration_key", "locality", "phone", "status", "staged", "registered_at"], subs)
            write(connection, RecruiterBlock, ["id", "key", "agency_id", "subagent_id"], blocks)
            if (start // batch) % 10 == 9:
                print(f"  {start + len(subs)} sub-agents, {time.perf_counter() - started:.0f} s", flush=True)
        ids.done()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load (blocks read from the index alone)
    print(f"loaded in {time.perf_counter() - started:.0f} s; {RecruiterBlock.objects.count()} block rows", flush=True)

    queries = []
    for _ in range(args.queries):
        kind = rng.random()
        name = rng.choice(agency_names)
        if kind < 0.6:
            queries.append(("misspelled name", misspell(rng, name), name))
        elif kind < 0.8:
            queries.append(("exact name", name, name))
        elif kind < 0.9:
            queries.append(("licence number", f"bn {rng.randrange(n_agencies):07d}", None))
        else:
            queries.append(("not registered", f"{word(rng)} {word(rng)} Manpower", None))
    selectors.verify_recruiters(query="warm up")
    trigram_calls = []
    ask_trigrams = selectors._trigram_candidates

    def counted(key):
        trigram_calls.append(key)
        return ask_trigrams(key)

    selectors._trigram_candidates = counted  # counts the queries that asked the trigram index too
    times, found, reference, ref_found, misses = [], 0, [], 0, []
    for kind, query, expected in queries:  # each query through Corridor, then through the reference, in turn
        asked = len(trigram_calls)
        t = time.perf_counter()
        results = selectors.verify_recruiters(query=query)
        times.append((time.perf_counter() - t) * 1000)
        if expected and results and any(r.name == expected for r in results[:3]):
            found += 1
        elif expected:
            misses.append((kind, query, expected, [(r.name, round(r.score, 1)) for r in results[:3]],
                           len(trigram_calls) > asked, sum(1 for n in agency_names if n == expected)))
        if connection.vendor == "postgresql":
            t = time.perf_counter()
            names_found = trigram_reference(connection, names.name_key(query).key)
            reference.append((time.perf_counter() - t) * 1000)
            if expected and expected in names_found[:3]:
                ref_found += 1
    named = sum(1 for q in queries if q[2])
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"verify-a-recruiter over {args.rows} agencies and sub-agents ({connection.vendor}), {len(times)} queries:")
    print(f"  median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")
    print(f"  the intended agency in the top 3 for {found}/{named} name queries (exact and misspelled)")
    for kind, query, expected, top, asked, copies in misses:
        print(f"  missed ({kind}, trigram index {'asked' if asked else 'not asked'}, {copies} agencies of that name): "
              f"{query!r} for {expected!r}; first three {top}")
    if connection.vendor == "postgresql":
        print(f"  {len(trigram_calls)} of {len(queries)} queries asked the trigram index too (no block candidate >= "
              f"{selectors.STRONG_MATCH:.0f})")
    if reference:
        reference.sort()
        ref_p95 = reference[int(0.95 * (len(reference) - 1))]
        print(f"reference, the bare pg_trgm index query (agencies and sub-agents, `%` at the same threshold, best 10 by similarity), same "
              f"queries in turn: median {statistics.median(reference):.1f} ms, p95 {ref_p95:.1f} ms; "
              f"top 3 for {ref_found}/{named}")
        print(f"  ratio Corridor / reference: median {statistics.median(times) / statistics.median(reference):.2f}, "
              f"p95 {p95 / ref_p95:.2f}")
    else:
        print("reference: the pg_trgm index query needs PostgreSQL (run under scripts/with-postgres.sh)")


class Ids:
    """Primary keys handed out here, so that a batch's rows can name each other before any is written; the
    tables' sequences are moved past them at the end (PostgreSQL)."""

    def __init__(self, connection):
        self.connection, self.last = connection, {}

    def next(self, model) -> int:
        if model not in self.last:
            self.last[model] = model.objects.order_by("-id").values_list("id", flat=True).first() or 0
        self.last[model] += 1
        return self.last[model]

    def done(self) -> None:
        if self.connection.vendor == "postgresql":
            with self.connection.cursor() as cursor:
                for model, last in self.last.items():
                    cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [model._meta.db_table, last])


def write(connection, model, columns, rows) -> None:
    """Rows straight into the table, every column the model requires given (no ORM: loading 2,000,000 agencies and
    sub-agents and their twenty million block keys through it takes most of an hour here): COPY on PostgreSQL, one
    executemany INSERT on SQLite."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                               rows)


def trigram_reference(connection, query):
    """The reference of issue 12: one trigram query over the same rows, through the GIN indexes, names best first."""
    from corridor.registry.selectors import TRIGRAM_THRESHOLD

    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [TRIGRAM_THRESHOLD])
        cursor.execute(
            "(SELECT name, similarity(name_key, %s) AS s FROM registry_agency WHERE name_key %% %s ORDER BY s DESC LIMIT 10)"
            " UNION ALL (SELECT full_name, similarity(name_key, %s) AS s FROM registry_subagent WHERE name_key %% %s "
            "ORDER BY s DESC LIMIT 10) ORDER BY 2 DESC LIMIT 10", [query] * 4)
        return [row[0] for row in cursor.fetchall()]


if __name__ == "__main__":
    main()
