"""Errors that services raise, each with a stable machine-readable code, translated at the edge."""

from django.utils.translation import gettext_lazy as _


class CorridorError(Exception):
    """A refusal that the user can act on. `code` is stable; `message` is for people.

    An app declares each of its refusals in one statement, in its errors.py:

        class NoTeam(CorridorError, code="cases.no_team", status=409,
                     message=_("No office on this node can take this case yet.")):
            ...  # or a docstring, when the code needs more than its message

    `status` is the base's when not given (InvalidInput 422, NotFound 404, TransitionNotAllowed 409, ...)."""

    code = "core.error"
    status = 400
    default_message = _("The request could not be completed.")

    def __init_subclass__(cls, *, code: str | None = None, status: int | None = None, message=None, **kwargs):
        super().__init_subclass__(**kwargs)
        if code is not None:
            cls.code = code
        if status is not None:
            cls.status = status
        if message is not None:
            cls.default_message = message

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None, status: int | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        if status:
            self.status = status
        self.fields = fields or {}
        super().__init__(str(self.message))


class InvalidInput(CorridorError):
    code = "core.invalid_input"
    status = 422
    default_message = _("Some fields are not valid.")


class NotFound(CorridorError):
    """Raised for a record that does not exist or that the user may not see: the two are not told apart."""

    code = "core.not_found"
    status = 404
    default_message = _("Not found.")


class PermissionDenied(CorridorError):
    code = "core.permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class TransitionNotAllowed(CorridorError):
    code = "core.transition_not_allowed"
    status = 409
    default_message = _("This action is not allowed in the record's current state.")


# Codes the HTTP layer uses for errors that happen before any service runs.
STATUS_CODES = {
    400: "core.bad_request",
    401: "core.not_authenticated",
    403: "core.permission_denied",
    404: "core.not_found",
    405: "core.method_not_allowed",
    413: "core.body_too_large",
    415: "core.unsupported_media_type",
    422: "core.invalid_input",
    429: "core.too_many_requests",
    500: "core.server_error",
}
