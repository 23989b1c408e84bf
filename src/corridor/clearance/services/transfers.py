"""Destination: a worker's way out. Requests to change employer decided by the law (rules.transfer), the employer's
consent asked only when that law needs it, refusals and appeals, time limits, the new employment put in place and
the origin told (`transfer.decided`); the recorded right to stay of a worker pursuing a claim."""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
import uuid
from pathlib import Path
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from corridor.accounts.choices import Role
from corridor.accounts.models import User, Worker
from corridor.clearance.choices import TransferGround, TransferSector, TransferStatus
from corridor.clearance.errors import (
    NewEmploymentInvalid,
    StayRightOpen,
    TransferAppealLate,
    TransferConsentPending,
    TransferInvalid,
    TransferLawRefuses,
    TransferNotArrived,
    TransferOpen,
)
from corridor.clearance.lifecycles import TRANSFER, transfer_visible_to
from corridor.clearance.models import (
    OPEN_TRANSFER,
    Arrival,
    Employment,
    PeerClearance,
    PeerContract,
    StayRight,
    TransferRequest,
)
from corridor.clearance.services._common import _reason, _send
from corridor.clearance.services.destination import registered_for
from corridor.clearance.services.origin import employer_from_document
from corridor.contracts import interchange
from corridor.contracts.services import (
    contract_check,
    contract_register_transfer,
    document_validate,
    job_order_mismatches,
    terms_of,
)
from corridor.core import audit, crypto, events, lifecycle, node, notifications
from corridor.core.errors import CorridorError, NotFound
from corridor.core.lifecycle import require
from corridor.registry.selectors import job_board
from corridor.rules import transfer as law
from corridor.rules.lawdata import add_months

T = TransferStatus
LIMITS_FILE = Path(__file__).resolve().parents[1] / "data" / "transfer_limits.toml"

NOTICES = {  # English msgids, rendered in each reader's language when read
    "requested": gettext_noop("Your request to change employer (%(ref)s) is recorded; an officer will decide."),
    "consent_asked": gettext_noop("A worker's request to change employer (%(ref)s) needs your answer: do you consent?"),
    "accepted": gettext_noop("Your request to change employer (%(ref)s) is accepted."),
    "refused": gettext_noop("Your request to change employer (%(ref)s) is refused: %(reason)s. You may appeal until "
                            "%(day)s."),
    "completed": gettext_noop("You now work for %(employer)s (transfer %(ref)s)."),
    "escalated": gettext_noop("Transfer request %(ref)s has missed its time limit."),
    "stay": gettext_noop("Your right to stay while your claim %(case)s is open is recorded."),
    "decided": gettext_noop("The destination decided on a change of employer (%(outcome)s) for clearance %(ref)s."),
    "employer_left": gettext_noop("A worker's change of employer (%(ref)s) is completed: their employment with you "
                                  "ended on %(day)s. Settle their final wages and benefits."),
    "employer_joined": gettext_noop("A worker's change of employer (%(ref)s) is completed: they start with you on "
                                    "%(day)s under job order %(order)s; contract %(contract)s is registered."),
}


@functools.cache
def limits() -> dict[str, Any]:
    with LIMITS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def due_for(status: str, since: dt.datetime) -> dt.datetime | None:
    entry = limits()["limits"].get(str(status))
    return since + dt.timedelta(days=entry["days"]) if entry else None


def _notify_worker(transfer: TransferRequest, key: str, **params) -> None:
    worker = transfer.arrival.worker
    if worker is None:
        return
    notifications.notification_send(kind=f"transfer.{key}", message=NOTICES[key], params={"ref": transfer.reference, **params},
                                     link=reverse("clearance:my-transfer"), about=f"transfer:{transfer.reference}",
                                     worker=worker)


def _arrival_for_actor(acting_user, arrival: Arrival) -> None:
    """Who may ask on the worker's behalf: the worker themself, caseworkers, the worker's consulate, officers."""
    if acting_user is None:
        return
    role = acting_user.role
    if role == Role.WORKER and (arrival.worker is None or arrival.worker.user_id != acting_user.pk):
        raise NotFound()
    if role == Role.CONSULAR_ATTACHE and (acting_user.organisation is None
                                          or acting_user.organisation.country_id != arrival.clearance.nationality):
        raise NotFound()


def arrival_for_request(*, acting_user, clearance_reference: str, passport_tail: str = "") -> Arrival:
    """The arrival a caseworker or attaché names by the worker's certificate (reference and passport's last 4)."""
    clearance = PeerClearance.objects.filter(reference=(clearance_reference or "").strip()).select_related("arrival").first()
    arrival = getattr(clearance, "arrival", None) if clearance is not None else None
    if arrival is None:
        raise TransferNotArrived(fields={"clearance_reference": [str(TransferNotArrived.default_message)]})
    if acting_user is not None and acting_user.role != Role.DESTINATION_OFFICER and acting_user.role != Role.WORKER \
            and (passport_tail or "").strip().upper() != clearance.passport_tail.upper():
        raise TransferNotArrived(fields={"passport_tail": [_("Does not match the certificate.")]})
    _arrival_for_actor(acting_user, arrival)
    return arrival


def current_employment(arrival: Arrival) -> Employment | None:
    return arrival.employments.filter(ended_on__isnull=True).select_related("employer").first()


def _registered_doc(arrival: Arrival) -> dict:
    registered = registered_for(arrival.clearance)
    return registered.as_document() if registered is not None else {}


def _law_request(transfer: TransferRequest, *, consents: bool | None = None) -> law.TransferRequest:
    ground = "none" if transfer.ground == TransferGround.MUTUAL_AGREEMENT else transfer.ground
    return law.TransferRequest(country=node.identity().country, sector=transfer.sector, ground=ground,
                               contract_start=transfer.contract_start, request_date=transfer.request_date,
                               contract_end=transfer.contract_end,
                               employer_consents=transfer.employer_consents if consents is None else consents)


def _evaluate(transfer: TransferRequest) -> list[str]:
    """Apply the law to the request and keep its answer on it; the names of the fields set."""
    decision = law.evaluate_transfer(_law_request(transfer))
    transfer.allowed = decision.allowed
    transfer.needs_employer_consent = decision.needs_employer_consent
    transfer.notice_days = decision.notice_days
    transfer.earliest_date = decision.earliest_date
    transfer.law_version = decision.law_version or ""
    transfer.decision = decision.as_dict(render=False)
    return ["allowed", "needs_employer_consent", "notice_days", "earliest_date", "law_version", "decision"]


def consent_needed(transfer: TransferRequest) -> bool:
    """Whether the current employer may be asked: the law needs its consent, or the ground is an agreement with it."""
    return transfer.ground == TransferGround.MUTUAL_AGREEMENT or bool(transfer.needs_employer_consent)


def transfer_request(*, acting_user, arrival: Arrival, ground: str, sector: str = "", case_reference: str = "",
                     statement: str = "", contract_start: dt.date | None = None, contract_end: dt.date | None = None,
                     request_date: dt.date | None = None) -> TransferRequest:
    """The worker (or a caseworker, attaché or officer for them) asks to change employer; the law is applied at once."""
    require(acting_user, "transfer.request")
    arrival = Arrival.objects.select_related("clearance", "worker").get(pk=arrival.pk)
    _arrival_for_actor(acting_user, arrival)
    problems: dict[str, list[str]] = {}
    if ground not in TransferGround.values:
        problems["ground"] = [_("Choose one of the grounds listed.")]
    case_reference = (case_reference or "").strip()[:40]
    if ground in (TransferGround.ABUSE, TransferGround.TRAFFICKING) and not case_reference:
        problems["case_reference"] = [_("Give the reference of the case or inspection that found it.")]
    doc = _registered_doc(arrival)
    if not sector:
        sector = TransferSector.DOMESTIC if (doc.get("job") or {}).get("sector") == "domestic_work" else TransferSector.GENERAL
    if sector not in TransferSector.values:
        problems["sector"] = [_("Choose general or domestic work.")]
    term = doc.get("term") or {}
    request_date = request_date or timezone.localdate()
    if contract_start is None:
        # The registered term's start, unless it is still to come: then the day the worker arrived.
        try:
            contract_start = dt.date.fromisoformat(term["start_date"])
        except (KeyError, TypeError, ValueError):
            contract_start = arrival.arrived_on
        if contract_start > request_date:
            contract_start = min(arrival.arrived_on, request_date)
    if contract_end is None and isinstance(term.get("duration_months"), int):
        contract_end = add_months(contract_start, term["duration_months"])  # the day after the term's last day
    if problems:
        raise TransferInvalid(fields=problems)
    with transaction.atomic():
        Arrival.objects.select_for_update().get(pk=arrival.pk)
        if TransferRequest.objects.filter(arrival=arrival, status__in=OPEN_TRANSFER).exists():
            raise TransferOpen()
        current = current_employment(arrival)
        old_employer = current.employer if current is not None else employer_from_document(doc)
        now = timezone.now()
        transfer = TransferRequest(
            reference=f"TR-{uuid.uuid4().hex[:24]}", arrival=arrival, old_employer=old_employer,
            old_employer_name=current.employer_name if current is not None else arrival.clearance.employer_name,
            ground=ground, sector=sector, case_reference=case_reference, statement=(statement or "").strip()[:4000],
            contract_start=contract_start, contract_end=contract_end, request_date=request_date,
            requested_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
            requested_by_organisation=getattr(acting_user, "organisation", None), due_at=due_for(T.REQUESTED, now))
        try:
            _evaluate(transfer)
        except law.TransferInputError as exc:
            raise TransferInvalid(fields={k: [v] for k, v in exc.problems.items()}) from exc
        transfer.save()
        transfer.reference = f"TR-{node.identity().country}-{request_date.year}-{transfer.pk:06d}"
        transfer.save(update_fields=["reference"])
        lifecycle.event(TRANSFER, transfer, "request", acting_user=acting_user, to_status=transfer.status,
                        reason=transfer.statement, detail={"ground": ground, "allowed": transfer.allowed})
        audit.record(actor=acting_user, action="transfer_request.request", target=transfer, to_state=transfer.status,
                     detail={"reference": transfer.reference, "ground": ground, "allowed": transfer.allowed,
                             "law_version": transfer.law_version})
        events.publish("transfer.requested", pk=transfer.pk, arrival_id=arrival.pk, ground=ground,
                       allowed=transfer.allowed, needs_employer_consent=transfer.needs_employer_consent)
        _notify_worker(transfer, "requested")
    return transfer


def _step(transfer: TransferRequest, action: str, *, acting_user, reason: str = "", to_status: str | None = None,
          changes: dict | None = None, check=None, after=None, detail: dict | None = None) -> TransferRequest:
    target = to_status or TRANSFER.actions[action].target or transfer.status
    now = timezone.now()

    def change(locked: TransferRequest) -> list[str]:
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        names = list(changes or {}) + list(getattr(locked, "_law_fields", []))
        if action != "escalate":
            locked.due_at, locked.escalated_at = due_for(target, now), None
            names += ["due_at", "escalated_at"]
        return names

    return lifecycle.transition(TRANSFER, transfer, action, acting_user=acting_user, reason=reason, changes=change,
                                to_status=to_status, check=check, after=after,
                                audit_detail={"reference": transfer.reference, "reason": reason, **(detail or {})})


def transfer_ask_consent(*, acting_user, transfer: TransferRequest) -> TransferRequest:
    """Ask the current employer, only when the law needs its consent (or the ground is an agreement with it)."""

    def needed(locked: TransferRequest) -> None:
        if not consent_needed(locked):
            raise TransferInvalid(_("The law does not need the employer's consent here: it is not asked."))

    def tell_employer(locked: TransferRequest) -> None:
        organisation = getattr(locked.old_employer, "organisation", None)
        if organisation is not None:
            notifications.notification_send(
                kind="transfer.consent_asked", message=NOTICES["consent_asked"], params={"ref": locked.reference},
                link=reverse("clearance:transfer", args=[locked.reference]), about=f"transfer:{locked.reference}",
                organisation=organisation, role=Role.EMPLOYER_STAFF)

    return _step(transfer, "ask_consent", acting_user=acting_user, changes={"consent_asked_at": timezone.now()},
                 check=needed, after=tell_employer)


def transfer_consent_answer(*, acting_user, transfer: TransferRequest, consents: bool, reason: str = "") -> TransferRequest:
    """The current employer answers; the law is applied again with the answer."""
    if not isinstance(consents, bool):
        raise TransferInvalid(fields={"consents": [_("Answer yes or no.")]})

    def answer(locked: TransferRequest) -> list[str]:
        locked.employer_consents, locked.consent_answered_at = consents, timezone.now()
        return ["employer_consents", "consent_answered_at", *_evaluate(locked)]

    def change_and_due(locked):
        names = answer(locked)
        locked.due_at, locked.escalated_at = due_for(T.REQUESTED, timezone.now()), None
        return [*names, "due_at", "escalated_at"]

    return lifecycle.transition(TRANSFER, transfer, "answer_consent", acting_user=acting_user, reason=(reason or "").strip(),
                                changes=change_and_due, detail={"consents": consents},
                                audit_detail={"reference": transfer.reference, "consents": consents})


def _may_accept(reason: str):
    def check(locked: TransferRequest) -> None:
        locked._law_fields = _evaluate(locked)
        if locked.allowed is False:
            raise TransferLawRefuses()
        if locked.allowed is None:
            if locked.needs_employer_consent and locked.employer_consents is None:
                raise TransferConsentPending()
            if not reason:  # the law as encoded does not settle it: the officer decides by hand, with a reason
                raise TransferInvalid(fields={"reason": [_("The law as encoded does not settle this request (see what "
                                                          "was not checked): give the reason for your decision.")]})
        if locked.ground == TransferGround.MUTUAL_AGREEMENT and locked.employer_consents is not True:
            raise TransferConsentPending(_("A mutual agreement needs the employer's consent first."))
    return check


def _accepted(acting_user, old_employment_ends: dt.date | None):
    def after(locked: TransferRequest) -> None:
        ends = old_employment_ends or locked.earliest_date or timezone.localdate()
        TransferRequest.objects.filter(pk=locked.pk).update(old_employment_ends=ends)
        locked.old_employment_ends = ends
        events.publish("transfer.accepted", pk=locked.pk, arrival_id=locked.arrival_id,
                       old_employer_id=locked.old_employer_id, new_employer_id=locked.new_employer_id,
                       end_date=ends.isoformat(), ground=locked.ground, actor_id=getattr(acting_user, "pk", None))
        _tell_origin(acting_user, locked, "accepted")
        _notify_worker(locked, "accepted")
    return after


def _refused(acting_user, reason: str, *, appealable: bool):
    def after(locked: TransferRequest) -> None:
        appeal_by = timezone.localdate() + dt.timedelta(days=limits()["appeal"]["days"]) if appealable else None
        TransferRequest.objects.filter(pk=locked.pk).update(appeal_by=appeal_by)
        locked.appeal_by = appeal_by
        events.publish("transfer.refused", pk=locked.pk, arrival_id=locked.arrival_id, ground=locked.ground,
                       appeal_by=appeal_by.isoformat() if appeal_by else None)
        _tell_origin(acting_user, locked, "refused", reason=reason)
        _notify_worker(locked, "refused", reason=reason, day=appeal_by.isoformat() if appeal_by else "-")
    return after


def _decided(acting_user, reason: str) -> dict:
    return {"decided_by": acting_user if getattr(acting_user, "is_authenticated", False) else None,
            "decided_at": timezone.now(), "status_reason": reason}


def _named_new_employer(job_order_reference: str) -> dict:
    """The new employer when it is known at the decision: its open job order here."""
    if not (job_order_reference or "").strip():
        return {}
    order = job_board().filter(reference=job_order_reference.strip(), country_id=node.identity().country).first()
    if order is None:
        raise NewEmploymentInvalid(fields={"job_order_reference": [_("No open job order with this reference here.")]})
    return {"new_employer": order.employer, "new_job_order": order}


def transfer_accept(*, acting_user, transfer: TransferRequest, reason: str = "", job_order_reference: str = "",
                    old_employment_ends: dt.date | None = None) -> TransferRequest:
    """The officer accepts what the law allows (or, where the law as encoded does not settle it, with a reason);
    the new employer's job order may be named now or at completion."""
    reason = (reason or "").strip()
    return _step(transfer, "accept", acting_user=acting_user, reason=reason,
                 changes={**_decided(acting_user, reason), **_named_new_employer(job_order_reference)},
                 check=_may_accept(reason), after=_accepted(acting_user, old_employment_ends))


def transfer_refuse(*, acting_user, transfer: TransferRequest, reason: str) -> TransferRequest:
    reason = _reason(reason)
    return _step(transfer, "refuse", acting_user=acting_user, reason=reason, changes=_decided(acting_user, reason),
                 after=_refused(acting_user, reason, appealable=True))


def transfer_appeal(*, acting_user, transfer: TransferRequest, reason: str) -> TransferRequest:
    """The worker (or someone for them) appeals a refusal within the time to appeal."""
    reason = _reason(reason)

    def in_time(locked: TransferRequest) -> None:
        if locked.appeal_by is None or timezone.localdate() > locked.appeal_by:
            raise TransferAppealLate()

    return _step(transfer, "appeal", acting_user=acting_user, reason=reason, check=in_time)


def transfer_reconsider(*, acting_user, transfer: TransferRequest, accept: bool, reason: str,
                        job_order_reference: str = "", old_employment_ends: dt.date | None = None) -> TransferRequest:
    """The appeal decided: accepted (on the same conditions as a first acceptance) or refused for good."""
    reason = _reason(reason)
    if accept:
        return _step(transfer, "reconsider", acting_user=acting_user, reason=reason, to_status=T.ACCEPTED,
                     changes={**_decided(acting_user, reason), **_named_new_employer(job_order_reference)}, check=_may_accept(reason),
                     after=_accepted(acting_user, old_employment_ends))
    return _step(transfer, "reconsider", acting_user=acting_user, reason=reason, to_status=T.REFUSED,
                 changes=_decided(acting_user, reason), after=_refused(acting_user, reason, appealable=False))


def transfer_withdraw(*, acting_user, transfer: TransferRequest, reason: str = "") -> TransferRequest:
    return _step(transfer, "withdraw", acting_user=acting_user, reason=(reason or "").strip())


def _new_contract(arrival: Arrival, *, document: dict | None, peer_contract_reference: str) -> dict:
    if peer_contract_reference:
        peer = (PeerContract.objects.filter(source_country=arrival.clearance.source_country,
                                            reference=peer_contract_reference.strip()).order_by("-version").first())
        if peer is None:
            raise NewEmploymentInvalid(fields={"peer_contract_reference": [_("No registered contract with this "
                                                                             "reference from the origin.")]})
        return peer.as_document()
    if not isinstance(document, dict):
        raise NewEmploymentInvalid(fields={"document": [_("Give the new contract (interchange JSON).")]})
    try:
        document_validate(document)
    except CorridorError as exc:
        raise NewEmploymentInvalid(fields=exc.fields) from exc
    return document


def new_employment_check(*, acting_user, transfer: TransferRequest, job_order_reference: str,
                         document: dict | None = None, peer_contract_reference: str = "") -> dict:
    """The new employer's open job order and a contract for it that passes the rules (no violation, nothing blocking
    left unchecked), for this worker. Returns what completion records; raises NewEmploymentInvalid."""
    order = job_board().filter(reference=(job_order_reference or "").strip(), country_id=node.identity().country).first()
    if order is None:
        raise NewEmploymentInvalid(fields={"job_order_reference": [_("No open job order with this reference here.")]})
    if transfer.old_employer_id is not None and order.employer_id == transfer.old_employer_id:
        raise NewEmploymentInvalid(fields={"job_order_reference": [_("The job order is the current employer's.")]})
    doc = _new_contract(transfer.arrival, document=document, peer_contract_reference=peer_contract_reference)
    problems = job_order_mismatches(order, doc)
    named = crypto.normalise_identifier((doc.get("employer") or {}).get("registration_number") or "")
    if named != order.employer.registration_key:
        problems["$.employer.registration_number"] = [_("The contract names another employer than the job order's.")]
    if problems:
        raise NewEmploymentInvalid(fields=problems)
    result, record = contract_check(acting_user=acting_user, doc=doc)
    violations = [f for f in result["findings"] if f["severity"] == "violation"]
    blocking = [n for n in result.get("not_checked", []) if n.get("blocking")]
    if violations or blocking:
        fields = {f"rule:{f.get('rule', '')}": [f.get("message", "")] for f in violations}
        fields.update({f"not_checked:{i}": [n.get("message", "")] for i, n in enumerate(blocking)})
        raise NewEmploymentInvalid(_("The new contract does not pass the check: %(n)s violation(s), %(b)s blocking "
                                     "item(s) not checked.") % {"n": len(violations), "b": len(blocking)}, fields=fields)
    terms = terms_of(doc)
    return {"order": order, "terms": terms, "document": interchange.canonical_json(terms).decode("utf-8"),
            "hash": interchange.content_hash(terms),
            "check": {"check_record_id": record.pk, "compliant": result["compliant"], "rulesets": result["rulesets"],
                      "violations": 0, "blocking_not_checked": 0}}


def transfer_complete(*, acting_user, transfer: TransferRequest, job_order_reference: str, document: dict | None = None,
                      peer_contract_reference: str = "", starts_on: dt.date | None = None) -> TransferRequest:
    """The new employment is in place: the contract checked, the worker's employment history moved on, the origin told."""
    lifecycle.check_permission(TRANSFER, "complete", acting_user, transfer)
    lifecycle.check_allowed(TRANSFER, transfer, "complete")  # before the check of the contract is recorded
    if not (job_order_reference or "").strip() and transfer.new_job_order_id is not None:
        job_order_reference = transfer.new_job_order.reference
    new = new_employment_check(acting_user=acting_user, transfer=transfer, job_order_reference=job_order_reference,
                               document=document, peer_contract_reference=peer_contract_reference)
    order = new["order"]
    starts_on = starts_on or timezone.localdate()

    def move(locked: TransferRequest) -> None:
        arrival = locked.arrival
        current = current_employment(arrival)
        if current is None:  # the first employment, as the clearance named it
            current = Employment.objects.create(arrival=arrival, employer=locked.old_employer,
                                                employer_name=locked.old_employer_name,
                                                contract_hash=arrival.clearance.content_hash, started_on=arrival.arrived_on)
        ended = min(locked.old_employment_ends or starts_on, starts_on)
        current.ended_on = max(ended, current.started_on)
        current.save(update_fields=["ended_on"])
        Employment.objects.create(arrival=arrival, employer=order.employer, employer_name=order.employer.name,
                                  job_order=order, contract_hash=new["hash"], started_on=starts_on, transfer=locked)
        contract = _register_new_contract(acting_user, locked, new)
        events.publish("transfer.completed", pk=locked.pk, arrival_id=arrival.pk, old_employer_id=locked.old_employer_id,
                       new_employer_id=order.employer_id, starts_on=starts_on.isoformat(),
                       contract_reference=contract.reference if contract is not None else None)
        _tell_origin(acting_user, locked, "completed")
        _notify_worker(locked, "completed", employer=order.employer.name)
        _notify_employers(locked, order, ended=current.ended_on, starts_on=starts_on, contract=contract)

    return _step(transfer, "complete", acting_user=acting_user, reason=_("New employment with %(employer)s from %(day)s.")
                 % {"employer": order.employer.name, "day": starts_on.isoformat()},
                 changes={"new_employer": order.employer, "new_job_order": order, "new_contract_document": new["document"],
                          "new_contract_hash": new["hash"], "new_contract_check": new["check"],
                          "completed_at": timezone.now()},
                 after=move, detail={"job_order": order.reference, "new_contract_hash": new["hash"]})


def _register_new_contract(acting_user, transfer: TransferRequest, new: dict):
    """The new contract registered in the contracts app (its public service), in the completion's transaction; its
    reference kept with the check on the transfer. A worker not yet linked to a person record here has no contract
    to register (the contracts app needs the worker): the check says so."""
    worker = transfer.arrival.worker
    if worker is None:
        new["check"]["contract_reference"] = None
        new["check"]["contract_not_registered"] = "worker_not_linked"
    else:
        contract = contract_register_transfer(acting_user=acting_user, worker=worker, doc=new["terms"],
                                              job_order=new["order"], transfer_reference=transfer.reference)
        new["check"]["contract_reference"] = contract.reference
    TransferRequest.objects.filter(pk=transfer.pk).update(new_contract_check=new["check"])
    transfer.new_contract_check = new["check"]
    return None if worker is None else contract


def _notify_employers(transfer: TransferRequest, order, *, ended: dt.date, starts_on: dt.date, contract) -> None:
    """The outcome to both employers' staff: the old one that the employment ended (its final settlement is due), the
    new one that the worker starts and under which contract. Neither message names the worker, nor links to the
    transfer's page (which the employers may not read)."""
    old = getattr(transfer.old_employer, "organisation", None)
    if old is not None:
        notifications.notification_send(kind="transfer.employer_left", message=NOTICES["employer_left"],
                                         params={"ref": transfer.reference, "day": ended.isoformat()},
                                         about=f"transfer:{transfer.reference}", organisation=old, role=Role.EMPLOYER_STAFF)
    new = order.employer.organisation
    if new is not None:
        notifications.notification_send(kind="transfer.employer_joined", message=NOTICES["employer_joined"],
                                         params={"ref": transfer.reference, "day": starts_on.isoformat(),
                                                 "order": order.reference,
                                                 "contract": contract.reference if contract is not None else "-"},
                                         about=f"transfer:{transfer.reference}", organisation=new, role=Role.EMPLOYER_STAFF)


def _tell_origin(acting_user, transfer: TransferRequest, outcome: str, *, reason: str = "") -> None:
    """`transfer.decided` to the origin node whose clearance the worker came on."""
    clearance = transfer.arrival.clearance
    body = {"clearance_reference": clearance.reference, "transfer_reference": transfer.reference, "outcome": outcome,
            "ground": transfer.ground, "law_allows": transfer.allowed, "law_version": transfer.law_version or None,
            "reason": reason[:2000], "old_employment_ends": (transfer.old_employment_ends.isoformat()
                                                             if transfer.old_employment_ends else None),
            "new_employer_name": transfer.new_employer.name if outcome == "completed" and transfer.new_employer else None,
            "at": timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")}
    _send(acting_user=acting_user, country=clearance.source_country, kind="transfer.decided", body=body,
          ordering_key=f"clearance:{clearance.reference}")


# --- time limits ---------------------------------------------------------------------------------------------------


def transfer_escalate_overdue(*, now: dt.datetime | None = None) -> list[TransferRequest]:
    """Every transfer past its step's time limit, not yet escalated, is escalated to the destination's officers."""
    now = now or timezone.now()
    overdue = (TransferRequest.objects.filter(due_at__lt=now, escalated_at__isnull=True, status__in=OPEN_TRANSFER)
               .order_by("due_at").values_list("pk", flat=True))
    escalated = []
    officers = list(User.objects.filter(role=Role.DESTINATION_OFFICER, is_active=True))
    for pk in list(overdue[:1000]):
        transfer = TransferRequest.objects.get(pk=pk)
        late = now - transfer.due_at
        transfer = _step(transfer, "escalate", acting_user=None,
                         reason=_("Missed the time limit of the step '%(step)s' by %(hours)d hours.")
                         % {"step": transfer.get_status_display(), "hours": late.total_seconds() // 3600},
                         changes={"escalated_at": now})
        notifications.notification_send(kind="transfer.escalated", message=NOTICES["escalated"],
                                        params={"ref": transfer.reference},
                                        link=reverse("clearance:transfer", args=[transfer.reference]),
                                        about=f"transfer:{transfer.reference}", users=officers)
        escalated.append(transfer)
    return escalated


# --- the worker's record ---------------------------------------------------------------------------------------------


def arrival_worker_link(*, acting_user, arrival: Arrival, worker=None, worker_id: int | None = None) -> Arrival:
    """The officer links the arrived worker to their person record here, so that they can sign in and ask themself."""
    require(acting_user, "arrival.record")
    if worker is None:
        worker = Worker.objects.filter(pk=worker_id).first()
        if worker is None:
            raise TransferInvalid(fields={"worker_id": [_("No such worker record.")]})
    with transaction.atomic():
        locked = Arrival.objects.select_for_update().get(pk=arrival.pk)
        locked.worker = worker
        locked.save(update_fields=["worker"])
        audit.record(actor=acting_user, action="arrival.worker_link", target=locked,
                     detail={"clearance": locked.clearance.reference, "worker": worker.pk})
    return locked


def stay_right_record(*, acting_user, arrival: Arrival, case_reference: str, reason: str) -> StayRight:
    """A worker pursuing a claim keeps a right to stay while it is open: recorded with its reason and the case."""
    require(acting_user, "stay.record")
    reason = _reason(reason)
    case_reference = (case_reference or "").strip()[:40]
    if not case_reference:
        raise TransferInvalid(fields={"case_reference": [_("Give the reference of the claim.")]})
    with transaction.atomic():
        Arrival.objects.select_for_update().get(pk=arrival.pk)
        if StayRight.objects.filter(arrival=arrival, case_reference=case_reference, ended_at__isnull=True).exists():
            raise StayRightOpen()
        stay = StayRight.objects.create(arrival=arrival, case_reference=case_reference, reason=reason,
                                        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
        audit.record(actor=acting_user, action="stay_right.record", target=stay, detail={"case": case_reference})
        if arrival.worker is not None:
            notifications.notification_send(kind="transfer.stay", message=NOTICES["stay"], params={"case": case_reference},
                                             link=reverse("clearance:my-transfer"), about=f"stay:{stay.pk}",
                                             worker=arrival.worker)
    return stay


def stay_right_end(*, acting_user, stay: StayRight, reason: str) -> StayRight:
    require(acting_user, "stay.record")
    reason = _reason(reason)
    with transaction.atomic():
        locked = StayRight.objects.select_for_update().get(pk=stay.pk)
        if locked.ended_at is None:
            locked.ended_at, locked.end_reason = timezone.now(), reason
            locked.save(update_fields=["ended_at", "end_reason"])
            audit.record(actor=acting_user, action="stay_right.end", target=locked, detail={"case": locked.case_reference})
    return locked


def stay_rights_end_for_case(*, case_reference: str, reason: str) -> int:
    """The claim is closed (cases' event): every right to stay recorded for it ends."""
    ended = 0
    for stay in StayRight.objects.filter(case_reference=case_reference, ended_at__isnull=True):
        stay_right_end(acting_user=None, stay=stay, reason=reason)
        ended += 1
    return ended


def visible(user, transfer: TransferRequest) -> bool:
    return transfer_visible_to(user, transfer)
