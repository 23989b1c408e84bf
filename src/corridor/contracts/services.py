"""Every write of the contracts app: checking (recorded), submitting, deciding, overriding, amending, accepting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.choices import Role
from corridor.accounts.models import Worker
from corridor.contracts import errors as parse_errors
from corridor.contracts import interchange
from corridor.contracts.choices import CheckSource, ContractStatus, VersionStatus
from corridor.contracts.lifecycles import CONTRACT
from corridor.contracts.models import CheckRecord, Contract, ContractVersion
from corridor.contracts.service_errors import (
    AmendmentPending,
    ContractInvalid,
    ContractTooLarge,
    ContractUnreadable,
    JobOrderFull,
    JobOrderMismatch,
    JobOrderNotOpen,
    JobOrderOtherAgency,
    NotCheckedStands,
    NothingChanged,
    OverrideNotNeeded,
    OverrideNotRequested,
    OverrideSameOfficer,
    ReasonRequired,
    ViolationsStand,
    WrongWorker,
)
from corridor.core import lifecycle, node
from corridor.core.errors import NotFound, TransitionNotAllowed
from corridor.core.signing import jws_sign
from corridor.registry.models import JobOrder
from corridor.registry.selectors import job_board
from corridor.rules import engine

SIGNATURE_TYPE = "corridor-contract+jws"


# ---------------------------------------------------------------------------------------------------------
# Reading a document: the rule core parses and validates; here its refusals become the API's errors.


def problems_as_fields(problems: list[interchange.Problem]) -> dict[str, list[str]]:
    """{"$.wage.amount": ["must be a decimal amount ..."], ...}: the error body's `fields`, keyed by JSON path."""
    fields: dict[str, list[str]] = {}
    for problem in problems:
        fields.setdefault(problem.path, []).append(problem.message)
    return fields


def refusal(exc: interchange.InterchangeError):
    """The CorridorError to raise for a document the rule core refused."""
    if exc.code == parse_errors.INVALID:
        return ContractInvalid(fields=problems_as_fields(exc.problems))
    if exc.code == parse_errors.TOO_LARGE:
        return ContractTooLarge(exc.message)
    return ContractUnreadable(exc.message, code=exc.code)


def document_load(raw: bytes | str) -> dict[str, Any]:
    """Parse with limits and validate; raises ContractInvalid (422, by path), ContractUnreadable or ContractTooLarge."""
    try:
        return interchange.load(raw)
    except interchange.InterchangeError as exc:
        raise refusal(exc) from exc


def document_validate(doc: Any) -> dict[str, Any]:
    """Validate a document built in Python (a form); raises ContractInvalid with every problem by path."""
    problems = interchange.validate(doc)
    if problems:
        raise ContractInvalid(fields=problems_as_fields(problems))
    return doc


def terms_of(doc: dict[str, Any]) -> dict[str, Any]:
    """The contract's terms without `reference`, which the registering node gives after the terms are fixed."""
    return {key: value for key, value in doc.items() if key != "reference"}


def contract_hash(doc: dict[str, Any]) -> str:
    """SHA-256 of the RFC 8785 canonical JSON of the terms (the `reference` member left out)."""
    return interchange.content_hash(terms_of(doc))


# ---------------------------------------------------------------------------------------------------------
# Checking


def contract_check(*, acting_user, doc: dict[str, Any], lang: str = "en", source: str = CheckSource.API,
                   on: dt.date | None = None) -> tuple[dict[str, Any], CheckRecord]:
    """Check a valid document against every applicable ruleset and keep the record of the check."""
    now = timezone.now()
    result = engine.check(doc, lang=lang, on=on, now=now)
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    record = CheckRecord.objects.create(
        content_hash=contract_hash(doc), rulesets=result["rulesets"], findings=result["findings"],
        compliant=result["compliant"], violations=sum(1 for f in result["findings"] if f["severity"] == "violation"),
        not_checked=result.get("not_checked", []),
        lang=engine.normalise_language(lang), source=source, checked_at=now, checked_by=user,
    )
    return result, record


# ---------------------------------------------------------------------------------------------------------
# Registering. Every status of a version is set by the lifecycle kit (contracts/lifecycles.py): the event row
# names the version and stands on its contract, the audit entry is on the contract (as before the kit).


def _on_contract(version: ContractVersion) -> dict[str, Any]:
    return {"event_fields": {"contract": version.contract}, "audit_target": lambda record: record.contract}


def _created(version: ContractVersion, action: str, *, acting_user) -> ContractVersion:
    """A new version, submitted: "submit" (the first text), "resubmit" or "amend"."""
    return lifecycle.create(CONTRACT, version, action, acting_user=acting_user, **_on_contract(version),
                            audit_detail={"version": version.number, "reason": ""})


def _step(version: ContractVersion, action: str, *, acting_user, reason="", to_status=None, changes=None,
          check=None, precheck=None, enforce_permission: bool = True) -> ContractVersion:
    """One version transition through the lifecycle kit; `reason` may be read from the locked version."""

    def audit_detail(locked: ContractVersion) -> dict[str, Any]:
        return {"version": locked.number, "reason": reason(locked) if callable(reason) else reason}

    return lifecycle.transition(
        CONTRACT, version, action, acting_user=acting_user, reason=reason, to_status=to_status, changes=changes,
        check=check, precheck=precheck, enforce_permission=enforce_permission, audit_detail=audit_detail,
        **_on_contract(version))


def _new_version(*, contract: Contract, doc: dict[str, Any], acting_user, number: int) -> ContractVersion:
    terms = terms_of(doc)
    _result, record = contract_check(acting_user=acting_user, doc=terms, source=CheckSource.REGISTER)
    return ContractVersion.objects.create(
        contract=contract, number=number, document=interchange.canonical_json(terms).decode("utf-8"),
        content_hash=record.content_hash, check_record=record, status=VersionStatus.SUBMITTED,
        submitted_by=acting_user, submitted_at=timezone.now(),
    )


def job_order_mismatches(job_order: JobOrder, doc: dict[str, Any]) -> dict[str, list[str]]:
    """Where the contract differs from its job order: the employer's country and the occupation, by JSON path."""
    problems: dict[str, list[str]] = {}
    country = (doc.get("employer") or {}).get("country")
    if country != job_order.employer.country_id:
        problems["$.employer.country"] = [str(_("The job order's employer is in %(country)s.")
                                              % {"country": job_order.employer.country_id})]
    occupation = (doc.get("job") or {}).get("isco08")
    if occupation != job_order.occupation_id:
        problems["$.job.isco08"] = [str(_("The job order is for occupation %(code)s (ISCO-08).")
                                        % {"code": job_order.occupation_id})]
    return problems


def job_order_taken(job_order: JobOrder) -> int:
    """How many workers already have a submitted or registered contract under the job order."""
    return (Contract.objects.filter(job_order=job_order, status__in=[ContractStatus.SUBMITTED, ContractStatus.REGISTERED])
            .values("worker_id").distinct().count())


def _job_order_room(job_order: JobOrder, *, worker_id: int) -> None:
    """Refuse when the job order's places are all taken by other workers (a worker who already holds a place takes
    no second one); the caller holds the job order's row lock."""
    others = (Contract.objects.filter(job_order=job_order,
                                      status__in=[ContractStatus.SUBMITTED, ContractStatus.REGISTERED])
              .exclude(worker_id=worker_id).values("worker_id").distinct().count())
    if others >= job_order.workers_needed:
        raise JobOrderFull(fields={"job_order": [str(JobOrderFull.default_message)]})


def contract_submit(*, acting_user, worker: Worker, doc: dict[str, Any], job_order: JobOrder) -> Contract:
    """An agency submits a worker's contract under one of its job orders on the board; it is checked and waits
    for an origin officer."""
    lifecycle.check_permission(CONTRACT, "submit", acting_user)
    document_validate(doc)
    if worker.recorded_by_id is None or worker.recorded_by_id != acting_user.organisation_id:
        raise WrongWorker(fields={"worker": [str(WrongWorker.default_message)]})
    if job_order is None or job_order.agency.organisation_id != acting_user.organisation_id:
        raise JobOrderOtherAgency(fields={"job_order": [str(JobOrderOtherAgency.default_message)]})
    with transaction.atomic():
        # The job order's row is the lock that keeps two clerks from filling its last place twice.
        job_order = JobOrder.objects.select_for_update().select_related("employer").get(pk=job_order.pk)
        if not job_board().filter(pk=job_order.pk).exists():
            raise JobOrderNotOpen(fields={"job_order": [str(JobOrderNotOpen.default_message)]})
        mismatches = job_order_mismatches(job_order, doc)
        if mismatches:
            raise JobOrderMismatch(fields=mismatches)
        _job_order_room(job_order, worker_id=worker.pk)
        contract = Contract.objects.create(worker=worker, agency=acting_user.organisation, job_order=job_order,
                                           submitted_by=acting_user, status=ContractStatus.SUBMITTED)
        version = _new_version(contract=contract, doc=doc, acting_user=acting_user, number=1)
        _created(version, "submit", acting_user=acting_user)
    return contract


def _register(version: ContractVersion, *, acting_user) -> list[str]:
    """Inside the transition that registers `version` (locked): supersede the version it replaces, give the contract
    its reference (first time) and sign the version. Returns the version's fields it set."""
    contract = version.contract
    now = timezone.now()
    previous = contract.versions.filter(status=VersionStatus.REGISTERED).exclude(pk=version.pk).first()
    if previous is not None:  # the system's consequence of this registration: no permission of its own
        _step(previous, "supersede", acting_user=acting_user, enforce_permission=False)
    if contract.reference is None:
        contract.reference = f"{node.identity().country}-CTR-{now:%Y}-{contract.pk:07d}"
        contract.registered_at = now
    contract.status = ContractStatus.REGISTERED
    contract.save(update_fields=["reference", "registered_at", "status"])
    version.registered_at = now
    version.signature = jws_sign({
        "reference": contract.reference,
        "version": version.number,
        "content_hash": version.content_hash,
        "registered_at": now.isoformat().replace("+00:00", "Z"),
        "node": node.identity().country,
        "contract": version.document,  # the RFC 8785 canonical JSON of the terms, as signed text
    }, typ=SIGNATURE_TYPE)
    return ["registered_at", "signature"]


def _approval_target(version: ContractVersion) -> str:
    """Before registration: registered at once. An amendment of a registered contract: waits for the worker."""
    if version.contract.status == ContractStatus.REGISTERED:
        return VersionStatus.AWAITING_WORKER
    return VersionStatus.REGISTERED


def _approval(acting_user, **fields):
    """The changes of an approval (plain or by override) to the locked version."""

    def approve(version: ContractVersion) -> list[str]:
        version.decided_by, version.decided_at = acting_user, timezone.now()
        for name, value in fields.items():
            setattr(version, name, value)
        names = ["decided_by", "decided_at", *fields]
        if version.contract.status != ContractStatus.REGISTERED:
            names += _register(version, acting_user=acting_user)
        return names

    return approve


def contract_approve(*, acting_user, version: ContractVersion) -> ContractVersion:
    """An origin officer approves a submitted text; refused while any violation stands."""

    def nothing_stands(locked: ContractVersion) -> None:
        if locked.check_record.violations:
            raise ViolationsStand()
        if locked.check_record.blocking_not_checked:
            raise NotCheckedStands()

    return _step(version, "approve", acting_user=acting_user, check=nothing_stands, to_status=_approval_target,
                 changes=_approval(acting_user))


def _reason_given(reason: str) -> str:
    if not reason.strip():
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    return reason.strip()


def contract_return(*, acting_user, version: ContractVersion, reason: str) -> ContractVersion:
    """An origin officer returns a submitted text to the agency, saying why."""
    lifecycle.check_permission(CONTRACT, "return", acting_user)
    reason = _reason_given(reason)

    def back_to_the_agency(locked: ContractVersion) -> list[str]:
        locked.return_reason, locked.decided_by, locked.decided_at = reason, acting_user, timezone.now()
        contract = locked.contract
        if contract.status == ContractStatus.SUBMITTED:  # an amendment returned leaves the registered text in force
            contract.status = ContractStatus.RETURNED
            contract.save(update_fields=["status"])
        return ["return_reason", "decided_by", "decided_at"]

    return _step(version, "return", acting_user=acting_user, reason=reason, changes=back_to_the_agency)


def contract_override_request(*, acting_user, version: ContractVersion, reason: str) -> ContractVersion:
    """A first origin officer asks to approve despite violations, recording why; a second must confirm."""
    lifecycle.check_permission(CONTRACT, "override_request", acting_user)
    reason = _reason_given(reason)

    def violations_stand(locked: ContractVersion) -> None:
        if not locked.check_record.violations and not locked.check_record.blocking_not_checked:
            raise OverrideNotNeeded()

    return _step(version, "override_request", acting_user=acting_user, reason=reason, check=violations_stand,
                 changes={"override_requested_by": acting_user, "override_reason": reason})


def contract_override_confirm(*, acting_user, version: ContractVersion) -> ContractVersion:
    """A second, different origin officer confirms the override: the text is approved despite its violations."""

    def second_officer(locked: ContractVersion) -> None:
        if locked.override_requested_by_id is None:
            raise OverrideNotRequested()
        if locked.override_requested_by_id == acting_user.pk:
            raise OverrideSameOfficer()

    return _step(version, "override_confirm", acting_user=acting_user, check=second_officer,
                 reason=lambda locked: locked.override_reason, to_status=_approval_target,
                 changes=_approval(acting_user, override_confirmed_by=acting_user))


def _revise(*, acting_user, contract: Contract, doc: dict[str, Any], action: str) -> ContractVersion:
    lifecycle.check_permission(CONTRACT, action, acting_user)
    if contract.agency_id != acting_user.organisation_id:
        raise NotFound()
    document_validate(doc)
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        versions = list(contract.versions.order_by("number"))
        if any(v.status in (VersionStatus.SUBMITTED, VersionStatus.AWAITING_WORKER) for v in versions):
            raise AmendmentPending()
        if action == "amend" and contract.status != ContractStatus.REGISTERED:
            raise TransitionNotAllowed()
        if action == "resubmit" and contract.status != ContractStatus.RETURNED:
            raise TransitionNotAllowed()
        registered = next((v for v in versions if v.status == VersionStatus.REGISTERED), None)
        if registered is not None and registered.content_hash == contract_hash(doc):
            raise NothingChanged()
        if contract.job_order_id is not None:
            job_order = JobOrder.objects.select_for_update().select_related("employer").get(pk=contract.job_order_id)
            mismatches = job_order_mismatches(job_order, doc)
            if mismatches:
                raise JobOrderMismatch(fields=mismatches)
            if action == "resubmit":  # a returned contract held no place: it takes one again if there is one
                _job_order_room(job_order, worker_id=contract.worker_id)
        version = _new_version(contract=contract, doc=doc, acting_user=acting_user, number=versions[-1].number + 1)
        if action == "resubmit":
            contract.status = ContractStatus.SUBMITTED
            contract.save(update_fields=["status"])
        _created(version, action, acting_user=acting_user)
    return version


def contract_amend(*, acting_user, contract: Contract, doc: dict[str, Any]) -> ContractVersion:
    """A change to a registered contract: a new version, checked like a new contract; the registered one stays."""
    return _revise(acting_user=acting_user, contract=contract, doc=doc, action="amend")


def contract_resubmit(*, acting_user, contract: Contract, doc: dict[str, Any]) -> ContractVersion:
    """The agency sends a corrected text of a returned contract (version 1 stays as it was returned)."""
    return _revise(acting_user=acting_user, contract=contract, doc=doc, action="resubmit")


def _worker_version(acting_user, version: ContractVersion) -> ContractVersion:
    if acting_user.role != Role.WORKER or version.contract.worker.user_id != acting_user.pk:
        raise NotFound()
    return version


def contract_amendment_accept(*, acting_user, version: ContractVersion) -> ContractVersion:
    """The worker, signed in, accepts an approved amendment: it becomes the registered text."""

    def accepted(locked: ContractVersion) -> list[str]:
        locked.worker_answered_at = timezone.now()
        return ["worker_answered_at", *_register(locked, acting_user=acting_user)]

    return _step(version, "accept", acting_user=acting_user, precheck=lambda locked: _worker_version(acting_user, locked),
                 changes=accepted)


def contract_amendment_decline(*, acting_user, version: ContractVersion, reason: str = "") -> ContractVersion:
    """The worker declines an amendment: the registered text stays in force."""
    lifecycle.check_permission(CONTRACT, "decline", acting_user)
    _worker_version(acting_user, version)
    return _step(version, "decline", acting_user=acting_user, reason=reason.strip(),
                 check=lambda locked: _worker_version(acting_user, locked),
                 changes={"worker_answered_at": timezone.now()})


# ---------------------------------------------------------------------------------------------------------
# A worker's change of employer at the destination: clearance's transfer_complete registers the new contract here.


def contract_register_transfer(*, acting_user, worker: Worker, doc: dict[str, Any], job_order: JobOrder,
                               transfer_reference: str) -> Contract:
    """Register the new employer's contract of a worker whose change of employer the destination's officer completed:
    checked again here (refused while a violation or a blocking unchecked item stands), under the new employer's job
    order and its agency, registered at once and signed by this node (no agency submission to decide)."""
    lifecycle.check_permission(CONTRACT, "transfer_submit", acting_user)
    document_validate(doc)
    terms = terms_of(doc)
    mismatches = job_order_mismatches(job_order, terms)
    if mismatches:
        raise JobOrderMismatch(fields=mismatches)
    with transaction.atomic():
        _result, record = contract_check(acting_user=acting_user, doc=terms, source=CheckSource.REGISTER)
        if record.violations:
            raise ViolationsStand()
        if record.blocking_not_checked:
            raise NotCheckedStands()
        now = timezone.now()
        contract = Contract.objects.create(worker=worker, agency=job_order.agency.organisation, job_order=job_order,
                                           submitted_by=acting_user, status=ContractStatus.SUBMITTED)
        version = ContractVersion.objects.create(
            contract=contract, number=1, document=interchange.canonical_json(terms).decode("utf-8"),
            content_hash=record.content_hash, check_record=record, status=VersionStatus.SUBMITTED,
            submitted_by=acting_user, submitted_at=now)
        lifecycle.create(CONTRACT, version, "transfer_submit", acting_user=acting_user, reason=transfer_reference,
                         **_on_contract(version), audit_detail={"version": 1, "reason": transfer_reference})
        _step(version, "transfer_register", acting_user=acting_user, reason=transfer_reference,
              changes=_approval(acting_user))
        contract.refresh_from_db()
    return contract
