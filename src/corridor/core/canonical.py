"""The one canonical JSON of Corridor: RFC 8785 (JSON Canonicalization Scheme), for every hash and signature.

Serialisation is done by the `rfc8785` package (by orjson where its output is the same, below: six times faster on an
audit entry, on the path of every audit entry and signed message); this module only says which Python values may go in:

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

import orjson
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


MAX_SAFE_INTEGER = 2**53 - 1


def _plain_json(value: Any) -> bool:
    """Made only of objects with ASCII keys, arrays, strings, booleans, null and integers within +-(2**53 - 1): for
    these, orjson's sorted, compact output is RFC 8785's byte for byte (ASCII keys sort the same in UTF-16 and in
    UTF-8; strings are escaped the same way; no float to format). Tested against the `rfc8785` package."""
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER
    if isinstance(value, dict):
        return all(type(key) is str and key.isascii() and _plain_json(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return all(_plain_json(item) for item in value)
    return False


def canonical_json(value: Any) -> bytes:
    """RFC 8785 bytes of a JSON value: sorted keys (UTF-16 order), no whitespace, UTF-8, ECMAScript numbers."""
    if _plain_json(value):
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        except (TypeError, orjson.JSONEncodeError):
            pass  # a lone surrogate, say: the package below says what is wrong
    try:
        return rfc8785.dumps(_plain(value))
    except (rfc8785.CanonicalizationError, OverflowError, ValueError) as exc:
        raise CanonicalError(str(exc)) from exc


def content_hash(value: Any) -> str:
    """SHA-256 of the canonical JSON, lower-case hex."""
    return hashlib.sha256(canonical_json(value)).hexdigest()
