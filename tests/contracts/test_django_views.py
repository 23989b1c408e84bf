"""Pages of the contracts app: the permission matrix of each, the worker's check, and the register's flow."""

import json

import pytest
from django.urls import reverse

from corridor.accounts.choices import Role
from corridor.contracts import services
from corridor.contracts.choices import VersionStatus
from corridor.contracts.models import CheckRecord
from tests.conftest import verified

from .django_helpers import registration_parties, sample, violating

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(make_org, make_user):
    return registration_parties(make_org, make_user)


@pytest.fixture
def contract(parties):
    return services.contract_submit(acting_user=parties["staff"], worker=parties["worker"], doc=violating(),
                                    job_order=parties["job_order"])


@pytest.fixture
def registered(parties):
    contract = services.contract_submit(acting_user=parties["staff"], worker=parties["worker"], doc=sample(),
                                        job_order=parties["job_order"])
    services.contract_approve(acting_user=parties["officer"], version=contract.versions.get())
    contract.refresh_from_db()
    return contract


def status_of(client, url, method="get", **data):
    return getattr(client, method)(url, data).status_code


# -- the permission matrix -------------------------------------------------------------------------------

def test_public_pages_need_no_sign_in(client):
    assert client.get(reverse("contracts:check")).status_code == 200
    assert client.get(reverse("contracts:verify")).status_code == 200


@pytest.mark.parametrize("name", ["contracts:list", "contracts:create", "contracts:rules"])
def test_anonymous_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_contract_pages_anonymous(client, contract):
    for name in ("contracts:detail", "contracts:pdf", "contracts:revise"):
        response = client.get(reverse(name, args=[contract.pk]))
        assert response.status_code == 302 and "sign-in" in response["Location"]


@pytest.mark.parametrize(("role", "expected"), [
    (Role.WORKER, 200), (Role.AGENCY_STAFF, 200), (Role.ORIGIN_OFFICER, 200), (Role.AUDITOR, 200),
    (Role.EMPLOYER_STAFF, 404), (Role.CASEWORKER, 404), (Role.DESTINATION_OFFICER, 404), (Role.ADMINISTRATOR, 404),
])
def test_list_by_role(make_user, signed_in, role, expected):
    assert signed_in(make_user(role)).get(reverse("contracts:list")).status_code == expected


@pytest.mark.parametrize(("role", "expected"), [
    (Role.ORIGIN_OFFICER, 200), (Role.DESTINATION_OFFICER, 200), (Role.CONSULAR_ATTACHE, 200), (Role.AUDITOR, 200),
    (Role.WORKER, 404), (Role.AGENCY_STAFF, 404), (Role.EMPLOYER_STAFF, 404),
])
def test_rules_by_role(make_user, signed_in, role, expected):
    client = signed_in(make_user(role))
    assert client.get(reverse("contracts:rules")).status_code == expected
    assert client.get(reverse("contracts:ruleset", args=["ph", "2006-12-15"])).status_code == expected


def test_an_unknown_ruleset_version_is_404(make_user, signed_in):
    client = signed_in(make_user(Role.ORIGIN_OFFICER))
    assert client.get(reverse("contracts:ruleset", args=["ph", "1900-01-01"])).status_code == 404


def test_create_only_for_agency_staff(make_user, signed_in):
    assert signed_in(make_user(Role.AGENCY_STAFF)).get(reverse("contracts:create")).status_code == 200
    for role in (Role.ORIGIN_OFFICER, Role.WORKER, Role.AUDITOR):
        assert signed_in(make_user(role)).get(reverse("contracts:create")).status_code == 404


def test_detail_scope(contract, parties, make_user, make_org, signed_in):
    url = reverse("contracts:detail", args=[contract.pk])
    assert signed_in(parties["staff"]).get(url).status_code == 200
    assert signed_in(parties["officer"]).get(url).status_code == 200
    assert signed_in(parties["worker_user"]).get(url).status_code == 200
    assert signed_in(make_user(Role.AUDITOR)).get(url).status_code == 200
    other_agency = make_user(Role.AGENCY_STAFF, organisation=make_org(kind="recruitment_agency", name="Other"))
    assert signed_in(other_agency).get(url).status_code == 404  # wrong scope
    assert signed_in(make_user(Role.WORKER)).get(url).status_code == 404  # another worker
    assert signed_in(make_user(Role.EMPLOYER_STAFF)).get(url).status_code == 404  # wrong role


def test_officer_without_second_factor_is_turned_away(client, contract, parties):
    client.force_login(parties["officer"])
    response = client.get(reverse("contracts:detail", args=[contract.pk]))
    assert response.status_code in (302, 404)


def test_decide_permission_matrix(contract, parties, signed_in, client):
    version = contract.versions.get()
    url = reverse("contracts:decide", args=[contract.pk, version.pk])
    assert client.post(url, {"action": "return", "reason": "x"}).status_code == 302  # anonymous: to sign in
    for who in ("staff", "worker_user"):
        assert signed_in(parties[who]).post(url, {"action": "return", "reason": "x"}).status_code == 404
    assert signed_in(parties["officer"]).get(url).status_code == 405
    assert signed_in(parties["officer"]).post(url, {"action": "nonsense"}).status_code == 404
    assert signed_in(parties["officer"]).post(reverse("contracts:decide", args=[contract.pk + 1, version.pk]),
                                              {"action": "approve"}).status_code == 404


@pytest.mark.once("postgres")  # permissions and a PDF do not depend on the database
def test_pdf_permission_matrix(registered, parties, make_user, make_org, signed_in, contract):
    url = reverse("contracts:pdf", args=[registered.pk])
    for who in ("worker_user", "staff", "officer"):
        response = signed_in(parties[who]).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert signed_in(make_user(Role.WORKER)).get(url).status_code == 404
    other_agency = make_user(Role.AGENCY_STAFF, organisation=make_org(kind="recruitment_agency", name="Other"))
    assert signed_in(other_agency).get(url).status_code == 404
    # not registered yet: no PDF
    assert signed_in(parties["officer"]).get(reverse("contracts:pdf", args=[contract.pk])).status_code == 404


def test_revise_permission_matrix(registered, parties, make_user, make_org, signed_in):
    url = reverse("contracts:revise", args=[registered.pk])
    assert signed_in(parties["staff"]).get(url).status_code == 200
    assert signed_in(parties["officer"]).get(url).status_code == 404
    assert signed_in(parties["worker_user"]).get(url).status_code == 404
    other_agency = make_user(Role.AGENCY_STAFF, organisation=make_org(kind="recruitment_agency", name="Other"))
    assert signed_in(other_agency).get(url).status_code == 404


def test_answer_permission_matrix(registered, parties, make_user, signed_in):
    amendment = services.contract_amend(acting_user=parties["staff"], contract=registered,
                                        doc=sample(wage__amount="1600.00"))
    services.contract_approve(acting_user=parties["officer"], version=amendment)
    url = reverse("contracts:answer", args=[registered.pk, amendment.pk])
    assert signed_in(parties["staff"]).post(url, {"answer": "accept"}).status_code == 404
    assert signed_in(make_user(Role.WORKER)).post(url, {"answer": "accept"}).status_code == 404
    amendment.refresh_from_db()
    assert amendment.status == VersionStatus.AWAITING_WORKER
    response = signed_in(parties["worker_user"]).post(url, {"answer": "accept"})
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == VersionStatus.REGISTERED


# -- behaviour ---------------------------------------------------------------------------------------------

CHECK_TERMS = {
    "mode": "terms", "terms-origin": "NP", "terms-destination": "QA", "terms-sector": "domestic_work",
    "terms-start_date": "2026-12-01", "terms-duration_months": "24", "terms-wage_amount": "700",
    "terms-wage_currency": "qar", "terms-wage_period": "month", "terms-hours_per_day": "12",
    "terms-hours_per_week": "84", "terms-weekly_rest_hours": "0", "terms-fees_paid": "90000",
    "terms-fees_currency": "NPR", "terms-passport_kept_by": "employer",
}


def test_a_worker_checks_an_offer_from_the_short_form_in_nepali(client):
    client.cookies["django_language"] = "ne"
    response = client.post(reverse("contracts:check"), CHECK_TERMS)
    assert response.status_code == 200
    result = response.context["result"]
    assert result["compliant"] is False
    categories = {f["category"] for f in result["findings"]}
    assert {"documents.retention", "rest.weekly", "fees.worker_paid"} <= categories
    assert "राहदानी" in response.content.decode()
    record = CheckRecord.objects.get()
    assert record.source == "page" and record.lang == "ne"
    summary = response.context["summary"]
    assert summary["verdict"] == "no" and 1 <= len(summary["top"]) <= 5


# The fair offer of issue 14 (PH to SA, SAR 1,500 a month, 8 h a day, 48 a week, 24 h weekly rest, no fees, passport
# kept by the worker), with every other question the form asks answered as a fair offer states it.
FAIR_OFFER = {
    "terms-origin": "PH", "terms-destination": "SA", "terms-sector": "domestic_work",
    "terms-start_date": "2027-01-01", "terms-duration_months": "24", "terms-wage_amount": "1500",
    "terms-wage_currency": "SAR", "terms-wage_period": "month", "terms-hours_per_day": "8",
    "terms-hours_per_week": "48", "terms-weekly_rest_hours": "24", "terms-fees_paid": "0",
    "terms-passport_kept_by": "worker", "terms-probation_days": "90", "terms-payment_frequency": "monthly",
    "terms-payment_method": "bank_transfer", "terms-paid_to_you": "yes", "terms-overtime_pct": "50",
    "terms-daily_rest_hours": "9", "terms-annual_leave_days": "21", "terms-outbound_paid_by": "employer",
    "terms-return_paid_by": "employer", "terms-housing": "free", "terms-food": "free", "terms-medical_paid": "yes",
    "terms-injury_insurance": "yes", "terms-welfare_fund": "yes", "terms-contract_language": "yes",
}
def result_section(response) -> str:
    html = response.content.decode()
    return html[html.index('id="result"'):html.index('id="terms-heading"')]


SEVEN_TERMS = ("origin", "destination", "sector", "start_date", "duration_months", "wage_amount", "wage_currency",
               "wage_period", "hours_per_day", "hours_per_week", "weekly_rest_hours", "fees_paid", "passport_kept_by")


@pytest.mark.parametrize("lang", ["en", "ar", "fil", "ne", "es"])
def test_the_fair_offer_can_be_signed_in_every_language(client, lang):
    client.cookies["django_language"] = lang
    response = client.post(reverse("contracts:check"), FAIR_OFFER)
    summary = response.context["summary"]
    assert summary["verdict"] == "sign", summary["top"]
    verdict = result_section(response)
    assert "missing_term" not in verdict and "ilo.c" not in verdict and "welfare_fund" not in verdict


def test_terms_the_offer_does_not_state_are_asked_for_not_violations(client):
    """Only the issue's terms: the answer is "do not sign yet", each missing term named in words, no rule id."""
    response = client.post(reverse("contracts:check"), {f"terms-{k}": FAIR_OFFER[f"terms-{k}"] for k in SEVEN_TERMS})
    summary = response.context["summary"]
    assert summary["verdict"] == "not_yet"
    assert 1 <= len(summary["top"]) <= 5
    assert all(item["text"].startswith("Not stated:") for item in summary["top"])
    verdict = result_section(response)
    assert "Do not sign yet." in verdict and "<details" in verdict
    assert "ph.owwa" not in verdict and "social_security." not in verdict and "does not state" not in verdict


def test_the_kind_of_work_is_asked_not_defaulted(client):
    data = {f"terms-{k}": FAIR_OFFER[f"terms-{k}"] for k in SEVEN_TERMS if k != "sector"}
    response = client.post(reverse("contracts:check"), data)
    assert response.context["summary"] is None
    assert "sector" in response.context["terms_form"].errors
    assert CheckRecord.objects.count() == 0


def test_your_country_is_preset_to_the_nodes_country(client, settings):
    from corridor.core import node

    response = client.get(reverse("contracts:check"))
    assert response.context["terms_form"]["origin"].initial == node.identity().country


def test_the_short_form_names_countries_in_the_page_language(client):
    client.cookies["django_language"] = "es"
    html = client.get(reverse("contracts:check")).content.decode()
    assert "Arabia Saudí" in html and "Filipinas" in html


def test_the_document_check_page_is_public_and_keeps_the_full_findings(client):
    assert client.get(reverse("contracts:check-document")).status_code == 200
    response = client.post(reverse("contracts:check-document"), {"json-document": json.dumps(violating())})
    assert "finding violation" in response.content.decode()


def test_pasted_json_check_and_its_problems_by_path(client):
    response = client.post(reverse("contracts:check-document"), {"json-document": json.dumps(violating())})
    assert response.context["result"]["compliant"] is False
    bad = sample(wage__amount=700)
    response = client.post(reverse("contracts:check-document"), {"json-document": json.dumps(bad)})
    assert response.context["result"] is None
    assert "$.wage.amount" in response.content.decode()
    response = client.post(reverse("contracts:check-document"), {"json-document": "{oops"})
    assert response.context["result"] is None and "not JSON" in response.content.decode()


def test_uploaded_json_check(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.json", json.dumps(sample()).encode(), content_type="application/json")
    response = client.post(reverse("contracts:check-document"), {"json-upload": upload})
    assert response.context["result"]["compliant"] is True


def test_nothing_found_but_something_not_checked_never_reads_as_meeting_every_rule(client):
    doc = sample(term__start_date="2010-01-01")  # no ruleset of the corridor in force then
    response = client.post(reverse("contracts:check-document"), {"json-document": json.dumps(doc)})
    html = response.content.decode()
    assert response.context["result"]["compliant"] is False
    assert "meets every rule" not in html and "cannot be said to meet every rule" in html


@pytest.mark.parametrize("lang", ["en", "ar", "fil", "ne", "es"])
def test_the_check_page_in_every_shipped_language(client, lang):
    client.cookies["django_language"] = lang
    response = client.post(reverse("contracts:check-document"), {"json-document": json.dumps(violating())})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{lang}"' in html
    assert ('dir="rtl"' in html) == (lang == "ar")


def test_agency_submits_from_the_page(parties, signed_in):
    client = signed_in(parties["staff"])
    response = client.post(reverse("contracts:create"), {
        "worker": parties["worker"].pk, "job_order": parties["job_order"].pk, "document": json.dumps(violating())})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "ph.hsw-minimum-wage" in detail.content.decode()


def test_agency_cannot_submit_for_another_agencys_worker(parties, make_user, make_org, signed_in):
    other = make_user(Role.AGENCY_STAFF, organisation=make_org(kind="recruitment_agency", name="Other"))
    response = signed_in(other).post(reverse("contracts:create"), {
        "worker": parties["worker"].pk, "document": json.dumps(sample())})
    assert response.status_code == 200 and response.context["form"].errors["worker"]


def test_officer_flow_on_the_page_with_two_officer_override(contract, parties, signed_in, client):
    version = contract.versions.get()
    url = reverse("contracts:decide", args=[contract.pk, version.pk])
    first = signed_in(parties["officer"])
    first.post(url, {"action": "approve"})
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED  # refused: violations stand
    first.post(url, {"action": "override_request", "reason": "Court order 12/2026"})
    first.post(url, {"action": "override_confirm"})
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED  # the same officer cannot confirm
    client.logout()
    signed_in(parties["second"]).post(url, {"action": "override_confirm"})
    version.refresh_from_db()
    assert version.status == VersionStatus.REGISTERED


def test_verify_page(registered, client):
    version = registered.versions.get()
    response = client.get(reverse("contracts:verify"), {"ref": registered.reference, "sha256": version.content_hash})
    assert response.context["found"] == version
    response = client.get(reverse("contracts:verify"), {"ref": registered.reference, "sha256": "0" * 64})
    assert response.context["found"] is None and "may have been changed" in response.content.decode()


def test_list_page_queries_do_not_grow(parties, signed_in, django_assert_max_num_queries):
    for _ in range(6):
        services.contract_submit(acting_user=parties["staff"], worker=parties["worker"], doc=sample(),
                                 job_order=parties["job_order"])
    client = signed_in(verified(parties["officer"]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("contracts:list"))
    assert response.status_code == 200 and len(response.context["contracts"]) == 6


def test_detail_page_queries_do_not_grow_with_versions(registered, parties, signed_in, django_assert_max_num_queries):
    for amount in ("1600.00", "1700.00", "1800.00"):
        amendment = services.contract_amend(acting_user=parties["staff"], contract=registered,
                                            doc=sample(wage__amount=amount))
        services.contract_return(acting_user=parties["officer"], version=amendment, reason="no")
    client = signed_in(parties["officer"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("contracts:detail", args=[registered.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("could not be fully checked", "Not checked")),
    ("es", ("no pudo comprobarse por completo", "No comprobado")),
    ("fil", ("hindi lubusang nasuri", "Hindi nasuri")),
    ("ne", ("पूर्ण रूपमा जाँच गर्न सकिएन", "जाँच गरिएन")),
    ("ar", ("تعذّر التحقق من هذا العقد بالكامل", "لم يتم التحقق")),
])
def test_the_check_page_says_what_was_not_checked_in_every_shipped_language(client, lang, words):
    doc = sample()
    doc["corridor"]["destination"] = "DE"
    doc["employer"]["country"] = "DE"
    client.cookies["django_language"] = lang
    response = client.post(reverse("contracts:check-document"), {"json-document": json.dumps(doc)})
    assert response.context["result"]["compliant"] is False
    html = response.content.decode()
    for word in words:
        assert word in html, (lang, word)
    assert "No violation found" not in html


def test_the_check_page_tells_the_fee_rules_of_the_corridor_not_a_blanket_ban(client):
    doc = sample()
    doc["corridor"]["destination"] = "DE"
    doc["employer"]["country"] = "DE"
    doc["job"]["sector"] = "construction"
    response = client.post(reverse("contracts:check-document"), {"json-document": json.dumps(doc)})
    html = response.content.decode()
    assert "What you may be charged" in html
    assert "at most 1 month&#x27;s basic wage" in html or "at most 1 month's basic wage" in html
