"""Verify a recruiter: tolerant search across spelling, spacing, suffixes and scripts; plain answers; the API."""

from datetime import timedelta

import pytest

from corridor.registry import selectors, services
from tests.registry.conftest import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(make_agency, officer, proceeding_for):
    agencies = {
        "bayanihan": make_agency(name="Bayanihan Manpower Services Inc.", number="DMW-101-LB-2026"),
        "noor": make_agency(name="شركة النور للتوظيف"),
        "sagarmatha": make_agency(name="सगरमाथा म्यानपावर प्रा. लि."),
        "pacific": make_agency(name="Pacific Crest Recruitment Corp."),
        "applied": make_agency(name="Tala Overseas Placement Co.", licensed=False),
    }
    suspended = make_agency(name="Mabuhay Global Recruitment Ltd.")
    services.licence_suspend(acting_user=officer, proceeding=proceeding_for(suspended.current_licence), reason="Fees",
                             suspended_until=today() + timedelta(days=60))
    banned = make_agency(name="Golden Gate Manpower Agency")
    services.licence_ban(acting_user=officer, proceeding=proceeding_for(banned.current_licence, "ban"), reason="Trafficking")
    agencies.update(suspended=suspended, banned=banned)
    agencies["sub"] = services.subagent_register(acting_user=None, agency=agencies["bayanihan"], full_name="Pedro Magbanua",
                                                 locality="Kalibo, Aklan")
    return agencies


def top(query):
    results = selectors.verify_recruiters(query=query)
    return results[0] if results else None


@pytest.mark.parametrize("query", [
    "Bayanihan Manpower Services Inc.", "bayanihan manpower", "Bayanihn Manpower", "BAYANIHAN  MANPOWER SERVICES, INC",
    "Bayani-han Manpower", "Manpower Bayanihan", "Bayanihan Manpower Services Corporation",
])
def test_spelling_spacing_punctuation_suffixes_and_order(registry, query):
    assert top(query).agency == registry["bayanihan"]


def test_latin_finds_arabic_and_back(registry):
    assert top("Al Noor").agency == registry["noor"]
    assert top("Alnoor Co.").agency == registry["noor"]
    assert top("Al-Nur").agency == registry["noor"]
    assert top("النور").agency == registry["noor"]


def test_latin_finds_devanagari(registry):
    assert top("Sagarmatha Manpower").agency == registry["sagarmatha"]
    assert top("Sagarmata Manpower Pvt Ltd").agency == registry["sagarmatha"]


def test_licence_number_exact_ignoring_punctuation(registry):
    result = top("dmw 101 lb 2026")
    assert result.agency == registry["bayanihan"] and result.status.code == "licensed"
    assert result.status.date == registry["bayanihan"].current_licence.valid_until


def test_status_answers_are_plain(registry):
    assert "Licensed until" in top("Bayanihan Manpower").status.message
    suspended = top("Mabuhay Global Recruitment")
    assert suspended.status.code == "suspended" and "Do not pay anything" in suspended.status.message
    banned = top("Golden Gate Manpower")
    assert banned.status.code == "banned" and banned.status.date == today()
    assert top("Tala Overseas Placement").status.code == "applied"


def test_not_found_is_not_licensed(registry):
    assert selectors.verify_recruiters(query="Zebra Quantum Staffing") == []


def test_sub_agent_shows_the_agency_that_answers(registry):
    result = top("Pedro Magbanua")
    assert result.kind == "subagent" and result.agency == registry["bayanihan"] and result.status.code == "licensed"
    assert top(registry["sub"].registration_number).subagent == registry["sub"]


def test_expired_licence_is_shown_as_expired(make_agency):
    make_agency(name="Lapsed Manpower Co", valid_until=today() - timedelta(days=2))
    result = top("Lapsed Manpower")
    assert result.status.code == "expired" and not result.status.safe


def test_verify_page_in_every_language(client, registry):
    for language in ["en", "ar", "fil", "ne", "es"]:
        response = client.get("/recruiters/", {"q": "Bayanihn"}, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert "Bayanihan Manpower Services Inc." in response.content.decode()
    response = client.get("/recruiters/", {"q": "Nobody Such Agency"})
    assert "Not found: not licensed. Do not pay anything." in response.content.decode()


def test_verify_page_query_count_is_bounded(client, registry, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        assert client.get("/recruiters/", {"q": "Bayanihan Manpower"}).status_code == 200


def test_verify_api(client, registry):
    body = client.get("/api/v1/recruiters", {"q": "bayanihan manpower"}).json()
    assert body["found"] and body["results"][0]["status"] == "licensed" and body["results"][0]["licensed"]
    body = client.get("/api/v1/recruiters", {"q": "Pedro Magbanua"}).json()
    assert body["results"][0]["answers_for_them"]["name"] == "Bayanihan Manpower Services Inc."
    body = client.get("/api/v1/recruiters", {"q": "Nobody Such Agency"}).json()
    assert body == {"query": "Nobody Such Agency", "found": False, "message": "Not found: not licensed. Do not pay anything.",
                    "results": []}
    assert client.get("/api/v1/recruiters", {"q": ""}).status_code == 422


def test_arabic_finds_latin(make_agency):
    agency = make_agency(name="Al Hamra Manpower Services")
    assert top("الحمراء").agency == agency


def test_a_registration_number_with_a_single_digit_is_still_found_exactly(registry):
    from corridor.registry import services

    sub = services.subagent_register(acting_user=None, agency=registry["bayanihan"], full_name="Lito Ramos",
                                     locality="Iloilo", registration_number="SA-7-ABCDEF")
    assert top("sa 7 abcdef").subagent == sub
    assert top("Lito Ramos").subagent == sub
