"""Issue 12's candidate paths: the recruiter index follows the registry, PostgreSQL's trigram index finds what the
blocks miss, and bulk screening reports exactly what scoring every pair reports on a small watchlist."""

from __future__ import annotations

import pytest
from django.db import connection

from corridor.registry import names, screening, selectors, services
from corridor.registry.models import RecruiterBlock

pytestmark = pytest.mark.django_db


def _names(query):
    return [r.name for r in selectors.verify_recruiters(query=query)]


def test_the_recruiter_index_follows_a_new_agency_and_a_rename(make_agency, officer):
    agency = make_agency(name="Sampaguita Overseas Placement Inc.", licensed=False)
    assert _names("Sampagita Overseas Placement")[:1] == ["Sampaguita Overseas Placement Inc."]
    services.licence_refuse(acting_user=officer, licence=agency.licences.get(), reason="Incomplete file")
    services.agency_apply(acting_user=None, organisation=agency.organisation, name="Dakila Human Resources Corp.",
                          address="Manila")
    agency.refresh_from_db()
    assert agency.name_key == names.name_key("Dakila Human Resources Corp.").key
    keys = set(RecruiterBlock.objects.filter(agency=agency).values_list("key", flat=True))
    assert keys == {k[:16] for k in names.block_keys(names.name_key("Dakila Human Resources Corp."))}
    assert _names("Dakila Human Resource")[:1] == ["Dakila Human Resources Corp."]
    assert "Sampaguita Overseas Placement Inc." not in _names("Sampaguita Overseas Placement")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's (migration 0005)")
def test_on_postgresql_a_name_sharing_no_block_key_is_found_by_its_trigrams(make_agency):
    make_agency(name="Kalamansihan")
    key = names.name_key("Galamansihan")
    # first letter changed: no skeleton, prefix or joined key is shared, so the blocks alone miss it
    assert selectors.recruiter_candidates(key) == ([], [])
    assert _names("Galamansihan")[:1] == ["Kalamansihan"]


WATCHLIST = [
    "Mohammed Al Harbi", "Muhammad Alharbi", "محمد الحربي", "Gita Tamang", "Bayanihan Manpower Inc", "Al Noor Recruitment LLC",
    "Rajesh Kumar", "Maria Dela Cruz", "Ram Shrestha", "Usman Khan", "Gulf Star Contracting", "Siti Nur Rahayu",
    "Nimal Perera", "Qasim Ali", "Abdulrahman Al Otaibi", "Fatima Begum", "Golden Gate Manpower Agency",
]
SUBJECTS = [
    "Mohamed Alharbi", "محمد الحربي", "Sita Tamang", "Bayani Han Manpower", "Alnoor Recruitment", "Kumar Rajesh",
    "Maria Delacruz", "राम श्रेष्ठ", "Osman Khan", "Gulf Star Contracting WLL", "Siti Rahayu", "Nimal Pereira", "Kasim Ali",
    "Abdul Rahman Al-Otaibi", "Fatema Begum", "Golden Gate Manpower", "Nobody Atall", "Rajesh Kumar Shrestha",
]


def test_bulk_screening_equals_scoring_every_pair_on_a_small_watchlist():
    entries = [screening.EntryFacts(i, n, names.name_key(n), "", "", None) for i, n in enumerate(WATCHLIST)]
    subjects = [screening.Subject(name=n) for n in SUBJECTS]
    got = screening.MemoryIndex(entries).screen_many(subjects)
    for subject, candidates in zip(subjects, got, strict=True):
        key = names.name_key(subject.name)
        every = [screening.score(subject, key, e) for e in entries]
        expected = {(c.entry_id, c.score) for c in every if c.certain or c.score >= screening.REVIEW_THRESHOLD}
        assert {(c.entry_id, c.score) for c in candidates} == expected, subject.name
    assert sum(map(len, got)) >= 12  # the misspelt and transliterated names are found, not an empty match
