"""Pages: the officer uploads a file (refused with every problem, or imported); the worker sees their months in their
language and disputes one, which opens a case with the figures."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corridor.clearance import services as clearance_services
from corridor.wages import services
from corridor.wages.models import ArrearsAlert, MonthReconciliation, SalaryFile
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


def test_an_unmatched_line_is_matched_to_its_arrival_from_the_file_page(arrival, dest_officer, signed_in, client,
                                                                        make_user):
    """The file names the worker by another ID than the one recorded at arrival: the officer matches the line to the
    arrival by its clearance reference; the month is reconciled against the contract and later files match too."""
    from corridor.accounts.choices import Role
    from tests.conftest import verified

    services.salary_file_import(acting_user=dest_officer, format="csv",
                                data=csv_file([{"worker_id": "LC777", "basic": "1300.00", "paid_amount": "1300.00"}]))
    month = MonthReconciliation.objects.get()
    assert month.arrival is None and month.owed is None
    url = reverse("wages:line-match", args=[month.line.file_id, month.line_id])
    reference = arrival.clearance.reference
    signed_in(verified(make_user(role=Role.AUDITOR, username="aud-m")))
    assert client.post(url, {"clearance": reference}).status_code in (403, 404)
    signed_in(dest_officer)
    page = client.get(reverse("wages:file", args=[month.line.file_id])).content.decode()
    assert "Match to the arrival" in page
    # this arrival has its own work permit number recorded, which is not LC777: refused, nothing changes
    client.post(url, {"clearance": reference})
    assert MonthReconciliation.objects.get(current=True).arrival is None
    from corridor.clearance.models import Arrival

    Arrival.objects.filter(pk=arrival.pk).update(work_permit_index="", work_permit_number="")
    assert client.post(url, {"clearance": "PH-CLR-NOPE"}).status_code == 302
    assert MonthReconciliation.objects.get(current=True).arrival is None
    assert client.post(url, {"clearance": reference}).status_code == 302
    matched = MonthReconciliation.objects.get(current=True)
    assert (matched.arrival_id, matched.owed, matched.shortfall) == (arrival.pk, Decimal("1500.00"), Decimal("200.00"))
    # the month now short, the worker's arrears are checked as a file's are: one alert, for this arrival
    alert = ArrearsAlert.objects.get()
    assert (alert.arrival_id, alert.total_arrears, alert.months_unpaid) == (arrival.pk, Decimal("200.00"), 1)
    page = client.get(reverse("wages:file", args=[month.line.file_id])).content.decode()
    assert "Link the worker" in page  # next: the worker's record, for their own wages page
    # the next month's file names the worker the same way: matched at once
    services.salary_file_import(acting_user=dest_officer, format="csv", data=csv_file(
        [{"worker_id": "LC777", "period": "2027-01", "pay_start": "2027-01-01", "pay_end": "2027-01-31",
          "paid_on": "2027-01-31"}]))
    assert MonthReconciliation.objects.get(current=True, period="2027-01-01").arrival_id == arrival.pk


def test_the_worker_named_by_the_registered_contract_sees_their_months_without_a_link(arrival, dest_officer, make_worker,
                                                                                    signed_in, client):
    """The registered contract names the worker by passport number and nationality: the worker signed in with the
    same passport sees their months though no officer linked the arrival; a near miss (same last four) does not."""
    services.salary_file_import(acting_user=dest_officer, format="csv",
                                data=csv_file([{"basic": "1200.00", "paid_amount": "1200.00"}]))
    near = make_worker(name="Another Santos", passport="X9991234567A", username="near-miss")  # same last four
    signed_in(near.user)
    assert b"1200.00" not in client.get(reverse("wages:mine")).content
    from corridor.accounts.models import Worker
    from tests.factories.accounts import WorkerUserFactory

    # the person record the contract names (passport P1234567A, tests/clearance/conftest.py), given a sign-in here
    named = next(w for w in Worker.objects.all() if w.passport_number == "P1234567A")
    signed_in(WorkerUserFactory(worker=named, username="maria-named"))
    page = client.get(reverse("wages:mine"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and b"1200.00" in page.content
    arrival.refresh_from_db()
    assert arrival.worker_id is None  # read-only: no link was written
    month = MonthReconciliation.objects.get(current=True)
    assert client.post(reverse("wages:dispute", args=[month.pk]), {"note": "short"}).status_code == 302
