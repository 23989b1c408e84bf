"""Screening names against the watchlists: candidate search by block keys, scoring with secondary identifiers."""

from __future__ import annotations

import collections
import gc
import multiprocessing
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from rapidfuzz import fuzz, process

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


def score(subject: Subject, key: names.NameKey, entry: EntryFacts, *, base: float | None = None) -> Candidate:
    """Name similarity adjusted by secondary identifiers: agreement raises it, disagreement lowers it.

    `base` is `names.similarity(key, entry.key)` when the caller has computed it already (bulk screening computes it
    for all its pairs at once, in vectorised form).
    """
    if base is None:
        base = names.similarity(key, entry.key)
    value = base
    reasons = [f"name {base:.0f}"]
    certain = False
    reg = names.normalise_identifier(subject.registration_number) if subject.registration_number else ""
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
#
# The watchlist is loaded once into blocks (names.screening_keys). A chunk of input names is grouped by the same
# keys, and each group is compared with its block at once with rapidfuzz `process.cdist` on the four strings that
# `names.similarity` compares. Only the pairs that can reach the threshold are then scored in full (`score`, with
# the secondary identifiers). A registration number is also looked up exactly, so that it decides whatever the name.

# Secondary identifiers add at most this much to a name's score (same country +3, same date of birth +5).
MAX_BONUS = 8.0
# `similarity` weighs skeleton matches by at most this much; between two names in Latin letters, by at most the second.
MAX_SKELETON_WEIGHT = 0.92
LATIN_SKELETON_WEIGHT = 0.85


@dataclass
class _Block:
    ids: list[int]  # entry positions
    forms: tuple[list[str], list[str], list[str], list[str]]
    id_array: object = None  # the same positions as a numpy array
    # The entries not written in Latin letters: their columns in the block, and their two skeleton forms
    others: object = None
    other_forms: tuple[list[str], list[str]] = ((), ())
    spaces: float = 0.0  # the largest share of spaces to letters among its entries' sorted tokens (see `_joined_cut`)


class MemoryIndex:
    def __init__(self, entries: list[EntryFacts]):
        self.entries = entries
        self.by_registration: dict[str, list[int]] = {}
        postings: dict[str, list[int]] = {}
        entry_forms: list[tuple[str, str, str, str] | None] = []
        for i, entry in enumerate(entries):
            if entry.registration_key:
                self.by_registration.setdefault(entry.registration_key, []).append(i)
            entry_forms.append(names.forms(entry.key) if entry.key else None)
            if entry.key:
                for block in names.screening_keys(entry.key):
                    postings.setdefault(block, []).append(i)
        self.latin = np.array([bool(e.key) and e.key.latin_script for e in entries], dtype=bool)
        self.blocks: dict[str, _Block] = {}
        for block, ids in postings.items():
            others = [col for col, i in enumerate(ids) if not self.latin[i]]
            self.blocks[block] = _Block(ids, tuple([entry_forms[i][f] for i in ids] for f in range(4)),
                                        np.asarray(ids, dtype=np.int64), np.asarray(others, dtype=np.int64),
                                        tuple([entry_forms[ids[col]][f] for col in others] for f in (2, 3)),
                                        max(_spaces(entry_forms[i]) for i in ids))
        # Every entry's four forms and what `names.similarity` weighs them by, for the vectorised similarity.
        self.forms = tuple([f[k] if f else "" for f in entry_forms] for k in range(4))
        # Entries in Latin letters by each skeleton form, for the exact matches that are all a skeleton can add
        # between two Latin names when no secondary identifier can raise the score (see `screen_many`).
        self.latin_by_skeleton: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        for i, f in enumerate(entry_forms):
            if f and self.latin[i]:
                for by, form in zip(self.latin_by_skeleton, (f[2], f[3]), strict=True):
                    if form:
                        by.setdefault(form, []).append(i)
        self.longest_skeleton = max((len(form) for by in self.latin_by_skeleton for form in by), default=0)
        self.short = np.array([len(f[3]) < 4 if f else True for f in entry_forms], dtype=bool)
        self.has_skeleton = np.array([bool(f[2]) if f else False for f in entry_forms], dtype=bool)

    def screen(self, subject: Subject, threshold: float = REVIEW_THRESHOLD) -> list[Candidate]:
        return self.screen_many([subject], threshold)[0]

    def screen_many(self, subjects: list[Subject], threshold: float = REVIEW_THRESHOLD) -> list[list[Candidate]]:
        # A chunk makes hundreds of thousands of small objects and no reference cycle: the cyclic collector, run every
        # few hundred allocations, would walk them (and the index) for nothing. It runs again when the chunk is done.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._screen_many(subjects, threshold)
        finally:
            if enabled:
                gc.enable()

    def _screen_many(self, subjects: list[Subject], threshold: float) -> list[list[Candidate]]:
        """Candidates at or above the threshold for each subject, best first.

        Each block's names are compared with its entries at once (rapidfuzz `cdist`, lenient cut-offs): the sorted
        tokens written together (which also stands for them with their spaces, `_joined_cut`) and the two skeleton
        forms; when only equal skeletons could reach the threshold between two Latin names, those are looked up
        instead (`latin_by_skeleton`) and only names in other scripts have their skeletons compared. Issue 12: the pairs that pass are gathered and de-duplicated in numpy (not one by one in Python), their name
        similarity is computed exactly in vectorised form (`cpdist` on the four forms, the weights of
        `names.similarity`), and only the pairs whose similarity plus the largest bonus reaches the threshold (and
        those sharing a registration number) are scored in full by `score`, which decides.
        """
        keys = [names.name_key(s.name) for s in subjects]
        forms = [names.forms(k) if k else None for k in keys]
        groups: dict[str, list[int]] = {}
        for q, key in enumerate(keys):
            if key:
                for block in names.screening_keys(key):
                    groups.setdefault(block, []).append(q)
        bonus = min(MAX_BONUS, max((3.0 * bool(s.country) + 5.0 * bool(s.date_of_birth) for s in subjects), default=0.0))
        # Lenient cut-offs (a point below, integer scores) for the filter; the exact similarity decides after.
        skeleton_cut = max(0, int((threshold - bonus) / MAX_SKELETON_WEIGHT) - 1)
        # Between two names in Latin letters a skeleton weighs at most LATIN_SKELETON_WEIGHT. When the skeleton score
        # that could still reach the threshold is above what any two different strings of these lengths can score
        # (fuzz.ratio of two different strings is at most 100 (1 - 1 / (len a + len b))), only equal skeletons can:
        # those pairs are found by looking the skeletons up, not by comparing whole blocks.
        longest = max(self.longest_skeleton, max((max(len(f[2]), len(f[3])) for f in forms if f), default=0))
        exact_skeletons = (threshold - 0.05 - bonus) / LATIN_SKELETON_WEIGHT > 100 * (1 - 1 / (2 * longest + 1))
        query_spaces = [_spaces(f) if f else 0.0 for f in forms]
        latin = [bool(key) and key.latin_script for key in keys]
        any_non_latin = not all(latin)
        n_entries = len(self.entries)
        found_q: list = []
        found_e: list = []
        for block_key, queries in groups.items():
            block = self.blocks.get(block_key)
            if block is None:
                continue
            # The sorted tokens with and without their spaces: one comparison, of the latter, serves both (`_joined_cut`)
            spaces = max(block.spaces, max(query_spaces[q] for q in queries))
            hit = _ratios([forms[q][1] for q in queries], block.forms[1], _joined_cut(threshold - bonus, spaces))
            if not exact_skeletons:
                for f in (2, 3):
                    np.maximum(hit, _ratios([forms[q][f] for q in queries], block.forms[f], skeleton_cut), out=hit)
            else:  # only the pairs where a name is not in Latin letters need their skeletons compared
                if len(block.others):
                    for f, other_forms in zip((2, 3), block.other_forms, strict=True):
                        sub = _ratios([forms[q][f] for q in queries], other_forms, skeleton_cut)
                        hit[:, block.others] = np.maximum(hit[:, block.others], sub)
                non_latin = [row for row, q in enumerate(queries) if not latin[q]] if any_non_latin else ()
                if non_latin:
                    for f in (2, 3):
                        sub = _ratios([forms[queries[row]][f] for row in non_latin], block.forms[f], skeleton_cut)
                        hit[non_latin] = np.maximum(hit[non_latin], sub)
            rows, cols = np.nonzero(hit)
            found_q.append(np.asarray(queries, dtype=np.int64)[rows])
            found_e.append(block.id_array[cols])
        if exact_skeletons:
            for q, form in enumerate(forms):
                if latin[q]:
                    for by, skeleton in zip(self.latin_by_skeleton, (form[2], form[3]), strict=True):
                        same = by.get(skeleton) if skeleton else None
                        if same:
                            found_q.append(np.full(len(same), q, dtype=np.int64))
                            found_e.append(np.asarray(same, dtype=np.int64))
        # (name, entry) -> its name similarity, already computed (None: not yet, a registration number's pair)
        pairs: dict[tuple[int, int], float | None] = {}
        if found_q:
            codes = np.unique(np.concatenate(found_q) * n_entries + np.concatenate(found_e))
            qs, es = codes // n_entries, codes % n_entries
            base = self._similarities(qs, es, forms, keys)
            keep = np.nonzero(base + bonus >= threshold - 0.05)[0]
            # round() as `names.similarity` rounds (Python's, on each value, not numpy's)
            pairs.update(zip(zip(qs[keep].tolist(), es[keep].tolist(), strict=True),
                             (round(v, 1) for v in base[keep].tolist()), strict=True))
        for q, subject in enumerate(subjects):
            reg = names.normalise_identifier(subject.registration_number) if subject.registration_number else ""
            for i in self.by_registration.get(reg, ()) if reg else ():
                pairs.setdefault((q, i), None)
        found: list[list[Candidate]] = [[] for _ in subjects]
        for (q, i), base_score in pairs.items():
            candidate = score(subjects[q], keys[q], self.entries[i], base=base_score)
            if candidate.certain or candidate.score >= threshold:
                found[q].append(candidate)
        for candidates in found:
            candidates.sort(key=lambda c: (-c.certain, -c.score, c.entry_id))
        return found

    def _similarities(self, qs, es, forms, keys):
        """`names.similarity` (before rounding) of each pair (qs[k], es[k]), computed for all pairs at once."""
        q_list, e_list = qs.tolist(), es.tolist()
        scored = [process.cpdist([forms[q][f] for q in q_list], [self.forms[f][e] for e in e_list], scorer=fuzz.ratio,
                                 dtype=np.float64, workers=1) for f in range(4)]
        q_latin = np.array([keys[q].latin_script for q in q_list], dtype=bool)
        q_short = np.array([len(forms[q][3]) < 4 for q in q_list], dtype=bool)
        q_skeleton = np.array([bool(forms[q][2]) for q in q_list], dtype=bool)
        weight = np.where(q_latin & self.latin[es], 0.85, 0.92)
        weight = np.where(q_short | self.short[es], weight - 0.1, weight)
        skeleton = np.where(q_skeleton & self.has_skeleton[es], scored[2], 0.0)
        return np.maximum(np.maximum(scored[0], scored[1]), np.maximum(weight * skeleton, weight * scored[3]))


def _spaces(forms: tuple[str, str, str, str]) -> float:
    """Spaces per letter in a name's sorted tokens (form 0 is form 1 with them)."""
    return (len(forms[0]) - len(forms[1])) / len(forms[1]) if forms[1] else 0.0


def _joined_cut(level: float, spaces: float) -> int:
    """A cut-off for `fuzz.ratio` on the sorted tokens written together (form 1) that lets through every pair whose
    sorted tokens with their spaces (form 0) or without them score `level` or more.

    Removing the spaces from both strings never lengthens their Indel distance d (an alignment of the spaced strings,
    spaces dropped, aligns the unspaced ones), and shortens their total length L by S spaces. So a ratio
    100 (1 - d / L) >= level with spaces gives, without them, 100 (1 - d / (L - S)) >= 100 - (100 - level) (1 + S / (L - S)),
    and S / (L - S) is at most the larger of the two names' own shares of spaces per letter (`_spaces`).
    """
    return max(0, int(100 - (100 - (level - 0.05)) * (1 + spaces)) - 1)


def _ratios(queries: list[str], choices: list[str], cut: int):
    return process.cdist(queries, choices, scorer=fuzz.ratio, score_cutoff=cut, dtype=np.uint8, workers=1)


_INDEX: MemoryIndex | None = None
_THRESHOLD = REVIEW_THRESHOLD


def _screen_chunk(chunk: list[Subject]) -> list[list[Candidate]]:
    assert _INDEX is not None
    return _INDEX.screen_many(chunk, _THRESHOLD)


def _chunks(subjects, size: int):
    chunk: list[Subject] = []
    for subject in subjects:
        chunk.append(subject)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def bulk_screen(subjects, entries: list[EntryFacts] | MemoryIndex, *, processes: int = 2, chunk_size: int = 50000,
                progress=None, threshold: float = REVIEW_THRESHOLD):
    """Yield (subject, candidates) for every subject, in order.

    `subjects` may be any iterable (a CSV reader): it is read in chunks, and at most two chunks per process are in
    flight, so memory stays bounded whatever the number of names. The index is built once, before the worker
    processes fork, and shared with them.
    """
    global _INDEX, _THRESHOLD
    _INDEX = entries if isinstance(entries, MemoryIndex) else MemoryIndex(entries)
    _THRESHOLD = threshold
    # The index's millions of objects are never freed while screening: kept out of the cyclic collector's walks (and,
    # in the forked workers, their pages stay shared instead of being copied when the collector touches them).
    gc.freeze()
    try:
        yield from _screen_in_chunks(subjects, processes, chunk_size, progress)
    finally:
        gc.unfreeze()


def _screen_in_chunks(subjects, processes: int, chunk_size: int, progress):
    if processes <= 1:
        for chunk in _chunks(subjects, chunk_size):
            yield from zip(chunk, _screen_chunk(chunk), strict=True)
            if progress:
                progress(len(chunk))
        return
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pending: collections.deque = collections.deque()
        for chunk in _chunks(subjects, chunk_size):
            pending.append((chunk, pool.apply_async(_screen_chunk, (chunk,))))
            while len(pending) > 2 * processes or (pending and pending[0][1].ready()):
                done, result = pending.popleft()
                yield from zip(done, result.get(), strict=True)
                if progress:
                    progress(len(done))
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get(), strict=True)
            if progress:
                progress(len(done))
