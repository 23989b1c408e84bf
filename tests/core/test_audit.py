"""The audit trail: chained, verified, append-only, and every tampering found."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from corridor.core import audit
from corridor.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entries(n):
    return [audit.record(actor=None, action="test.write", object_type="test.thing", object_id=i, to_state="done") for i in range(n)]


def test_chain_verifies_and_links_each_entry_to_the_last():
    entries = _entries(5)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.entry_hash for a, b in zip(entries, entries[1:], strict=False))
    result = audit.verify()
    assert result.ok and result.checked == 5


def test_entries_appended_together_are_chained_in_order_as_if_appended_one_by_one():
    first = _entries(2)
    made = [audit.entry(actor=None, action="test.batch", object_id=i, detail={"i": i}) for i in range(4)]
    with transaction.atomic():
        appended = audit.record_many(made)
    last = _entries(1)
    assert [e.seq for e in first + appended + last] == [1, 2, 3, 4, 5, 6, 7]
    assert appended[0].prev_hash == first[-1].entry_hash and last[0].prev_hash == appended[-1].entry_hash
    stored = list(AuditEntry.objects.filter(action="test.batch").order_by("seq").values_list("object_id", "entry_hash"))
    assert stored == [(str(i), e.entry_hash) for i, e in enumerate(appended)]
    assert audit.record_many([]) == []
    result = audit.verify()
    assert result.ok and result.checked == 7


def test_an_altered_entry_is_reported_by_its_sequence_number():
    _entries(5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET to_state = 'forged' WHERE seq = 3")
    result = audit.verify()
    assert not result.ok
    assert result.first_bad_seq == 3
    assert "altered" in result.problem


def test_a_deleted_entry_is_reported_as_missing():
    _entries(5)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE seq = 2")
    result = audit.verify()
    assert (result.ok, result.first_bad_seq) == (False, 2)
    assert "missing" in result.problem


def test_a_truncated_tail_is_reported():
    _entries(4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE seq = 4")
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == 4


def test_a_rehashed_forgery_breaks_the_next_link():
    entries = _entries(3)
    forged = AuditEntry.objects.get(seq=2)
    forged.to_state = "forged"
    forged.entry_hash = audit._entry_hash(forged.prev_hash, audit._fields(forged))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET to_state=%s, entry_hash=%s WHERE seq=2", [forged.to_state, forged.entry_hash])
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == 3
    assert entries[2].prev_hash != forged.entry_hash


def test_the_command_reports_tampering_with_a_failing_exit(capsys):
    _entries(2)
    call_command("audit", "verify")
    assert "chain intact" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET action = 'x' WHERE seq = 1")
    with pytest.raises(CommandError, match="first bad entry: 1"):
        call_command("audit", "verify")


def test_the_database_refuses_updates_and_deletes_once_protected():
    from importlib import import_module

    migration = import_module("corridor.core.migrations.0003_audit_append_only")
    _entries(1)
    with connection.cursor() as cursor:
        for statement in {"sqlite": migration.SQLITE, "postgresql": migration.POSTGRES}[connection.vendor]:
            cursor.execute(statement)
    for sql in ("UPDATE core_auditentry SET action = 'x' WHERE seq = 1", "DELETE FROM core_auditentry WHERE seq = 1"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    # Appending still works.
    audit.record(actor=None, action="test.after", object_type="t", object_id=1)
    assert audit.verify().ok
