"""Bulk screening: N names (default 1,000,000) against a 50,000-entry watchlist on two cores, against a plain
rapidfuzz `process.cdist` over the same data as the reference for what the hardware allows.

Run: python benchmarks/registry_screening.py [--names 1000000] [--entries 50000] [--processes 2] [--reference-names 2000]
The cdist reference scores every name against every entry; it runs on --reference-names names and its time is
extrapolated to all names (running it in full would take hours). Figures, not assertions.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

GIVEN = ["Mohammed", "Ahmed", "Ali", "Omar", "Fatima", "Aisha", "Maria", "Jose", "Juan", "Ana", "Ram", "Sita", "Hari", "Gita",
         "Krishna", "Bishnu", "Pedro", "Rosa", "Abdul", "Hassan", "Khalid", "Noor", "Sunita", "Prakash"]
SYLLABLES = ["ka", "la", "ma", "na", "pa", "sa", "ta", "ba", "da", "ga", "ri", "lo", "no", "ru", "hi", "ya", "to", "mi", "su",
             "ke", "har", "bi", "al", "sh", "ra", "an", "ir", "ul"]
COMPANY = ["Trading", "Contracting", "Services", "Manpower", "Cleaning", "Construction", "Catering", "Household"]
FORMS = ["LLC", "WLL", "Est.", "Co.", "Ltd.", "", ""]


def word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def person(rng):
    return f"{rng.choice(GIVEN)} {word(rng)} {word(rng)}"


def company(rng):
    return " ".join(p for p in [word(rng), word(rng), rng.choice(COMPANY), rng.choice(FORMS)] if p)


def variant(rng, name):
    chars = list(name)
    i = rng.randrange(1, len(chars) - 1)
    chars[i] = rng.choice("aeiou") if chars[i] in "aeiou" else chars[i]
    if rng.random() < 0.5:
        del chars[rng.randrange(1, len(chars) - 1)]
    return "".join(chars)


_CHOICES: list[str] = []


def _extract_any(query: str) -> int:
    from rapidfuzz import fuzz, process

    return int(bool(process.extract(query, _CHOICES, scorer=fuzz.token_sort_ratio, score_cutoff=85, limit=1)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--reference-names", type=int, default=2000)
    args = parser.parse_args()

    import tempfile

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("CORRIDOR_DATA_DIR", tempfile.mkdtemp(prefix="corridor-bench-"))
    django.setup()  # the screening module imports the models; no database is touched
    from rapidfuzz import fuzz, process

    from corridor.registry import names as name_keys
    from corridor.registry import screening

    rng = random.Random(7)
    entries = []
    for i in range(args.entries):
        name = person(rng) if i % 2 else company(rng)
        entries.append(screening.EntryFacts(i, name, name_keys.name_key(name), "SA" if i % 3 else "", "", None))
    planted = max(1, args.names // 1000)  # one name in a thousand is a variant of a watchlisted name
    subjects = []
    for i in range(args.names):
        if i % 1000 == 0:
            subjects.append(screening.Subject(name=variant(rng, entries[rng.randrange(args.entries)].name)))
        else:
            subjects.append(screening.Subject(name=person(rng) if i % 2 else company(rng)))
    print(f"{args.names} names against {args.entries} watchlist entries, {args.processes} processes "
          f"({planted} planted variants); cpu count {os.cpu_count()}", flush=True)

    started = time.perf_counter()
    hits = 0
    found_planted = 0
    for i, (_subject, found) in enumerate(screening.bulk_screen(subjects, entries, processes=args.processes)):
        hits += bool(found)
        if i % 1000 == 0 and found:
            found_planted += 1
    ours = time.perf_counter() - started
    print(f"Corridor screening (blocking + rapidfuzz, secondary identifiers): {ours:.1f} s, "
          f"{args.names / ours:,.0f} names/s; {hits} names with a possible match; {found_planted}/{planted} planted variants found")

    n_ref = min(args.reference_names, args.names)
    choices = [e.key.key for e in entries]
    queries = [name_keys.name_key(s.name).key for s in subjects[:n_ref]]
    started = time.perf_counter()
    try:
        matrix = process.cdist(queries, choices, scorer=fuzz.token_sort_ratio, score_cutoff=screening.REVIEW_THRESHOLD,
                               workers=args.processes)
        ref_hits = int((matrix.max(axis=1) > 0).sum())
        method = "process.cdist"
    except ModuleNotFoundError:  # cdist returns a numpy matrix; without numpy, the same exhaustive work per name
        import multiprocessing

        global _CHOICES
        _CHOICES = choices
        with multiprocessing.get_context("fork").Pool(args.processes) as pool:
            ref_hits = sum(pool.map(_extract_any, queries, chunksize=50))
        method = "process.extract per name (numpy is not installed, so cdist cannot run)"
    reference = time.perf_counter() - started
    ours_hits = sum(1 for _s, found in screening.bulk_screen(subjects[:n_ref], entries, processes=1) if found)
    print(f"Reference rapidfuzz {method} (token_sort_ratio, every name x every entry) on {n_ref} names: {reference:.2f} s, "
          f"{n_ref / reference:,.0f} names/s; extrapolated to {args.names} names: {reference * args.names / n_ref:,.0f} s")
    print(f"  on those {n_ref} names: cdist finds {ref_hits} with a score >= {screening.REVIEW_THRESHOLD:.0f}, Corridor {ours_hits}")
    print(f"Corridor is {reference * args.names / n_ref / ours:.1f}x faster than the exhaustive reference on this machine.")


if __name__ == "__main__":
    main()
