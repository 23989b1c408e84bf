"""The World Bank's Remittance Prices Worldwide corridor file (series ATCR.CORR, long form): read and checked whole.

The file has one row per corridor and quarter: `sending_country, sending_iso3, receiving_country, receiving_iso3,
period, avg_total_cost_pct` (see data/PROVENANCE.md). A file is accepted whole or refused whole with every problem
listed by line."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pycountry

BUNDLED = Path(__file__).resolve().parent / "data" / "rpw_corridor_avg_total_cost_2011Q1_2020Q3.csv"
COLUMNS = ("sending_country", "sending_iso3", "receiving_country", "receiving_iso3", "period", "avg_total_cost_pct")
MAX_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS = 50
AMOUNT_USD = Decimal("200")  # RPW's headline cost is for sending the equivalent of USD 200
SDG_TARGET_PCT = Decimal("3")  # SDG 10.c: reduce to less than 3 per cent the transaction costs of remittances
PERIOD = re.compile(r"^(\d{4})Q([1-4])$")
# World Bank codes that are not (or no longer) ISO 3166-1 alpha-3: Kosovo (user-assigned XK), Netherlands Antilles
# (AN, withdrawn from ISO 3166-1 in 2010).
WORLD_BANK_CODES = {"KSV": "XK", "ANT": "AN"}


@dataclass(frozen=True)
class Row:
    line: int
    destination_name: str
    destination_iso3: str
    destination: str
    origin_name: str
    origin_iso3: str
    origin: str
    period: str
    cost_pct: Decimal

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.destination_iso3, self.origin_iso3, self.period)


@dataclass
class Parsed:
    rows: list[Row]
    problems: list[str]
    sha256: str


def alpha2(iso3: str) -> str | None:
    if iso3 in WORLD_BANK_CODES:
        return WORLD_BANK_CODES[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else None


def _cost(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    # A cost is a percentage of the amount sent: RPW has a few negative ones (negative FX margins), never beyond 100.
    if not value.is_finite() or abs(value) >= 100 or value.as_tuple().exponent < -4:
        return None
    return value


def parse(data: bytes) -> Parsed:
    """Every row of the file, or every problem found (line numbers count the header as line 1)."""
    digest = hashlib.sha256(data).hexdigest()
    problems: list[str] = []
    rows: list[Row] = []
    if len(data) > MAX_BYTES:
        return Parsed([], [f"file: larger than {MAX_BYTES} bytes"], digest)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Parsed([], [f"file: not UTF-8 text (byte {exc.start})"], digest)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return Parsed([], ["file: empty"], digest)
    if tuple(h.strip() for h in header) != COLUMNS:
        return Parsed([], [f"line 1: the columns must be {','.join(COLUMNS)} (found {','.join(header)})"], digest)
    seen: dict[tuple, int] = {}
    for number, fields in enumerate(reader, start=2):
        if not fields or fields == [""]:
            continue
        if len(problems) >= MAX_PROBLEMS:
            problems.append("file: more problems not listed")
            break
        if len(fields) != len(COLUMNS):
            problems.append(f"line {number}: {len(fields)} fields, expected {len(COLUMNS)}")
            continue
        send_name, send_iso3, recv_name, recv_iso3, period, cost_text = (f.strip() for f in fields)
        line_problems = []
        send2, recv2 = alpha2(send_iso3), alpha2(recv_iso3)
        if send2 is None:
            line_problems.append(f"sending_iso3 {send_iso3!r} is not an ISO 3166-1 alpha-3 code")
        if recv2 is None:
            line_problems.append(f"receiving_iso3 {recv_iso3!r} is not an ISO 3166-1 alpha-3 code")
        if send_iso3 and send_iso3 == recv_iso3:
            line_problems.append("the sending and receiving countries are the same")
        if not PERIOD.match(period):
            line_problems.append(f"period {period!r} is not a quarter written YYYYQn")
        cost = _cost(cost_text)
        if cost is None:
            line_problems.append(f"avg_total_cost_pct {cost_text!r} is not a percentage (a number between -100 and 100, "
                                 "at most 4 decimals)")
        if line_problems:
            problems.extend(f"line {number}: {p}" for p in line_problems)
            continue
        row = Row(number, send_name, send_iso3, send2, recv_name, recv_iso3, recv2, period, cost)
        if row.key in seen:
            problems.append(f"line {number}: {send_iso3}→{recv_iso3} {period} is already on line {seen[row.key]}")
            continue
        seen[row.key] = number
        rows.append(row)
    if not rows and not problems:
        problems.append("file: no rows")
    return Parsed(rows, problems, digest)
