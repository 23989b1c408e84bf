"""Stable error codes for cases."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, TransitionNotAllowed


class CaseTransitionNotAllowed(TransitionNotAllowed, code="cases.transition_not_allowed",
                               message=_("This action is not allowed in the case's current state.")):
    ...


class ReceiptCodeInvalid(CorridorError, code="cases.receipt_code_invalid", status=404,
                         message=_("No case matches this receipt code. Check the code and try again.")):
    ...


class ReceiptLookupThrottled(CorridorError, code="cases.receipt_lookup_throttled", status=429,
                             message=_("Too many wrong codes were tried. Wait a few minutes and try again.")):
    ...


class FollowUpExpired(CorridorError, code="cases.follow_up_expired", status=403,
                      message=_("This page has expired. Enter your receipt code again.")):
    ...


class EvidenceRejected(InvalidInput, code="cases.evidence_rejected",
                       message=_("This file cannot be accepted: send a photo (JPEG, PNG, WebP), a PDF or an audio recording.")):
    ...


class EvidenceTooLarge(InvalidInput, code="cases.evidence_too_large", message=_("This file is too large.")):
    ...


class NoJurisdiction(InvalidInput, code="cases.no_jurisdiction",
                     message=_("This node can take a complaint only from its own nationals or about work in its own country.")):
    ...


class NoTeam(CorridorError, code="cases.no_team", status=409,
             message=_("No office on this node can take this case yet.")):
    ...


class ConsentRequired(CorridorError, code="cases.consent_required", status=409,
                      message=_("The complainant has not agreed to this.")):
    ...


class ReferralNotAllowed(CorridorError, code="cases.referral_not_allowed", status=409,
                         message=_("This referral cannot be made or answered now.")):
    ...


class ClaimError(InvalidInput, code="cases.claim_invalid", message=_("This claim or payment is not valid.")):
    ...


class OfficerNotInTeam(InvalidInput, code="cases.officer_not_in_team",
                       message=_("The officer must be a member of the team the case is assigned to.")):
    ...


class CaseNotOpen(CorridorError, code="cases.case_not_open", status=409,
                  message=_("This case is closed or resolved: reopen it first.")):
    ...


class NoWorkerOnCase(CorridorError, code="cases.no_worker", status=409,
                     message=_("No registered worker is linked to this case, so the welfare fund cannot be told.")):
    ...


class RepatriationNotUrgent(CorridorError, code="cases.repatriation_not_urgent", status=409,
                            message=_("Repatriation can be requested from urgent or trafficking cases only.")):
    ...
