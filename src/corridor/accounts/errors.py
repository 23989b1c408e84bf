"""Stable error codes of the accounts app."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput


class SignInLocked(CorridorError, code="accounts.sign_in_locked", status=429,
                   message=_("Too many failed sign-ins. Wait a few minutes and try again.")):
    ...


class SignInFailed(CorridorError, code="accounts.sign_in_failed", status=401,
                   message=_("The username or password is not correct.")):
    ...


class TwoFactorFailed(CorridorError, code="accounts.two_factor_failed", status=401,
                      message=_("The code is not correct or has expired.")):
    ...


class RoleOrganisationMismatch(InvalidInput, code="accounts.role_organisation_mismatch",
                               message=_("A user with this role must belong to an organisation of a matching kind.")):
    ...


class DuplicatePassport(InvalidInput, code="accounts.duplicate_passport",
                        message=_("A worker with this passport number is already recorded.")):
    ...


class InvalidToken(CorridorError, code="accounts.invalid_token", status=401,
                   message=_("The API token is not valid, has expired or was revoked.")):
    ...
