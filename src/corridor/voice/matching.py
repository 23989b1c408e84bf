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


def _minor(code: str) -> str:
    return (code or "")[:3]


def explain(profile: ProfileFeatures, job: JobFeatures) -> Match | None:
    """The match of a profile and a job order with its explanation; None when a hard requirement fails."""
    if job.occupation in profile.occupations:
        occupation = Requirement("occupation", True, detail=(job.occupation,))
    elif _minor(job.occupation) in {_minor(c) for c in profile.occupations}:
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


# --- at national scale: an index and vectorised scoring ---------------------------------------------------------


class MatchIndex:
    """Job orders as arrays, indexed by (ISCO minor group, country): a worker's candidates are read from the
    buckets of their occupations' minor groups and wanted countries, and scored together with numpy.

    Languages and title words are bit sets (64 bits): languages and words are numbered in the order first seen
    and words past the 64th share bits by hash, so a rare collision can credit a skill that is not there; the
    explanation of a shown match always comes from `explain`, which is exact."""

    def __init__(self, jobs: list[JobFeatures]):
        self.jobs = jobs
        self.languages: dict[str, int] = {}
        self.vocabulary: dict[str, int] = {}
        n = len(jobs)
        self.occupation = np.empty(n, dtype=np.int32)
        self.language_bits = np.zeros(n, dtype=np.uint64)
        self.word_bits = np.zeros(n, dtype=np.uint64)
        self.start = np.full(n, np.iinfo(np.int32).min, dtype=np.int32)  # no date: always in time
        buckets: dict[tuple[str, str], list[int]] = {}
        for i, job in enumerate(jobs):
            self.occupation[i] = int(job.occupation)
            self.language_bits[i] = self.bits(job.languages, self.languages, grow=True)
            self.word_bits[i] = self.bits(job.title_words, self.vocabulary, grow=True)
            if job.starts_on is not None:
                self.start[i] = job.starts_on.toordinal()
            buckets.setdefault((_minor(job.occupation), job.country), []).append(i)
        self.buckets = {key: np.asarray(rows, dtype=np.int64) for key, rows in buckets.items()}
        self.countries_of_minor: dict[str, list[str]] = {}
        for minor, country in self.buckets:
            self.countries_of_minor.setdefault(minor, []).append(country)

    @staticmethod
    def bits(values, numbering: dict[str, int], *, grow: bool = False) -> np.uint64:
        mask = 0
        for value in values:
            bit = numbering.get(value)
            if bit is None:
                if grow and len(numbering) < 64:
                    bit = numbering[value] = len(numbering)
                else:
                    bit = hash(value) % 64
            mask |= 1 << bit
        return np.uint64(mask)

    def candidates(self, profile: ProfileFeatures) -> np.ndarray:
        parts = []
        for minor in {_minor(c) for c in profile.occupations}:
            countries = profile.destinations or self.countries_of_minor.get(minor, ())
            parts += [self.buckets[(minor, c)] for c in countries if (minor, c) in self.buckets]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def top(self, profile: ProfileFeatures, limit: int = 20) -> list[tuple[int, int]]:
        """(job index, score) of the best `limit` job orders for the profile, best first."""
        rows = self.candidates(profile)
        if rows.size == 0:
            return []
        exact = np.isin(self.occupation[rows], np.asarray([int(c) for c in profile.occupations], dtype=np.int32))
        points = np.where(exact, POINTS["occupation"], POINTS["occupation_related"]) + POINTS["destination"]
        langs = self.language_bits[rows]
        wanted = self.bits(profile.languages, self.languages)
        points = points + np.where((langs == 0) | ((langs & wanted) != 0), POINTS["language"], 0)
        if profile.earliest_start is not None:
            points = points + np.where(self.start[rows] >= profile.earliest_start.toordinal(), POINTS["start"], 0)
        else:
            points = points + POINTS["start"]
        skills = self.bits(profile.skills, self.vocabulary)
        points = points + np.where((self.word_bits[rows] & skills) != 0, POINTS["skills"], 0)
        if rows.size > limit:
            best = np.argpartition(-points, limit - 1)[:limit]
        else:
            best = np.arange(rows.size)
        best = best[np.lexsort((rows[best], -points[best]))]
        return [(int(rows[i]), int(points[i])) for i in best]
