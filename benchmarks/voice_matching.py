"""Matching at national scale: workers' profiles against job orders, each worker's top twenty with explanations.

    .venv/bin/python benchmarks/voice_matching.py                   # reduced: 20,000 profiles, 2,000 job orders
    .venv/bin/python benchmarks/voice_matching.py --full            # 1,000,000 profiles, 50,000 job orders
    .venv/bin/python benchmarks/voice_matching.py --profiles 100000 --jobs 10000

No database: the job orders that may be matched (on the board, terms passing the contract check) are the input,
as `voice.selectors.matchable_orders()` gives them. Job orders get ISCO-08 unit groups from core/data/isco08.csv
(a few occupations common, most rare: Zipf-like), twelve destinations, languages, start dates and titles; profiles
likewise (one to three occupations, one or two destinations or any, one to three languages, skills).
Times: building `voice.matching.MatchIndex` (job orders bucketed by ISCO minor group and destination, bit sets for
languages and title words), then for every profile its top twenty (`MatchIndex.top`, numpy) and the explanation of
those twenty (`matching.explain`, as the page shows them): median, p95 and worst per worker, and the whole run.
Memory: the index's arrays and the process's peak resident size. Figures only; nothing is asserted.
The issue's aim: a worker's top twenty in under 100 ms.
"""

import argparse
import csv
import datetime as dt
import random
import resource
import sys
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=2_000)
    parser.add_argument("--full", action="store_true", help="1,000,000 profiles against 50,000 job orders")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    if args.full:
        args.profiles, args.jobs = 1_000_000, 50_000
    rng = random.Random(2026)
    codes = occupations()
    weights = [1 / (rank + 1) for rank in range(len(codes))]
    rng.shuffle(weights)
    start = dt.date(2027, 1, 1)

    began = time.perf_counter()
    jobs = [job(rng, i, codes, weights, start) for i in range(args.jobs)]
    made = time.perf_counter() - began
    began = time.perf_counter()
    index = matching.MatchIndex(jobs)
    built = time.perf_counter() - began
    arrays = sum(a.nbytes for a in (index.occupation, index.language_bits, index.word_bits, index.start))
    arrays += sum(b.nbytes for b in index.buckets.values())

    per_worker, found, candidates = [], 0, 0
    began = time.perf_counter()
    for i in range(args.profiles):
        p = profile(rng, i, codes, weights, start)  # generated on the fly: profiles are read one by one
        t0 = time.perf_counter()
        top = index.top(p, args.top)
        explained = [matching.explain(p, jobs[j]) for j, _score in top]
        per_worker.append(time.perf_counter() - t0)
        found += len(explained)
        if i < 2000:
            candidates += index.candidates(p).size
    total = time.perf_counter() - began
    per_worker.sort()

    def ms(q: float) -> float:
        return per_worker[min(len(per_worker) - 1, int(q * len(per_worker)))] * 1000

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"voice matching: {args.profiles:,} profiles against {args.jobs:,} job orders (top {args.top})")
    print(f"  job orders made in {made:.1f} s; index built in {built:.2f} s ({len(index.buckets):,} buckets, "
          f"{arrays / 1e6:.1f} MB of arrays)")
    print(f"  candidates per worker (first 2,000): {candidates / min(2000, args.profiles):,.0f} on average")
    print(f"  per worker (top {args.top} and their explanations): median {ms(0.5):.2f} ms, p95 {ms(0.95):.2f} ms, "
          f"worst {per_worker[-1] * 1000:.2f} ms")
    print(f"  every worker: {total:.1f} s including making the profiles ({found:,} matches shown)")
    print(f"  peak resident memory: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
