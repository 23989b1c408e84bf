"""The matching-fund programme's published criteria, as data (data/matching_criteria.toml)."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "matching_criteria.toml"


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    max: int


@dataclass(frozen=True)
class Criteria:
    version: str
    effective_from: dt.date
    match: dict[str, Decimal]
    min_members: int
    representative_required: bool
    kinds: tuple[str, ...]
    min_description: int
    one_open_per_association: bool
    pass_mark: int
    scoring: tuple[Criterion, ...]

    @property
    def max_score(self) -> int:
        return sum(c.max for c in self.scoring)


@cache
def current() -> Criteria:
    data = tomllib.loads(PATH.read_text(encoding="utf-8"))
    programme, eligibility, scoring = data["programme"], data["eligibility"], data["scoring"]
    return Criteria(
        version=str(programme["version"]), effective_from=programme["effective_from"],
        match={level: Decimal(str(ratio)) for level, ratio in programme["match"].items()},
        min_members=int(eligibility["min_members"]), representative_required=bool(eligibility["representative_required"]),
        kinds=tuple(eligibility["kinds"]), min_description=int(eligibility["min_description"]),
        one_open_per_association=bool(eligibility["one_open_per_association"]), pass_mark=int(scoring["pass_mark"]),
        scoring=tuple(Criterion(key=c["key"], label=c["label"], max=int(c["max"])) for c in scoring["criteria"]))
