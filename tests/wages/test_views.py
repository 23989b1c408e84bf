"""Pages: the officer uploads a file (refused with every problem, or imported); the worker sees their months in their
language and disputes one, which opens a case with the figures."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corridor.clearance import services as clearance_services
from corridor.wages import services
from corridor.wages.models import MonthReconciliation, SalaryFile
from tests.wages.conftest import csv_file

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"


def test_upload_page_imports_and_refuses(dest_officer, signed_in, client):
    signed_in(dest_officer)
    data = (SAMPLES / "sample_sif_dib_2016.sif").read_bytes()
    bad = client.post(reverse("wages:upload"), {"file": SimpleUploadedFile("x.sif", data.replace(b",01,", b",03,"))})
    assert bad.status_code == 422 and b"line 3: edr_count" in bad.content and not SalaryFile.objects.exists()
    ok = client.post(reverse("wages:upload"), {"file": SimpleUploadedFile("dib.sif", data)})
    file = SalaryFile.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse("wages:file", args=[file.pk])
    page = client.get(ok["Location"])
    assert page.status_code == 200 and b"Not matched to an arrival" in page.content


def test_api_import_refusal_lists_problems_then_imports(dest_officer, signed_in, client):
    signed_in(dest_officer)
    text = (SAMPLES / "sample_sif_dib_2016.sif").read_text()
    bad = client.post("/api/v1/wages/files", {"content": text.replace(",01,6500.00", ",01,6000.00")},
                      content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "wages.file_refused" and "line 3: total_salary" in bad.json()["error"]["fields"]
    ok = client.post("/api/v1/wages/files", {"content": text}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["line_count"] == 1 and ok.json()["total"] == "6500.00"
    again = client.post("/api/v1/wages/files", {"content": text}, content_type="application/json")
    assert again.status_code == 200 and again.json()["created"] is False
    detail = client.get(f"/api/v1/wages/files/{ok.json()['id']}").json()
    assert detail["months"][0]["paid"] == "6500.00"


def test_worker_sees_and_disputes_a_month(arrival, dest_officer, make_worker, signed_in, client, employer):
    from corridor.cases.models import Case

    worker = make_worker(name="Maria Luisa Santos", passport="P7654321B", username="maria-dest")
    clearance_services.arrival_worker_link(acting_user=dest_officer, arrival=arrival, worker=worker)
    services.salary_file_import(acting_user=dest_officer, format="csv",
                                data=csv_file([{"basic": "1200.00", "paid_amount": "1200.00"}]))
    signed_in(worker.user)
    page = client.get(reverse("wages:mine"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert b"1500.00" in page.content and b"1200.00" in page.content
    assert b"Paid less than the registered contract owes" in page.content
    month = MonthReconciliation.objects.get(current=True)
    before = Case.objects.count()
    response = client.post(reverse("wages:dispute", args=[month.pk]), {"note": "My salary was cut."})
    assert response.status_code == 302
    month.refresh_from_db()
    assert month.disputed_at is not None
    case = Case.objects.exclude(wage_arrears__isnull=False).order_by("-id").first()
    assert Case.objects.count() == before + 1 and case.complainant.user == worker.user
    assert "shortfall 300.00 SAR" in case.narrative and "My salary was cut." in case.narrative
    # a second dispute of the same month is refused
    client.post(reverse("wages:dispute", args=[month.pk]))
    assert Case.objects.count() == before + 1


def test_another_worker_does_not_see_the_month(arrival, dest_officer, make_worker, signed_in, client):
    services.salary_file_import(acting_user=dest_officer, format="csv", data=csv_file([{}]))
    other = make_worker(name="Other Person", passport="P0000001C", username="other-dest")
    signed_in(other.user)
    month = MonthReconciliation.objects.get()
    assert b"1500.00" not in client.get(reverse("wages:mine")).content
    assert client.post(reverse("wages:dispute", args=[month.pk])).status_code == 404
