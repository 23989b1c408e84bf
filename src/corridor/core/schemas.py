"""API shapes every app shares: the error body and a page of results."""

from ninja import Schema


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorOut(Schema):
    error: ErrorDetail


# Responses every authenticated endpoint may give, declared so that clients (and schemathesis) know them.
AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}
