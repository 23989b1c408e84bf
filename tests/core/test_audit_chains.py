"""Several audit chains (issue 12): concurrent writers append to different chains; verify and anchors cover all."""

import threading

import pytest
from django.db import connection, connections, transaction

from corridor.core import anchor, audit
from corridor.core.models import AuditEntry, AuditHead

SPAN = audit.CHAIN_SPAN


@pytest.fixture(autouse=True)
def anchors_file(settings, tmp_path):
    settings.CORRIDOR_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")


@pytest.fixture
def heads(db):
    for chain in (2, 3):
        AuditHead.objects.get_or_create(pk=chain, defaults={"seq": 0, "entry_hash": audit.GENESIS})


def record_in(chain, n, monkeypatch):
    """Append n entries to `chain`, as a writer does when the chains before it are taken."""
    monkeypatch.setattr(audit, "_head_choice", lambda: chain)
    for i in range(n):
        audit.record(actor=None, action="test.write", object_type="test.thing", object_id=i)
    monkeypatch.undo()


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_without_contention_every_entry_goes_to_chain_1(heads):
    first = audit.record(actor=None, action="test.write")
    second = audit.record(actor=None, action="test.write")
    assert (first.seq, second.seq) == (1, 2) and second.prev_hash == first.entry_hash
    assert AuditHead.objects.get(pk=2).seq == 0


def test_each_chain_is_numbered_and_linked_on_its_own_and_verified_whole(heads, monkeypatch):
    record_in(1, 2, monkeypatch)
    record_in(2, 3, monkeypatch)
    record_in(3, 1, monkeypatch)
    chain2 = list(AuditEntry.objects.filter(seq__gt=2 * SPAN, seq__lt=3 * SPAN).order_by("seq"))
    assert [e.seq for e in chain2] == [2 * SPAN + 1, 2 * SPAN + 2, 2 * SPAN + 3]
    assert chain2[0].prev_hash == audit.GENESIS and chain2[1].prev_hash == chain2[0].entry_hash
    assert audit.verify() == audit.VerifyResult(True, 6)


def test_an_altered_or_deleted_entry_of_another_chain_is_reported(heads, monkeypatch):
    record_in(2, 3, monkeypatch)
    sql("UPDATE core_auditentry SET to_state='forged' WHERE seq=%s", [2 * SPAN + 2])
    result = audit.verify()
    assert (result.ok, result.first_bad_seq) == (False, 2 * SPAN + 2) and "altered" in result.problem
    sql("DELETE FROM core_auditentry WHERE seq=%s", [2 * SPAN + 2])
    result = audit.verify()
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 2 * SPAN + 2, f"entry {2 * SPAN + 2} is missing")


def test_a_cut_tail_of_another_chain_is_reported_against_its_head(heads, monkeypatch):
    record_in(2, 3, monkeypatch)
    sql("DELETE FROM core_auditentry WHERE seq=%s", [2 * SPAN + 3])
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == 2 * SPAN + 3 and "its head says" in result.problem


def test_an_entry_outside_every_chain_is_reported(heads, monkeypatch):
    record_in(2, 1, monkeypatch)
    entry = AuditEntry.objects.get(seq=2 * SPAN + 1)
    sql("INSERT INTO core_auditentry (seq, at, actor_label, action, object_type, object_id, from_state, to_state, "
        "is_read, detail, prev_hash, entry_hash, canon) SELECT %s, at, actor_label, action, object_type, object_id, "
        "from_state, to_state, is_read, detail, prev_hash, %s, canon FROM core_auditentry WHERE seq=%s",
        [40 * SPAN + 1, "f" * 64, entry.seq])
    result = audit.verify()
    assert (result.ok, result.first_bad_seq) == (False, 40 * SPAN + 1) and "no audit chain" in result.problem


def test_an_anchor_signs_every_chain_and_catches_a_cut_one(heads, monkeypatch, django_capture_on_commit_callbacks):
    record_in(1, 2, monkeypatch)
    record_in(2, 2, monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        row = anchor.audit_anchor()
    signed = anchor.parse(row.token, anchor.own_keys(), issuer="PH")
    assert signed.chains == ((2 * SPAN + 2, AuditHead.objects.get(pk=2).entry_hash),)
    assert anchor.verify().ok
    # cut chain 2's newest entry and move its head back: chain 2 is consistent again, but the anchor is not
    sql("DELETE FROM core_auditentry WHERE seq=%s", [2 * SPAN + 2])
    previous = AuditEntry.objects.get(seq=2 * SPAN + 1).entry_hash
    AuditHead.objects.filter(pk=2).update(seq=1, entry_hash=previous)
    assert audit.verify().ok
    check = anchor.verify()
    assert not check.ok and any("chain 2" in p and "removed" in p for p in check.problems)
    with pytest.raises(anchor.AnchorInvalid), django_capture_on_commit_callbacks(execute=True):
        anchor.audit_anchor()  # and no new anchor blesses the cut chain


def test_an_anchor_of_one_chain_is_signed_as_before(heads):
    audit.record(actor=None, action="test.write")
    row = anchor.audit_anchor()
    assert anchor.parse(row.token, anchor.own_keys(), issuer="PH").chains == ()


@pytest.mark.django_db(transaction=True)
def test_a_writer_does_not_wait_for_another_that_holds_chain_1():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: every entry goes to chain 1")
    AuditHead.objects.get_or_create(pk=2, defaults={"seq": 0, "entry_hash": audit.GENESIS})
    holding, release, seqs = threading.Event(), threading.Event(), []

    def slow_writer():
        with transaction.atomic():
            seqs.append(audit.record(actor=None, action="test.slow").seq)
            holding.set()
            release.wait(10)
        connections.close_all()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert holding.wait(10)
    with transaction.atomic():  # would wait until the slow writer commits if chain 1 were the only chain
        seqs.append(audit.record(actor=None, action="test.fast").seq)
    release.set()
    thread.join(10)
    assert seqs == [1, 2 * SPAN + 1]
    assert audit.verify() == audit.VerifyResult(True, 2)


def test_an_entry_moved_to_another_place_of_another_chain_is_reported(heads, monkeypatch):
    record_in(2, 3, monkeypatch)
    first, second = 2 * SPAN + 1, 2 * SPAN + 2  # swap the first two entries of chain 2: same rows, other order
    sql("UPDATE core_auditentry SET seq=%s WHERE seq=%s", [9 * SPAN, first])
    sql("UPDATE core_auditentry SET seq=%s WHERE seq=%s", [first, second])
    sql("UPDATE core_auditentry SET seq=%s WHERE seq=%s", [second, 9 * SPAN])
    result = audit.verify()
    assert (result.ok, result.first_bad_seq) == (False, first) and "does not follow" in result.problem


def test_the_hash_of_an_entry_whose_detail_looks_like_its_number_verifies(heads):
    # the entry's number is spliced into its canonical JSON after the head is taken: a detail holding the same
    # text, non-ASCII text, and an actor must not confuse it (on PostgreSQL the database computes the hash)
    audit.record(actor=None, action="test.write", detail={"seq": 0, "note": 'ñ "seq":0 ✓', "n": [1, 2.5]},
                 to_state='"seq":0')
    audit.record(actor=None, action="test.write", from_state="a", detail={})
    assert audit.verify() == audit.VerifyResult(True, 2)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_every_chain_whole():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    for chain in range(2, 9):
        AuditHead.objects.get_or_create(pk=chain, defaults={"seq": 0, "entry_hash": audit.GENESIS})
    writers, each, errors = 8, 40, []

    def writer(number):
        try:
            for i in range(each):
                with transaction.atomic():
                    audit.record(actor=None, action="test.concurrent", object_id=f"{number}-{i}")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert audit.verify() == audit.VerifyResult(True, writers * each)
    assert AuditEntry.objects.filter(action="test.concurrent").count() == writers * each
    assert sum(AuditHead.objects.values_list("seq", flat=True)) == writers * each


@pytest.mark.django_db(transaction=True)
def test_when_every_head_is_taken_a_writer_waits_for_one_and_appends():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    AuditHead.objects.get_or_create(pk=2, defaults={"seq": 0, "entry_hash": audit.GENESIS})
    holding, release, done = threading.Event(), threading.Event(), []

    def holder():  # another transaction holds every head
        with transaction.atomic():
            list(AuditHead.objects.select_for_update())
            holding.set()
            release.wait(20)
        connections.close_all()

    def writer():
        with transaction.atomic():
            done.append(audit.record(actor=None, action="test.waited").seq)
        connections.close_all()

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    assert holding.wait(10)
    threads.append(threading.Thread(target=writer))
    threads[1].start()
    waiting = False
    for _ in range(200):  # until the writer's backend waits for a head's lock (no time is asserted)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                           "AND query LIKE '%%core_audit_append%%'")
            waiting = cursor.fetchone()[0] > 0
        if waiting:
            break
        threading.Event().wait(0.05)
    release.set()
    for thread in threads:
        thread.join(20)
    assert waiting and len(done) == 1
    assert audit.verify() == audit.VerifyResult(True, 1)
