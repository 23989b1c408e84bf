"""Origin: a clearance applied for, and the facts recorded for its checks."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.choices import Role
from corridor.clearance import checks
from corridor.clearance.choices import (
    ClearanceStatus,
    FactKind,
)
from corridor.clearance.errors import (
    ClearancePending,
    ContractNotRegistered,
    DepartureDateInvalid,
    FactInvalid,
)
from corridor.clearance.lifecycles import CLEARANCE
from corridor.clearance.models import (
    Clearance,
    ClearanceFact,
)
from corridor.clearance.services._common import _lock, _scope_check, _user
from corridor.contracts.models import Contract
from corridor.core import audit, crypto, events, lifecycle, node
from corridor.core.errors import NotFound
from corridor.core.lifecycle import require as _require
from corridor.registry import names
from corridor.registry.models import Employer


def employer_from_document(doc: dict) -> Employer | None:
    """The registry's employer named by a contract document alone: by registration number, then by exact name.

    Only for a contract that has no job order here: one received from a peer, or one submitted before contracts
    named their job order (see contracts' migration 0002). A contract with a job order has its employer.
    """
    employer = doc.get("employer") or {}
    key = crypto.normalise_identifier(employer.get("registration_number") or "")
    if key:
        found = Employer.objects.filter(country_id=employer.get("country"), registration_key=key).first()
        if found is not None:
            return found
    # Last resort: exactly one registered employer of that country with the same normalised name.
    if employer.get("name"):
        same = list(Employer.objects.filter(country_id=employer.get("country"),
                                            name_key=names.name_key(employer["name"]).key[:200])[:2])
        if len(same) == 1:
            return same[0]
    return None


def _employer_for(contract: Contract, doc: dict) -> Employer | None:
    """The employer of the contract's job order; the document's only for a contract without one."""
    if contract.job_order_id is not None:
        return contract.job_order.employer
    return employer_from_document(doc)


def clearance_apply(*, acting_user, contract: Contract, departure_date: dt.date) -> Clearance:
    """An agency (or an officer) presents a worker for clearance on one registered contract."""
    _require(acting_user, "clearance.apply")
    if acting_user is not None and acting_user.role == Role.AGENCY_STAFF and contract.agency_id != acting_user.organisation_id:
        raise NotFound()
    version = checks.registered_version(contract)
    if contract.status != "registered" or version is None:
        raise ContractNotRegistered()
    if departure_date is None or departure_date < timezone.localdate():
        raise DepartureDateInvalid(fields={"departure_date": [str(DepartureDateInvalid.default_message)]})
    doc = version.as_document()
    with transaction.atomic():
        Contract.objects.select_for_update().get(pk=contract.pk)
        if Clearance.objects.filter(contract=contract, status__in=[ClearanceStatus.APPLIED, ClearanceStatus.GRANTED,
                                                                   ClearanceStatus.DEPARTED]).exists():
            raise ClearancePending()
        employer = _employer_for(contract, doc)
        clearance = Clearance.objects.create(
            reference=f"tmp-{uuid.uuid4().hex}", contract=contract, worker=contract.worker, agency=contract.agency,
            employer=employer, employer_name=(doc.get("employer") or {}).get("name", "")[:200],
            destination_id=doc["corridor"]["destination"], departure_date=departure_date, applied_by=_user(acting_user),
        )
        clearance.reference = f"{node.identity().country}-CLR-{timezone.now():%Y}-{clearance.pk:07d}"
        clearance.save(update_fields=["reference"])
        lifecycle.event(CLEARANCE, clearance, "apply", acting_user=acting_user, to_status=clearance.status,
                        effective_date=timezone.localdate())
        audit.record(actor=acting_user, action="clearance.apply", target=clearance, to_state=clearance.status,
                     detail={"reference": clearance.reference, "reason": "", "contract": contract.reference})
        # orientation (and any app above) may hold a fact this application needs: it answers with its own event
        events.publish("clearance.applied", pk=clearance.pk, reference=clearance.reference, worker_id=clearance.worker_id,
                       destination=clearance.destination_id)
    return clearance


def clearance_fact_record(*, acting_user, clearance: Clearance, kind: str, document_reference: str,
                          valid_until: dt.date | None = None, note: str = "") -> ClearanceFact:
    """An agency or a welfare fund officer records orientation, fund membership or insurance on the application."""
    _require(acting_user, "clearance.record_fact")
    _scope_check(acting_user, clearance)
    if acting_user is not None and acting_user.role == Role.ORIENTATION_PROVIDER and kind != FactKind.ORIENTATION:
        raise NotFound()  # an orientation provider records only that the worker completed its course
    problems = {}
    if kind not in FactKind.values:
        problems["kind"] = [_("Unknown fact.")]
    if not (document_reference or "").strip():
        problems["document_reference"] = [_("This field is required.")]
    if problems:
        raise FactInvalid(fields=problems)
    with transaction.atomic():
        clearance = _lock(clearance)
        lifecycle.check_allowed(CLEARANCE, clearance, "record_fact")
        fact = ClearanceFact.objects.create(clearance=clearance, kind=kind, document_reference=document_reference.strip()[:100],
                                            valid_until=valid_until, note=(note or "").strip()[:300], recorded_by=acting_user,
                                            recorded_by_organisation=getattr(acting_user, "organisation", None))
        audit.record(actor=acting_user, action="clearance.record_fact", target=clearance,
                     detail={"kind": kind, "document_reference": fact.document_reference,
                             "valid_until": valid_until.isoformat() if valid_until else None})
    return fact
