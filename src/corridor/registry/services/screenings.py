"""Screening of names against the watchlists, and the review of hits."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core import audit
from corridor.core.lifecycle import require as _require
from corridor.registry import errors, screening
from corridor.registry.choices import (
    HitStatus,
)
from corridor.registry.models import (
    Agency,
    Employer,
    JobOrder,
    ScreeningHit,
    SubAgent,
)
from corridor.registry.services._common import _job_orders_delist_for, _publish_hit, _text, _user


def screen_subject(*, trigger: str, subject_kind: str, subject: screening.Subject, employer: Employer | None = None,
                   agency: Agency | None = None, subagent: SubAgent | None = None, job_order: JobOrder | None = None) -> dict:
    """Screen one party; a certain match is confirmed at once, a likely one waits in the review queue.

    A party's earlier review of the same entry stands: a dismissed match is not raised again.
    """
    owner = {"employer": employer, "agency": agency, "subagent": subagent}
    owner = {k: v for k, v in owner.items() if v is not None}
    candidates = screening.screen(subject)
    blocked = pending = 0
    with transaction.atomic():
        for candidate in candidates:
            earlier = ScreeningHit.objects.filter(entry_id=candidate.entry_id, **owner).first() if owner else None
            if earlier is not None:
                blocked += earlier.status == HitStatus.CONFIRMED
                pending += earlier.status == HitStatus.PENDING
                continue
            status = HitStatus.CONFIRMED if candidate.certain else HitStatus.PENDING
            hit = ScreeningHit.objects.create(
                entry_id=candidate.entry_id, trigger=trigger, subject_kind=subject_kind, subject_name=subject.name[:200],
                score=Decimal(str(candidate.score)), reasons=candidate.reasons, status=status, job_order=job_order,
                review_note=_("Certain match on identifiers.") if candidate.certain else "", **owner,
            )
            audit.record(actor=None, action="screening.hit", target=hit, to_state=status,
                         detail={"entry": candidate.entry_id, "score": candidate.score, "trigger": trigger})
            _publish_hit(hit)
            blocked += candidate.certain
            pending += not candidate.certain
    return {"blocked": blocked, "pending": pending, "candidates": candidates}


def screening_hit_review(*, acting_user, hit: ScreeningHit, confirm: bool, note: str) -> ScreeningHit:
    """An officer decides whether a possible match is the same party; a confirmed match delists its job orders."""
    _require(acting_user, "screening.review")
    note = _text(note, "note", _("The note"))
    with transaction.atomic():
        hit = ScreeningHit.objects.select_for_update().get(pk=hit.pk)
        if hit.status != HitStatus.PENDING:
            raise errors.HitAlreadyReviewed()
        hit.status = HitStatus.CONFIRMED if confirm else HitStatus.DISMISSED
        hit.reviewed_by = _user(acting_user)
        hit.reviewed_at = timezone.now()
        hit.review_note = note
        hit.save()
        audit.record(actor=acting_user, action="screening.review", target=hit, from_state=HitStatus.PENDING,
                     to_state=hit.status, detail={"note": note})
        _publish_hit(hit)
        if confirm:
            reason = _("Confirmed watchlist match: %(reason)s") % {"reason": hit.entry.reason}
            if hit.employer_id:
                _job_orders_delist_for(acting_user=acting_user, employer=hit.employer, reason=reason)
            if hit.agency_id:
                _job_orders_delist_for(acting_user=acting_user, agency=hit.agency, reason=reason)
    return hit
