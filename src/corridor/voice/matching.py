"""Matching workers' profiles and job orders, with the explanation of every match. Pure functions (no database):
`explain` says which requirements a job order's profile meets and which not; `MatchIndex` is the same scoring over
arrays, indexed by occupation group and destination, for national scale (benchmarks/voice_matching.py).

Hard requirements (a job order is not a match without them): the occupation (the same ISCO-08 unit group, or the
same minor group: the first three digits) and the destination (one the worker wants, or the worker wants any).
Scored: exact occupation 40 (same minor group 20), destination 25, a common language 15 (or none asked), the job
starts on or after the worker's earliest date 10 (or no date stated), a skill named in the job title 10.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np

POINTS = {"occupation": 40, "occupation_related": 20, "destination": 25, "language": 15, "start": 10, "skills": 10}
WORD = re.compile(r"\w{3,}", re.UNICODE)


def words(text: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in WORD.findall(text or ""))


@dataclass(frozen=True)
class JobFeatures:
    key: object  # the job order's id (or anything that names it)
    occupation: str  # ISCO-08 unit group, four digits
    country: str
    languages: frozenset[str] = frozenset()
    starts_on: dt.date | None = None
    title_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ProfileFeatures:
    key: object
    occupations: frozenset[str]
    destinations: frozenset[str] = frozenset()  # empty: any country
    languages: frozenset[str] = frozenset()
    earliest_start: dt.date | None = None
    skills: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Requirement:
    """One line of a match's explanation: which requirement, whether it is met, and what it is about."""

    key: str  # occupation, destination, language, start, skills
    met: bool
    partial: bool = False  # occupation: the same minor group, not the same unit group
    detail: tuple = ()

    def as_dict(self) -> dict:
        return {"key": self.key, "met": self.met, "partial": self.partial, "detail": list(self.detail)}


@dataclass(frozen=True)
class Match:
    profile: object
    job: object
    score: int
    requirements: tuple[Requirement, ...]

    def as_list(self) -> list[dict]:
        return [r.as_dict() for r in self.requirements]


def minor_group(code: str) -> str:
    """The ISCO-08 minor group (three digits) of an occupation code: the level at which a related occupation matches."""
    return (code or "")[:3]


def explain(profile: ProfileFeatures, job: JobFeatures) -> Match | None:
    """The match of a profile and a job order with its explanation; None when a hard requirement fails."""
    if job.occupation in profile.occupations:
        occupation = Requirement("occupation", True, detail=(job.occupation,))
    elif minor_group(job.occupation) in {minor_group(c) for c in profile.occupations}:
        occupation = Requirement("occupation", True, partial=True, detail=(job.occupation,))
    else:
        return None
    if profile.destinations and job.country not in profile.destinations:
        return None
    destination = Requirement("destination", True, detail=(job.country,))
    common = sorted(job.languages & profile.languages)
    language = Requirement("language", not job.languages or bool(common),
                           detail=tuple(common or sorted(job.languages)))
    start_ok = job.starts_on is None or profile.earliest_start is None or job.starts_on >= profile.earliest_start
    start = Requirement("start", start_ok, detail=(job.starts_on.isoformat() if job.starts_on else "",))
    skills_found = sorted(profile.skills & job.title_words)
    skills = Requirement("skills", bool(skills_found), detail=tuple(skills_found))
    requirements = (occupation, destination, language, start, skills)
    return Match(profile.key, job.key, score(requirements), requirements)


def score(requirements) -> int:
    total = 0
    for r in requirements:
        if r.met:
            total += POINTS["occupation_related"] if (r.key == "occupation" and r.partial) else POINTS[r.key]
    return total


def best_jobs(profile: ProfileFeatures, jobs, *, limit: int = 20) -> list[Match]:
    """A worker's best job orders, best first (ties: the order given)."""
    found = [m for m in (explain(profile, job) for job in jobs) if m is not None]
    found.sort(key=lambda m: -m.score)
    return found[:limit]


def best_profiles(job: JobFeatures, profiles, *, limit: int = 50) -> list[Match]:
    found = [m for m in (explain(profile, job) for profile in profiles) if m is not None]
    found.sort(key=lambda m: -m.score)
    return found[:limit]


# --- at national scale: indexes and vectorised scoring ---------------------------------------------------------
#
# Both indexes score exactly as `explain` does (tests hold it): languages and words are numbered in the order first
# seen and a set of them is a bit set over as many 64-bit blocks as the numbering needs (no hashing). The order of
# a result is best first, then the order the items were given, as `best_jobs` and `best_profiles` give it: one key
# per candidate, (best score - score) * (n + 1) + row, so that the top `limit` are exactly the `limit` smallest keys.

_BEST = sum(POINTS[k] for k in ("occupation", "destination", "language", "start", "skills"))
_U64 = (1 << 64) - 1
_ALWAYS = np.iinfo(np.int32).max  # a job order without a start date: in time for every worker
_ANY = np.iinfo(np.int32).min  # a worker without an earliest date: any start will do


class Numbering:
    """Languages or words, numbered in the order first seen; a set of them as a Python int bit mask."""

    def __init__(self):
        self.number: dict[str, int] = {}

    def mask(self, values, *, grow: bool = False) -> int:
        mask = 0
        for value in values:
            bit = self.number.get(value)
            if bit is None:
                if not grow:
                    continue  # a value no indexed item has cannot be in common with any of them
                bit = self.number[value] = len(self.number)
            mask |= 1 << bit
        return mask

    @property
    def blocks(self) -> int:
        return max(1, (len(self.number) + 63) // 64)


def _as_blocks(masks: list[int], blocks: int) -> np.ndarray:
    """Bit masks as a (blocks, n) array of 64-bit words."""
    out = np.zeros((blocks, len(masks)), dtype=np.uint64)
    for b in range(blocks):
        shift = 64 * b
        out[b] = np.fromiter(((m >> shift) & _U64 for m in masks), dtype=np.uint64, count=len(masks))
    return out


def _parts(mask: int) -> list[tuple[int, np.uint64]]:
    """The non-zero 64-bit blocks of a mask, as (block, word)."""
    parts, block = [], 0
    while mask:
        if mask & _U64:
            parts.append((block, np.uint64(mask & _U64)))
        mask >>= 64
        block += 1
    return parts


def _common(bits: np.ndarray, rows: np.ndarray, mask: int) -> np.ndarray:
    """For each of rows: whether its bit set (over `bits`' blocks) has a bit of `mask`."""
    found = np.zeros(rows.size, dtype=bool)
    for block, word in _parts(mask):
        if block < bits.shape[0]:
            found |= (bits[block, rows] & word) != 0
    return found


def _best(keys: np.ndarray, limit: int) -> np.ndarray:
    """The positions of the `limit` smallest keys (all distinct), smallest first."""
    if keys.size > limit:
        chosen = np.argpartition(keys, limit - 1)[:limit]
        return chosen[np.argsort(keys[chosen])]
    return np.argsort(keys)


class MatchIndex:
    """Job orders as arrays, indexed by (ISCO minor group, country): a worker's candidates are read from the
    buckets of their occupations' minor groups and wanted countries, and scored together with numpy.

    `top` is one worker's best job orders (the matches page; the explanation of those shown comes from `explain`);
    `top_many` is the same for many workers at once (matching in bulk: each bucket scored against every worker of
    a batch who wants it, as one matrix), with the same result for each worker."""

    cells = 1 << 21  # the largest (workers x job orders) matrix `top_many` scores at once

    def __init__(self, jobs):
        self.jobs = list(jobs)
        n = len(self.jobs)
        self.modulus = n + 1
        self.key_type = np.int32 if (_BEST + 1) * self.modulus < 2**31 else np.int64
        self.languages, self.vocabulary = Numbering(), Numbering()
        self.occupation = np.fromiter((int(j.occupation) for j in self.jobs), dtype=np.int32, count=n)
        self.any_language = np.fromiter((not j.languages for j in self.jobs), dtype=bool, count=n)
        self.language_bits = _as_blocks([self.languages.mask(j.languages, grow=True) for j in self.jobs],
                                        self.languages.blocks)
        self.word_bits = _as_blocks([self.vocabulary.mask(j.title_words, grow=True) for j in self.jobs],
                                    self.vocabulary.blocks)
        self.start = np.fromiter((j.starts_on.toordinal() if j.starts_on else _ALWAYS for j in self.jobs),
                                 dtype=np.int32, count=n)
        buckets: dict[tuple[str, str], list[int]] = {}
        for i, job in enumerate(self.jobs):
            buckets.setdefault((minor_group(job.occupation), job.country), []).append(i)
        self.buckets = {key: np.asarray(rows, dtype=np.int64) for key, rows in buckets.items()}
        self.countries_of_minor: dict[str, list[str]] = {}
        for minor, country in self.buckets:
            self.countries_of_minor.setdefault(minor, []).append(country)

    @property
    def nbytes(self) -> int:
        arrays = (self.occupation, self.any_language, self.language_bits, self.word_bits, self.start)
        return sum(a.nbytes for a in arrays) + sum(b.nbytes for b in self.buckets.values())

    def bucket_keys(self, profile: ProfileFeatures) -> list[tuple[str, str]]:
        keys = []
        for minor in sorted({minor_group(c) for c in profile.occupations}):
            countries = profile.destinations or self.countries_of_minor.get(minor, ())
            keys += [(minor, c) for c in sorted(countries) if (minor, c) in self.buckets]
        return keys

    def candidates(self, profile: ProfileFeatures) -> np.ndarray:
        parts = [self.buckets[key] for key in self.bucket_keys(profile)]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def top(self, profile: ProfileFeatures, limit: int = 20) -> list[tuple[int, int]]:
        """(job index, score) of the best `limit` job orders for the profile, best first."""
        rows = self.candidates(profile)
        if rows.size == 0 or limit <= 0:
            return []
        exact = np.isin(self.occupation[rows], np.asarray([int(c) for c in profile.occupations], dtype=np.int32))
        points = np.where(exact, POINTS["occupation"], POINTS["occupation_related"]) + POINTS["destination"]
        language = self.any_language[rows] | _common(self.language_bits, rows, self.languages.mask(profile.languages))
        points += np.where(language, POINTS["language"], 0)
        if profile.earliest_start is not None:
            points += np.where(self.start[rows] >= profile.earliest_start.toordinal(), POINTS["start"], 0)
        else:
            points += POINTS["start"]
        points += np.where(_common(self.word_bits, rows, self.vocabulary.mask(profile.skills)), POINTS["skills"], 0)
        keys = (_BEST - points).astype(np.int64) * self.modulus + rows
        best = _best(keys, limit)
        return [(int(rows[i]), int(points[i])) for i in best]

    def top_many(self, profiles, limit: int = 20) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every profile's best `limit` job orders at once, as (starts, rows, scores): the matches of profiles[i]
        are rows[starts[i]:starts[i + 1]] with their scores, best first; the same as `top(profiles[i], limit)`."""
        profiles = list(profiles)
        count = len(profiles)
        if count == 0 or limit <= 0:
            return np.zeros(count + 1, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        width = max(1, max(len(p.occupations) for p in profiles))
        occupations = np.full((count, width), -1, dtype=np.int32)
        wanting: dict[tuple[str, str], list[int]] = {}
        for i, p in enumerate(profiles):
            occupations[i, :len(p.occupations)] = [int(c) for c in p.occupations]
            for key in self.bucket_keys(p):
                wanting.setdefault(key, []).append(i)
        earliest = np.fromiter((p.earliest_start.toordinal() if p.earliest_start else _ANY for p in profiles),
                               dtype=np.int32, count=count)
        languages = _as_blocks([self.languages.mask(p.languages) for p in profiles], self.language_bits.shape[0])
        skills = _as_blocks([self.vocabulary.mask(p.skills) for p in profiles], self.word_bits.shape[0])

        who, keys = [], []
        for key, people in wanting.items():
            rows = self.buckets[key]
            people = np.asarray(people, dtype=np.int64)
            step = max(1, self.cells // rows.size)
            for at in range(0, people.size, step):
                ids = people[at:at + step]
                chosen = self._bucket_keys(rows, ids, occupations, earliest, languages, skills, limit)
                who.append(np.repeat(ids, chosen.shape[1]))
                keys.append(chosen.ravel())
        if not who:
            return np.zeros(count + 1, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        span = (_BEST + 1) * self.modulus  # every key is below it: one sort of (worker, key) as one number
        merged = np.sort(np.concatenate(who) * span + np.concatenate(keys).astype(np.int64))
        who, keys = merged // span, merged % span
        first = np.searchsorted(who, np.arange(count + 1))
        keep = (np.arange(who.size) - first[who]) < limit
        who, keys = who[keep], keys[keep]
        starts = np.searchsorted(who, np.arange(count + 1))
        rows = keys % self.modulus
        return starts, rows, _BEST - keys // self.modulus

    def _bucket_keys(self, rows, ids, occupations, earliest, languages, skills, limit) -> np.ndarray:
        """The keys of the best `limit` job orders of one bucket for each of the workers `ids`: (len(ids), k)."""
        occupation = self.occupation[rows]
        exact = np.zeros((ids.size, rows.size), dtype=bool)
        for k in range(occupations.shape[1]):
            exact |= occupation[None, :] == occupations[ids, k][:, None]
        points = np.where(exact, POINTS["occupation"], POINTS["occupation_related"]).astype(self.key_type)
        points += POINTS["destination"]
        language = np.broadcast_to(self.any_language[rows][None, :], exact.shape).copy()
        for block in range(self.language_bits.shape[0]):
            wanted = languages[block, ids]
            if wanted.any():
                language |= (self.language_bits[block, rows][None, :] & wanted[:, None]) != 0
        points += language * POINTS["language"]
        points += (self.start[rows][None, :] >= earliest[ids][:, None]) * POINTS["start"]
        skill = np.zeros(exact.shape, dtype=bool)
        for block in range(self.word_bits.shape[0]):
            wanted = skills[block, ids]
            if wanted.any():
                skill |= (self.word_bits[block, rows][None, :] & wanted[:, None]) != 0
        points += skill * POINTS["skills"]
        keys = (_BEST - points) * self.key_type(self.modulus) + rows.astype(self.key_type)[None, :]
        if rows.size > limit:
            keys = np.take_along_axis(keys, np.argpartition(keys, limit - 1, axis=1)[:, :limit], axis=1)
        return keys


class ProfileIndex:
    """Profiles as arrays, for the other direction (an agency's best profiles for one of its job orders), indexed by
    (ISCO minor group, wanted country), and (minor group, "*") for workers who take any country. Keeps only each
    profile's key, not the profiles: built from an iterator, a million profiles fit in a few tens of megabytes."""

    def __init__(self, profiles):
        self.keys: list = []
        occupations: list[list[int]] = []
        earliest, language_masks, skill_masks = [], [], []
        self.languages, self.vocabulary = Numbering(), Numbering()
        buckets: dict[tuple[str, str], list[int]] = {}
        for i, p in enumerate(profiles):
            self.keys.append(p.key)
            occupations.append([int(c) for c in p.occupations])
            earliest.append(p.earliest_start.toordinal() if p.earliest_start else _ANY)
            language_masks.append(self.languages.mask(p.languages, grow=True))
            skill_masks.append(self.vocabulary.mask(p.skills, grow=True))
            for minor in {minor_group(c) for c in p.occupations}:
                for country in p.destinations or ("*",):
                    buckets.setdefault((minor, country), []).append(i)
        n = len(self.keys)
        self.modulus = n + 1
        self.occupations = np.full((n, max((len(o) for o in occupations), default=1) or 1), -1, dtype=np.int32)
        for i, codes in enumerate(occupations):
            self.occupations[i, :len(codes)] = codes
        self.earliest = np.asarray(earliest, dtype=np.int32)
        self.language_bits = _as_blocks(language_masks, self.languages.blocks)
        self.skill_bits = _as_blocks(skill_masks, self.vocabulary.blocks)
        self.buckets = {key: np.asarray(rows, dtype=np.int64) for key, rows in buckets.items()}

    @property
    def nbytes(self) -> int:
        arrays = (self.occupations, self.earliest, self.language_bits, self.skill_bits)
        return sum(a.nbytes for a in arrays) + sum(b.nbytes for b in self.buckets.values())

    def candidates(self, job: JobFeatures) -> np.ndarray:
        minor = minor_group(job.occupation)
        parts = [self.buckets[k] for k in ((minor, job.country), (minor, "*")) if k in self.buckets]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def top(self, job: JobFeatures, limit: int = 50) -> list[tuple[int, int]]:
        """(profile index, score) of the best `limit` profiles for the job order, best first."""
        rows = self.candidates(job)
        if rows.size == 0 or limit <= 0:
            return []
        exact = (self.occupations[rows] == int(job.occupation)).any(axis=1)
        points = np.where(exact, POINTS["occupation"], POINTS["occupation_related"]) + POINTS["destination"]
        if job.languages:
            points += np.where(_common(self.language_bits, rows, self.languages.mask(job.languages)),
                               POINTS["language"], 0)
        else:
            points += POINTS["language"]
        if job.starts_on is not None:
            points += np.where(self.earliest[rows] <= job.starts_on.toordinal(), POINTS["start"], 0)
        else:
            points += POINTS["start"]
        points += np.where(_common(self.skill_bits, rows, self.vocabulary.mask(job.title_words)), POINTS["skills"], 0)
        keys = (_BEST - points).astype(np.int64) * self.modulus + rows
        best = _best(keys, limit)
        return [(int(rows[i]), int(points[i])) for i in best]
