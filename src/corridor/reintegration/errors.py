"""Stable error codes of the reintegration app."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, TransitionNotAllowed


class ReturnTransitionNotAllowed(TransitionNotAllowed, code="reintegration.return_transition_not_allowed",
                                 message=_("This action is not allowed in the return's current state.")):
    pass


class ProposalTransitionNotAllowed(TransitionNotAllowed, code="reintegration.proposal_transition_not_allowed",
                                   message=_("This action is not allowed in the proposal's current state.")):
    pass


class UnknownClearance(InvalidInput, code="reintegration.unknown_clearance",
                       message=_("No departure clearance of this node has this reference for you.")):
    pass


class ReturnDateInvalid(InvalidInput, code="reintegration.return_date_invalid",
                        message=_("The day of return cannot be in the future or before the departure.")):
    pass


class DebriefExists(CorridorError, code="reintegration.debrief_exists", status=409,
                    message=_("The debrief of this return was already given.")):
    pass


class AmountInvalid(InvalidInput, code="reintegration.amount_invalid",
                    message=_("Enter an amount of zero or more, with at most two decimals, and its currency.")):
    pass


class PlanExists(CorridorError, code="reintegration.plan_exists", status=409,
                 message=_("This return already has a reintegration plan.")):
    pass


class AlreadyReferred(CorridorError, code="reintegration.already_referred", status=409,
                      message=_("The worker is already referred to this service under this plan.")):
    pass


class FollowUpDone(CorridorError, code="reintegration.follow_up_done", status=409,
                   message=_("This follow-up's outcome was already recorded.")):
    pass


class NotSkillsService(InvalidInput, code="reintegration.not_skills_service",
                       message=_("A skills certificate is issued only under a referral to skills recognition.")):
    pass


class UnknownOccupation(InvalidInput, code="reintegration.unknown_occupation",
                        message=_("This is not an ISCO-08 occupation code.")):
    pass


class ScoreInvalid(InvalidInput, code="reintegration.score_invalid",
                   message=_("Give every published criterion a score between zero and its maximum.")):
    pass


class ReasonsRequired(InvalidInput, code="reintegration.reasons_required",
                      message=_("The committee's decision needs its reasons.")):
    pass


class PledgesIncomplete(CorridorError, code="reintegration.pledges_incomplete", status=409,
                        message=_("A tranche is paid only from money received: every pledge is not in yet.")):
    pass


class TrancheOutOfOrder(CorridorError, code="reintegration.tranche_out_of_order", status=409,
                        message=_("Tranches are disbursed in order, each against its milestone's evidence.")):
    pass


class TranchesExceedFunds(InvalidInput, code="reintegration.tranches_exceed_funds",
                          message=_("The tranches must add up exactly to the project's money.")):
    pass
