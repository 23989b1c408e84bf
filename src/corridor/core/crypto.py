"""Encryption of sensitive fields (Fernet, with key rotation), blind indexes, and the node's Ed25519 key."""

import base64
import hashlib
import hmac
import os
import threading
import unicodedata
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from corridor.core import secrets


class DecryptionError(RuntimeError):
    """A stored value could not be decrypted with any configured key."""


# The key ring as loaded, with what it was loaded from. A running process notices `corridor keys add` (the key
# file changed) on its next use, and reloads once more when a value does not decrypt (a key added within the
# file system's time resolution), so that `corridor keys rotate` never leaves a running node unable to read.
_ring: dict = {"stamp": None, "keys": None, "fernet": None}
_ring_lock = threading.Lock()


def _key_stamp() -> tuple:
    try:
        mtime = (settings.DATA_DIR / secrets.FIELD_KEYS_FILE).stat().st_mtime_ns
    except OSError:
        mtime = None
    return os.environ.get("CORRIDOR_FIELD_KEYS"), mtime


def _fernet(*, reload: bool = False) -> MultiFernet:
    stamp = _key_stamp()
    with _ring_lock:
        if reload or _ring["fernet"] is None or _ring["stamp"] != stamp:
            keys = secrets.field_keys(settings.DATA_DIR)
            if keys != _ring["keys"] or _ring["fernet"] is None:
                _ring["keys"], _ring["fernet"] = keys, MultiFernet([Fernet(k.encode()) for k in keys])
            _ring["stamp"] = stamp
        return _ring["fernet"]


def reset_caches() -> None:
    """Forget loaded keys (after rotation, or between tests)."""
    with _ring_lock:
        _ring.update(stamp=None, keys=None, fernet=None)
    _blind_key.cache_clear()
    node_private_key.cache_clear()


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """Decrypt with the loaded key ring, reloading it once when the value's key is not in it."""
    try:
        return _fernet().decrypt(token)
    except InvalidToken:
        pass
    loaded = _ring["keys"]
    fernet = _fernet(reload=True)
    if _ring["keys"] != loaded:  # the ring changed under us: try the new keys
        try:
            return fernet.decrypt(token)
        except InvalidToken:
            pass
    raise DecryptionError("A sensitive field could not be decrypted with the configured keys.")


def decrypt(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode("utf-8")


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
