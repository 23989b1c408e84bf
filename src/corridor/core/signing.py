"""Canonical JSON and compact JWS (RFC 7515, EdDSA per RFC 8037) with the node's Ed25519 key."""

import json
from decimal import Decimal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from corridor.core import crypto


class SignatureError(ValueError):
    """A token is malformed, signed by an unknown key, or its signature does not match."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot appear in canonical JSON")


def canonical_json(value) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8; floats are refused so that money never drifts."""

    def check(v):
        if isinstance(v, float):
            raise TypeError("floats are not allowed in canonical JSON; use a decimal string")
        if isinstance(v, dict):
            for item in v.values():
                check(item)
        elif isinstance(v, list):
            for item in v:
                check(item)

    check(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default).encode()


def jws_sign(payload: dict, *, typ: str) -> str:
    private = crypto.node_private_key()
    header = {"alg": "EdDSA", "kid": crypto.key_id(private.public_key()), "typ": typ}
    signing_input = crypto.b64url(canonical_json(header)) + "." + crypto.b64url(canonical_json(payload))
    signature = private.sign(signing_input.encode("ascii"))
    return signing_input + "." + crypto.b64url(signature)


def jws_header(token: str) -> dict:
    try:
        header_part = token.strip().split(".")[0]
        header = json.loads(crypto.b64url_decode(header_part))
    except (ValueError, IndexError) as exc:
        raise SignatureError("malformed", "The token is not a compact JWS.") from exc
    if not isinstance(header, dict):
        raise SignatureError("malformed", "The token header is not a JSON object.")
    return header


def jws_verify(token: str, keys: dict[str, Ed25519PublicKey], *, typ: str | None = None) -> tuple[dict, dict]:
    """Verify against the keys by key id; returns (header, payload)."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise SignatureError("malformed", "The token is not a compact JWS (three parts separated by dots).")
    header = jws_header(token)
    if header.get("alg") != "EdDSA":
        raise SignatureError("bad_algorithm", "The token is not signed with EdDSA.")
    if typ is not None and header.get("typ") != typ:
        raise SignatureError("wrong_type", f"The token is a {header.get('typ')!r}, not a {typ!r}.")
    key = keys.get(header.get("kid", ""))
    if key is None:
        raise SignatureError("unknown_key", "The token is signed with a key this verifier does not know.")
    try:
        signature = crypto.b64url_decode(parts[2])
        key.verify(signature, (parts[0] + "." + parts[1]).encode("ascii"))
    except (InvalidSignature, ValueError) as exc:
        raise SignatureError("bad_signature", "The signature does not match: the token was altered or forged.") from exc
    try:
        payload = json.loads(crypto.b64url_decode(parts[1]), parse_float=Decimal)
    except ValueError as exc:
        raise SignatureError("malformed", "The token payload is not JSON.") from exc
    return header, payload
