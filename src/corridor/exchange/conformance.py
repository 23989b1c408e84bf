"""The conformance kit: exercise a remote node against spec/exchange/v1 as a peer would, and report each check.

The kit is a peer with keys of its own (`Kit`): the node under test must have added the kit's node document as the
peer of the kit's country first (spec/exchange/v1 section 12), accepting the kinds it lists. Nothing here touches
this node's database or keys, and nothing here knows a domain app: bodies come from the published kinds' examples.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft202012Validator

from corridor.core import canonical, crypto, signing
from corridor.exchange import envelope as signed_envelope

SPEC_DIR = Path(__file__).resolve().parents[3] / "spec"
TIMEOUT = 30.0
# Codes that say the node refused the message itself (not its handler's verdict on the example data).
TRANSPORT_CODES = frozenset({"malformed", "too_large", "bad_algorithm", "wrong_type", "unknown_sender", "bad_signature",
                             "sender_mismatch", "wrong_recipient", "expired", "from_future", "kind_not_accepted", "unknown_kind",
                             "sequence_conflict", "too_many_rejections", "out_of_order", "receiver_error"})


def load_key(path: str | Path, *, create: bool = False) -> Ed25519PrivateKey:
    """An Ed25519 private key from a PEM file; with create, a new one is written there first when it is missing."""
    path = Path(path)
    if create and not path.exists():
        path.write_text(crypto.generate_signing_key_pem(), encoding="ascii")
        path.chmod(0o600)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key.")
    return key


@dataclass
class Kit:
    """The kit's identity as a peer: its country, its address (only a name: the kit serves nothing) and two keys."""

    country: str
    key: Ed25519PrivateKey
    second_key: Ed25519PrivateKey
    url: str = "http://conformance.invalid"

    def document(self) -> dict:
        return {"v": 1, "node": {"country": self.country, "name": "Corridor conformance kit", "url": self.url},
                "keys": [crypto.public_jwk(self.key.public_key()), crypto.public_jwk(self.second_key.public_key())]}

    def envelope(self, *, recipient: str, kind: str = "ping", body: dict | None = None, ordering_key: str | None = None,
                 sequence: int | None = None, key: Ed25519PrivateKey | None = None, created_at: dt.datetime | None = None,
                 sender: str | None = None) -> dict:
        key = key or self.key
        return {"v": signed_envelope.VERSION, "id": str(uuid.uuid4()), "kind": kind,
                "sender": {"country": sender or self.country, "key_id": crypto.key_id(key.public_key())},
                "recipient": {"country": recipient},
                "created_at": (created_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "ordering_key": ordering_key, "sequence": sequence if ordering_key else None,
                "body": {"from": self.country} if body is None else body}

    def sign(self, payload: dict, *, key: Ed25519PrivateKey | None = None, typ: str = signed_envelope.TYP, header: dict | None = None) -> str:
        return signing.jws_sign_with(key or self.key, payload, typ=typ, header=header)


@dataclass
class Check:
    name: str
    passed: bool | None  # None: skipped
    detail: str = ""

    @property
    def label(self) -> str:
        return {True: "PASS", False: "FAIL", None: "SKIP"}[self.passed]


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.passed is False]

    @property
    def ok(self) -> bool:
        return not self.failed and any(c.passed for c in self.checks)


def http(method: str, url: str, data: bytes | None = None) -> tuple[int, object]:
    """(HTTP status, JSON answer or None); (0, reason) when the node cannot be reached."""
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Content-Type": "application/json", "Accept": "application/json", "User-Agent": "corridor-conformance/1"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - the operator's node address
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except (urllib.error.URLError, OSError) as exc:
        return 0, str(getattr(exc, "reason", exc))
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, None


def example_bodies(spec_dir: Path) -> dict[str, dict]:
    """The first example of each published kind schema."""
    out = {}
    for path in sorted((spec_dir / "exchange" / "kinds").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if schema.get("examples"):
            out[path.name.removesuffix(".schema.json")] = schema["examples"][0]
    return out


class Runner:
    """Runs every check against one node; `report.checks` in the order run."""

    def __init__(self, base_url: str, kit: Kit, *, spec_dir: Path = SPEC_DIR, echo: Callable[[Check], None] | None = None):
        self.base = base_url.rstrip("/")
        self.kit = kit
        self.spec_dir = spec_dir
        self.echo = echo
        self.report = Report()
        self.document: dict = {}
        self.inbox = self.base + "/api/v1/exchange/inbox"
        self.country = ""

    def record(self, name: str, passed: bool | None, detail: str = "") -> bool:
        check = Check(name, passed, detail)
        self.report.checks.append(check)
        if self.echo:
            self.echo(check)
        return bool(passed)

    # --- transport helpers ---
    def post_one(self, token) -> tuple[int, dict]:
        status, answer = http("POST", self.inbox, json.dumps({"message": token}).encode())
        return status, answer if isinstance(answer, dict) else {"raw": answer}

    def expect(self, name: str, token, code: str, *, http_status: int = 400, status: str = "rejected") -> dict:
        got_status, answer = self.post_one(token)
        ok = got_status == http_status and answer.get("status") == status and answer.get("code") == code
        self.record(name, ok, f"HTTP {got_status} {answer.get('status')} {answer.get('code')}"
                    + ("" if ok else f" (expected HTTP {http_status} {status} {code})"))
        return answer

    def message(self, **kwargs) -> str:
        return self.kit.sign(self.kit.envelope(recipient=self.country, **kwargs), key=kwargs.get("key"))

    # --- the checks ---
    def run(self) -> Report:
        if not self.check_document():
            return self.report
        self.check_ping_and_duplicates()
        self.check_kinds()
        self.check_ordering()
        self.check_batches()
        self.check_signatures()
        self.check_addressing()
        self.check_time_window()
        self.check_encoding()
        self.check_sizes()
        self.check_rotation()
        return self.report

    def check_document(self) -> bool:
        status, document = http("GET", self.base + "/.well-known/corridor-node.json")
        if status != 200 or not isinstance(document, dict):
            return self.record("identity: node document served", False, f"HTTP {status}: {document if status == 0 else 'not JSON'}")
        self.document = document
        schema = json.loads((self.spec_dir / "exchange" / "v1" / "node-document.schema.json").read_text(encoding="utf-8"))
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(document)]
        if not self.record("identity: node document matches node-document.schema.json", not errors, "; ".join(errors[:3])):
            return False
        self.country = document["node"]["country"]
        wrong = []
        for jwk in document["keys"]:
            try:
                if crypto.key_id(crypto.public_key_from_jwk(jwk)) != jwk["kid"]:
                    wrong.append(jwk["kid"])
            except (ValueError, TypeError):
                wrong.append(str(jwk.get("kid")))
        self.record("identity: every key id is the SHA-256 prefix of its key", not wrong, ", ".join(wrong))
        exchange = document.get("exchange") or {}
        if not self.record("identity: the document names an inbox for envelope version 1",
                           bool(exchange.get("inbox")) and 1 in exchange.get("versions", []), str(exchange.get("inbox", ""))):
            return False
        self.inbox = exchange["inbox"]
        self.limits = exchange.get("limits") or {}
        return True

    def check_ping_and_duplicates(self) -> None:
        token = self.message(kind="ping")
        status, first = self.post_one(token)
        self.record("message: a signed ping is accepted", status == 200 and first.get("status") == "accepted",
                    f"HTTP {status} {first.get('status')} {first.get('code')}: {first.get('reason', '')}"[:300])
        status, again = self.post_one(token)
        self.record("idempotency: the same message again answers its first outcome, marked duplicate",
                    status == 200 and again.get("status") == "accepted" and again.get("duplicate") is True,
                    f"HTTP {status} {again.get('status')} duplicate={again.get('duplicate')}")

    def check_kinds(self) -> None:
        examples = example_bodies(self.spec_dir)
        for kind in self.document["exchange"].get("kinds", []):
            if kind == "ping":
                continue
            if kind not in examples:
                self.record(f"kind {kind}: no published schema with an example", None, "not sent")
                continue
            status, answer = self.post_one(self.message(kind=kind, body=examples[kind]))
            code = str(answer.get("code", ""))
            ok = (answer.get("status") == "accepted" and status == 200) or (
                answer.get("status") == "rejected" and status == 400 and code not in TRANSPORT_CODES)
            self.record(f"kind {kind}: the example body is authenticated and answered by its handler", ok,
                        f"HTTP {status} {answer.get('status')} {code}" + ("" if ok else f": {answer.get('reason', '')}"[:200]))

    def check_ordering(self) -> None:
        key = f"conformance:{uuid.uuid4()}"
        second = self.message(ordering_key=key, sequence=2)
        self.expect("ordering: sequence 2 before 1 is deferred (out_of_order)", second, "out_of_order", http_status=503,
                    status="deferred")
        self.expect("ordering: then sequence 1 is accepted", self.message(ordering_key=key, sequence=1), "applied",
                    http_status=200, status="accepted")
        self.expect("ordering: sequence 2 offered again is accepted", second, "applied", http_status=200, status="accepted")
        self.expect("ordering: another message in a place already taken is sequence_conflict",
                    self.message(ordering_key=key, sequence=2), "sequence_conflict")

    def check_batches(self) -> None:
        good = self.message()
        bad = _flip_signature(self.message())
        status, answer = http("POST", self.inbox, json.dumps({"messages": [good, bad]}).encode())
        results = answer.get("results") if isinstance(answer, dict) else None
        ok = status == 200 and isinstance(results, list) and len(results) == 2 and results[0].get("status") == "accepted" \
            and results[1].get("code") == "bad_signature"
        self.record("batch: one answer per message, in order, each judged on its own", ok, f"HTTP {status} {results}"[:300])

    def check_signatures(self) -> None:
        self.expect("signature: an altered signature is bad_signature", _flip_signature(self.message()), "bad_signature")
        header, _payload, signature = self.message().split(".")
        other = crypto.b64url(canonical.canonical_json(self.kit.envelope(recipient=self.country, body={"from": "altered"})))
        self.expect("signature: a payload altered after signing is bad_signature", f"{header}.{other}.{signature}", "bad_signature")
        stranger = Ed25519PrivateKey.generate()
        self.expect("signature: a key the node never confirmed is unknown_sender", self.message(key=stranger), "unknown_sender")

    def check_addressing(self) -> None:
        elsewhere = "AQ" if self.country != "AQ" else "BV"
        self.expect("addressing: a message for another node is wrong_recipient",
                    self.kit.sign(self.kit.envelope(recipient=elsewhere)), "wrong_recipient")
        impostor = "BV" if self.kit.country != "BV" else "AQ"
        self.expect("addressing: an envelope naming another sender than the key's owner is sender_mismatch",
                    self.kit.sign(self.kit.envelope(recipient=self.country, sender=impostor)), "sender_mismatch")

    def check_time_window(self) -> None:
        now = dt.datetime.now(dt.UTC)
        age = int(self.limits.get("max_age_seconds", 30 * 24 * 3600))
        skew = int(self.limits.get("clock_skew_seconds", 300))
        self.expect("window: a message older than the acceptance window is expired",
                    self.message(created_at=now - dt.timedelta(seconds=age + 3600)), "expired")
        self.expect("window: a message dated beyond the clock skew is from_future",
                    self.message(created_at=now + dt.timedelta(seconds=skew + 3600)), "from_future")

    def check_encoding(self) -> None:
        env = self.kit.envelope(recipient=self.country)
        self.expect("encoding: an algorithm other than EdDSA is bad_algorithm", self.kit.sign(env, header={"alg": "HS256"}),
                    "bad_algorithm")
        self.expect("encoding: another typ is wrong_type", self.kit.sign(env, typ="JWT"), "wrong_type")
        self.expect("encoding: a crit header is refused (malformed)", self.kit.sign(env, header={"crit": ["exp"]}), "malformed")
        token = self.kit.sign(env)
        head, rest = token.split(".", 1)
        self.expect("encoding: padded base64url is malformed", f"{head}=.{rest}", "malformed")
        self.expect("encoding: a string that is not a JWS is malformed", "not-a-jws", "malformed")
        v2 = dict(self.kit.envelope(recipient=self.country), v=2)
        self.expect("encoding: an unknown envelope version is malformed", self.kit.sign(v2), "malformed")
        no_body = {k: v for k, v in self.kit.envelope(recipient=self.country).items() if k != "body"}
        self.expect("encoding: an envelope without a body object is malformed", self.kit.sign(no_body), "malformed")
        status, answer = http("POST", self.inbox, b"this is not JSON")
        self.record("request: a body that is not JSON is refused (400 malformed)",
                    status == 400 and isinstance(answer, dict) and answer.get("code") == "malformed", f"HTTP {status} {answer}"[:200])
        status, answer = http("POST", self.inbox, json.dumps({"messages": []}).encode())
        self.record("request: an empty batch is refused (400 malformed)",
                    status == 400 and isinstance(answer, dict) and answer.get("code") == "malformed", f"HTTP {status} {answer}"[:200])
        most = int(self.limits.get("max_messages_per_request", 500))
        status, answer = http("POST", self.inbox, json.dumps({"messages": ["x"] * (most + 1)}).encode())
        self.record(f"request: a batch of more than {most} messages is refused (400 malformed)",
                    status == 400 and isinstance(answer, dict) and answer.get("code") == "malformed", f"HTTP {status}")

    def check_sizes(self) -> None:
        limit = int(self.limits.get("max_body_bytes", 256 * 1024))
        big = self.message(body={"padding": "x" * (limit + 1)})
        status, answer = self.post_one(big)
        ok = (status == 400 and answer.get("code") == "too_large") or status == 413
        self.record("size: a body over max_body_bytes is too_large", ok, f"HTTP {status} {answer.get('code')}")
        huge = self.message(body={"padding": "x" * (2 * limit)})
        status, answer = self.post_one(huge)
        ok = (status == 400 and answer.get("code") == "too_large") or status == 413
        self.record("size: a token far over the limit is refused before it is parsed (too_large or HTTP 413)", ok,
                    f"HTTP {status} {answer.get('code')}")

    def check_rotation(self) -> None:
        status, answer = self.post_one(self.message(key=self.kit.second_key))
        self.record("rotation: a message signed with the kit's second published key is accepted",
                    status == 200 and answer.get("status") == "accepted", f"HTTP {status} {answer.get('status')} {answer.get('code')}")
        status, answer = self.post_one(self.message(key=self.kit.key))
        self.record("rotation: the first key still verifies meanwhile", status == 200 and answer.get("status") == "accepted",
                    f"HTTP {status} {answer.get('status')}")


def _flip_signature(token: str) -> str:
    head, payload, signature = token.split(".")
    raw = bytearray(crypto.b64url_decode(signature))
    raw[0] ^= 0x01
    return f"{head}.{payload}.{crypto.b64url(bytes(raw))}"
