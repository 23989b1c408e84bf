#!/usr/bin/env bash
# Initialise a demo node (once), load its demo data, print the accounts, and serve it.
set -euo pipefail
PORT=${1:-8000}
BIN=.venv/bin
export CORRIDOR_ADMIN_PASSWORD=${CORRIDOR_ADMIN_PASSWORD:-corridor-demo-2026}
$BIN/corridor init --noinput
$BIN/corridor demo
echo
echo "Open http://127.0.0.1:$PORT/ (Ctrl-C stops the node)"
exec $BIN/corridor serve --bind "127.0.0.1:$PORT" --workers 2
