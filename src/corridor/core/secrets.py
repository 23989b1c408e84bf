"""Where a node's secrets live: environment first, then files in the data directory made by `corridor init`."""

import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"
FIELD_KEYS_FILE = "field_keys"
BLIND_INDEX_KEY_FILE = "blind_index_key"
SIGNING_KEY_FILE = "node_ed25519.pem"
# The public halves of the node's earlier signing keys, still published for verification (their private keys are gone).
PREVIOUS_SIGNING_KEYS_FILE = "node_ed25519_previous.json"


class MissingSecret(RuntimeError):
    """A secret the node needs has not been created: run `corridor init`."""


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def secret_key(data_dir: Path) -> str:
    value = os.environ.get("CORRIDOR_SECRET_KEY") or _read(data_dir / SECRET_KEY_FILE)
    if value:
        return value
    # Before `corridor init` has run there is no key yet: an ephemeral one lets `init`
    # itself and `check` work; `corridor serve` refuses to start without a real one.
    os.environ["CORRIDOR_SECRET_KEY_EPHEMERAL"] = "1"
    return "ephemeral-" + secrets.token_urlsafe(48)


def field_keys(data_dir: Path) -> list[str]:
    """Fernet keys for encrypted fields, newest (the one that encrypts) first."""
    raw = os.environ.get("CORRIDOR_FIELD_KEYS") or _read(data_dir / FIELD_KEYS_FILE)
    if not raw:
        raise MissingSecret(f"No field encryption keys: set CORRIDOR_FIELD_KEYS or run `corridor init` (looked in {data_dir}).")
    return [k.strip() for k in raw.replace(",", "\n").splitlines() if k.strip()]


def blind_index_key(data_dir: Path) -> bytes:
    raw = os.environ.get("CORRIDOR_BLIND_INDEX_KEY") or _read(data_dir / BLIND_INDEX_KEY_FILE)
    if not raw:
        raise MissingSecret(f"No blind index key: set CORRIDOR_BLIND_INDEX_KEY or run `corridor init` (looked in {data_dir}).")
    return raw.encode()


def write_private(path: Path, content: str) -> None:
    """Write a secret file readable by its owner only, refusing to overwrite."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
