"""The audit trail: append an entry in the caller's transaction, and verify the chain end to end.

Issue 12: the trail is one or more hash chains, each with its head row (AuditHead). A write appends to the first
chain whose head no other transaction holds (PostgreSQL's SKIP LOCKED), so that concurrent writers do not queue
behind one locked row; without contention, and on SQLite (one writer at a time), every entry goes to chain 1, the
chain of every entry written before. Chain 1 numbers its entries 1, 2, 3...; chain c (c >= 2) numbers them
c * CHAIN_SPAN + 1, + 2... (contiguous within the chain, so a deleted entry still shows as a gap; the number is
hashed, so an entry cannot be moved to another chain). `verify` walks every chain whole; anchors sign every head.
On PostgreSQL one call of a database function (core_audit_append, migration core 0011) takes the head, hashes,
inserts and moves the head; `verify` recomputes every hash here, in Python, so the two must agree (they are tested to).
"""

import hashlib
import json
import os
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

from corridor.core import rows
from corridor.core.canonical import CANON, canonical_json
from corridor.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64
CHAIN_SPAN = 10**15  # numbers of chain c >= 2 start at c * CHAIN_SPAN; chain 1 never gets near it


def chain_start(chain: int) -> int:
    """The number before the first entry of a chain (0 for chain 1)."""
    return 0 if chain == 1 else chain * CHAIN_SPAN


def chain_of(seq: int) -> int:
    return 1 if seq < 2 * CHAIN_SPAN else seq // CHAIN_SPAN


def head_seq(head: AuditHead) -> int:
    """The number of a chain's newest entry (AuditHead.seq counts the chain's entries)."""
    return chain_start(head.pk) + head.seq if head.seq else 0


def _head_choice() -> int:
    """The chain to append to: 0 on PostgreSQL (the database function takes the first chain whose head is free, see
    `_append_postgres`), chain 1 elsewhere (SQLite: one writer at a time, the database is the lock)."""
    return 0 if connection.features.has_select_for_update_skip_locked else 1


def _take_head() -> AuditHead:
    """Lock the head to append to (the generic path; PostgreSQL appends in one call, `_append_postgres`)."""
    chain = _head_choice() or 1
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, seq, entry_hash FROM {connection.ops.quote_name(AuditHead._meta.db_table)} "
                       f"WHERE id = %s{lock}", [chain])
        row = cursor.fetchone()
    if row is None:
        raise AuditHead.DoesNotExist(f"no audit chain {chain}")
    return AuditHead(id=row[0], seq=row[1], entry_hash=row[2])


def _legacy_body(fields: dict) -> bytes:
    """Canonical form 1, kept only to verify entries written before RFC 8785 was adopted (canon is null)."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _entry_hash(prev_hash: str, fields: dict, canon: int | None = CANON) -> str:
    """SHA-256 of the previous hash and the entry's fields; from form 2 on, the form's number is hashed too."""
    if canon is None or canon == 1:
        body = _legacy_body(fields)
    elif canon == CANON:
        body = canonical_json({**fields, "canon": canon})
    else:
        raise ValueError(f"unknown canonical form {canon}")
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


def _fields(entry: AuditEntry) -> dict:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "is_read": entry.is_read,
        "detail": entry.detail,
    }


def actor_label(user) -> str:
    if user is None:
        return "system"
    if not getattr(user, "is_authenticated", False):
        return "anonymous"
    return user.get_username()


def entry(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    from_state: str = "",
    to_state: str = "",
    detail: dict | None = None,
    is_read: bool = False,
) -> AuditEntry:
    """An entry made now, not yet appended: `record` appends one at once, `record_many` a list of them."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        seq=0,
        at=timezone.now(),
        actor=user,
        actor_label=actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        from_state=from_state or "",
        to_state=to_state or "",
        is_read=is_read,
        detail=json.loads(json.dumps(detail or {}, default=str)),
        canon=CANON,
    )


def record(**fields) -> AuditEntry:
    """Append one entry (the arguments of `entry`). Call inside the transaction of the write it records."""
    return record_many([entry(**fields)])[0]


def record_many(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Append entries made by `entry`, in order, as many `record` calls would. Call inside the transaction of the
    writes they record. On SQLite the head is read and moved once and the entries inserted by one statement."""
    # No savepoint of its own (two statements fewer): an error here fails the caller's transaction, as it should.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            for item in entries:
                _append_postgres(item)
        elif entries:
            _append(entries)
    return entries


def _append(entries: list[AuditEntry]) -> None:
    """Take a head, hash the entries in Python, insert them and move the head: three statements (SQLite) however
    many the entries. The insert is the model's own INSERT without `save()`'s machinery, which cost as much as the
    statement (`rows.insert_many`, issue 12)."""
    head = _take_head()
    seq, prev_hash = chain_start(head.pk) + head.seq, head.entry_hash
    for item in entries:
        seq += 1
        item.seq, item.prev_hash = seq, prev_hash
        item.entry_hash = prev_hash = _entry_hash(prev_hash, _fields(item), item.canon)
    rows.insert_many(entries)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {connection.ops.quote_name(AuditHead._meta.db_table)} SET seq = %s, entry_hash = %s "
                       "WHERE id = %s", [head.seq + len(entries), prev_hash, head.pk])


def _append_postgres(entry: AuditEntry) -> None:
    """One call of the database function core_audit_append (migration core 0011): it takes the first chain whose
    head no other transaction holds (SKIP LOCKED; when every head is taken it waits for one the process id picks),
    numbers the entry, hashes it, inserts it and moves the head, so an audited write costs one round trip more than
    the write alone, and the server keeps the function's plans. The hash is the one `_entry_hash` computes (form
    CANON): SHA-256 of the previous hash and the entry's canonical JSON, whose only part not known before the head
    is taken, the entry's number, is spliced in by the database (an integer's RFC 8785 form is its digits)."""
    body = canonical_json({**_fields(entry), "canon": entry.canon})  # seq is 0 here
    before, mark, after = body.rpartition(b'"seq":0')  # the last: the top level's (only "to_state" follows it)
    if not mark:
        raise ValueError("the entry's canonical form has no number")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_audit_append(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                       "%s::jsonb, %s)",
                       [_head_choice(), os.getpid(), CHAIN_SPAN, before + b'"seq":', after, entry.at, entry.actor_id,
                        entry.actor_label, entry.action, entry.object_type, entry.object_id, entry.from_state,
                        entry.to_state, entry.is_read, json.dumps(entry.detail), entry.canon])
        entry.seq, entry.prev_hash, entry.entry_hash = cursor.fetchone()
    entry._state.adding, entry._state.db = False, connection.alias


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify(batch_size: int = 5000) -> VerifyResult:
    """Walk every chain whole, in order; report the first entry that is missing, altered or out of place, and any
    entry that belongs to no chain. `checked` counts the entries of every chain."""
    heads = list(AuditHead.objects.order_by("id"))
    checked = 0
    for head in heads:
        result = _verify_chain(head.pk, batch_size)
        checked += result.checked
        if not result.ok:
            return VerifyResult(False, checked, result.first_bad_seq, result.problem)
    known = [(chain_start(h.pk), chain_start(h.pk) + (2 * CHAIN_SPAN if h.pk == 1 else CHAIN_SPAN)) for h in heads]
    stray = AuditEntry.objects.exclude(
        models.Q(*[models.Q(seq__gt=low, seq__lt=high) for low, high in known], _connector=models.Q.OR)
        if known else models.Q(pk__in=[])).order_by("seq").values_list("seq", flat=True).first()
    if stray is not None:
        return VerifyResult(False, checked, stray, f"entry {stray} belongs to no audit chain")
    return VerifyResult(True, checked)


def _verify_chain(chain: int, batch_size: int) -> VerifyResult:
    start = chain_start(chain)
    end = start + (2 * CHAIN_SPAN if chain == 1 else CHAIN_SPAN)
    expected_seq = start + 1
    prev_hash = GENESIS
    checked = 0
    last_seq = start
    newest_canon = 1
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last_seq, seq__lt=end).order_by("seq")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.seq != expected_seq:
                return VerifyResult(False, checked, expected_seq, f"entry {expected_seq} is missing")
            if entry.prev_hash != prev_hash:
                return VerifyResult(False, checked, entry.seq, f"entry {entry.seq} does not follow entry {entry.seq - 1}")
            canon = entry.canon or 1
            if canon < newest_canon:
                return VerifyResult(False, checked, entry.seq, f"entry {entry.seq} uses an older canonical form than entries before it")
            newest_canon = canon
            try:
                altered = _entry_hash(entry.prev_hash, _fields(entry), entry.canon) != entry.entry_hash
            except (TypeError, ValueError):
                altered = True
            if altered:
                return VerifyResult(False, checked, entry.seq, f"entry {entry.seq} was altered")
            prev_hash = entry.entry_hash
            expected_seq += 1
            checked += 1
        last_seq = batch[-1].seq
    head = AuditHead.objects.get(pk=chain)
    if head.seq != checked or head.entry_hash != prev_hash:
        return VerifyResult(False, checked, start + checked + 1,
                            f"the trail ends at entry {start + checked} but its head says {head_seq(head) or start}")
    return VerifyResult(True, checked)
