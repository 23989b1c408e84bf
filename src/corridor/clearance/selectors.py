"""Every read of the clearance app, scoped to what the acting user may see."""

from django.db.models import QuerySet
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.clearance.choices import ClearanceStatus
from corridor.clearance.models import Clearance, PeerClearance, SubstitutionMatter
from corridor.core import audit
from corridor.core.errors import NotFound


def clearance_scope(user) -> QuerySet[Clearance]:
    """Officers, fund officers and auditors see every clearance; an agency its own; a worker theirs."""
    clearances = Clearance.objects.all()
    if not has_perm(user, "clearance.view"):
        return clearances.none()
    if user.role in {Role.ORIGIN_OFFICER, Role.AUDITOR, Role.FUND_OFFICER}:
        return clearances
    if user.role == Role.WORKER:
        return clearances.filter(worker__user=user)
    if user.role == Role.AGENCY_STAFF and user.organisation_id:
        return clearances.filter(agency_id=user.organisation_id)
    return clearances.none()


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
    clearance = arrival_scope(user).select_related("arrival").prefetch_related("checks__checked_by", "matters").filter(pk=pk).first()
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


def valid_certificates_signed_with(key_id: str) -> int:
    """How many certificates this node issued with that key are still valid (granted, not expired): a key that
    still vouches for them must not be retired (spec/exchange/v1/README.md, section 4)."""
    return Clearance.objects.filter(key_id=key_id, status=ClearanceStatus.GRANTED, expires_at__gt=timezone.now()).count()
