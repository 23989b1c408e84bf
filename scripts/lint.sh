#!/usr/bin/env bash
# The house rules as checks (`make lint`, and first in scripts/test.sh): ruff, the import-linter contracts of
# pyproject.toml (layers, no cycles), model writes only in services, no unexplained function-level import.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
echo "== ruff"
$BIN/ruff check src tests benchmarks scripts
echo "== import-linter (layers, no cycles)"
PYTHONPATH=src $BIN/lint-imports --no-cache
echo "== model writes only in services"
$BIN/python scripts/lint/writes_in_services.py
echo "== function-level imports say why"
$BIN/python scripts/lint/function_imports.py
