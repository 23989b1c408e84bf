"""The contract interchange form: it lives in corridor.rules.interchange (registry reads it too); re-exported here."""

from corridor.rules.interchange import (  # noqa: F401
    MAX_BYTES,
    MAX_DEPTH,
    SCHEMA_ID,
    InterchangeError,
    Problem,
    canonical_json,
    content_hash,
    is_iso_date,
    json_path,
    load,
    parse,
    schema,
    schema_text,
    validate,
)
