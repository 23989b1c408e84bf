"""Audit anchors (issue 13, fault 3): the five tampering attacks that passed `corridor audit verify`, now caught."""

import json
from importlib import import_module

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from corridor.core import anchor, audit, crypto, signing
from corridor.core.models import AuditAnchor, AuditEntry, AuditHead

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def anchors_file(settings, tmp_path):
    settings.CORRIDOR_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")
    return tmp_path / "audit-anchors.jsonl"


@pytest.fixture
def anchor_now(django_capture_on_commit_callbacks):
    def make():
        with django_capture_on_commit_callbacks(execute=True):
            return anchor.audit_anchor()

    return make


def entries(n):
    for i in range(n):
        audit.record(actor=None, action="test.write", object_type="test.thing", object_id=i, to_state="done")


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def move_head_to(seq):
    last = AuditEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first() or audit.GENESIS
    AuditHead.objects.filter(pk=1).update(seq=seq, entry_hash=last)


def rewrite_from(seq, **change):
    """Edit entry `seq` and re-hash it and every later entry, as someone with the database (and no key) can."""
    prev = AuditEntry.objects.filter(seq=seq - 1).values_list("entry_hash", flat=True).first() or audit.GENESIS
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        if entry.seq == seq:
            for name, value in change.items():
                setattr(entry, name, value)
        entry.prev_hash = prev
        entry.entry_hash = audit._entry_hash(prev, audit._fields(entry))
        sql("UPDATE core_auditentry SET to_state=%s, prev_hash=%s, entry_hash=%s WHERE seq=%s",
            [entry.to_state, entry.prev_hash, entry.entry_hash, entry.seq])
        prev = entry.entry_hash
    move_head_to(AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first())


def forged_anchor(key, seq, entry_hash):
    header = {"alg": "EdDSA", "kid": crypto.key_id(crypto.node_private_key().public_key()), "typ": anchor.TYP}
    payload = {"v": 1, "iss": "PH", "seq": seq, "hash": entry_hash, "at": "2026-12-01T00:00:00Z"}
    signing_input = crypto.b64url(signing.canonical_json(header)) + "." + crypto.b64url(signing.canonical_json(payload))
    return signing_input + "." + crypto.b64url(key.sign(signing_input.encode("ascii")))


def test_an_anchor_signs_the_head_and_is_kept_in_the_database_and_the_file(anchor_now, anchors_file):
    entries(5)
    row = anchor_now()
    assert (row.issuer, row.seq, row.entry_hash) == ("PH", 5, AuditHead.objects.get(pk=1).entry_hash)  # chain 1's head
    assert json.loads(anchors_file.read_text().splitlines()[0])["token"] == row.token
    assert anchor_now() is None  # the head has not moved
    entries(1)
    assert anchor_now().seq == 6
    result = anchor.verify()
    assert result.ok and result.anchors == 2 and result.latest_anchor_seq == 6


def test_attack_1_delete_the_newest_entries_and_move_the_head_back(anchor_now):
    entries(10)
    anchor_now()
    sql("DELETE FROM core_auditentry WHERE seq > 7")
    move_head_to(7)
    AuditAnchor.objects.all().delete()  # the attacker removes the anchors the database holds, too
    assert audit.verify().ok  # the fault: the chain alone is consistent again
    result = anchor.verify()
    assert not result.ok and result.first_bad_seq == 8 and "entries were removed" in result.problem


def test_attack_2_edit_an_entry_and_rehash_the_rest(anchor_now):
    entries(10)
    anchor_now()
    rewrite_from(3, to_state="forged")
    assert audit.verify().ok
    result = anchor.verify()
    assert not result.ok and "rewritten" in result.problem and result.first_bad_seq == 10


def test_attack_3_drop_the_triggers_and_rewrite(anchor_now):
    migration = import_module("corridor.core.migrations.0003_audit_append_only")
    entries(6)
    anchor_now()
    for statement in {"sqlite": migration.SQLITE, "postgresql": migration.POSTGRES}[connection.vendor]:
        sql(statement)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql("UPDATE core_auditentry SET to_state = 'forged' WHERE seq = 2")
    for statement in {"sqlite": migration.SQLITE_REVERSE, "postgresql": migration.POSTGRES_REVERSE}[connection.vendor]:
        sql(statement)
    rewrite_from(2, to_state="forged")
    assert audit.verify().ok
    assert not anchor.verify().ok


def test_attack_4_truncate(anchor_now):
    entries(4)
    anchor_now()
    sql("DELETE FROM core_auditentry")
    move_head_to(0)
    assert audit.verify().ok and audit.verify().checked == 0
    result = anchor.verify()
    assert not result.ok and result.first_bad_seq == 1


def test_attack_5_forge_an_anchor_for_a_rewritten_trail(anchor_now, anchors_file):
    entries(5)
    anchor_now()
    rewrite_from(2, to_state="forged")
    head = AuditHead.objects.get(pk=1)  # chain 1, where every entry goes without concurrent writers
    attacker = Ed25519PrivateKey.generate()
    token = forged_anchor(attacker, head.seq, head.entry_hash)
    AuditAnchor.objects.all().delete()
    AuditAnchor.objects.create(issuer="PH", seq=head.seq, entry_hash=head.entry_hash, signed_at="2026-12-01T00:00:00Z",
                               key_id="0" * 16, token=token)
    anchors_file.write_text(json.dumps({"token": token}) + "\n")  # even with write access to the file
    result = anchor.verify()
    assert not result.ok and "forged" in result.problem


def test_a_peers_copy_catches_an_attacker_who_also_has_the_file(anchor_now, anchors_file):
    entries(5)
    peer_copy = [anchor_now().token]
    sql("DELETE FROM core_auditentry WHERE seq > 3")
    move_head_to(3)
    AuditAnchor.objects.all().delete()
    anchors_file.unlink()
    assert anchor.verify().ok  # nothing left here to compare with
    result = anchor.verify(fetched={"SA's copy": peer_copy})
    assert not result.ok and "SA's copy" in result.problem


def test_the_command_anchors_and_reports_tampering(anchor_now, tmp_path, capsys):
    entries(3)
    call_command("audit", "verify")
    assert "no anchor was found" in capsys.readouterr().out
    with transaction.atomic():
        call_command("audit", "anchor")
    assert "Anchored entry 3" in capsys.readouterr().out
    saved = tmp_path / "copy.json"
    saved.write_text(json.dumps(anchor.published()))
    call_command("audit", "verify", "--anchors", str(saved))
    assert "chain intact" in capsys.readouterr().out
    sql("DELETE FROM core_auditentry WHERE seq = 3")
    move_head_to(2)
    AuditAnchor.objects.all().delete()
    with pytest.raises(CommandError, match="TAMPERED"):
        call_command("audit", "verify", "--no-file", "--anchors", str(saved))


def test_the_published_anchors_are_public(client, anchor_now):
    entries(2)
    row = anchor_now()
    answer = client.get("/.well-known/corridor-audit-anchors.json").json()
    assert answer == {"issuer": "PH", "held_by": "PH", "anchors": [row.token]}
    assert client.get("/.well-known/corridor-audit-anchors.json?issuer=SA").json()["anchors"] == []
    assert client.get("/.well-known/corridor-audit-anchors.json?issuer=..").status_code == 400
    assert client.post("/.well-known/corridor-audit-anchors.json").status_code == 405


def test_a_peers_anchor_is_kept_and_a_contradicting_one_refused():
    key = Ed25519PrivateKey.generate()
    keys = {crypto.key_id(key.public_key()): key.public_key()}

    def sa_anchor(seq, entry_hash):
        header = {"alg": "EdDSA", "kid": crypto.key_id(key.public_key()), "typ": anchor.TYP}
        payload = {"v": 1, "iss": "SA", "seq": seq, "hash": entry_hash, "at": "2026-12-01T00:00:00Z"}
        signing_input = crypto.b64url(signing.canonical_json(header)) + "." + crypto.b64url(signing.canonical_json(payload))
        return signing_input + "." + crypto.b64url(key.sign(signing_input.encode("ascii")))

    row = anchor.anchor_receive(issuer="SA", keys=keys, token=sa_anchor(9, "a" * 64))
    assert (row.issuer, row.seq, row.received_from) == ("SA", 9, "SA")
    assert anchor.anchor_receive(issuer="SA", keys=keys, token=sa_anchor(9, "a" * 64)).pk == row.pk
    with pytest.raises(anchor.AnchorInvalid, match="rewritten"):
        anchor.anchor_receive(issuer="SA", keys=keys, token=sa_anchor(9, "b" * 64))
    with pytest.raises(anchor.AnchorInvalid):
        anchor.anchor_receive(issuer="QA", keys=keys, token=sa_anchor(10, "a" * 64))  # SA's key, not QA's
    other = Ed25519PrivateKey.generate()
    with pytest.raises(anchor.AnchorInvalid):
        anchor.anchor_receive(issuer="SA", keys={crypto.key_id(other.public_key()): other.public_key()}, token=sa_anchor(11, "a" * 64))
    assert list(AuditAnchor.objects.values_list("seq", flat=True)) == [9]


def test_the_node_does_not_sign_a_head_that_contradicts_its_last_anchor(anchor_now):
    entries(6)
    anchor_now()
    rewrite_from(4, to_state="forged")
    AuditAnchor.objects.all().delete()  # even with the database's anchors gone, the file's last one stands
    entries(1)
    with pytest.raises(anchor.AnchorInvalid, match="cut or rewritten"):
        anchor_now()
    assert not AuditAnchor.objects.exists()
