"""The outbox: messages queued in the caller's transaction, signed, delivered in order with retries and backoff."""

import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from corridor.accounts.choices import Role
from corridor.core import crypto, signing
from corridor.core.errors import PermissionDenied
from corridor.core.models import AuditEntry
from corridor.exchange import conf, envelope, errors, services, transport
from corridor.exchange.models import OutboundMessage

pytestmark = pytest.mark.django_db


class FakePeer:
    """Stands in for the peer's inbox: answers each token from a script, or fails like a network."""

    def __init__(self, monkeypatch):
        self.received: list[dict] = []
        self.down = False
        self.answer = lambda payload: {"status": "accepted", "code": "applied", "reason": ""}
        monkeypatch.setattr(transport, "post", self.post)

    def post(self, url, tokens):
        if self.down:
            raise errors.DeliveryFailed(f"{url} unreachable: connection refused")
        own = crypto.node_private_key().public_key()
        answers = []
        for token in tokens:
            _header, payload = signing.jws_verify(token, {crypto.key_id(own): own}, typ=envelope.TYP)
            self.received.append(payload)
            answers.append({"id": payload["id"], **self.answer(payload)})
        return answers


@pytest.fixture
def fake_peer(monkeypatch):
    return FakePeer(monkeypatch)


def send(n=1, **kwargs):
    return services.message_send(acting_user=None, peer="SA", kind="test.count", body={"n": n}, **kwargs)


def test_a_message_is_signed_by_this_node_and_addressed_to_the_peer(peer):
    message = send(5, ordering_key="contract-1")
    own = crypto.node_private_key().public_key()
    header, payload = signing.jws_verify(message.token, {crypto.key_id(own): own}, typ="corridor-message+jws")
    assert payload["id"] == str(message.id) and payload["kind"] == "test.count"
    assert payload["sender"] == {"country": "PH", "key_id": crypto.key_id(own)} and payload["recipient"] == {"country": "SA"}
    assert payload["ordering_key"] == "contract-1" and payload["sequence"] == 1 and payload["body"] == {"n": 5}
    assert message.status == "queued" and message.next_attempt_at is not None
    assert AuditEntry.objects.filter(action="message.send", object_id=str(message.id)).exists()


def test_the_message_leaves_only_if_the_callers_transaction_commits(peer):
    with pytest.raises(RuntimeError), transaction.atomic():
        send()
        raise RuntimeError("the business change failed")
    assert OutboundMessage.objects.count() == 0


def test_sequences_count_per_ordering_key(peer):
    assert [send(ordering_key="a").sequence for _ in range(3)] == [1, 2, 3]
    assert send(ordering_key="b").sequence == 1
    assert send().sequence is None


def test_nothing_is_sent_that_is_not_shared(peer):
    with pytest.raises(errors.KindNotShared):
        services.message_send(acting_user=None, peer="SA", kind="watchlist.entry", body={})
    with pytest.raises(errors.UnknownKind):
        services.message_send(acting_user=None, peer="SA", kind="no.such.kind", body={})
    with pytest.raises(errors.PeerNotFound):
        services.message_send(acting_user=None, peer="QA", kind="ping", body={})
    services.peer_remove(acting_user=None, peer="SA")
    with pytest.raises(errors.PeerNotActive):
        services.message_send(acting_user=None, peer="SA", kind="ping", body={})
    assert OutboundMessage.objects.count() == 0


@pytest.mark.parametrize("body", [[1], {"amount": 1.5}, {"x": "y" * 300_000}])
def test_a_body_must_be_a_small_json_object_without_floats(peer, body):
    with pytest.raises(errors.BodyInvalid):
        services.message_send(acting_user=None, peer="SA", kind="test.count", body=body)


def test_delivery_marks_accepted_messages(peer, fake_peer):
    messages = [send(i) for i in range(3)]
    report = services.outbox_deliver()
    assert (report.attempted, report.accepted, report.requests) == (3, 3, 1)
    for message in messages:
        message.refresh_from_db()
        assert message.status == "accepted" and message.attempts == 1 and message.settled_at and message.next_attempt_at is None



def test_making_messages_due_now_takes_the_write_lock_before_it_reads(peer, fake_peer, monkeypatch):
    """`exchange deliver --now` beside a running delivery daemon: as a bare UPDATE on SQLite it read first and was
    starved of the write lock by the daemon's writes until the busy timeout; in a transaction it queues (IMMEDIATE)."""
    fake_peer.down = True
    send()
    services.outbox_deliver()
    outside, depths = len(connection.atomic_blocks), []
    update = QuerySet.update

    def spy(queryset, **fields):
        depths.append(len(connection.atomic_blocks))
        return update(queryset, **fields)

    monkeypatch.setattr(QuerySet, "update", spy)
    assert services.outbox_retry_now() == 1
    assert depths == [outside + 1]

def test_an_unreachable_peer_makes_messages_retry_later_with_backoff(peer, fake_peer):
    fake_peer.down = True
    message = send()
    report = services.outbox_deliver()
    assert report.retrying == 1 and "unreachable" in report.errors[0]
    message.refresh_from_db()
    assert message.status == "retrying" and message.attempts == 1 and "unreachable" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert services.outbox_deliver().attempted == 0  # not due yet
    fake_peer.down = False
    assert services.outbox_retry_now(peer="SA") == 1
    assert services.outbox_deliver().accepted == 1
    message.refresh_from_db()
    assert message.status == "accepted" and message.attempts == 2 and message.last_error == ""


def test_a_rejection_is_final_and_keeps_the_peers_reason(peer, fake_peer):
    fake_peer.answer = lambda payload: {"status": "rejected", "code": "kind_not_accepted", "reason": "not shared"}
    message = send()
    assert services.outbox_deliver().rejected == 1
    message.refresh_from_db()
    assert (message.status, message.peer_code, message.peer_reason) == ("rejected", "kind_not_accepted", "not shared")
    assert AuditEntry.objects.filter(action="message.reject", object_id=str(message.id)).exists()


@pytest.mark.parametrize("answer", [{"status": "rejected", "code": "unknown_sender", "reason": "who?"},
                                    {"status": "deferred", "code": "receiver_error", "reason": "bug"},
                                    {"status": "what", "code": "", "reason": ""}])
def test_a_transient_answer_is_retried(peer, fake_peer, answer):
    fake_peer.answer = lambda payload: answer
    message = send()
    services.outbox_deliver()
    message.refresh_from_db()
    assert message.status == "retrying" and message.last_error.startswith(answer["code"])


def test_a_later_message_waits_until_its_predecessor_is_settled(peer, fake_peer):
    fake_peer.down = True
    first = send(1, ordering_key="contract-7")
    services.outbox_deliver()
    second = send(2, ordering_key="contract-7")
    unrelated = send(3)
    fake_peer.down = False
    report = services.outbox_deliver()
    assert report.accepted == 1  # the unrelated one; the second waits for the first's retry
    assert [p["body"]["n"] for p in fake_peer.received] == [3]
    services.outbox_retry_now()
    services.outbox_deliver()
    assert [p["body"]["n"] for p in fake_peer.received] == [3, 1, 2]
    for message in (first, second, unrelated):
        message.refresh_from_db()
        assert message.status == "accepted"


def test_a_chain_goes_out_in_one_batch_in_sequence(peer, fake_peer):
    for i in range(5):
        send(i, ordering_key="k")
    services.outbox_deliver(batch_size=100)
    assert [p["sequence"] for p in fake_peer.received] == [1, 2, 3, 4, 5]


def test_a_claimed_message_is_not_claimed_again_while_its_lease_runs(peer):
    send()
    assert len(services.outbox_claim()) == 1
    assert services.outbox_claim() == []
    OutboundMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))  # the sender died mid-attempt
    assert len(services.outbox_claim()) == 1


def test_a_removed_peers_outbox_waits(peer, fake_peer):
    send()
    services.peer_remove(acting_user=None, peer="SA")
    assert services.outbox_deliver().attempted == 0
    assert OutboundMessage.objects.get().status == "queued"


@given(st.integers(min_value=1, max_value=200))
def test_retry_delay_grows_is_jittered_and_capped(attempts):
    base, cap = conf.get("RETRY_BASE_SECONDS"), conf.get("RETRY_CAP_SECONDS")
    delay = services.retry_delay(attempts)
    expected = min(cap, base * 2 ** (attempts - 1))
    assert expected / 2 <= delay <= expected


def test_a_committed_send_starts_one_delivery_task(peer, settings, django_capture_on_commit_callbacks, monkeypatch):
    settings.CORRIDOR_EXCHANGE_AUTO_DELIVER = True
    calls = []
    monkeypatch.setattr(services, "outbox_deliver", lambda **kw: calls.append(kw) or services.DeliveryReport())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            send(1)
            send(2)
    assert len(callbacks) == 1 and len(calls) == 1  # the immediate task backend ran it


def test_peering_needs_an_administrator(make_user):
    from tests.conftest import verified

    officer = verified(make_user(Role.ORIGIN_OFFICER))
    with pytest.raises(PermissionDenied):
        services.peer_add(acting_user=officer, country="SA", url="http://sa.example", jwks=[])


def test_an_unreachable_peer_is_tried_once_per_pass(peer, fake_peer):
    fake_peer.down = True
    for i in range(7):
        send(i)
    report = services.outbox_deliver(batch_size=2)
    assert (report.requests, report.attempted, report.retrying) == (1, 2, 2)
    assert OutboundMessage.objects.filter(status="queued").count() == 5


def test_the_next_batch_is_on_the_wire_while_the_peer_applies_one_and_order_is_kept(peer, fake_peer, settings,
                                                                                   monkeypatch):
    """Issue 12: two requests at once (IN_FLIGHT), once the peer has answered; a key's successors wait for the
    answer about their predecessors, so they still arrive in sequence, and one pass sends everything."""
    settings.CORRIDOR_EXCHANGE_IN_FLIGHT = 2
    for i in range(6):
        send(i)
        send(i, ordering_key="k")
    calls, active, most, lock, third = [], [0], [0], threading.Lock(), threading.Event()

    def post(url, tokens):
        with lock:
            calls.append(len(tokens))
            n = len(calls)
            active[0] += 1
            most[0] = max(most[0], active[0])
        if n == 3:
            third.set()
        if n == 2:
            third.wait(timeout=10)  # the third request starts while this one is on the wire, or never
        try:
            return fake_peer.post(url, tokens)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(transport, "post", post)
    report = services.outbox_deliver(batch_size=2)
    assert report.accepted == 12 and report.requests == len(calls) and most[0] == 2
    assert [p["sequence"] for p in fake_peer.received if p["ordering_key"] == "k"] == [1, 2, 3, 4, 5, 6]
    assert not OutboundMessage.objects.exclude(status="accepted").exists()


def test_a_batch_too_big_for_one_request_goes_in_several_in_order(peer, fake_peer, settings, monkeypatch):
    """Big messages never make a request the peer would refuse whole: the batch is split by REQUEST_BYTES, each
    part in its own request, in order; a token larger than the budget goes alone."""
    for i in range(5):
        send(i, ordering_key="k")
    size = len(OutboundMessage.objects.first().token)
    settings.CORRIDOR_EXCHANGE_REQUEST_BYTES = 2 * size + 1  # two tokens a request
    calls = []
    monkeypatch.setattr(transport, "post", lambda url, tokens: calls.append(len(tokens)) or fake_peer.post(url, tokens))
    report = services.outbox_deliver()
    assert calls == [2, 2, 1] and report.requests == 3 and report.accepted == 5
    assert [p["sequence"] for p in fake_peer.received] == [1, 2, 3, 4, 5]


def test_messages_are_split_by_size_in_order_and_a_large_one_goes_alone():
    messages = [SimpleNamespace(token="x" * n) for n in (400, 500, 200, 1500, 100)]
    parts = services.by_size(messages, 1000)
    assert [[len(m.token) for m in part] for part in parts] == [[400, 500], [200], [1500], [100]]
    assert services.by_size([], 1000) == []


def test_after_an_unreachable_part_the_rest_of_the_batch_waits(peer, fake_peer, settings):
    for i in range(4):
        send(i)
    settings.CORRIDOR_EXCHANGE_REQUEST_BYTES = len(OutboundMessage.objects.first().token) + 1  # one a request
    fake_peer.down = True
    report = services.outbox_deliver()
    assert (report.requests, report.attempted, report.retrying) == (1, 4, 4)


class OrderedPeer(FakePeer):
    """A peer inbox that applies each message once and each ordering key in sequence, as the real one does."""

    def __init__(self, monkeypatch):
        super().__init__(monkeypatch)
        self.applied: dict[str, int] = {}
        self.cursor: dict[str, int] = {}
        self.answer = self.apply

    def apply(self, payload):
        key = payload["ordering_key"]
        if key and payload["sequence"] > self.cursor.get(key, 0) + 1:
            return {"status": "deferred", "code": "out_of_order", "reason": "predecessor missing"}
        if payload["id"] not in self.applied:
            self.applied[payload["id"]] = 1
            if key:
                self.cursor[key] = payload["sequence"]
        return {"status": "accepted", "code": "applied", "reason": ""}


def deliver_until_idle(passes=40):
    """Later delivery runs, each after the retries have come due (as `exchange deliver --now` would)."""
    for _ in range(passes):
        services.outbox_retry_now()
        if services.outbox_deliver().attempted == 0:
            break


def test_one_failed_batch_of_an_ordered_key_does_not_stall_the_outbox(peer, monkeypatch):
    """Issue 13, fault 1: 300 messages on one key and 50 unordered, the peer down for one run, then up."""
    inbox = OrderedPeer(monkeypatch)
    for i in range(300):
        send(i, ordering_key="contract:PH-1")
    for i in range(50):
        send(1000 + i)
    inbox.down = True
    services.outbox_deliver()
    inbox.down = False
    deliver_until_idle()
    assert OutboundMessage.objects.exclude(status="accepted").count() == 0
    assert len(inbox.applied) == 350 and inbox.cursor == {"contract:PH-1": 300}


def test_a_key_whose_head_waits_for_a_retry_does_not_hold_up_other_keys(peer, monkeypatch):
    inbox = OrderedPeer(monkeypatch)
    inbox.down = True
    send(0, ordering_key="a")
    services.outbox_deliver()
    inbox.down = False
    OutboundMessage.objects.filter(ordering_key="a").update(next_attempt_at=timezone.now() + timedelta(hours=1))  # not due yet
    for i in range(150):  # more than a batch, all due before the retry of "a"
        send(i, ordering_key="b")
    send(9)
    report = services.outbox_deliver(batch_size=50)
    assert report.accepted == 151 and inbox.cursor == {"b": 150}
    assert OutboundMessage.objects.get(ordering_key="a").status == "retrying"


def test_a_claim_takes_each_keys_next_message_and_every_due_unordered_one(peer):
    for key in ("a", "b", "c"):
        for i in range(3):
            send(i, ordering_key=key)
    send(7)
    OutboundMessage.objects.filter(ordering_key="b", sequence=2).update(next_attempt_at=timezone.now() + timedelta(hours=1))
    claimed = services.outbox_claim(limit=100)
    taken = sorted((m.ordering_key, m.sequence) for m in claimed)
    # b stops before its message that is not due; a and c go whole; the unordered one goes too
    assert taken == [("", None), ("a", 1), ("a", 2), ("a", 3), ("b", 1), ("c", 1), ("c", 2), ("c", 3)]
    positions = {(m.ordering_key, m.sequence): i for i, m in enumerate(claimed)}
    assert positions[("a", 1)] < positions[("a", 2)] < positions[("a", 3)]
    assert services.outbox_claim(limit=100) == []  # b:2 not due, b:3 behind it, the rest leased


def test_only_the_announced_kinds_publish_their_delivery(peer):
    from corridor.core.models import DomainEvent

    message = send()
    services.outbox_record(messages=[message], results=[{"id": str(message.id), "status": "accepted", "code": "applied"}])
    assert OutboundMessage.objects.get(pk=message.pk).status == "accepted"
    assert not DomainEvent.objects.filter(name="exchange.message_delivered").exists()  # test.count is not announced
