"""Stable error codes of the clearance app."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, TransitionNotAllowed


class ContractNotRegistered(InvalidInput, code="clearance.contract_not_registered",
                            message=_("Clearance is decided for a registered contract only.")):
    ...


class ClearancePending(CorridorError, code="clearance.already_open", status=409,
                       message=_("This contract already has a clearance that is open or granted.")):
    ...


class ChecksFailed(CorridorError, code="clearance.checks_failed", status=409,
                   message=_("Clearance cannot be granted while a check fails.")):
    ...


class ReasonRequired(InvalidInput, code="clearance.reason_required", message=_("Give the reason.")):
    ...


class NotHaltable(TransitionNotAllowed, code="clearance.not_haltable",
                  message=_("Only a clearance that is open or granted, before departure, can be halted.")):
    ...


class DepartureDateInvalid(InvalidInput, code="clearance.departure_date_invalid",
                           message=_("The departure date must be today or later.")):
    ...


class FactInvalid(InvalidInput, code="clearance.fact_invalid", message=_("The fact could not be recorded.")):
    ...


class PresentedInvalid(InvalidInput, code="clearance.presented_invalid",
                       message=_("The presented contract is not a valid contract document.")):
    ...


class AlreadyArrived(CorridorError, code="clearance.already_arrived", status=409,
                     message=_("The arrival of this worker is already recorded.")):
    ...


class PeerRecordInvalid(InvalidInput, code="clearance.peer_record_invalid",
                        message=_("The peer's message does not carry a valid signed record.")):
    ...


class WorkPermitTaken(CorridorError, code="clearance.work_permit_taken", status=409,
                      message=_("Another arriving worker has this work permit or labour card number.")):
    ...


class TransferOpen(CorridorError):
    code = "clearance.transfer_open"
    status = 409
    default_message = _("This worker already has a transfer request in progress.")


class TransferNotArrived(InvalidInput):
    code = "clearance.transfer_not_arrived"
    default_message = _("A transfer is asked for a worker whose arrival is recorded here.")


class TransferInvalid(InvalidInput):
    code = "clearance.transfer_invalid"
    default_message = _("The transfer request is not complete or not valid.")


class TransferLawRefuses(CorridorError):
    code = "clearance.transfer_law_refuses"
    status = 409
    default_message = _("The law does not let the worker move now; refuse it, or wait for the employer's answer.")


class TransferConsentPending(CorridorError):
    code = "clearance.transfer_consent_pending"
    status = 409
    default_message = _("The law needs the current employer's consent: ask for it first.")


class TransferAppealLate(CorridorError):
    code = "clearance.transfer_appeal_late"
    status = 409
    default_message = _("The time to appeal this refusal has passed.")


class NewEmploymentInvalid(InvalidInput):
    code = "clearance.new_employment_invalid"
    default_message = _("The new employment does not pass the check.")


class StayRightOpen(CorridorError):
    code = "clearance.stay_right_open"
    status = 409
    default_message = _("A right to stay is already recorded for this case.")


class ArrivalHalted(CorridorError, code="clearance.arrival_halted", status=409,
                    message=_("The origin halted this clearance: no arrival is recorded on it. If the worker is here, "
                              "open a case.")):
    ...
