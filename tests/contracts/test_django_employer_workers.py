"""An employer's staff see its workers: those under submitted or registered contracts for its job orders."""

import pytest
from django.urls import reverse

from corridor.accounts import services as accounts
from corridor.accounts.choices import Role
from corridor.contracts import selectors, services
from corridor.core.audit import AuditEntry
from corridor.core.errors import NotFound
from tests.conftest import verified

from .django_helpers import approved_job_order, registration_parties, sample, verified_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(make_org, make_user):
    parties = registration_parties(make_org, make_user)
    other = verified_employer(make_org, make_user, name="Gulf Star Contracting LLC")
    parties["other_employer"] = other
    parties["other_staff"] = verified(make_user(Role.EMPLOYER_STAFF, organisation=other.organisation))
    parties["other_order"] = approved_job_order(agency=parties["registry_agency"], employer=other,
                                                officer=parties["officer"])
    return parties


def worker(parties, name):
    return accounts.worker_create(acting_user=None, full_name=name, nationality="PH", recorded_by=parties["agency"],
                                  languages=["en"])


@pytest.fixture
def ours(parties):
    """A registered contract under the employer's job order."""
    contract = services.contract_submit(acting_user=parties["staff"], worker=parties["worker"], doc=sample(),
                                        job_order=parties["job_order"])
    services.contract_approve(acting_user=parties["officer"], version=contract.versions.get())
    return parties["worker"]


@pytest.fixture
def theirs(parties):
    """A submitted contract under the other employer's job order."""
    someone = worker(parties, "Juan Dela Cruz")
    services.contract_submit(acting_user=parties["staff"], worker=someone, doc=sample(),
                             job_order=parties["other_order"])
    return someone


def test_employer_staff_see_their_workers_and_not_another_employers(parties, ours, theirs):
    assert list(selectors.employer_worker_list(user=parties["employer_staff"])) == [ours]
    assert list(selectors.employer_worker_list(user=parties["other_staff"])) == [theirs]
    assert selectors.employer_worker_get(user=parties["employer_staff"], worker_id=ours.pk) == ours
    assert AuditEntry.objects.filter(action="worker.view").exists()
    with pytest.raises(NotFound):
        selectors.employer_worker_get(user=parties["employer_staff"], worker_id=theirs.pk)


def test_a_returned_contract_does_not_make_a_worker_theirs(parties):
    contract = services.contract_submit(acting_user=parties["staff"], worker=parties["worker"], doc=sample(),
                                        job_order=parties["job_order"])
    assert list(selectors.employer_worker_list(user=parties["employer_staff"])) == [parties["worker"]]
    services.contract_return(acting_user=parties["officer"], version=contract.versions.get(), reason="No")
    assert not selectors.employer_worker_list(user=parties["employer_staff"]).exists()


def test_only_employer_staff_have_the_scope(parties, ours, make_user):
    for role in (Role.AGENCY_STAFF, Role.ORIGIN_OFFICER, Role.WORKER, Role.DESTINATION_OFFICER, Role.AUDITOR):
        assert not selectors.employer_worker_list(user=verified(make_user(role))).exists()


def test_pages_anonymous_go_to_sign_in(client, ours):
    for url in (reverse("contracts:employer_workers"), reverse("contracts:employer_worker", args=[ours.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize(("role", "expected"), [
    (Role.EMPLOYER_STAFF, 200), (Role.AGENCY_STAFF, 404), (Role.ORIGIN_OFFICER, 404), (Role.WORKER, 404),
    (Role.DESTINATION_OFFICER, 404), (Role.AUDITOR, 404), (Role.CASEWORKER, 404),
])
def test_list_page_by_role(make_user, signed_in, role, expected):
    assert signed_in(make_user(role)).get(reverse("contracts:employer_workers")).status_code == expected


def test_detail_page_scope(parties, ours, theirs, signed_in, make_user):
    url = reverse("contracts:employer_worker", args=[ours.pk])
    mine = signed_in(parties["employer_staff"])
    response = mine.get(url)
    assert response.status_code == 200 and ours.full_name in response.content.decode()
    assert parties["job_order"].reference in response.content.decode()
    assert mine.get(reverse("contracts:employer_worker", args=[theirs.pk])).status_code == 404
    listing = mine.get(reverse("contracts:employer_workers")).content.decode()
    assert ours.full_name in listing and theirs.full_name not in listing
    mine.logout()
    assert signed_in(parties["other_staff"]).get(url).status_code == 404
    # An employer's staff member of an employer with no job orders at all.
    assert signed_in(make_user(Role.EMPLOYER_STAFF)).get(url).status_code == 404
    assert signed_in(parties["staff"]).get(url).status_code == 404


def test_list_page_queries_do_not_grow(parties, signed_in, django_assert_max_num_queries):
    for i in range(5):
        someone = worker(parties, f"Worker {i}")
        services.contract_submit(acting_user=parties["staff"], worker=someone, doc=sample(),
                                 job_order=parties["job_order"])
    client = signed_in(parties["employer_staff"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("contracts:employer_workers"))
    assert response.status_code == 200 and len(response.context["workers"]) == 5
