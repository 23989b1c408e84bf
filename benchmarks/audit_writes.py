"""Audited writes with concurrent clients: the same writes with and without their audit entry, in one run.

Run: scripts/with-postgres.sh python benchmarks/audit_writes.py [--clients 8] [--writes 300] [--rounds 2] [--full]
(without the wrapper it runs on SQLite, where one writer at a time is the database's own rule). Each client is a
process with its own database connection; a write is one transaction creating an organisation, and for the
audited writes also its audit entry (`core.audit.record`, which takes the audit chain's head row until commit).
Audited and unaudited rounds alternate (A B A B), so that a change in the machine's load touches both; the
reference is the unaudited rate, and the ratio audited/unaudited is printed. At the end the whole chain is
verified (`core.audit.verify`). Figures, not assertions.
"""

import argparse
import multiprocessing
import os
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
    parser.add_argument("--writes", type=int, default=300, help="writes per client per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--full", action="store_true", help="2,000 writes per client, 3 rounds")
    args = parser.parse_args()
    if args.full:
        args.writes, args.rounds = 2000, 3

    import django

    django.setup()
    from django.db import connection, connections
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        from corridor.core import audit

        connections.close_all()
        print(f"database: {connection.vendor}; {args.clients} clients, {args.writes} writes each per round, "
              f"{args.rounds} rounds of each; cpu count {os.cpu_count()}", flush=True)
        audited, plain = [], []
        for _ in range(args.rounds):
            audited.append(round_(args.clients, args.writes, True))
            plain.append(round_(args.clients, args.writes, False))
            print(f"  round: audited {audited[-1]:,.0f} writes/s, unaudited {plain[-1]:,.0f} writes/s, "
                  f"ratio {audited[-1] / plain[-1]:.2f}", flush=True)
        a, p = sorted(audited)[len(audited) // 2], sorted(plain)[len(plain) // 2]
        print(f"audited writes: {a:,.0f}/s; reference, the same writes without the audit entry: {p:,.0f}/s; "
              f"ratio {a / p:.2f} (medians of the rounds)")
        from corridor.core.models import AuditHead

        used = {h.pk: h.seq for h in AuditHead.objects.order_by("id") if h.seq}
        print("entries per audit chain: " + ", ".join(f"chain {k}: {v:,}" for k, v in used.items()))
        started = time.perf_counter()
        result = audit.verify()
        print(f"audit verify: ok={result.ok}, {result.checked:,} entries in {time.perf_counter() - started:.1f} s"
              + (f" ({result.problem})" if not result.ok else ""))
        connections.close_all()
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
