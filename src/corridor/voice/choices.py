"""Kinds and statuses of the voice app: review stages, the parties a worker reviews, the fixed questions, comments and
applications."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# A party's reviews are published only when this many different workers have reviewed it, so that no reviewer
# can be guessed from a small number (docs/voice.md, "Publication threshold").
PUBLICATION_THRESHOLD = 5


class Stage(models.TextChoices):
    DEPARTURE = "departure", _("After departure")
    RETURN = "return", _("After return")


class PartyKind(models.TextChoices):
    AGENCY = "agency", _("Recruitment agency")
    SUBAGENT = "subagent", _("Sub-agent")
    EMPLOYER = "employer", _("Employer")


# The fixed questions: each is rated 1 (not at all) to 5 (fully), where 5 is always the good answer.
QUESTIONS = (
    ("no_fees", _("They did not ask me for any fee")),
    ("truthful", _("They told me the truth about the job")),
    ("contract_matched", _("The contract abroad matched the one I signed")),
    ("documents_kept", _("I kept my own passport and documents")),
    ("helped", _("They helped me when I was in trouble")),
)
QUESTION_KEYS = tuple(key for key, _label in QUESTIONS)
RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("Shown")
    HIDDEN = "hidden", _("Hidden by a moderator")


class HideReason(models.TextChoices):
    IDENTIFIES = "identifies", _("It identifies a person")
    ABUSIVE = "abusive", _("It is abusive")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Sent to the agency")
    WITHDRAWN = "withdrawn", _("Withdrawn by the worker")
