"""Shared start-up for benchmarks: Django with the test settings and a fresh, migrated database.

Under `make bench` (scripts/with-postgres.sh) the database is a throwaway PostgreSQL server;
run by hand it is an in-memory SQLite database.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_with_database():
    """Set Django up and create a migrated test database; returns a function that drops it."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.conf import settings

    from corridor.core import crypto, secrets

    key = settings.DATA_DIR / secrets.SIGNING_KEY_FILE
    if not key.exists():
        secrets.write_private(key, crypto.generate_signing_key_pem())
    crypto.reset_caches()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)

    def teardown():
        connection.creation.destroy_test_db(old_name, verbosity=0)

    return teardown


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
