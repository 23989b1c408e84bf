"""Audit anchors: the node signs its audit chain's head, keeps it outside the database and with its peers, and checks against it.

The hash chain in core/audit.py finds an entry that was altered or removed from the middle, but someone who can
write to the database can cut the newest entries and move the head back, or rewrite every hash from an edited
entry onwards, and the chain is consistent again. An anchor is the node's signature over (sequence, hash) of the
head at one moment. It is stored three times: in the `AuditAnchor` table, appended to a file in the data
directory, and sent to the peers through the exchange (`audit.anchor`), who keep it. A chain that was cut or
rewritten before an anchor no longer matches it; forging a matching anchor needs the node's private key, and
even that is caught by a peer's copy of the anchor that was really sent.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from corridor.core import audit, crypto, events, node, signing
from corridor.core.models import AuditAnchor, AuditEntry, AuditHead

logger = logging.getLogger(__name__)

TYP = "corridor-audit-anchor+jws"
VERSION = 1
ANCHORED_EVENT = "audit.anchored"  # published with anchor_id when this node has made an anchor
PUBLISHED = 100  # the newest anchors served at /.well-known/corridor-audit-anchors.json


class AnchorInvalid(ValueError):
    """An anchor token that is not a genuine anchor of the named node."""


def anchor_file() -> Path:
    """Where this node's anchors are appended, outside the database (CORRIDOR_AUDIT_ANCHOR_FILE to move it)."""
    configured = getattr(settings, "CORRIDOR_AUDIT_ANCHOR_FILE", None) or os.environ.get("CORRIDOR_AUDIT_ANCHOR_FILE")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-anchors.jsonl"


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Anchor:
    issuer: str
    seq: int
    entry_hash: str
    signed_at: dt.datetime
    key_id: str
    token: str
    chains: tuple[tuple[int, str], ...] = ()  # (number, hash) of the newest entry of each other chain (issue 12)


def parse(token: str, keys: dict, *, issuer: str) -> Anchor:
    """A verified anchor of `issuer`, signed with one of `keys` ({kid: public key}); AnchorInvalid otherwise."""
    try:
        header, payload = signing.jws_verify(str(token), keys, typ=TYP)
    except signing.SignatureError as exc:
        raise AnchorInvalid(f"not a genuine anchor of {issuer}: {exc}") from exc
    try:
        if payload.get("v") != VERSION or str(payload["iss"]).upper() != issuer.upper():
            raise AnchorInvalid(f"the anchor names {payload.get('iss')!r} as its node, not {issuer}")
        seq, entry_hash = payload["seq"], str(payload["hash"])
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0 or len(entry_hash) != 64:
            raise AnchorInvalid("the anchor's sequence or hash is not valid")
        signed_at = dt.datetime.fromisoformat(str(payload["at"]).replace("Z", "+00:00"))
        chains = tuple((item[0], str(item[1])) for item in payload.get("chains", []))
        if any(not isinstance(n, int) or isinstance(n, bool) or audit.chain_of(n) < 2 or len(h) != 64 for n, h in chains):
            raise AnchorInvalid("the anchor's chains are not valid")
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        if isinstance(exc, AnchorInvalid):
            raise
        raise AnchorInvalid(f"the anchor is not in the expected form: {exc}") from exc
    return Anchor(issuer=issuer.upper(), seq=seq, entry_hash=entry_hash, signed_at=signed_at, key_id=str(header["kid"]),
                  token=str(token).strip(), chains=chains)


def _other_chains(heads) -> list[list]:
    """[number, hash] of the newest entry of every chain but the first that has entries."""
    return [[audit.head_seq(h), h.entry_hash] for h in heads if h.pk != 1 and h.seq]


def own_keys() -> dict:
    """Every key this node publishes (the signing key and earlier ones not retired): anchors signed before a
    rotation still verify."""
    return crypto.node_public_keys()


def _append_to_file(token: str) -> None:
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="ascii") as handle:
        handle.write(json.dumps({"token": token}) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def audit_anchor(*, acting_user=None) -> AuditAnchor | None:
    """Sign the head of this node's audit chain; None when the head has not moved since the last anchor.

    No audit entry is written for it: an entry would move the head just anchored, so that every anchor would
    call for another. The anchor row, the line in the anchors file and the peers' copies are its record.
    """
    me = node.identity().country
    with transaction.atomic():
        heads = list(AuditHead.objects.select_for_update().order_by("id"))  # every chain held still while signing
        head = next(h for h in heads if h.pk == 1)
        chains = _other_chains(heads)
        latest = AuditAnchor.objects.filter(issuer=me, received_from="").order_by("-seq").first()
        if latest is not None and latest.seq == head.seq and latest.entry_hash == head.entry_hash \
                and (not chains or _anchored_chains(latest.token, me) == [tuple(c) for c in chains]):
            return None
        _refuse_to_bless_a_rewrite(me, heads, latest)
        now = timezone.now().replace(microsecond=0)
        payload = {"v": VERSION, "iss": me, "seq": head.seq, "hash": head.entry_hash, "at": _iso(now)}
        if chains:  # only when other chains have entries: an anchor of one chain is signed as before
            payload["chains"] = chains
        token = signing.jws_sign(payload, typ=TYP)
        anchor = parse(token, own_keys(), issuer=me)
        row = AuditAnchor.objects.create(issuer=me, seq=anchor.seq, entry_hash=anchor.entry_hash, signed_at=anchor.signed_at,
                                         key_id=anchor.key_id, token=token)
        transaction.on_commit(lambda: _append_to_file(token))
        events.publish(ANCHORED_EVENT, anchor_id=row.pk)
    logger.info("Audit anchor at entry %s", row.seq)
    return row


def _anchored_chains(token: str, me: str) -> list[tuple[int, str]] | None:
    try:
        return list(parse(token, own_keys(), issuer=me).chains)
    except AnchorInvalid:
        return None


def _refuse_to_bless_a_rewrite(me: str, heads, latest) -> None:
    """Never sign a head that contradicts the last anchor (the database's or the file's): that would vouch for a
    trail someone cut or rewrote since. One lookup a chain, not a walk: `corridor audit verify` does that."""
    by_chain = {h.pk: h for h in heads}
    head = by_chain[1]
    tokens = [latest.token] if latest is not None else []
    file_tokens, _notes = _file_tokens()
    tokens += [token for _where, token in file_tokens[-1:]]
    for token in tokens:
        try:
            last = parse(token, own_keys(), issuer=me)
        except AnchorInvalid:
            continue  # a forged anchor is reported by verify; it says nothing about the trail
        marks = [(last.seq, last.entry_hash, head.seq)]
        for seq, entry_hash in last.chains:
            chain = by_chain.get(audit.chain_of(seq))
            marks.append((seq, entry_hash, audit.head_seq(chain) if chain is not None else -1))
        for seq, entry_hash, newest in marks:
            here = AuditEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first() if seq else audit.GENESIS
            if seq > newest or here != entry_hash:
                logger.error("Refusing to anchor the audit trail: it no longer matches the anchor of entry %s", seq)
                raise AnchorInvalid(f"the audit trail no longer matches the anchor of entry {seq}: it was cut or "
                                    "rewritten (run `corridor audit verify`); no new anchor was signed")


def anchor_receive(*, issuer: str, keys: dict, token: str) -> AuditAnchor:
    """Keep a peer's anchor (the exchange calls this for `audit.anchor`). A second, different anchor for the same
    entry of the peer's chain is refused: it is proof that the peer's chain was rewritten, and the first is kept."""
    anchor = parse(token, keys, issuer=issuer)
    with transaction.atomic():
        existing = AuditAnchor.objects.select_for_update().filter(issuer=anchor.issuer, seq=anchor.seq).first()
        if existing is not None:
            if existing.entry_hash != anchor.entry_hash:
                raise AnchorInvalid(f"{issuer} already anchored entry {anchor.seq} with another hash: its audit chain was rewritten")
            return existing
        row = AuditAnchor.objects.create(issuer=anchor.issuer, seq=anchor.seq, entry_hash=anchor.entry_hash,
                                         signed_at=anchor.signed_at, key_id=anchor.key_id, token=anchor.token, received_from=issuer)
        audit.record(actor=None, action="audit_anchor.receive", target=row, detail={"issuer": issuer, "seq": anchor.seq})
    return row


def published(issuer: str | None = None) -> dict:
    """What /.well-known/corridor-audit-anchors.json serves: this node's newest anchors, or those it holds of a peer."""
    me = node.identity().country
    issuer = (issuer or me).upper()
    rows = AuditAnchor.objects.filter(issuer=issuer).order_by("-seq")[:PUBLISHED]
    return {"issuer": issuer, "held_by": me, "anchors": [r.token for r in rows]}


def anchor_tokens_from(document) -> list[str]:
    """The anchor tokens in a published document ({"anchors": [...]}) or a bare list."""
    if isinstance(document, dict):
        document = document.get("anchors")
    if not isinstance(document, list):
        raise ValueError("not a list of audit anchors")
    return [str(t) for t in document]


@dataclass
class AnchorCheck:
    ok: bool
    entries: int  # entries in a chain that is whole in itself
    anchors: int = 0  # genuine anchors checked
    latest_anchor_seq: int | None = None
    first_bad_seq: int | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def problem(self) -> str:
        return "; ".join(self.problems)


def _file_tokens() -> tuple[list[tuple[str, str]], list[str]]:
    tokens, notes = [], []
    try:
        lines = anchor_file().read_text(encoding="ascii", errors="replace").splitlines()
    except FileNotFoundError:
        return tokens, [f"no anchors file at {anchor_file()}"]
    for number, line in enumerate(lines, 1):
        try:
            tokens.append((f"anchors file line {number}", str(json.loads(line)["token"])))
        except (ValueError, KeyError, TypeError):
            notes.append(f"anchors file line {number} is unreadable")
    return tokens, notes


def verify(*, fetched: dict[str, list[str]] | None = None, use_file: bool = True) -> AnchorCheck:
    """The chain checked in itself (core/audit.verify), then against every anchor of this node that can be found:
    the database's, the anchors file's, and `fetched` ({where: [tokens]}, e.g. what a peer holds of ours).

    A forged anchor, an anchor beyond the head (entries cut off) and an anchored hash that the chain no longer
    has at that place (entries rewritten) are each a problem; the first bad entry is the lowest one implicated.
    """
    chain = audit.verify()
    check = AnchorCheck(ok=chain.ok, entries=chain.checked)
    if not chain.ok:
        check.problems.append(chain.problem)
        check.first_bad_seq = chain.first_bad_seq
    me = node.identity().country
    keys = own_keys()
    sources: list[tuple[str, str]] = []
    for row in AuditAnchor.objects.filter(issuer=me).order_by("seq"):
        sources.append((f"database anchor #{row.seq}", row.token))
        if row.received_from:
            check.problems.append(f"database anchor #{row.seq} claims to be ours but to come from {row.received_from}")
    if use_file:
        file_tokens, notes = _file_tokens()
        sources += file_tokens
        check.notes += notes
    for where, tokens in (fetched or {}).items():
        sources += [(f"{where} #{i + 1}", t) for i, t in enumerate(tokens)]
    db_rows = {row.seq: row for row in AuditAnchor.objects.filter(issuer=me)}
    heads = {h.pk: h for h in AuditHead.objects.all()}
    head = heads[1]
    anchors: dict[int, tuple[str, Anchor]] = {}
    bad: list[int] = []
    for where, token in sources:
        try:
            anchor = parse(token, keys, issuer=me)
        except AnchorInvalid as exc:
            check.problems.append(f"{where} is forged ({exc})")
            continue
        row = db_rows.get(anchor.seq)
        if where.startswith("database") and row is not None and (row.entry_hash != anchor.entry_hash or row.token.strip() != anchor.token):
            check.problems.append(f"{where}: its columns were changed after it was signed")
        if not where.startswith("database") and (row is None or row.entry_hash != anchor.entry_hash):
            check.notes.append(f"{where} is not in the database's anchors (deleted there, or never stored)")
        earlier = anchors.get(anchor.seq)
        if earlier is not None and earlier[1].entry_hash != anchor.entry_hash:
            check.problems.append(f"{where} and {earlier[0]} anchor entry {anchor.seq} with different hashes")
            bad.append(anchor.seq)
        anchors.setdefault(anchor.seq, (where, anchor))
    hashes = dict(AuditEntry.objects.filter(seq__in=list(anchors)).values_list("seq", "entry_hash"))
    for seq, (where, anchor) in sorted(anchors.items()):
        if seq == 0:
            continue
        if seq > head.seq:
            check.problems.append(f"the trail ends at entry {head.seq}, but {where} (signed {_iso(anchor.signed_at)}) "
                                  f"covers entry {seq}: entries were removed")
            bad.append(head.seq + 1)
        elif hashes.get(seq) != anchor.entry_hash:
            check.problems.append(f"entry {seq} is not the one {where} (signed {_iso(anchor.signed_at)}) anchored: "
                                  f"the trail was rewritten at or before entry {seq}")
            bad.append(seq)
    # the other chains' heads that each anchor signed (issue 12): each must still be there, with its hash
    marks = {(seq, entry_hash): where for where, anchor in anchors.values() for seq, entry_hash in anchor.chains}
    chain_hashes = dict(AuditEntry.objects.filter(seq__in=[seq for seq, _h in marks]).values_list("seq", "entry_hash"))
    for (seq, entry_hash), where in sorted(marks.items()):
        chain = heads.get(audit.chain_of(seq))
        newest = audit.head_seq(chain) if chain is not None else 0
        if seq > newest:
            check.problems.append(f"audit chain {audit.chain_of(seq)} ends at entry {newest or 'none'}, but {where} "
                                  f"covers entry {seq}: entries were removed")
            bad.append(newest + 1 if newest else seq)
        elif chain_hashes.get(seq) != entry_hash:
            check.problems.append(f"entry {seq} is not the one {where} anchored: audit chain {audit.chain_of(seq)} "
                                  f"was rewritten at or before entry {seq}")
            bad.append(seq)
    check.anchors = len(anchors)
    check.latest_anchor_seq = max(anchors) if anchors else None
    if bad:
        check.first_bad_seq = min([*bad, *([check.first_bad_seq] if check.first_bad_seq else [])])
    check.ok = not check.problems
    return check
