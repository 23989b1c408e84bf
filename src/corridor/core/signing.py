"""Compact JWS (RFC 7515, EdDSA per RFC 8037) with the node's Ed25519 key, over RFC 8785 canonical JSON.

Decoding is strict: each of the three parts is unpadded base64url (RFC 7515 section 2: no '=', '+', '/' or
whitespace), the header is a JSON object with `alg` EdDSA, and a `crit` header is refused, since this
verifier understands no extension (RFC 7515 section 4.1.11). A signature is checked over the bytes received,
never over a re-serialisation, so tokens signed before RFC 8785 was adopted keep verifying.
"""

import json
import re
from decimal import Decimal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from corridor.core import canonical, crypto


class SignatureError(ValueError):
    """A token is malformed, signed by an unknown key, or its signature does not match."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def _money_safe(value):
    """What a signed payload may carry: money as decimal strings (a Decimal becomes its string), never a float."""
    if isinstance(value, float):
        raise TypeError("floats are not allowed in a signed payload; use a decimal string")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _money_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_money_safe(item) for item in value]
    return value


def canonical_json(value) -> bytes:
    """The RFC 8785 form (corridor.core.canonical) of a payload to sign: Decimals as strings, floats refused."""
    return canonical.canonical_json(_money_safe(value))


def jws_sign(payload: dict, *, typ: str) -> str:
    return jws_sign_with(crypto.node_private_key(), payload, typ=typ)


def jws_sign_with(private: Ed25519PrivateKey, payload: dict, *, typ: str, header: dict | None = None) -> str:
    """Sign with a given key (the conformance kit's own keys); `header` adds or overrides header members."""
    header = {"alg": "EdDSA", "kid": crypto.key_id(private.public_key()), "typ": typ, **(header or {})}
    signing_input = crypto.b64url(canonical_json(header)) + "." + crypto.b64url(canonical_json(payload))
    signature = private.sign(signing_input.encode("ascii"))
    return signing_input + "." + crypto.b64url(signature)


_PART = re.compile(r"[A-Za-z0-9_-]*")


def _decode_part(part: str, what: str) -> bytes:
    if not part or not _PART.fullmatch(part) or len(part) % 4 == 1:
        raise SignatureError("malformed", f"The token {what} is not unpadded base64url.")
    try:
        raw = crypto.b64url_decode(part)
    except ValueError as exc:
        raise SignatureError("malformed", f"The token {what} is not unpadded base64url.") from exc
    if crypto.b64url(raw) != part:  # stray bits in the last character: another spelling of the same bytes
        raise SignatureError("malformed", f"The token {what} is not in canonical base64url.")
    return raw


def _split(token) -> list[str]:
    if not isinstance(token, str):
        raise SignatureError("malformed", "The token is not a compact JWS.")
    parts = token.split(".")
    if len(parts) != 3:
        raise SignatureError("malformed", "The token is not a compact JWS (three parts separated by dots).")
    return parts


def jws_header(token: str) -> dict:
    """The header of a compact JWS, strictly decoded and checked (alg EdDSA, no crit); nothing is verified."""
    parts = _split(token)
    raw_header, _payload, _signature = (_decode_part(part, what) for part, what in
                                        zip(parts, ("header", "payload", "signature"), strict=True))
    try:
        header = json.loads(raw_header)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SignatureError("malformed", "The token header is not JSON.") from exc
    if not isinstance(header, dict):
        raise SignatureError("malformed", "The token header is not a JSON object.")
    if header.get("alg") != "EdDSA":
        raise SignatureError("bad_algorithm", "The token is not signed with EdDSA.")
    if "crit" in header:
        # RFC 7515 4.1.11: a JWS with a critical extension the verifier does not understand is invalid.
        # `malformed` (not a code of its own) keeps the exchange's closed list of rejection codes.
        raise SignatureError("malformed", "The token marks header extensions as critical (crit); none is supported.")
    return header


def jws_verify(token: str, keys: dict[str, Ed25519PublicKey], *, typ: str | None = None) -> tuple[dict, dict]:
    """Verify against the keys by key id; returns (header, payload)."""
    header = jws_header(token)
    parts = token.split(".")
    if typ is not None and header.get("typ") != typ:
        raise SignatureError("wrong_type", f"The token is a {header.get('typ')!r}, not a {typ!r}.")
    key = keys.get(header.get("kid", ""))
    if key is None:
        raise SignatureError("unknown_key", "The token is signed with a key this verifier does not know.")
    try:
        signature = _decode_part(parts[2], "signature")
        key.verify(signature, (parts[0] + "." + parts[1]).encode("ascii"))
    except InvalidSignature as exc:
        raise SignatureError("bad_signature", "The signature does not match: the token was altered or forged.") from exc
    try:
        payload = json.loads(_decode_part(parts[1], "payload"), parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SignatureError("malformed", "The token payload is not JSON.") from exc
    return header, payload
