"""The exchange soak: mixed ordered and unordered traffic while the receiver (and the delivery daemon) are killed
and restarted again and again; then every message must have been applied exactly once, and in order per key.

Used by tests/exchange/test_soak.py (about a minute) and benchmarks/exchange_soak.py (as large as you like).
"""

import random
import time
from dataclasses import dataclass, field

from .nodes import Node, kill_group


@dataclass
class SoakReport:
    messages: int = 0
    ordered_keys: int = 0
    receiver_kills: int = 0
    daemon_kills: int = 0
    applied: int = 0
    lost: int = 0
    duplicated: int = 0
    out_of_order_keys: list[str] = field(default_factory=list)
    outbox: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def faults(self) -> int:
        return self.receiver_kills + self.daemon_kills


def soak(ph: Node, sa: Node, *, run: str = "soak", cycles: int = 5, keys: int = 4, per_key: int = 15, unordered: int = 30,
         seed: int = 13) -> SoakReport:
    rng = random.Random(seed)  # noqa: S311 - fault timing, not secrecy
    started = time.monotonic()
    report = SoakReport(ordered_keys=keys)
    daemon = ph.cli_background("exchange", "deliver", "--interval", "0.2", "--batch-size", "20")
    try:
        for cycle in range(cycles):
            wave = ph.cli_background("exchange_test_traffic", "SA", "--run", run, "--keys", str(keys), "--per-key", str(per_key),
                                     "--unordered", str(unordered), "--start", str(cycle * per_key),
                                     "--start-unordered", str(cycle * unordered))
            report.messages += keys * per_key + unordered
            time.sleep(rng.uniform(0.5, 1.5))  # deliveries under way
            sa.kill()  # kill -9, mid-request as likely as not
            report.receiver_kills += 1
            wave.wait(timeout=120)
            time.sleep(rng.uniform(0.2, 0.8))  # the sender meets a dead peer and backs off
            if cycle % 2 == 1:
                kill_group(daemon)  # the delivery daemon dies mid-claim: its lease must run out before a resend
                report.daemon_kills += 1
                daemon = ph.cli_background("exchange", "deliver", "--interval", "0.2", "--batch-size", "20")
            sa.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            outbox = ph.outbox()
            if set(outbox) <= {"accepted", "rejected"}:
                break
            time.sleep(0.5)
            if time.monotonic() > deadline - 100:
                ph.cli("exchange", "deliver", "--once", "--now")
    finally:
        kill_group(daemon)  # also when the run fails: a daemon left behind keeps working on a deleted node
    report.outbox = ph.outbox()
    runs = [f"{run}-k{i}" for i in range(keys)] + [f"{run}-free"]
    for name in runs:
        applied = sa.applied(name)
        expected = cycles * (unordered if name.endswith("-free") else per_key)
        report.applied += sum(applied.values())
        report.lost += expected - len(applied)
        report.duplicated += sum(n - 1 for n in applied.values())
        if not name.endswith("-free") and sa.applied_order(name) != list(range(expected)):
            report.out_of_order_keys.append(name)
    report.seconds = time.monotonic() - started
    return report
