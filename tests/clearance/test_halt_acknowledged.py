"""The destination's node accepts our halt: the origin officers are told once, on their dashboards."""

import pytest

from corridor.accounts.choices import Role
from corridor.clearance import services
from corridor.core import notifications
from corridor.core.models import AuditEntry, DomainEvent, Notification
from corridor.exchange import services as exchange
from corridor.exchange.models import OutboundMessage, Peer, PeerGrant
from tests.conftest import verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def sa_peer(db):
    peer = Peer.objects.create(country_id="SA", url="http://sa.invalid")
    for kind in ("contract.registered", "clearance.granted", "clearance.halted"):
        PeerGrant.objects.create(peer=peer, direction="send", kind=kind)
    return peer


def accept(messages):
    """The peer's answer 'accepted' for each message, as outbox_deliver writes it."""
    return exchange.outbox_record(messages=messages, results=[{"id": str(m.id), "status": "accepted", "code": "applied"}
                                                             for m in messages])


def test_the_accepted_halt_tells_the_origin_officers_once(sa_peer, granted, officer, make_user, agency_user):
    other_officer = verified(make_user(Role.ORIGIN_OFFICER))
    inspector = verified(make_user(Role.DESTINATION_OFFICER))
    services.clearance_halt(acting_user=officer, clearance=granted, reason="Employer watchlisted")
    halt = OutboundMessage.objects.get(peer=sa_peer, kind="clearance.halted")
    others = list(OutboundMessage.objects.filter(peer=sa_peer).exclude(pk=halt.pk))

    unread = notifications.notification_unread_count(user=officer)
    accept([halt, *others])
    notices = Notification.objects.filter(kind="clearance.halt_acknowledged")
    assert sorted(n.recipient_id for n in notices) == sorted([officer.pk, other_officer.pk])
    notice = notices.get(recipient=officer)
    assert notice.about == f"clearance:{granted.reference}"
    assert granted.reference in notice.text and "has received the halt" in notice.text
    assert not Notification.objects.filter(kind="clearance.halt_acknowledged", recipient__in=[inspector, agency_user])
    assert AuditEntry.objects.filter(action="clearance.halt_acknowledged", object_id=str(granted.pk)).count() == 1

    accept([halt])  # the same acknowledgement processed again
    assert Notification.objects.filter(kind="clearance.halt_acknowledged").count() == 2
    assert DomainEvent.objects.filter(name="exchange.message_delivered").count() == 1
    assert notifications.notification_unread_count(user=officer) == unread + 1  # the dashboard's count, once


def test_a_rejected_or_deferred_halt_tells_nobody(sa_peer, granted, officer):
    services.clearance_halt(acting_user=officer, clearance=granted, reason="Employer watchlisted")
    halt = OutboundMessage.objects.get(peer=sa_peer, kind="clearance.halted")
    exchange.outbox_record(messages=[halt], results=None, error="connection refused")
    exchange.outbox_record(messages=[halt], results=[{"id": str(halt.id), "status": "rejected", "code": "not_shared"}])
    assert not Notification.objects.filter(kind="clearance.halt_acknowledged").exists()
