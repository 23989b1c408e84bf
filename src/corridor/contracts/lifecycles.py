"""The contracts app's lifecycle, declared once: a contract version (see corridor.core.lifecycle).

Events are ContractEvent rows on the contract, each naming its version: the log of a version is its events."""

from corridor.contracts.choices import VersionStatus
from corridor.core.errors import TransitionNotAllowed
from corridor.core.lifecycle import Action, Lifecycle

V = VersionStatus
CONTRACT = Lifecycle(
    name="contract", model="contracts.ContractVersion", event_model="contracts.ContractEvent", event_record_field="version",
    statuses=VersionStatus, initial=V.SUBMITTED, terminal={V.RETURNED, V.DECLINED, V.SUPERSEDED},
    not_allowed=TransitionNotAllowed,
    actions={
        # A version is created submitted: the first text, a correction of a returned contract, or an amendment of a
        # registered one (the registered version stays registered until the amendment supersedes it).
        "submit": Action(source=(), target=V.SUBMITTED, permission="contract.submit"),
        "resubmit": Action(source=(), target=V.SUBMITTED, permission="contract.submit"),
        "amend": Action(source=(), target=V.SUBMITTED, permission="contract.amend"),
        # Approval registers a first text at once; an amendment of a registered contract waits for the worker.
        "approve": Action(source={V.SUBMITTED}, target={V.REGISTERED, V.AWAITING_WORKER}, permission="contract.decide"),
        "return": Action(source={V.SUBMITTED}, target=V.RETURNED, permission="contract.decide"),
        "override_request": Action(source={V.SUBMITTED}, target=None, permission="contract.decide"),
        "override_confirm": Action(source={V.SUBMITTED}, target={V.REGISTERED, V.AWAITING_WORKER},
                                   permission="contract.decide"),
        "accept": Action(source={V.AWAITING_WORKER}, target=V.REGISTERED, permission="contract.accept_amendment"),
        "decline": Action(source={V.AWAITING_WORKER}, target=V.DECLINED, permission="contract.accept_amendment"),
        "supersede": Action(source={V.REGISTERED}, target=V.SUPERSEDED, permission="contract.amend"),
        # A destination's officer completed a worker's change of employer (clearance.transfer_complete): the new
        # employer's contract, checked there, is created and registered at once, with no agency submission to decide.
        "transfer_submit": Action(source=(), target=V.SUBMITTED, permission="contract.register_transfer"),
        "transfer_register": Action(source={V.SUBMITTED}, target=V.REGISTERED, permission="contract.register_transfer"),
    },
)
