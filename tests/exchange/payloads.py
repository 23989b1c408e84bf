"""What the apps really send, checked against the published kinds (spec/exchange/kinds/<kind>.schema.json).

A test module opts in with `pytestmark = pytest.mark.usefixtures("outbox_matches_spec")` after importing the
fixture: when each of its tests ends, the body of every message queued in the outbox (read out of its signed
envelope, as the peer will read it) must validate against its kind's schema.
"""

import json
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from corridor.core.crypto import b64url_decode

KINDS = Path(__file__).resolve().parents[2] / "spec" / "exchange" / "kinds"


@cache
def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((KINDS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(kind: str, body: dict) -> list[str]:
    return [f"{kind} {'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in validator(kind).iter_errors(body)]


def sent_bodies() -> list[tuple[str, dict]]:
    """(kind, body) of every message in the outbox, from the signed token itself."""
    from corridor.exchange.models import OutboundMessage

    out = []
    for kind, token in OutboundMessage.objects.order_by("created_at").values_list("kind", "token"):
        out.append((kind, json.loads(b64url_decode(token.split(".")[1]))["body"]))
    return out


def assert_sent_bodies_valid() -> list[str]:
    """Checks every queued body of a specified kind; returns the kinds checked (tests' own `test.*` kinds are skipped)."""
    checked, errors = [], []
    for kind, body in sent_bodies():
        if kind.startswith("test."):
            continue
        errors += problems(kind, body)
        checked.append(kind)
    assert not errors, "bodies that do not match spec/exchange/kinds:\n" + "\n".join(errors)
    return checked


@pytest.fixture
def outbox_matches_spec(db):
    yield
    assert_sent_bodies_valid()
