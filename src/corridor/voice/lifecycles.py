"""The voice app's lifecycles (corridor.core.lifecycle): a review's comment (shown, or hidden by a moderator with a
reason) and a worker's application. Ratings have no lifecycle: they are append-only and never hidden."""

from corridor.core.lifecycle import Action, Lifecycle
from corridor.voice import errors
from corridor.voice.choices import ApplicationStatus, CommentStatus


def _own_application(user, application) -> bool:
    worker = getattr(application, "worker", None)
    return worker is not None and worker.user_id == user.pk


C = CommentStatus
REVIEW_COMMENT = Lifecycle(
    name="review_comment", model="voice.ReviewComment", event_model="voice.ReviewCommentEvent", statuses=CommentStatus,
    initial=C.VISIBLE, terminal={C.HIDDEN}, not_allowed=errors.CommentTransitionNotAllowed,
    actions={
        "write": Action(source=(), target=C.VISIBLE, permission="review.write"),
        "hide": Action(source={C.VISIBLE}, target=C.HIDDEN, permission="review.moderate"),
    },
)

A = ApplicationStatus
APPLICATION = Lifecycle(
    name="application", model="voice.Application", event_model="voice.ApplicationEvent", statuses=ApplicationStatus,
    initial=A.SUBMITTED, terminal={A.WITHDRAWN}, not_allowed=errors.ApplicationTransitionNotAllowed,
    scope=_own_application,
    actions={
        "apply": Action(source=(), target=A.SUBMITTED, permission="application.create"),
        "withdraw": Action(source={A.SUBMITTED}, target=A.WITHDRAWN, permission="application.create"),
    },
)
