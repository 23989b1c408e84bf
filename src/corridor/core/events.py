"""Domain events: an app publishes a named fact about its own records; other apps subscribe in ready().

The interface every app uses:

    from corridor.core import events

    events.publish("clearance.granted", clearance_id=clearance.pk)   # inside the writing service

    @events.subscriber("clearance.granted")                          # registered from AppConfig.ready()
    def _on_granted(*, clearance_id: int, **_) -> None: ...

Payloads are JSON-serialisable keyword arguments (ids and small facts, never model instances). Subscribers run
after the publishing transaction commits, each in its own transaction.

Durable (a transactional outbox): `publish` stores a DomainEvent row in the publishing transaction, so a rolled
back transaction publishes nothing and a committed one cannot be lost. On commit the event is dispatched; each
subscriber's success is recorded (EventDelivery, one per event and subscriber, in the subscriber's own
transaction), so a retry never repeats a handler that succeeded. A failing subscriber is logged and retried with
backoff; `sweep()` (the periodic `sweep_events` task that `corridor worker` keeps queued, and `corridor events sweep`)
dispatches again whatever a crash or a failure left undone. A subscriber may therefore run some time after the
commit. Its delivery row commits together with its own writes, so its database work happens exactly once; what it
does outside the database (a mail) happens at least once.

Batches: a subscriber registered with `batch=True` (`@events.subscriber(name, batch=True)`, or
`events.subscribe(name, handler, batch=True)`) receives a list of payloads instead of keyword arguments. Events are
dispatched in chunks (`dispatch_many`: a bulk import's `publish_many`, the sweep); the consecutive events of one name in
a chunk go to a batch subscriber in one call, in their order, in one transaction that also stores their delivery rows.
If that call fails (or a delivery row already exists: another dispatcher got there first), it is rolled back whole and
the events are given to the subscriber again one at a time (a list of one), each in its own transaction, exactly as a
subscriber that is not batch-capable: one bad event is retried alone and does not hold back the others. A subscriber
that is not batch-capable still runs once per event with the payload as keyword arguments. Within one run of events of
one name, each subscriber takes the whole run before the next subscriber starts (subscribers of an event are
independent: each has its own transaction and delivery row); events of different names keep their order.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from corridor.core.models import DomainEvent, EventDelivery

logger = logging.getLogger(__name__)

Handler = Callable[..., None]

_subscribers: dict[str, list[Handler]] = defaultdict(list)
_batch: set[tuple[str, Handler]] = set()  # (event name, handler) of the subscribers that take a list of payloads

BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=6)
SWEEP_BATCH = 500
DISPATCH_BATCH = 1000  # events read, and given to a batch subscriber, at once: memory stays bounded


def subscribe(name: str, handler: Handler, *, batch: bool = False) -> Handler:
    """Register `handler` for the event `name` (idempotent: registering twice keeps one). With `batch`, it is called
    with a list of payloads (`handler(payloads)`), once for many events; see the module's docstring."""
    if handler not in _subscribers[name]:
        _subscribers[name].append(handler)
    if batch:
        _batch.add((name, handler))
    return handler


def subscriber(name: str, *, batch: bool = False) -> Callable[[Handler], Handler]:
    """Register the decorated function for the event `name` (`subscribe`)."""

    def register(handler: Handler) -> Handler:
        return subscribe(name, handler, batch=batch)

    return register


def subscribers(name: str) -> list[Handler]:
    return list(_subscribers.get(name, ()))


def is_batch(name: str, handler: Handler) -> bool:
    return (name, handler) in _batch


def subscriber_key(handler: Handler) -> str:
    """The stable name a subscriber's success is recorded under."""
    return f"{handler.__module__}.{handler.__qualname__}"[:200]


def publish(name: str, **payload) -> None:
    """Store `name` with `payload` in the current transaction; dispatch it once that transaction commits."""
    try:
        payload = json.loads(json.dumps(payload))
    except (TypeError, ValueError) as error:
        raise TypeError(f"The payload of the event {name!r} must be JSON-serialisable: {error}") from error
    event = DomainEvent.objects.create(name=name, payload=payload)
    pk = event.pk

    def dispatch_committed() -> None:
        dispatch(pk)

    dispatch_committed.domain_event = True  # tests/conftest.py runs these at the test's commit point
    transaction.on_commit(dispatch_committed)


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_FIRST * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def dispatch(event_id: int) -> bool:
    """Run every subscriber of the event that has not yet succeeded; True when all have. Never raises."""
    return dispatch_many([event_id]) == 1


def dispatch_many(event_ids) -> int:
    """`dispatch` for many events, in their order, `DISPATCH_BATCH` at a time, batch subscribers taking each chunk's
    consecutive events of one name in one call. Returns how many of the events are done (all their subscribers
    succeeded, now or before). Never raises."""
    ids = list(dict.fromkeys(event_ids))
    return sum(_dispatch_chunk(ids[start:start + DISPATCH_BATCH]) for start in range(0, len(ids), DISPATCH_BATCH))


def _runs(events: list[DomainEvent]):
    """The events cut into runs of consecutive events of one name."""
    run: list[DomainEvent] = []
    for event in events:
        if run and run[-1].name != event.name:
            yield run
            run = []
        run.append(event)
    if run:
        yield run


def _dispatch_chunk(ids: list[int]) -> int:
    pending = {event.pk: event for event in DomainEvent.objects.filter(pk__in=ids, done_at__isnull=True)}
    delivered: dict[int, set[str]] = defaultdict(set)
    for event_id, key in EventDelivery.objects.filter(event_id__in=list(pending)).values_list("event_id", "subscriber"):
        delivered[event_id].add(key)
    failures: dict[int, list[str]] = defaultdict(list)
    for run in _runs([pending[pk] for pk in ids if pk in pending]):
        name = run[0].name
        for handler in subscribers(name):
            key = subscriber_key(handler)
            todo = [event for event in run if key not in delivered[event.pk]]
            batch = is_batch(name, handler)
            if not todo or (batch and len(todo) > 1 and _deliver_batch(handler, key, todo)):
                continue
            for event in todo:
                if not _deliver(handler, key, event, batch=batch):
                    failures[event.pk].append(key)
    now = timezone.now()
    done = [pk for pk in pending if pk not in failures]
    if done:
        DomainEvent.objects.filter(pk__in=done).update(done_at=now, next_attempt_at=None, last_error="")
    for pk, keys in failures.items():
        attempts = pending[pk].attempts + 1
        DomainEvent.objects.filter(pk=pk).update(attempts=attempts, next_attempt_at=now + backoff(attempts),
                                                 last_error=", ".join(keys)[:2000])
    return len(ids) - len(failures)  # an event already done (or gone) counts as done, as it always has


def _deliver_batch(handler: Handler, key: str, batch: list[DomainEvent]) -> bool:
    """The events to a batch subscriber in one call and one transaction with their delivery rows; False (all rolled
    back, for the caller to deliver them one by one) when anything fails."""
    try:
        with transaction.atomic():
            EventDelivery.objects.bulk_create([EventDelivery(event_id=event.pk, subscriber=key) for event in batch])
            handler([event.payload for event in batch])
    except Exception:  # noqa: BLE001 - one bad event must not lose the others: they go one by one
        logger.warning("Domain events #%s..#%s %s: batch subscriber %s failed; delivering them one by one",
                       batch[0].pk, batch[-1].pk, batch[0].name, key, exc_info=True)
        return False
    return True


def _deliver(handler: Handler, key: str, event: DomainEvent, *, batch: bool) -> bool:
    """One event to one subscriber in its own transaction with its delivery row; True when it is delivered (now or by
    another dispatcher)."""
    try:
        with transaction.atomic():
            # The delivery row first: a second dispatcher of the same event (the sweep racing the commit hook)
            # waits on it, then fails the unique constraint and rolls back its run of the handler.
            EventDelivery.objects.create(event_id=event.pk, subscriber=key)
            if batch:
                handler([event.payload])
            else:
                handler(**event.payload)
    except IntegrityError:
        if EventDelivery.objects.filter(event_id=event.pk, subscriber=key).exists():
            return True
        logger.exception("Domain event #%s %s: subscriber %s failed", event.pk, event.name, key)
        return False
    except Exception:  # noqa: BLE001 - a subscriber's failure must not undo the publisher's committed work
        logger.exception("Domain event #%s %s: subscriber %s failed", event.pk, event.name, key)
        return False
    return True


def sweep(*, now=None, grace: timedelta = timedelta(seconds=0)) -> int:
    """Dispatch again the events not done whose time has come (a crash after commit, a failed subscriber).

    `grace` leaves alone the events younger than it, which their own commit hook is probably dispatching.
    Returns how many events were dispatched completely.
    """
    now = now or timezone.now()
    due = (DomainEvent.objects.filter(done_at__isnull=True, created_at__lte=now - grace)
           .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
           .order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH])
    return dispatch_many(list(due))


def pending_count() -> int:
    return DomainEvent.objects.filter(done_at__isnull=True).count()


def publish_many(name: str, payloads: list[dict]) -> None:
    """`publish` for many events of one name at once (a bulk import): stored in one INSERT per batch, in order, in
    the current transaction; dispatched in that order once it commits (`dispatch_many`: batch subscribers take them
    `DISPATCH_BATCH` at a time)."""
    try:
        payloads = json.loads(json.dumps(payloads))
    except (TypeError, ValueError) as error:
        raise TypeError(f"The payload of the event {name!r} must be JSON-serialisable: {error}") from error
    if not payloads:
        return
    created = DomainEvent.objects.bulk_create([DomainEvent(name=name, payload=p) for p in payloads], batch_size=2000)
    pks = [event.pk for event in created]

    def dispatch_committed() -> None:
        dispatch_many(pks)

    dispatch_committed.domain_event = True  # tests/conftest.py runs these at the test's commit point
    transaction.on_commit(dispatch_committed)
