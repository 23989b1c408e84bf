"""Screening: true and false matches across scripts and spellings, secondary identifiers, review queue, peers."""

from datetime import date

import pytest

from corridor.core.errors import InvalidInput, PermissionDenied
from corridor.registry import names, screening, services
from corridor.registry.models import ScreeningHit, WatchlistEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("a", "b"), [
    ("Mohammed Al Harbi", "محمد الحربي"),
    ("Muhammad Alharbi", "Mohamad Al-Harbi"),
    ("Al Noor Trading WLL", "Alnoor Trading"),
    ("Harbi, Mohammed Al", "Mohammed Al Harbi"),
    ("Sagarmatha Manpower Pvt. Ltd.", "सगरमाथा म्यानपावर प्रा. लि."),
    ("Ahmed Khan", "Ahmad Khan"),
    ("Gulf Star Contracting L.L.C.", "GULF STAR CONTRACTING"),
])
def test_true_matches_score_for_review(a, b):
    assert names.similarity(names.name_key(a), names.name_key(b)) >= screening.REVIEW_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [
    ("Mohammed Al Harbi", "Mohammed Al Otaibi"),
    ("Bayanihan Manpower", "Mabuhay Manpower"),
    ("Noor", "Nair"),
    ("Gulf Star Contracting", "Gulf Sun Cleaning"),
    ("Maria Santos", "Mario Santana"),
])
def test_false_matches_stay_below_review(a, b):
    assert names.similarity(names.name_key(a), names.name_key(b)) < screening.REVIEW_THRESHOLD


@pytest.fixture
def watch(inspector):
    def add(**kwargs):
        data = {"subject_kind": "person", "reason": "Confiscated passports", "evidence_reference": "Case 17"}
        data.update(kwargs)
        return services.watchlist_entry_add(acting_user=inspector, **data)

    return add


def test_same_name_with_a_different_date_of_birth_is_not_a_hit(watch):
    watch(name="Mohammed Al Harbi", date_of_birth=date(1970, 1, 1), country="SA")
    subject = screening.Subject(name="Mohamed Alharbi", date_of_birth=date(1995, 5, 5), country="SA")
    assert screening.screen(subject) == []


def test_same_name_and_date_of_birth_is_certain(watch):
    entry = watch(name="Mohammed Al Harbi", date_of_birth=date(1970, 1, 1))
    found = screening.screen(screening.Subject(name="AL-HARBI, Mohammed", date_of_birth=date(1970, 1, 1)))
    assert found[0].entry_id == entry.pk and found[0].certain
    # Across scripts the spelling is a guess: a likely match for an officer to review, not a certainty.
    found = screening.screen(screening.Subject(name="محمد الحربي", date_of_birth=date(1970, 1, 1)))
    assert found[0].entry_id == entry.pk and not found[0].certain and found[0].score >= screening.REVIEW_THRESHOLD


def test_registration_number_decides_for_companies(watch):
    entry = watch(subject_kind="employer", name="Desert Rose Cleaning Co", registration_number="1010-555", country="SA")
    assert screening.screen(screening.Subject(name="Rose of the Desert Est", registration_number="1010555", country="SA"))[0].certain
    other = screening.screen(screening.Subject(name="Desert Rose Cleaning", registration_number="999", country="SA"))
    assert other == [] or (not other[0].certain and other[0].entry_id == entry.pk)


def test_a_likely_match_goes_to_review_not_block(watch, make_employer, inspector):
    watch(subject_kind="employer", name="Al Noor Home Services", country="SA")
    employer = make_employer(name="Alnoor Home Services Co.", registration_number="7777")
    hit = ScreeningHit.objects.get(employer=employer)
    assert hit.status == "pending" and hit.trigger == "registration"
    assert not services.is_watchlisted(employer=employer)


def test_pending_hit_blocks_approval_until_dismissed(watch, make_employer, make_job_order, officer):
    from corridor.registry import errors

    watch(subject_kind="employer", name="Al Noor Home Services", country="SA")
    employer = make_employer(name="Al-Noor Home Services", registration_number="8888")
    order = make_job_order(employer=employer)
    with pytest.raises(errors.ScreeningPending):
        services.job_order_approve(acting_user=officer, job_order=order)
    hit = ScreeningHit.objects.get(employer=employer)
    services.screening_hit_review(acting_user=officer, hit=hit, confirm=False, note="Different CR number")
    assert services.job_order_approve(acting_user=officer, job_order=order).status == "approved"
    with pytest.raises(errors.HitAlreadyReviewed):
        services.screening_hit_review(acting_user=officer, hit=hit, confirm=True, note="x")


def test_confirming_a_hit_delists_the_employers_orders(watch, make_employer, make_job_order, officer):
    watch(subject_kind="employer", name="Al Noor Home Services", country="SA")
    employer = make_employer(name="Al-Noor Home Services", registration_number="8889")
    order = make_job_order(employer=employer)
    services.screening_hit_review(acting_user=officer, hit=ScreeningHit.objects.get(employer=employer), confirm=True, note="Same")
    order.refresh_from_db()
    assert order.status == "rejected" and services.is_watchlisted(employer=employer)


def test_lift_an_entry(watch, inspector):
    from corridor.registry import errors

    entry = services.watchlist_entry_lift(acting_user=inspector, entry=watch(name="X Y"), reason="Court cleared")
    assert not entry.is_active
    with pytest.raises(errors.WatchlistAlreadyLifted):
        services.watchlist_entry_lift(acting_user=inspector, entry=entry, reason="again")


def test_peer_entry_is_stored_as_the_peers_and_is_idempotent(employer):
    peer = {"country": "SA", "key_id": "sa-key-1"}
    payload = {"id": "WL-9", "subject_kind": "employer", "name": employer.name, "country": "SA",
               "registration_number": employer.registration_number, "reason": "Unpaid wages", "evidence_reference": "MHRSD 44",
               "starts_on": "2026-01-01"}
    entry = services.watchlist_entry_receive(peer=peer, payload=payload)
    again = services.watchlist_entry_receive(peer=peer, payload={**payload, "reason": "Unpaid wages, 30 workers"})
    assert entry.pk == again.pk and WatchlistEntry.objects.count() == 1
    assert again.source_country == "SA" and again.source_key_id == "sa-key-1" and again.peer_entry_id == "WL-9"
    assert again.employer == employer and again.entered_by is None and again.reason == "Unpaid wages, 30 workers"
    assert services.is_watchlisted(employer=employer)
    lifted = services.watchlist_entry_receive(peer=peer, payload={**payload, "lifted_at": "2026-02-01T00:00:00Z"})
    assert lifted.lifted_at is not None and not services.is_watchlisted(employer=employer)


def test_a_peers_entry_cannot_be_lifted_here(inspector):
    entry = services.watchlist_entry_receive(peer={"country": "SA", "key_id": "k"}, payload={
        "id": "1", "subject_kind": "person", "name": "A B", "reason": "r", "evidence_reference": "e", "starts_on": "2026-01-01"})
    with pytest.raises(PermissionDenied):
        services.watchlist_entry_lift(acting_user=inspector, entry=entry, reason="x")


def test_peer_payload_is_validated():
    with pytest.raises(InvalidInput):
        services.watchlist_entry_receive(peer={"country": "SA", "key_id": "k"}, payload={"id": "1", "name": ""})
    with pytest.raises(InvalidInput):
        services.watchlist_entry_receive(peer={"country": "", "key_id": ""}, payload={"id": "1"})


def test_memory_index_agrees_with_database_screening(watch):
    entries = [watch(name="Mohammed Al Harbi"), watch(name="Gulf Star Contracting", subject_kind="employer")]
    index = screening.MemoryIndex([screening.entry_facts(e) for e in entries])
    assert [c.entry_id for c in index.screen(screening.Subject(name="Muhammad Alharbi"))] == [entries[0].pk]
    rows = list(screening.bulk_screen([screening.Subject(name="gulf star contracting llc"), screening.Subject(name="Nobody")],
                                      [screening.entry_facts(e) for e in entries], processes=1))
    assert [len(found) for _s, found in rows] == [1, 0]


def test_bulk_screening_keeps_secondary_identifiers(watch):
    entries = [watch(subject_kind="employer", name="Desert Rose Cleaning Co", registration_number="1010-555", country="SA"),
               watch(name="Mohammed Al Harbi", date_of_birth=date(1970, 1, 1), country="SA"),
               watch(name="Gita Tamang", country="NP")]
    facts = [screening.entry_facts(e) for e in entries]
    subjects = [
        screening.Subject(name="Rose of the Desert Est", registration_number="1010555", country="SA"),  # number decides
        screening.Subject(name="AL-HARBI, Mohammed", date_of_birth=date(1970, 1, 1)),  # name and DOB: certain
        screening.Subject(name="Mohamed Alharbi", date_of_birth=date(1995, 5, 5), country="SA"),  # other DOB: no hit
        screening.Subject(name="محمد الحربي"),  # across scripts: review, not certain
        screening.Subject(name="Sita Tamang", country="NP"),  # one letter apart in a short token: review
        screening.Subject(name="Maria Santos"),
    ]
    for processes in (1, 2):
        rows = [found for _s, found in screening.bulk_screen(subjects, facts, processes=processes, chunk_size=2)]
        assert [[c.entry_id for c in found] for found in rows] == [[entries[0].pk], [entries[1].pk], [], [entries[1].pk],
                                                                   [entries[2].pk], []]
        assert rows[0][0].certain and rows[1][0].certain and not rows[3][0].certain and not rows[4][0].certain
        assert all(found[0].score >= screening.REVIEW_THRESHOLD for found in (rows[3], rows[4]))


def test_bulk_screening_finds_what_database_screening_finds(watch):
    names_ = ["Mohammed Al Harbi", "Al Noor Trading WLL", "Sagarmatha Manpower Pvt. Ltd.", "Ahmed Khan", "Gulf Star Contracting"]
    entries = [watch(name=n) for n in names_]
    index = screening.MemoryIndex([screening.entry_facts(e) for e in entries])
    for query in ["Muhammad Alharbi", "Alnoor Trading", "सगरमाथा म्यानपावर प्रा. लि.", "Ahmad Khan", "GULF STAR CONTRACTING",
                  "Harbi, Mohammed Al", "Bayanihan Manpower", "Nobody Here"]:
        subject = screening.Subject(name=query)
        assert [c.entry_id for c in index.screen(subject)] == [c.entry_id for c in screening.screen(subject)]


def test_only_the_office_that_entered_an_entry_can_lift_it(make_user, officer, inspector):
    """Issue 13, fault 10: a destination officer could lift an origin officer's entry."""
    from tests.conftest import verified

    entry = services.watchlist_entry_add(acting_user=officer, subject_kind="person", name="A B", reason="Confiscated passports",
                                         evidence_reference="Case 9")
    with pytest.raises(PermissionDenied):
        services.watchlist_entry_lift(acting_user=inspector, entry=entry, reason="Not ours to lift")
    entry.refresh_from_db()
    assert entry.is_active
    colleague = verified(make_user(officer.role, organisation=officer.organisation))
    assert not services.watchlist_entry_lift(acting_user=colleague, entry=entry, reason="Court cleared").is_active
