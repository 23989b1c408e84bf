"""Screening names against the watchlists: candidate search by block keys, scoring with secondary identifiers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from corridor.registry import names
from corridor.registry.models import WatchlistBlock, WatchlistEntry, active_watchlist_q

# At or above this score a candidate goes to an officer's review queue; below it is not reported.
REVIEW_THRESHOLD = 85.0
# A name this close, confirmed by a date of birth, is the same person.
CERTAIN_NAME = 95.0
# Block keys shared by more than this many entries say little; they are skipped when others exist.
COMMON_KEY_LIMIT = 2000


@dataclass
class Candidate:
    entry_id: int
    name: str
    score: float
    certain: bool
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Subject:
    name: str
    country: str = ""
    registration_number: str = ""
    date_of_birth: date | None = None


@dataclass(frozen=True)
class EntryFacts:
    """What scoring needs of a watchlist entry; plain data so that bulk screening can ship it to processes."""

    id: int
    name: str
    key: names.NameKey
    country: str
    registration_key: str
    date_of_birth: date | None


def entry_facts(entry: WatchlistEntry) -> EntryFacts:
    return EntryFacts(entry.pk, entry.name, names.name_key(entry.name), entry.country_id or "", entry.registration_key,
                      entry.date_of_birth)


def score(subject: Subject, key: names.NameKey, entry: EntryFacts) -> Candidate:
    """Name similarity adjusted by secondary identifiers: agreement raises it, disagreement lowers it."""
    base = names.similarity(key, entry.key)
    value = base
    reasons = [f"name {base:.0f}"]
    certain = False
    reg = names.normalise_identifier(subject.registration_number)
    if reg and entry.registration_key:
        if reg == entry.registration_key and (not subject.country or not entry.country or subject.country == entry.country):
            certain, value = True, 100.0
            reasons.append("same registration number")
        else:
            value -= 25
            reasons.append("different registration number")
    if subject.country and entry.country:
        if subject.country == entry.country:
            value += 3
            reasons.append("same country")
        else:
            value -= 20
            reasons.append("different country")
    if subject.date_of_birth and entry.date_of_birth:
        if subject.date_of_birth == entry.date_of_birth:
            value += 5
            reasons.append("same date of birth")
            certain = certain or base >= CERTAIN_NAME
        else:
            value -= 35
            reasons.append("different date of birth")
    return Candidate(entry.id, entry.name, round(max(0.0, min(100.0, value)), 1), certain, reasons)


def candidate_entry_ids(key: names.NameKey, *, limit: int = 300) -> list[int]:
    """Active-or-not watchlist entries that share block keys with the name, most shared keys first."""
    counts: dict[int, int] = {}
    common: list[str] = []
    for block in sorted(names.block_keys(key)):
        ids = list(WatchlistBlock.objects.filter(key=block).values_list("entry_id", flat=True)[: COMMON_KEY_LIMIT + 1])
        if len(ids) > COMMON_KEY_LIMIT:
            common.append(block)
            continue
        for entry_id in ids:
            counts[entry_id] = counts.get(entry_id, 0) + 1
    if not counts and common:
        for entry_id in WatchlistBlock.objects.filter(key=common[0]).values_list("entry_id", flat=True)[:COMMON_KEY_LIMIT]:
            counts[entry_id] = 1
    return [entry_id for entry_id, _n in sorted(counts.items(), key=lambda kv: -kv[1])[:limit]]


def screen(subject: Subject, *, subject_kind: str | None = None, threshold: float = REVIEW_THRESHOLD) -> list[Candidate]:
    """Candidates at or above the threshold among active entries, best first."""
    key = names.name_key(subject.name)
    if not key:
        return []
    ids = candidate_entry_ids(key)
    entries = WatchlistEntry.objects.filter(active_watchlist_q(), pk__in=ids)
    if subject_kind:
        entries = entries.filter(subject_kind=subject_kind)
    found = [score(subject, key, entry_facts(entry)) for entry in entries]
    return sorted((c for c in found if c.certain or c.score >= threshold), key=lambda c: (-c.certain, -c.score))


# --- bulk screening: an in-memory index of the watchlist, shared by `corridor screen` and the benchmark ---


class MemoryIndex:
    def __init__(self, entries: list[EntryFacts]):
        self.entries = entries
        self.blocks: dict[str, list[int]] = {}
        for i, entry in enumerate(entries):
            for block in names.block_keys(entry.key):
                self.blocks.setdefault(block, []).append(i)

    def screen(self, subject: Subject, threshold: float = REVIEW_THRESHOLD, limit: int = 200) -> list[Candidate]:
        key = names.name_key(subject.name)
        if not key:
            return []
        counts: dict[int, int] = {}
        for block in names.block_keys(key):
            hits = self.blocks.get(block, ())
            if len(hits) > COMMON_KEY_LIMIT:
                continue
            for i in hits:
                counts[i] = counts.get(i, 0) + 1
        best = sorted(counts, key=counts.__getitem__, reverse=True)[:limit]
        found = [score(subject, key, self.entries[i]) for i in best]
        return sorted((c for c in found if c.certain or c.score >= threshold), key=lambda c: (-c.certain, -c.score))


_INDEX: MemoryIndex | None = None


def _init_worker(entries: list[EntryFacts]) -> None:
    global _INDEX
    _INDEX = MemoryIndex(entries)


def _screen_chunk(chunk: list[Subject]) -> list[list[Candidate]]:
    assert _INDEX is not None
    return [_INDEX.screen(subject) for subject in chunk]


def bulk_screen(subjects, entries: list[EntryFacts], *, processes: int = 2, chunk_size: int = 2000, progress=None):
    """Yield (subject, candidates) for every subject, in order, screening in `processes` worker processes."""
    import multiprocessing

    def chunks():
        chunk: list[Subject] = []
        for subject in subjects:
            chunk.append(subject)
            if len(chunk) >= chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    if processes <= 1:
        _init_worker(entries)
        for chunk in chunks():
            for subject, found in zip(chunk, _screen_chunk(chunk), strict=True):
                yield subject, found
            if progress:
                progress(len(chunk))
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_init_worker, initargs=(entries,)) as pool:
        pending = chunks()
        for chunk, results in _ordered(pool, pending):
            for subject, found in zip(chunk, results, strict=True):
                yield subject, found
            if progress:
                progress(len(chunk))


def _ordered(pool, chunks):
    """imap keeps order; pair each chunk with its results without holding all chunks in memory."""
    import itertools

    first, second = itertools.tee(chunks)
    return zip(first, pool.imap(_screen_chunk, second), strict=True)
