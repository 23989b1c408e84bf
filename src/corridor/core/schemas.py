"""API shapes every app shares: the error body and a page of results."""

from ninja import Schema


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorOut(Schema):
    error: ErrorDetail


# Responses every endpoint may give, declared so that clients (and schemathesis) know them:
# 400 for a body that is not JSON at all, 413 for a body over CORRIDOR_MAX_BODY_BYTES.
AUTH_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}
PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}
