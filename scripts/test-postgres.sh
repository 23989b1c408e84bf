#!/usr/bin/env bash
# Part of scripts/test.sh, run inside scripts/with-postgres.sh: migrate one database, then the PostgreSQL pass, whose
# test processes each start from a copy of it (CREATE DATABASE ... TEMPLATE).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
"$PY" -c 'import os, psycopg; psycopg.connect(os.environ["DATABASE_URL"], autocommit=True).execute("CREATE DATABASE migrated")'
DATABASE_URL=${DATABASE_URL%/*}/migrated scripts/test-migrate.sh
# The two-node tests of this pass start their node processes from the SQLite file scripts/test.sh migrates meanwhile.
while [ -n "${CORRIDOR_TEST_WORK:-}" ] && [ ! -e "$CORRIDOR_TEST_WORK/sqlite-migrated" ]; do sleep 1; done
CORRIDOR_TEST_PG_TEMPLATE=migrated "$PY" -m pytest --suite-pass postgres -m "not browser" -q -n 2 "$@"
