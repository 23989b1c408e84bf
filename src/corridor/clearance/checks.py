"""The explicit checks before departure: each one's result, with what it looked at, for the officer to see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from corridor.clearance.choices import CheckCode, FactKind
from corridor.contracts.choices import VersionStatus
from corridor.registry.choices import EmployerStatus, HitStatus, LicenceStatus, SubjectKind
from corridor.registry.models import Agency, Licence, ScreeningHit, WatchlistEntry, active_watchlist_q
from corridor.rules import engine


def _result(code: str, passed: bool, detail: str, **extra) -> dict[str, Any]:
    return {"code": code, "label": str(CheckCode(code).label), "passed": passed, "detail": detail, **extra}


def registered_version(contract):
    return contract.versions.filter(status=VersionStatus.REGISTERED).select_related("check_record").first()


def agency_of(organisation) -> Agency | None:
    return Agency.objects.filter(organisation=organisation).first()


def check_licence(clearance) -> dict:
    agency = agency_of(clearance.agency)
    if agency is None:
        return _result(CheckCode.LICENCE, False, _("The agency is not in the registry."))
    day = clearance.departure_date
    licence = (Licence.objects.filter(agency=agency, status=LicenceStatus.ACTIVE, valid_from__lte=day, valid_until__gte=day)
               .order_by("-valid_until").first())
    if licence is None:
        current = agency.licences.order_by("-id").first()
        if current is None:
            return _result(CheckCode.LICENCE, False, _("The agency has no licence."))
        return _result(CheckCode.LICENCE, False,
                       _("Licence %(number)s is %(status)s, valid until %(until)s: not in force on %(day)s.")
                       % {"number": current.number or "-", "status": current.get_status_display(),
                          "until": current.valid_until or "-", "day": day})
    return _result(CheckCode.LICENCE, True, _("Licence %(number)s is in force until %(until)s.")
                   % {"number": licence.number, "until": licence.valid_until})


def check_employer_verified(clearance) -> dict:
    employer = clearance.employer
    if employer is None:
        return _result(CheckCode.EMPLOYER_VERIFIED, False,
                       _("The contract's employer (%(name)s) is not in the registry.") % {"name": clearance.employer_name})
    if employer.status != EmployerStatus.VERIFIED:
        return _result(CheckCode.EMPLOYER_VERIFIED, False, _("%(name)s is %(status)s.")
                       % {"name": employer.name, "status": employer.get_status_display()})
    return _result(CheckCode.EMPLOYER_VERIFIED, True, _("%(name)s was verified on %(on)s.")
                   % {"name": employer.name, "on": employer.verified_at.date() if employer.verified_at else "-"})


def employer_watchlist_entries(employer, *, day: dt.date | None = None) -> list[WatchlistEntry]:
    """Active entries naming the employer (or its principal): linked, matched by registration number, or confirmed hits."""
    parties = [employer] + ([employer.principal] if employer.principal_id else [])
    found: dict[int, WatchlistEntry] = {}
    for party in parties:
        match = Q(employer=party)
        if party.registration_key:
            match |= Q(subject_kind=SubjectKind.EMPLOYER, registration_key=party.registration_key, country_id=party.country_id)
        hits = ScreeningHit.objects.filter(employer=party, status=HitStatus.CONFIRMED).values("entry_id")
        match |= Q(pk__in=hits)
        for entry in WatchlistEntry.objects.filter(active_watchlist_q(day)).filter(match):
            found[entry.pk] = entry
    return list(found.values())


def check_employer_watchlist(clearance) -> dict:
    employer = clearance.employer
    if employer is None:
        return _result(CheckCode.EMPLOYER_WATCHLIST, False, _("The employer is not in the registry, so it cannot be screened."))
    entries = employer_watchlist_entries(employer)
    if entries:
        sources = ", ".join(sorted({e.source_country + (_(" (peer)") if e.is_from_peer else "") for e in entries}))
        return _result(CheckCode.EMPLOYER_WATCHLIST, False, _("On %(count)s active watchlist entry(ies), from %(sources)s: %(reason)s")
                       % {"count": len(entries), "sources": sources, "reason": entries[0].reason})
    return _result(CheckCode.EMPLOYER_WATCHLIST, True, _("No active entry, ours or a peer's."))


def _document(clearance) -> tuple[Any, dict | None]:
    version = registered_version(clearance.contract)
    return version, (version.as_document() if version is not None else None)


def _with_worker_facts(doc: dict, worker) -> dict:
    """The contract as checked for clearance: the worker's date of birth from the person record where it lacks one."""
    doc = dict(doc)
    person = dict(doc.get("worker") or {})
    if not person.get("date_of_birth") and worker.date_of_birth:
        person["date_of_birth"] = worker.date_of_birth.isoformat()
    doc["worker"] = person
    return doc


def check_contract(clearance, version, findings, not_checked=()) -> dict:
    if version is None or clearance.contract.status != "registered":
        return _result(CheckCode.CONTRACT, False, _("The contract is not registered."))
    violations = [f for f in findings if f["severity"] == "violation"]
    blocking = [n for n in not_checked if n.get("blocking")]
    if (violations or blocking) and version.override_confirmed_by_id:
        return _result(CheckCode.CONTRACT, True, _("Registered as %(ref)s (version %(v)s), approved by two officers despite %(n)s violation(s).")
                       % {"ref": clearance.contract.reference, "v": version.number, "n": len(violations)}
                       + ("" if not blocking else " " + _("%(n)s blocking item(s) were not checked: %(first)s")
                          % {"n": len(blocking), "first": blocking[0]["message"]}),
                       findings=violations, not_checked=blocking)
    if violations:
        return _result(CheckCode.CONTRACT, False, _("%(n)s standing violation(s): %(first)s")
                       % {"n": len(violations), "first": violations[0]["message"]}, findings=violations)
    if blocking:
        return _result(CheckCode.CONTRACT, False, _("The contract cannot be called compliant: %(n)s blocking item(s) "
                                                    "were not checked: %(first)s")
                       % {"n": len(blocking), "first": blocking[0]["message"]}, not_checked=blocking)
    return _result(CheckCode.CONTRACT, True, _("Registered as %(ref)s (version %(v)s), no violation.")
                   % {"ref": clearance.contract.reference, "v": version.number})


def _fees_paid(doc: dict) -> str:
    totals: dict[str, Decimal] = {}
    for item in (doc.get("fees") or {}).get("paid_by_worker") or []:
        totals[item["currency"]] = totals.get(item["currency"], Decimal(0)) + Decimal(str(item["amount"]))
    return ", ".join(f"{amount} {currency}" for currency, amount in sorted(totals.items())) or _("nothing")


def check_fees(doc, findings) -> dict:
    if doc is None:
        return _result(CheckCode.FEES, False, _("No registered contract to read the fees from."))
    over = [f for f in findings if f["category"] == "fees.worker_paid" and f["severity"] == "violation"]
    paid = _fees_paid(doc)
    if over:
        return _result(CheckCode.FEES, False, _("The worker paid %(paid)s: %(message)s") % {"paid": paid, "message": over[0]["message"]},
                       findings=over)
    return _result(CheckCode.FEES, True, _("The worker paid %(paid)s, within the cap.") % {"paid": paid})


FACT_CHECKS = {FactKind.ORIENTATION: CheckCode.ORIENTATION, FactKind.WELFARE_FUND: CheckCode.WELFARE_FUND,
               FactKind.INSURANCE: CheckCode.INSURANCE}


def check_fact(clearance, kind: str, facts: list) -> dict:
    code = FACT_CHECKS[kind]
    latest = next((f for f in facts if f.kind == kind), None)
    if latest is None:
        return _result(code, False, _("Not recorded."))
    if latest.valid_until is not None and latest.valid_until < clearance.departure_date:
        return _result(code, False, _("%(ref)s ends on %(until)s, before the departure date.")
                       % {"ref": latest.document_reference, "until": latest.valid_until})
    who = latest.recorded_by_organisation.name if latest.recorded_by_organisation_id else latest.recorded_by.get_username()
    return _result(code, True, _("%(ref)s, recorded by %(who)s on %(on)s.")
                   % {"ref": latest.document_reference, "who": who, "on": latest.recorded_at.date()})


def check_minimum_age(clearance, doc, lang: str) -> dict:
    if doc is None:
        return _result(CheckCode.MINIMUM_AGE, False, _("No registered contract to check against."))
    result = engine.check(_with_worker_facts(doc, clearance.worker), lang=lang, on=clearance.departure_date, stage="clearance")
    bad = [f for f in result["findings"] if f["severity"] == "violation"]
    if bad:
        return _result(CheckCode.MINIMUM_AGE, False, bad[0]["message"], findings=bad)
    rules = ", ".join(r["id"] for r in result["rulesets"])
    return _result(CheckCode.MINIMUM_AGE, True, _("No minimum-age rule is breached (rulesets: %(rules)s).") % {"rules": rules})


def evaluate(clearance, *, lang: str = "en") -> list[dict[str, Any]]:
    """Every check, in the order the officer reads them. Nothing here writes."""
    version, doc = _document(clearance)
    checked = engine.check(doc, lang=lang) if doc is not None else {"findings": [], "not_checked": []}
    findings = checked["findings"]
    facts = list(clearance.facts.select_related("recorded_by", "recorded_by_organisation").order_by("-recorded_at", "-id"))
    return [
        check_licence(clearance),
        check_employer_verified(clearance),
        check_employer_watchlist(clearance),
        check_contract(clearance, version, findings, checked.get("not_checked", [])),
        check_fees(doc, findings),
        check_fact(clearance, FactKind.ORIENTATION, facts),
        check_fact(clearance, FactKind.WELFARE_FUND, facts),
        check_fact(clearance, FactKind.INSURANCE, facts),
        check_minimum_age(clearance, doc, lang),
    ]


def all_passed(results: list[dict]) -> bool:
    return all(r["passed"] for r in results)
