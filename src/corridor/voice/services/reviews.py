"""Reviews: written by a worker about a party of their own deployment; comments hidden (never edited) by a
moderator with a reason; one public answer by the agency; the after-return review opened on the worker's return."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from corridor.cases import triage
from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit, events, lifecycle
from corridor.core.notifications import notification_send
from corridor.voice import errors, selectors
from corridor.voice.choices import QUESTION_KEYS, HideReason, PartyKind
from corridor.voice.lifecycles import REVIEW_COMMENT
from corridor.voice.models import ReturnOpening, Review, ReviewAnswer, ReviewComment

COMMENT_MAX = 4000


def _ratings(ratings: dict) -> dict[str, int]:
    clean, bad = {}, {}
    for key in QUESTION_KEYS:
        try:
            value = int(ratings.get(key))
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            bad[key] = [str(errors.BadRating.default_message)]
        clean[key] = value
    if bad:
        raise errors.BadRating(fields=bad)
    return clean


def crime_indicators(text: str, language: str = "") -> list[str]:
    """What the cases app's triage finds in a text (its one screening function): forced-labour indicators,
    trafficking, a child. Empty when nothing that may be a crime is described."""
    screen = triage.screen(grievances=[], answers={}, narrative=text, language=language)
    found = [str(i) for i in screen.indicators]
    if screen.trafficking_phrases:
        found.append("trafficking")
    if screen.child_evidence:
        found.append("child")
    return found


def review_write(*, acting_user, reference: str, stage: str, kind: str, party_id: int, ratings: dict,
                 comment: str = "", language: str = "") -> Review:
    """The worker's review of one party of their deployment at one stage; the comment screened by triage."""
    lifecycle.require(acting_user, "review.write", system=False)
    item = selectors.reviewable_get(user=acting_user, reference=reference, stage=stage, kind=kind, party_id=party_id)
    if item.reviewed:
        raise errors.AlreadyReviewed()
    clean = _ratings(ratings)
    text = (comment or "").strip()[:COMMENT_MAX]
    party = {f"{k}": None for k in ("agency", "subagent", "employer")}
    party[kind] = item.party
    try:
        with transaction.atomic():
            review = Review.objects.create(worker=acting_user.worker, clearance=item.clearance, stage=stage,
                                           party_kind=kind, **party, **clean)
            audit.record(actor=acting_user, action="review.write", target=review,
                         detail={"stage": stage, "party_kind": kind, "party_id": party_id})
            found = []
            if text:
                found = crime_indicators(text, language)
                note = ReviewComment.objects.create(review=review, text=text, language=(language or "")[:8],
                                                    indicators=found)
                lifecycle.create(REVIEW_COMMENT, note, "write", acting_user=acting_user,
                                 detail={"indicators": found})
            events.publish("review.written", pk=review.pk, party_kind=kind, party_id=party_id, stage=stage,
                           alleges_crime=bool(found))
    except IntegrityError as exc:
        raise errors.AlreadyReviewed() from exc
    return review


def comment_hide(*, acting_user, comment: ReviewComment, reason_code: str, note: str = "") -> ReviewComment:
    """Hide a comment that identifies someone or is abusive. Only the comment's status changes: its text is kept as
    written, and the review's ratings (another, append-only table) are untouched."""
    if reason_code not in HideReason.values:
        raise errors.ReasonNeeded(fields={"reason_code": [str(errors.ReasonNeeded.default_message)]})
    reason = f"{HideReason(reason_code).label}" + (f": {note.strip()[:500]}" if note and note.strip() else "")
    return lifecycle.transition(REVIEW_COMMENT, comment, "hide", acting_user=acting_user, reason=reason,
                                detail={"reason_code": reason_code})


def review_answer(*, acting_user, review_id: int, text: str) -> ReviewAnswer:
    """The reviewed agency's one public answer (a review of the agency or of one of its sub-agents, published)."""
    lifecycle.require(acting_user, "review.answer", system=False)
    review = selectors.answerable_review_get(user=acting_user, review_id=review_id)
    text = (text or "").strip()[:COMMENT_MAX]
    if not text:
        raise errors.EmptyAnswer(fields={"text": [str(errors.EmptyAnswer.default_message)]})
    agency = review.agency if review.party_kind == PartyKind.AGENCY else review.subagent.agency
    try:
        with transaction.atomic():
            if ReviewAnswer.objects.select_for_update().filter(review=review).exists():
                raise errors.AlreadyAnswered()
            answer = ReviewAnswer.objects.create(review=review, agency=agency, text=text, answered_by=acting_user)
            audit.record(actor=acting_user, action="review.answer", target=answer, detail={"review": review.pk})
    except IntegrityError as exc:
        raise errors.AlreadyAnswered() from exc
    return answer


def return_open(*, reference: str, clearance_reference: str, returned_on: str, cause: str = "") -> ReturnOpening | None:
    """The worker is home (reintegration's `worker.returned`): open the after-return review and tell the worker.
    Taken by the node itself; a return without a clearance of ours opens nothing; a second report changes nothing."""
    clearance = clearance_selectors.public_status(reference=clearance_reference) if clearance_reference else None
    if clearance is None or clearance.departed_at is None:
        return None
    try:
        day = dt.date.fromisoformat(returned_on)
    except (TypeError, ValueError):
        return None
    with transaction.atomic():
        opening, created = ReturnOpening.objects.get_or_create(
            clearance=clearance, defaults={"return_reference": (reference or "")[:40], "returned_on": day,
                                           "cause": (cause or "")[:40]})
        if created:
            audit.record(actor=None, action="review.return_opened", target=opening,
                         detail={"return": reference, "clearance": clearance.reference})
            notification_send(kind="voice.review_open", worker=clearance.worker, link=reverse("voice:reviews"),
                              about=f"clearance:{clearance.reference}",
                              message=gettext_noop("Welcome home. You can now review the agency and the employer of "
                                                   "your work abroad (%(ref)s): your review helps other workers."),
                              params={"ref": clearance.reference})
    return opening
