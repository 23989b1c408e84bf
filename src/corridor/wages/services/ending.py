"""When employment ends: the settlement computed when the registered contract's term has run out (`corridor wages
settle-due`), and every settlement still unpaid after the law's time to pay turned into the worker's case, with the
right to stay to pursue it. Exits and dismissals are recorded by the officer (`settlement_compute`); a change of
employer computes its own (wages/subscribers.py). Nothing owed is dropped silently: each skip is logged and counted.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit, events, lifecycle, notifications
from corridor.core.errors import CorridorError
from corridor.core.lifecycle import require as _require
from corridor.rules.lawdata import add_months
from corridor.wages.lifecycles import SETTLEMENT
from corridor.wages.models import Settlement
from corridor.wages.services.salaries import _terms_many, settlement_claimed, settlement_compute

logger = logging.getLogger(__name__)

OVERDUE_MESSAGE = gettext_noop("A final settlement of %(total)s %(currency)s was not paid by %(pay_by)s: the "
                               "worker's case is opened, with the right to stay to pursue it.")
OPEN = ("computed", "confirmed")


def contract_end(terms: dict | None) -> dt.date | None:
    """The last day of the registered contract: its start plus its length in months, less a day (None when the
    contract does not say)."""
    term = (terms or {}).get("term") or {}
    start, months = term.get("start_date"), term.get("duration_months")
    if not start or not months:
        return None
    try:
        return add_months(dt.date.fromisoformat(str(start)), int(months)) - dt.timedelta(days=1)
    except (TypeError, ValueError):
        return None


def pay_by(settlement: Settlement) -> dt.date:
    """The last day to pay the settlement: the law's (the unpaid wages line's `pay_by`, rules/settlement.toml), else
    the last day of employment itself."""
    for line in settlement.result.get("lines", []):
        day = (line.get("params") or {}).get("pay_by")
        if line.get("kind") == "unpaid_wages" and day:
            return dt.date.fromisoformat(day)
    return settlement.end_date


@dataclass
class Due:
    computed: list[Settlement] = field(default_factory=list)
    overdue: list[Settlement] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (arrival id, error code)


def settlements_due(*, acting_user, on: dt.date) -> Due:
    """Run daily (`corridor wages settle-due`): (1) every arrived worker whose registered contract ended before `on`
    and who has no settlement yet gets one computed (end reason `contract_end`), for the officer to confirm;
    (2) every settlement computed or confirmed, not paid by its last day to pay, opens the worker's case with the
    money owed and the right to stay (`wages.settlement_unpaid`, once)."""
    _require(acting_user, "wages.settle")
    due = Due()
    settled = set(Settlement.objects.values_list("arrival_id", flat=True))
    arrivals = [arrival for arrival in clearance_selectors.arrivals_arrived_by(on) if arrival.pk not in settled]
    terms_of = _terms_many(arrivals)
    for arrival in arrivals:
        end = contract_end(terms_of.get(arrival.pk))
        if end is None or end >= on:
            continue
        try:
            due.computed.append(settlement_compute(acting_user=acting_user, arrival=arrival, end_date=end,
                                                   end_reason="contract_end"))
        except CorridorError as exc:  # e.g. a wage per hour: the officer settles by hand; it is listed, not lost
            logger.warning("Contract of arrival %s ended on %s: no settlement computed (%s)", arrival.pk, end, exc.code)
            due.skipped.append((arrival.pk, exc.code))
    for settlement in Settlement.objects.filter(status__in=OPEN, overdue_at__isnull=True, total__gt=0).order_by("id"):
        if pay_by(settlement) < on:
            due.overdue.append(settlement_overdue(acting_user=acting_user, settlement=settlement))
    audit.record(actor=acting_user, action="wages.settle_due", target=None,
                 detail={"on": on.isoformat(), "computed": [s.pk for s in due.computed],
                         "overdue": [s.pk for s in due.overdue], "skipped": due.skipped})
    return due


def settlement_overdue(*, acting_user, settlement: Settlement) -> Settlement:
    """The settlement was not paid by the law's time: the worker's case gets the money owed and the right to stay
    (cases subscribes to `wages.settlement_unpaid`); the officer who computed it is told."""
    with transaction.atomic():
        locked = Settlement.objects.select_for_update().select_related("computed_by").get(pk=settlement.pk)
        if locked.overdue_at is not None or locked.status not in OPEN:
            return locked
        last_day = pay_by(locked)
        locked.overdue_at = timezone.now()
        locked.save(update_fields=["overdue_at"])
        lifecycle.event(SETTLEMENT, locked, "overdue", acting_user=acting_user, from_status=locked.status,
                        to_status=locked.status, reason=f"not paid by {last_day.isoformat()}",
                        detail={"pay_by": last_day.isoformat(), "outstanding": str(locked.total)})
        audit.record(actor=acting_user, action="settlement.overdue", target=locked,
                     detail={"pay_by": last_day.isoformat(), "outstanding": str(locked.total)})
        notifications.notification_send(
            kind="wages.settlement_overdue", message=OVERDUE_MESSAGE, link=reverse("wages:settlement", args=[locked.pk]),
            about=f"settlement:{locked.pk}", users=[locked.computed_by],
            params={"total": str(locked.total), "currency": locked.currency, "pay_by": last_day.isoformat()})
        events.publish("wages.settlement_unpaid", pk=locked.pk, arrival_id=locked.arrival_id,
                       employer_id=locked.employer_id, outstanding=str(locked.total),
                       claimed=str(settlement_claimed(locked)), currency=locked.currency, reason="overdue")
    return locked
