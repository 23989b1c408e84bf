"""The audit trail: append an entry in the caller's transaction, and verify the chain end to end.

Issue 12: the trail is one or more hash chains, each with its head row (AuditHead). A write appends to the first
chain whose head no other transaction holds (PostgreSQL's SKIP LOCKED), so that concurrent writers do not queue
behind one locked row; without contention, and on SQLite (one writer at a time), every entry goes to chain 1, the
chain of every entry written before. Chain 1 numbers its entries 1, 2, 3...; chain c (c >= 2) numbers them
c * CHAIN_SPAN + 1, + 2... (contiguous within the chain, so a deleted entry still shows as a gap; the number is
hashed, so an entry cannot be moved to another chain). `verify` walks every chain whole; anchors sign every head.
"""

import hashlib
import json
import os
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

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


def _head_choices() -> list[tuple[str, list]]:
    """How to take the head to append to, tried in order (the clause ends a SELECT of the head table).

    PostgreSQL: the first chain whose head no other transaction holds (SKIP LOCKED; a head this transaction already
    holds counts as free, so it never waits for another while holding one); when all are taken, wait for one.
    SQLite: chain 1 (the database is the lock).
    """
    if connection.features.has_select_for_update_skip_locked:
        ids = _chain_ids()
        return [("ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED", []),
                ("WHERE id = %s FOR UPDATE", [ids[os.getpid() % len(ids)]])]
    if connection.features.has_select_for_update:
        return [("WHERE id = 1 FOR UPDATE", [])]
    return [("WHERE id = 1", [])]


_CHAIN_IDS: dict[str, list[int]] = {}


def _chain_ids() -> list[int]:
    # only read when every chain is taken; the chains are fixed by migration, so one read a database
    ids = _CHAIN_IDS.get(connection.alias)
    if not ids:
        ids = _CHAIN_IDS[connection.alias] = list(AuditHead.objects.order_by("id").values_list("id", flat=True))
    return ids


def _take_head() -> AuditHead:
    """Lock the head to append to (the generic path; PostgreSQL appends in one statement, `_append_postgres`)."""
    table = connection.ops.quote_name(AuditHead._meta.db_table)
    with connection.cursor() as cursor:
        for clause, params in _head_choices():
            cursor.execute(f"SELECT id, seq, entry_hash FROM {table} {clause}", params)
            row = cursor.fetchone()
            if row is not None:
                return AuditHead(id=row[0], seq=row[1], entry_hash=row[2])
    raise AuditHead.DoesNotExist("no audit chain head to append to")


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


def record(
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
    """Append one entry. Call inside the transaction of the write it records."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
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
    # No savepoint of its own (two statements fewer): an error here fails the caller's transaction, as it should.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            _append_postgres(entry)
        else:
            _append(entry)
    return entry


def _append(entry: AuditEntry) -> None:
    """Take a head, hash the entry in Python, insert it and move the head: three statements (SQLite)."""
    head = _take_head()
    entry.seq = chain_start(head.pk) + head.seq + 1
    entry.prev_hash = head.entry_hash
    entry.entry_hash = _entry_hash(entry.prev_hash, _fields(entry), entry.canon)
    entry.save(force_insert=True)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {connection.ops.quote_name(AuditHead._meta.db_table)} SET seq = %s, entry_hash = %s "
                       "WHERE id = %s", [head.seq + 1, entry.entry_hash, head.pk])


# One statement takes a head, numbers the entry, hashes it, inserts it and moves the head (issue 12): an audited
# write costs one round trip more than the write alone, not three. The hash is the same as `_entry_hash` computes
# (form CANON): SHA-256 of the previous hash and the entry's canonical JSON, whose only part not known before the
# head is taken, the entry's number, is spliced in by the database (an integer's RFC 8785 form is its digits).
_APPEND_SQL = """
WITH h AS (SELECT id, seq, entry_hash FROM {head} {clause}),
e AS (SELECT id, seq + 1 AS count, entry_hash AS prev,
             (CASE WHEN id = 1 THEN 0 ELSE id::bigint * %s END) + seq + 1 AS number FROM h),
x AS (SELECT e.*, encode(sha256(convert_to(prev, 'UTF8') || %s::bytea || convert_to(number::text, 'UTF8')
                                || %s::bytea), 'hex') AS hash FROM e),
u AS (UPDATE {head} SET seq = x.count, entry_hash = x.hash FROM x WHERE {head}.id = x.id)
INSERT INTO {entry} (seq, at, actor_id, actor_label, action, object_type, object_id, from_state, to_state, is_read,
                     detail, prev_hash, entry_hash, canon)
SELECT number, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, prev, hash, %s FROM x
RETURNING seq, prev_hash, entry_hash
"""


def _append_postgres(entry: AuditEntry) -> None:
    body = canonical_json({**_fields(entry), "canon": entry.canon})  # seq is 0 here
    before, mark, after = body.rpartition(b'"seq":0')  # the last: the top level's (only "to_state" follows it)
    if not mark:
        raise ValueError("the entry's canonical form has no number")
    values = [entry.at, entry.actor_id, entry.actor_label, entry.action, entry.object_type, entry.object_id,
              entry.from_state, entry.to_state, entry.is_read, json.dumps(entry.detail), entry.canon]
    names = {"head": connection.ops.quote_name(AuditHead._meta.db_table),
             "entry": connection.ops.quote_name(AuditEntry._meta.db_table)}
    with connection.cursor() as cursor:
        for clause, params in _head_choices():
            cursor.execute(_APPEND_SQL.format(clause=clause, **names),
                           [*params, CHAIN_SPAN, before + b'"seq":', after, *values])
            row = cursor.fetchone()
            if row is not None:
                break
        else:
            raise AuditHead.DoesNotExist("no audit chain head to append to")
    entry.seq, entry.prev_hash, entry.entry_hash = row
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
