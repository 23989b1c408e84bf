"""Encryption of sensitive fields (Fernet, with key rotation), blind indexes, and the node's Ed25519 key."""

import base64
import hashlib
import hmac
import unicodedata
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from corridor.core import secrets


class DecryptionError(RuntimeError):
    """A stored value could not be decrypted with any configured key."""


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in secrets.field_keys(settings.DATA_DIR)])


def reset_caches() -> None:
    """Forget loaded keys (after rotation, or between tests)."""
    _fernet.cache_clear()
    _blind_key.cache_clear()
    node_private_key.cache_clear()


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError("A sensitive field could not be decrypted with the configured keys.") from exc


def rotate(token: str) -> str:
    """Re-encrypt a stored value under the newest key."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def new_field_key() -> str:
    return Fernet.generate_key().decode("ascii")


@cache
def _blind_key() -> bytes:
    return secrets.blind_index_key(settings.DATA_DIR)


def normalise_identifier(value: str) -> str:
    """Passport and registration numbers: compatibility-normalised, upper case, letters and digits only."""
    value = unicodedata.normalize("NFKC", value).upper()
    return "".join(ch for ch in value if ch.isalnum())


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash that finds an exact identifier without storing it in clear."""
    message = f"{purpose}:{normalise_identifier(value)}".encode()
    return hmac.new(_blind_key(), message, hashlib.sha256).hexdigest()


# --- the node's signing key -------------------------------------------------------------------


def signing_key_path():
    return settings.DATA_DIR / secrets.SIGNING_KEY_FILE


def generate_signing_key_pem() -> str:
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


@cache
def node_private_key() -> Ed25519PrivateKey:
    try:
        pem = signing_key_path().read_bytes()
    except FileNotFoundError as exc:
        raise secrets.MissingSecret(f"No node signing key at {signing_key_path()}: run `corridor init`.") from exc
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise secrets.MissingSecret(f"{signing_key_path()} is not an Ed25519 key.")
    return key


def public_key_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public: Ed25519PublicKey) -> str:
    """A short, stable name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_key_raw(public)).hexdigest()[:16]


def public_jwk(public: Ed25519PublicKey) -> dict:
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(public_key_raw(public)), "kid": key_id(public), "use": "sig", "alg": "EdDSA"}


def public_key_from_jwk(jwk: dict) -> Ed25519PublicKey:
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or "x" not in jwk:
        raise ValueError("Not an Ed25519 public key in JWK form.")
    return Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))
