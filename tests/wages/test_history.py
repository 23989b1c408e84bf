"""The demo-only bulk backfill of past salary files (wages/services/history.py): only the system may call it, it
refuses a file the parser refuses, the current month and a file already here, and it writes files, lines and
worker-months reconciled by the real reconciliation, dated on their days, that the statistics count by salary month.
The year's plan (wages/demo.py) is checked without the database."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from corridor.clearance.demo import base_contract, year_months
from corridor.core.audit import AuditEntry
from corridor.core.errors import PermissionDenied
from corridor.wages import selectors
from corridor.wages.demo import HEADER, YEAR_EMPLOYERS, _row, year_files
from corridor.wages.models import MonthReconciliation, SalaryFile, SalaryLine
from corridor.wages.services import history

EMPLOYER = SimpleNamespace(name="Gulf Home Care Est. (demo)", registration_number="7000000002", address="Riyadh")
NOBODY = SimpleNamespace(full_name="Past worker", nationality_id="PH", date_of_birth=None, sex="F", passport_number="")


def _file(month: dt.date, rows: list[str], imported_on: dt.date | None = None) -> history.PastSalaryFile:
    terms = base_contract(origin="PH", destination="SA", employer=EMPLOYER, worker=NOBODY)
    imported = dt.datetime.combine(imported_on or month + dt.timedelta(days=40), dt.time(9), tzinfo=dt.UTC)
    return history.PastSalaryFile(data=("\n".join([HEADER, *rows]) + "\n").encode(), filename=f"f-{month:%Y-%m}.csv",
                                  imported_at=imported, terms={"25000000000001": terms, "25000000000002": terms})


def test_only_the_system_may_backfill():
    user = SimpleNamespace(pk=1, role="destination_officer", is_authenticated=True)
    with pytest.raises(PermissionDenied):
        history.salary_files_backfill(acting_user=user, officer=user, files=[])


@pytest.mark.django_db
def test_the_backfill_writes_reconciled_months_dated_on_their_days(as_destination, dest_officer):
    march, april = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
    ref = EMPLOYER.registration_number
    files = [_file(march, [_row(ref, "25000000000001", march, "1200.00", "1200.00", dt.date(2026, 3, 31), "SAR"),
                           _row(ref, "25000000000002", march, "1500.00", "1500.00", dt.date(2026, 4, 30), "SAR")]),
             _file(april, [_row(ref, "25000000000001", april, "1500.00", "1500.00", dt.date(2026, 4, 30), "SAR")])]
    assert history.salary_files_backfill(acting_user=None, officer=dest_officer, files=files) == {
        "files": 2, "lines": 3, "months": 3}
    assert list(SalaryFile.objects.order_by("period").values_list("imported_at", flat=True)) == [
        f.imported_at for f in files]
    short, late, full = MonthReconciliation.objects.order_by("period", "paid")
    assert short.shortfall == 300 and "wage.shortfall" in short.codes and short.arrival_id is None
    assert late.days_late > 0 and "wage.late" in late.codes and late.shortfall == 0
    assert full.shortfall == 0 and not full.days_late and full.reconciled_at == files[1].imported_at
    months = sorted(f"{f.month:%Y-%m}" for f in selectors.reconciliation_facts().filter(shortfall__gt=0))
    assert months == ["2026-03"]
    assert SalaryLine.objects.filter(arrival__isnull=True).count() == 3  # the past workers are no arrivals here
    assert AuditEntry.objects.filter(action="salary_file.backfill").count() == 1
    with pytest.raises(ValueError, match="already here"):  # the same employer and month again
        history.salary_files_backfill(acting_user=None, officer=dest_officer, files=files[:1])


@pytest.mark.django_db
def test_a_refused_file_or_the_current_month_writes_nothing(as_destination, dest_officer):
    this_month = timezone.localdate().replace(day=1)
    ref = EMPLOYER.registration_number
    bad = _file(dt.date(2026, 3, 1), [_row(ref, "25000000000001", dt.date(2026, 3, 1), "1500.00", "900.00",
                                           dt.date(2026, 3, 31), "SAR")])  # paid is not basic - deductions
    current = _file(this_month, [_row(ref, "25000000000001", this_month, "1500.00", "1500.00", this_month, "SAR")],
                    imported_on=this_month)
    for files in ([bad], [current]):
        with pytest.raises(ValueError):
            history.salary_files_backfill(acting_user=None, officer=dest_officer, files=files)
    assert not SalaryFile.objects.exists()


def test_the_year_plan_is_twelve_months_of_files_with_arrears_and_late_pay():
    today = dt.date(2026, 12, 5)
    employers = [(f"70{n:08d}", None, w, s, late) for n, (_name, w, s, late) in enumerate(YEAR_EMPLOYERS)]
    files = year_files(today=today, employers=employers, terms_of=lambda ref: {}, skip={("7000000000", dt.date(2026, 11, 1))})
    assert len(files) == 12 * len(employers) - 1
    assert {f.filename[-11:-4] for f in files} == {f"{m:%Y-%m}" for m in year_months(today)}
    assert all(f.imported_at.date() < today for f in files)
    rows = [r.split(",") for f in files for r in f.data.decode().splitlines()[1:]]
    short = sum(1 for r in rows if r[7] != "1500.00")
    assert 150 < short < 400 and len(rows) > 1500  # about a fifth of the worker-months of the employers paying short
