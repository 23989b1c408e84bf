#!/usr/bin/env bash
# The whole suite: unit and integration tests on PostgreSQL (a server started for the run), then
# everything on SQLite, including the browser scenarios in Debian's Chromium and the two-node tests
# (whose node processes run on SQLite databases of their own whichever database the suite uses).
# Both runs use the machine's two cores (pytest-xdist). A test that touches the database runs once per database,
# except a slow one marked once(database), run in that pass only; a test that never touches it runs once (SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
echo "== House rules (scripts/lint.sh)"
scripts/lint.sh
echo "== PostgreSQL: unit and integration tests"
scripts/with-postgres.sh $PY -m pytest --suite-pass postgres -m "not browser and not nodes" -q -n 2 "$@"
echo "== SQLite: unit, integration, two-node and browser tests"
$PY -m pytest --suite-pass sqlite -q -n 2 "$@"
