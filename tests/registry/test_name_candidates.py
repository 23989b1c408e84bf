"""Issue 12's candidate paths: the recruiter index follows the registry, PostgreSQL's trigram index finds what the
blocks miss, and bulk screening reports exactly what scoring every pair reports on a small watchlist."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.registry import names, screening, selectors, services
from corridor.registry.models import RecruiterBlock, WatchlistBlock

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
    assert selectors.recruiter_candidates(key) == []
    assert _names("Galamansihan")[:1] == ["Kalamansihan"]


def test_a_misspelt_word_whose_keys_all_changed_is_met_through_the_name_without_it(make_agency, monkeypatch):
    monkeypatch.setattr(selectors, "COMMON_KEY_LIMIT", 2)  # a registry where "Everest", "Bright", "Recruitment" are common
    target = make_agency(name="Everest Nola Bright Recruitment Inc.")
    for name in ("Everest Kala Prime Placement", "Everest Dama Royal Staffing", "Lotus Mina Bright Recruitment",
                 "Jade Sora Bright Recruitment"):
        make_agency(name=name)
    key = names.name_key("everest ola bright recruitment")
    # "nola" lost a letter: its skeleton, its prefix and every joined key changed; the keys left are common
    shared = names.block_keys(key) & names.block_keys(names.name_key(target.name))
    without = "s" + names.joined_skeleton(("everest", "bright", "recruitment"))[:12]
    assert without in shared
    assert all(RecruiterBlock.objects.filter(key=k).count() > 2 for k in shared - {without})
    assert selectors.recruiter_candidates(key) == [("a", target.pk, target.name)]
    assert _names("everest ola bright recruitment")[:1] == [target.name]


def test_a_name_typed_with_its_words_split_elsewhere_scores_as_the_same_name():
    typed, registered = names.name_key("everests ala global manpower"), names.name_key("Everest Sala Global Manpower Co.")
    assert names.similarity(typed, registered, partial=True) == 100.0
    assert names.similarity(typed, registered) < 90  # screening's scores are unchanged: only the search box reads so


def test_similarities_at_once_are_the_similarities_one_by_one():
    import random

    rng = random.Random(12)
    pool = ["Everest Nola Bright Recruitment Co.", "everests ala global manpower", "Al Hamra", "محمد علي", "Bayani Han",
            "Ram Bahadur Gurung", "राम बहादुर", "X", "Kalayaan Yakano Grand Staffing", "Est", "O'Neil & Sons Ltd", "12 34",
            "Phi Hung", "Mohammed Al-Rashid", "Muhammad Alrashid", "Osman Trading LLC", "", "Ltd"]

    def name():
        if rng.random() < 0.5:
            return rng.choice(pool)
        return " ".join("".join(rng.choice("abdeghiklmnoprstuyé ") for _ in range(rng.randint(1, 9)))
                        for _ in range(rng.randint(1, 5)))

    for _ in range(1500):
        query, others = names.name_key(name()), [names.name_key(name()) for _ in range(rng.randint(0, 8))]
        for partial in (False, True):
            assert names.similarities(query, others, partial=partial) == [
                names.similarity(query, other, partial=partial) for other in others]


def test_the_migration_files_existing_names_under_the_new_keys(make_agency):
    from importlib import import_module

    from django.apps import apps

    agency = make_agency(name="Everest Nola Bright Recruitment Inc.")
    RecruiterBlock.objects.filter(agency=agency, key="s" + names.joined_skeleton(("everest", "bright", "recruitment"))[:12]).delete()
    import_module("corridor.registry.migrations.0009_recruiter_block_covering").file_new_keys(apps, None)
    import_module("corridor.registry.migrations.0009_recruiter_block_covering").file_new_keys(apps, None)  # twice: no copy
    keys = list(RecruiterBlock.objects.filter(agency=agency).values_list("key", flat=True))
    assert sorted(keys) == sorted({k[:16] for k in names.block_keys(names.name_key(agency.name))})


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


@settings(max_examples=200)
@given(st.text(max_size=120))
def test_every_key_a_name_is_filed_under_fits_the_block_tables(name):
    """Keys are stored whole (no cut that could make two keys one): each fits RecruiterBlock.key and WatchlistBlock.key."""
    longest = min(RecruiterBlock._meta.get_field("key").max_length, WatchlistBlock._meta.get_field("key").max_length)
    keys = names.filed_keys(name)
    assert keys == sorted(set(keys)) and all(len(key) <= longest for key in keys)
