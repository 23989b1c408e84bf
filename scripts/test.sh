#!/usr/bin/env bash
# The whole suite: the house rules, then two passes at the same time (each with two pytest-xdist processes):
# - PostgreSQL (a throwaway server): the tests that touch the database, and those that never touch one;
# - SQLite: the tests that touch the database again, the browser scenarios in Debian's Chromium and most two-node
#   tests (whose node processes run on SQLite databases of their own; a few, marked once(postgres), run in the
#   PostgreSQL pass, so that the two passes end together).
# A test that touches the database runs once per database, except a slow one marked once(database), run in that pass
# only. Each database is migrated once (scripts/test-migrate.sh) and every test process starts from a copy.
# Running the passes side by side keeps both cores busy while one pass waits (on a server, a browser, a node).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export CORRIDOR_TEST_WORK=$(mktemp -d /tmp/corridor-test.XXXXXX)
export CORRIDOR_TEST_MIGRATED_SQLITE=$CORRIDOR_TEST_WORK/migrated.sqlite3
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$CORRIDOR_TEST_WORK"' EXIT
echo "== House rules (scripts/lint.sh)"
scripts/lint.sh
echo "== PostgreSQL and SQLite passes, side by side (the PostgreSQL pass's output comes after the SQLite pass's)"
scripts/with-postgres.sh scripts/test-postgres.sh "$@" > "$CORRIDOR_TEST_WORK/postgres.log" 2>&1 &
postgres=$!
sqlite=0
DATABASE_URL=sqlite:///$CORRIDOR_TEST_MIGRATED_SQLITE scripts/test-migrate.sh
touch "$CORRIDOR_TEST_WORK/sqlite-migrated"  # the PostgreSQL pass's two-node tests start their nodes from this file
echo "== SQLite: unit, integration, two-node and browser tests"
$PY -m pytest --suite-pass sqlite -q -n 2 "$@" || sqlite=$?
pg=0
wait $postgres || pg=$?
echo "== PostgreSQL: unit and integration tests"
cat "$CORRIDOR_TEST_WORK/postgres.log"
echo "== SQLite pass: exit $sqlite; PostgreSQL pass: exit $pg"
[ "$sqlite" = 0 ] && [ "$pg" = 0 ]
