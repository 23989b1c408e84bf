"""Throttling that slows a guesser without locking anyone else out.

A throttle counts failures per key in fixed windows (`ThrottleBucket`) and answers, before any secret is
checked, whether a new attempt must wait: nothing happens below `free` failures, then each further failure
doubles the wait (`base_delay`, 2×, 4×, … up to `max_delay`) counted from the last failure. Keys are always
keyed hashes, never the raw value:

- `requester_key(request)`: the client's address (the forwarding proxy's `X-Forwarded-For` only when the
  direct peer is one of `CORRIDOR_TRUSTED_PROXIES`; IPv6 by its /64) hashed with HMAC under a key derived from
  the node's secret key *and the current window*, so the same address gives unlinkable keys in two windows;
  the hash lives only in the throttle table, for two windows, and is never logged.
- `value_key(purpose, value)`: a receipt code or an account name, HMAC under the node's secret key.

Nothing here is global or shared between keys: a guesser can only slow down their own requests and the
codes or accounts they name, and callers decide which keys an honest user never shares with the attacker.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from corridor.core.models import ThrottleBucket


def _secret(purpose: str) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), f"corridor.throttle.{purpose}".encode(), hashlib.sha256).digest()


def trusted_proxies() -> set[str]:
    return {p.strip() for p in getattr(settings, "CORRIDOR_TRUSTED_PROXIES", []) if p.strip()}


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the last hop of X-Forwarded-For when the peer is a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if remote in trusted_proxies():
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if forwarded:
            remote = forwarded[-1]
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return remote[:64]
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def window_start(seconds: int, now: float | None = None) -> datetime:
    now = int(time.time() if now is None else now)
    return datetime.fromtimestamp(now - now % seconds, tz=UTC)


def requester_key(request, *, window_seconds: int) -> str:
    """A keyed hash of the client's address that changes with every window (see the module's note)."""
    window = int(window_start(window_seconds).timestamp())
    key = hmac.new(_secret("requester"), str(window).encode(), hashlib.sha256).digest()
    return hmac.new(key, client_address(request).encode(), hashlib.sha256).hexdigest()[:40]


def value_key(purpose: str, value: str) -> str:
    return hmac.new(_secret(purpose), value.encode("utf-8"), hashlib.sha256).hexdigest()[:40]


@dataclass(frozen=True)
class Throttle:
    """Failures of one scope: `free` failures cost nothing, then the wait doubles from `base_delay`."""

    scope: str
    free: int
    base_delay: float
    max_delay: float
    window_seconds: int

    def wait(self, key: str, *, now: float | None = None) -> float:
        """Seconds the key must still wait before its next attempt (0 when it may try now)."""
        now = time.time() if now is None else now
        bucket = ThrottleBucket.objects.filter(scope=self.scope, key=key,
                                               window_start=window_start(self.window_seconds, now)).first()
        if bucket is None or bucket.failures < self.free:
            return 0.0
        delay = min(self.max_delay, self.base_delay * 2 ** (bucket.failures - self.free))
        return max(0.0, bucket.last_failure.timestamp() + delay - now)

    def failures(self, key: str) -> int:
        bucket = ThrottleBucket.objects.filter(scope=self.scope, key=key, window_start=window_start(self.window_seconds)).first()
        return bucket.failures if bucket else 0

    def fail(self, key: str) -> None:
        """Count one failure for the key (and drop windows that can no longer matter)."""
        window = window_start(self.window_seconds)
        now = datetime.now(tz=UTC)
        with transaction.atomic():
            updated = ThrottleBucket.objects.filter(scope=self.scope, key=key, window_start=window).update(
                failures=F("failures") + 1, last_failure=now)
            if not updated:
                try:
                    with transaction.atomic():
                        ThrottleBucket.objects.create(scope=self.scope, key=key, window_start=window, failures=1,
                                                      last_failure=now)
                except IntegrityError:  # made at the same moment by another failure: count on that row
                    ThrottleBucket.objects.filter(scope=self.scope, key=key, window_start=window).update(
                        failures=F("failures") + 1, last_failure=now)
            ThrottleBucket.objects.filter(scope=self.scope,
                                          window_start__lt=window - timedelta(seconds=self.window_seconds)).delete()

    def clear(self, key: str) -> None:
        ThrottleBucket.objects.filter(scope=self.scope, key=key).delete()
