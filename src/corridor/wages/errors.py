"""Stable error codes of the wages app."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput


class FileRefused(InvalidInput):
    code = "wages.file_refused"
    default_message = _("The salary file is refused; nothing was stored. Every problem is listed by line and field.")


class FileTooLarge(CorridorError):
    code = "wages.file_too_large"
    status = 413
    default_message = _("The salary file is too large.")


class NotDisputable(CorridorError):
    code = "wages.not_disputable"
    status = 409
    default_message = _("This line cannot be disputed.")
