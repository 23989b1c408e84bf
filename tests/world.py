"""A small node for scope tests (built with tests/factories/): one user of every role, and workers placed so that each scope rule can be tried.

Workers:
  `abroad`  PH national in SA, recorded by agency A, has the worker user's sign-in  (agency A, attaché, the worker)
  `ngo`     PH national at home, recorded by the NGO                               (caseworker)
  `other`   PH national in SA, recorded by agency B                                (not agency A's)
  `home`    PH national at home, recorded by agency B                              (not the attaché's: not in SA)
  `foreign` NP national in SA, recorded by agency B                                (not the attaché's: not a PH national)
"""

from dataclasses import dataclass, field

import pytest
from django.test import Client

from corridor.accounts import services
from corridor.accounts.choices import Role
from tests.factories.accounts import PASSWORD as PASSWORD  # noqa: F401 - tests import it from here
from tests.factories.accounts import (
    OrganisationFactory,
    UserFactory,
    WorkerFactory,
    signed_in_client,
)

ALL_ROLES = frozenset(Role)
STAFF_ROLES = frozenset(r for r in Role if r != Role.WORKER)

# For each role: which of the workers above is in its scope (the "allowed" case) and which is not ("wrong scope").
IN_SCOPE = {
    Role.AGENCY_STAFF: "abroad", Role.CONSULAR_ATTACHE: "abroad", Role.WORKER: "abroad", Role.CASEWORKER: "ngo",
    Role.ORIGIN_OFFICER: "foreign", Role.FUND_OFFICER: "foreign", Role.AUDITOR: "foreign",
}
OUT_OF_SCOPE = {
    Role.AGENCY_STAFF: ["other", "ngo"], Role.CONSULAR_ATTACHE: ["home", "foreign", "ngo"],
    Role.WORKER: ["ngo", "other"], Role.CASEWORKER: ["abroad", "other"],
}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    workers: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=dict)
    unverified: object = None

    def client(self, role_or_user, *, two_factor: bool = True, **client_kwargs) -> Client:
        """A browser session for the user; staff have passed the second factor unless told otherwise."""
        user = self.users[role_or_user] if isinstance(role_or_user, str) else role_or_user
        return signed_in_client(user, two_factor=two_factor, **client_kwargs)

    def token(self, role) -> str:
        user = self.users[role]
        user.is_verified = lambda: True
        _token, plaintext = services.api_token_create(acting_user=user, name="matrix")
        return plaintext


def build_world() -> World:
    w = World()
    org = lambda key, kind, country="PH", post=None: w.orgs.setdefault(  # noqa: E731
        key, OrganisationFactory(name=f"{key} org", kind=kind, country=country, post_country=post)
    )
    ministry = org("ministry", "ministry")
    agency_a = org("agency_a", "recruitment_agency")
    agency_b = org("agency_b", "recruitment_agency")
    consulate = org("consulate", "consulate", post="SA")
    ngo = org("ngo", "ngo")
    fund = org("fund", "welfare_fund")
    employer = org("employer", "employer", country="SA")
    inspectorate = org("inspectorate", "labour_inspectorate")
    centre = org("centre", "resource_centre", country="SA")
    home_org = {
        Role.AGENCY_STAFF: agency_a, Role.EMPLOYER_STAFF: employer, Role.ORIGIN_OFFICER: ministry,
        Role.CONSULAR_ATTACHE: consulate, Role.DESTINATION_OFFICER: inspectorate, Role.CASEWORKER: ngo,
        Role.FUND_OFFICER: fund, Role.AUDITOR: ministry, Role.ADMINISTRATOR: ministry, Role.WORKER: None,
        Role.RESOURCE_CENTRE_STAFF: centre,
    }
    for role in Role:
        w.users[role] = UserFactory(username=f"u-{role}", role=role, organisation=home_org[role])
    w.unverified = UserFactory(username="u-unverified", role=Role.ORIGIN_OFFICER, organisation=ministry)

    def worker(key, nationality, current, recorded_by, user=None):
        w.workers[key] = WorkerFactory(
            full_name=f"Worker {key.title()}", nationality=nationality, current_country=current,
            recorded_by=recorded_by, user=user, passport_number=f"P{key.upper()}1", date_of_birth=None,
        )

    worker("abroad", "PH", "SA", agency_a, user=w.users[Role.WORKER])
    worker("ngo", "PH", None, ngo)
    worker("other", "PH", "SA", agency_b)
    worker("home", "PH", None, agency_b)
    worker("foreign", "NP", "SA", agency_b)
    return w


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def reference_data(transactional_db):
    """Countries, languages, occupations and the audit head, as the migrations load them.

    A test that commits (transaction=True, live_server) ends by emptying every table, the migrations'
    rows included; the next such test puts them back here. Much cheaper than serialized_rollback.
    """
    from importlib import import_module

    from django.apps import apps

    from corridor.core.models import AuditHead, Country

    if not Country.objects.exists():
        import_module("corridor.core.migrations.0002_reference_data").load(apps, None)
    if not AuditHead.objects.exists():
        import_module("corridor.core.migrations.0003_audit_append_only").start_chain(apps, None)
