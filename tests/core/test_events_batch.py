"""Batch dispatch: a batch subscriber takes many events in one call; a failure falls back to one by one."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from corridor.core import events
from corridor.core.models import DomainEvent, EventDelivery, Language

pytestmark = pytest.mark.django_db

calls: list = []


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    """A batch subscriber that writes a row per event (refusing the code "bad"), and a plain one."""
    monkeypatch.setattr(events, "_subscribers", events.defaultdict(list))
    monkeypatch.setattr(events, "_batch", set())
    calls.clear()

    @events.subscriber("test.bulk", batch=True)
    def store(payloads):
        calls.append(("store", [p["code"] for p in payloads]))
        for p in payloads:
            if p["code"] == "bad":
                raise RuntimeError("refused")
            Language.objects.create(code=p["code"], alpha3=p["code"] + "x", name=f"lang {p['code']}")

    @events.subscriber("test.bulk")
    def plain(*, code, **_):
        calls.append(("plain", code))


def publish_many(codes):
    with transaction.atomic():
        events.publish_many("test.bulk", [{"code": c} for c in codes])


def test_a_batch_subscriber_takes_the_events_in_one_call_and_a_plain_one_each():
    publish_many(["qa", "qb", "qc"])
    assert calls == [("store", ["qa", "qb", "qc"]), ("plain", "qa"), ("plain", "qb"), ("plain", "qc")]
    assert set(Language.objects.filter(code__in=["qa", "qb", "qc"]).values_list("code", flat=True)) == {"qa", "qb", "qc"}
    assert not DomainEvent.objects.filter(done_at__isnull=True).exists()
    assert EventDelivery.objects.count() == 6


def test_one_event_published_alone_reaches_a_batch_subscriber_as_a_list_of_one():
    with transaction.atomic():
        events.publish("test.bulk", code="qd")
    assert calls == [("store", ["qd"]), ("plain", "qd")]


def test_a_failing_event_does_not_lose_the_others_and_is_retried_alone():
    publish_many(["qe", "bad", "qf"])
    # the batch rolled back whole, then one by one: two stored, the bad one failed
    assert calls[0] == ("store", ["qe", "bad", "qf"])
    assert calls[1:4] == [("store", ["qe"]), ("store", ["bad"]), ("store", ["qf"])]
    assert set(Language.objects.filter(code__in=["qe", "qf"]).values_list("code", flat=True)) == {"qe", "qf"}
    bad = DomainEvent.objects.get(payload__code="bad")
    assert bad.done_at is None and bad.attempts == 1 and "store" in bad.last_error
    assert DomainEvent.objects.filter(done_at__isnull=False).count() == 2
    assert EventDelivery.objects.filter(event=bad).count() == 1  # the plain subscriber succeeded on it

    calls.clear()
    assert events.sweep(now=bad.next_attempt_at + timedelta(seconds=1)) == 0  # fails again, alone
    assert calls == [("store", ["bad"])]
    bad.refresh_from_db()
    assert bad.attempts == 2 and bad.next_attempt_at > timezone.now() + events.BACKOFF_FIRST


def test_an_event_already_delivered_in_a_batch_is_not_run_again():
    """Another dispatcher delivered one event of the batch first: the batch's delivery rows clash, and the
    one-by-one fallback skips the delivered one."""
    with transaction.atomic():
        events.publish_many("test.bulk", [{"code": "qg"}, {"code": "qh"}])
        first = DomainEvent.objects.get(payload__code="qg")
        # what a racing dispatcher would have committed for the first event
        EventDelivery.objects.create(event=first, subscriber=events.subscriber_key(
            events.subscribers("test.bulk")[0]))
    assert ("store", ["qh"]) in calls and all("qg" not in c[1] for c in calls if c[0] == "store")
    assert not DomainEvent.objects.filter(name="test.bulk", done_at__isnull=True).exists()
