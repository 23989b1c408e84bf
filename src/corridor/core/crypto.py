"""Encryption of sensitive fields (Fernet, with key rotation), blind indexes, and the node's Ed25519 key."""

import base64
import hashlib
import hmac
import json
import os
import threading
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

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
    _load_private_key.cache_clear()


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


def node_private_key() -> Ed25519PrivateKey:
    """The key this node signs with now. A running process notices `corridor keys signing-rotate` on its next use."""
    path = signing_key_path()
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise secrets.MissingSecret(f"No node signing key at {path}: run `corridor init`.") from exc
    return _load_private_key(str(path), stat.st_ino, stat.st_mtime_ns)


@lru_cache(maxsize=4)
def _load_private_key(path: str, _inode: int, _mtime: int) -> Ed25519PrivateKey:
    try:
        pem = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise secrets.MissingSecret(f"No node signing key at {path}: run `corridor init`.") from exc
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise secrets.MissingSecret(f"{path} is not an Ed25519 key.")
    return key


def previous_keys_path() -> Path:
    return settings.DATA_DIR / secrets.PREVIOUS_SIGNING_KEYS_FILE


def previous_signing_keys() -> list[dict]:
    """The node's earlier keys, newest first: [{"kid", "x", "rotated_at"}]. They verify; nothing signs with them."""
    try:
        raw = json.loads(previous_keys_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    current = key_id(node_private_key().public_key())
    return [entry for entry in raw if entry.get("kid") != current]


def node_public_keys() -> dict[str, Ed25519PublicKey]:
    """Every key this node publishes, by key id: the signing key and the earlier ones not yet retired."""
    current = node_private_key().public_key()
    keys = {key_id(current): current}
    for entry in previous_signing_keys():
        keys[entry["kid"]] = Ed25519PublicKey.from_public_bytes(b64url_decode(entry["x"]))
    return keys


def node_public_jwks() -> list[dict]:
    """The node document's `keys`: the signing key first ("status": "signing"), then the earlier ones ("verify")."""
    current = {**public_jwk(node_private_key().public_key()), "status": "signing"}
    earlier = [{**public_jwk(Ed25519PublicKey.from_public_bytes(b64url_decode(e["x"]))), "status": "verify"}
               for e in previous_signing_keys()]
    return [current, *earlier]


def _write_replace(path: Path, content: str) -> None:
    """Write a file readable by its owner only, replacing the old one in one step (never half-written)."""
    temporary = path.with_name(path.name + ".new")
    temporary.unlink(missing_ok=True)
    secrets.write_private(temporary, content)
    os.replace(temporary, path)


def key_id_of_pem(pem: str) -> str:
    return key_id(serialization.load_pem_private_key(pem.encode("ascii"), password=None).public_key())


def install_signing_key(pem: str, *, at: str) -> None:
    """Make `pem` the signing key; the old public key stays published for verification, its private key is deleted.

    The earlier key is recorded before the new one replaces it, so that a crash between the two steps loses nothing.
    """
    old = node_private_key().public_key()
    old_kid = key_id(old)
    earlier = [e for e in previous_signing_keys() if e["kid"] != old_kid]
    entries = [{"kid": old_kid, "x": b64url(public_key_raw(old)), "rotated_at": at}, *earlier]
    _write_replace(previous_keys_path(), json.dumps(entries, indent=1) + "\n")
    _write_replace(signing_key_path(), pem)
    _load_private_key.cache_clear()


def check_retirable(kid: str) -> None:
    if kid == key_id(node_private_key().public_key()):
        raise ValueError("This is the key the node signs with now: rotate first, then retire it.")
    if kid not in {e["kid"] for e in previous_signing_keys()}:
        raise ValueError(f"{kid!r} is not one of this node's earlier keys.")


def retire_signing_key(kid: str) -> None:
    """Stop publishing an earlier key: what it signed no longer verifies. The signing key cannot be retired."""
    check_retirable(kid)
    remaining = [e for e in previous_signing_keys() if e["kid"] != kid]
    _write_replace(previous_keys_path(), json.dumps(remaining, indent=1) + "\n")


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
