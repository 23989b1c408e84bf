#!/usr/bin/env bash
# Part of scripts/test.sh: migrate DATABASE_URL's database once, with the suite's settings, for the test processes to
# copy (tests/settings.py, tests/conftest.py); migrating takes most of a minute, copying a moment.
set -euo pipefail
cd "$(dirname "$0")/.."
CORRIDOR_DATA_DIR=$(mktemp -d "$CORRIDOR_TEST_WORK/data.XXXXXX") DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=src:. \
  .venv/bin/python -m django migrate --verbosity 0
