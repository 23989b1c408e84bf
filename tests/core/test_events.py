"""Domain events: stored with the publishing transaction, dispatched on commit, retried, swept after a crash."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from corridor.core import events
from corridor.core.models import DomainEvent, EventDelivery, Language

pytestmark = pytest.mark.django_db

calls: list = []


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    """Private subscribers for test events, removed afterwards."""
    monkeypatch.setattr(events, "_subscribers", events.defaultdict(list))
    calls.clear()
    flaky = {"fail": True}

    @events.subscriber("test.happened")
    def record(*, code: str, **_):
        Language.objects.create(code=code, name=f"lang {code}")
        calls.append(("record", code))

    @events.subscriber("test.happened")
    def fragile(*, code: str, **_):
        calls.append(("fragile", code))
        if flaky["fail"]:
            raise RuntimeError("not now")

    return flaky


def publish_in_transaction(code="xx"):
    with transaction.atomic():
        events.publish("test.happened", code=code)


def test_subscribers_run_after_commit_each_in_its_own_transaction(registered):
    registered["fail"] = False
    publish_in_transaction()
    event = DomainEvent.objects.get()
    assert event.done_at is not None
    assert calls == [("record", "xx"), ("fragile", "xx")]
    assert EventDelivery.objects.filter(event=event).count() == 2


def test_a_rolled_back_transaction_publishes_nothing(registered):
    with pytest.raises(ValueError), transaction.atomic():
        events.publish("test.happened", code="xx")
        raise ValueError("the service failed")
    assert not DomainEvent.objects.exists()
    assert calls == []


def test_a_failing_subscriber_is_retried_later_and_a_succeeded_one_is_not_repeated(registered):
    publish_in_transaction()
    event = DomainEvent.objects.get()
    assert calls == [("record", "xx"), ("fragile", "xx")]
    assert Language.objects.filter(code="xx").exists()  # the failure did not undo the other subscriber
    assert event.done_at is None and event.attempts == 1 and "fragile" in event.last_error
    assert event.next_attempt_at > timezone.now()

    calls.clear()
    assert events.sweep() == 0  # not yet due
    assert calls == []

    assert events.sweep(now=event.next_attempt_at + timedelta(seconds=1)) == 0  # due, fails again
    assert calls == [("fragile", "xx")]
    event.refresh_from_db()
    assert event.attempts == 2 and event.next_attempt_at > timezone.now() + events.BACKOFF_FIRST  # backs off

    calls.clear()
    registered["fail"] = False
    assert events.sweep(now=event.next_attempt_at + timedelta(seconds=1)) == 1
    assert calls == [("fragile", "xx")]  # `record` succeeded the first time: not run again
    event.refresh_from_db()
    assert event.done_at is not None and event.last_error == ""
    assert Language.objects.filter(code="xx").count() == 1


def test_a_crash_between_commit_and_dispatch_is_recovered_by_the_sweep(registered, monkeypatch):
    registered["fail"] = False
    dispatch = events.dispatch
    monkeypatch.setattr(events, "dispatch", lambda event_id: None)  # the process dies before dispatching
    publish_in_transaction()
    assert calls == [] and DomainEvent.objects.get().done_at is None
    monkeypatch.setattr(events, "dispatch", dispatch)  # a new process

    call_command("events", "sweep")
    assert sorted(calls) == [("fragile", "xx"), ("record", "xx")]
    assert DomainEvent.objects.get().done_at is not None
    calls.clear()
    assert events.sweep() == 0 and calls == []  # done events are left alone


def test_a_subscriber_whose_work_rolled_back_is_not_recorded_as_done(registered):
    @events.subscriber("test.other")
    def half_done(**_):
        Language.objects.create(code="zz", name="half")
        raise RuntimeError("after writing")

    with transaction.atomic():
        events.publish("test.other")
    assert not Language.objects.filter(code="zz").exists()
    assert not EventDelivery.objects.exists()


def test_a_payload_must_be_json(registered):
    with pytest.raises(TypeError), transaction.atomic():
        events.publish("test.happened", code=object())
    assert not DomainEvent.objects.exists()



def test_publish_many_stores_in_order_and_dispatches_each_after_commit():
    events.subscriber("test.many")(lambda *, n, **_: calls.append(n))
    with transaction.atomic():
        events.publish_many("test.many", [{"n": 1}, {"n": 2}])
        assert calls == []  # nothing before the commit
    assert list(DomainEvent.objects.order_by("id").values_list("payload", flat=True)) == [{"n": 1}, {"n": 2}]
    assert calls == [1, 2] and not DomainEvent.objects.filter(done_at__isnull=True).exists()
