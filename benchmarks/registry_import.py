"""Bulk registry import (issue 13, fault 9): N agencies with active licences, total time and the longest single write
transaction (the time other writers of the node may have to wait).

Run: python benchmarks/registry_import.py [--rows 10000] [--batch 1000]
(scripts/with-postgres.sh python benchmarks/registry_import.py for PostgreSQL). Figures, not assertions.
"""

import argparse
import contextlib
import os
import sys
import tempfile
import time
import types
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("CORRIDOR_DATA_DIR", tempfile.mkdtemp(prefix="corridor-bench-"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000, help="agencies to import")
    parser.add_argument("--batch", type=int, default=1000, help="rows per write transaction")
    parser.add_argument("--full", action="store_true", help="100,000 agencies")
    args = parser.parse_args()
    if args.full:
        args.rows = 100_000

    from benchmarks._setup import django_with_database

    teardown = django_with_database()
    try:
        from django.db import connection, transaction

        from corridor.registry import services, transfer
        from corridor.registry.models import Agency

        durations: list[float] = []
        depth = [0]

        @contextlib.contextmanager
        def timed_atomic(*a, **k):  # the outermost transactions the import opens, timed from BEGIN to COMMIT
            depth[0] += 1
            started = time.perf_counter()
            try:
                with transaction.atomic(*a, **k):
                    yield
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    durations.append(time.perf_counter() - started)

        for module in vars(services).values():  # the services are a package: each module imports transaction itself
            if isinstance(module, types.ModuleType) and getattr(module, "transaction", None) is transaction:
                module.transaction = types.SimpleNamespace(atomic=timed_atomic)
        today = date.today()
        rows = [{"name": f"Bench Agency {i} Manpower", "address": "Manila", "licence_number": f"BENCH-{i}",
                 "valid_from": str(today), "valid_until": str(today + timedelta(days=300)), "status": "active"}
                for i in range(args.rows)]
        marks = {}
        started = time.perf_counter()
        transfer.import_rows("agencies", rows, batch_size=args.batch, checked=lambda: marks.setdefault("checked", time.perf_counter()))
        total = time.perf_counter() - started
        assert Agency.objects.filter(name__startswith="Bench Agency").count() == args.rows
        print(f"{connection.vendor}: {args.rows} agencies, batch {args.batch}: total {total:.1f} s "
              f"(checking {marks['checked'] - started:.1f} s); {len(durations)} write transactions, "
              f"longest {max(durations) * 1000:.0f} ms, publication {durations[-1] * 1000:.0f} ms")
    finally:
        teardown()


if __name__ == "__main__":
    main()
