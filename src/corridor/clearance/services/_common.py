"""Helpers shared by the services of clearance: the lifecycle step, notices, messages to the peer."""

from __future__ import annotations

import datetime as dt
import logging

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from corridor.accounts import selectors as account_selectors
from corridor.accounts.choices import Role
from corridor.clearance import checks
from corridor.clearance.choices import (
    ClearanceStatus,
    NoticeKind,
)
from corridor.clearance.errors import (
    NotHaltable,
    ReasonRequired,
)
from corridor.clearance.lifecycles import CLEARANCE
from corridor.clearance.models import (
    Clearance,
)
from corridor.core import lifecycle, notifications
from corridor.core.errors import CorridorError, NotFound, TransitionNotAllowed
from corridor.exchange import services as exchange
from corridor.exchange.choices import PeerStatus
from corridor.exchange.models import Peer

logger = logging.getLogger(__name__)


CONTRACT_TYP = "corridor-contract+jws"


# A certificate stays valid to the end of the departure-by day (UTC) and this long after, for late flights.
GRACE = dt.timedelta(days=1)


def _user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    return reason


def _lock(clearance: Clearance) -> Clearance:
    return Clearance.objects.select_for_update().get(pk=clearance.pk)


def _step(clearance: Clearance, action: str, *, acting_user, reason: str = "", detail: dict | None = None,
          changes=None, check=None, cascade: bool = False) -> Clearance:
    """One clearance transition through the lifecycle kit (clearance.lifecycles.CLEARANCE)."""
    return lifecycle.transition(
        CLEARANCE, clearance, action, acting_user=acting_user, reason=reason, changes=changes, check=check,
        event_fields={"effective_date": timezone.localdate()}, enforce_permission=not cascade,
        audit_detail={"reference": clearance.reference, "reason": reason, **(detail or {})})


NOTICE_MESSAGES = {  # the English message ids, rendered in each reader's language when read
    NoticeKind.GRANTED: gettext_noop("Clearance %(ref)s is granted; depart by %(day)s."),
    NoticeKind.REFUSED: gettext_noop("Clearance %(ref)s is refused: %(reason)s"),
    NoticeKind.HALTED: gettext_noop("Clearance %(ref)s is halted: %(reason)s"),
    NoticeKind.SUBSTITUTION: gettext_noop("The destination found a substituted contract: %(terms)s."),
    NoticeKind.TRANSFER: gettext_noop("The destination decided on the worker's change of employer (clearance %(ref)s): "
                                      "%(outcome)s."),
    NoticeKind.ARRIVED: gettext_noop("The destination recorded the arrival of clearance %(ref)s on %(day)s."),
}
OFFICER_NOTICES = {  # what an origin officer must act on, from the destination's reports
    NoticeKind.SUBSTITUTION: gettext_noop("Clearance %(ref)s: the destination reports a substituted contract "
                                          "(terms worse for the worker: %(count)s). Open the clearance and act."),
    NoticeKind.ARRIVED: gettext_noop("The destination recorded the arrival of clearance %(ref)s on %(day)s."),
    NoticeKind.HALT_ACKNOWLEDGED: gettext_noop("The destination's node has received the halt of clearance %(ref)s "
                                               "on %(day)s."),
}
# what a destination officer must act on, from the origin's messages
DESTINATION_NOTICES = {
    NoticeKind.HALT_RECEIVED: gettext_noop("The origin halted clearance %(ref)s (%(name)s): the worker may not be "
                                           "admitted on it. Open the arrival and act."),
}


def _notify_destination_officers(record, kind: str, **params) -> None:
    """A notice to every destination officer of this node about a clearance a peer issued (`PeerClearance`)."""
    notifications.notification_send(
        kind=f"clearance.{kind}", message=DESTINATION_NOTICES[kind],
        params={"ref": record.reference, "name": record.worker_name, **params},
        link=reverse("clearance:arrival", args=[record.pk]), about=f"peer_clearance:{record.pk}",
        users=list(account_selectors.active_users_with_role(Role.DESTINATION_OFFICER)))


def _notify(clearance: Clearance, kind: str, **params) -> None:
    """A notification to the worker and to the agency's staff, on their dashboards."""
    notifications.notification_send(
        kind=f"clearance.{kind}", message=NOTICE_MESSAGES[kind], params={"ref": clearance.reference, **params},
        link=reverse("clearance:detail", args=[clearance.reference]), about=f"clearance:{clearance.reference}",
        worker=clearance.worker, organisation=clearance.agency, role=Role.AGENCY_STAFF)


def _notify_officers(clearance: Clearance, kind: str, **params) -> None:
    """A notice to every origin officer of this node, on their dashboards (each reads it in their own language)."""
    notifications.notification_send(
        kind=f"clearance.{kind}", message=OFFICER_NOTICES[kind], params={"ref": clearance.reference, **params},
        link=reverse("clearance:detail", args=[clearance.reference]), about=f"clearance:{clearance.reference}",
        users=list(account_selectors.active_users_with_role(Role.ORIGIN_OFFICER)))


def _scope_check(user, clearance: Clearance) -> None:
    """Agency staff act only on their own agency's clearances (others' are 'not found')."""
    if user is not None and user.role == Role.AGENCY_STAFF and clearance.agency_id != user.organisation_id:
        raise NotFound()


def _send(*, acting_user, country: str, kind: str, body: dict, ordering_key: str):
    """Queue a message for the peer of `country`, in this transaction; nothing when there is no such peer or grant."""
    peer = Peer.objects.filter(country_id=country, status=PeerStatus.ACTIVE).first()
    if peer is None:
        return None
    try:
        return exchange.message_send(acting_user=acting_user, peer=peer, kind=kind, body=body, ordering_key=ordering_key)
    except CorridorError as exc:
        logger.warning("Not sent to %s: %s (%s)", country, kind, exc.code)
        return None


def _contract_registered_body(clearance: Clearance) -> dict | None:
    version = checks.registered_version(clearance.contract)
    if version is None:
        return None
    return {"reference": clearance.contract.reference, "version": version.number, "content_hash": version.content_hash,
            "signature": version.signature}


def _halt(clearance: Clearance, *, acting_user, reason: str, trigger: str) -> Clearance:
    try:
        clearance = _step(clearance, "halt", acting_user=acting_user, reason=reason, detail={"trigger": trigger},
                          changes={"status_reason": reason, "halted_at": timezone.now()}, cascade=trigger != "officer")
    except TransitionNotAllowed:
        raise NotHaltable() from None
    from_status = clearance.events.order_by("-created_at", "-id").values_list("from_status", flat=True).first()
    _notify(clearance, NoticeKind.HALTED, reason=reason)
    if from_status == ClearanceStatus.GRANTED:
        _send(acting_user=acting_user, country=clearance.destination_id, kind="clearance.halted",
              body={"reference": clearance.reference, "reason": reason,
                    "halted_at": clearance.halted_at.isoformat().replace("+00:00", "Z")},
              ordering_key=f"contract:{clearance.contract.reference}")
    return clearance
