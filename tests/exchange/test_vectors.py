"""The published test vectors (spec/vectors/) against Corridor's code: canonical JSON, signatures and every refusal.

The vectors are written by the standalone peer (tests/protocol_peer/vectors.py) from the specification alone; these
tests fail when Corridor's code and the vectors drift apart, and when the files are not what the peer writes.
"""

import datetime as dt
import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import pytest

from corridor.core import canonical, crypto, node, signing
from corridor.exchange import envelope
from corridor.exchange.errors import MessageRejected

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "spec" / "vectors"


def load(name: str) -> dict:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def test_the_files_are_what_the_standalone_peer_writes():
    spec = importlib.util.spec_from_file_location("protocol_peer_vectors", ROOT / "tests" / "protocol_peer" / "vectors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.files().items():
        assert (VECTORS / name).read_text(encoding="utf-8") == text, f"spec/vectors/{name} is stale: run tests/protocol_peer/vectors.py"


@pytest.mark.parametrize("case", load("canonical.json")["cases"], ids=lambda c: c["name"])
def test_canonical_json(case):
    value = json.loads(case["input"], parse_float=Decimal)
    assert canonical.canonical_json(value) == case["canonical"].encode("utf-8")
    assert canonical.content_hash(value) == case["sha256"]


def private_key(name: str):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(load("keys.json")["keys"][name]["private_seed_hex"]))


def test_keys_and_key_ids():
    for entry in load("keys.json")["keys"].values():
        public = crypto.public_key_from_jwk(entry["public_jwk"])
        assert crypto.public_jwk(public) == entry["public_jwk"]
        assert private_key_of(entry).public_key().public_bytes_raw() == crypto.public_key_raw(public)


def private_key_of(entry):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(entry["private_seed_hex"]))


@pytest.fixture
def as_sa_with_ph_peer(monkeypatch):
    """This node is SA; PH's test document (two keys) is its peer's."""
    monkeypatch.setattr(node, "identity", lambda: node.NodeIdentity("SA", "Saudi Arabia", "SA", "https://sa.corridor.example"))
    document = load("keys.json")["node_documents"]["PH"]
    return {jwk["kid"]: (1, "PH", crypto.public_key_from_jwk(jwk)) for jwk in document["keys"]}


CASES = load("envelopes.json")["cases"]
VERIFY_AT = dt.datetime.fromisoformat(load("envelopes.json")["verify_at"].replace("Z", "+00:00"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_envelope_vectors(case, as_sa_with_ph_peer):
    if case["expect"] == "accepted":
        received = envelope.verify(case["token"], as_sa_with_ph_peer, now=VERIFY_AT)
        assert received.body == case["envelope"]["body"] and str(received.id) == case["envelope"]["id"]
    else:
        with pytest.raises(MessageRejected) as info:
            envelope.verify(case["token"], as_sa_with_ph_peer, now=VERIFY_AT)
        assert info.value.code == case["expect"]


@pytest.mark.parametrize("case", [c for c in CASES if "envelope" in c], ids=lambda c: c["name"])
def test_corridor_signs_exactly_the_published_bytes(case, monkeypatch):
    """Same envelope, same key: Corridor's canonical form, header and (deterministic Ed25519) signature are the vector's."""
    kid = case["envelope"]["sender"]["key_id"]
    name = next(n for n, e in load("keys.json")["keys"].items() if e["public_jwk"]["kid"] == kid)
    monkeypatch.setattr(crypto, "node_private_key", lambda: private_key(name))
    assert signing.canonical_json(case["envelope"]) == case["canonical"].encode("utf-8")
    assert signing.canonical_json(case["header"]) == crypto.b64url_decode(case["token"].split(".")[0])
    assert envelope.sign(case["envelope"]) == case["token"]


def test_envelopes_built_by_corridor_have_the_published_shape(monkeypatch):
    monkeypatch.setattr(crypto, "node_private_key", lambda: private_key("ph-1"))
    monkeypatch.setattr(node, "identity", lambda: node.NodeIdentity("PH", "Philippines", "PH", "https://ph.corridor.example"))
    published = next(c for c in CASES if c["name"].startswith("a ping"))["envelope"]
    built = envelope.build(message_id=published["id"], kind="ping", recipient="SA", body={"from": "PH"},
                           created_at=dt.datetime.fromisoformat(published["created_at"].replace("Z", "+00:00")))
    assert built == published
