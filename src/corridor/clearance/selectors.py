"""Every read of the clearance app, scoped to what the acting user may see."""

from django.db.models import Case, CharField, Count, F, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Substr, TruncMonth
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.accounts.selectors import party_scope
from corridor.clearance.choices import ClearanceStatus
from corridor.clearance.models import (
    Arrival,
    Clearance,
    ClearanceEvent,
    PeerClearance,
    PeerContract,
    StayRight,
    SubstitutionMatter,
    TransferRequest,
)
from corridor.core import audit, crypto
from corridor.core.errors import NotFound


def clearance_scope(user) -> QuerySet[Clearance]:
    """Officers, fund officers and auditors see every clearance; an agency its own; a worker theirs."""
    return party_scope(Clearance.objects.all(), user, permission="clearance.view",
                       everyone={Role.ORIGIN_OFFICER, Role.AUDITOR, Role.FUND_OFFICER})


def clearance_list(*, user, status: str = "") -> QuerySet[Clearance]:
    clearances = clearance_scope(user).select_related("worker", "agency", "destination", "contract")
    if status:
        clearances = clearances.filter(status=status)
    return clearances


def clearance_get(*, user, reference: str) -> Clearance:
    """One clearance with its facts and events; the read is written to the audit trail (it shows a passport's tail)."""
    clearance = (clearance_scope(user).select_related("worker", "worker__nationality", "agency", "destination", "contract",
                                                      "employer", "decided_by")
                 .prefetch_related("facts__recorded_by", "facts__recorded_by_organisation", "events__actor",
                                   "destination_reports").filter(reference=reference).first())
    if clearance is None:
        raise NotFound()
    audit.record(actor=user, action="clearance.view", target=clearance, is_read=True)
    return clearance


def my_certificate(*, user) -> Clearance | None:
    """The signed-in worker's newest granted clearance, if any."""
    if user.role != Role.WORKER:
        return None
    return (clearance_scope(user).filter(status__in=[ClearanceStatus.GRANTED, ClearanceStatus.DEPARTED])
            .select_related("worker", "destination").order_by("-issued_at").first())


def public_status(*, reference: str) -> Clearance | None:
    """For the public status endpoint: the clearance with this reference, if it was ever granted."""
    return Clearance.objects.filter(reference=reference).exclude(token="").first()


# --- destination -------------------------------------------------------------------------------------


def arrival_scope(user) -> QuerySet[PeerClearance]:
    if not has_perm(user, "arrival.view"):
        return PeerClearance.objects.none()
    return PeerClearance.objects.all()


def arriving_list(*, user, country: str = "") -> QuerySet[PeerClearance]:
    clearances = arrival_scope(user).select_related("arrival")
    if country:
        clearances = clearances.filter(source_country=country.upper())
    return clearances.order_by("source_country", "departure_by", "id")


def peer_clearance_get(*, user, pk: int) -> PeerClearance:
    clearance = (arrival_scope(user).select_related("arrival", "arrival__worker")
                 .prefetch_related("checks__checked_by", "matters", "arrival__employments", "arrival__stay_rights",
                                   "arrival__transfers").filter(pk=pk).first())
    if clearance is None:
        raise NotFound()
    audit.record(actor=user, action="peer_clearance.view", target=clearance, is_read=True)
    return clearance


def matter_list(*, user) -> QuerySet[SubstitutionMatter]:
    if not has_perm(user, "arrival.view"):
        return SubstitutionMatter.objects.none()
    return SubstitutionMatter.objects.select_related("clearance", "check_record")


def matter_get(*, user, pk: int) -> SubstitutionMatter:
    matter = matter_list(user=user).prefetch_related("events__actor").filter(pk=pk).first()
    if matter is None:
        raise NotFound()
    return matter


def matter_facts(pk: int) -> dict | None:
    """For another app's risk model (inspection): whom a substitution matter is about and when it was opened."""
    matter = SubstitutionMatter.objects.select_related("clearance").filter(pk=pk).first()
    if matter is None:
        return None
    return {"employer_name": matter.clearance.employer_name, "opened_at": matter.opened_at, "status": matter.status,
            "source_country": matter.clearance.source_country}


# --- for the wages app: arrivals by work permit, and the contract registered for them -------------------


def work_permit_index(number: str) -> str:
    """The blind index under which an arrival's work permit or labour card number is found (leading zeros ignored)."""
    number = crypto.normalise_identifier(number or "")
    return crypto.blind_index(number.lstrip("0") or "0", purpose="work_permit") if number else ""


def arrivals_by_work_permit(indexes) -> dict[str, Arrival]:
    """Arrivals whose work permit index is among `indexes` (a set of blind indexes), by index."""
    found: dict[str, Arrival] = {}
    indexes = [i for i in set(indexes) if i]
    for start in range(0, len(indexes), 500):
        for arrival in Arrival.objects.filter(work_permit_index__in=indexes[start:start + 500]).select_related("clearance"):
            found[arrival.work_permit_index] = arrival
    return found


def arrivals_with_work_permit(*, arrived_by) -> QuerySet[Arrival]:
    """Arrivals with a work permit number that had arrived on or before `arrived_by` (a date)."""
    return (Arrival.objects.exclude(work_permit_index="").filter(arrived_on__lte=arrived_by)
            .select_related("clearance").order_by("id"))


def arrivals_arrived_by(day) -> QuerySet[Arrival]:
    """For the wages app's end-of-contract settlements: every arrival recorded on or before `day`."""
    return Arrival.objects.filter(arrived_on__lte=day).select_related("clearance", "recorded_by").order_by("id")


def arrival_by_id(pk: int) -> Arrival | None:
    return Arrival.objects.select_related("clearance").filter(pk=pk).first()


def arrivals_by_id(ids) -> dict[int, Arrival]:
    """Arrivals with their clearance, by id (an id not found is left out)."""
    return Arrival.objects.select_related("clearance").in_bulk(list(ids))


def arrival_contract(arrival: Arrival) -> PeerContract | None:
    """The registered contract the arriving worker's certificate names (same reference and hash, else the latest)."""
    return arrival_contracts([arrival]).get(arrival.pk)


def arrival_contracts(arrivals) -> dict[int, PeerContract]:
    """`arrival_contract` of many arrivals at once, by arrival id, their documents deferred (not decrypted): one
    query per 500 contract references. An arrival whose contract is not here is left out."""
    wanted = {(a.clearance.source_country, a.clearance.contract_reference): [] for a in arrivals}
    for arrival in arrivals:
        wanted[(arrival.clearance.source_country, arrival.clearance.contract_reference)].append(arrival)
    references = sorted({reference for _country, reference in wanted})
    versions: dict[tuple[str, str], list[PeerContract]] = {}
    for start in range(0, len(references), 500):
        for contract in PeerContract.objects.filter(reference__in=references[start:start + 500]).defer("document"):
            versions.setdefault((contract.source_country, contract.reference), []).append(contract)
    found = {}
    for key, of_key in wanted.items():
        contracts = versions.get(key)
        if not contracts:
            continue
        latest = max(contracts, key=lambda c: c.version)
        for arrival in of_key:
            found[arrival.pk] = next((c for c in contracts if c.content_hash == arrival.clearance.content_hash), latest)
    return found


def peer_contract_documents(ids) -> dict[int, dict]:
    """The parsed documents of registered contracts, by id (each decrypted and parsed: for a first read only)."""
    return {c.pk: c.as_document() for c in PeerContract.objects.filter(pk__in=list(ids))}


def arrivals_of_user(user) -> QuerySet[Arrival]:
    """The signed-in worker's own arrivals (linked to their person record here)."""
    if getattr(user, "role", None) != Role.WORKER:
        return Arrival.objects.none()
    return Arrival.objects.filter(worker__user=user).select_related("clearance")


def arrivals_identifying(worker) -> list[Arrival]:
    """For the worker's own pages (wages): arrivals not yet linked to a person record whose registered contract names
    this worker, by the same passport number and nationality. Read-only: the officer's link stays the record."""
    number = crypto.normalise_identifier(getattr(worker, "passport_number", "") or "")
    if worker is None or len(number) < 4:
        return []
    candidates = (Arrival.objects.filter(worker__isnull=True, clearance__nationality=worker.nationality_id,
                                         clearance__passport_tail__iexact=number[-4:]).select_related("clearance"))
    found = []
    for arrival in candidates:
        contract = arrival_contract(arrival)
        named = ((contract.as_document() if contract is not None else {}).get("worker") or {}).get("passport_number")
        if named and crypto.normalise_identifier(str(named)) == number:
            found.append(arrival)
    return found


def valid_certificates_signed_with(key_id: str) -> int:
    """How many certificates this node issued with that key are still valid (granted, not expired): a key that
    still vouches for them must not be retired (spec/exchange/v1/README.md, section 4)."""
    return Clearance.objects.filter(key_id=key_id, status=ClearanceStatus.GRANTED, expires_at__gt=timezone.now()).count()


# --- a way out: transfer requests and rights to stay ---------------------------------------------------------------


def transfer_scope(user) -> QuerySet[TransferRequest]:
    """The same rule as clearance.lifecycles.transfer_visible_to, as a query (the employer's staff see a request only
    once the law's need for their consent was put to them)."""
    transfers = TransferRequest.objects.all()
    if not has_perm(user, "transfer.view"):
        return transfers.none()
    role = user.role
    if role in (Role.DESTINATION_OFFICER, Role.AUDITOR):
        return transfers
    if role == Role.WORKER:
        return transfers.filter(arrival__worker__user=user)
    if role == Role.CASEWORKER and user.organisation_id:
        return transfers.filter(requested_by_organisation_id=user.organisation_id)
    if role == Role.CONSULAR_ATTACHE and user.organisation_id:
        return transfers.filter(arrival__clearance__nationality=user.organisation.country_id)
    if role == Role.EMPLOYER_STAFF and user.organisation_id:
        return transfers.filter(consent_asked_at__isnull=False, old_employer__organisation_id=user.organisation_id)
    return transfers.none()


def transfer_list(*, user, status: str = "") -> QuerySet[TransferRequest]:
    transfers = transfer_scope(user).select_related("arrival__clearance", "old_employer", "new_employer")
    if status:
        transfers = transfers.filter(status=status)
    return transfers


def transfer_get(*, user, reference: str) -> TransferRequest:
    transfer = (transfer_scope(user).select_related("arrival__clearance", "arrival__worker", "old_employer",
                                                    "new_employer", "new_job_order", "requested_by", "decided_by")
                .prefetch_related("events__actor").filter(reference=reference).first())
    if transfer is None:
        raise NotFound()
    audit.record(actor=user, action="transfer_request.view", target=transfer, is_read=True)
    return transfer


def my_arrivals(*, user) -> QuerySet[Arrival]:
    """The signed-in worker's arrivals on this node (linked to their person record), with their history here."""
    if getattr(user, "role", None) != Role.WORKER:
        return Arrival.objects.none()
    return (Arrival.objects.filter(worker__user=user).select_related("clearance")
            .prefetch_related("employments", "stay_rights", "transfers"))


def stay_rights_open(*, arrival: Arrival) -> QuerySet[StayRight]:
    return StayRight.objects.filter(arrival=arrival, ended_at__isnull=True)


# --- corridor figures (aggregates, no personal data: joint committees' agendas read them) -------------------------


def corridor_halts(*, peer: str, since) -> dict:
    """Departures halted in the corridor with `peer` since a date: ours to the peer (origin side) and the peer's
    clearances we were told were halted (destination side)."""
    ours = Clearance.objects.filter(destination_id=peer, status=ClearanceStatus.HALTED, decided_at__date__gte=since)
    theirs = PeerClearance.objects.filter(source_country=peer, halted_at__date__gte=since)
    return {"halted_by_us": ours.count(), "halted_by_peer": theirs.count()}


def corridor_substitution_matters(*, peer: str) -> dict[str, int]:
    """Substitution matters about workers cleared by `peer`, by status (the destination holds them)."""
    rows = SubstitutionMatter.objects.filter(clearance__source_country=peer).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


# --- for the indicators app: decision facts, no names (one row per grant, refusal or halt) ---------------------

def decision_facts(action: str) -> QuerySet:
    """The events of one clearance decision ("grant", "refuse", "halt") with the facts statistics count: the month,
    destination, worker's sex and age band at the decision, occupation (ISCO-08) and its major group, agency."""
    age = ExtractYear("created_at") - ExtractYear("clearance__worker__date_of_birth")
    band = Case(When(clearance__worker__date_of_birth__isnull=True, then=Value("unknown")),
                When(age__lt=25, then=Value("18-24")), When(age__lt=35, then=Value("25-34")),
                When(age__lt=45, then=Value("35-44")), default=Value("45+"), output_field=CharField())
    occupation = Coalesce(F("clearance__contract__job_order__occupation_id"), Value(""), output_field=CharField())
    return (ClearanceEvent.objects.filter(action=action).annotate(age=age)
            .annotate(record=F("clearance_id"), month=TruncMonth("created_at"),
                      destination=F("clearance__destination_id"), sex=F("clearance__worker__sex"), age_band=band,
                      occupation=occupation, sector=Substr(occupation, 1, 1), agency=F("clearance__agency__name")))


def contract_check_facts() -> QuerySet:
    """One row per contract check the destination reported for one of our clearances (`contract.checked`): the
    month of the check, whether the contract presented was substituted, the destination and the recruitment agency."""
    from django.db.models import F  # why: only this statistics read needs them
    from django.db.models.functions import TruncMonth  # why: same

    from corridor.clearance.models import DestinationReport  # why: kept beside the read that alone uses it

    return DestinationReport.objects.filter(kind="contract.checked").annotate(
        record=F("pk"), month=TruncMonth("reported_at"), destination=F("clearance__destination_id"),
        agency=F("clearance__agency__name"))
