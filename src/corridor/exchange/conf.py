"""Tunable limits of the exchange: Django settings first, then CORRIDOR_EXCHANGE_* environment variables, then defaults."""

import os

from django.conf import settings

# Signed messages in one request to the inbox ({"messages": [...]}): a longer batch is refused as malformed.
MAX_MESSAGES_PER_REQUEST = 500

DEFAULTS = {
    "MAX_AGE_SECONDS": 30 * 24 * 3600,  # a message older than this is refused as expired (the replay window)
    "CLOCK_SKEW_SECONDS": 300,  # a message dated further in the future than this is refused
    "RETRY_BASE_SECONDS": 5.0,  # first retry after about this long, doubling each time
    "RETRY_CAP_SECONDS": 3600.0,  # never wait longer than this between attempts
    "LEASE_SECONDS": 120.0,  # a claimed message is offered again if its sender died mid-attempt
    "BATCH_SIZE": 500,  # messages per HTTP request (the protocol's most, MAX_MESSAGES_PER_REQUEST)
    # a request's tokens at most this many bytes (a longer batch goes in several requests; a larger token alone):
    # under the 2 MiB a node accepts by default (CORRIDOR_MAX_BODY_BYTES), so that big messages never make a batch
    # the peer refuses whole, again and again
    "REQUEST_BYTES": 1024 * 1024,
    # requests on the wire at once while delivering: the next batch is sent while the peer applies one (issue 12)
    "IN_FLIGHT": 2,
    "HTTP_TIMEOUT_SECONDS": 30.0,
    "MAX_BODY_BYTES": 256 * 1024,  # one message's body, as canonical JSON
    "REJECTIONS_PER_MINUTE": 60,  # per remote address: beyond this, invalid messages are refused without a log row
    "AUTO_DELIVER": True,  # enqueue a delivery task when a transaction that queued messages commits
}


def get(name: str):
    default = DEFAULTS[name]
    value = getattr(settings, f"CORRIDOR_EXCHANGE_{name}", None)
    if value is None:
        value = os.environ.get(f"CORRIDOR_EXCHANGE_{name}")
    if value is None:
        return default
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).strip().lower() in {"1", "true", "yes", "on"}
    return type(default)(value)
