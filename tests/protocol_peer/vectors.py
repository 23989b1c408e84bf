"""Writes the published test vectors (spec/vectors/) with the standalone peer's own primitives, never Corridor's.

    python tests/protocol_peer/vectors.py            # rewrite spec/vectors/*.json
    python tests/protocol_peer/vectors.py --check    # exit 1 when the files differ from what this writes

Ed25519 signatures are deterministic (RFC 8032), so the same keys and inputs always give the same tokens. The keys
are published test keys: never use them for anything else.
"""

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import peer  # noqa: E402 - the standalone peer, imported as a script sibling

OUT = HERE.parents[1] / "spec" / "vectors"
CREATED = dt.datetime(2026, 5, 1, 8, 30, 0, 123456, tzinfo=dt.UTC)
VERIFY_AT = "2026-05-01T08:31:00Z"


def seed(label: str) -> str:
    return hashlib.sha256(f"corridor spec test vector key: {label}".encode()).hexdigest()


KEYS = {"ph-1": seed("ph-1"), "ph-2": seed("ph-2"), "stranger": seed("stranger")}


def keys() -> dict:
    out = {}
    for name, value in KEYS.items():
        key = peer.private_key(value)
        out[name] = {"private_seed_hex": value, "public_jwk": peer.jwk_of(key.public_key())}
    return {"$comment": "Published test keys (Ed25519, RFC 8032 seeds). ph-1 and ph-2 are the two keys of the PH test node's "
                        "document (rotation: both listed); stranger is listed nowhere.",
            "keys": out,
            "node_documents": {"PH": {"v": 1, "node": {"country": "PH", "name": "Test vector node PH", "url": "https://ph.corridor.example"},
                                      "keys": [out["ph-1"]["public_jwk"], out["ph-2"]["public_jwk"]]}}}


def canonical() -> dict:
    cases = [
        ("sorting by UTF-16 code units, not by code points", '{"\\ufb01":1,"\\ud83d\\ude00":2,"a":3,"A":4,"\\u00e9":5}'),
        ("no whitespace, nested", '{ "b" : [ 1 , { "d" : true , "c" : null } ], "a" : "x" }'),
        ("string escapes: only the required ones, lower-case \\u00XX", '{"s":"\\u0007\\n\\t\\"\\\\/\\u00e9\\u2028"}'),
        ("integers", '{"big":9007199254740991,"neg":-42,"zero":0}'),
        ("amounts are decimal strings, kept as written", '{"amount":"1500.00","currency":"SAR"}'),
        ("an envelope-like object", '{"v":1,"sequence":null,"ordering_key":null,"body":{}}'),
    ]
    return {"$comment": "RFC 8785 (JSON Canonicalization Scheme): input is JSON text, canonical the exact UTF-8 bytes "
                        "(shown as a string) and sha256 their hash.",
            "cases": [{"name": name, "input": text, "canonical": peer.canonical(json.loads(text)).decode("utf-8"),
                       "sha256": hashlib.sha256(peer.canonical(json.loads(text))).hexdigest()} for name, text in cases]}


def _raw(header: dict, payload: bytes, key) -> str:
    signing_input = peer.b64(json.dumps(header, separators=(",", ":")).encode()) + "." + peer.b64(payload)
    return signing_input + "." + peer.b64(key.sign(signing_input.encode("ascii")))


def envelopes() -> dict:
    k1, k2, stranger = (peer.private_key(KEYS[n]) for n in ("ph-1", "ph-2", "stranger"))
    base = dict(sender="PH", recipient="SA", kind="ping", body={"from": "PH"}, created_at=CREATED)

    def env(key=k1, **over):
        args = {**base, "key": key, "message_id": "6f1c8a0e-3b5e-4c9b-9a57-2d1f0c7e4b11", **over}
        return peer.envelope(**args)

    good = env()
    ordered = env(message_id="0b7e3c1a-6d2f-4e8a-9c51-7a4b2e9d0f33", kind="clearance.halted", ordering_key="contract:PH-CTR-2026-0000123",
                  sequence=2, body={"reference": "PH-CLR-2026-0000042", "reason": "Employer watchlisted", "halted_at": "2026-05-01T08:00:00Z"})
    rotated = env(key=k2, message_id="9a3f1e22-47c0-4b8e-8f2d-1c6e5b4a3d21")
    cases = []

    def add(name, token, expect, envelope=None, note=""):
        row = {"name": name, "token": token, "expect": expect}
        if envelope is not None:
            row["envelope"] = envelope
            row["canonical"] = peer.canonical(envelope).decode("utf-8")
            row["header"] = {"alg": "EdDSA", "kid": envelope["sender"]["key_id"], "typ": peer.MESSAGE_TYP}
            row["signing_input"] = token.rsplit(".", 1)[0]
        if note:
            row["note"] = note
        cases.append(row)

    token = peer.sign(good, k1, peer.MESSAGE_TYP)
    add("a ping, no ordering key", token, "accepted", good)
    add("ordered message (sequence 2 of its key)", peer.sign(ordered, k1, peer.MESSAGE_TYP), "accepted", ordered,
        "Verifies; a receiver that has not applied sequence 1 of this key answers deferred / out_of_order.")
    add("signed with the second key of the sender's document (rotation)", peer.sign(rotated, k2, peer.MESSAGE_TYP), "accepted", rotated)
    head, payload, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    add("signature altered", ".".join([head, payload, flipped]), "bad_signature")
    altered = json.loads(peer.canonical(good))
    altered["body"] = {"from": "XX"}
    add("payload altered after signing", ".".join([head, peer.b64(peer.canonical(altered)), signature]), "bad_signature")
    add("signed by a key no document lists", peer.sign(env(key=stranger), stranger, peer.MESSAGE_TYP), "unknown_sender")
    add("addressed to another node", peer.sign(env(recipient="AE"), k1, peer.MESSAGE_TYP), "wrong_recipient")
    wrong_sender = env()
    wrong_sender["sender"]["country"] = "NP"
    add("envelope names another sender than the key's owner", peer.sign(wrong_sender, k1, peer.MESSAGE_TYP), "sender_mismatch")
    add("older than the acceptance window (30 days)", peer.sign(env(created_at=CREATED - dt.timedelta(days=31)), k1, peer.MESSAGE_TYP), "expired")
    add("dated beyond the clock skew (5 minutes)", peer.sign(env(created_at=CREATED + dt.timedelta(minutes=10)), k1, peer.MESSAGE_TYP), "from_future")
    add("another algorithm", _raw({"alg": "HS256", "kid": peer.kid_of(k1.public_key()), "typ": peer.MESSAGE_TYP}, peer.canonical(good), k1),
        "bad_algorithm")
    add("another token type", peer.sign(good, k1, "JWT"), "wrong_type")
    add("a crit header", _raw({"alg": "EdDSA", "crit": ["exp"], "kid": peer.kid_of(k1.public_key()), "typ": peer.MESSAGE_TYP},
                              peer.canonical(good), k1), "malformed")
    add("padded base64url", token.split(".")[0] + "=." + ".".join(token.split(".")[1:]), "malformed")
    add("not a JWS", "hello", "malformed")
    v2 = env()
    v2["v"] = 2
    add("an unknown envelope version", peer.sign(v2, k1, peer.MESSAGE_TYP), "malformed")
    return {"$comment": "Signed envelopes from PH (keys ph-1, ph-2 of keys.json) to SA. A receiver whose node is SA, with PH's "
                        "document as a peer's, checking at verify_at, answers expect (accepted: the envelope is valid; any "
                        "other value is the refusal code).",
            "recipient": "SA", "verify_at": VERIFY_AT, "cases": cases}


def certificates() -> dict:
    k1 = peer.private_key(KEYS["ph-1"])
    valid_from = dt.datetime(2026, 5, 1, 8, 0, 0, tzinfo=dt.UTC)
    valid_until = dt.datetime(2026, 6, 15, 0, 0, 0, tzinfo=dt.UTC)
    subject = {"reference": "PH-CLR-2026-0000042", "name": "Maria Santos", "passport_ending": "567A", "nationality": "PH",
               "destination": "SA", "employer": "Al Noor Cleaning Services", "contract": "PH-CTR-2026-0000123",
               "contract_digest": hashlib.sha256(b"the registered contract").hexdigest(), "depart_by": "2026-06-01"}
    token = peer.certificate(key=k1, issuer_url="https://ph.corridor.example", issuer_country="PH", valid_from=valid_from,
                             valid_until=valid_until, **subject)
    legacy_claims = {"iss": "PH", "kid": peer.kid_of(k1.public_key()), "jti": subject["reference"], "name": subject["name"],
                     "pp4": "567A", "nat": "PH", "dst": "SA", "emp": subject["employer"], "ctr": subject["contract"],
                     "ch": subject["contract_digest"], "dep": "2026-06-01", "iat": int(valid_from.timestamp()),
                     "exp": int(valid_until.timestamp())}
    legacy = peer.sign(legacy_claims, k1, "corridor-clearance+jws")
    halts = peer.sign({"iss": "PH", "iat": int(dt.datetime(2026, 5, 20, tzinfo=dt.UTC).timestamp()),
                       "halted": [{"jti": "PH-CLR-2026-0000042", "at": "2026-05-19T10:00:00Z"}]}, k1, "corridor-revocations+jws")
    return {"$comment": "Clearance certificates by the PH test node (key ph-1, document node_documents.PH of keys.json). "
                        "credential: a W3C Verifiable Credential secured as JWS (typ vc+jwt); legacy: the form issued before "
                        "(typ corridor-clearance+jws), which verifiers keep accepting; halt_list: PH's signed revocation list, "
                        "on which the certificate is halted.",
            "issuer_document": "keys.json#node_documents.PH",
            "credential": {"token": token, "payload": json.loads(peer.unb64(token.split(".")[1])), "verify_at": "2026-05-10T00:00:00Z",
                           "expect": "valid until 2026-06-15T00:00:00Z; halted by halt_list"},
            "claims": legacy_claims,
            "legacy": {"token": legacy, "payload": legacy_claims},
            "halt_list": {"token": halts}}


def files() -> dict[str, str]:
    return {name: json.dumps(build(), indent=2, ensure_ascii=False) + "\n" for name, build in (
        ("keys.json", keys), ("canonical.json", canonical), ("envelopes.json", envelopes), ("certificates.json", certificates))}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    differ = []
    for name, text in files().items():
        path = OUT / name
        if "--check" in sys.argv:
            if not path.exists() or path.read_text() != text:
                differ.append(name)
        else:
            path.write_text(text)
    if differ:
        print("differ:", ", ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
