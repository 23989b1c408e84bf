"""Matching at national scale: workers' profiles against job orders, each worker's top twenty with explanations.

    .venv/bin/python benchmarks/voice_matching.py                   # reduced: 20,000 profiles, 2,000 job orders
    .venv/bin/python benchmarks/voice_matching.py --full            # 1,000,000 profiles, 50,000 job orders
    .venv/bin/python benchmarks/voice_matching.py --profiles 100000 --jobs 10000 --sample 2000

No database: the job orders that may be matched (on the board, terms passing the contract check) are the input,
as `voice.selectors.matchable_orders()` gives them. Job orders get ISCO-08 unit groups from core/data/isco08.csv
(a few occupations common, most rare: Zipf-like), twelve destinations, languages, start dates and titles; profiles
likewise (one to three occupations, one or two destinations or any, one to three languages, skills).

What is measured, all with the product's `voice.matching` (what `voice.selectors` calls):
1. building `MatchIndex` over the job orders (time, and the memory it takes: tracemalloc);
2. one worker's top twenty as the matches page gets it (`MatchIndex.top`, then `explain` for those twenty, as
   `selectors.my_matches` does) for a random sample of `--sample` workers: median, p95 and worst;
3. every worker's top twenty at once, in batches of `--batch` (`MatchIndex.top_many`, matching in bulk): the whole
   run's time, and the check that for the sampled workers it gives exactly what `top` gave;
4. the other direction: `ProfileIndex` over every profile (time and memory), then an agency's best fifty profiles
   for one job order (`ProfileIndex.top` and `explain`, as `selectors.candidates` does) for `--orders` job orders.
Memory: tracemalloc's peak while each index is built, and the process's peak resident size at the end.
Figures only; nothing is asserted. The issue's aim: a worker's top twenty in under 100 ms.
"""

import argparse
import csv
import datetime as dt
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corridor.voice import matching  # noqa: E402  (pure: no Django needed)

COUNTRIES = ["SA", "AE", "QA", "KW", "OM", "BH", "MY", "SG", "HK", "JP", "KR", "TW"]
LANGUAGES = ["en", "ar", "tl", "ne", "hi", "bn", "id", "ur", "zh", "ja", "ko", "ms"]
WORDS = ["household", "service", "worker", "cook", "cleaner", "driver", "welder", "mason", "carpenter", "nurse",
         "caregiver", "elderly", "child", "factory", "operator", "electrician", "plumber", "farm", "fisher", "waiter",
         "housekeeping", "laundry", "security", "guard", "helper", "assistant", "technician", "painter", "tailor",
         "baker", "butcher", "steel", "fixer", "machine", "hotel", "restaurant", "construction", "labourer"]


def occupations() -> list[str]:
    with (ROOT / "src" / "corridor" / "core" / "data" / "isco08.csv").open(encoding="utf-8") as f:
        return [row["code"] for row in csv.DictReader(f) if len(row["code"]) == 4]


def zipf_pick(rng: random.Random, items: list, weights: list[float]):
    return rng.choices(items, weights=weights, k=1)[0]


def job(rng, i, codes, weights, start) -> matching.JobFeatures:
    return matching.JobFeatures(
        key=i, occupation=zipf_pick(rng, codes, weights), country=rng.choice(COUNTRIES),
        languages=frozenset(rng.sample(LANGUAGES, rng.choice([0, 1, 1, 2]))),
        starts_on=start + dt.timedelta(days=rng.randint(0, 180)),
        title_words=frozenset(rng.sample(WORDS, rng.randint(1, 3))))


def profile(rng, i, codes, weights, start) -> matching.ProfileFeatures:
    return matching.ProfileFeatures(
        key=i, occupations=frozenset(zipf_pick(rng, codes, weights) for _ in range(rng.randint(1, 3))),
        destinations=frozenset() if rng.random() < 0.2 else frozenset(rng.sample(COUNTRIES, rng.randint(1, 2))),
        languages=frozenset(rng.sample(LANGUAGES, rng.randint(1, 3))),
        earliest_start=start + dt.timedelta(days=rng.randint(0, 120)),
        skills=frozenset(rng.sample(WORDS, rng.randint(0, 4))))


def percentiles(times: list[float]) -> str:
    times = sorted(times)

    def ms(q: float) -> float:
        return times[min(len(times) - 1, int(q * len(times)))] * 1000

    return f"median {ms(0.5):.2f} ms, p95 {ms(0.95):.2f} ms, worst {times[-1] * 1000:.2f} ms"


def measured(build):
    """(result, seconds, peak MB traced while building)."""
    tracemalloc.start()
    began = time.perf_counter()
    result = build()
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=2_000)
    parser.add_argument("--full", action="store_true", help="1,000,000 profiles against 50,000 job orders")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--sample", type=int, default=10_000, help="workers timed one by one, as the page does")
    parser.add_argument("--batch", type=int, default=20_000, help="workers matched at once by top_many")
    parser.add_argument("--orders", type=int, default=1_000, help="job orders timed in the agency's direction")
    args = parser.parse_args()
    if args.full:
        args.profiles, args.jobs = 1_000_000, 50_000
    rng = random.Random(2026)
    codes = occupations()
    weights = [1 / (rank + 1) for rank in range(len(codes))]
    rng.shuffle(weights)
    start = dt.date(2027, 1, 1)
    print(f"voice matching: {args.profiles:,} profiles against {args.jobs:,} job orders (top {args.top})", flush=True)

    began = time.perf_counter()
    jobs = [job(rng, i, codes, weights, start) for i in range(args.jobs)]
    profiles = [profile(rng, i, codes, weights, start) for i in range(args.profiles)]
    print(f"  made in {time.perf_counter() - began:.1f} s", flush=True)

    index, built, traced = measured(lambda: matching.MatchIndex(jobs))
    print(f"  MatchIndex of {args.jobs:,} job orders: built in {built:.2f} s, {len(index.buckets):,} buckets, "
          f"{index.nbytes / 1e6:.1f} MB of arrays, {traced:.1f} MB peak traced while building", flush=True)

    sample = sorted(rng.sample(range(args.profiles), min(args.sample, args.profiles)))
    per_worker, single, candidates = [], {}, 0
    for i in sample:
        p = profiles[i]
        t0 = time.perf_counter()
        top = index.top(p, args.top)
        explained = [matching.explain(p, jobs[j]) for j, _score in top]
        per_worker.append(time.perf_counter() - t0)
        single[i] = top
        candidates += index.candidates(p).size
        assert len(explained) == len(top)
    print(f"  one worker (top {args.top} and their explanations, as the page), {len(sample):,} random workers: "
          f"{percentiles(per_worker)}; {candidates / max(1, len(sample)):,.0f} candidates on average", flush=True)

    began = time.perf_counter()
    found, checked, differ, batches = 0, 0, 0, []
    wanted = set(sample)
    for at in range(0, args.profiles, args.batch):
        t0 = time.perf_counter()
        starts, rows, scores = index.top_many(profiles[at:at + args.batch], args.top)
        batches.append(time.perf_counter() - t0)
        found += int(starts[-1])
        for i in range(at, min(at + args.batch, args.profiles)):
            if i in wanted:
                a, b = starts[i - at], starts[i - at + 1]
                checked += 1
                differ += list(zip(rows[a:b].tolist(), scores[a:b].tolist(), strict=True)) != single[i]
    every = time.perf_counter() - began
    print(f"  every worker at once (top_many, batches of {args.batch:,}): {every:.1f} s "
          f"({every / args.profiles * 1e6:.0f} us a worker; batch median {sorted(batches)[len(batches) // 2]:.2f} s), "
          f"{found:,} matches; same as one by one for {checked - differ:,} of {checked:,} sampled workers", flush=True)

    pindex, built, traced = measured(lambda: matching.ProfileIndex(profiles))
    print(f"  ProfileIndex of {args.profiles:,} profiles: built in {built:.1f} s, {len(pindex.buckets):,} buckets, "
          f"{pindex.nbytes / 1e6:.1f} MB of arrays, {traced:.1f} MB peak traced while building", flush=True)
    per_order, shown = [], 0
    for j in rng.sample(range(args.jobs), min(args.orders, args.jobs)):
        t0 = time.perf_counter()
        top = pindex.top(jobs[j], 50)
        explained = [matching.explain(profiles[i], jobs[j]) for i, _score in top]
        per_order.append(time.perf_counter() - t0)
        shown += len(explained)
    print(f"  an agency's best 50 profiles for one job order (and their explanations), {len(per_order):,} job orders: "
          f"{percentiles(per_order)}", flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory of the process (profiles and job orders as Python objects included): "
          f"{peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
