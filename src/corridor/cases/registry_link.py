"""Cases and the registry: respondents linked to registry records, the liability chain the registry knows
(employer → principal contractor; sub-agent → its agency), and what a resolved case adds to a party's record."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.cases.choices import RespondentRole
from corridor.registry import names
from corridor.registry.models import Agency, Employer, SubAgent


def resolve(entry: dict) -> dict:
    """Fill a respondent's registry links from what is known: the registry record, its organisation, or an exact name."""
    entry = dict(entry)
    role = entry.get("role")
    org = entry.get("organisation")
    name = (entry.get("name") or "").strip()
    if role in {RespondentRole.EMPLOYER, RespondentRole.PRINCIPAL_CONTRACTOR} and entry.get("employer") is None:
        entry["employer"] = (Employer.objects.filter(organisation=org).first() if org is not None
                             else _by_name(Employer.objects.all(), name))
    if role == RespondentRole.AGENCY and entry.get("agency") is None:
        entry["agency"] = (Agency.objects.filter(organisation=org).first() if org is not None
                           else _by_name(Agency.objects.all(), name))
    if role == RespondentRole.SUB_AGENT and entry.get("subagent") is None and name:
        key = names.name_key(name).key[:200]
        matches = list(SubAgent.objects.filter(name_key=key)[:2]) if key else []
        entry["subagent"] = matches[0] if len(matches) == 1 else None
    for field in ("employer", "agency"):
        record = entry.get(field)
        if record is not None and entry.get("organisation") is None:
            entry["organisation"] = record.organisation
    return entry


def _by_name(queryset, name: str):
    """A record whose name key is exactly the name's; an ambiguous or absent name links nothing."""
    if not name:
        return None
    key = names.name_key(name).key[:200]
    matches = list(queryset.filter(name_key=key)[:2]) if key else []
    return matches[0] if len(matches) == 1 else None


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


def feed(*, acting_user, case, respondents, upheld: set[int], watchlist: set[int], sanction: set[int],
         summary: str, owed: dict) -> list:
    """A resolved case adds to the record of each party linked to the registry; where the officer decides, a
    watchlist entry or a sanction notice through the registry's own services (which check their own permissions)."""
    from corridor.cases.models import RegistryRecord
    from corridor.registry import services as registry
    from corridor.registry.choices import SanctionPenalty, SubjectKind

    grievances = ",".join(sorted(case.grievances.values_list("kind", flat=True)))
    records = []
    for respondent in respondents:
        if not (respondent.employer_id or respondent.agency_id or respondent.subagent_id):
            continue
        entry = sanction_notice = None
        reason = _("Case %(ref)s: %(summary)s") % {"ref": case.reference, "summary": summary}
        if respondent.pk in watchlist and respondent.pk in upheld:
            subject = respondent.employer or respondent.agency
            if subject is not None:
                entry = registry.watchlist_entry_add(
                    acting_user=acting_user, subject_kind=SubjectKind.EMPLOYER if respondent.employer_id else SubjectKind.AGENCY,
                    name=subject.name, reason=reason, evidence_reference=f"case:{case.reference}",
                    country=subject.country_id if respondent.employer_id else case.nationality_id,
                    employer=respondent.employer, agency=respondent.agency)
        if respondent.pk in sanction and respondent.pk in upheld and respondent.agency_id:
            licence = respondent.agency.current_licence
            if licence is not None:
                sanction_notice = registry.sanction_notify(
                    acting_user=acting_user, licence=licence, charge=reason, proposed_penalty=SanctionPenalty.SUSPEND,
                    answer_due=timezone.localdate() + timedelta(days=15))
        amounts = owed.get(respondent, {})
        records.append(RegistryRecord.objects.create(
            case=case, respondent=respondent, employer=respondent.employer, agency=respondent.agency,
            subagent=respondent.subagent, upheld=respondent.pk in upheld, grievances=grievances[:300], summary=summary,
            unpaid=", ".join(f"{amount} {currency}" if currency != "documents" else "documents not returned"
                             for currency, amount in sorted(amounts.items()))[:200],
            watchlist_entry=entry, sanction=sanction_notice))
    return records
