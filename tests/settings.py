"""Settings for the test suite: the node's settings with throwaway secrets and a temporary data directory."""

import os
import tempfile

os.environ.setdefault("CORRIDOR_TESTING", "1")
os.environ.setdefault("CORRIDOR_HTTPS", "0")
os.environ.setdefault("CORRIDOR_DATA_DIR", tempfile.mkdtemp(prefix="corridor-test-"))
if os.environ.get("PYTEST_XDIST_WORKER"):  # each pytest-xdist worker keeps its own keys, anchors and files
    _worker_dir = os.path.join(os.environ["CORRIDOR_DATA_DIR"], os.environ["PYTEST_XDIST_WORKER"])
    os.makedirs(_worker_dir, exist_ok=True)
    os.environ["CORRIDOR_DATA_DIR"] = _worker_dir
os.environ.setdefault("CORRIDOR_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz")
# Fixed test-only keys (never used outside the suite).
os.environ.setdefault("CORRIDOR_FIELD_KEYS", "3q2-7wPx8uQ6l0oJmZc1W9vYbR4tK5sN2aH7dF0gE6k=")
os.environ.setdefault("CORRIDOR_BLIND_INDEX_KEY", "test-blind-index-key")
os.environ.setdefault("CORRIDOR_COUNTRY", "PH")
os.environ.setdefault("CORRIDOR_TASKS_IMMEDIATE", "1")

from corridor.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["*"]

# whitenoise looks for the static root at start-up; the suite serves static files through the finders.
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405

# scripts/test.sh migrates one PostgreSQL database before the suite and names it here: each test process's database is
# then a copy of it (CREATE DATABASE ... TEMPLATE), and its migrate finds nothing left to apply.
if os.environ.get("CORRIDOR_TEST_PG_TEMPLATE") and DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = os.environ["CORRIDOR_TEST_PG_TEMPLATE"]  # noqa: F405
