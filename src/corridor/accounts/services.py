"""Every write about people, organisations, sign-ins and tokens."""

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from unidecode import unidecode

from corridor.accounts.choices import ROLE_ORGANISATION_KINDS, Role
from corridor.accounts.errors import (
    DuplicatePassport,
    RoleOrganisationMismatch,
    SignInLocked,
    TwoFactorFailed,
)
from corridor.accounts.models import ApiToken, Organisation, SignInAttempt, User, Worker
from corridor.accounts.permissions import has_perm
from corridor.core import audit, crypto, throttle
from corridor.core.errors import InvalidInput, NotFound, PermissionDenied
from corridor.core.models import Country, Language


def name_key(name: str) -> str:
    """A search key for a person's or company's name: Latin letters, lower case, single spaces."""
    return " ".join(unidecode(name).lower().replace(".", " ").replace(",", " ").split())


def _require(user, action: str) -> None:
    if user is not None and not has_perm(user, action):
        raise PermissionDenied()


# --- organisations and users -------------------------------------------------------------------


def organisation_create(
    *, acting_user, name: str, kind: str, country: str, post_country: str | None = None, parent: Organisation | None = None
) -> Organisation:
    _require(acting_user, "organisation.manage")
    name = name.strip()
    if not name:
        raise InvalidInput(fields={"name": [_("A name is required.")]})
    with transaction.atomic():
        organisation = Organisation(name=name, kind=kind, country_id=country, post_country_id=post_country, parent=parent)
        try:
            organisation.full_clean()
        except ValidationError as exc:
            raise InvalidInput(fields=exc.message_dict) from exc
        organisation.save()
        audit.record(actor=acting_user, action="organisation.create", target=organisation, to_state="active",
                     detail={"name": name, "kind": kind, "country": country})
    return organisation


def role_organisation_check(*, role: str, organisation: Organisation | None) -> None:
    """A role belongs to organisations of fitting kinds (a worker to none; an administrator may have none)."""
    if role not in ROLE_ORGANISATION_KINDS:
        raise InvalidInput(fields={"role": [_("Unknown role.")]})
    allowed_kinds = ROLE_ORGANISATION_KINDS[role]
    if allowed_kinds and (organisation is None or organisation.kind not in allowed_kinds):
        if not (role == Role.ADMINISTRATOR and organisation is None):
            raise RoleOrganisationMismatch(fields={"organisation": [str(RoleOrganisationMismatch.default_message)]})
    if not allowed_kinds and organisation is not None:
        raise RoleOrganisationMismatch(fields={"organisation": [_("Workers do not belong to an organisation.")]})


def user_create(
    *,
    acting_user,
    username: str,
    password: str | None,
    role: str,
    organisation: Organisation | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "",
) -> User:
    """Create a sign-in. `acting_user=None` is the system itself (init, demo, a worker registering)."""
    if role != Role.WORKER:
        _require(acting_user, "user.manage")
    role_organisation_check(role=role, organisation=organisation)
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(fields={"username": [_("This username is taken.")]}, code="accounts.username_taken")
    user = User(
        username=username, email=email, first_name=first_name, last_name=last_name, role=role,
        organisation=organisation, preferred_language=preferred_language,
        is_staff=role == Role.ADMINISTRATOR, is_superuser=role == Role.ADMINISTRATOR,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput(fields={"password": list(exc.messages)}, code="accounts.weak_password") from exc
        user.set_password(password)
    with transaction.atomic():
        user.save()
        audit.record(actor=acting_user, action="user.create", target=user, to_state="active",
                     detail={"username": username, "role": role, "organisation": organisation.pk if organisation else None})
    return user


USER_EDITABLE = ("first_name", "last_name", "email", "role", "organisation", "preferred_language", "is_active")


def user_update(*, acting_user, user: User, **changes) -> User:
    """Change an account (the admin's form): the same role and organisation check as `user_create`; the admin flags
    follow the role."""
    _require(acting_user, "user.manage")
    unknown = set(changes) - set(USER_EDITABLE)
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be changed here.")] for name in sorted(unknown)})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = {name: getattr(user, "organisation_id" if name == "organisation" else name) for name in changes}
        for name, value in changes.items():
            setattr(user, name, value)
        role_organisation_check(role=user.role, organisation=user.organisation)
        user.is_staff = user.is_superuser = user.role == Role.ADMINISTRATOR
        user.save()
        after = {name: getattr(user, "organisation_id" if name == "organisation" else name) for name in changes}
        audit.record(actor=acting_user, action="user.update", target=user, from_state=before.get("role", ""),
                     to_state=after.get("role", ""),
                     detail={"changed": sorted(k for k in changes if before[k] != after[k]),
                             "organisation": user.organisation_id})
    return user


def user_deactivate(*, acting_user, user: User, reason: str) -> User:
    _require(acting_user, "user.manage")
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit.record(actor=acting_user, action="user.deactivate", target=user, from_state="active", to_state="inactive",
                     detail={"reason": reason})
    return user


def user_set_language(*, acting_user: User, language: str) -> None:
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise InvalidInput(fields={"language": [_("This language is not available.")]})
    acting_user.preferred_language = language
    acting_user.save(update_fields=["preferred_language"])


# --- sign-in throttling ------------------------------------------------------------------------


DEVICE_COOKIE = "corridor_device"
DEVICE_SALT = "corridor.accounts.device"
DEVICE_MAX_AGE = 180 * 24 * 3600


def _source_throttle() -> throttle.Throttle:
    window = settings.CORRIDOR_SIGNIN_WINDOW_SECONDS
    return throttle.Throttle("signin.source", free=settings.CORRIDOR_SIGNIN_SOURCE_FAILURES, base_delay=1,
                             max_delay=window, window_seconds=window)


def _account_throttle() -> throttle.Throttle:
    window = settings.CORRIDOR_SIGNIN_WINDOW_SECONDS
    return throttle.Throttle("signin.account", free=settings.CORRIDOR_SIGNIN_ACCOUNT_FAILURES, base_delay=1,
                             max_delay=settings.CORRIDOR_SIGNIN_ACCOUNT_MAX_DELAY, window_seconds=window)


def device_cookie_value(username: str) -> str:
    """A signed pass saying that this browser once signed in fully as this account (OWASP's "device cookie")."""
    return signing.dumps(username.lower(), salt=DEVICE_SALT)


def _known_device(request, username: str) -> bool:
    value = request.COOKIES.get(DEVICE_COOKIE, "") if request is not None else ""
    if not value:
        return False
    try:
        return signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE) == username.lower()
    except signing.BadSignature:
        return False


def _keys(request, username: str) -> tuple[str, str]:
    window = settings.CORRIDOR_SIGNIN_WINDOW_SECONDS
    source = throttle.requester_key(request, window_seconds=window) if request is not None else ""
    return source, throttle.value_key("signin.account", username.lower())


def sign_in_check_allowed(*, username: str, request=None) -> None:
    """Refuse before checking any secret while this source, or this account, must wait.

    The source (a keyed hash of the address, core/throttle.py) waits progressively longer after a few failures;
    the account waits too after more failures, except from a browser that has signed in fully as this account
    before (the device cookie), so that a guesser cannot keep the owner out.
    """
    source, account = _keys(request, username)
    wait = _source_throttle().wait(source) if source else 0
    if not _known_device(request, username):
        wait = max(wait, _account_throttle().wait(account))
    if wait > 0:
        with transaction.atomic():
            SignInAttempt.objects.create(username=username.lower(), succeeded=False, reason="locked")
            audit.record(actor=None, action="accounts.sign_in_locked", object_type="accounts.user",
                         detail={"username": username, "reason": "locked"})
        raise SignInLocked()


def sign_in_record(*, username: str, succeeded: bool, reason: str, user: User | None = None, request=None) -> None:
    if not succeeded:
        source, account = _keys(request, username)
        if source:
            _source_throttle().fail(source)
        _account_throttle().fail(account)
    with transaction.atomic():
        SignInAttempt.objects.create(username=username.lower(), succeeded=succeeded, reason=reason)
        audit.record(
            actor=user if succeeded else None,
            action="accounts.sign_in" if succeeded else "accounts.sign_in_failed",
            object_type="accounts.user",
            object_id=user.pk if user else "",
            detail={"username": username, "reason": reason},
        )


# --- two-factor devices ------------------------------------------------------------------------


def totp_device_start(*, acting_user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the user to scan; replaces any earlier unconfirmed one."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=acting_user, name=_("Authenticator app"), confirmed=False)


def totp_device_confirm(*, acting_user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code from it; returns ten one-time backup codes, shown once."""
    if device.user_id != acting_user.pk or device.confirmed or not device.verify_token(token.strip()):
        raise TwoFactorFailed()
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = backup_codes_reset(user=acting_user)
        audit.record(actor=acting_user, action="accounts.two_factor_enrol", target=acting_user, to_state="two_factor")
    return codes


def backup_codes_reset(*, user: User) -> list[str]:
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=_("Backup codes"), confirmed=True)
        codes = [secrets.token_hex(5) for _i in range(10)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


# --- API tokens --------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, acting_user: User, name: str, days: int = 90) -> tuple[ApiToken, str]:
    _require(acting_user, "api_token.create")
    if not name.strip():
        raise InvalidInput(fields={"name": [_("A name is required.")]})
    if not 1 <= days <= 365:
        raise InvalidInput(fields={"days": [_("A token lives between 1 and 365 days.")]})
    plaintext = "crd_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=acting_user, name=name.strip(), prefix=plaintext[:12], key_hash=_token_hash(plaintext),
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit.record(actor=acting_user, action="api_token.create", target=token, to_state="active", detail={"name": name})
    return token, plaintext


def api_token_revoke(*, acting_user: User, token: ApiToken) -> None:
    if token.user_id != acting_user.pk:
        raise NotFound()
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=acting_user, action="api_token.revoke", target=token, from_state="active", to_state="revoked")


def api_token_authenticate(plaintext: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=_token_hash(plaintext)).first()
    now = timezone.now()
    if token is None or token.revoked_at or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.user.token_authenticated = True
    return token.user


# --- workers -----------------------------------------------------------------------------------


def _worker_validate(*, nationality: str, date_of_birth: date | None, languages: list[str], full_name: str) -> dict:
    errors: dict[str, list[str]] = {}
    if not full_name.strip():
        errors.setdefault("full_name", []).append(_("A name is required."))
    if not Country.objects.filter(code=nationality).exists():
        errors.setdefault("nationality", []).append(_("Unknown country code."))
    if date_of_birth and date_of_birth >= timezone.now().date():
        errors.setdefault("date_of_birth", []).append(_("The date of birth must be in the past."))
    unknown = set(languages) - set(Language.objects.filter(code__in=languages).values_list("code", flat=True))
    if unknown:
        errors.setdefault("languages", []).append(_("Unknown language codes: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    return errors


def worker_create(
    *,
    acting_user,
    full_name: str,
    nationality: str,
    date_of_birth: date | None = None,
    sex: str = "",
    passport_number: str = "",
    passport_expiry: date | None = None,
    languages: list[str] | None = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    next_of_kin_name: str = "",
    next_of_kin_relationship: str = "",
    next_of_kin_phone: str = "",
    current_country: str | None = None,
    user: User | None = None,
    recorded_by: Organisation | None = None,
) -> Worker:
    """Record a worker. The recording organisation is the acting user's; only the system names another."""
    _require(acting_user, "worker.create")
    languages = languages or []
    errors = _worker_validate(nationality=nationality, date_of_birth=date_of_birth, languages=languages, full_name=full_name)
    passport_index = crypto.blind_index(passport_number, purpose="passport") if passport_number.strip() else ""
    if passport_index and Worker.objects.filter(nationality_id=nationality, passport_index=passport_index).exists():
        raise DuplicatePassport(fields={"passport_number": [str(DuplicatePassport.default_message)]})
    if errors:
        raise InvalidInput(fields=errors)
    if acting_user is not None:
        recorded_by = acting_user.organisation
    with transaction.atomic():
        worker = Worker.objects.create(
            full_name=full_name.strip(), name_key=name_key(full_name), date_of_birth=date_of_birth, sex=sex,
            nationality_id=nationality, passport_number=crypto.normalise_identifier(passport_number),
            passport_index=passport_index, passport_expiry=passport_expiry, phone=phone.strip(), email=email.strip(),
            address=address.strip(), next_of_kin_name=next_of_kin_name.strip(),
            next_of_kin_relationship=next_of_kin_relationship.strip(), next_of_kin_phone=next_of_kin_phone.strip(),
            current_country_id=current_country, recorded_by=recorded_by, user=user,
        )
        worker.languages.set(languages)
        audit.record(actor=acting_user, action="worker.create", target=worker, to_state="recorded",
                     detail={"nationality": nationality, "recorded_by": recorded_by.pk if recorded_by else None})
    return worker


def worker_link_user(*, worker: Worker, username: str, password: str, first_name: str = "") -> User:
    """Give a recorded worker a sign-in of their own."""
    with transaction.atomic():
        user = user_create(acting_user=None, username=username, password=password, role=Role.WORKER, first_name=first_name)
        worker.user = user
        worker.save(update_fields=["user", "updated_at"])
        audit.record(actor=None, action="worker.link_user", target=worker, detail={"username": username})
    return user


def worker_register_self(*, username: str, password: str, full_name: str, nationality: str, languages: list[str],
                         preferred_language: str = "") -> Worker:
    """A worker opens their own account (no organisation records them)."""
    with transaction.atomic():
        user = user_create(acting_user=None, username=username, password=password, role=Role.WORKER,
                           preferred_language=preferred_language)
        return worker_create(acting_user=None, full_name=full_name, nationality=nationality, languages=languages, user=user)
