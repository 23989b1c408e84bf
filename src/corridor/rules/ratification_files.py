"""The one reader of the shared ratification files (PROVENANCE.md section 1): the ICRMW status of UN members, NORMLEX's
complete table of the ILO fundamental conventions, and the PARTIAL page snapshots for C097, C143, C181 and C189.

`read(directory)` gives one `Ratification` per instrument and country that a file states; a file that does not parse
is refused whole (`RatificationFileError`, naming the file and line). What a partial file does not list is unknown,
never "not ratified": `coverage()` says which instruments are complete. The rules engine decides whether a rule binds
with `ratifications.status` (ratifications.toml, checked against these files by tests/rules/test_ratification_files.py);
the standards app stores what this module reads for its tables.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry

ICRMW, FUNDAMENTAL, MIGRANT = ("icrmw_ratification_status_un_members.csv",
                               "ilo_fundamental_conventions_ratifications_normlex.csv",
                               "ilo_migrant_conventions_PARTIAL_from_page_snapshots.csv")
FILES = (ICRMW, FUNDAMENTAL, MIGRANT)
FUNDAMENTAL_INSTRUMENTS = ("C029", "P029", "C087", "C098", "C100", "C105", "C111", "C138", "C182", "C155", "C187")
MIGRANT_INSTRUMENTS = ("C097", "C143", "C181", "C189")
INSTRUMENTS = ("ICRMW", *FUNDAMENTAL_INSTRUMENTS, *MIGRANT_INSTRUMENTS)
COMPLETE, PARTIAL = "complete", "partial"
RATIFIED, NOT_RATIFIED, DENOUNCED, SIGNED = "ratified", "not_ratified", "denounced", "signed"
_COLUMNS = {
    ICRMW: ("iso2", "member", "state party", "year ratification or accession", "signatory", "no action", "status"),
    FUNDAMENTAL: ("country", "iso3", "instrument", "ratification_year", "denounced_year", "currently_bound",
                  "normlex_business_date"),
    MIGRANT: ("instrument", "country", "iso3", "ratification_date", "ratification_year", "entry_into_force_date",
              "note", "source_id", "source_url"),
}
# Codes a file still writes in their withdrawn form: Timor-Leste was TP until 2002 (ISO 3166-1 newsletter V-5).
_ALIASES = {"TP": "TL"}
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


class RatificationFileError(ValueError):
    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line = file, line
        super().__init__(f"{file}{f' line {line}' if line else ''}: {message}")


@dataclass(frozen=True)
class Ratification:
    instrument: str
    country: str  # ISO 3166-1 alpha-2
    status: str  # ratified | not_ratified | denounced | signed
    year: int | None = None
    ratified_on: dt.date | None = None
    in_force_on: dt.date | None = None
    source: str = ""
    note: str = ""


def coverage(instrument: str) -> str:
    """COMPLETE when an instrument's file lists every country (absent = not ratified), PARTIAL otherwise."""
    return PARTIAL if instrument in MIGRANT_INSTRUMENTS else COMPLETE


def _year(file: str, line: int, text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not _YEAR.match(text):
        raise RatificationFileError(file, line, f"{text!r} is not a year")
    return int(text)


def _date(file: str, line: int, text: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RatificationFileError(file, line, f"{text!r} is not a date (YYYY-MM-DD)") from None


def _alpha2(file: str, line: int, iso3: str) -> str:
    found = pycountry.countries.get(alpha_3=(iso3 or "").strip().upper())
    if found is None:
        raise RatificationFileError(file, line, f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
    return found.alpha_2


def _rows(path: Path, name: str):
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in _COLUMNS[name] if c not in (reader.fieldnames or [])]
            if missing:
                raise RatificationFileError(name, 1, f"missing column(s): {', '.join(missing)}")
            yield from enumerate(reader, start=2)
    except UnicodeDecodeError:
        raise RatificationFileError(name, None, "not UTF-8 text") from None
    except csv.Error as exc:
        raise RatificationFileError(name, None, f"not CSV: {exc}") from None


def _icrmw(path: Path) -> list[Ratification]:
    out = []
    for line, row in _rows(path, ICRMW):
        code = (row["iso2"] or "").strip().upper()
        code = _ALIASES.get(code, code)
        if pycountry.countries.get(alpha_2=code) is None:
            raise RatificationFileError(ICRMW, line, f"{code!r} is not an ISO 3166-1 alpha-2 code")
        flags = {}
        for column in ("state party", "signatory", "no action"):
            if row[column].strip() not in ("0", "1"):
                raise RatificationFileError(ICRMW, line, f"{column} must be 0 or 1, not {row[column]!r}")
            flags[column] = row[column].strip() == "1"
        status = RATIFIED if flags["state party"] else SIGNED if flags["signatory"] else NOT_RATIFIED
        year = _year(ICRMW, line, row["year ratification or accession"])
        if status == RATIFIED and year is None:
            raise RatificationFileError(ICRMW, line, "a state party without the year of ratification or accession")
        out.append(Ratification("ICRMW", code, status, year=year, source="UN Treaty Collection (chapter IV) via "
                                "world-politics-datalab, as of May 2022", note=row.get("note", "") or ""))
    return out


def _fundamental(path: Path) -> list[Ratification]:
    out = []
    for line, row in _rows(path, FUNDAMENTAL):
        instrument = row["instrument"].strip()
        if instrument not in FUNDAMENTAL_INSTRUMENTS:
            raise RatificationFileError(FUNDAMENTAL, line, f"unknown instrument {instrument!r}")
        bound = row["currently_bound"].strip()
        if bound not in ("0", "1"):
            raise RatificationFileError(FUNDAMENTAL, line, f"currently_bound must be 0 or 1, not {bound!r}")
        year, denounced = (_year(FUNDAMENTAL, line, row["ratification_year"]),
                           _year(FUNDAMENTAL, line, row["denounced_year"]))
        status = RATIFIED if bound == "1" else DENOUNCED if denounced else NOT_RATIFIED
        if status == RATIFIED and year is None:
            raise RatificationFileError(FUNDAMENTAL, line, "bound without a ratification year")
        out.append(Ratification(instrument, _alpha2(FUNDAMENTAL, line, row["iso3"]), status, year=year,
                                source=f"NORMLEX comparative table, business date {row['normlex_business_date']}",
                                note=f"denounced {denounced}" if denounced else ""))
    return out


def _migrant(path: Path) -> list[Ratification]:
    found: dict[tuple[str, str], Ratification] = {}
    for line, row in _rows(path, MIGRANT):
        instrument = row["instrument"].strip()
        if instrument not in MIGRANT_INSTRUMENTS:
            raise RatificationFileError(MIGRANT, line, f"unknown instrument {instrument!r}")
        if not row["iso3"].strip() and "former" in (row["note"] or "").lower():
            continue  # a former state (Yugoslavia): no country today to show it for
        country = _alpha2(MIGRANT, line, row["iso3"])
        item = Ratification(instrument, country, RATIFIED, year=_year(MIGRANT, line, row["ratification_year"]),
                            ratified_on=_date(MIGRANT, line, row["ratification_date"]),
                            in_force_on=_date(MIGRANT, line, row["entry_into_force_date"]),
                            source=f"{row['source_id']} ({row['source_url']})", note=row["note"] or "")
        earlier = found.get((instrument, country))
        if earlier is not None:  # two snapshots of the same fact: keep every date either gives
            item = Ratification(instrument, country, RATIFIED, year=earlier.year or item.year,
                                ratified_on=earlier.ratified_on or item.ratified_on,
                                in_force_on=earlier.in_force_on or item.in_force_on,
                                source=f"{earlier.source}; {item.source}", note="; ".join(filter(None, (earlier.note, item.note))))
        found[(instrument, country)] = item
    return list(found.values())


def read(directory: str | Path, *, paths: dict[str, str | Path] | None = None) -> list[Ratification]:
    """Every ratification the three files state (`paths` may name any of them elsewhere). All or nothing."""
    directory = Path(directory)
    chosen = {name: Path((paths or {}).get(name) or directory / name) for name in FILES}
    for name, path in chosen.items():
        if not path.is_file():
            raise RatificationFileError(name, None, f"no such file: {path}")
    rows = [*_icrmw(chosen[ICRMW]), *_fundamental(chosen[FUNDAMENTAL]), *_migrant(chosen[MIGRANT])]
    seen = set()
    for row in rows:
        if row.instrument != "ICRMW" and row.instrument in FUNDAMENTAL_INSTRUMENTS and (row.instrument, row.country) in seen:
            raise RatificationFileError(FUNDAMENTAL, None, f"{row.instrument} {row.country} appears twice")
        seen.add((row.instrument, row.country))
    return rows


def digest(directory: str | Path, *, paths: dict[str, str | Path] | None = None) -> str:
    """SHA-256 over the three files, in order: which edition was loaded."""
    directory = Path(directory)
    hashed = hashlib.sha256()
    for name in FILES:
        hashed.update(Path((paths or {}).get(name) or directory / name).read_bytes())
    return hashed.hexdigest()
