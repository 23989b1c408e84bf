"""Bulk screening's vectorised name similarity (issue 12) is `names.similarity` exactly, and bulk screening reports
what scoring every pair one by one reports."""

from __future__ import annotations

import gc
import random
from datetime import date

import numpy as np
from rapidfuzz import fuzz

from corridor.registry import names, screening

NAMES = [
    "Mohammed Al Harbi", "Muhammad Alharbi", "محمد الحربي", "Gita Tamang", "Sita Tamang", "Bayani Han Manpower Inc",
    "Bayanihan Manpower", "Al Noor Recruitment LLC", "النور", "Ae", "Io", "X", "Oo Aa", "Rajesh Kumar", "Kumar Rajesh",
    "Maria Dela Cruz", "Maria Delacruz", "राम श्रेष्ठ", "Ram Shrestha", "Usman Khan", "Osman Khan", "Gulf Star Contracting",
    "Siti Nur Rahayu", "Sri Rahayu", "Nimal Perera", "Nimal Pereira", "Qasim", "Kasim", "Ek", "Phuc", "Fuk",
]


def _entries(rng):
    pool = NAMES + [f"{rng.choice(NAMES)} {rng.choice(NAMES).split()[0]}" for _ in range(60)]
    return [screening.EntryFacts(i, name, names.name_key(name), rng.choice(["", "PH", "SA"]), "", None)
            for i, name in enumerate(pool)]


def test_the_vectorised_similarity_is_names_similarity_exactly():
    rng = random.Random(12)
    entries = _entries(rng)
    index = screening.MemoryIndex(entries)
    queries = [names.name_key(n) for n in NAMES]
    forms = [names.forms(k) for k in queries]
    qs = np.repeat(np.arange(len(queries)), len(entries))
    es = np.tile(np.arange(len(entries)), len(queries))
    found = index._similarities(qs, es, forms, queries)
    for q, e, value in zip(qs.tolist(), es.tolist(), found.tolist(), strict=True):
        assert round(value, 1) == names.similarity(queries[q], entries[e].key), (NAMES[q], entries[e].name)


def test_bulk_screening_reports_what_scoring_every_pair_reports():
    rng = random.Random(7)
    entries = _entries(rng)
    subjects = [screening.Subject(name=n, country=rng.choice(["", "PH", "SA"])) for n in NAMES]
    index = screening.MemoryIndex(entries)
    got = index.screen_many(subjects)
    for subject, candidates in zip(subjects, got, strict=True):
        key = names.name_key(subject.name)
        every = [screening.score(subject, key, e) for e in entries]
        expected = {c.entry_id for c in every if c.certain or c.score >= screening.REVIEW_THRESHOLD}
        # blocking may miss a far spelling that still scores; it must never report what full scoring would not
        assert {c.entry_id for c in candidates} <= expected
        for c in candidates:
            assert c.score == screening.score(subject, key, entries[c.entry_id]).score


def test_the_joined_skeleton_is_the_skeleton_of_the_joined_tokens():
    rng = random.Random(3)
    letters = "aeiouwyvphckqxzjbdgmnrstl0123456789"  # the substituted letters, vowels and digits, most of all
    for _ in range(20000):
        tokens = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 4))]
        assert names.joined_skeleton(tokens) == names.skeleton("".join(tokens)), tokens
    assert names.joined_skeleton(["step", "hen"]) == names.skeleton("stephen") == "stfn"  # "ph" across the join
    assert names.joined_skeleton(["12", "34"]) == "1234"  # all digits: kept as written


def test_one_comparison_of_the_joined_tokens_lets_through_every_pair_either_form_would():
    rng = random.Random(5)
    words = [w.lower() for n in NAMES for w in n.split() if w.isascii()] + ["a", "bo", "xu", "ma", "ri"]
    for _ in range(20000):
        a, b = ([rng.choice(words) + rng.choice(["", "a", "e"]) for _ in range(rng.randint(1, 4))] for _ in range(2))
        fa, fb = names.forms(names.name_key(" ".join(a))), names.forms(names.name_key(" ".join(b)))
        if not fa[1] or not fb[1]:
            continue
        level = rng.choice([60.0, 77.0, 85.0])
        if max(fuzz.ratio(fa[0], fb[0]), fuzz.ratio(fa[1], fb[1])) >= level:
            cut = screening._joined_cut(level, max(screening._spaces(fa), screening._spaces(fb)))
            assert fuzz.ratio(fa[1], fb[1]) >= cut, (fa, fb, level)


def test_equal_skeletons_looked_up_find_what_comparing_every_skeleton_finds():
    """With no identifier that could raise a score, only equal skeletons can bring two Latin names to the threshold,
    and bulk screening looks them up; a chunk where one subject has a date of birth compares every skeleton."""
    rng = random.Random(9)
    entries = _entries(rng)
    index = screening.MemoryIndex(entries)
    subjects = [screening.Subject(name=n) for n in NAMES]
    looked_up = index.screen_many(subjects)
    compared = index.screen_many([*subjects, screening.Subject(name="Someone Else", date_of_birth=date(1990, 1, 1))])
    assert [[(c.entry_id, c.score) for c in found] for found in looked_up] == \
        [[(c.entry_id, c.score) for c in found] for found in compared[:-1]]
    assert sum(map(len, looked_up)) >= 20


def test_bulk_screening_leaves_the_garbage_collector_as_it_found_it():
    rng = random.Random(2)
    entries = _entries(rng)
    results = list(screening.bulk_screen([screening.Subject(name=n) for n in NAMES], entries, processes=1))
    assert len(results) == len(NAMES)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
