"""Audited writes with concurrent clients: the same writes with and without their audit entry, in one run.

Run: scripts/with-postgres.sh python benchmarks/audit_writes.py [--clients 8] [--writes 500] [--rounds 3] [--full]
(without the wrapper it runs on SQLite, where one writer at a time is the database's own rule). Each client is a
process with its own database connection; a write is one transaction creating an organisation, and for the
audited writes also its audit entry (`core.audit.record`, which takes the audit chain's head row until commit).
Audited and unaudited rounds alternate (A B A B), so that a change in the machine's load touches both; the
reference is the unaudited rate, and the ratio audited/unaudited is printed, each round's and the median of the
rounds'. At the end the whole trail is verified by `corridor audit verify` (every chain whole). Figures, not assertions.
"""

import argparse
import io
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("CORRIDOR_DATA_DIR", tempfile.mkdtemp(prefix="corridor-bench-"))


def client(args):
    number, writes, audited, start_at = args
    from django.db import connections, transaction

    from corridor.accounts.models import Organisation
    from corridor.core import audit

    connections.close_all()  # a connection of its own, not the parent's
    while time.time() < start_at:
        time.sleep(0.001)
    started = time.perf_counter()
    for i in range(writes):
        with transaction.atomic():
            org = Organisation.objects.create(name=f"bench {number}-{i}", kind="ngo", country_id="PH")
            if audited:
                audit.record(actor=None, action="bench.write", target=org, detail={"client": number})
    elapsed = time.perf_counter() - started
    connections.close_all()
    return elapsed


def round_(clients, writes, audited):
    start_at = time.time() + 0.5
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        began = time.perf_counter()
        pool.map(client, [(n, writes, audited, start_at) for n in range(clients)])
        wall = time.perf_counter() - began - 0.5
    return clients * writes / wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--writes", type=int, default=500, help="writes per client per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="2,000 writes per client, 5 rounds")
    args = parser.parse_args()
    if args.full:
        args.writes, args.rounds = 2000, 5

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        connections.close_all()
        print(f"database: {connection.vendor}; {args.clients} clients, {args.writes} writes each per round, "
              f"{args.rounds} rounds of each; cpu count {os.cpu_count()}", flush=True)
        audited, plain = [], []
        for _ in range(args.rounds):
            audited.append(round_(args.clients, args.writes, True))
            plain.append(round_(args.clients, args.writes, False))
            print(f"  round: audited {audited[-1]:,.0f} writes/s, unaudited {plain[-1]:,.0f} writes/s, "
                  f"ratio {audited[-1] / plain[-1]:.2f}", flush=True)
        a, p = statistics.median(audited), statistics.median(plain)
        ratio = statistics.median([x / y for x, y in zip(audited, plain, strict=True)])
        print(f"audited writes: {a:,.0f}/s; reference, the same writes without the audit entry: {p:,.0f}/s; "
              f"ratio {ratio:.2f} (medians of the rounds; aim at least 0.50)")
        from django.core.management import CommandError, call_command

        from corridor.core import crypto, secrets
        from corridor.core.models import AuditHead

        key = settings.DATA_DIR / secrets.SIGNING_KEY_FILE  # a node key of the run's own, for the anchor
        if not key.exists():
            secrets.write_private(key, crypto.generate_signing_key_pem())

        used = {h.pk: h.seq for h in AuditHead.objects.order_by("id") if h.seq}
        print("entries per audit chain: " + ", ".join(f"chain {k}: {v:,}" for k, v in used.items()))
        started = time.perf_counter()
        out = io.StringIO()
        try:
            call_command("audit", "anchor", stdout=out)  # one signed anchor of every chain's head, then the check
            call_command("audit", "verify", stdout=out)
            verdict = out.getvalue().strip()
        except CommandError as exc:
            verdict = str(exc)
        print(f"corridor audit verify ({time.perf_counter() - started:.1f} s): {verdict}")
        connections.close_all()
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
