"""A worker's return home: recorded from the destination's `worker.returned` message, by an attaché or an officer,
from the welfare fund's repatriation, or by the worker on arrival. One return per deployment (clearance); it is
announced as `worker.returned`, on which the clearance app closes the deployment."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit, events, lifecycle
from corridor.core.errors import CorridorError, InvalidInput
from corridor.core.lifecycle import require
from corridor.exchange import services as exchange
from corridor.exchange.choices import PeerStatus
from corridor.exchange.models import Peer
from corridor.reintegration import errors
from corridor.reintegration.choices import ReturnCause, ReturnSource
from corridor.reintegration.lifecycles import RETURN
from corridor.reintegration.models import Exit, Return
from corridor.reintegration.services._common import new_reference, user_or_none

logger = logging.getLogger(__name__)
KIND = "worker.returned"


def _clearance_for(acting_user, reference: str):
    """The clearance this node granted with this reference, as `acting_user` may name it (a worker: their own; an
    attaché: one for the country of their post); None for no reference."""
    reference = (reference or "").strip()
    if not reference:
        return None
    clearance = clearance_selectors.public_status(reference=reference)
    user = user_or_none(acting_user)
    if clearance is None:
        raise errors.UnknownClearance(fields={"clearance_reference": [str(errors.UnknownClearance.default_message)]})
    if user is not None and user.role == Role.WORKER and clearance.worker.user_id != user.pk:
        raise errors.UnknownClearance(fields={"clearance_reference": [str(errors.UnknownClearance.default_message)]})
    if user is not None and user.role == Role.CONSULAR_ATTACHE:
        post = getattr(user.organisation, "post_country_id", None) if user.organisation_id else None
        if clearance.destination_id != post:
            raise errors.UnknownClearance(fields={"clearance_reference": [str(errors.UnknownClearance.default_message)]})
    return clearance


def return_record(*, acting_user, returned_on: dt.date, cause: str, source: str, clearance_reference: str = "",
                  worker=None, worker_name: str = "", destination: str = "", source_reference: str = "",
                  note: str = "") -> Return:
    """Record a return (or give back the one already recorded for this clearance: a second source of the same fact,
    say the destination's message after the repatriation, changes nothing)."""
    require(acting_user, "reintegration.return_record")
    if cause not in ReturnCause.values:
        raise InvalidInput(fields={"cause": ["unknown cause"]})
    if source not in ReturnSource.values:
        raise InvalidInput(fields={"source": ["unknown source"]})
    clearance = _clearance_for(acting_user, clearance_reference)
    user = user_or_none(acting_user)
    if clearance is not None:
        worker, destination = clearance.worker, clearance.destination_id
        worker_name = worker_name or clearance.worker.full_name
        departed = (clearance.departed_at or clearance.issued_at).date() if (clearance.departed_at or clearance.issued_at) else None
        if departed and returned_on < departed:
            raise errors.ReturnDateInvalid(fields={"returned_on": [str(errors.ReturnDateInvalid.default_message)]})
    elif user is not None and user.role == Role.WORKER:
        raise errors.UnknownClearance(fields={"clearance_reference": [str(errors.UnknownClearance.default_message)]})
    if returned_on > timezone.localdate():
        raise errors.ReturnDateInvalid(fields={"returned_on": [str(errors.ReturnDateInvalid.default_message)]})
    if worker is None and not (worker_name or "").strip():
        raise InvalidInput(fields={"worker_name": ["missing"]})
    with transaction.atomic():
        if clearance is not None:
            existing = Return.objects.select_for_update().filter(clearance_reference=clearance.reference).first()
            if existing is not None:
                audit.record(actor=acting_user, action="return.reported_again", target=existing,
                             detail={"source": source, "source_reference": source_reference[:80]})
                return existing
        record = Return.objects.create(
            reference=new_reference("RET"), worker=worker, worker_name=(worker_name or worker.full_name)[:200],
            clearance_reference=clearance.reference if clearance else "", destination=(destination or "").upper()[:2],
            returned_on=returned_on, cause=cause, source=source, source_reference=(source_reference or "")[:80],
            note=(note or "").strip()[:2000], recorded_by=user)
        lifecycle.create(RETURN, record, "record", acting_user=acting_user,
                         detail={"source": source, "cause": cause, "clearance": record.clearance_reference})
        events.publish("worker.returned", reference=record.reference, clearance_reference=record.clearance_reference,
                       returned_on=record.returned_on.isoformat(), cause=record.cause)
    return record


def return_close(*, acting_user, record: Return, reason: str = "") -> Return:
    return lifecycle.transition(RETURN, record, "close", acting_user=acting_user, reason=reason or "")


# --- through the exchange ----------------------------------------------------------------------------------------


def _parse_date(value, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError) as exc:
        raise InvalidInput(fields={field: ["not a date"]}) from exc


def peer_return_receive(*, peer, body: dict) -> Return:
    """Origin side: the destination says a worker it received on our clearance has left (`worker.returned`)."""
    reference = str(body.get("clearance_reference") or "").strip()
    clearance = clearance_selectors.public_status(reference=reference) if reference else None
    if clearance is None or clearance.destination_id != peer.country_id:
        raise InvalidInput(fields={"clearance_reference": ["not a clearance granted for this destination"]})
    cause = str(body.get("reason") or ReturnCause.OTHER)
    if cause not in ReturnCause.values:
        cause = ReturnCause.OTHER
    left_on = _parse_date(body.get("returned_on"), "returned_on")
    return return_record(acting_user=None, returned_on=min(left_on, timezone.localdate()), cause=cause,
                         source=ReturnSource.EXCHANGE, clearance_reference=clearance.reference,
                         worker_name=str(body.get("worker_name") or "")[:200], source_reference=f"{peer.country_id}:exit",
                         note=str(body.get("note") or "")[:2000])


def exit_report(*, acting_user, arrival, left_on: dt.date, cause: str) -> Exit:
    """Destination side: the officer records that a worker received on a peer's clearance left the country; the
    origin is told (`worker.returned`) in the same transaction."""
    require(acting_user, "reintegration.exit_report")
    if cause not in ReturnCause.values:
        raise InvalidInput(fields={"cause": ["unknown cause"]})
    if left_on > timezone.localdate() or left_on < arrival.arrived_on:
        raise errors.ReturnDateInvalid(fields={"left_on": [str(errors.ReturnDateInvalid.default_message)]})
    clearance = arrival.clearance
    with transaction.atomic():
        if Exit.objects.filter(arrival=arrival).exists():
            raise InvalidInput(fields={"arrival": ["this worker's exit is already recorded"]})
        record = Exit.objects.create(arrival=arrival, clearance_reference=clearance.reference, left_on=left_on,
                                     cause=cause, reported_by=user_or_none(acting_user))
        audit.record(actor=acting_user, action="exit.report", target=record,
                     detail={"clearance": clearance.reference, "left_on": left_on.isoformat(), "cause": cause})
        peer = Peer.objects.filter(country_id=clearance.source_country, status=PeerStatus.ACTIVE).first()
        if peer is not None:
            try:
                exchange.message_send(acting_user=acting_user, peer=peer, kind=KIND, ordering_key=f"clearance:{clearance.reference}",
                                      body={"clearance_reference": clearance.reference, "worker_name": clearance.worker_name,
                                            "returned_on": left_on.isoformat(), "reason": cause,
                                            "at": timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")})
            except CorridorError as exc:  # a peer not granted the kind: the exit stays recorded here
                logger.warning("%s not sent to %s: %s", KIND, peer.country_id, exc.code)
    return record
