"""The clearance app's lifecycles, declared once: clearance, substitution matter and transfer request (see
corridor.core.lifecycle)."""

from corridor.accounts.choices import Role
from corridor.clearance.choices import ClearanceStatus, MatterStatus, TransferStatus
from corridor.core.errors import TransitionNotAllowed
from corridor.core.lifecycle import Action, Lifecycle

C = ClearanceStatus
CLEARANCE = Lifecycle(
    name="clearance", model="clearance.Clearance", event_model="clearance.ClearanceEvent", statuses=ClearanceStatus,
    initial=C.APPLIED, terminal={C.REFUSED, C.HALTED, C.RETURNED}, not_allowed=TransitionNotAllowed,
    actions={
        "grant": Action(source={C.APPLIED}, target=C.GRANTED, permission="clearance.decide"),
        "refuse": Action(source={C.APPLIED}, target=C.REFUSED, permission="clearance.decide"),
        "halt": Action(source={C.APPLIED, C.GRANTED}, target=C.HALTED, permission="clearance.decide"),
        "depart": Action(source={C.GRANTED}, target=C.DEPARTED, permission="clearance.decide"),
        # The deployment ends: the worker's return, recorded by reintegration (`worker.returned`).
        "record_return": Action(source={C.GRANTED, C.DEPARTED}, target=C.RETURNED, permission="clearance.decide"),
        "record_fact": Action(source={C.APPLIED, C.GRANTED}, target=None, permission="clearance.record_fact"),
    },
)
# Statuses in which a clearance can still be halted by a red flag.
HALTABLE = tuple(sorted(CLEARANCE.actions["halt"].source))

M = MatterStatus
SUBSTITUTION_MATTER = Lifecycle(
    name="substitution_matter", model="clearance.SubstitutionMatter", event_model="clearance.SubstitutionMatterEvent",
    statuses=MatterStatus, initial=M.OPEN, terminal={M.CLOSED}, not_allowed=TransitionNotAllowed,
    actions={
        "review": Action(source={M.OPEN}, target=M.UNDER_REVIEW, permission="arrival.record"),
        "close": Action(source={M.OPEN, M.UNDER_REVIEW}, target=M.CLOSED, permission="arrival.record"),
    },
)

T = TransferStatus


def transfer_visible_to(user, transfer) -> bool:
    """Who may see (and so act on) one transfer request: officers and auditors all; the worker their own; a caseworker
    those their organisation filed; an attaché their nationals'; the current employer's staff only once the law's
    need for its consent has been put to it (never before)."""
    role = getattr(user, "role", None)
    if role in (Role.DESTINATION_OFFICER, Role.AUDITOR):
        return True
    if role == Role.WORKER:
        worker = transfer.arrival.worker
        return worker is not None and worker.user_id == user.pk
    if role == Role.CASEWORKER:
        return user.organisation_id is not None and transfer.requested_by_organisation_id == user.organisation_id
    if role == Role.CONSULAR_ATTACHE:
        return user.organisation is not None and transfer.arrival.clearance.nationality == user.organisation.country_id
    if role == Role.EMPLOYER_STAFF:
        return (transfer.consent_asked_at is not None and transfer.old_employer is not None
                and user.organisation_id is not None and transfer.old_employer.organisation_id == user.organisation_id)
    return False

# A worker's request to change employer (clearance/services/transfers.py). `escalate` keeps the status: it records
# that the step missed its time limit (clearance/data/transfer_limits.toml).
TRANSFER = Lifecycle(
    name="transfer_request", model="clearance.TransferRequest", event_model="clearance.TransferRequestEvent",
    statuses=TransferStatus, initial=T.REQUESTED, terminal={T.COMPLETED, T.WITHDRAWN}, not_allowed=TransitionNotAllowed,
    scope=transfer_visible_to,
    actions={
        "ask_consent": Action(source={T.REQUESTED}, target=T.CONSENT_ASKED, permission="transfer.decide"),
        "answer_consent": Action(source={T.CONSENT_ASKED}, target=T.REQUESTED, permission="transfer.answer"),
        "accept": Action(source={T.REQUESTED}, target=T.ACCEPTED, permission="transfer.decide"),
        "refuse": Action(source={T.REQUESTED, T.CONSENT_ASKED}, target=T.REFUSED, permission="transfer.decide"),
        "appeal": Action(source={T.REFUSED}, target=T.APPEALED, permission="transfer.request"),
        "reconsider": Action(source={T.APPEALED}, target={T.ACCEPTED, T.REFUSED}, permission="transfer.decide"),
        "complete": Action(source={T.ACCEPTED}, target=T.COMPLETED, permission="transfer.decide"),
        "withdraw": Action(source={T.REQUESTED, T.CONSENT_ASKED, T.APPEALED, T.REFUSED}, target=T.WITHDRAWN,
                           permission="transfer.request"),
        "escalate": Action(source={T.REQUESTED, T.CONSENT_ASKED, T.APPEALED, T.ACCEPTED}, target=None,
                           permission="transfer.decide"),
    },
)
