"""The conformance kit in one process: against the standalone peer (served from a thread) it passes; against a peer
that skips a check it fails, naming the check. The kit against a real Corridor node is in test_protocol_nodes.py."""

import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from corridor.core import crypto
from corridor.exchange import conformance
from tests.protocol_peer import peer as standalone

KINDS = sorted(p.name.removesuffix(".schema.json") for p in (conformance.SPEC_DIR / "exchange" / "kinds").glob("*.schema.json"))


@pytest.fixture
def kit():
    return conformance.Kit(country="AQ", key=Ed25519PrivateKey.generate(), second_key=Ed25519PrivateKey.generate())


@pytest.fixture
def served_peer(tmp_path, kit):
    """The standalone peer (PH) trusting the kit's document, on a loopback port in this process."""
    keys = {}
    for jwk in kit.document()["keys"]:
        key = standalone.key_from_jwk(jwk)
        keys[standalone.kid_of(key)] = key
    config = standalone.Config(country="PH", url="", seed=Ed25519PrivateKey.generate().private_bytes_raw().hex(),
                               data_dir=Path(tmp_path), peers=[standalone.Peer("AQ", "", keys, set(KINDS))])
    server = standalone.serve(config, "127.0.0.1", 0)
    config.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield config
    server.shutdown()
    server.server_close()


def run(url, kit) -> conformance.Report:
    return conformance.Runner(url, kit).run()


def test_the_standalone_peer_passes_every_check(served_peer, kit):
    report = run(served_peer.url, kit)
    assert report.ok, [f"{c.name}: {c.detail}" for c in report.failed]
    names = [c.name for c in report.checks]
    assert sum(name.startswith("kind ") for name in names) == len(KINDS) - 1  # every kind it lists but ping
    assert len(names) >= 35


def test_a_peer_that_accepts_a_bad_signature_fails(served_peer, kit, monkeypatch):
    real = standalone.verify_jws

    def lax(token, keys, typ):
        try:
            return real(token, keys, typ)
        except standalone.Refused as exc:
            if exc.code != "bad_signature":
                raise
            import json

            return standalone.header_of(token), json.loads(standalone.unb64(token.split(".")[1]))

    monkeypatch.setattr(standalone, "verify_jws", lax)
    report = run(served_peer.url, kit)
    failed = {c.name for c in report.failed}
    assert not report.ok and "signature: an altered signature is bad_signature" in failed


def test_a_node_that_cannot_be_reached_fails_at_once(kit):
    report = run("http://127.0.0.1:9", kit)
    assert not report.ok and [c.label for c in report.checks] == ["FAIL"]


def test_the_kit_document_lists_both_keys(kit):
    kids = [k["kid"] for k in kit.document()["keys"]]
    assert kids == [crypto.key_id(kit.key.public_key()), crypto.key_id(kit.second_key.public_key())]


def test_the_standalone_peer_imports_nothing_of_corridor():
    """Written from the specification alone: its imports are the standard library, cryptography and rfc8785."""
    import ast
    import sys

    allowed = set(sys.stdlib_module_names) | {"cryptography", "rfc8785", "__future__", "peer"}
    for name in ("peer.py", "vectors.py"):
        tree = ast.parse((Path(standalone.__file__).parent / name).read_text())
        modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        modules |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert modules <= allowed, (name, modules - allowed)
