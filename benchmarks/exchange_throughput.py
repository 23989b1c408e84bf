"""Exchange between two nodes on this machine: delivery throughput and latency, and how fast a backlog drains after an outage.

    python benchmarks/exchange_throughput.py [--messages 20000 | --full] [--batch-size 500]

Starts two real nodes (PH and SA: `corridor init`, `corridor serve`, own SQLite database and key each) on loopback
ports, peers them, and measures:
  1. queueing: message_send (signed, audited, in transactions of 1,000) on PH;
  2. latency: one signed message per HTTP request to SA's inbox (p50, p95);
  3. throughput: `corridor exchange deliver --once` of a batch of messages to SA, which is up;
  4. backlog: SA down, --messages queued on PH, SA back, time for `exchange deliver --once --now` to drain them all.
The reference (issue 12), in the same run after step 3: the same signed messages posted in the same batches, by the
same kind of HTTP request, to a bare inbox that only verifies each signature and inserts the row
(benchmarks/_exchange_bare_inbox.py, served by gunicorn with the same workers and threads as SA); the ratio is
printed beside. Figures only; nothing is asserted.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.exchange.nodes import PYTHON, ROOT, Node, free_port, kill_group, peer_nodes  # noqa: E402


def timed(fn):
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def post(url: str, tokens: list[str]) -> list[dict]:
    """One batch, as the node's transport posts it (urllib, a new connection each; corridor.exchange.transport)."""
    request = urllib.request.Request(url, data=json.dumps({"messages": tokens}).encode(), method="POST", headers={
        "Content-Type": "application/json", "Accept": "application/json", "User-Agent": "corridor-exchange/1"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
        return json.loads(response.read())["results"]


def bare_reference(ph: Node, tokens: list[str], *, batch_size: int, workers: int, base: Path) -> float:
    """Messages per second through the bare inbox (verify and insert only) for `tokens`, in batches."""
    key = json.loads(ph.identity_file().read_text())["keys"][0]["x"]
    port = free_port()
    env = {**os.environ, "BARE_INBOX_KEY": key, "BARE_INBOX_DB": str(base / "bare.sqlite3"),
           "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([PYTHON, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                               "--threads", "4", "--log-level", "error", "benchmarks._exchange_bare_inbox:app"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                post(url, [])
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        started = time.perf_counter()
        accepted = 0
        for i in range(0, len(tokens), batch_size):
            accepted += sum(r["status"] == "accepted" for r in post(url, tokens[i:i + batch_size]))
        seconds = time.perf_counter() - started
    finally:
        kill_group(server)
    if accepted != len(tokens):
        raise RuntimeError(f"the bare inbox accepted {accepted} of {len(tokens)}")
    return len(tokens) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20_000, help="size of the backlog after the outage")
    parser.add_argument("--full", action="store_true", help="the size of issue 12: a backlog of 100,000")
    parser.add_argument("--throughput-messages", type=int, default=None, help="messages for the steady throughput run")
    parser.add_argument("--latency-messages", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=500, help="messages a request (the node's default, BATCH_SIZE)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of the receiving node")
    args = parser.parse_args()
    if args.full:
        args.messages = 100_000
    steady = args.throughput_messages or min(args.messages, 10_000)

    with tempfile.TemporaryDirectory(prefix="corridor-bench-") as base:
        env = {"CORRIDOR_EXCHANGE_BATCH_SIZE": str(args.batch_size)}
        ph, sa = Node("PH", Path(base), **env).init(), Node("SA", Path(base), **env).init()
        try:
            ph.start()
            sa.start(workers=args.workers)
            peer_nodes(ph, sa)
            startup = timed(lambda: ph.cli("exchange", "deliver", "--once"))
            print(f"nodes up; `exchange deliver --once` with nothing to send takes {startup:.2f} s (process start), "
                  "subtracted below")

            # 1. queueing
            seconds = timed(lambda: ph.cli("exchange_test_send", "SA", "--run", "steady", "--count", str(steady)))
            print(f"queue   {steady:>7} messages on PH: {steady / max(seconds - startup, 1e-3):8.0f} msg/s "
                  "(signed and audited, 1,000 per transaction)")

            # 2. latency: one message per request, straight to SA's inbox
            ph.cli("exchange_test_send", "SA", "--run", "latency", "--count", str(args.latency_messages))
            tokens = [row[0] for row in ph.query("SELECT token FROM exchange_outboundmessage WHERE token != '' ORDER BY created_at "
                                                 "DESC LIMIT ?", (args.latency_messages,))]
            latencies = []
            for token in tokens:
                request = urllib.request.Request(sa.url + "/api/v1/exchange/inbox", data=json.dumps({"message": token}).encode(),
                                                 headers={"Content-Type": "application/json"}, method="POST")
                started = time.perf_counter()
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                latencies.append((time.perf_counter() - started) * 1000)
            latencies.sort()
            print(f"latency {len(latencies):>7} single-message requests: p50 {statistics.median(latencies):.1f} ms, "
                  f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.1f} ms (verify, inbox row, handler, audit, commit)")

            # 3. steady throughput (the latency messages go too: they answer as duplicates)
            seconds = timed(lambda: ph.cli("exchange", "deliver", "--once", "--batch-size", str(args.batch_size), timeout=3600))
            sent = steady + args.latency_messages
            rate = sent / max(seconds - startup, 1e-3)
            print(f"deliver {sent:>7} messages, SA up, batches of {args.batch_size}: {rate:8.0f} msg/s")
            tokens = [row[0] for row in ph.query("SELECT token FROM exchange_outboundmessage WHERE token != ''")]
            reference = bare_reference(ph, tokens, batch_size=args.batch_size, workers=args.workers, base=Path(base))
            print(f"reference: the same {len(tokens):,} messages to a bare inbox (verify the signature, insert the "
                  f"row), batches of {args.batch_size}: {reference:8.0f} msg/s; Corridor / reference = "
                  f"{rate / reference:.2f}")

            # 4. backlog after an outage
            sa.kill()
            seconds = timed(lambda: ph.cli("exchange_test_send", "SA", "--run", "backlog", "--count", str(args.messages),
                                           timeout=7200))
            print(f"queue   {args.messages:>7} messages while SA is down: {seconds:.1f} s")
            ph.cli("exchange", "deliver", "--once")  # fails fast: the peer is unreachable, tried once
            sa.start(workers=args.workers)
            seconds = timed(lambda: ph.cli("exchange", "deliver", "--once", "--now", "--batch-size", str(args.batch_size),
                                           timeout=7200))
            applied = len(sa.applied("backlog"))
            print(f"drain   {args.messages:>7} backlog after the outage: {seconds:.1f} s, "
                  f"{args.messages / max(seconds - startup, 1e-3):8.0f} msg/s; applied on SA: {applied}, outbox: {ph.outbox()}")
        finally:
            ph.kill()
            sa.kill()


if __name__ == "__main__":
    main()
