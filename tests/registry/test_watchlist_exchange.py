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


def own_entry(inspector):
    return services.watchlist_entry_add(acting_user=inspector, subject_kind="employer", name="Al Noor Home Services",
                                        country="SA", registration_number="1010777777", reason="Confiscated passports",
                                        evidence_reference="Case 17")


def test_lifting_an_own_entry_publishes_an_event_and_tells_each_granted_peer(sa_peer, inspector):
    from corridor.core import events

    np_peer = Peer.objects.create(country_id="NP", url="http://np.invalid")
    PeerGrant.objects.create(peer=np_peer, direction="send", kind="watchlist.lifted")
    PeerGrant.objects.create(peer=np_peer, direction="send", kind="watchlist.entry")
    Peer.objects.create(country_id="BD", url="http://bd.invalid")  # granted nothing: told nothing
    entry = own_entry(inspector)
    before = set(OutboundMessage.objects.values_list("pk", flat=True))
    assert len(before) == 2  # the entry itself went to SA and NP
    published = []
    events.subscriber("watchlist.entry_lifted")(record := lambda **payload: published.append(payload))
    try:
        lifted = services.watchlist_entry_lift(acting_user=inspector, entry=entry, reason="Wages paid in full")
    finally:
        events._subscribers["watchlist.entry_lifted"].remove(record)
    assert published == [{"pk": entry.pk, "lifted_at": lifted.lifted_at.isoformat().replace("+00:00", "Z"),
                          "reason": "Wages paid in full"}]

    lift_messages = OutboundMessage.objects.exclude(pk__in=before)
    by_peer = {m.peer.country_id: m.kind for m in lift_messages}
    assert {m.ordering_key for m in lift_messages} == {f"watchlist:{entry.pk}"}  # after the entry, never before it
    assert by_peer == {"NP": "watchlist.lifted", "SA": "watchlist.entry"}  # SA only knows the entry kind
    bodies = [body for kind, body in sent_bodies() if body.get("lifted_at")]
    lifted_body = next(b for b in bodies if set(b) == {"id", "lifted_at", "lift_reason"})
    assert lifted_body == {"id": str(entry.pk), "lifted_at": published[0]["lifted_at"], "lift_reason": "Wages paid in full"}
    entry_again = next(b for b in bodies if "subject_kind" in b)
    assert entry_again["lift_reason"] == "Wages paid in full"

    # What a receiving node does with it: the copy it holds is lifted, found by the sender's country and entry id.
    [(_k, first)] = [(k, b) for k, b in sent_bodies() if b.get("lifted_at") is None][:1]
    copy = services.watchlist_entry_receive(peer={"country": "PH", "key_id": "3f2a9c0d11b2e4f5"}, payload=first)
    assert copy.is_active
    received = services.watchlist_entry_receive_lift(peer={"country": "PH", "key_id": "90b1c4d2e3f4a5b6"}, payload=lifted_body)
    assert received.pk == copy.pk and received.lifted_at is not None and received.lift_reason == "Wages paid in full"
    assert not received.is_active


def test_a_peers_entry_lifted_here_is_not_passed_on(sa_peer):
    PeerGrant.objects.create(peer=sa_peer, direction="send", kind="watchlist.lifted")
    entry = services.watchlist_entry_receive(peer={"country": "NP", "key_id": "0011223344556677"}, payload={
        "id": "9", "subject_kind": "agency", "name": "Everest Manpower", "starts_on": "2026-01-01", "reason": "Fees",
        "evidence_reference": "NP-DOFE-1"})
    services.watchlist_entry_receive_lift(peer={"country": "NP"}, payload={
        "id": "9", "lifted_at": "2026-03-01T09:00:00Z", "lift_reason": "Fees refunded"})
    entry.refresh_from_db()
    assert entry.lifted_at is not None and not OutboundMessage.objects.exists()


def test_a_lifting_of_an_entry_never_received_changes_nothing():
    from corridor.registry.errors import WatchlistPeerEntryUnknown

    services.watchlist_entry_receive(peer={"country": "NP", "key_id": "0011223344556677"}, payload={
        "id": "9", "subject_kind": "agency", "name": "Everest Manpower", "starts_on": "2026-01-01", "reason": "Fees",
        "evidence_reference": "NP-DOFE-1"})
    with pytest.raises(WatchlistPeerEntryUnknown):  # another peer cannot lift NP's entry
        services.watchlist_entry_receive_lift(peer={"country": "SA"}, payload={
            "id": "9", "lifted_at": "2026-03-01T09:00:00Z", "lift_reason": "x"})
    from corridor.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        services.watchlist_entry_receive_lift(peer={"country": "NP"}, payload={"id": "9", "lifted_at": "soon", "lift_reason": "x"})
    assert WatchlistEntry.objects.get().lifted_at is None


def test_through_the_inbox_a_repeat_after_the_peers_key_rotation_updates_the_same_entry_and_a_lifting_applies():
    """The entry is the peer's by country and id: after SA rotates and retires its first key, a repeat signed with the
    new key is the same entry (not a duplicate), and `watchlist.lifted` signed with it lifts it."""
    import uuid
    from datetime import timedelta

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.utils import timezone

    from corridor.core import crypto
    from corridor.exchange import envelope
    from corridor.exchange import services as exchange
    from tests.exchange.conftest import sign_with

    first, second = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    exchange.peer_add(acting_user=None, country="SA", url="http://sa.example", jwks=[crypto.public_jwk(first.public_key())],
                      accept=["watchlist.entry", "watchlist.lifted"])
    body = {"id": "77", "subject_kind": "employer", "name": "Gulf Star Cleaning", "country": "SA",
            "registration_number": "1010555555", "starts_on": "2026-01-01", "reason": "Unpaid wages for four months",
            "evidence_reference": "SA-MHRSD-2026-77", "date_of_birth": None, "ends_on": None, "lifted_at": None}

    def send(key, kind, payload):
        token = sign_with(key, {
            "v": 1, "id": str(uuid.uuid4()), "kind": kind, "sender": {"country": "SA", "key_id": crypto.key_id(key.public_key())},
            "recipient": {"country": "PH"}, "created_at": envelope._iso(timezone.now() - timedelta(seconds=1)),
            "ordering_key": None, "sequence": None, "body": payload})
        return exchange.inbox_receive(tokens=[token], remote_address="127.0.0.1")[0]

    assert send(first, "watchlist.entry", body)["status"] == "accepted"
    exchange.peer_add(acting_user=None, country="SA", url="http://sa.example", jwks=[crypto.public_jwk(second.public_key())])
    exchange.peer_key_retire(acting_user=None, peer="SA", key_id=crypto.key_id(first.public_key()))
    assert send(second, "watchlist.entry", {**body, "reason": "Unpaid wages for five months"})["status"] == "accepted"
    entry = WatchlistEntry.objects.get()  # one entry, updated, not a duplicate
    assert entry.reason == "Unpaid wages for five months" and entry.source_country == "SA" and entry.peer_entry_id == "77"

    answer = send(second, "watchlist.lifted", {"id": "77", "lifted_at": "2026-05-01T08:00:00Z", "lift_reason": "Wages paid"})
    assert answer["status"] == "accepted", answer
    entry.refresh_from_db()
    assert entry.lift_reason == "Wages paid" and entry.lifted_at.isoformat().startswith("2026-05-01T08:00:00")
    unknown = send(second, "watchlist.lifted", {"id": "78", "lifted_at": "2026-05-01T08:00:00Z", "lift_reason": "x"})
    assert unknown["status"] == "rejected" and unknown["code"] == "registry.watchlist_peer_entry_unknown"
