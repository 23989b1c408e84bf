"""This node's own watchlist entries go to the peers granted `watchlist.entry`, in the published form; a peer's are never
passed on; what is sent is what a receiving node applies."""

import pytest

from corridor.exchange.models import OutboundMessage, Peer, PeerGrant
from corridor.registry import services
from corridor.registry.models import WatchlistEntry
from tests.exchange.payloads import outbox_matches_spec, sent_bodies  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("outbox_matches_spec")]


@pytest.fixture
def sa_peer(db):
    peer = Peer.objects.create(country_id="SA", url="http://sa.invalid")
    PeerGrant.objects.create(peer=peer, direction="send", kind="watchlist.entry")
    return peer


def test_an_own_entry_is_sent_to_granted_peers_only(sa_peer, inspector):
    Peer.objects.create(country_id="NP", url="http://np.invalid")  # no grant: nothing goes there
    entry = services.watchlist_entry_add(acting_user=inspector, subject_kind="employer", name="Al Noor Home Services",
                                         country="SA", registration_number="1010777777", reason="Confiscated passports",
                                         evidence_reference="Case 17")
    message = OutboundMessage.objects.get()
    assert message.peer == sa_peer and message.kind == "watchlist.entry" and message.ordering_key == f"watchlist:{entry.pk}"
    [(_kind, body)] = sent_bodies()
    assert body["id"] == str(entry.pk) and body["registration_number"] == "1010777777" and body["lifted_at"] is None

    # What a receiving node does with it: kept as the sender's entry.
    received = services.watchlist_entry_receive(peer={"country": "PH", "key_id": "3f2a9c0d11b2e4f5"}, payload=body)
    assert received.pk != entry.pk and received.peer_entry_id == str(entry.pk) and received.source_country == "PH"


def test_a_peers_entry_is_not_passed_on(sa_peer):
    services.watchlist_entry_receive(peer={"country": "NP", "key_id": "0011223344556677"}, payload={
        "id": "9", "subject_kind": "agency", "name": "Everest Manpower", "starts_on": "2026-01-01", "reason": "Fees",
        "evidence_reference": "NP-DOFE-1"})
    assert WatchlistEntry.objects.count() == 1 and not OutboundMessage.objects.exists()
