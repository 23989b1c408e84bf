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

BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=6)
SWEEP_BATCH = 500


def subscriber(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function for the event `name` (idempotent: registering twice keeps one)."""

    def register(handler: Handler) -> Handler:
        if handler not in _subscribers[name]:
            _subscribers[name].append(handler)
        return handler

    return register


def subscribers(name: str) -> list[Handler]:
    return list(_subscribers.get(name, ()))


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
    event = DomainEvent.objects.filter(pk=event_id, done_at__isnull=True).first()
    if event is None:
        return True
    done = set(EventDelivery.objects.filter(event_id=event_id).values_list("subscriber", flat=True))
    failures = []
    for handler in subscribers(event.name):
        key = subscriber_key(handler)
        if key in done:
            continue
        try:
            with transaction.atomic():
                # The delivery row first: a second dispatcher of the same event (the sweep racing the commit hook)
                # waits on it, then fails the unique constraint and rolls back its run of the handler.
                EventDelivery.objects.create(event_id=event_id, subscriber=key)
                handler(**event.payload)
        except IntegrityError:
            if not EventDelivery.objects.filter(event_id=event_id, subscriber=key).exists():
                failures.append(key)
                logger.exception("Domain event #%s %s: subscriber %s failed", event_id, event.name, key)
        except Exception:  # noqa: BLE001 - a subscriber's failure must not undo the publisher's committed work
            failures.append(key)
            logger.exception("Domain event #%s %s: subscriber %s failed", event_id, event.name, key)
    now = timezone.now()
    if failures:
        attempts = event.attempts + 1
        next_at = now + backoff(attempts)
        DomainEvent.objects.filter(pk=event_id).update(attempts=attempts, next_attempt_at=next_at,
                                                        last_error=", ".join(failures)[:2000])
        return False
    DomainEvent.objects.filter(pk=event_id).update(done_at=now, next_attempt_at=None, last_error="")
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
    return sum(1 for pk in list(due) if dispatch(pk))


def pending_count() -> int:
    return DomainEvent.objects.filter(done_at__isnull=True).count()


def publish_many(name: str, payloads: list[dict]) -> None:
    """`publish` for many events of one name at once (a bulk import): stored in one INSERT per batch, in order, in
    the current transaction; dispatched in that order once it commits."""
    try:
        payloads = json.loads(json.dumps(payloads))
    except (TypeError, ValueError) as error:
        raise TypeError(f"The payload of the event {name!r} must be JSON-serialisable: {error}") from error
    if not payloads:
        return
    created = DomainEvent.objects.bulk_create([DomainEvent(name=name, payload=p) for p in payloads], batch_size=2000)
    pks = [event.pk for event in created]

    def dispatch_committed() -> None:
        for pk in pks:
            dispatch(pk)

    dispatch_committed.domain_event = True  # tests/conftest.py runs these at the test's commit point
    transaction.on_commit(dispatch_committed)
