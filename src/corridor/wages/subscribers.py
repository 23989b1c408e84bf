"""What the wages app does when other apps' facts arrive (domain events, docs/architecture.md)."""

import datetime as dt
import logging

from corridor.accounts.selectors import event_actor
from corridor.clearance import selectors as clearance_selectors
from corridor.core import events
from corridor.core.errors import CorridorError
from corridor.wages import services

logger = logging.getLogger(__name__)


@events.subscriber("transfer.accepted")
def on_transfer_accepted(*, pk: int, arrival_id: int, end_date: str, actor_id=None, **_payload) -> None:
    """A worker's change of employer is accepted: the final settlement with the old employer is computed from the
    destination's law at once, for the officer to confirm, so that nothing owed is dropped with the old job."""
    arrival = clearance_selectors.arrival_by_id(arrival_id)
    actor = event_actor(actor_id)
    if arrival is None or actor is None:
        logger.warning("Transfer %s accepted: no settlement computed (arrival or officer not found)", pk)
        return
    try:
        services.settlement_compute(acting_user=actor, arrival=arrival, end_date=dt.date.fromisoformat(end_date),
                                    end_reason="transfer")
    except CorridorError as exc:  # a refusal (no registered contract, a settlement already open) will not change
        logger.warning("Transfer %s accepted: the settlement was not computed (%s)", pk, exc.code)
