"""The `audit.anchor` kind: our anchors go to the peers granted them; a peer's are kept, checked and never overwritten."""

import pytest

from corridor.core import anchor, audit, crypto, signing
from corridor.core.models import AuditAnchor
from corridor.exchange import services
from corridor.exchange.models import OutboundMessage
from tests.exchange.payloads import outbox_matches_spec  # noqa: F401 - the bodies sent must match spec/exchange/kinds

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("outbox_matches_spec")]


@pytest.fixture(autouse=True)
def anchors_file(settings, tmp_path):
    settings.CORRIDOR_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")


def sa_anchor(key, seq, entry_hash="a" * 64, iss="SA"):
    header = {"alg": "EdDSA", "kid": crypto.key_id(key.public_key()), "typ": anchor.TYP}
    payload = {"v": 1, "iss": iss, "seq": seq, "hash": entry_hash, "at": "2026-12-01T00:00:00Z"}
    signing_input = crypto.b64url(signing.canonical_json(header)) + "." + crypto.b64url(signing.canonical_json(payload))
    return signing_input + "." + crypto.b64url(key.sign(signing_input.encode("ascii")))


def receive(token):
    return services.inbox_receive(tokens=[token], remote_address="192.0.2.1")[0]


def test_an_anchor_is_sent_to_the_peers_granted_it(peer, django_capture_on_commit_callbacks):
    audit.record(actor=None, action="test.write")
    with django_capture_on_commit_callbacks(execute=True):
        row = anchor.audit_anchor()
    assert not OutboundMessage.objects.filter(kind="audit.anchor").exists()  # not granted: nothing leaves
    services.peer_share(acting_user=None, peer="SA", direction="send", kinds=["audit.anchor"])
    audit.record(actor=None, action="test.write")
    with django_capture_on_commit_callbacks(execute=True):
        row = anchor.audit_anchor()
    message = OutboundMessage.objects.get(kind="audit.anchor")
    own = crypto.node_private_key().public_key()
    _header, payload = signing.jws_verify(message.token, {crypto.key_id(own): own})
    assert payload["body"] == {"token": row.token}


def test_a_peers_anchor_is_kept_only_when_accepted_and_genuine(peer, peer_key, from_peer):
    assert receive(from_peer(kind="audit.anchor", body={"token": sa_anchor(peer_key, 4)}))["code"] == "kind_not_accepted"
    services.peer_share(acting_user=None, peer="SA", direction="accept", kinds=["audit.anchor"])
    assert receive(from_peer(kind="audit.anchor", body={"token": sa_anchor(peer_key, 4)}))["status"] == "accepted"
    assert AuditAnchor.objects.get(issuer="SA").seq == 4
    contradiction = receive(from_peer(kind="audit.anchor", body={"token": sa_anchor(peer_key, 4, "b" * 64)}))
    assert (contradiction["status"], contradiction["code"]) == ("rejected", "anchor_invalid")
    for forged in (sa_anchor(peer_key, 5, iss="PH"), "not.a.token"):
        assert receive(from_peer(kind="audit.anchor", body={"token": forged}))["code"] == "anchor_invalid"
    assert list(AuditAnchor.objects.values_list("issuer", "seq", "entry_hash")) == [("SA", 4, "a" * 64)]


def test_a_peer_serves_back_what_it_holds_of_our_anchors(peer, peer_key, from_peer, client):
    services.peer_share(acting_user=None, peer="SA", direction="accept", kinds=["audit.anchor"])
    token = sa_anchor(peer_key, 7)
    receive(from_peer(kind="audit.anchor", body={"token": token}))
    assert client.get("/.well-known/corridor-audit-anchors.json?issuer=SA").json()["anchors"] == [token]
