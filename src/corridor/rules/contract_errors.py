"""Stable, machine-readable error codes of the contract interchange parser (translated for people at the edge).

The codes keep their `contract.` prefix (a public interface); contracts.errors re-exports them.
"""

INVALID_ENCODING = "contract.invalid_encoding"  # the body is not UTF-8
INVALID_JSON = "contract.invalid_json"  # the body is not JSON (or uses NaN/Infinity)
DUPLICATE_KEY = "contract.duplicate_key"  # an object names the same key twice
TOO_LARGE = "contract.too_large"  # the body is over MAX_BYTES
TOO_DEEP = "contract.too_deep"  # arrays/objects nest deeper than MAX_DEPTH
NOT_OBJECT = "contract.not_object"  # the document is JSON but not an object
INVALID = "contract.invalid"  # the document breaks the schema: see its problems

ALL = (INVALID_ENCODING, INVALID_JSON, DUPLICATE_KEY, TOO_LARGE, TOO_DEEP, NOT_OBJECT, INVALID)
