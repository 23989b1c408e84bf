"""Exchange soak, larger than the test: mixed ordered and unordered traffic while the receiver is killed (-9) and
restarted every cycle and the delivery daemon every other cycle; reports messages lost, duplicated or out of order.

    python benchmarks/exchange_soak.py [--cycles 6 | --full] [--keys 8] [--per-key 50] [--unordered 100]

Starts two real nodes (PH and SA) on loopback ports, as tests/exchange/test_soak.py does (5 cycles, 450 messages).
Figures only; nothing is asserted (the test asserts zero lost and zero duplicated).
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.exchange.nodes import Node, peer_nodes  # noqa: E402
from tests.exchange.soak import soak  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=6, help="faults: the receiver killed once a cycle")
    parser.add_argument("--full", action="store_true", help="20 cycles (10,000 messages, about 6 minutes)")
    parser.add_argument("--keys", type=int, default=8)
    parser.add_argument("--per-key", type=int, default=50)
    parser.add_argument("--unordered", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if args.full:
        args.cycles = 20
    with tempfile.TemporaryDirectory(prefix="corridor-soak-") as base:
        ph, sa = Node("PH", Path(base)).init(), Node("SA", Path(base)).init()
        try:
            ph.start()
            sa.start()
            peer_nodes(ph, sa)
            report = soak(ph, sa, cycles=args.cycles, keys=args.keys, per_key=args.per_key, unordered=args.unordered, seed=args.seed)
        finally:
            ph.kill()
            sa.kill()
    print(f"messages {report.messages} on {report.ordered_keys} ordering keys and none; faults injected {report.faults} "
          f"(receiver killed {report.receiver_kills}, delivery daemon killed {report.daemon_kills}) in {report.seconds:.0f} s")
    print(f"applied {report.applied}; lost {report.lost}; duplicated {report.duplicated}; "
          f"keys out of order {len(report.out_of_order_keys)}; outbox {report.outbox}")


if __name__ == "__main__":
    main()
