#!/usr/bin/env bash
# The whole suite: everything on PostgreSQL (a server started for the run), then everything on SQLite
# including the browser scenarios in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
echo "== PostgreSQL: unit and integration tests"
scripts/with-postgres.sh $PY -m pytest -m "not browser" -q -p no:randomly "$@"
echo "== SQLite: unit, integration and browser tests"
$PY -m pytest -q "$@"
