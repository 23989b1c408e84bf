"""Stable error codes of the registry."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, NotFound, TransitionNotAllowed


class LicenceTransitionNotAllowed(TransitionNotAllowed, code="registry.licence_transition_not_allowed",
                                  message=_("This licence cannot take that step in its current state.")):
    ...


class AgencyBanned(TransitionNotAllowed, code="registry.agency_banned",
                   message=_("This agency is banned for good: it cannot apply, be licensed or be renewed.")):
    ...


class LicenceNotInForce(TransitionNotAllowed, code="registry.licence_not_in_force",
                        message=_("The agency has no licence in force today (applied, expired, suspended, cancelled or banned).")):
    ...


class DueProcessIncomplete(TransitionNotAllowed, code="registry.due_process_incomplete",
                           message=_("A sanction needs a notified charge, and the agency's answer or the end of its time to answer.")):
    ...


class EmployerNotVerified(TransitionNotAllowed, code="registry.employer_not_verified",
                          message=_("The employer is not verified.")):
    ...


class Watchlisted(TransitionNotAllowed, code="registry.watchlisted",
                  message=_("The employer or agency is on a watchlist.")):
    ...


class ScreeningPending(TransitionNotAllowed, code="registry.screening_pending",
                       message=_("A possible watchlist match is waiting for an officer's review.")):
    ...


class JobOrderTransitionNotAllowed(TransitionNotAllowed, code="registry.job_order_transition_not_allowed",
                                   message=_("This job order cannot take that step in its current state.")):
    ...


class EmployerTransitionNotAllowed(TransitionNotAllowed, code="registry.employer_transition_not_allowed",
                                   message=_("This employer cannot take that step in its current state.")):
    ...


class InvalidOfferedTerms(InvalidInput, code="registry.invalid_offered_terms",
                          message=_("The offered terms are not a valid contract interchange document.")):
    ...


class DuplicateRegistration(InvalidInput, code="registry.duplicate_registration",
                            message=_("A record with this registration number exists already.")):
    ...


class WatchlistAlreadyLifted(TransitionNotAllowed, code="registry.watchlist_already_lifted",
                             message=_("This watchlist entry has been lifted already.")):
    ...


class WatchlistPeerEntryUnknown(NotFound, code="registry.watchlist_peer_entry_unknown",
                                message=_("No watchlist entry with this id was received from this peer.")):
    ...


class HitAlreadyReviewed(TransitionNotAllowed, code="registry.hit_already_reviewed",
                         message=_("This possible match has been reviewed already.")):
    ...


class ImportFailed(CorridorError):
    code = "registry.import_failed"
    status = 422
    default_message = _("The file has errors; nothing was imported.")

    def __init__(self, errors: list[tuple[int, str, str]], **kwargs):
        self.errors = errors
        super().__init__(**kwargs)


class LicenceNumberInvalid(InvalidInput):
    code = "registry.licence_number_invalid"
    default_message = _("The licence number is not in the registry's format.")


class LicenceValidityOutOfBounds(InvalidInput):
    code = "registry.licence_validity_out_of_bounds"
    default_message = _("The licence's validity is outside the allowed bounds.")
