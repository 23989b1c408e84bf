"""The one canonical JSON of Corridor: RFC 8785 (JSON Canonicalization Scheme), for every hash and signature.

Serialisation is done by the `rfc8785` package; this module only says which Python values may go in:

- dict (string keys), list, tuple, str, bool, None, int (within +-(2**53 - 1)), float (finite);
- `Decimal` and `Fraction` are numbers: they are written as the IEEE 754 double they round to, in the
  ECMAScript form RFC 8785 requires, exactly as any other JCS implementation would write the same JSON
  number. Money is never a number in Corridor's documents: amounts are decimal strings.

`CANON` is the version of the canonical form recorded beside stored hashes that are recomputed when
verified (the audit trail); see docs/architecture.md, "Canonical JSON".
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from fractions import Fraction
from typing import Any

import rfc8785

# 1: sorted-key `json.dumps` (audit entries written before RFC 8785 was adopted); 2: RFC 8785.
CANON = 2


class CanonicalError(TypeError, ValueError):
    """A value has no canonical JSON form (an unknown type, NaN, an integer out of range, a lone surrogate)."""


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (Decimal, Fraction)):
        return float(value)
    return value


def canonical_json(value: Any) -> bytes:
    """RFC 8785 bytes of a JSON value: sorted keys (UTF-16 order), no whitespace, UTF-8, ECMAScript numbers."""
    try:
        return rfc8785.dumps(_plain(value))
    except (rfc8785.CanonicalizationError, OverflowError, ValueError) as exc:
        raise CanonicalError(str(exc)) from exc


def content_hash(value: Any) -> str:
    """SHA-256 of the canonical JSON, lower-case hex."""
    return hashlib.sha256(canonical_json(value)).hexdigest()
