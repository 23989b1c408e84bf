"""The audit trail: append an entry in the caller's transaction, and verify the chain end to end."""

import hashlib
import json
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from corridor.core.canonical import CANON, canonical_json
from corridor.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64


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
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
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
            prev_hash=head.entry_hash,
            canon=CANON,
        )
        entry.entry_hash = _entry_hash(entry.prev_hash, _fields(entry), entry.canon)
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(seq=entry.seq, entry_hash=entry.entry_hash)
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify(batch_size: int = 5000) -> VerifyResult:
    """Walk the whole chain in order; report the first entry that is missing, altered or out of place."""
    expected_seq = 1
    prev_hash = GENESIS
    checked = 0
    last_seq = 0
    newest_canon = 1
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq")[:batch_size])
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
    head = AuditHead.objects.get(pk=1)
    if head.seq != checked or head.entry_hash != prev_hash:
        return VerifyResult(False, checked, checked + 1, f"the trail ends at entry {checked} but its head says {head.seq}")
    return VerifyResult(True, checked)
