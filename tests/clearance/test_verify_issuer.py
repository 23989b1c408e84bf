"""Issue 13, faults 2 and 6 on the node: a peer's real key cannot mint our certificates; no answer without revocation says VALID."""

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from corridor.clearance import certificate, verifier
from corridor.core import crypto, signing

pytestmark = pytest.mark.django_db


@pytest.fixture
def sa_key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def sa_peer(db, sa_key):
    """Saudi Arabia's node as a confirmed peer of this (PH) node: its real key is on file."""
    from corridor.exchange import services

    return services.peer_add(acting_user=None, country="SA", url="http://sa.invalid", jwks=[crypto.public_jwk(sa_key.public_key())])


def mint(key, **overrides) -> str:
    """A certificate signed by `key`, with whatever claims its holder likes."""
    now = dt.datetime.now(dt.UTC)
    payload = certificate.claims(issuer="PH", key_id=crypto.key_id(key.public_key()), reference="PH-CLR-2026-0000001",
                                 worker_name="Maria Luisa Santos", passport_number="P1234567A", nationality="PH", destination="SA",
                                 employer="Al Noor Home Services Co.", contract_reference="PH-2026-000001", content_hash="0" * 64,
                                 departure_by=(now + dt.timedelta(days=30)).date(), issued_at=now, expires_at=now + dt.timedelta(days=30))
    payload.update(overrides)
    header = {"alg": "EdDSA", "kid": crypto.key_id(key.public_key()), "typ": certificate.TYP}
    signing_input = crypto.b64url(signing.canonical_json(header)) + "." + crypto.b64url(signing.canonical_json(payload))
    return signing_input + "." + crypto.b64url(key.sign(signing_input.encode("ascii")))


@pytest.fixture(autouse=True)
def issuer_unreachable(monkeypatch):
    monkeypatch.setattr(verifier, "fetch_status", lambda base, reference: None)


def test_a_peers_key_cannot_mint_a_certificate_issued_by_this_node(sa_peer, sa_key, client):
    forged = mint(sa_key)  # names PH as issuer, signed by SA's confirmed key
    result = verifier.verify_here(forged)
    assert result.status == "invalid" and result.claims == {}
    page = client.post(reverse("clearance:verify"), {"token": forged}).content.decode()
    assert "verdict-invalid" in page and "Issued by" not in page and "verdict-valid" not in page
    answer = client.post("/api/v1/clearances/verify", {"token": forged}, content_type="application/json").json()
    assert answer["status"] == "invalid" and answer["claims"] == {}


def test_a_peers_key_cannot_vouch_for_a_third_country(sa_peer, sa_key):
    assert verifier.verify_here(mint(sa_key, iss="AE")).status == "invalid"


def test_a_peers_own_certificate_is_genuine_but_its_revocation_unchecked_when_the_peer_is_silent(sa_peer, sa_key, client):
    genuine = mint(sa_key, iss="SA", jti="SA-CLR-2026-0000001", dst="PH")
    result = verifier.verify_here(genuine)
    assert result.status == "revocation_not_checked" and result.claims["iss"] == "SA"
    page = client.post(reverse("clearance:verify"), {"token": genuine}).content.decode()
    assert "verdict-revocation_not_checked" in page and "Signature valid, revocation not checked" in page
    answer = client.post("/api/v1/clearances/verify", {"token": genuine}, content_type="application/json").json()
    assert answer["status"] == "revocation_not_checked"


def test_a_peers_certificate_is_valid_when_the_peer_answers(sa_peer, sa_key, monkeypatch):
    monkeypatch.setattr(verifier, "fetch_status", lambda base, reference: "valid")
    assert verifier.verify_here(mint(sa_key, iss="SA", jti="SA-CLR-2026-0000002", dst="PH")).status == "valid"


def test_our_key_cannot_be_used_for_a_certificate_naming_another_issuer(db):
    own = crypto.node_private_key()
    assert verifier.verify_here(mint(own, iss="SA")).status == "invalid"
