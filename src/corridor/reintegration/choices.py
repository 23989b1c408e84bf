"""The reintegration app's vocabularies: why and how a worker came home, the debrief's answers, the services that
follow up and their outcomes, and the matching-fund programme's proposals, pledges and tranches."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReturnCause(models.TextChoices):
    END_OF_CONTRACT = "end_of_contract", _("End of contract")
    EXIT = "exit", _("Left the destination before the contract's end")
    REPATRIATION = "repatriation", _("Repatriated")
    TRANSFER_ABROAD = "transfer_abroad", _("Left for another country")
    OTHER = "other", _("Other")


class ReturnSource(models.TextChoices):
    EXCHANGE = "exchange", _("The destination's message")
    ATTACHE = "attache", _("A labour attaché")
    REPATRIATION = "repatriation", _("The welfare fund's repatriation")
    WORKER = "worker", _("The worker, on arrival")
    OFFICER = "officer", _("An officer")


class ReturnStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    SUPPORTED = "supported", _("Reintegration plan under way")
    CLOSED = "closed", _("Closed")


class PaidTo(models.TextChoices):
    NOBODY = "nobody", _("I paid nothing")
    AGENCY = "agency", _("The recruitment agency")
    SUB_AGENT = "sub_agent", _("A sub-agent or broker")
    EMPLOYER = "employer", _("The employer")
    OTHER = "other", _("Someone else")


class WagesReceived(models.TextChoices):
    AS_CONTRACT = "as_contract", _("As the contract said")
    LESS = "less", _("Less than the contract said")
    NOT_PAID = "not_paid", _("Months not paid at all")
    UNSURE = "unsure", _("I am not sure")


class DocumentsFate(models.TextChoices):
    KEPT = "kept", _("I kept my passport and documents")
    EMPLOYER = "employer", _("The employer kept them")
    AGENCY = "agency", _("The agency kept them")
    LOST = "lost", _("Lost or destroyed")
    OTHER = "other", _("Something else")


class WouldUseAgain(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure")


class ServiceKind(models.TextChoices):
    JOBS = "jobs", _("Jobs at home")
    SKILLS = "skills", _("Recognition of skills learnt abroad")
    TRAINING = "training", _("Training")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL = "legal", _("Legal help with claims still open abroad")
    BUSINESS = "business", _("Business start-up advice")
    LOAN = "loan", _("Loan from the welfare fund")


class FollowUpOutcome(models.TextChoices):
    EMPLOYED = "employed", _("In a job")
    SELF_EMPLOYED = "self_employed", _("Running a business")
    IN_TRAINING = "in_training", _("In training")
    CERTIFIED = "certified", _("Skills certified")
    HELPED = "helped", _("Helped, goal under way")
    NO_CHANGE = "no_change", _("No change yet")
    DROPPED = "dropped", _("Stopped using the service")
    NOT_REACHED = "not_reached", _("Could not be reached")


# The outcomes that count as the service having worked, on the office's report.
GOOD_OUTCOMES = frozenset({FollowUpOutcome.EMPLOYED, FollowUpOutcome.SELF_EMPLOYED, FollowUpOutcome.IN_TRAINING,
                           FollowUpOutcome.CERTIFIED, FollowUpOutcome.HELPED})
# Follow-ups after a referral, in months (issue 18: three, six and twelve).
FOLLOW_UP_MONTHS = (3, 6, 12)


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible, to be scored")
    INELIGIBLE = "ineligible", _("Not eligible")
    SCORED = "scored", _("Scored, for the committee")
    APPROVED = "approved", _("Approved: under way")
    REJECTED = "rejected", _("Rejected by the committee")
    COMPLETED = "completed", _("Completed")


class ProjectKind(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    PUBLIC_SERVICE = "public_service", _("Public services")
    JOBS = "jobs", _("Jobs and income")
    COMMUNITY = "community", _("Community and education")


class PledgeLevel(models.TextChoices):
    FEDERAL = "federal", _("National government")
    STATE = "state", _("State or provincial government")
    MUNICIPAL = "municipal", _("Municipal government")
    MIGRANTS = "migrants", _("The migrants' association")


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DISBURSED = "disbursed", _("Disbursed")
