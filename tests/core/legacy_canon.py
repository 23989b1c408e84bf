"""The canonical JSON functions Corridor used before RFC 8785 came from one package, kept verbatim as references.

Only tests import this: they prove that every hash and signature made the old way still verifies.
- `interchange_canonical_json`: contracts/interchange.py's hand-written RFC 8785 (contract content hashes).
- `signing_canonical_json`: core/signing.py's sorted-key json.dumps with decimals as strings (JWS payloads).
"""

import hashlib
import json
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any


def _number(value: Decimal | float | Fraction) -> str:
    """ECMAScript Number.prototype.toString, as RFC 8785 requires, for the numbers a contract carries."""
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers")
    if isinstance(value, int):
        if abs(value) >= 2**53:
            raise ValueError("integer outside the IEEE 754 double range that RFC 8785 allows")
        return str(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("NaN and Infinity have no JSON form")
    if number == 0:
        return "0"
    if number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    text = repr(number)  # shortest round-trip digits, as ECMAScript uses
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    exp = int(exponent)
    if -7 < exp < 21:  # ECMAScript writes these without an exponent
        return format(Decimal(text), "f")
    return f"{mantissa}e{'+' if exp > 0 else '-'}{abs(exp)}"


def _canonical(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, (int, float, Decimal, Fraction)):
        out.append(_number(value))
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _canonical(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        # RFC 8785 sorts member names by their UTF-16 code units
        for i, key in enumerate(sorted(value, key=lambda k: k.encode("utf-16-be"))):
            if not isinstance(key, str):
                raise TypeError("object keys must be strings")
            if i:
                out.append(",")
            out.append(json.dumps(key, ensure_ascii=False))
            out.append(":")
            _canonical(value[key], out)
        out.append("}")
    else:
        raise TypeError(f"{type(value).__name__} has no JSON form")


def interchange_canonical_json(doc: Any) -> bytes:
    """RFC 8785 (JCS) form: sorted keys, no whitespace, UTF-8; what signatures and hashes are taken over."""
    out: list[str] = []
    _canonical(doc, out)
    return "".join(out).encode("utf-8")


def interchange_content_hash(doc: Any) -> str:
    """SHA-256 of the canonical JSON, lower-case hex."""
    return hashlib.sha256(interchange_canonical_json(doc)).hexdigest()


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot appear in canonical JSON")


def signing_canonical_json(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default).encode()
