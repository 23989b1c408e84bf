"""Reads Chilton & Woda's bilateral labour agreement data (PROVENANCE.md section 4): the formation file (every
agreement, 1945-2020) and the content coding (570 agreements whose text was available). All or nothing: a file
that does not parse is refused whole (`AgreementFileError`, naming the file and line)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from corridor.standards.choices import PROVISIONS

FORMATION, CODING = "bla_formation_chilton_woda_1945_2020.csv", "bla_content_coding_chilton_woda.csv"
FORMATION_COLUMNS = ("treatyID", "countryA", "countryB", "year", "datesigned", "ratified", "copy_available",
                     "dataset_original")
CODING_COLUMNS = ("treatyID", "agreement_title", *(column for _, column, _ in PROVISIONS))
# Names the data set spells otherwise than ISO 3166 (historical states have no code today: "").
NAMES = {
    "Antigua & Barbuda": "AG", "Cape Verde": "CV", "Ivory Coast": "CI", "Kosovo": "XK", "Macau": "MO",
    "Macedonia": "MK", "Russia": "RU", "St. Kitts and Nevis": "KN", "St. Lucia": "LC",
    "St. Vincent and the Grenadines": "VC", "Swaziland": "SZ", "Timor Leste": "TL", "Turkey": "TR",
    "Czechoslovakia": "", "East Germany": "", "West Germany": "DE", "Yugoslavia": "",
}
UNKNOWN_YEAR = 9999  # the data set's "year unknown"


class AgreementFileError(ValueError):
    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line = file, line
        super().__init__(f"{file}{f' line {line}' if line else ''}: {message}")


@dataclass
class AgreementRow:
    treaty_id: int
    country_a: str
    country_b: str
    name_a: str
    name_b: str
    year: int | None
    signed_on: dt.date | None
    ratified_on: dt.date | None
    dataset: str
    copy_available: bool
    title: str = ""
    coded: bool = False
    provisions: dict = field(default_factory=dict)  # model field -> bool


@functools.cache
def country_code(name: str) -> str:
    """ISO 3166-1 alpha-2 for a party's name in the data set, "" for a state that no longer exists."""
    if name in NAMES:
        return NAMES[name]
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return ""


def _date(file: str, line: int, text: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    # Two cells hold more than a date ("1/26/1951, 4/24/1951"; "5/29/2007 or sooner"): the first date is kept.
    text = text.replace(",", " ").split()[0]
    try:
        month, day, year = (int(part) for part in text.split("/"))
        return dt.date(year, month, day)
    except ValueError:
        raise AgreementFileError(file, line, f"{text!r} is not a date (m/d/yyyy)") from None


def _flag(file: str, line: int, column: str, text: str) -> bool:
    text = (text or "").strip()
    if text in ("1", "1.0"):
        return True
    if text in ("0", "0.0"):
        return False
    raise AgreementFileError(file, line, f"{column} must be 0 or 1, not {text!r}")


def _read(path: Path, name: str, columns: tuple[str, ...]):
    if not path.is_file():
        raise AgreementFileError(name, None, f"no such file: {path}")
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise AgreementFileError(name, 1, f"missing column(s): {', '.join(missing)}")
            yield from enumerate(reader, start=2)
    except UnicodeDecodeError:
        raise AgreementFileError(name, None, "not UTF-8 text") from None
    except csv.Error as exc:
        raise AgreementFileError(name, None, f"not CSV: {exc}") from None


def _treaty(file: str, line: int, text: str) -> int:
    try:
        return int(float(text))
    except (TypeError, ValueError):
        raise AgreementFileError(file, line, f"treatyID {text!r} is not a number") from None


def read(directory: str | Path, *, country: str | None = None) -> list[AgreementRow]:
    """Every agreement of the formation file (of `country`'s, when given), with its coding where there is one."""
    directory = Path(directory)
    rows: dict[int, AgreementRow] = {}
    for line, raw in _read(directory / FORMATION, FORMATION, FORMATION_COLUMNS):
        treaty = _treaty(FORMATION, line, raw["treatyID"])
        if treaty in rows:
            raise AgreementFileError(FORMATION, line, f"treatyID {treaty} appears twice")
        try:
            year = int(float(raw["year"]))
        except ValueError:
            raise AgreementFileError(FORMATION, line, f"year {raw['year']!r} is not a number") from None
        rows[treaty] = AgreementRow(
            treaty_id=treaty, name_a=raw["countryA"].strip(), name_b=raw["countryB"].strip(),
            country_a=country_code(raw["countryA"].strip()), country_b=country_code(raw["countryB"].strip()),
            year=None if year == UNKNOWN_YEAR else year, signed_on=_date(FORMATION, line, raw["datesigned"]),
            ratified_on=_date(FORMATION, line, raw["ratified"]), dataset=raw["dataset_original"].strip(),
            copy_available=_flag(FORMATION, line, "copy_available", raw["copy_available"]))
    for line, raw in _read(directory / CODING, CODING, CODING_COLUMNS):
        treaty = _treaty(CODING, line, raw["treatyID"])
        row = rows.get(treaty)
        if row is None:
            raise AgreementFileError(CODING, line, f"treatyID {treaty} is not in {FORMATION}")
        row.coded, row.title = True, raw["agreement_title"].strip()
        row.provisions = {name: _flag(CODING, line, column, raw[column]) for name, column, _ in PROVISIONS}
    chosen = rows.values() if country is None else [r for r in rows.values() if country in (r.country_a, r.country_b)]
    return sorted(chosen, key=lambda r: r.treaty_id)
