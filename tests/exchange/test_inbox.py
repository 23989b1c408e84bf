"""The inbox: every authentic message takes effect once; forged, altered, unknown, replayed, expired or misaddressed ones never."""

import json
import uuid
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from corridor.core import audit, crypto
from corridor.core.models import AuditEntry
from corridor.core.signing import canonical_json
from corridor.exchange import envelope, handlers, services
from corridor.exchange.models import InboundMessage, InboundRejection

from .conftest import applied_count

pytestmark = pytest.mark.django_db


def receive(token, remote="192.0.2.1"):
    return services.inbox_receive(tokens=[token], remote_address=remote)[0]


def test_an_authentic_message_is_applied_once_and_a_duplicate_is_accepted_without_effect(peer, from_peer):
    token = from_peer(body={"n": 7})
    first = receive(token)
    assert first["status"] == "accepted" and first["code"] == "applied"
    again = receive(token)
    assert again["status"] == "accepted" and again["duplicate"] is True
    assert applied_count(7) == 1
    row = InboundMessage.objects.get()
    assert row.status == "applied" and row.token == token and row.peer == peer
    assert AuditEntry.objects.filter(action="message.receive", object_id=first["id"]).count() == 1


def test_a_batch_answers_each_message_in_order(peer, from_peer):
    tokens = [from_peer(body={"n": i}) for i in range(5)]
    answers = services.inbox_receive(tokens=tokens + [tokens[0]], remote_address=None)
    assert [a["status"] for a in answers] == ["accepted"] * 6
    assert answers[-1].get("duplicate") is True
    assert applied_count() == 5


def test_a_batch_records_one_receipt_per_message_it_settles_and_the_trail_verifies(peer, from_peer):
    tokens = [from_peer(body={"n": 1}), from_peer(body={"crash": True}), from_peer(body={"n": 2, "refuse": True}),
              from_peer(body={"n": 3})]
    answers = services.inbox_receive(tokens=tokens + [tokens[0]], remote_address=None)
    assert [a["code"] for a in answers] == ["applied", "receiver_error", "test_refused", "applied", "applied"]
    receipts = list(AuditEntry.objects.filter(action="message.receive").order_by("seq").values_list("object_id", "to_state"))
    # the deferred message (its handler crashed) and the duplicate leave no receipt; the others one each, in order
    assert receipts == [(answers[0]["id"], "applied"), (answers[2]["id"], "rejected"), (answers[3]["id"], "applied")]
    assert audit.verify().ok


def _assert_refused(answer, code):
    assert answer["status"] == "rejected" and answer["code"] == code, answer
    assert InboundMessage.objects.count() == 0
    assert applied_count() == 0
    rejection = InboundRejection.objects.get()
    assert rejection.code == code and rejection.remote_address == "192.0.2.1"
    assert AuditEntry.objects.filter(action="message.refuse", object_id=str(rejection.pk)).exists()


def test_a_forged_message_signed_by_an_unknown_key_is_refused(peer, from_peer):
    _assert_refused(receive(from_peer(key=Ed25519PrivateKey.generate())), "unknown_sender")


def test_an_altered_body_is_refused(peer, from_peer):
    header, payload, signature = from_peer(body={"n": 1}).split(".")
    envelope_data = json.loads(crypto.b64url_decode(payload))
    envelope_data["body"]["n"] = 9
    altered = crypto.b64url(canonical_json(envelope_data))
    _assert_refused(receive(f"{header}.{altered}.{signature}"), "bad_signature")


def test_a_sender_claiming_another_country_is_refused(peer, from_peer):
    _assert_refused(receive(from_peer(sender={"country": "QA", "key_id": crypto.key_id(crypto.node_private_key().public_key())})),
                    "sender_mismatch")


def test_a_message_for_another_node_is_refused(peer, from_peer):
    _assert_refused(receive(from_peer(recipient={"country": "NP"})), "wrong_recipient")


def test_a_message_older_than_the_window_is_refused(peer, from_peer):
    _assert_refused(receive(from_peer(created_at=envelope._iso(timezone.now() - timedelta(days=31)))), "expired")


def test_a_message_from_the_future_is_refused(peer, from_peer):
    _assert_refused(receive(from_peer(created_at=envelope._iso(timezone.now() + timedelta(hours=1)))), "from_future")


@pytest.mark.parametrize("token", [None, 42, "", "a.b", "not-base64.xx.yy"])
def test_garbage_is_refused_as_malformed(peer, token):
    _assert_refused(receive(token), "malformed")


def test_a_token_of_another_type_is_refused(peer, from_peer):
    _assert_refused(receive(from_peer(typ="corridor-certificate+jws")), "wrong_type")


@pytest.mark.parametrize("overrides", [{"id": "not-a-uuid"}, {"body": [1]}, {"v": 2}, {"kind": "Bad Kind"},
                                       {"ordering_key": "c-1", "sequence": 0}, {"created_at": "2026-01-01T00:00:00"}])
def test_a_malformed_envelope_is_refused(peer, from_peer, overrides):
    _assert_refused(receive(from_peer(**overrides)), "malformed")


def test_a_removed_peer_is_an_unknown_sender(peer, from_peer):
    services.peer_remove(acting_user=None, peer="SA")
    _assert_refused(receive(from_peer()), "unknown_sender")


def test_a_kind_not_accepted_from_this_peer_is_rejected_once_and_for_all(peer, from_peer):
    token = from_peer(kind="watchlist.entry")
    answer = receive(token)
    assert answer["status"] == "rejected" and answer["code"] == "kind_not_accepted"
    assert receive(token)["code"] == "kind_not_accepted"
    assert InboundMessage.objects.get().status == "rejected"


def test_an_accepted_kind_without_a_handler_is_rejected(peer, from_peer, monkeypatch):
    monkeypatch.delitem(handlers._handlers, "worker.returned")  # every kind of the protocol has a handler today
    services.peer_share(acting_user=None, peer="SA", direction="accept", kinds=["worker.returned"])
    assert receive(from_peer(kind="worker.returned"))["code"] == "unknown_kind"


def test_ping_needs_no_grant(peer, from_peer):
    assert receive(from_peer(kind="ping", body={}))["status"] == "accepted"


def test_a_handler_refusal_rejects_the_message_and_undoes_its_changes(peer, from_peer):
    token = from_peer(body={"n": 3, "refuse": True})
    answer = receive(token)
    assert answer["status"] == "rejected" and answer["code"] == "test_refused"
    assert applied_count() == 0
    assert receive(token)["status"] == "rejected"
    assert InboundMessage.objects.get().code == "test_refused"


def test_a_handler_bug_defers_the_message_and_records_nothing(peer, from_peer):
    answer = receive(from_peer(body={"crash": True}))
    assert answer["status"] == "deferred" and answer["code"] == "receiver_error"
    assert InboundMessage.objects.count() == 0 and InboundRejection.objects.count() == 0


def test_messages_with_an_ordering_key_are_applied_in_sequence(peer, from_peer, counting_handler):
    second = from_peer(ordering_key="contract-9", sequence=2, body={"n": 2})
    first = from_peer(ordering_key="contract-9", sequence=1, body={"n": 1})
    early = receive(second)
    assert early["status"] == "deferred" and early["code"] == "out_of_order" and early["waiting_for"] == 1
    assert receive(first)["status"] == "accepted"
    assert receive(second)["status"] == "accepted"
    assert counting_handler == [1, 2]
    # Another message claiming an applied place is refused for good.
    assert receive(from_peer(ordering_key="contract-9", sequence=2, body={"n": 99}))["code"] == "sequence_conflict"
    # Other keys are independent.
    assert receive(from_peer(ordering_key="contract-10", sequence=1, body={"n": 3}))["status"] == "accepted"


def test_a_rejected_message_does_not_block_its_successors(peer, from_peer):
    assert receive(from_peer(ordering_key="k", sequence=1, body={"refuse": True}))["status"] == "rejected"
    assert receive(from_peer(ordering_key="k", sequence=2, body={"n": 2}))["status"] == "accepted"


def test_a_flood_of_invalid_messages_is_answered_with_one_aggregate_row_beyond_the_limit(peer, from_peer, settings):
    settings.CORRIDOR_EXCHANGE_REJECTIONS_PER_MINUTE = 5
    forged = [from_peer(key=Ed25519PrivateKey.generate()) for _ in range(20)]
    valid = from_peer(body={"n": 1})
    answers = services.inbox_receive(tokens=forged[:10] + [valid] + forged[10:], remote_address="192.0.2.9")
    codes = [a["code"] for a in answers]
    assert codes[:5] == ["unknown_sender"] * 5
    assert set(codes[5:10]) == {"too_many_rejections"}
    assert answers[10]["status"] == "accepted"
    assert InboundRejection.objects.filter(count=1).count() == 5
    assert InboundRejection.objects.get(code="too_many_rejections").count == 15
    # Another address has its own budget.
    assert receive(forged[0], remote="192.0.2.10")["code"] == "unknown_sender"


def test_a_message_id_is_per_sender(peer, from_peer, peer_key):
    """The same id from two peers are two messages: the inbox is keyed by (sender, id)."""
    other = Ed25519PrivateKey.generate()
    services.peer_add(acting_user=None, country="QA", url="http://qa.example", jwks=[crypto.public_jwk(other.public_key())],
                      accept=["test.count"])
    message_id = str(uuid.uuid4())
    assert receive(from_peer(id=message_id))["status"] == "accepted"
    qa = from_peer(key=other, id=message_id, sender={"country": "QA", "key_id": crypto.key_id(other.public_key())})
    assert receive(qa)["status"] == "accepted" and "duplicate" not in receive(from_peer(id=str(uuid.uuid4())))
    assert InboundMessage.objects.filter(message_id=message_id).count() == 2


def test_every_refusal_of_a_flood_is_recorded_in_a_bounded_aggregate(peer, from_peer):
    """Issue 13, fault 10: 40 of 100 forged messages from one address left no record."""
    forged = [from_peer(key=Ed25519PrivateKey.generate()) for _ in range(100)]
    for start in range(0, 100, 25):  # several requests from the same address
        services.inbox_receive(tokens=forged[start:start + 25], remote_address="192.0.2.9")
    rows = InboundRejection.objects.filter(remote_address="192.0.2.9")
    assert sum(rows.values_list("count", flat=True)) == 100
    aggregate = rows.get(code="too_many_rejections")
    assert aggregate.count == 40 and "unknown_sender" in aggregate.reason
    assert rows.count() == 61  # the limit one by one, then one row however many more come this minute
    services.inbox_receive(tokens=forged[:50], remote_address="192.0.2.9")
    assert rows.count() == 61 and rows.get(code="too_many_rejections").count == 90
    assert AuditEntry.objects.filter(action="message.refuse_flood").count() == 1


def test_a_message_over_the_size_limit_is_refused_before_it_is_parsed(peer, from_peer, monkeypatch):
    """Issue 13, fault 10: a 300 KB message was applied although the limit is 256 KB."""
    from corridor.exchange import envelope

    parsed = []
    real = envelope.signing.jws_verify
    monkeypatch.setattr(envelope.signing, "jws_verify", lambda *a, **k: parsed.append(1) or real(*a, **k))
    answer = receive(from_peer(body={"n": 1, "pad": "x" * 300_000}))
    assert answer["status"] == "rejected" and answer["code"] == "too_large" and parsed == []
    assert applied_count() == 0 and InboundRejection.objects.get().code == "too_large"


def test_a_body_just_over_the_limit_is_refused_and_one_at_the_limit_applied(peer, from_peer):
    from corridor.core import signing
    from corridor.exchange import conf

    limit = conf.get("MAX_BODY_BYTES")
    body = {"n": 1, "pad": ""}
    body["pad"] = "x" * (limit - len(signing.canonical_json(body)))
    assert receive(from_peer(body=body))["status"] == "accepted"
    body["pad"] += "x"
    assert receive(from_peer(body=body))["code"] == "too_large"
