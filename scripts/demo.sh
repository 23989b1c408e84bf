#!/usr/bin/env bash
# Two demo nodes, already peered: an origin (the Philippines) and a destination (Saudi Arabia, or DEST_COUNTRY),
# each with its own SQLite database, data directory and key, demo data on both sides, a server and a message
# delivery worker each. Everything runs in the foreground process group: Ctrl-C stops both nodes.
set -euo pipefail
PORT=${1:-8000}
DEST_PORT=${DEST_PORT:-$((PORT + 1))}
ORIGIN_COUNTRY=${CORRIDOR_COUNTRY:-PH}
DEST_COUNTRY=${DEST_COUNTRY:-SA}
DEMO_DIR=${CORRIDOR_DATA_DIR:-var/demo}
BIN=${BIN:-.venv/bin}
export CORRIDOR_ADMIN_PASSWORD=${CORRIDOR_ADMIN_PASSWORD:-corridor-demo-2026}
export CORRIDOR_DEMO=1 CORRIDOR_HTTPS=0 DEST_COUNTRY CORRIDOR_EXCHANGE_AUTO_DELIVER=0
KINDS=(contract.registered clearance.granted clearance.halted arrival.recorded contract.checked transfer.decided watchlist.entry watchlist.lifted wages.arrears wages.unpaid worker.returned indicators.aggregate)

# node COUNTRY PORT COMMAND...: run a corridor command as that node.
node() {
  local country=$1 port=$2; shift 2
  CORRIDOR_COUNTRY=$country CORRIDOR_DATA_DIR="$DEMO_DIR/${country,,}" CORRIDOR_NODE_URL="http://127.0.0.1:$port" \
    CORRIDOR_NODE_NAME="Corridor $country (demo)" "$BIN/corridor" "$@"
}
pids=()
stop() { trap - INT TERM EXIT; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop INT TERM EXIT
background() { "$@" & pids+=($!); }
wait_up() { for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "node on port $1 did not start" >&2; return 1; }

mkdir -p "$DEMO_DIR"
first_run=0
[ -f "$DEMO_DIR/${ORIGIN_COUNTRY,,}/corridor.sqlite3" ] || first_run=1
for pair in "$ORIGIN_COUNTRY:$PORT" "$DEST_COUNTRY:$DEST_PORT"; do
  node "${pair%%:*}" "${pair##*:}" init --noinput
  node "${pair%%:*}" "${pair##*:}" peers identity --output "$DEMO_DIR/${pair%%:*}.json" >/dev/null
done
if [ "$first_run" = 1 ]; then
  # What the two administrators do: exchange node documents out of band and agree what each sends.
  node "$ORIGIN_COUNTRY" "$PORT" peers add --country "$DEST_COUNTRY" --url "http://127.0.0.1:$DEST_PORT" \
    --key-file "$DEMO_DIR/$DEST_COUNTRY.json" --send "${KINDS[@]}" --accept "${KINDS[@]}" --noinput
  node "$DEST_COUNTRY" "$DEST_PORT" peers add --country "$ORIGIN_COUNTRY" --url "http://127.0.0.1:$PORT" \
    --key-file "$DEMO_DIR/$ORIGIN_COUNTRY.json" --send "${KINDS[@]}" --accept "${KINDS[@]}" --noinput
fi

background node "$DEST_COUNTRY" "$DEST_PORT" serve --bind "127.0.0.1:$DEST_PORT" --workers 2
wait_up "$DEST_PORT"
if [ "$first_run" = 1 ]; then
  node "$ORIGIN_COUNTRY" "$PORT" demo          # clearances in every stage; granted ones queue messages to the destination
  node "$ORIGIN_COUNTRY" "$PORT" exchange deliver --once
  node "$DEST_COUNTRY" "$DEST_PORT" demo       # arrivals and a substituted contract, reported back to the origin
  # the corridor figures: each node sends its published (suppressed) tables to the other (indicators.aggregate)
  node "$ORIGIN_COUNTRY" "$PORT" indicators share
  node "$DEST_COUNTRY" "$DEST_PORT" indicators share
fi
background node "$ORIGIN_COUNTRY" "$PORT" serve --bind "127.0.0.1:$PORT" --workers 2
wait_up "$PORT"
background node "$ORIGIN_COUNTRY" "$PORT" exchange deliver --interval 1
background node "$DEST_COUNTRY" "$DEST_PORT" exchange deliver --interval 1

echo
echo "Origin      ($ORIGIN_COUNTRY): http://127.0.0.1:$PORT/   (officer, agency, worker, fund ...)"
echo "Destination ($DEST_COUNTRY): http://127.0.0.1:$DEST_PORT/   (inspector: arriving workers, substitution matters, /wages/ salary files and arrears)"
echo "Origin's view of its workers' wage arrears: http://127.0.0.1:$PORT/wages/reported-arrears/   (attache)"
echo "Password for every demo account: $CORRIDOR_ADMIN_PASSWORD; second step: CORRIDOR_DEMO=1 CORRIDOR_DATA_DIR=$DEMO_DIR/<country> $BIN/corridor totp USERNAME (country in lower case, e.g. ph)"
echo "Ctrl-C stops both nodes."
wait
