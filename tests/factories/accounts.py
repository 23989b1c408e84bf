"""Organisations, users of every role (with a passed second factor when asked), workers, signed-in clients."""

import factory
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from corridor.accounts import services
from corridor.accounts.choices import ROLE_ORGANISATION_KINDS, Role
from corridor.accounts.models import Organisation, User, Worker

PASSWORD = "a-long-test-password-2026"


class OrganisationFactory(factory.Factory):
    """`OrganisationFactory(kind="consulate", post_country="SA")`; through accounts.services.organisation_create."""

    class Meta:
        model = Organisation

    kind = "ministry"
    name = factory.LazyAttribute(lambda o: f"{o.kind} org")
    country = "PH"
    post_country = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.organisation_create(acting_user=None, **kwargs)


def organisation_for(role: str) -> Organisation | None:
    """A new organisation of a kind that the role may belong to (none for a worker)."""
    kinds = ROLE_ORGANISATION_KINDS[role]
    if not kinds:
        return None
    kind = sorted(kinds)[0]
    return OrganisationFactory(kind=kind, post_country="SA" if kind == "consulate" else None)


class UserFactory(factory.Factory):
    """A user of a role, through accounts.services.user_create; staff get an organisation of a fitting kind."""

    class Meta:
        model = User

    role = Role.ORIGIN_OFFICER
    username = factory.Sequence(lambda n: f"user-{n:05d}")
    password = PASSWORD
    organisation = factory.LazyAttribute(lambda o: organisation_for(o.role))

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.user_create(acting_user=None, **kwargs)


class WorkerFactory(factory.Factory):
    """A worker's person record, through accounts.services.worker_create."""

    class Meta:
        model = Worker

    full_name = factory.Sequence(lambda n: f"Worker Number{n}")
    nationality = "PH"
    recorded_by = None
    passport_number = factory.Sequence(lambda n: f"PF{n:07d}")

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.worker_create(acting_user=None, **kwargs)


class WorkerUserFactory(factory.Factory):
    """A worker with a sign-in (accounts.services.worker_link_user): returns the user."""

    class Meta:
        model = User

    worker = factory.SubFactory(WorkerFactory)
    username = factory.Sequence(lambda n: f"worker-{n:05d}")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.worker_link_user(**kwargs)


def verified(user):
    """Mark a user object as having passed the second factor (what django-otp does after a code)."""
    user.is_verified = lambda: True
    return user


def sign_in(client: Client, user, *, two_factor: bool = True) -> Client:
    """Sign the user into the client; staff have passed the second factor unless told otherwise (test-only: a
    confirmed static device is attached to the session as django-otp does)."""
    client.force_login(user)
    if two_factor and user.needs_two_factor:
        device, _ = StaticDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def signed_in_client(user, *, two_factor: bool = True, **client_kwargs) -> Client:
    return sign_in(Client(**client_kwargs), user, two_factor=two_factor)
