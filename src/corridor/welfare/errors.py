"""Stable error codes for the welfare fund."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, TransitionNotAllowed


class MembershipTransitionNotAllowed(TransitionNotAllowed):
    code = "welfare.membership_transition_not_allowed"
    default_message = _("This action is not allowed in the membership's current state.")


class ClaimTransitionNotAllowed(TransitionNotAllowed):
    code = "welfare.claim_transition_not_allowed"
    default_message = _("This action is not allowed in the claim's current state.")


class RepatriationTransitionNotAllowed(TransitionNotAllowed):
    code = "welfare.repatriation_transition_not_allowed"
    default_message = _("This action is not allowed in the repatriation's current state.")


class LoanTransitionNotAllowed(TransitionNotAllowed):
    code = "welfare.loan_transition_not_allowed"
    default_message = _("This action is not allowed in the loan's current state.")


class UnknownFund(InvalidInput):
    code = "welfare.unknown_fund"
    default_message = _("No welfare fund is configured for this country and date.")


class PayerNotAllowed(InvalidInput):
    code = "welfare.payer_not_allowed"
    default_message = _("The law puts this contribution on the employer: the worker may not be charged it.")


class ContributionWrong(InvalidInput):
    code = "welfare.contribution_wrong"
    default_message = _("The amount paid is not the contribution the fund's rules require.")


class AlreadyMember(CorridorError):
    code = "welfare.already_member"
    status = 409
    default_message = _("The worker already has a membership for this contract.")


class LedgerUnbalanced(InvalidInput):
    code = "welfare.ledger_unbalanced"
    default_message = _("A ledger transaction's legs must add up to zero in each currency.")


class ExchangeRateMissing(InvalidInput):
    code = "welfare.exchange_rate_missing"
    default_message = _("A payment in another currency needs the exchange rate used.")


class UnknownBenefit(InvalidInput):
    code = "welfare.unknown_benefit"
    default_message = _("The fund has no such benefit.")


class ClaimantNotAllowed(InvalidInput):
    code = "welfare.claimant_not_allowed"
    default_message = _("This benefit cannot be claimed by this person.")


class FourEyes(CorridorError):
    code = "welfare.four_eyes"
    status = 409
    default_message = _("Above the threshold, the approver must be another officer than the one who recommended.")


class NotEligible(CorridorError):
    code = "welfare.not_eligible"
    status = 409
    default_message = _("The claim is not eligible: it can only be rejected.")


class DocumentRejected(InvalidInput):
    code = "welfare.document_rejected"
    default_message = _("This file cannot be accepted: send a photo (JPEG, PNG) or a PDF, at most 5 MB.")


class AmountInvalid(InvalidInput):
    code = "welfare.amount_invalid"
    default_message = _("Enter a positive amount with at most two decimals.")


class RepaymentTooLarge(InvalidInput):
    code = "welfare.repayment_too_large"
    default_message = _("The repayment is more than what is owed.")
