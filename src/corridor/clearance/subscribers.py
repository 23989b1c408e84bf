"""Red flags raised in other apps halt open and granted clearances: clearance subscribes to their domain events.

- the registry: a watchlist entry (ours or a peer's) naming an employer or an agency, a confirmed screening match,
  an agency's licence suspended, cancelled or banned, an employer whose verification is withdrawn;
- cases: an urgent complaint from a worker halts that worker's departure.
The welfare fund's membership (`welfare.membership_started`, with the clearance's reference) is recorded as the
welfare-fund fact that the clearance check reads: welfare sits above clearance, so it publishes and clearance records.
- the exchange: our `clearance.halted` message accepted by the destination's node (`exchange.message_delivered`)
  tells the origin officers that the destination has the halt.
- reintegration: a worker's return (`worker.returned`) closes the deployment (status `returned`).
Registered from ClearanceConfig.ready(); the registry and cases know nothing of clearance.
"""

import datetime as dt
import logging

from django.utils.translation import gettext as _

from corridor.accounts.selectors import event_actor
from corridor.clearance import services
from corridor.clearance.choices import FactKind
from corridor.clearance.lifecycles import CLEARANCE
from corridor.clearance.models import Clearance
from corridor.core import events
from corridor.registry import selectors as registry

logger = logging.getLogger(__name__)
SANCTIONED = {"suspended", "cancelled", "banned"}


def _halt(*, employer_id=None, agency_id=None, reason: str) -> None:
    """A red flag in the registry halts as the node (no officer of ours decided it), as the signals did."""
    actor = None
    if employer_id:
        employer = registry.employer_by_id(employer_id)
        if employer is not None:
            services.clearance_halt_for(employer=employer, reason=reason, acting_user=actor)
    if agency_id:
        agency = registry.agency_by_id(agency_id)
        if agency is not None:
            services.clearance_halt_for(agency=agency, reason=reason, acting_user=actor)


@events.subscriber("watchlist.entry_added")
def on_watchlist_entry(*, employer_id=None, agency_id=None, source_country="", reason="", **_payload) -> None:
    _halt(employer_id=employer_id, agency_id=agency_id,
          reason=_("Watchlist entry (%(source)s): %(reason)s") % {"source": source_country, "reason": reason})


@events.subscriber("screening.hit_recorded")
def on_screening_hit(*, status: str, entry_id: int, employer_id=None, agency_id=None, **_payload) -> None:
    entry = registry.watchlist_entry_by_id(entry_id)
    if status != "confirmed" or entry is None or not entry.is_active:
        return
    _halt(employer_id=employer_id, agency_id=agency_id,
          reason=_("Confirmed watchlist match: %(reason)s") % {"reason": entry.reason})


@events.subscriber("licence.transitioned")
def on_licence(*, pk: int, to_status: str, **_payload) -> None:
    licence = registry.licence_by_id(pk)
    if to_status not in SANCTIONED or licence is None:
        return
    _halt(agency_id=licence.agency_id,
          reason=_("The agency's licence is %(status)s: %(reason)s")
          % {"status": licence.get_status_display(), "reason": licence.status_reason or "-"})


@events.subscriber("employer.transitioned")
def on_employer(*, pk: int, to_status: str, **_payload) -> None:
    employer = registry.employer_by_id(pk)
    if to_status != "rejected" or employer is None:
        return
    _halt(employer_id=pk, reason=_("The employer's verification was withdrawn: %(note)s")
          % {"note": employer.verification_note or "-"})


@events.subscriber("case.marked_urgent")
def on_urgent_case(*, worker_id=None, reference: str = "", actor_id=None, **_payload) -> None:
    """An urgent complaint halts the complainant's departure clearance: nobody leaves into what it describes."""
    if not worker_id:
        return
    services.clearance_halt_for(worker=worker_id, acting_user=event_actor(actor_id),
                                reason=_("An urgent complaint from the worker (case %(ref)s).") % {"ref": reference})


@events.subscriber("welfare.membership_started")
def on_welfare_membership(*, reference: str, clearance_reference: str = "", ends_on: str | None = None, fund: str = "",
                          payer: str = "", actor_id=None, **_payload) -> None:
    """A fund membership started at clearance: it is the welfare-fund fact (paid or waived) the check reads."""
    if not clearance_reference:
        return
    clearance = Clearance.objects.filter(reference=clearance_reference).first()
    actor = event_actor(actor_id)
    if clearance is None or actor is None or "record_fact" not in CLEARANCE.allowed_from(clearance.status):
        logger.info("Welfare membership %s not recorded on clearance %s", reference, clearance_reference)
        return
    services.clearance_fact_record(acting_user=actor, clearance=clearance, kind=FactKind.WELFARE_FUND,
                                   document_reference=reference, valid_until=dt.date.fromisoformat(ends_on) if ends_on else None,
                                   note=f"{fund} ({payer})")


@events.subscriber("orientation.completed")
def on_orientation_completed(*, reference: str, worker_id: int, course: str = "", provider: str = "", licence: str = "",
                             hours: str = "", destination: str = "", completed_on: str = "", clearance_reference: str = "",
                             actor_id=None, **_payload) -> None:
    """A worker completed a licensed provider's orientation: it is the orientation fact the clearance check reads, on
    the worker's open applications (for the course's destination, when it has one), or on the one named."""
    actor = event_actor(actor_id)
    if actor is None:
        return
    open_ones = Clearance.objects.filter(worker_id=worker_id, status__in=["applied", "granted"])
    if clearance_reference:
        open_ones = open_ones.filter(reference=clearance_reference)
    if destination:
        open_ones = open_ones.filter(destination_id=destination)
    note = f"{course} ({provider}, licence {licence}), {hours} h, completed {completed_on}"
    for clearance in open_ones:
        if "record_fact" in CLEARANCE.allowed_from(clearance.status):
            services.clearance_fact_record(acting_user=actor, clearance=clearance, kind=FactKind.ORIENTATION,
                                           document_reference=reference, note=note)


@events.subscriber("case.resolved")
def on_case_resolved(*, reference: str = "", **_payload) -> None:
    """A claim that is resolved no longer holds a right to stay open (recorded with that case's reference)."""
    if reference:
        services.stay_rights_end_for_case(case_reference=reference,
                                          reason=_("The claim %(case)s is resolved.") % {"case": reference})


@events.subscriber("worker.returned")
def on_worker_returned(*, reference: str, clearance_reference: str = "", returned_on: str, **_payload) -> None:
    """Reintegration recorded the worker's return: the deployment (the clearance) is closed."""
    if clearance_reference:
        services.clearance_record_return(reference=clearance_reference, returned_on=dt.date.fromisoformat(returned_on),
                                         return_reference=reference)


@events.subscriber("exchange.message_delivered")
def on_message_delivered(*, kind: str, reference: str = "", peer: str = "", delivered_at: str = "", message_id: str = "",
                         **_payload) -> None:
    """The destination's node accepted our halt: a notice to the origin officers (other kinds are not ours here)."""
    if kind == "clearance.halted" and reference:
        services.halt_acknowledged_notify(reference=reference, peer=peer, delivered_at=delivered_at, message_id=message_id)
