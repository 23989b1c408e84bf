"""Evidence files for every app: checked by their content (never by the name alone), stored encrypted (Fernet, the
node's field keys) under the data directory, one folder per app. An app passes its own error classes so that the
codes stay its own (cases.evidence_rejected, inspection.evidence_rejected, ...)."""

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from corridor.core import crypto

# What a file's first bytes must be, for each type accepted, and the names it may carry.
SIGNATURES = (
    ("image/jpeg", (b"\xff\xd8\xff",), {".jpg", ".jpeg"}),
    ("image/png", (b"\x89PNG\r\n\x1a\n",), {".png"}),
    ("application/pdf", (b"%PDF-",), {".pdf"}),
    ("audio/ogg", (b"OggS",), {".ogg", ".oga", ".opus"}),
    ("audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"), {".mp3"}),
)


def max_bytes() -> int:
    return getattr(settings, "CORRIDOR_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)


def sniff(head: bytes) -> tuple[str, set] | None:
    for content_type, magics, extensions in SIGNATURES:
        if any(head.startswith(m) for m in magics):
            return content_type, extensions
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", {".webp"}
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav", {".wav"}
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in {b"heic", b"heix", b"mif1", b"msf1"}:
            return "image/heic", {".heic", ".heif"}
        if brand in {b"M4A ", b"M4B "}:
            return "audio/mp4", {".m4a"}
        return "video/mp4", {".mp4", ".m4a", ".mov", ".3gp"}
    return None


@dataclass(frozen=True)
class StoredFile:
    storage_name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Store:
    """One app's evidence store: its folder under the data directory and its own error classes."""

    folder: str
    too_large: type[Exception]
    rejected: type[Exception]
    accepts: frozenset[str] | None = None  # the content types this store takes (None: every type of SIGNATURES)
    max_size: int | None = None  # None: CORRIDOR_EVIDENCE_MAX_BYTES

    def root(self) -> Path:
        root = Path(settings.DATA_DIR) / self.folder
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        return root

    def check(self, name: str, data: bytes) -> tuple[str, int]:
        if len(data) > (self.max_size or max_bytes()):
            raise self.too_large(fields={"file": [str(self.too_large.default_message)]})
        found = sniff(data[:16])
        if not data or found is None or (self.accepts is not None and found[0] not in self.accepts):
            raise self.rejected(fields={"file": [str(self.rejected.default_message)]})
        content_type, extensions = found
        suffix = Path(name).suffix.lower()
        if suffix and suffix not in extensions:
            # The name says one thing, the content another: refuse rather than guess.
            raise self.rejected(fields={"file": [str(self.rejected.default_message)]})
        return content_type, len(data)

    def put(self, name: str, data: bytes) -> StoredFile:
        content_type, size = self.check(name, data)
        storage_name = secrets.token_hex(16) + ".enc"
        path = self.root() / storage_name
        with path.open("xb") as handle:
            handle.write(crypto.encrypt_bytes(data))
        path.chmod(0o600)
        return StoredFile(storage_name, content_type, size, hashlib.sha256(data).hexdigest())

    def load(self, storage_name: str) -> bytes:
        return crypto.decrypt_bytes((self.root() / storage_name).read_bytes())

    def discard(self, storage_name: str) -> None:
        (self.root() / storage_name).unlink(missing_ok=True)
