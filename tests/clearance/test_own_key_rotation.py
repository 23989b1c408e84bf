"""The node rotates its OWN signing key (spec/exchange/v1/README.md, section 4; core/node_keys.py): what it signed
before (certificates, contracts, revocation lists, audit anchors, messages) still verifies against its published
keys, new signatures carry the new kid, a peer that re-reads the document accepts the new key, retirement is
refused while the key still vouches for a valid certificate, and each step is audited."""

import datetime as dt
import json
import shutil
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from joserfc import jws
from joserfc.jwk import OKPKey

from corridor.clearance import certificate, verifier
from corridor.clearance.services import CONTRACT_TYP
from corridor.core import anchor, crypto, node, node_keys, secrets, signing
from corridor.core.models import AuditEntry
from corridor.exchange import envelope
from tests.protocol_peer import peer as standalone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_data_dir(settings, tmp_path):
    """A data directory of this test's own, so that rotating does not change the key of the rest of the suite."""
    shutil.copy(settings.DATA_DIR / secrets.SIGNING_KEY_FILE, tmp_path / secrets.SIGNING_KEY_FILE)
    settings.DATA_DIR = tmp_path
    crypto.reset_caches()
    yield tmp_path
    crypto.reset_caches()


def kid_of(token: str) -> str:
    return signing.jws_header(token)["kid"]


def message() -> str:
    return envelope.sign(envelope.build(message_id=uuid.uuid4(), kind="ping", recipient="PH",
                                        created_at=timezone.now(), body={}))


def peer_keys_from_document() -> dict:
    """What a peer holds after fetching our document (the standalone peer's own key store)."""
    me = node.identity().country
    return {standalone.kid_of(k): (me, k) for k in map(standalone.key_from_jwk, node.public_document()["keys"])}


def test_what_was_signed_before_a_rotation_still_verifies_and_new_signatures_carry_the_new_kid(granted, client):
    old_kid = crypto.key_id(crypto.node_private_key().public_key())
    contract = signing.jws_sign({"reference": "X-CTR-1", "content_hash": "0" * 64}, typ=CONTRACT_TYP)
    revocations = signing.jws_sign(certificate.revocations_payload(issuer=node.identity().country,
                                                                  issued_at=timezone.now(), halted=[]),
                                   typ=certificate.REVOCATIONS_TYP)
    old_message = message()
    old_anchor = anchor.audit_anchor()
    assert {kid_of(t) for t in (granted.token, contract, revocations, old_message, old_anchor.token)} == {old_kid}
    peer_before = peer_keys_from_document()

    old, new = node_keys.own_key_rotate()
    assert old == old_kid and new != old
    assert crypto.key_id(crypto.node_private_key().public_key()) == new  # a running process sees the new key

    document = client.get("/.well-known/corridor-node.json").json()
    assert [(k["kid"], k["status"]) for k in document["keys"]] == [(new, "signing"), (old, "verify")]
    kept = [p for p in crypto.signing_key_path().parent.iterdir() if "PRIVATE KEY" in p.read_text()]
    assert kept == [crypto.signing_key_path()]  # the old private key is gone; only the signing key is kept
    published = certificate.keys_from_jwks(document)

    # the old certificate: on this node, with the document's keys, and with a third-party JOSE library
    assert verifier.verify_here(granted.token).status == certificate.VALID
    assert certificate.verify(granted.token, published, issuer=node.identity().country,
                              issuer_url=node.identity().url).signature_valid
    old_jwk = next(k for k in document["keys"] if k["kid"] == old)
    jws.deserialize_compact(granted.token, OKPKey.import_key(old_jwk), algorithms=["EdDSA"])
    # the contract, the revocation list, the anchor and the message signed before
    assert signing.jws_verify(contract, published, typ=CONTRACT_TYP)[1]["reference"] == "X-CTR-1"
    assert certificate.revocations_verify(revocations, published).issuer == node.identity().country
    assert anchor.parse(old_anchor.token, anchor.own_keys(), issuer=node.identity().country).seq == old_anchor.seq
    standalone.check_envelope(old_message, peer_keys_from_document(), "PH", dt.datetime.now(dt.UTC))

    # new signatures carry the new kid
    new_message = message()
    assert json.loads(crypto.b64url_decode(new_message.split(".")[1]))["sender"]["key_id"] == new
    assert kid_of(new_message) == new
    assert kid_of(signing.jws_sign({"a": 1}, typ=CONTRACT_TYP)) == new
    new_anchor = anchor.audit_anchor()
    assert new_anchor is not None and new_anchor.key_id == new
    assert anchor.verify().ok

    # a peer refuses the new key until it has fetched the document again, then accepts it
    with pytest.raises(standalone.Refused) as refused:
        standalone.check_envelope(new_message, peer_before, "PH", dt.datetime.now(dt.UTC))
    assert refused.value.code == "unknown_sender"
    assert standalone.check_envelope(new_message, peer_keys_from_document(), "PH", dt.datetime.now(dt.UTC))["id"]

    entry = AuditEntry.objects.get(action="node.key_rotated")
    assert (entry.from_state, entry.to_state) == (old, new)


def test_a_new_certificate_carries_the_new_kid(make_clearance, officer):
    from corridor.clearance import services

    _old, new = node_keys.own_key_rotate()
    granted = services.clearance_grant(acting_user=officer, clearance=make_clearance())
    assert kid_of(granted.token) == new and granted.key_id == new
    assert verifier.verify_here(granted.token).status == certificate.VALID


def test_retirement_is_refused_while_a_valid_certificate_rests_on_the_key_then_allowed_when_compromised(granted):
    old, new = node_keys.own_key_rotate()
    with pytest.raises(node_keys.KeyInUse) as info:
        node_keys.own_key_retire(key_id=old)
    assert info.value.uses == {"valid certificates": 1}
    with pytest.raises(CommandError, match="valid certificates"):
        call_command("keys", "signing-retire", old)
    assert old in crypto.node_public_keys()
    with pytest.raises(ValueError, match="signs with now"):
        node_keys.own_key_retire(key_id=new)
    with pytest.raises(ValueError, match="earlier keys"):
        node_keys.own_key_retire(key_id="0" * 16)

    assert node_keys.own_key_retire(key_id=old, compromised=True) == {"valid certificates": 1}
    assert list(crypto.node_public_keys()) == [new]
    assert verifier.verify_here(granted.token).status == certificate.INVALID  # it must be re-issued
    entry = AuditEntry.objects.get(action="node.key_retired")
    assert entry.object_id == old and entry.detail["compromised"] is True


def test_rotation_and_retirement_of_an_unused_key_through_the_command(capsys):
    call_command("keys", "signing-rotate")
    call_command("keys", "signing-rotate")
    capsys.readouterr()
    call_command("keys", "signing")
    listed = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert [status for _kid, status in listed] == ["signing", "verify", "verify"]
    oldest = listed[-1][0]
    call_command("keys", "signing-retire", oldest)
    assert list(crypto.node_public_keys()) == [listed[0][0], listed[1][0]]
    assert AuditEntry.objects.filter(action="node.key_rotated").count() == 2


def test_retirement_is_refused_while_a_message_signed_with_the_key_waits_in_the_outbox(settings):
    from corridor.exchange import services as exchange
    from corridor.exchange.models import OutboundMessage, Peer

    settings.CORRIDOR_EXCHANGE_AUTO_DELIVER = False
    peer = Peer.objects.create(country_id="SA", url="http://sa.invalid")
    waiting = exchange.message_send(acting_user=None, peer=peer, kind="ping", body={})
    old, _new = node_keys.own_key_rotate()
    with pytest.raises(node_keys.KeyInUse) as info:
        node_keys.own_key_retire(key_id=old)
    assert info.value.uses == {"messages waiting in the outbox": 1}
    OutboundMessage.objects.filter(pk=waiting.pk).update(status="accepted")
    assert node_keys.own_key_retire(key_id=old) == {}
    assert old not in crypto.node_public_keys()
