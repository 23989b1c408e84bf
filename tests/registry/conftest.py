"""Registry fixtures: an officer, a licensed agency, a verified employer, valid offered terms (wrappers of
tests/factories/registry.py)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from corridor.accounts.choices import Role
from tests.conftest import verified

TERMS_FILE = Path(__file__).resolve().parents[1] / "rules" / "cases" / "base" / "ph-sa-domestic.json"


def today():
    return timezone.localdate()


@pytest.fixture
def officer(make_user):
    return verified(make_user(Role.ORIGIN_OFFICER))


@pytest.fixture
def inspector(make_user):
    return verified(make_user(Role.DESTINATION_OFFICER))


@pytest.fixture
def make_agency(db, officer, make_org):
    from tests.factories.registry import AgencyFactory

    def make(name="Bayanihan Manpower Services Inc.", licensed=True, number=None, valid_until=None, organisation=None):
        # a licence that has already ended was granted for a year (a validity shorter than the minimum is refused)
        extra = {"valid_until": valid_until, "valid_from": valid_until - timedelta(days=365)} if valid_until else {}
        return AgencyFactory(name=name, organisation=organisation or make_org(kind="recruitment_agency", name=name),
                             licensed=licensed, number=number, officer=officer,
                             branches=[{"name": "Cebu branch", "address": "Cebu City"}], **extra)

    return make


@pytest.fixture
def agency(make_agency):
    return make_agency()


@pytest.fixture
def agency_user(make_user, agency):
    return verified(make_user(Role.AGENCY_STAFF, organisation=agency.organisation))


@pytest.fixture
def make_employer(db, inspector):
    from tests.factories.registry import EmployerFactory

    def make(name="Al Noor Home Services Co.", country="SA", registration_number=None, verify=True):
        return EmployerFactory(name=name, country=country, verify=verify, inspector=inspector,
                               registration_number=registration_number or f"10{abs(hash(name)) % 10**8:08d}")

    return make


@pytest.fixture
def employer(make_employer):
    return make_employer()


@pytest.fixture
def terms():
    from tests.factories.registry import offered_terms

    return offered_terms()


@pytest.fixture
def make_job_order(db, agency, employer, terms):
    from tests.factories.registry import JobOrderFactory

    def make(agency=agency, employer=employer, acting_user=None, **kwargs):
        data = {"offered_terms": terms, "expires_on": today() + timedelta(days=60), "languages": ["fil", "en"]}
        data.update(kwargs)
        return JobOrderFactory(agency=agency, employer=employer, acting_user=acting_user, **data)

    return make


@pytest.fixture
def proceeding_for(officer):
    """A sanction proceeding that has been answered, ready for a decision."""
    from corridor.registry import services

    def make(licence, penalty="suspend"):
        proceeding = services.sanction_notify(acting_user=officer, licence=licence, charge="Charged workers placement fees",
                                              proposed_penalty=penalty, answer_due=today() + timedelta(days=10))
        proceeding.status = "answered"
        proceeding.answer = "We deny it."
        proceeding.save()
        return proceeding

    return make


__all__ = ["date"]
