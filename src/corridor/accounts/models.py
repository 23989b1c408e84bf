"""People, organisations and roles: who may sign in, whom they work for, and the workers themselves."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import TWO_FACTOR_ROLES, OrganisationKind, Role, Sex
from corridor.core.fields import EncryptedTextField


class Organisation(models.Model):
    """A ministry, authority, consulate, agency, employer, NGO, union or resource centre."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    country = models.ForeignKey("core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+")
    post_country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country of posting"),
        help_text=_("For a consulate: the country where it serves its nationals."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="consulate", post_country__isnull=False) | ~models.Q(kind="consulate"),
                name="consulate_has_post_country",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. One role per account: a person with two roles has two accounts."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.WORKER)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=[r.value for r in Role]), name="user_role_known"),
        ]

    @property
    def needs_two_factor(self) -> bool:
        return self.role in TWO_FACTOR_ROLES

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Worker(models.Model):
    """A migrant worker's person record. Exists with or without a sign-in."""

    full_name = models.CharField(_("full name"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    nationality = models.ForeignKey("core.Country", verbose_name=_("nationality"), on_delete=models.PROTECT, related_name="+")
    passport_number = EncryptedTextField(_("passport number"), blank=True)
    passport_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    passport_expiry = models.DateField(_("passport expiry"), null=True, blank=True)
    languages = models.ManyToManyField("core.Language", verbose_name=_("languages"), blank=True, related_name="+")
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    next_of_kin_name = EncryptedTextField(_("next of kin"), blank=True)
    next_of_kin_relationship = models.CharField(_("relationship"), max_length=50, blank=True)
    next_of_kin_phone = EncryptedTextField(_("next of kin's phone"), blank=True)
    current_country = models.ForeignKey(
        "core.Country", verbose_name=_("country where the worker is now"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    recorded_by = models.ForeignKey(
        Organisation, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.PROTECT, related_name="workers"
    )
    user = models.OneToOneField(
        User, verbose_name=_("sign-in"), null=True, blank=True, on_delete=models.SET_NULL, related_name="worker"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        constraints = [
            models.UniqueConstraint(
                fields=["nationality", "passport_index"],
                condition=~models.Q(passport_index=""),
                name="worker_unique_passport",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class SignInAttempt(models.Model):
    """Every sign-in attempt, kept for throttling and for the record. No IP address is stored."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    succeeded = models.BooleanField()
    reason = models.CharField(max_length=30)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {'ok' if self.succeeded else self.reason} {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"
