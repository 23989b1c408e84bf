"""The exchange's part of this node's public document: where its inbox is, which kinds it applies, its limits.

Published at /.well-known/corridor-node.json under "exchange" (spec/exchange/v1/README.md, "The node document").
"""

from corridor.core import node
from corridor.exchange import conf, envelope, handlers

SPEC = "https://corridor.example/spec/exchange/v1"
INBOX_PATH = "/api/v1/exchange/inbox"


def exchange_section() -> dict:
    return {
        "spec": SPEC,
        "versions": [envelope.VERSION],
        "inbox": node.identity().url.rstrip("/") + INBOX_PATH,
        "kinds": handlers.handled_kinds(),
        "limits": {
            "max_body_bytes": conf.get("MAX_BODY_BYTES"),
            "max_messages_per_request": conf.MAX_MESSAGES_PER_REQUEST,
            "max_age_seconds": conf.get("MAX_AGE_SECONDS"),
            "clock_skew_seconds": conf.get("CLOCK_SKEW_SECONDS"),
            "rejections_per_minute": conf.get("REJECTIONS_PER_MINUTE"),
        },
    }


def register() -> None:
    node.register_document_section("exchange", exchange_section)
