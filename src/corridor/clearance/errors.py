"""Stable error codes of the clearance app."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, TransitionNotAllowed


class ContractNotRegistered(InvalidInput):
    code = "clearance.contract_not_registered"
    default_message = _("Clearance is decided for a registered contract only.")


class ClearancePending(CorridorError):
    code = "clearance.already_open"
    status = 409
    default_message = _("This contract already has a clearance that is open or granted.")


class ChecksFailed(CorridorError):
    code = "clearance.checks_failed"
    status = 409
    default_message = _("Clearance cannot be granted while a check fails.")


class ReasonRequired(InvalidInput):
    code = "clearance.reason_required"
    default_message = _("Give the reason.")


class NotHaltable(TransitionNotAllowed):
    code = "clearance.not_haltable"
    default_message = _("Only a clearance that is open or granted, before departure, can be halted.")


class DepartureDateInvalid(InvalidInput):
    code = "clearance.departure_date_invalid"
    default_message = _("The departure date must be today or later.")


class FactInvalid(InvalidInput):
    code = "clearance.fact_invalid"
    default_message = _("The fact could not be recorded.")


class PresentedInvalid(InvalidInput):
    code = "clearance.presented_invalid"
    default_message = _("The presented contract is not a valid contract document.")


class AlreadyArrived(CorridorError):
    code = "clearance.already_arrived"
    status = 409
    default_message = _("The arrival of this worker is already recorded.")


class ArrivalHalted(CorridorError):
    code = "clearance.arrival_halted"
    status = 409
    default_message = _("The origin halted this clearance: no arrival is recorded on it. If the worker is here, open a "
                        "case.")


class PeerRecordInvalid(InvalidInput):
    code = "clearance.peer_record_invalid"
    default_message = _("The peer's message does not carry a valid signed record.")
