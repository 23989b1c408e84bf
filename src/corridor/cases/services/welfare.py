"""What a case tells the welfare fund: a worker's death or injury, and a request to bring the worker home.

No status changes: each is an audited write (an event in the case's log, an audit entry) that publishes a domain
event on commit (`case.death_or_injury_recorded`, `case.repatriation_requested`); the welfare app subscribes."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.cases.errors import CaseNotOpen, NoWorkerOnCase, RepatriationNotUrgent
from corridor.cases.models import Case, Complainant
from corridor.cases.scope import can_work
from corridor.cases.services._common import MAX_NARRATIVE, OPEN_STATUSES, _event, _lock
from corridor.core import audit, events
from corridor.core.errors import InvalidInput, NotFound

HARM_KINDS = ("death", "accidental_death", "injury")


def _worker_id(case: Case) -> int:
    worker_id = Complainant.objects.filter(case=case).values_list("worker_id", flat=True).first()
    if not worker_id:
        raise NoWorkerOnCase()
    return worker_id


def _guard(acting_user, case: Case) -> Case:
    if not can_work(acting_user, case):
        raise NotFound()
    locked = _lock(case)
    if locked.status not in OPEN_STATUSES:
        raise CaseNotOpen()
    return locked


def _is_trafficking(case: Case) -> bool:
    return "trafficking" in (case.urgent_reasons or "")


def may_tell_welfare(user, case: Case) -> bool:
    """Whether the case page offers the two acts (the services check the same, and more)."""
    return case.status in OPEN_STATUSES and can_work(user, case)


def may_request_repatriation(user, case: Case) -> bool:
    return may_tell_welfare(user, case) and (case.is_urgent or _is_trafficking(case))


def death_or_injury_record(*, acting_user, case: Case, kind: str, on: date, note: str = "") -> Case:
    """The caseworker or officer on the case records that the worker died or was injured (on a date)."""
    note = (note or "").strip()
    if kind not in HARM_KINDS:
        raise InvalidInput(fields={"kind": [_("Unknown choice.")]})
    if on is None or on > timezone.localdate():
        raise InvalidInput(fields={"on": [_("Give the date, not in the future.")]})
    if len(note) > MAX_NARRATIVE:
        raise InvalidInput(fields={"note": [_("Too long.")]})
    with transaction.atomic():
        locked = _guard(acting_user, case)
        worker_id = _worker_id(locked)
        _event(locked, acting_user, f"welfare_{kind}", locked.status, locked.status, reason=note, effective_date=on)
        audit.record(actor=acting_user, action="case.death_or_injury_record", target=locked,
                     detail={"reference": locked.reference, "kind": kind, "on": on.isoformat()})
        events.publish("case.death_or_injury_recorded", pk=locked.pk, worker_id=worker_id, kind=kind,
                       on=on.isoformat())
    return locked


def repatriation_request(*, acting_user, case: Case, reason: str) -> Case:
    """The caseworker or officer on an urgent (or trafficking) case asks the welfare fund to bring the worker home."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(fields={"reason": [_("Say why the worker must come home.")]})
    if len(reason) > MAX_NARRATIVE:
        raise InvalidInput(fields={"reason": [_("Too long.")]})
    with transaction.atomic():
        locked = _guard(acting_user, case)
        if not (locked.is_urgent or _is_trafficking(locked)):
            raise RepatriationNotUrgent()
        worker_id = _worker_id(locked)
        _event(locked, acting_user, "repatriation_request", locked.status, locked.status, reason=reason)
        audit.record(actor=acting_user, action="case.repatriation_request", target=locked,
                     detail={"reference": locked.reference})
        events.publish("case.repatriation_requested", pk=locked.pk, reference=locked.reference, worker_id=worker_id,
                       reason=reason)
    return locked
