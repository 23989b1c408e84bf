"""Repatriation: a case (urgent or trafficking) or an attaché asks the fund to bring a worker (or their remains)
home; the fund approves, pays the ticket, tells the destination node through the exchange (`welfare.repatriation`),
and records the return when the worker arrives."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.db import transaction
from django.utils import timezone

from corridor.core import audit, lifecycle
from corridor.core.errors import CorridorError, InvalidInput, NotFound
from corridor.core.lifecycle import require
from corridor.exchange import services as exchange
from corridor.exchange.choices import PeerStatus
from corridor.exchange.models import Peer
from corridor.welfare.choices import PostingKind
from corridor.welfare.funds import fund_version
from corridor.welfare.lifecycles import REPATRIATION
from corridor.welfare.models import Membership, PeerRepatriation, Repatriation
from corridor.welfare.scope import can_act_on_membership
from corridor.welfare.services import ledger

logger = logging.getLogger(__name__)
KIND = "welfare.repatriation"


def _message_body(repatriation: Repatriation) -> dict:
    """What the destination needs: who is leaving, when, and why (a case reference, never the case itself)."""
    worker = repatriation.membership.worker
    return {"reference": repatriation.reference, "status": repatriation.status,
            "worker_name": worker.full_name, "passport_last4": (worker.passport_number or "")[-4:],
            "remains": repatriation.remains, "case_reference": repatriation.case_reference,
            "travel_on": repatriation.travel_on.isoformat() if repatriation.travel_on else None,
            "returned_on": repatriation.returned_on.isoformat() if repatriation.returned_on else None}


def _tell_destination(repatriation: Repatriation, *, acting_user) -> bool:
    """Queue the message to the destination's peer in this transaction; False when there is no peer or no grant."""
    peer = Peer.objects.filter(country_id=repatriation.membership.destination, status=PeerStatus.ACTIVE).first()
    if peer is None:
        return False
    try:
        exchange.message_send(acting_user=acting_user, peer=peer, kind=KIND, body=_message_body(repatriation),
                              ordering_key=f"repatriation:{repatriation.reference}")
    except CorridorError as exc:
        logger.warning("Repatriation %s not told to %s: %s", repatriation.reference, peer.country_id, exc.code)
        return False
    return True


def repatriation_request(*, acting_user, membership: Membership, reason: str, case_reference: str = "",
                         remains: bool = False) -> Repatriation:
    require(acting_user, "welfare.repatriation_request")
    if acting_user is not None and not can_act_on_membership(acting_user, membership):
        raise NotFound()
    with transaction.atomic():
        repatriation = Repatriation.objects.create(
            reference=f"REP-{timezone.localdate().year}-{secrets.token_hex(5).upper()}", membership=membership,
            case_reference=(case_reference or "")[:40], remains=bool(remains), reason=(reason or "").strip()[:2000],
            requested_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
        lifecycle.event(REPATRIATION, repatriation, "request", acting_user=acting_user, to_status=repatriation.status,
                        detail={"case": case_reference})
        audit.record(actor=acting_user, action="repatriation.request", target=repatriation, to_state=repatriation.status,
                     detail={"case": case_reference, "remains": bool(remains)})
    return repatriation


def repatriation_approve(*, acting_user, repatriation: Repatriation, travel_on: dt.date | None = None,
                         reason: str = "") -> Repatriation:
    """Approve: the destination node is told (through the exchange) in the same transaction."""

    def changes(locked: Repatriation):
        locked.travel_on = travel_on
        return ["travel_on"]

    def after(locked: Repatriation):
        _tell_destination(locked, acting_user=acting_user)

    return lifecycle.transition(REPATRIATION, repatriation, "approve", acting_user=acting_user, reason=reason,
                                changes=changes, after=after)


def repatriation_refuse(*, acting_user, repatriation: Repatriation, reason: str) -> Repatriation:
    return lifecycle.transition(REPATRIATION, repatriation, "refuse", acting_user=acting_user, reason=reason or "")


def repatriation_pay(*, acting_user, repatriation: Repatriation, cost, currency: str, paid_on: dt.date | None = None,
                     reference: str = "", exchange_rate=None, rate_source: str = "") -> Repatriation:
    """Pay the ticket (posted: repatriation expense out of the bank; a ticket bought abroad with its rate)."""
    cost = ledger.money(cost)
    paid_on = paid_on or timezone.localdate()

    def changes(locked: Repatriation):
        fund = fund_version(locked.membership.fund, locked.membership.fund_version)
        in_fund, foreign = ledger.convert(fund, cost, currency, rate=exchange_rate, rate_source=rate_source)
        locked.cost = in_fund
        locked.posting = ledger.post(fund=fund, kind=PostingKind.REPATRIATION, posted_on=paid_on,
                                     acting_user=acting_user, description=f"Repatriation {locked.reference}",
                                     reference=reference, membership=locked.membership, foreign=foreign,
                                     legs=[("repatriation", in_fund), ("bank", -in_fund)], member_legs=("repatriation",))
        return ["cost", "posting"]

    return lifecycle.transition(REPATRIATION, repatriation, "pay", acting_user=acting_user, changes=changes)


def repatriation_record_return(*, acting_user, repatriation: Repatriation, returned_on: dt.date) -> Repatriation:
    """The worker arrived home: recorded, and the destination told."""

    def changes(locked: Repatriation):
        locked.returned_on = returned_on
        return ["returned_on"]

    def after(locked: Repatriation):
        _tell_destination(locked, acting_user=acting_user)

    return lifecycle.transition(REPATRIATION, repatriation, "record_return", acting_user=acting_user, changes=changes,
                                after=after, detail={"returned_on": returned_on.isoformat()})


def peer_repatriation_receive(*, peer, body: dict) -> PeerRepatriation:
    """On the destination: keep the origin's notice (the latest state wins; messages are ordered per repatriation)."""
    reference = str(body.get("reference") or "").strip()
    if not reference or len(reference) > 40:
        raise InvalidInput(fields={"reference": ["missing"]})
    with transaction.atomic():
        record, _created = PeerRepatriation.objects.update_or_create(
            source_country=peer.country_id, reference=reference, defaults={"body": body})
        audit.record(actor=None, action="repatriation.receive", target=record,
                     detail={"peer": peer.country_id, "status": body.get("status")})
    return record
