"""Domain events: an app publishes a named fact about its own records; other apps subscribe in ready().

The interface every app uses (the implementation behind it may change; these two names do not):

    from corridor.core import events

    events.publish("clearance.granted", clearance_id=clearance.pk)   # inside the writing service

    @events.subscriber("clearance.granted")                          # registered from AppConfig.ready()
    def _on_granted(*, clearance_id: int, **_) -> None: ...

Payloads are JSON-serialisable keyword arguments (ids and small facts, never model instances), so that
an event can be stored and handed on later. Subscribers run after the publishing transaction commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

Handler = Callable[..., None]

_subscribers: dict[str, list[Handler]] = defaultdict(list)


def subscriber(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function for the event `name` (idempotent: registering twice keeps one)."""

    def register(handler: Handler) -> Handler:
        if handler not in _subscribers[name]:
            _subscribers[name].append(handler)
        return handler

    return register


def subscribers(name: str) -> list[Handler]:
    return list(_subscribers.get(name, ()))


def publish(name: str, **payload) -> None:
    """Announce `name` with `payload` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: dispatch(name, payload))


def dispatch(name: str, payload: dict) -> None:
    for handler in subscribers(name):
        with transaction.atomic():
            handler(**payload)
