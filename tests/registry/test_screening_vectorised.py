"""Bulk screening's vectorised name similarity (issue 12) is `names.similarity` exactly, and bulk screening reports
what scoring every pair one by one reports."""

from __future__ import annotations

import random

import numpy as np

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
