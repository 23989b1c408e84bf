"""A minimal Corridor exchange peer written from spec/ alone (no import of corridor): the proof that the text is enough.

Web stack: Python's standard library (http.server, urllib); cryptography for Ed25519 and rfc8785 for canonical JSON.
It publishes its node document, receives signed messages with every check of spec/exchange/v1 (signature, sender,
recipient, window, size, duplicates, ordering, grants), keeps what it applied in a JSON-lines file, sends messages,
and issues clearance certificates as W3C Verifiable Credentials (spec/clearance/v1).

    python peer.py serve --config peer.json          # config: see Config below
    python peer.py send --config peer.json --to SA --kind watchlist.entry --body '{"...": "..."}' [--ordering-key K]
    python peer.py identity --config peer.json       # print the node document (to hand to a peer's operator)
    python peer.py certificate --config peer.json --claims '{...}'   # print a VC certificate
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import re
import sys
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

MESSAGE_TYP = "corridor-message+jws"
VC_TYP = "vc+jwt"
MAX_BODY_BYTES = 256 * 1024
MAX_MESSAGES = 500
MAX_AGE = 30 * 24 * 3600
SKEW = 300
KIND = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
B64 = re.compile(r"^[A-Za-z0-9_-]+$")
TRANSIENT = {"unknown_sender", "from_future", "too_many_rejections", "receiver_error", "out_of_order"}


# --- primitives (spec/exchange/v1/README.md, "Canonical JSON" and "Signatures") -------------------------------------


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    if not text or not B64.match(text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64(raw) != text:
        raise ValueError("not canonical base64url")
    return raw


def canonical(value) -> bytes:
    return rfc8785.dumps(value)


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def kid_of(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public(key)).hexdigest()[:16]


def jwk_of(key: Ed25519PublicKey) -> dict:
    return {"kty": "OKP", "crv": "Ed25519", "x": b64(raw_public(key)), "kid": kid_of(key), "use": "sig", "alg": "EdDSA"}


def key_from_jwk(jwk: dict) -> Ed25519PublicKey:
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise ValueError("not an Ed25519 JWK")
    key = Ed25519PublicKey.from_public_bytes(unb64(jwk["x"]))
    if jwk.get("kid") not in (None, kid_of(key)):
        raise ValueError("kid does not match the key")
    return key


def sign(payload: dict, key: Ed25519PrivateKey, typ: str) -> str:
    header = {"alg": "EdDSA", "kid": kid_of(key.public_key()), "typ": typ}
    signing_input = b64(canonical(header)) + "." + b64(canonical(payload))
    return signing_input + "." + b64(key.sign(signing_input.encode("ascii")))


class Refused(Exception):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code


def header_of(token) -> dict:
    if not isinstance(token, str) or token.count(".") != 2:
        raise Refused("malformed", "not a compact JWS")
    try:
        parts = [unb64(p) for p in token.split(".")]
        header = json.loads(parts[0])
    except ValueError as exc:
        raise Refused("malformed", str(exc)) from exc
    if not isinstance(header, dict):
        raise Refused("malformed", "header is not an object")
    if header.get("alg") != "EdDSA":
        raise Refused("bad_algorithm", "alg is not EdDSA")
    if "crit" in header:
        raise Refused("malformed", "crit is not supported")
    return header


def verify_jws(token: str, keys: dict[str, Ed25519PublicKey], typ: str) -> tuple[dict, dict]:
    header = header_of(token)
    if header.get("typ") != typ:
        raise Refused("wrong_type", f"typ is not {typ}")
    key = keys.get(str(header.get("kid", "")))
    if key is None:
        raise Refused("unknown_sender", "unknown key")
    head, payload, signature = token.split(".")
    try:
        key.verify(unb64(signature), (head + "." + payload).encode("ascii"))
    except InvalidSignature as exc:
        raise Refused("bad_signature", "signature does not match") from exc
    try:
        return header, json.loads(unb64(payload))
    except ValueError as exc:
        raise Refused("malformed", "payload is not JSON") from exc


def iso_micro(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_seconds(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def private_key(seed_hex: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))


# --- envelopes (spec/exchange/v1/README.md, "The envelope") -------------------------------------------------------


def envelope(*, sender: str, key: Ed25519PrivateKey, recipient: str, kind: str, body: dict, ordering_key: str | None = None,
             sequence: int | None = None, message_id: str | None = None, created_at: dt.datetime | None = None) -> dict:
    return {"v": 1, "id": message_id or str(uuid.uuid4()), "kind": kind,
            "sender": {"country": sender, "key_id": kid_of(key.public_key())}, "recipient": {"country": recipient},
            "created_at": iso_micro(created_at or dt.datetime.now(dt.UTC)), "ordering_key": ordering_key,
            "sequence": sequence if ordering_key else None, "body": body}


def check_envelope(token, keys: dict[str, tuple[str, Ed25519PublicKey]], me: str, now: dt.datetime) -> dict:
    """Every check of the receiving side, in the specified order; returns the envelope or raises Refused."""
    if not isinstance(token, str):
        raise Refused("malformed", "not a string")
    if len(token) > 4 * -(-(MAX_BODY_BYTES + 2048) // 3) + 1024:
        raise Refused("too_large", "token too long")
    header = header_of(token)
    owner = keys.get(str(header.get("kid", "")))
    if owner is None:
        raise Refused("unknown_sender", "unknown key")
    country, _key = owner
    _header, env = verify_jws(token, {k: v[1] for k, v in keys.items()}, MESSAGE_TYP)
    if not isinstance(env, dict) or env.get("v") != 1:
        raise Refused("malformed", "not a version 1 envelope")
    sender = env.get("sender")
    if not isinstance(sender, dict) or sender.get("country") != country or sender.get("key_id") != header["kid"]:
        raise Refused("sender_mismatch", "sender is not the key's owner")
    recipient = env.get("recipient")
    if not isinstance(recipient, dict) or recipient.get("country") != me:
        raise Refused("wrong_recipient", "not addressed to this node")
    try:
        uuid.UUID(str(env.get("id")))
        created = dt.datetime.fromisoformat(str(env.get("created_at")).replace("Z", "+00:00"))
    except ValueError as exc:
        raise Refused("malformed", "bad id or created_at") from exc
    if created.tzinfo is None:
        raise Refused("malformed", "created_at without zone")
    if created < now - dt.timedelta(seconds=MAX_AGE):
        raise Refused("expired", "too old")
    if created > now + dt.timedelta(seconds=SKEW):
        raise Refused("from_future", "dated in the future")
    kind = env.get("kind")
    if not isinstance(kind, str) or not KIND.match(kind) or len(kind) > 60:
        raise Refused("malformed", "bad kind")
    key, seq = env.get("ordering_key"), env.get("sequence")
    if key is not None and (not isinstance(key, str) or len(key) > 200):
        raise Refused("malformed", "bad ordering key")
    if key and (not isinstance(seq, int) or isinstance(seq, bool) or seq < 1):
        raise Refused("malformed", "bad sequence")
    if not isinstance(env.get("body"), dict):
        raise Refused("malformed", "body is not an object")
    if len(canonical(env["body"])) > MAX_BODY_BYTES:
        raise Refused("too_large", "body too large")
    return env


# --- certificates (spec/clearance/v1/README.md) -------------------------------------------------------------------


def certificate(*, key: Ed25519PrivateKey, issuer_url: str, issuer_country: str, reference: str, name: str, passport_ending: str,
                nationality: str, destination: str, employer: str, contract: str, contract_digest: str, depart_by: str,
                valid_from: dt.datetime, valid_until: dt.datetime) -> str:
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://corridor.example/spec/clearance/v1"],
        "type": ["VerifiableCredential", "DepartureClearance"],
        "id": f"urn:corridor:clearance:{issuer_country}:{reference}",
        "issuer": {"id": issuer_url, "country": issuer_country},
        "validFrom": iso_seconds(valid_from), "validUntil": iso_seconds(valid_until),
        "credentialSubject": {"name": name, "passportEnding": passport_ending, "nationality": nationality,
                              "destination": destination, "employer": employer, "contract": contract,
                              "contractDigest": contract_digest, "departBy": depart_by},
        "credentialStatus": {"type": "CorridorHaltList"},
        "iat": int(valid_from.timestamp()), "exp": int(valid_until.timestamp()),
    }
    return sign(credential, key, VC_TYP)


# --- the node -----------------------------------------------------------------------------------------------------


@dataclass
class Peer:
    country: str
    url: str
    keys: dict[str, Ed25519PublicKey]
    accept: set[str]


@dataclass
class Config:
    country: str
    url: str
    seed: str  # hex of the 32-byte Ed25519 private key (a file path in real life; inline keeps the test short)
    data_dir: Path
    peers: list[Peer] = field(default_factory=list)

    @classmethod
    def load(cls, path: str) -> Config:
        raw = json.loads(Path(path).read_text())
        peers = []
        for p in raw.get("peers", []):
            document = p.get("document") or {}
            jwks = document.get("keys", []) if isinstance(document, dict) else []
            keys = {}
            for jwk in jwks:
                key = key_from_jwk(jwk)
                keys[kid_of(key)] = key
            peers.append(Peer(p["country"], p.get("url", ""), keys, set(p.get("accept", []))))
        return cls(raw["country"], raw["url"], raw["seed"], Path(raw["data_dir"]), peers)

    @property
    def key(self) -> Ed25519PrivateKey:
        return private_key(self.seed)

    def document(self) -> dict:
        kinds = sorted(set().union(*[p.accept for p in self.peers]) | {"ping"})
        return {"v": 1, "node": {"country": self.country, "name": f"Protocol peer {self.country}", "url": self.url},
                "keys": [jwk_of(self.key.public_key())],
                "exchange": {"spec": "https://corridor.example/spec/exchange/v1", "versions": [1],
                             "inbox": self.url + "/api/v1/exchange/inbox", "kinds": kinds,
                             "limits": {"max_body_bytes": MAX_BODY_BYTES, "max_messages_per_request": MAX_MESSAGES,
                                        "max_age_seconds": MAX_AGE, "clock_skew_seconds": SKEW, "rejections_per_minute": 60}}}


class Inbox:
    """The receiver's state: applied messages by (sender, id), ordering cursors, and the refusal log (JSON lines)."""

    def __init__(self, config: Config):
        self.config = config
        self.lock = threading.Lock()
        self.seen: dict[tuple[str, str], dict] = {}
        self.cursors: dict[tuple[str, str], int] = {}
        config.data_dir.mkdir(parents=True, exist_ok=True)
        self.applied_file = config.data_dir / "applied.jsonl"  # what the handlers applied (this peer only keeps it)
        self.inbox_file = config.data_dir / "inbox.jsonl"  # every message answered in step 5, with its token (section 11)
        self.refused_file = config.data_dir / "refused.jsonl"  # every refusal in steps 1-4 (section 11)

    def keys(self) -> dict[str, tuple[str, Ed25519PublicKey]]:
        return {kid: (p.country, key) for p in self.config.peers for kid, key in p.keys.items()}

    def _log(self, path: Path, row: dict) -> None:
        with path.open("a") as handle:
            handle.write(json.dumps(row) + "\n")

    def receive(self, token, remote: str) -> dict:
        now = dt.datetime.now(dt.UTC)
        try:
            env = check_envelope(token, self.keys(), self.config.country, now)
        except Refused as exc:
            self._log(self.refused_file, {"at": iso_micro(now), "from": remote, "code": exc.code, "reason": str(exc)})
            return {"status": "rejected", "code": exc.code, "reason": str(exc)}
        sender = env["sender"]["country"]
        with self.lock:
            done = self.seen.get((sender, env["id"]))
            if done is not None:
                return {**done, "duplicate": True}
            key = env.get("ordering_key")
            cursor = self.cursors.get((sender, key), 0) if key else None
            if key and env["sequence"] > cursor + 1:
                return {"status": "deferred", "code": "out_of_order", "reason": "waiting for an earlier message", "id": env["id"]}
            peer = next(p for p in self.config.peers if p.country == sender)
            if key and env["sequence"] <= cursor:
                answer = {"status": "rejected", "code": "sequence_conflict", "reason": "place taken"}
            elif env["kind"] != "ping" and env["kind"] not in peer.accept:
                answer = {"status": "rejected", "code": "kind_not_accepted", "reason": "not accepted from this peer"}
            else:
                answer = {"status": "accepted", "code": "applied", "reason": ""}
                self._log(self.applied_file, {"from": sender, "id": env["id"], "kind": env["kind"], "body": env["body"],
                                              "ordering_key": key, "sequence": env.get("sequence")})
            answer["id"] = env["id"]
            self.seen[(sender, env["id"])] = answer
            if key and env["sequence"] == cursor + 1:
                self.cursors[(sender, key)] = env["sequence"]
            self._log(self.inbox_file, {"received_at": iso_micro(now), "from": sender, "id": env["id"], "kind": env["kind"],
                                        "ordering_key": key, "sequence": env.get("sequence"), "created_at": env["created_at"],
                                        "status": answer["status"], "code": answer["code"], "token": token})
            return answer


def make_handler(config: Config, inbox: Inbox):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, status: int, data: dict) -> None:
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self):
            if self.path == "/.well-known/corridor-node.json":
                return self._json(200, config.document())
            if self.path == "/healthz":
                return self._json(200, {"status": "ok"})
            return self._json(404, {"error": {"code": "not_found", "message": "nothing here"}})

        def do_POST(self):
            if self.path != "/api/v1/exchange/inbox":
                return self._json(404, {"error": {"code": "not_found", "message": "nothing here"}})
            length = int(self.headers.get("Content-Length") or 0)
            limit = MAX_MESSAGES * (4 * -(-(MAX_BODY_BYTES + 2048) // 3) + 1100)
            if length > limit:
                return self._json(413, {"status": "rejected", "code": "too_large", "reason": "request too large"})
            remote = self.client_address[0]
            try:
                data = json.loads(self.rfile.read(length))
            except ValueError:
                data = None
            if isinstance(data, dict) and isinstance(data.get("messages"), list) and 0 < len(data["messages"]) <= MAX_MESSAGES:
                return self._json(200, {"results": [inbox.receive(t, remote) for t in data["messages"]]})
            if isinstance(data, dict) and "message" in data:
                answer = inbox.receive(data["message"], remote)
            else:
                answer = inbox.receive(None, remote)
            status = {"accepted": 200, "rejected": 400, "deferred": 503}[answer["status"]]
            return self._json(429 if answer["code"] == "too_many_rejections" else status, answer)

    return Handler


def serve(config: Config, host: str, port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), make_handler(config, Inbox(config)))
    return server


# --- sending ------------------------------------------------------------------------------------------------------


class Outbox:
    """Sequences per (recipient, ordering key) and the post itself; `deliver` retries transient answers."""

    def __init__(self, config: Config):
        self.config = config
        self.sequences: dict[tuple[str, str], int] = {}
        path = config.data_dir / "sequences.json"
        if path.exists():
            self.sequences = {tuple(k.split("|", 1)): v for k, v in json.loads(path.read_text()).items()}

    def _save(self) -> None:
        path = self.config.data_dir / "sequences.json"
        path.write_text(json.dumps({"|".join(k): v for k, v in self.sequences.items()}))

    def token(self, recipient: str, kind: str, body: dict, ordering_key: str | None = None) -> str:
        sequence = None
        if ordering_key:
            sequence = self.sequences.get((recipient, ordering_key), 0) + 1
            self.sequences[(recipient, ordering_key)] = sequence
            self._save()
        env = envelope(sender=self.config.country, key=self.config.key, recipient=recipient, kind=kind, body=body,
                       ordering_key=ordering_key, sequence=sequence)
        return sign(env, self.config.key, MESSAGE_TYP)


def post(inbox_url: str, tokens: list[str], timeout: float = 30) -> list[dict]:
    request = urllib.request.Request(inbox_url, data=json.dumps({"messages": tokens}).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read())["results"]
    except urllib.error.HTTPError as exc:
        return json.loads(exc.read())["results"]


def deliver(inbox_url: str, tokens: list[str], attempts: int = 5) -> list[dict]:
    """Post, then offer again the messages answered with a transient code (the same tokens, never re-signed)."""
    answers: dict[int, dict] = {}
    pending = list(range(len(tokens)))
    for _attempt in range(attempts):
        results = post(inbox_url, [tokens[i] for i in pending])
        retry = []
        for index, result in zip(pending, results, strict=True):
            answers[index] = result
            if result["status"] == "deferred" or (result["status"] == "rejected" and result["code"] in TRANSIENT):
                retry.append(index)
        pending = retry
        if not pending:
            break
    return [answers[i] for i in range(len(tokens))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    for name in ("serve", "send", "identity", "certificate"):
        command = sub.add_parser(name)
        command.add_argument("--config", required=True)
        if name == "serve":
            command.add_argument("--bind", default="127.0.0.1:0")
        if name == "send":
            command.add_argument("--to", required=True, help="the recipient's country (a peer in the config)")
            command.add_argument("--kind", required=True)
            command.add_argument("--body", required=True, help="the body as JSON")
            command.add_argument("--ordering-key", default=None)
        if name == "certificate":
            command.add_argument("--claims", required=True, help="JSON with the certificate() arguments (dates as ISO text)")
    args = parser.parse_args(argv)
    config = Config.load(args.config)
    if args.action == "identity":
        print(json.dumps(config.document(), indent=2))
    elif args.action == "serve":
        host, port = args.bind.rsplit(":", 1)
        server = serve(config, host, int(port))
        print(f"listening on {server.server_address[0]}:{server.server_address[1]}", flush=True)
        server.serve_forever()
    elif args.action == "send":
        peer = next(p for p in config.peers if p.country == args.to)
        token = Outbox(config).token(args.to, args.kind, json.loads(args.body), args.ordering_key)
        print(json.dumps(deliver(peer.url.rstrip("/") + "/api/v1/exchange/inbox", [token])[0]))
    elif args.action == "certificate":
        claims = json.loads(args.claims)
        for name in ("valid_from", "valid_until"):
            claims[name] = dt.datetime.fromisoformat(claims[name].replace("Z", "+00:00"))
        print(certificate(key=config.key, issuer_url=config.url, issuer_country=config.country, **claims))
    return 0


if __name__ == "__main__":
    sys.exit(main())
