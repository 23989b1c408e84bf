"""Bulk import (all or nothing, row-by-row errors), export, and bulk screening from the command line."""

import csv
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corridor.registry import errors, services, transfer
from corridor.registry.models import Agency, Employer, SubAgent
from tests.registry.conftest import today

pytestmark = pytest.mark.django_db


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def test_import_agencies_then_subagents_then_export(tmp_path, officer):
    until = str(today() + timedelta(days=300))
    agencies = write(tmp_path / "a.csv", ["name", "address", "licence_number", "valid_from", "valid_until", "status"], [
        ["Kalayaan Manpower Inc.", "Quezon City", "DMW-900", str(today()), until, "active"],
        ["النور للتوظيف", "Riyadh Road", "DMW-901", str(today()), until, "active"],
        ["Pending Agency Co", "Manila", "", "", "", "applied"],
    ])
    call_command("registry", "import", agencies, "--kind", "agencies")
    assert Agency.objects.count() == 3
    subs = write(tmp_path / "s.csv", ["full_name", "locality", "agency_licence_number", "registration_number"], [
        ["Lito Bernabe", "Iloilo", "dmw 900", "SA-1"]])
    call_command("registry", "import", subs, "--kind", "subagents")
    assert SubAgent.objects.get().agency.name == "Kalayaan Manpower Inc."
    out = tmp_path / "export.csv"
    call_command("registry", "export", "--kind", "agencies", "--output", str(out))
    exported = list(csv.DictReader(open(out, encoding="utf-8")))
    assert {r["licence_number"] for r in exported} == {"DMW-900", "DMW-901", ""}


def test_nothing_is_half_imported(tmp_path, agency):
    path = write(tmp_path / "bad.csv", ["name", "address", "licence_number", "valid_from", "valid_until", "status"], [
        ["Good Agency", "Manila", "DMW-1000", str(today()), str(today() + timedelta(days=9)), "active"],
        ["", "Manila", "DMW-1000", "2026-13-01", "", "active"],
        ["Dup", "x", agency.current_licence.number, str(today()), str(today()), "banned"],
    ])
    before = Agency.objects.count()
    report = tmp_path / "errors.csv"
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("registry", "import", path, "--kind", "agencies", "--errors", str(report))
    assert Agency.objects.count() == before
    problems = list(csv.DictReader(open(report, encoding="utf-8")))
    found = {(p["line"], p["column"]) for p in problems}
    assert ("3", "name") in found and ("3", "licence_number") in found and ("3", "valid_from") in found
    assert ("4", "licence_number") in found and ("4", "status") in found


def test_import_employers_and_errors(tmp_path):
    path = write(tmp_path / "e.csv", ["name", "country", "registration_number", "address", "verified"], [
        ["Gulf Star Contracting", "SA", "1010-1", "Jeddah", "yes"], ["Desert Cleaning", "ZZ", "1", "x", ""]])
    with pytest.raises(CommandError):
        call_command("registry", "import", path, "--kind", "employers")
    assert Employer.objects.count() == 0
    path = write(tmp_path / "e2.csv", ["name", "country", "registration_number", "address", "verified"], [
        ["Gulf Star Contracting", "SA", "1010-1", "Jeddah", "yes"]])
    call_command("registry", "import", path, "--kind", "employers")
    assert Employer.objects.get().status == "verified"
    assert list(transfer.export_rows("employers"))[0]["verified"] == "yes"


def test_missing_columns_are_reported(tmp_path):
    with pytest.raises(CommandError, match="missing columns"):
        call_command("registry", "import", write(tmp_path / "x.csv", ["foo"], [["1"]]), "--kind", "employers")


def test_bulk_screen_report(tmp_path, inspector, capsys):
    services.watchlist_entry_add(acting_user=inspector, subject_kind="person", name="Mohammed Al Harbi", reason="r",
                                 evidence_reference="e")
    names = write(tmp_path / "n.csv", ["name"], [["Muhammad Alharbi"], ["Maria Santos"], ["محمد الحربي"]])
    report = tmp_path / "report.csv"
    call_command("screen", names, "--output", str(report), "--processes", "1")
    rows = list(csv.DictReader(open(report, encoding="utf-8")))
    assert [r["line"] for r in rows] == ["2", "4"] and rows[0]["watchlisted_name"] == "Mohammed Al Harbi"


def test_export_neutralises_formula_cells_and_an_export_imports_back(tmp_path, officer):
    """Issue 13, fault 7: the export wrote `=cmd|...` and `=HYPERLINK(...)` back as they came in."""
    path = write(tmp_path / "a.csv", ["name", "address", "phone", "status"], [
        ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","click")', "+63 912 000", "applied"]])
    call_command("registry", "import", path, "--kind", "agencies")
    agency = Agency.objects.get()
    assert agency.name.startswith("=cmd") and agency.phone == "+63 912 000"
    out = tmp_path / "export.csv"
    call_command("registry", "export", "--kind", "agencies", "--output", str(out))
    row = next(csv.DictReader(open(out, encoding="utf-8")))
    assert row["name"] == "'=cmd|' /C calc'!A0" and row["address"].startswith("'=HYPERLINK")
    assert row["phone"] == "'+63 912 000"
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
    back = transfer.read_csv(out)[0]  # what an import of this export reads
    assert back["name"] == "=cmd|' /C calc'!A0" and back["phone"] == "+63 912 000"


def _agency_rows(count, start=0):
    until = str(today() + timedelta(days=300))
    return [{"name": f"Agency {i}", "address": "Manila", "licence_number": f"BULK-{i}", "valid_from": str(today()),
             "valid_until": until, "status": "active"} for i in range(start, start + count)]


def test_a_bulk_import_writes_in_a_few_bulk_statements_not_one_service_call_per_row(officer, django_assert_max_num_queries):
    """Issue 13, fault 9: one service call per row (dozens of statements each) in one long transaction blocked the node."""
    from corridor.core.models import AuditEntry
    from corridor.registry.models import Licence, LicenceEvent, RecruiterBlock

    rows = _agency_rows(300)
    before = AuditEntry.objects.count()
    with django_assert_max_num_queries(60):
        assert transfer.import_rows("agencies", rows) == 300
    assert Agency.objects.filter(name__startswith="Agency ").count() == 300
    licence = Licence.objects.get(number="BULK-7")
    assert licence.status == "active" and licence.agency.organisation.name == "Agency 7"
    assert list(LicenceEvent.objects.filter(licence=licence).values_list("action", flat=True).order_by("id")) == ["apply", "grant"]
    assert RecruiterBlock.objects.filter(agency=licence.agency).exists()
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1 and entry.action == "registry.import"
    assert entry.detail["counts"]["agencies"] == 300


def test_a_refusal_in_the_write_phase_leaves_nothing_written(officer, monkeypatch):
    from corridor.registry.models import Licence

    rows = _agency_rows(50)
    real = Licence.objects.bulk_create

    def clash(objs, **kwargs):  # another officer granted the same number between the check and the write
        objs[-1].number = "BULK-0"
        return real(objs, **kwargs)

    monkeypatch.setattr(Licence.objects, "bulk_create", clash)
    with pytest.raises(errors.ImportFailed) as info:
        transfer.import_rows("agencies", rows)
    assert "nothing was written" in info.value.errors[0][2]
    assert not Agency.objects.filter(name__startswith="Agency ").exists()
    assert not Licence.objects.filter(number__startswith="BULK-").exists()


@pytest.mark.django_db(transaction=True)  # tests/conftest.py refills the reference data after the flush
def test_another_write_proceeds_while_an_import_is_checked():
    """Checking holds no lock: a write from another connection completes in the middle of it."""
    import threading

    from django.db import connection

    rows = _agency_rows(40)
    done = []

    def other_write():
        try:
            services.employer_register(acting_user=None, name="Concurrent Co", country="QA", registration_number="CC-1",
                                       address="Doha", screen=False)
            done.append(True)
        finally:
            connection.close()

    def progress(n, started=[]):  # noqa: B006 - one thread, once, in the middle of the checks
        if not started and len(started) == 0 and progress.seen == 20:
            started.append(True)
            thread = threading.Thread(target=other_write)
            thread.start()
            thread.join(timeout=30)
        progress.seen += n

    progress.seen = 0
    assert transfer.import_rows("agencies", rows, progress=progress) == 40
    assert done == [True] and Employer.objects.filter(name="Concurrent Co").exists()


def test_a_nul_byte_in_an_imported_name_is_refused_with_its_row_and_field(tmp_path, officer):
    """Issue 13, fault 10: a NUL byte in an imported name was stored."""
    path = write(tmp_path / "nul.csv", ["name", "address", "status"], [["Good Co", "Manila", "applied"],
                                                                       ["Bad\x00Co", "Manila", "applied"]])
    report = tmp_path / "errors.csv"
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("registry", "import", path, "--kind", "agencies", "--errors", str(report))
    problems = list(csv.DictReader(open(report, encoding="utf-8")))
    assert [(p["line"], p["column"], p["problem"]) for p in problems] == [("3", "name", "contains a NUL character")]
    assert not Agency.objects.filter(name__in=["Good Co"]).exists() and not Agency.objects.filter(name__startswith="Bad").exists()


def test_employers_import_with_principals_in_the_file_and_verified_ones(officer):
    rows = [{"name": "Gulf Holding", "country": "QA", "registration_number": "QA-1", "address": "Doha", "verified": "yes"},
            {"name": "Gulf Sub Co", "country": "QA", "registration_number": "QA-2", "address": "Doha",
             "principal_registration_number": "qa 1"}]
    assert transfer.import_rows("employers", rows) == 2
    sub = Employer.objects.get(registration_number="QA-2")
    assert sub.principal.name == "Gulf Holding" and sub.status == "pending"
    assert Employer.objects.get(registration_number="QA-1").status == "verified"
