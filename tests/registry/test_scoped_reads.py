"""Reads in the registry's pages and API go through selectors that apply the user's scope: out of scope is 404."""

from datetime import timedelta

import pytest

from corridor.accounts.choices import Role
from corridor.registry import services
from corridor.registry.models import JobOrder, ScreeningHit
from tests.conftest import verified
from tests.registry.conftest import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_hit(inspector, make_employer):
    services.watchlist_entry_add(acting_user=inspector, subject_kind="employer", name="Al Noor Home Services",
                                 country="SA", reason="Confiscated passports", evidence_reference="Case 17")
    employer = make_employer(name="Alnoor Home Services Co.", registration_number="7777")
    return ScreeningHit.objects.get(employer=employer, status="pending")


def test_screening_review_page_permission_matrix(client, signed_in, make_user, pending_hit):
    url = f"/registry/screening/{pending_hit.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]  # anonymous
    for role in (Role.AGENCY_STAFF, Role.AUDITOR, Role.CASEWORKER):  # wrong role
        assert signed_in(make_user(role)).get(url).status_code == 404, role
        client.logout()
    reviewer = make_user(Role.ORIGIN_OFFICER)
    assert signed_in(reviewer).get(url).status_code == 200  # allowed
    assert client.get("/registry/screening/999999/").status_code == 404  # no such hit
    services.screening_hit_review(acting_user=verified(reviewer), hit=pending_hit,
                                  confirm=False, note="A different company")
    assert client.get(url).status_code == 404  # reviewed: no longer in the queue


def _order_payload(employer, agency, terms):
    return {"employer_id": employer.pk, "agency_id": agency.pk, "occupation": "9111", "title": "Household worker",
            "workers_needed": 2, "worksite": "Riyadh", "languages": ["en"],
            "expires_on": str(today() + timedelta(days=30)), "offered_terms": terms}


def test_api_job_order_names_only_an_agency_in_scope(client, signed_in, make_user, agency, make_agency, employer, terms):
    other = make_agency(name="Other Agency Corp")
    staff = make_user(Role.AGENCY_STAFF, organisation=agency.organisation)
    api = signed_in(staff)
    response = api.post("/api/v1/job-orders", _order_payload(employer, other, terms), content_type="application/json")
    assert response.status_code == 404  # another agency: not found, not forbidden
    assert not JobOrder.objects.filter(agency=other).exists()
    response = api.post("/api/v1/job-orders", _order_payload(employer, agency, terms), content_type="application/json")
    assert response.status_code == 201, response.content
    client.logout()
    # Employer staff place orders through any agency on the register.
    employer_staff = make_user(Role.EMPLOYER_STAFF, organisation=employer.organisation)
    response = signed_in(employer_staff).post("/api/v1/job-orders", _order_payload(employer, other, terms),
                                              content_type="application/json")
    assert response.status_code == 201, response.content
