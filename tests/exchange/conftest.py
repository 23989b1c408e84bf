"""Fixtures for the exchange: a peer (Saudi Arabia) with its own key, and messages signed as that peer."""

import uuid
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from corridor.core import audit, crypto, signing
from corridor.exchange import envelope, handlers, services


@pytest.fixture(autouse=True)
def no_background_delivery(settings):
    """Unit tests deliver explicitly; a committed transaction does not start a delivery task."""
    settings.CORRIDOR_EXCHANGE_AUTO_DELIVER = False


@pytest.fixture
def counting_handler():
    """A test-only kind whose every application writes an audit entry (rolled back with the inbox transaction)."""
    applied = []

    def apply(peer, body):
        if body.get("refuse"):
            audit.record(actor=None, action="test.applied", object_id=str(body.get("n", "")))
            from corridor.core.errors import InvalidInput

            raise InvalidInput("refused by the test handler", code="test_refused")
        if body.get("crash"):
            raise RuntimeError("handler bug")
        audit.record(actor=None, action="test.applied", object_id=str(body.get("n", "")))
        applied.append(body.get("n"))

    handlers.register_handler("test.count", apply)
    yield applied
    handlers.unregister_handler("test.count")


@pytest.fixture
def peer_key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def peer(db, peer_key, counting_handler):
    return services.peer_add(acting_user=None, country="SA", url="http://sa.example", jwks=[crypto.public_jwk(peer_key.public_key())],
                             send=["test.count"], accept=["test.count"])


def sign_with(key, payload: dict, typ: str = envelope.TYP) -> str:
    header = {"alg": "EdDSA", "kid": crypto.key_id(key.public_key()), "typ": typ}
    signing_input = crypto.b64url(signing.canonical_json(header)) + "." + crypto.b64url(signing.canonical_json(payload))
    return signing_input + "." + crypto.b64url(key.sign(signing_input.encode("ascii")))


@pytest.fixture
def from_peer(peer_key):
    """make(**overrides) -> a token as the SA node would send it to this (PH) node."""

    def make(key=None, typ=envelope.TYP, **overrides):
        key = key or peer_key
        payload = {
            "v": 1, "id": str(uuid.uuid4()), "kind": "test.count",
            "sender": {"country": "SA", "key_id": crypto.key_id(key.public_key())}, "recipient": {"country": "PH"},
            "created_at": envelope._iso(timezone.now() - timedelta(seconds=1)), "ordering_key": None, "sequence": None,
            "body": {"n": 1},
        }
        payload.update(overrides)
        return sign_with(key, payload, typ)

    return make


def applied_count(n=None) -> int:
    from corridor.core.models import AuditEntry

    qs = AuditEntry.objects.filter(action="test.applied")
    return qs.filter(object_id=str(n)).count() if n is not None else qs.count()
