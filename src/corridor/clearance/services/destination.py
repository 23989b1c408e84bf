"""Destination: arrivals, contracts presented on arrival, substitution matters."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.clearance.choices import (
    MatterStatus,
    PresentedSource,
)
from corridor.clearance.errors import (
    AlreadyArrived,
    ArrivalHalted,
    PresentedInvalid,
    WorkPermitTaken,
)
from corridor.clearance.lifecycles import SUBSTITUTION_MATTER
from corridor.clearance.models import (
    Arrival,
    PeerClearance,
    PeerContract,
    PresentedCheck,
    SubstitutionMatter,
)
from corridor.clearance.services._common import _reason, _send
from corridor.contracts import interchange
from corridor.contracts.compare import compare
from corridor.contracts.services import document_validate, terms_of
from corridor.core import audit, crypto, lifecycle
from corridor.core.errors import CorridorError, InvalidInput, NotFound
from corridor.core.lifecycle import require as _require


def _work_permit(number: str) -> tuple[str, str]:
    """The number as stored (normalised) and its blind index; a number already given to another arrival is refused."""
    number = crypto.normalise_identifier(number or "")
    if not number:
        return "", ""
    if len(number) > 40:
        raise InvalidInput(fields={"work_permit_number": [_("At most 40 letters or digits.")]})
    return number, crypto.blind_index(number.lstrip("0") or "0", purpose="work_permit")


def arrival_record(*, acting_user, clearance: PeerClearance, arrived_on: dt.date, port: str = "",
                   work_permit_number: str = "") -> Arrival:
    """A destination officer records that the worker arrived; the origin is told (`arrival.recorded`)."""
    _require(acting_user, "arrival.record")
    number, index = _work_permit(work_permit_number)
    with transaction.atomic():
        clearance = PeerClearance.objects.select_for_update().get(pk=clearance.pk)
        if Arrival.objects.filter(clearance=clearance).exists():
            raise AlreadyArrived()
        if clearance.is_halted:
            raise ArrivalHalted()
        if index and Arrival.objects.filter(work_permit_index=index).exists():
            raise WorkPermitTaken()
        arrival = Arrival.objects.create(clearance=clearance, arrived_on=arrived_on, port=(port or "").strip()[:100],
                                         work_permit_number=number, work_permit_index=index, recorded_by=acting_user)
        audit.record(actor=acting_user, action="arrival.record", target=arrival,
                     detail={"clearance": clearance.reference, "peer": clearance.source_country, "arrived_on": arrived_on.isoformat(),
                             "halted": clearance.is_halted})
        _send(acting_user=acting_user, country=clearance.source_country, kind="arrival.recorded",
              body={"clearance_reference": clearance.reference, "arrived_on": arrived_on.isoformat(),
                    "at": timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")},
              ordering_key=f"clearance:{clearance.reference}")
    return arrival


def arrival_work_permit_set(*, acting_user, arrival: Arrival, work_permit_number: str) -> Arrival:
    """Record (or correct) the work permit or labour card number of a worker who has arrived."""
    _require(acting_user, "arrival.record")
    number, index = _work_permit(work_permit_number)
    if not number:
        raise InvalidInput(fields={"work_permit_number": [_("Give the number.")]})
    with transaction.atomic():
        arrival = Arrival.objects.select_for_update().get(pk=arrival.pk)
        if Arrival.objects.filter(work_permit_index=index).exclude(pk=arrival.pk).exists():
            raise WorkPermitTaken()
        arrival.work_permit_number, arrival.work_permit_index = number, index
        arrival.save(update_fields=["work_permit_number", "work_permit_index"])
        audit.record(actor=acting_user, action="arrival.work_permit_set", target=arrival,
                     detail={"clearance": arrival.clearance.reference})
    return arrival


def registered_for(clearance: PeerClearance) -> PeerContract | None:
    """The peer's registered contract the certificate names: same reference and content hash, else its latest version."""
    contracts = PeerContract.objects.filter(source_country=clearance.source_country, reference=clearance.contract_reference)
    return contracts.filter(content_hash=clearance.content_hash).first() or contracts.order_by("-version").first()


PAPER_TERMS = {
    "employer_name": ("employer", "name"), "job_title": ("job", "title"), "worksite": ("job", "worksite"),
    "wage_amount": ("wage", "amount"), "wage_currency": ("wage", "currency"), "wage_period": ("wage", "period"),
    "normal_daily": ("hours", "normal_daily"), "normal_weekly": ("hours", "normal_weekly"),
    "weekly_rest_hours": ("rest", "weekly_rest_hours"), "annual_leave_days": ("rest", "annual_leave_days"),
    "duration_months": ("term", "duration_months"),
}


def presented_from_paper(registered: dict, terms: dict[str, Any]) -> dict:
    """The presented contract from a paper form: the registered text with the terms read off the paper put in."""
    doc = copy.deepcopy(registered)
    for name, (section, key) in PAPER_TERMS.items():
        value = terms.get(name)
        if value in (None, ""):
            continue
        doc.setdefault(section, {})[key] = value
    return doc


def presented_check(*, acting_user, clearance: PeerClearance, document: dict, source: str = PresentedSource.UPLOAD) -> PresentedCheck:
    """Compare the presented contract with the registered one; a substitution opens a matter and the origin is told."""
    _require(acting_user, "arrival.record")
    registered = registered_for(clearance)
    if registered is None:
        raise NotFound(_("The origin has not sent the registered contract %(ref)s.") % {"ref": clearance.contract_reference})
    try:
        document_validate(document)
    except CorridorError as exc:
        raise PresentedInvalid(fields=exc.fields) from exc
    presented = terms_of(document)
    result = compare(terms_of(registered.as_document()), presented)
    with transaction.atomic():
        check = PresentedCheck.objects.create(
            clearance=clearance, registered=registered, source=source,
            presented_document=interchange.canonical_json(presented).decode("utf-8"),
            presented_hash=interchange.content_hash(presented), substituted=result["substituted"], changes=result["changes"],
            checked_by=acting_user,
        )
        audit.record(actor=acting_user, action="arrival.contract_check", target=check,
                     detail={"clearance": clearance.reference, "substituted": result["substituted"], "changes": len(result["changes"])})
        if result["substituted"]:
            matter = SubstitutionMatter.objects.create(check_record=check, clearance=clearance)
            lifecycle.event(SUBSTITUTION_MATTER, matter, "open", acting_user=acting_user, to_status=matter.status,
                            reason=_("Opened by the check of the presented contract."))
            audit.record(actor=acting_user, action="substitution_matter.open", target=matter, to_state=matter.status,
                         detail={"clearance": clearance.reference})
        _send(acting_user=acting_user, country=clearance.source_country, kind="contract.checked",
              body={"clearance_reference": clearance.reference, "contract_reference": registered.reference,
                    "registered_hash": registered.content_hash, "presented_hash": check.presented_hash,
                    "substituted": result["substituted"], "changes": result["changes"],
                    "at": timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")},
              ordering_key=f"clearance:{clearance.reference}")
    return check


def _matter_step(*, acting_user, matter: SubstitutionMatter, action: str, to_status: str, reason: str) -> SubstitutionMatter:
    """One substitution matter transition through the lifecycle kit (clearance.lifecycles.SUBSTITUTION_MATTER)."""
    lifecycle.check_permission(SUBSTITUTION_MATTER, action, acting_user)
    reason = _reason(reason)
    changes = {"closed_at": timezone.now(), "outcome": reason} if to_status == MatterStatus.CLOSED else {}
    return lifecycle.transition(SUBSTITUTION_MATTER, matter, action, acting_user=acting_user, to_status=to_status,
                                reason=reason, changes=changes, audit_detail={"reason": reason})


def matter_review(*, acting_user, matter: SubstitutionMatter, reason: str) -> SubstitutionMatter:
    return _matter_step(acting_user=acting_user, matter=matter, action="review", to_status=MatterStatus.UNDER_REVIEW, reason=reason)


def matter_close(*, acting_user, matter: SubstitutionMatter, reason: str) -> SubstitutionMatter:
    return _matter_step(acting_user=acting_user, matter=matter, action="close", to_status=MatterStatus.CLOSED, reason=reason)
