"""API: anonymous filing and follow-up (no trace of the caller), throttling, and the permission matrix of every endpoint."""

import pytest

from corridor.cases import services
from corridor.cases.models import Case
from corridor.core.models import AuditEntry

pytestmark = pytest.mark.django_db
BODY = {"grievances": ["unpaid_wages"], "respondents": [{"role": "employer", "name": "Desert Build Co."}],
        "nationality": "PH", "country_where": "SA", "narrative": "No salary since March.", "answers": {"paid_in_full": "no"}}


def test_anonymous_filing_and_follow_up_over_the_api(client, orgs):
    response = client.post("/api/v1/cases/complaints", BODY, content_type="application/json",
                           REMOTE_ADDR="198.51.100.9", HTTP_USER_AGENT="ApiAgent/7")
    assert response.status_code == 201, response.content
    code = response.json()["receipt_code"]
    assert Case.objects.get().channel == "anonymous"
    response = client.post("/api/v1/cases/follow-up", {"code": code}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "received"
    response = client.post("/api/v1/cases/follow-up/messages", {"code": code, "body": "Any news?"},
                           content_type="application/json")
    assert response.json()["messages"][0]["body"] == "Any news?"
    assert "198.51.100.9" not in str(list(AuditEntry.objects.values())) and "sessionid" not in client.cookies


def test_api_intake_errors_and_throttle(client, orgs, settings):
    settings.CORRIDOR_RECEIPT_REQUESTER_FAILURES = 1
    response = client.post("/api/v1/cases/complaints", {**BODY, "grievances": ["nope"]}, content_type="application/json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "core.invalid_input"
    response = client.post("/api/v1/cases/complaints", {**BODY, "nationality": "NP", "country_where": "QA"},
                           content_type="application/json")
    assert response.json()["error"]["code"] == "cases.no_jurisdiction"
    wrong = client.post("/api/v1/cases/follow-up", {"code": "ZZZZ-0000-0000-0000"}, content_type="application/json")
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "cases.receipt_code_invalid"
    again = client.post("/api/v1/cases/follow-up", {"code": "ZZZZ-0000-0000-0001"}, content_type="application/json")
    assert again.status_code == 429 and again.json()["error"]["code"] == "cases.receipt_lookup_throttled"


@pytest.fixture
def case(file_case, people):
    attache = people["attache"]
    case = file_case(acting_user=attache, complainant={"full_name": "Jose Cruz"}, consent_referral=True).case
    return services.case_triage(acting_user=attache, case=case)


ENDPOINTS = {
    "queue": ("get", "/api/v1/cases", None),
    "detail": ("get", "/api/v1/cases/{ref}", None),
    "complainant": ("get", "/api/v1/cases/{ref}/complainant", None),
    "act": ("post", "/api/v1/cases/{ref}/actions/assign", {"reason": ""}),
}
ALLOWED = {
    "queue": {"attache", "attache2", "licensing", "other_officer", "caseworker", "auditor"},
    "detail": {"attache", "attache2", "auditor"},
    "complainant": {"attache", "attache2"},
    "act": {"attache", "attache2"},
}


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_api_permission_matrix(client, signed_in, people, case, endpoint):
    method, path, body = ENDPOINTS[endpoint]
    url = path.format(ref=case.reference)

    def call():
        kwargs = {"content_type": "application/json"} if body is not None else {}
        return getattr(client, method)(url, body, **kwargs) if body is not None else getattr(client, method)(url)

    assert call().status_code == 401
    for name, user in people.items():
        client.logout()
        signed_in(user)
        Case.objects.filter(pk=case.pk).update(status="triaged")
        response = call()
        if name in ALLOWED[endpoint]:
            assert response.status_code == 200, (name, response.content)
        else:
            assert response.status_code in (403, 404), (name, response.status_code)
    if endpoint == "complainant":
        assert AuditEntry.objects.filter(action="case.complainant_view", is_read=True).count() == 2


def test_api_queue_and_a_refused_transition(client, signed_in, people, case):
    signed_in(people["attache"])
    rows = client.get("/api/v1/cases?urgent=false").json()
    assert rows["count"] == 1 and [r["reference"] for r in rows["results"]] == [case.reference]
    response = client.post(f"/api/v1/cases/{case.reference}/actions/resolve", {"reason": "x"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "cases.transition_not_allowed"


def test_api_referral_needs_a_peer_with_the_kind_granted(client, signed_in, people, case):
    from corridor.exchange.models import Peer, PeerGrant

    signed_in(people["attache"])
    peer = Peer.objects.create(country_id="SA", url="http://sa.example")
    PeerGrant.objects.create(peer=peer, direction="send", kind="case.referral")
    response = client.post(f"/api/v1/cases/{case.reference}/referrals", {"reason": "Inspect please."},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["peer_country"] == "SA"
    response = client.post(f"/api/v1/cases/{case.reference}/referrals", {"reason": "Again"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "cases.referral_not_allowed"


def test_api_assign_names_only_an_officer_of_the_team(client, signed_in, people, case):
    """The officer id is read through a scoped selector: an account outside the case's team is not found (404),
    so the API reveals nothing about other organisations' accounts."""
    signed_in(people["attache"])
    url = f"/api/v1/cases/{case.reference}/actions/assign"
    for outsider in ("licensing", "employer", "caseworker"):
        response = client.post(url, {"officer_id": people[outsider].pk}, content_type="application/json")
        assert response.status_code == 404, outsider
    response = client.post(url, {"officer_id": 999_999}, content_type="application/json")
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.assigned_officer_id is None and case.status == "triaged"
    response = client.post(url, {"officer_id": people["attache2"].pk}, content_type="application/json")
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.assigned_officer_id == people["attache2"].pk
    client.logout()
    signed_in(people["other_officer"])  # an officer of another team cannot use it to probe ids
    response = client.post(url, {"officer_id": people["attache2"].pk}, content_type="application/json")
    assert response.status_code == 404


def test_a_huge_offset_on_the_queue_is_refused_not_a_server_error(client, signed_in, people, case):
    """Issue 13, fault 8: offset=10**30 overflowed the database's integer (500); now it is refused (422)."""
    signed_in(people["attache"])
    for offset in [10**19, 10**30, 2**63]:
        response = client.get(f"/api/v1/cases?offset={offset}")
        assert response.status_code == 422 and response.json()["error"]["code"] == "core.invalid_input"
