"""Claim documents: checked by their content, stored encrypted (Fernet, the node's field keys) under the data
directory, as case evidence is (core.evidence)."""

from corridor.core.evidence import Store, StoredFile
from corridor.welfare.errors import DocumentRejected

MAX_BYTES = 5 * 1024 * 1024
STORE = Store("welfare", too_large=DocumentRejected, rejected=DocumentRejected,
              accepts=frozenset({"image/jpeg", "image/png", "application/pdf"}), max_size=MAX_BYTES)


def save(name: str, data: bytes) -> StoredFile:
    return STORE.put(name, data)


def load(storage_name: str) -> bytes:
    return STORE.load(storage_name)
