"""Origin: what the destination reports back (arrivals, contracts checked on arrival)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.clearance.choices import (
    NoticeKind,
)
from corridor.clearance.errors import (
    PeerRecordInvalid,
)
from corridor.clearance.models import (
    Clearance,
    DestinationReport,
)
from corridor.clearance.services._common import _notify, _notify_officers
from corridor.core import audit, events


def _own_clearance(peer, reference: str) -> Clearance:
    clearance = Clearance.objects.filter(reference=str(reference or "")).first()
    if clearance is None or clearance.destination_id != peer.country_id:
        raise PeerRecordInvalid(_("No clearance %(ref)s for this destination.") % {"ref": reference})
    return clearance


def _reported_at(body) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(body.get("at", "")).replace("Z", "+00:00"))
    except ValueError:
        return timezone.now()


def arrival_report_receive(*, peer, body: dict) -> DestinationReport:
    """`arrival.recorded` from the destination: the worker arrived."""
    clearance = _own_clearance(peer, body.get("clearance_reference"))
    try:
        arrived_on = dt.date.fromisoformat(str(body.get("arrived_on")))
    except ValueError as exc:
        raise PeerRecordInvalid(fields={"arrived_on": [_("Not a date (YYYY-MM-DD).")]}) from exc
    report = DestinationReport.objects.create(clearance=clearance, kind="arrival.recorded", peer_country=peer.country_id,
                                              body=body, reported_at=_reported_at(body))
    Clearance.objects.filter(pk=clearance.pk).update(arrived_on=arrived_on)
    _notify_officers(clearance, NoticeKind.ARRIVED, day=arrived_on.isoformat())
    audit.record(actor=None, action="clearance.arrival_reported", target=clearance, detail={"peer": peer.country_id,
                                                                                             "arrived_on": arrived_on.isoformat()})
    return report


def contract_check_report_receive(*, peer, body: dict) -> DestinationReport:
    """`contract.checked` from the destination: the contract presented there, compared with ours."""
    clearance = _own_clearance(peer, body.get("clearance_reference"))
    substituted = bool(body.get("substituted"))
    changes = body.get("changes") if isinstance(body.get("changes"), list) else []
    report = DestinationReport.objects.create(clearance=clearance, kind="contract.checked", peer_country=peer.country_id,
                                              substituted=substituted, changes=changes, body=body,
                                              reported_at=_reported_at(body))
    if substituted:
        terms = ", ".join(str(c.get("term")) for c in changes if c.get("less_favourable") is True)
        _notify(clearance, NoticeKind.SUBSTITUTION, terms=terms)
        _notify_officers(clearance, NoticeKind.SUBSTITUTION,
                         count=str(sum(1 for c in changes if c.get("less_favourable") is True)))
    events.publish("clearance.contract_check_reported", pk=report.pk)  # counted by indicators
    audit.record(actor=None, action="clearance.contract_check_reported", target=clearance,
                 detail={"peer": peer.country_id, "substituted": substituted, "changes": len(changes)})
    return report


TRANSFER_OUTCOMES = ("accepted", "refused", "completed")


def transfer_decided_report_receive(*, peer, body: dict) -> DestinationReport:
    """`transfer.decided` from the destination: a change of employer of one of our workers was decided (or done)."""
    clearance = _own_clearance(peer, body.get("clearance_reference"))
    outcome = body.get("outcome")
    if outcome not in TRANSFER_OUTCOMES or not str(body.get("transfer_reference") or "").strip():
        raise PeerRecordInvalid(fields={"outcome": [_("Not a transfer decision.")]})
    report = DestinationReport.objects.create(clearance=clearance, kind="transfer.decided", peer_country=peer.country_id,
                                              body=body, reported_at=_reported_at(body))
    _notify(clearance, NoticeKind.TRANSFER, outcome=outcome)
    audit.record(actor=None, action="clearance.transfer_reported", target=clearance,
                 detail={"peer": peer.country_id, "transfer": body.get("transfer_reference"), "outcome": outcome})
    return report


def halt_acknowledged_notify(*, reference: str, peer: str, delivered_at: str, message_id: str = "") -> Clearance | None:
    """The destination's node accepted our `clearance.halted` message: the origin officers are told so, once.

    Called from the subscriber of `exchange.message_delivered`; the exchange publishes that event once per message
    it settles as accepted, and the event system runs this once per event, so each halt delivered is told once.
    """
    clearance = Clearance.objects.filter(reference=str(reference or "")).first()
    if clearance is None or clearance.destination_id != peer:
        return None
    try:
        day = dt.datetime.fromisoformat(str(delivered_at)).date()
    except ValueError:
        day = timezone.localdate()
    _notify_officers(clearance, NoticeKind.HALT_ACKNOWLEDGED, day=day.isoformat())
    audit.record(actor=None, action="clearance.halt_acknowledged", target=clearance,
                 detail={"peer": peer, "message_id": message_id, "delivered_at": str(delivered_at)})
    return clearance
