"""Refusals of the contracts services, each with a stable code (contracts/errors.py holds the parser's codes)."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, TransitionNotAllowed


class ContractInvalid(InvalidInput, code="contract.invalid",
                      message=_("The contract is not valid: each problem is listed by its place in the document.")):
    """The document breaks the interchange schema; `fields` maps each JSON path to what is wrong there."""


class ContractUnreadable(CorridorError, code="contract.invalid_json", status=400,
                         message=_("The contract could not be read as a JSON document.")):
    """Not JSON, not UTF-8, nested too deeply, a key twice, or not an object (code from contracts.errors)."""


class ContractTooLarge(CorridorError, code="contract.too_large", status=413,
                       message=_("The contract document is too large.")):
    ...


class ViolationsStand(TransitionNotAllowed, code="contract.violations_stand",
                      message=_("The contract cannot be approved while a violation stands; return it, or record an override.")):
    ...


class NotCheckedStands(TransitionNotAllowed, code="contract.not_checked_stands",
                       message=_("The contract cannot be approved while a blocking item was not checked; check it and return "
                                 "the contract, or record an override with the reason.")):
    ...


class OverrideSameOfficer(TransitionNotAllowed, code="contract.override_same_officer",
                          message=_("An override must be confirmed by a second origin officer, not the one who requested it.")):
    ...


class OverrideNotRequested(TransitionNotAllowed, code="contract.override_not_requested",
                           message=_("No override has been requested for this version.")):
    ...


class OverrideNotNeeded(TransitionNotAllowed, code="contract.override_not_needed",
                        message=_("The contract has no violation: approve it instead of overriding.")):
    ...


class ReasonRequired(InvalidInput, code="contract.reason_required", message=_("A reason is required.")):
    ...


class WrongWorker(InvalidInput, code="contract.wrong_worker",
                  message=_("Choose a worker your organisation has recorded.")):
    ...


class AmendmentPending(TransitionNotAllowed, code="contract.amendment_pending",
                       message=_("An amendment is already in progress for this contract.")):
    ...


class NothingChanged(InvalidInput, code="contract.nothing_changed",
                     message=_("The amendment is identical to the registered contract.")):
    ...


class JobOrderOtherAgency(InvalidInput, code="contract.job_order_other_agency",
                          message=_("Choose a job order placed through your own agency.")):
    ...


class JobOrderNotOpen(InvalidInput, code="contract.job_order_not_open",
                      message=_("The job order is not on the job board: it must be approved and open, its agency licensed "
                                "and its employer verified.")):
    ...


class JobOrderMismatch(InvalidInput, code="contract.job_order_mismatch",
                       message=_("The contract does not match the job order: see each difference below.")):
    """The contract's employer country or occupation is not the job order's; `fields` names which, by JSON path."""


class JobOrderFull(InvalidInput, code="contract.job_order_full",
                   message=_("The job order is full: every worker it asks for already has a contract under it.")):
    ...
