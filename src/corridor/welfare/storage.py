"""Claim documents: checked by their content, stored encrypted (Fernet, the node's field keys) under the data
directory, as case evidence is."""

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from corridor.core import crypto
from corridor.welfare.errors import DocumentRejected

SIGNATURES = (
    ("image/jpeg", b"\xff\xd8\xff", {".jpg", ".jpeg"}),
    ("image/png", b"\x89PNG\r\n\x1a\n", {".png"}),
    ("application/pdf", b"%PDF-", {".pdf"}),
)
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    storage_name: str
    content_type: str
    size: int
    sha256: str


def _root() -> Path:
    root = Path(settings.DATA_DIR) / "welfare"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def check(name: str, data: bytes) -> str:
    if not data or len(data) > MAX_BYTES:
        raise DocumentRejected(fields={"file": [str(DocumentRejected.default_message)]})
    for content_type, magic, extensions in SIGNATURES:
        if data.startswith(magic):
            suffix = Path(name).suffix.lower()
            if suffix and suffix not in extensions:
                break  # the name says one thing, the content another: refuse rather than guess
            return content_type
    raise DocumentRejected(fields={"file": [str(DocumentRejected.default_message)]})


def save(name: str, data: bytes) -> StoredFile:
    content_type = check(name, data)
    storage_name = secrets.token_hex(16) + ".enc"
    path = _root() / storage_name
    with path.open("xb") as handle:
        handle.write(crypto.encrypt_bytes(data))
    path.chmod(0o600)
    return StoredFile(storage_name, content_type, len(data), hashlib.sha256(data).hexdigest())


def load(storage_name: str) -> bytes:
    return crypto.decrypt_bytes((_root() / storage_name).read_bytes())
