"""The interchange parser's error codes: they live in corridor.rules.contract_errors; re-exported here."""

from corridor.rules.contract_errors import (  # noqa: F401
    ALL,
    DUPLICATE_KEY,
    INVALID,
    INVALID_ENCODING,
    INVALID_JSON,
    NOT_OBJECT,
    TOO_DEEP,
    TOO_LARGE,
)
