"""Registry fixtures: an officer, a licensed agency, a verified employer, valid offered terms."""

import json
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
    from corridor.registry import services

    def make(name="Bayanihan Manpower Services Inc.", licensed=True, number=None, valid_until=None, organisation=None):
        organisation = organisation or make_org(kind="recruitment_agency", name=name)
        licence = services.agency_apply(acting_user=None, organisation=organisation, name=name, address="1 Rizal St, Manila",
                                        registration_number=f"CS{organisation.pk:06d}",
                                        owners=[{"full_name": "Owner One", "nationality": "PH"}],
                                        branches=[{"name": "Cebu branch", "address": "Cebu City"}])
        if licensed:
            licence = services.licence_grant(acting_user=officer, licence=licence, number=number or f"DMW-{organisation.pk:04d}-LB",
                                             valid_from=today() - timedelta(days=30),
                                             valid_until=valid_until or today() + timedelta(days=365), conditions="")
        return licence.agency

    return make


@pytest.fixture
def agency(make_agency):
    return make_agency()


@pytest.fixture
def agency_user(make_user, agency):
    return verified(make_user(Role.AGENCY_STAFF, organisation=agency.organisation))


@pytest.fixture
def make_employer(db, inspector):
    from corridor.registry import services

    def make(name="Al Noor Home Services Co.", country="SA", registration_number=None, verify=True):
        employer = services.employer_register(acting_user=None, name=name, country=country,
                                              registration_number=registration_number or f"10{abs(hash(name)) % 10**8:08d}",
                                              address="King Fahd Road, Riyadh")
        if verify:
            employer = services.employer_verify(acting_user=inspector, employer=employer, note="CR certificate seen")
        return employer

    return make


@pytest.fixture
def employer(make_employer):
    return make_employer()


@pytest.fixture
def terms():
    doc = json.loads(TERMS_FILE.read_text())
    doc.pop("worker")
    doc["employer"]["country"] = "SA"
    return doc


@pytest.fixture
def make_job_order(db, agency, employer, terms):
    from corridor.registry import services

    def make(agency=agency, employer=employer, acting_user=None, **kwargs):
        data = {"occupation": "9111", "title": "Household service worker", "workers_needed": 5, "worksite": "Riyadh",
                "offered_terms": terms, "expires_on": today() + timedelta(days=60), "languages": ["fil", "en"]}
        data.update(kwargs)
        return services.job_order_create(acting_user=acting_user, employer=employer, agency=agency, **data)

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
