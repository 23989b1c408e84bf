#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server: temporary directory, free port, stopped afterwards.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
ROOT=$(mktemp -d /tmp/corridor-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$ROOT"
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$ROOT/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$ROOT"; }
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$ROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$ROOT/data" -l "$ROOT/log" -w -t 30 \
  -o "-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
"$@"
