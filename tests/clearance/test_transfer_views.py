"""Pages and API of transfer requests with real records: anonymous, wrong role, wrong scope, allowed (the permission
matrix covers every route on an origin's scene; here the records exist, on a destination)."""

import datetime as dt

import pytest
from django.urls import reverse

from corridor.accounts import services as accounts
from corridor.accounts.choices import Role
from corridor.clearance import services
from corridor.clearance.models import TransferRequest
from tests.clearance.test_transfers import arrival, as_destination, employer_user, worker_user  # noqa: F401 - fixtures
from tests.conftest import verified

pytestmark = pytest.mark.django_db


def api(user):
    from django.test import Client

    token = accounts.api_token_create(acting_user=user, name="test")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def transfer(arrival, worker_user):  # noqa: F811
    return services.transfer_request(acting_user=worker_user, arrival=arrival, ground="none", sector="general",
                                     contract_start=dt.date(2023, 1, 1), request_date=dt.date(2023, 6, 1))


def test_pages_anonymous_wrong_role_wrong_scope_allowed(transfer, client, signed_in, inspector, employer_user,  # noqa: F811
                                                        make_user, make_org, officer, worker_user):  # noqa: F811
    url = reverse("clearance:transfer", args=[transfer.reference])
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    assert signed_in(officer).get(url).status_code == 404  # the origin officer's role has no transfer.view
    assert signed_in(employer_user).get(url).status_code == 404  # not asked yet: the employer does not see it
    other_worker = make_user(Role.WORKER)
    assert signed_in(other_worker).get(url).status_code == 404  # another worker
    caseworker = verified(make_user(Role.CASEWORKER))
    assert signed_in(caseworker).get(url).status_code == 404  # a caseworker who did not file it
    nepal = verified(make_user(Role.CONSULAR_ATTACHE, organisation=make_org(kind="consulate", country="NP", post_country="SA")))
    assert signed_in(nepal).get(url).status_code == 404  # another country's consulate
    philippines = verified(make_user(Role.CONSULAR_ATTACHE, organisation=make_org(kind="consulate", country="PH",
                                                                                    post_country="SA")))
    assert signed_in(philippines).get(url).status_code == 200
    page = signed_in(worker_user).get(url)
    assert page.status_code == 200 and "The move needs the current employer&#x27;s consent" in page.content.decode()
    mine = signed_in(worker_user).get(reverse("clearance:my-transfer"))
    assert mine.status_code == 200 and transfer.reference in mine.content.decode()
    officer_page = signed_in(inspector).get(url)
    assert officer_page.status_code == 200 and "ask_consent" in officer_page.content.decode()
    assert signed_in(inspector).get(reverse("clearance:transfers")).status_code == 200

    # The worker may only withdraw; an officer's action from the worker is refused by the service (not offered).
    response = signed_in(worker_user).post(reverse("clearance:transfer-act", args=[transfer.reference]),
                                           {"action": "accept"})
    assert response.status_code == 422 and TransferRequest.objects.get(pk=transfer.pk).status == "requested"
    response = signed_in(inspector).post(reverse("clearance:transfer-act", args=[transfer.reference]),
                                         {"action": "ask_consent"})
    assert response.status_code == 302
    assert signed_in(employer_user).get(url).status_code == 200  # asked: now the employer sees it
    response = signed_in(employer_user).post(reverse("clearance:transfer-act", args=[transfer.reference]),
                                             {"action": "answer_consent", "consents": "yes"})
    assert response.status_code == 302 and TransferRequest.objects.get(pk=transfer.pk).allowed is True


def test_worker_asks_from_their_own_page(arrival, worker_user, signed_in):  # noqa: F811
    response = signed_in(worker_user).post(reverse("clearance:my-transfer"), {"ground": "unpaid_wages"})
    assert response.status_code == 302
    transfer = TransferRequest.objects.get()
    assert transfer.requested_by == worker_user and transfer.ground == "unpaid_wages"


def test_stay_right_page(arrival, inspector, signed_in, worker_user):  # noqa: F811
    url = reverse("clearance:arrival-stay", args=[arrival.clearance.pk])
    assert signed_in(worker_user).post(url, {"case_reference": "C-1", "reason": "Claim"}).status_code == 404
    assert signed_in(inspector).post(url, {"case_reference": "C-1", "reason": "Claim open"}).status_code == 302
    page = signed_in(inspector).get(reverse("clearance:arrival", args=[arrival.clearance.pk])).content.decode()
    assert "Right to stay while a claim is open" in page and "C-1" in page
    mine = signed_in(worker_user).get(reverse("clearance:my-transfer")).content.decode()
    assert "C-1" in mine


def test_api_create_read_act_with_scopes(arrival, worker_user, inspector, employer_user, make_user):  # noqa: F811
    worker = api(worker_user)
    created = worker.post("/api/v1/transfers", {"clearance_reference": arrival.clearance.reference, "ground": "unpaid_wages",
                                              "sector": "general"},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["allowed"] is True and body["available_actions"] == ["withdraw"]
    assert body["law"]["reasons"][0]["citation"]["instrument"]
    reference = body["reference"]
    assert api(employer_user).get(f"/api/v1/transfers/{reference}").status_code == 404
    assert api(employer_user).get("/api/v1/transfers").json()["count"] == 0
    caseworker = verified(make_user(Role.CASEWORKER))
    refused = api(caseworker).post("/api/v1/transfers", {"clearance_reference": arrival.clearance.reference,
                                                         "passport_tail": "0000", "ground": "none"},
                                   content_type="application/json")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "clearance.transfer_not_arrived"
    denied = api(worker_user).post(f"/api/v1/transfers/{reference}/actions", {"action": "accept"},
                                   content_type="application/json")
    assert denied.status_code == 403
    accepted = api(inspector).post(f"/api/v1/transfers/{reference}/actions", {"action": "accept"},
                                   content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
