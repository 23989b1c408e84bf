"""Evidence files of cases: checked by their content, stored encrypted under the data directory (core.evidence)."""

from corridor.cases.errors import EvidenceRejected, EvidenceTooLarge
from corridor.core.evidence import SIGNATURES, Store, StoredFile, max_bytes, sniff  # noqa: F401 - the module's interface

STORE = Store(folder="evidence", too_large=EvidenceTooLarge, rejected=EvidenceRejected)


def check(name: str, data: bytes) -> tuple[str, int]:
    return STORE.check(name, data)


def save(name: str, data: bytes) -> StoredFile:
    return STORE.put(name, data)


def load(storage_name: str) -> bytes:
    return STORE.load(storage_name)


def delete(storage_name: str) -> None:
    STORE.discard(storage_name)


def _root():
    return STORE.root()
