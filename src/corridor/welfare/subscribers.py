"""The welfare fund's reactions to other apps' domain events (registered from WelfareConfig.ready()).

- cases: a death or an injury recorded in a case opens a claim for the family (`case.death_or_injury_recorded`,
  payload `pk, worker_id, kind`; kind is "death", "accidental_death" or "injury");
- cases: a case asks for repatriation (`case.repatriation_requested`, payload `pk, reference, worker_id, reason`).
- inspection: an inspection finding of a death or injury (`inspection.death_or_injury_found`, payload `pk, worker_id`
  (or None when the inspector could not name the worker), `employer_id, kind`) prompts the same claim.
- inspection: publishes the event above from a finding of a death or an injury (inspection.services.finding_add).
- reintegration: a worker came home (`worker.returned`, payload `reference, clearance_reference, returned_on` (ISO
  date), `cause` (end_of_contract, exit, repatriation, transfer_abroad, other), extra keys ignored): the membership
  of that clearance records the return, its cover ends, and the fund's benefits on return are prompted.
The case events are published by cases (cases.services.welfare); nothing here imports cases or reintegration.
"""

import datetime as dt

from django.utils import timezone

from corridor.core import events
from corridor.welfare import selectors, services
from corridor.welfare.choices import MembershipStatus

# Which benefits the fund opens for the family, by what the case recorded (the first the fund's rules have).
PROMPTS = {
    "death": ("death_natural", "death"),
    "accidental_death": ("death_accidental", "death"),
    "injury": ("disability",),
}


def _covering(worker_id, on: dt.date):
    memberships = list(selectors.memberships_of_worker(worker_id))
    for membership in memberships:
        if membership.starts_on <= on <= membership.ends_on:
            return membership
    return next((m for m in memberships if m.status == MembershipStatus.ACTIVE), memberships[0] if memberships else None)


@events.subscriber("case.death_or_injury_recorded")
def on_death_or_injury(*, pk: int, worker_id=None, kind: str = "death", on: str | None = None, **_payload) -> None:
    _prompt(worker_id, kind, on, prompted_by=f"case:{pk}")


def _prompt(worker_id, kind: str, on: str | None, *, prompted_by: str) -> None:
    if not worker_id:
        return
    event_date = dt.date.fromisoformat(on) if on else timezone.localdate()
    membership = _covering(worker_id, event_date)
    if membership is None:
        return
    for benefit in PROMPTS.get(kind, ()):
        if services.claim_prompt(membership=membership, benefit=benefit, event_date=event_date,
                                 cause="total_permanent" if kind == "injury" else "",
                                 prompted_by=prompted_by) is not None:
            return


@events.subscriber("inspection.death_or_injury_found")
def on_inspection_finding(*, pk: int, worker_id=None, kind: str = "death", on: str | None = None, **_payload) -> None:
    """An inspection found that a worker died or was injured: the family's claim is prompted as for a case (once per
    finding). A finding that names no worker prompts nothing: the fund cannot know whose family to ask."""
    _prompt(worker_id, kind, on, prompted_by=f"inspection:{pk}")


@events.subscriber("case.repatriation_requested")
def on_repatriation_requested(*, pk: int, worker_id=None, reference: str = "", reason: str = "", **_payload) -> None:
    if not worker_id:
        return
    membership = _covering(worker_id, timezone.localdate())
    if membership is None:
        return
    services.repatriation_request(acting_user=None, membership=membership, case_reference=reference or f"case:{pk}",
                                  reason=reason or "Requested by a case.")


@events.subscriber("worker.returned")
def on_worker_returned(*, reference: str = "", clearance_reference: str = "", returned_on: str | None = None,
                       cause: str = "other", **_extra) -> None:
    """A worker came home: the membership of the clearance they left on records it (nothing when there is none)."""
    membership = selectors.membership_by_clearance(clearance_reference)
    if membership is None:
        return
    try:
        day = dt.date.fromisoformat(returned_on) if returned_on else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    services.membership_record_return(membership=membership, return_reference=reference, returned_on=day, cause=cause)
