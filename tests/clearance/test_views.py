"""Pages and API: the permission matrix, the PDF in two scripts, the verify page (pasted and scanned), the worker's page."""

import io
import re
import subprocess
from datetime import timedelta

import pytest
import segno
from django.urls import reverse

from corridor.accounts.choices import Role
from corridor.clearance import pdf, services
from tests.clearance.conftest import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_user(granted):
    from corridor.accounts import services as accounts

    return accounts.worker_link_user(worker=granted.worker, username="maria", password="a-long-test-password-2026")


def pages(c):
    return [reverse("clearance:list"), reverse("clearance:detail", args=[c.reference]), reverse("clearance:pdf", args=[c.reference])]


def test_anonymous_is_sent_to_sign_in(client, granted):
    for url in pages(granted) + [reverse("clearance:mine"), reverse("clearance:arrivals")]:
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert client.get("/api/v1/clearances").status_code == 401


@pytest.mark.parametrize("role", [Role.EMPLOYER_STAFF, Role.CASEWORKER, Role.DESTINATION_OFFICER, Role.CONSULAR_ATTACHE])
def test_wrong_role_gets_404(make_user, signed_in, granted, role):
    client = signed_in(make_user(role))
    for url in pages(granted):
        assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/clearances/{granted.reference}").status_code == 404


def test_other_agency_is_out_of_scope(make_user, make_org, signed_in, granted):
    client = signed_in(make_user(Role.AGENCY_STAFF, organisation=make_org(kind="recruitment_agency", name="Other agency")))
    assert client.get(reverse("clearance:list")).status_code == 200
    assert granted.reference not in client.get(reverse("clearance:list")).content.decode()
    assert client.get(reverse("clearance:detail", args=[granted.reference])).status_code == 404


@pytest.mark.parametrize("who", ["officer", "agency_user", "fund_officer"])
def test_allowed_roles_see_the_clearance(request, signed_in, granted, who, django_assert_max_num_queries):
    client = signed_in(request.getfixturevalue(who))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("clearance:list")).status_code == 200
    response = client.get(reverse("clearance:detail", args=[granted.reference]))
    assert response.status_code == 200 and b'data-check="minimum_age"' in response.content


def test_list_query_count_does_not_grow(signed_in, officer, make_clearance, django_assert_max_num_queries):
    for n in range(4):
        make_clearance(passport=f"PX{n}", name=f"Worker {n}")
    client = signed_in(officer)
    client.get(reverse("clearance:list"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("clearance:list")).status_code == 200


def test_officer_grants_through_the_page(signed_in, officer, clearance):
    client = signed_in(officer)
    response = client.post(reverse("clearance:decide", args=[clearance.reference]), {"action": "grant"})
    assert response.status_code == 302
    clearance.refresh_from_db()
    assert clearance.status == "granted"


def test_page_shows_failed_checks_and_refuses_grant(signed_in, officer, make_clearance):
    clearance = make_clearance(facts=False)
    response = signed_in(officer).post(reverse("clearance:decide", args=[clearance.reference]), {"action": "grant"})
    assert response.status_code == 409 and b"Not recorded." in response.content


def test_agency_cannot_decide_but_can_record_facts(signed_in, agency_user, clearance):
    client = signed_in(agency_user)
    assert client.post(reverse("clearance:decide", args=[clearance.reference]), {"action": "grant"}).status_code == 404
    response = client.post(reverse("clearance:fact", args=[clearance.reference]),
                           {"kind": "insurance", "document_reference": "POL-2"})
    assert response.status_code == 302


def test_agency_applies_through_the_page(signed_in, agency_user, make_contract):
    contract = make_contract(passport="P5")
    response = signed_in(agency_user).post(reverse("clearance:apply"), {"contract": contract.pk,
                                                                        "departure_date": (today() + timedelta(days=9)).isoformat()})
    assert response.status_code == 302 and contract.clearances.count() == 1


@pytest.mark.once("sqlite")  # the rendering of a PDF does not depend on the database
def test_pdf_has_both_languages_and_renders_arabic_and_devanagari(granted, tmp_path):
    granted.employer_name = "مؤسسة النور للخدمات المنزلية"
    granted.worker.full_name = "सीता कुमारी तामाङ"
    content = pdf.render(granted, lang="ar")
    path = tmp_path / "c.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    assert granted.reference in text and "Departure clearance" in text
    assert "Noto-Sans-Arabic" in fonts and "Devanagari" in fonts
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", pages, re.M)


def test_pdf_page_for_the_worker(signed_in, worker_user, granted):
    response = signed_in(worker_user).get(reverse("clearance:pdf", args=[granted.reference]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_worker_sees_the_qr_and_notices(signed_in, worker_user, granted):
    client = signed_in(worker_user)
    response = client.get(reverse("clearance:mine"))
    assert response.status_code == 200 and b"<svg" in response.content and "private" in response["Cache-Control"]
    assert b"is granted; depart by" in client.get(reverse("clearance:notices")).content


def test_verify_page_pasted(client, granted, officer):
    response = client.post(reverse("clearance:verify"), {"token": granted.token})
    assert response.status_code == 200 and b"verdict-valid" in response.content
    services.clearance_halt(acting_user=officer, clearance=granted, reason="x")
    assert b"verdict-halted" in client.post(reverse("clearance:verify"), {"token": granted.token}).content
    assert b"verdict-unreadable" in client.post(reverse("clearance:verify"), {"token": "nonsense"}).content
    assert client.post(reverse("clearance:verify"), {}).status_code == 422


def test_verify_page_scanned_photo(client, granted):
    image = io.BytesIO()
    segno.make(granted.token, error="m").save(image, kind="png", scale=4)
    image.name = "qr.png"
    image.seek(0)
    response = client.post(reverse("clearance:verify"), {"image": image})
    assert b"verdict-valid" in response.content


def test_public_status_and_revocations(client, granted, officer):
    answer = client.get(f"/api/v1/clearances/status/{granted.reference}").json()
    assert answer["status"] == "valid"
    assert client.get("/api/v1/clearances/status/PH-CLR-0000-9999999").status_code == 404
    services.clearance_halt(acting_user=officer, clearance=granted, reason="x")
    assert client.get(f"/api/v1/clearances/status/{granted.reference}").json()["status"] == "halted"
    listing = client.get("/api/v1/clearances/revocations").json()
    assert listing["token"].count(".") == 2 and listing["issued_at"]
    assert client.post("/api/v1/clearances/verify", {"token": granted.token}, content_type="application/json").json()["status"] == "halted"


def test_api_halt_permission(signed_in, agency_user, officer, granted):
    assert signed_in(agency_user).post(f"/api/v1/clearances/{granted.reference}/halt", {"reason": "x"},
                                       content_type="application/json").status_code == 403
    response = signed_in(officer).post(f"/api/v1/clearances/{granted.reference}/halt", {"reason": "Red flag"},
                                       content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "halted"
