"""Contracts checked per second on one process: one contract, and a batch through `corridor contract check --batch`.

Run: python benchmarks/contracts_check.py [--n 100000] [--single 2000] [--full]
Prints figures; asserts nothing. The share of time in the rule engine versus parsing and schema validation
is measured in-process over the same batch file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BASES = sorted((ROOT / "tests" / "rules" / "cases" / "base").glob("*.json"))


def make_batch(path: Path, n: int, seed: int = 2026) -> None:
    """n contracts from the rule cases' bases, with varied wages, hours, rest and fees (about a third violate)."""
    rng = random.Random(seed)
    bases = [json.loads(p.read_text("utf-8")) for p in BASES]
    with path.open("w", encoding="utf-8") as out:
        for _ in range(n):
            doc = json.loads(json.dumps(rng.choice(bases)))
            factor = rng.choice(["0.5", "0.9", "1", "1", "1.2", "1.5"])
            doc["wage"]["amount"] = f"{float(doc['wage']['amount']) * float(factor):.2f}"
            doc["hours"]["normal_weekly"] = rng.choice([40, 48, 48, 60])
            doc["rest"]["weekly_rest_hours"] = rng.choice([24, 24, 36, 12])
            if rng.random() < 0.2:
                doc["fees"]["paid_by_worker"] = [{"item": "placement_fee", "amount": "500.00", "currency": "USD"}]
            doc["worker"]["full_name"] = f"Worker {rng.randrange(10**6)}"
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")


def single(repeats: int) -> dict:
    from corridor.contracts import interchange
    from corridor.rules import engine

    raw = BASES[0].read_text("utf-8")
    doc = interchange.load(raw)
    engine.check(doc)  # warm the catalogue and caches
    start = time.perf_counter()
    for _ in range(repeats):
        interchange.load(raw)
    parse = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(repeats):
        engine.check(doc)
    check = time.perf_counter() - start
    return {"per_second": repeats / (parse + check), "parse_s": parse, "engine_s": check}


def in_process_batch(path: Path) -> dict:
    """The same work as --batch, timed in its parts: parse+validate, engine, writing the result."""
    import orjson

    from corridor.contracts import interchange
    from corridor.rules import engine

    parse = check = write = 0.0
    count = 0
    cpu = time.process_time()
    sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    with path.open(encoding="utf-8") as lines, sink:
        for line in lines:
            t0 = time.perf_counter()
            doc = interchange.load(line)
            t1 = time.perf_counter()
            result = engine.check(doc)
            t2 = time.perf_counter()
            # as `--batch` writes a line (contract.batch_line: orjson, json.dumps only where orjson refuses)
            sink.write(orjson.dumps(result, option=orjson.OPT_APPEND_NEWLINE).decode("utf-8"))
            t3 = time.perf_counter()
            parse, check, write, count = parse + t1 - t0, check + t2 - t1, write + t3 - t2, count + 1
    return {"count": count, "parse_s": parse, "engine_s": check, "write_s": write, "cpu_s": time.process_time() - cpu}


def reference_batch(path: Path) -> dict:
    """The reference of issue 12: orjson parsing plus jsonschema-rs validation of the same lines, nothing else."""
    import jsonschema_rs
    import orjson

    from corridor.contracts import interchange

    validator = jsonschema_rs.validator_for(interchange.schema())
    count = valid = 0
    cpu = time.process_time()
    start = time.perf_counter()
    with path.open("rb") as lines:
        for line in lines:
            valid += validator.is_valid(orjson.loads(line))
            count += 1
    return {"count": count, "valid": valid, "seconds": time.perf_counter() - start, "cpu_s": time.process_time() - cpu}


def command_batch(path: Path) -> dict:
    """`corridor contract check --batch FILE.jsonl` as an operator runs it (one process, output to /dev/null)."""
    with tempfile.TemporaryDirectory(prefix="corridor-bench-") as data_dir:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CORRIDOR_DATA_DIR": data_dir,
               "DJANGO_SETTINGS_MODULE": "corridor.settings", "CORRIDOR_HTTPS": "0"}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "corridor.cli", "contract", "check", "--batch", str(path)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": elapsed, "cpu_s": cpu, "exit": done.returncode, "stderr": done.stderr[-500:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="contracts in the batch (default 100000)")
    parser.add_argument("--full", action="store_true", help="the size of issue 12: 1,000,000 contracts")
    parser.add_argument("--single", type=int, default=2_000, help="repeats of the one-contract check")
    args = parser.parse_args()
    if args.full:
        args.n = 1_000_000
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")

    one = single(args.single)
    total = one["parse_s"] + one["engine_s"]
    print(f"one contract, {args.single} times: {one['per_second']:.0f} contracts/s "
          f"(parse+validate {100 * one['parse_s'] / total:.0f}%, engine {100 * one['engine_s'] / total:.0f}%; "
          f"{1e6 * one['parse_s'] / args.single:.0f} µs + {1e6 * one['engine_s'] / args.single:.0f} µs each)")

    with tempfile.TemporaryDirectory(prefix="corridor-batch-") as tmp:
        path = Path(tmp) / "contracts.jsonl"
        start = time.perf_counter()
        make_batch(path, args.n)
        print(f"batch file: {args.n} contracts, {path.stat().st_size / 1e6:.1f} MB, "
              f"made in {time.perf_counter() - start:.1f} s")
        reference = reference_batch(path)
        reference_rate = reference["count"] / reference["seconds"]
        reference_cpu = reference["count"] / reference["cpu_s"]
        print(f"reference, orjson parse + jsonschema-rs validation only: {reference_rate:.0f} contracts/s "
              f"({reference_cpu:.0f} per CPU second)")
        parts = in_process_batch(path)
        busy = parts["parse_s"] + parts["engine_s"] + parts["write_s"]
        rate = parts["count"] / busy
        print(f"batch in process: {rate:.0f} contracts/s, {rate / reference_rate:.2f} x the reference; "
              f"{parts['count'] / parts['cpu_s']:.0f} per CPU second, "
              f"{parts['count'] / parts['cpu_s'] / reference_cpu:.2f} x the reference's "
              f"(parse+validate {100 * parts['parse_s'] / busy:.0f}%, engine {100 * parts['engine_s'] / busy:.0f}%, "
              f"writing results {100 * parts['write_s'] / busy:.0f}%)")
        run = command_batch(path)
        rate = args.n / run["seconds"]
        print(f"corridor contract check --batch: {rate:.0f} contracts/s, {rate / reference_rate:.2f} x the reference; "
              f"{args.n / run['cpu_s']:.0f} per CPU second, {args.n / run['cpu_s'] / reference_cpu:.2f} x the "
              f"reference's ({run['seconds']:.1f} s wall, {run['cpu_s']:.1f} s CPU, start-up included; "
              f"exit {run['exit']})")
        print(f"aim of issue 12: 5000 contracts/s per core end to end; per CPU second here: in process "
              f"{parts['count'] / parts['cpu_s']:.0f}, --batch {args.n / run['cpu_s']:.0f} (start-up included)")
        if run["exit"] not in (0, 1, 2):
            print(run["stderr"])


if __name__ == "__main__":
    main()
