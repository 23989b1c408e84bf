"""Bulk import of an existing national registry from CSV (every row checked first without a lock, then written as a
staged import run in short transactions and published at once: all or nothing) and export."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import DataError, IntegrityError

from corridor.core import csvsafe
from corridor.core.errors import CorridorError
from corridor.core.models import Country, Currency
from corridor.registry import errors, names, services
from corridor.registry.models import Agency, Employer, Licence, SubAgent

COLUMNS = {
    "agencies": ["name", "address", "registration_number", "email", "phone", "licence_number", "valid_from", "valid_until",
                 "status", "conditions", "bond_amount", "bond_currency"],
    "subagents": ["full_name", "locality", "agency_licence_number", "registration_number", "phone"],
    "employers": ["name", "country", "registration_number", "address", "principal_registration_number", "verified"],
}
REQUIRED = {"agencies": ["name", "address"], "subagents": ["full_name", "locality", "agency_licence_number"],
            "employers": ["name", "country", "registration_number", "address"]}
LICENCE_STATES = {"", "applied", "active"}


def _date(value: str, field: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{field}: not a date (YYYY-MM-DD)")
        return None


LIMITS = {  # the longest value each column's field holds
    "name": 200, "full_name": 200, "registration_number": 40, "licence_number": 60, "phone": 40, "locality": 200,
    "agency_licence_number": 60, "principal_registration_number": 60, "email": 254, "bond_currency": 3,
    "address": 300,
}


def check_rows(kind: str, rows: list[dict], *, progress=None) -> list[tuple[int, str, str]]:
    """Every problem of every row, as (line number, column, message); line 1 is the header. Reads only."""
    if kind not in COLUMNS:
        raise ValueError(kind)
    problems: list[tuple[int, str, str]] = []
    countries = set(Country.objects.values_list("code", flat=True))
    currencies = set(Currency.objects.values_list("code", flat=True))
    seen: dict[str, int] = {}
    known_licences = set(Licence.objects.exclude(number_key="").values_list("number_key", flat=True))
    file_licences: set[str] = set()  # sub-agents refer to agencies already in the registry
    for line, row in enumerate(rows, start=2):
        if progress:
            progress(1)
        row_problems: list[str] = []
        for column, value in row.items():
            if "\x00" in (value or ""):
                problems.append((line, column, "contains a NUL character"))
            elif column in LIMITS and len(value or "") > LIMITS[column]:
                problems.append((line, column, f"longer than {LIMITS[column]} characters"))
        for column in REQUIRED[kind]:
            if not (row.get(column) or "").strip():
                problems.append((line, column, "required"))
        if kind == "agencies":
            key = names.normalise_identifier(row.get("licence_number", ""))
            status = (row.get("status") or "").strip().lower()
            if status not in LICENCE_STATES:
                problems.append((line, "status", "must be applied or active"))
            if status == "active" or key:
                if not key:
                    problems.append((line, "licence_number", "required for an active licence"))
                valid_from = _date(row.get("valid_from", "").strip(), "valid_from", row_problems)
                valid_until = _date(row.get("valid_until", "").strip(), "valid_until", row_problems)
                if not valid_from or not valid_until:
                    problems.append((line, "valid_until", "an active licence needs valid_from and valid_until"))
                elif valid_until < valid_from:
                    problems.append((line, "valid_until", "before valid_from"))
            if key:
                if key in known_licences:
                    problems.append((line, "licence_number", "already in the registry"))
                if key in seen:
                    problems.append((line, "licence_number", f"also on line {seen[key]}"))
                seen[key] = line
            if row.get("bond_amount"):
                try:
                    if Decimal(row["bond_amount"]) < 0:
                        raise InvalidOperation
                except InvalidOperation:
                    problems.append((line, "bond_amount", "not an amount"))
                if row.get("bond_currency", "").upper() not in currencies:
                    problems.append((line, "bond_currency", "unknown currency"))
        elif kind == "subagents":
            key = names.normalise_identifier(row.get("agency_licence_number", ""))
            if key and key not in known_licences and key not in file_licences:
                problems.append((line, "agency_licence_number", "no agency with this licence number"))
            reg = (row.get("registration_number") or "").strip()
            if reg:
                if reg in seen:
                    problems.append((line, "registration_number", f"also on line {seen[reg]}"))
                seen[reg] = line
                if SubAgent._base_manager.filter(registration_number=reg).exists():
                    problems.append((line, "registration_number", "already in the registry"))
        else:
            country = (row.get("country") or "").strip().upper()
            if country and country not in countries:
                problems.append((line, "country", "unknown country code"))
            key = f"{country}:{names.normalise_identifier(row.get('registration_number', ''))}"
            if key in seen:
                problems.append((line, "registration_number", f"also on line {seen[key]}"))
            seen[key] = line
            if Employer._base_manager.filter(country_id=country, registration_key=key.split(":", 1)[1]).exists():
                problems.append((line, "registration_number", "already in the registry"))
        problems += [(line, p.split(":", 1)[0], p.split(":", 1)[1].strip()) for p in row_problems]
    return problems


def import_rows(kind: str, rows: list[dict], *, acting_user=None, progress=None, checked=None, batch_size: int = 1000) -> int:
    """Check every row without holding any lock; if any is wrong raise ImportFailed with all problems (nothing
    written); else write them as one import run: short transactions of `batch_size` rows, invisible until the run is
    published in one short final transaction (`services.registry_import`).

    `progress(n)` is called as rows are checked and again as they are written; `checked()`, if given, is called
    between the two phases (the command line uses it to start the second progress bar).
    """
    rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in rows]
    problems = check_rows(kind, rows, progress=progress)
    if problems:
        raise errors.ImportFailed(problems)
    if checked:
        checked()
    try:
        services.registry_import(acting_user=acting_user, kind=kind, rows=rows, progress=progress, batch_size=batch_size)
    except CorridorError as exc:  # a refusal the checks did not foresee (a record made meanwhile): nothing was written
        detail = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in exc.fields.items()) or str(exc.message)
        raise errors.ImportFailed([(0, "", detail)]) from exc
    except (IntegrityError, DataError) as exc:
        raise errors.ImportFailed([(0, "", f"the database refused the import, nothing was written: {exc}")]) from exc
    return len(rows)


def read_csv(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [{k: csvsafe.unneutralise(v) if isinstance(v, str) else v for k, v in row.items()}
                for row in csv.DictReader(handle)]


def export_rows(kind: str):
    """Rows for CSV export, in the import's columns, so that an export can be imported elsewhere."""
    if kind == "agencies":
        for agency in Agency.objects.select_related("bond_currency").prefetch_related("licences").iterator(chunk_size=2000):
            licence = agency.current_licence
            yield {"name": agency.name, "address": agency.address, "registration_number": agency.registration_number,
                   "email": agency.email, "phone": agency.phone, "licence_number": licence.number or "" if licence else "",
                   "valid_from": licence.valid_from or "" if licence else "", "valid_until": licence.valid_until or "" if licence else "",
                   "status": licence.effective_status if licence else "", "conditions": licence.conditions if licence else "",
                   "bond_amount": agency.bond_amount if agency.bond_amount is not None else "", "bond_currency": agency.bond_currency_id or ""}
    elif kind == "subagents":
        for sub in SubAgent.objects.select_related("agency").prefetch_related("agency__licences").iterator(chunk_size=2000):
            licence = sub.agency.current_licence
            yield {"full_name": sub.full_name, "locality": sub.locality, "agency_licence_number": licence.number or "" if licence else "",
                   "registration_number": sub.registration_number, "phone": sub.phone}
    else:
        for emp in Employer.objects.select_related("principal").iterator(chunk_size=2000):
            yield {"name": emp.name, "country": emp.country_id, "registration_number": emp.registration_number,
                   "address": emp.address, "principal_registration_number": emp.principal.registration_number if emp.principal else "",
                   "verified": "yes" if emp.status == "verified" else ""}
