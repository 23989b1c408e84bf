"""The closed lists a case is made of: grievances, parties, states, indicators, remedies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GrievanceType(models.TextChoices):
    UNPAID_WAGES = "unpaid_wages", _("Unpaid or underpaid wages")
    CONTRACT_SUBSTITUTION = "contract_substitution", _("Contract substitution")
    RECRUITMENT_FEES = "recruitment_fees", _("Recruitment fees charged")
    DOCUMENTS_TAKEN = "documents_taken", _("Identity documents taken")
    EXCESSIVE_HOURS = "excessive_hours", _("Excessive hours or no rest")
    UNSAFE_WORK = "unsafe_work", _("Unsafe work")
    VIOLENCE = "violence", _("Violence or harassment")
    CONFINEMENT = "confinement", _("Confinement")
    THREATS = "threats", _("Threats")
    DEBT = "debt", _("Debt")
    ABANDONMENT = "abandonment", _("Abandonment")
    UNFAIR_DISMISSAL = "unfair_dismissal", _("Unfair dismissal")
    OTHER = "other", _("Other")


class RespondentRole(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    PRINCIPAL_CONTRACTOR = "principal_contractor", _("Principal contractor")
    AGENCY = "agency", _("Recruitment agency")
    SUB_AGENT = "sub_agent", _("Sub-agent")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_PARTY = "awaiting_party", _("Awaiting the other party")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class Channel(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous, from the public pages")
    WORKER = "worker", _("Signed-in worker")
    STAFF = "staff", _("Filed by staff on the worker's behalf")
    REFERRAL = "referral", _("Referred by the peer node")


class Jurisdiction(models.TextChoices):
    ORIGIN = "origin", _("Origin (the worker's country)")
    DESTINATION = "destination", _("Destination (the country of work)")
    OTHER = "other", _("Neither")


class Indicator(models.TextChoices):
    """The ILO's eleven indicators of forced labour (ILO SAP-FL, 2012)."""

    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability", _("Abuse of vulnerability")
    DECEPTION = "deception", _("Deception")
    RESTRICTION_OF_MOVEMENT = "restriction_of_movement", _("Restriction of movement")
    ISOLATION = "isolation", _("Isolation")
    PHYSICAL_SEXUAL_VIOLENCE = "physical_sexual_violence", _("Physical and sexual violence")
    INTIMIDATION_THREATS = "intimidation_threats", _("Intimidation and threats")
    RETENTION_OF_DOCUMENTS = "retention_of_documents", _("Retention of identity documents")
    WITHHOLDING_OF_WAGES = "withholding_of_wages", _("Withholding of wages")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    ABUSIVE_CONDITIONS = "abusive_conditions", _("Abusive working and living conditions")
    EXCESSIVE_OVERTIME = "excessive_overtime", _("Excessive overtime")


class EvidenceSource(models.TextChoices):
    GRIEVANCE = "grievance", _("Grievance type")
    ANSWER = "answer", _("Answer to a question")
    NARRATIVE = "narrative", _("Phrase in the narrative")


class NoteVisibility(models.TextChoices):
    INTERNAL = "internal", _("Internal (staff only)")
    SHARED = "shared", _("Shared with the complainant")
    RESPONDENT = "respondent", _("Shared with the other party")


class NoteAuthorKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    COMPLAINANT = "complainant", _("Complainant")
    RESPONDENT = "respondent", _("Other party")
    SYSTEM = "system", _("System")


class NotificationKind(models.TextChoices):
    URGENT = "urgent", _("Urgent case")
    ESCALATION = "escalation", _("Missed time limit")
    REFERRAL = "referral", _("Referral received")
    ASSIGNED = "assigned", _("Case assigned")


class ClaimKind(models.TextChoices):
    WAGES = "wages", _("Unpaid wages")
    FEES = "fees", _("Recruitment fees to refund")
    DOCUMENTS = "documents", _("Identity documents to return")
    REPATRIATION = "repatriation", _("Repatriation costs")
    COMPENSATION = "compensation", _("Compensation")
    OTHER = "other", _("Other")


class LiabilityStatus(models.TextChoices):
    LIABLE = "liable", _("Liable next in the chain")
    CURRENT = "current", _("Asked to pay now")
    DEFAULTED = "defaulted", _("Did not pay")
    DISCHARGED = "discharged", _("Paid its part")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Sent, awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned")


class ReferralDirection(models.TextChoices):
    OUTGOING = "outgoing", _("Sent to the peer")
    INCOMING = "incoming", _("Received from the peer")


# Yes/no questions put to every complainant; each answer that points to an indicator is evidence.
class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("I don't know / prefer not to say")


class PassportHolder(models.TextChoices):
    SELF = "self", _("I keep it myself")
    EMPLOYER = "employer", _("My employer")
    AGENCY = "agency", _("The agency or a recruiter")
    OTHER = "other", _("Someone else")
    UNKNOWN = "unknown", _("I don't know / prefer not to say")
