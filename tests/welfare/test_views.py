"""Pages and endpoints of the welfare fund: enrolment at clearance, the four-eyes decision on the page, the member's
own page in their language, the ledger page, the queue's query count, the API's claim flow."""

import datetime as dt
import json

import pytest

from corridor.accounts.choices import Role
from corridor.core import names
from corridor.welfare import services
from corridor.welfare.models import Claim, Membership
from tests.catalogues import ensure_compiled
from tests.factories.accounts import UserFactory, WorkerUserFactory, signed_in_client, verified
from tests.factories.welfare import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_fund_officer_records_a_membership_at_clearance_on_the_page(fund_officer, make_clearance):
    application = make_clearance(facts=False)
    client = signed_in_client(fund_officer)
    form = {"clearance_reference": application.reference, "contract_months": "24",
            "starts_on": application.departure_date.isoformat(), "payer": "worker", "amount": "25.00",
            "currency": "USD", "exchange_rate": "58.00"}
    refused = client.post("/welfare/enrol/", form)
    assert refused.status_code == 422 and "finding" in refused.content.decode()
    assert not Membership.objects.exists()
    response = client.post("/welfare/enrol/", {**form, "payer": "employer"})
    membership = Membership.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/welfare/members/{membership.reference}/"
    assert membership.clearance_reference == application.reference and membership.destination == "SA"
    page = client.get(response["Location"]).content.decode()
    assert "1450.00 PHP" in page and "25.00 USD × 58.00000000" in page


def test_four_eyes_on_the_page(fund_officer, second_officer, member):
    claim = services.claim_file(acting_user=fund_officer, membership=member, benefit="death_natural",
                                claimant_kind="next_of_kin", event_date=dt.date(2026, 6, 1), filed_on=dt.date(2026, 6, 2))
    first, second = signed_in_client(fund_officer), signed_in_client(second_officer)
    assert first.post(f"/welfare/claims/{claim.reference}/act/recommend/").status_code == 302
    refused = first.post(f"/welfare/claims/{claim.reference}/act/approve/")
    assert refused.status_code == 409 and "another officer" in refused.content.decode()
    assert second.post(f"/welfare/claims/{claim.reference}/act/approve/").status_code == 302
    assert first.post(f"/welfare/claims/{claim.reference}/act/pay/", {"reference": "CHK-9"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "paid" and claim.posting.reference == "CHK-9"
    assert first.post(f"/welfare/claims/{claim.reference}/act/nonsense/").status_code == 404


def test_the_member_sees_their_cover_in_their_language(fund_officer):
    ensure_compiled()
    user = WorkerUserFactory()
    MembershipFactory(acting_user=fund_officer, worker=user.worker)
    client = signed_in_client(user)
    client.cookies["django_language"] = "fil"
    page = client.get("/my/welfare/").content.decode()
    start, end = (names.date(dt.date(*ymd), "fil") for ymd in ((2026, 1, 15), (2028, 1, 14)))
    assert f"Sakop ka mula <bdi>{start}</bdi> hanggang <bdi>{end}</bdi>." in page and "2026-01-15" not in page
    assert "Ang aking sakop sa welfare fund" in page
    other = signed_in_client(WorkerUserFactory())
    assert "OWWA-" not in other.get("/my/welfare/").content.decode()


def test_the_claims_queue_does_not_grow_queries_with_claims(fund_officer, django_assert_max_num_queries):
    for _ in range(5):
        member = MembershipFactory(acting_user=fund_officer)
        services.claim_file(acting_user=fund_officer, membership=member, benefit="burial", claimant_kind="next_of_kin",
                            event_date=dt.date(2026, 6, 1), filed_on=dt.date(2026, 6, 2))
    client = signed_in_client(fund_officer)
    with django_assert_max_num_queries(12):
        response = client.get("/welfare/claims/")
    assert response.content.decode().count("CLM-") >= 5


def test_the_ledger_page_balances(fund_officer, member):
    page = signed_in_client(fund_officer).get("/welfare/ledger/?fund=ph-owwa&from=2026-01-01&to=2026-12-31")
    assert page.status_code == 200 and "The ledger balances." in page.content.decode()
    auditor = verified(UserFactory(role=Role.AUDITOR))
    assert signed_in_client(auditor).get("/welfare/ledger/").status_code == 200
    assert signed_in_client(verified(UserFactory(role=Role.CONSULAR_ATTACHE))).get("/welfare/ledger/").status_code == 404


def test_the_api_files_and_decides_a_claim(fund_officer, second_officer, attache, member):
    filed = signed_in_client(attache).post("/api/v1/welfare/claims", json.dumps({
        "membership": member.reference, "benefit": "death_accidental", "claimant_kind": "next_of_kin",
        "event_date": "2026-06-01", "claimant_name": "Rosa Santos"}), content_type="application/json")
    assert filed.status_code == 201, filed.content
    body = filed.json()
    assert body["claimant_kind"] == "attache" and body["eligible"] and body["amount"] == "200000.00"
    assert body["reasons"][0]["citation"]["url"].startswith("http")
    reference = body["reference"]
    act = signed_in_client(fund_officer).post(f"/api/v1/welfare/claims/{reference}/actions/recommend", "{}",
                                                content_type="application/json")
    assert act.status_code == 200 and act.json()["status"] == "recommended"
    same = signed_in_client(fund_officer).post(f"/api/v1/welfare/claims/{reference}/actions/approve", "{}",
                                                 content_type="application/json")
    assert same.status_code == 409 and same.json()["error"]["code"] == "welfare.four_eyes"
    by_attache = signed_in_client(attache).post(f"/api/v1/welfare/claims/{reference}/actions/approve", "{}",
                                                content_type="application/json")
    assert by_attache.status_code == 403
    ok = signed_in_client(second_officer).post(f"/api/v1/welfare/claims/{reference}/actions/approve", "{}",
                                               content_type="application/json")
    assert ok.json()["status"] == "approved"
    assert Claim.objects.get(reference=reference).approved_by == second_officer
    statement = signed_in_client(attache).get(f"/api/v1/welfare/memberships/{member.reference}/statement")
    assert statement.json()["totals"] == {"contributions": "1456.25"}
    funds_listed = signed_in_client(attache).get("/api/v1/welfare/funds").json()
    assert {f["id"] for f in funds_listed} == {"ph-owwa", "np-fewf", "lk-slbfe"}
