"""Cases and the registry: respondents linked to registry records, the liability chain the registry knows
(employer → principal contractor; sub-agent → its agency), and what a resolved case adds to a party's record."""

from corridor.cases.choices import RespondentRole
from corridor.cases.models import RegistryRecord
from corridor.registry import selectors as registry


def resolve(entry: dict) -> dict:
    """Fill a respondent's registry links from what is known: the registry record, its organisation, or an exact name
    (through the registry's public selectors)."""
    entry = dict(entry)
    role = entry.get("role")
    org = entry.get("organisation")
    name = (entry.get("name") or "").strip()
    if role in {RespondentRole.EMPLOYER, RespondentRole.PRINCIPAL_CONTRACTOR} and entry.get("employer") is None:
        entry["employer"] = (registry.employer_for_organisation(org) if org is not None
                             else registry.party_by_exact_name("employer", name))
    if role == RespondentRole.AGENCY and entry.get("agency") is None:
        entry["agency"] = (registry.agency_for_organisation(org) if org is not None
                           else registry.party_by_exact_name("agency", name))
    if role == RespondentRole.SUB_AGENT and entry.get("subagent") is None and name:
        entry["subagent"] = registry.party_by_exact_name("subagent", name)
    for field in ("employer", "agency"):
        record = entry.get(field)
        if record is not None and entry.get("organisation") is None:
            entry["organisation"] = record.organisation
    return entry


def chain_extras(entries: list[dict]) -> list[dict]:
    """Parties the registry says also answer: the principal contractor of a named employer, the agency of a named
    sub-agent. Returned as extra respondent entries (not already named)."""
    extras = []
    employers = {e["employer"].pk for e in entries if e.get("employer") is not None}
    agencies = {e["agency"].pk for e in entries if e.get("agency") is not None}
    for entry in entries:
        employer = entry.get("employer")
        if employer is not None and employer.principal_id and employer.principal_id not in employers:
            principal = employer.principal
            employers.add(principal.pk)
            extras.append({"role": RespondentRole.PRINCIPAL_CONTRACTOR, "name": principal.name, "employer": principal,
                           "organisation": principal.organisation, "from_registry": True})
        subagent = entry.get("subagent")
        if subagent is not None and subagent.agency_id not in agencies:
            agency = subagent.agency
            agencies.add(agency.pk)
            extras.append({"role": RespondentRole.AGENCY, "name": agency.name, "agency": agency,
                           "organisation": agency.organisation, "from_registry": True})
    return extras


def feed(*, case, respondents, upheld: set[int], watchlist: set[int], sanction: set[int], summary: str,
         owed: dict) -> tuple[list, list[dict]]:
    """A resolved case adds to the record of each party linked to the registry (cases' own RegistryRecord rows).

    Returns the records and, for the `case.resolved` event, the parties the officer chose to put on the watchlist or
    serve a sanction notice: the registry does that through its own services when it hears the event."""
    grievances = ",".join(sorted(case.grievances.values_list("kind", flat=True)))
    records, actions = [], []
    for respondent in respondents:
        if not (respondent.employer_id or respondent.agency_id or respondent.subagent_id):
            continue
        amounts = owed.get(respondent, {})
        record = RegistryRecord.objects.create(
            case=case, respondent=respondent, employer=respondent.employer, agency=respondent.agency,
            subagent=respondent.subagent, upheld=respondent.pk in upheld, grievances=grievances[:300], summary=summary,
            unpaid=", ".join(f"{amount} {currency}" if currency != "documents" else "documents not returned"
                             for currency, amount in sorted(amounts.items()))[:200])
        records.append(record)
        to_watchlist = respondent.pk in watchlist and respondent.pk in upheld and (respondent.employer_id or respondent.agency_id)
        to_sanction = respondent.pk in sanction and respondent.pk in upheld and respondent.agency_id
        if to_watchlist or to_sanction:
            actions.append({"record_id": record.pk, "employer_id": respondent.employer_id, "agency_id": respondent.agency_id,
                            "watchlist": bool(to_watchlist), "sanction": bool(to_sanction)})
    return records, actions
