"""Stable error codes of the voice app."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, NotFound, TransitionNotAllowed


class CommentTransitionNotAllowed(TransitionNotAllowed, code="voice.comment_transition_not_allowed",
                                  message=_("This comment is hidden already.")):
    pass


class ApplicationTransitionNotAllowed(TransitionNotAllowed, code="voice.application_transition_not_allowed",
                                      message=_("This application is not open any more.")):
    pass


class NotReviewable(NotFound, code="voice.not_reviewable",
                    message=_("You can review only an agency, sub-agent or employer of your own deployment, after you left.")):
    pass


class AlreadyReviewed(CorridorError, code="voice.already_reviewed", status=409,
                      message=_("You have already reviewed this party for this stage of your deployment.")):
    pass


class BadRating(InvalidInput, code="voice.bad_rating", message=_("Every question needs a rating from 1 to 5.")):
    pass


class ReasonNeeded(InvalidInput, code="voice.reason_needed",
                   message=_("Say why the comment is hidden: it identifies someone, or it is abusive.")):
    pass


class AlreadyAnswered(CorridorError, code="voice.already_answered", status=409,
                      message=_("The agency has answered this review already; an answer is given once.")):
    pass


class AnswerNotAllowed(NotFound, code="voice.answer_not_allowed",
                       message=_("Only the reviewed agency may answer, once the reviews are published.")):
    pass


class EmptyAnswer(InvalidInput, code="voice.empty_answer", message=_("Write the answer.")):
    pass


class JobNotOpen(NotFound, code="voice.job_not_open",
                 message=_("This job is not open for matching: it is not on the board, or its terms do not pass the check.")):
    pass


class AlreadyApplied(CorridorError, code="voice.already_applied", status=409,
                     message=_("You have applied to this job already.")):
    pass


class NoProfile(NotFound, code="voice.no_profile", message=_("Make your job profile first.")):
    pass


class ProfileInvalid(InvalidInput, code="voice.profile_invalid", message=_("Some fields of the profile are not valid.")):
    pass
