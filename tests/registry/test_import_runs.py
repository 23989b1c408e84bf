"""Issue 13, fault 9: a bulk import is written in short transactions as a staged run, invisible until one short publish;
a run that fails or dies leaves nothing visible and, after cleanup, nothing at all."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from corridor.accounts.models import Organisation
from corridor.core.models import AuditEntry
from corridor.registry import errors, selectors, services, transfer
from corridor.registry.models import Agency, Employer, ImportRun, Licence, LicenceEvent, RecruiterBlock
from corridor.registry.services import imports
from tests.registry.conftest import today

pytestmark = pytest.mark.django_db


def _rows(count, start=0):
    until = str(today() + timedelta(days=300))
    return [{"name": f"Staged Agency {i}", "address": "Manila", "licence_number": f"RUN-{i}", "valid_from": str(today()),
             "valid_until": until, "status": "active"} for i in range(start, start + count)]


def _nothing_left():
    assert not Agency._base_manager.filter(name__startswith="Staged Agency").exists()
    assert not Organisation.objects.filter(name__startswith="Staged Agency").exists()
    assert not Licence.objects.filter(number__startswith="RUN-").exists()
    assert not LicenceEvent.objects.filter(licence__number__startswith="RUN-").exists()
    assert not RecruiterBlock.objects.filter(agency__isnull=False).exclude(agency__in=Agency._base_manager.all()).exists()


def test_a_batch_failing_midway_leaves_nothing(officer, monkeypatch):
    before = AuditEntry.objects.count()
    real = imports._insert
    calls = []

    def failing(model, objects, batch_size):
        calls.append(model)
        if len(calls) == 5:  # third batch's index rows: two batches are already committed
            raise RuntimeError("disk full")
        return real(model, objects, batch_size)

    monkeypatch.setattr(imports, "_insert", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        transfer.import_rows("agencies", _rows(50), batch_size=10)
    _nothing_left()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.ABORTED and "disk full" in run.error and run.written == 20
    assert AuditEntry.objects.count() == before  # the audit entry is written only at publication


def test_a_run_that_dies_before_publication_is_never_visible_and_cleanup_removes_it(officer, monkeypatch):
    monkeypatch.setattr(imports, "_import_discard", lambda *a, **k: None)  # the process "dies": no discard runs

    def publish_never(*args, **kwargs):  # killed in the publishing transaction, which therefore never commits
        raise SystemExit("killed")

    monkeypatch.setattr(imports.audit, "record", publish_never)
    with pytest.raises(SystemExit):
        transfer.import_rows("agencies", _rows(30), batch_size=10)
    run = ImportRun.objects.get()
    run.status = ImportRun.STAGED  # as a killed process leaves it
    run.save()
    # written, but visible to nobody: selectors, search, verification by licence number
    assert Agency._base_manager.filter(name__startswith="Staged Agency").count() == 30
    assert not Agency.objects.filter(name__startswith="Staged Agency").exists()
    assert not selectors.agency_list(user=officer).filter(name__startswith="Staged Agency").exists()
    assert not [r for r in selectors.verify_recruiters(query="Staged Agency 7") if "Staged" in r.name]
    assert not selectors.verify_recruiters(query="RUN-7")
    monkeypatch.undo()
    assert services.registry_import_cleanup() == []  # still fresh: it might be writing
    assert services.registry_import_cleanup(stale_after=timedelta(0)) == [run.pk]
    _nothing_left()
    assert ImportRun.objects.get().status == ImportRun.ABORTED


def test_a_published_run_is_visible_and_searchable(officer):
    before = AuditEntry.objects.count()
    assert transfer.import_rows("agencies", _rows(25), batch_size=10) == 25
    run = ImportRun.objects.get()
    assert run.status == ImportRun.PUBLISHED and run.counts["agencies"] == 25 and run.finished_at
    assert Agency.objects.filter(name__startswith="Staged Agency").count() == 25
    assert not Agency._base_manager.filter(staged=True).exists()
    found = selectors.verify_recruiters(query="Staged Agency 17")
    assert found and found[0].name == "Staged Agency 17"
    assert [r.name for r in selectors.verify_recruiters(query="RUN-17")] == ["Staged Agency 17"]
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "registry.import" and entry.detail["run"] == run.pk


def test_duplicates_against_live_and_staged_rows_are_refused_at_validation(officer):
    transfer.import_rows("agencies", _rows(3))
    with pytest.raises(errors.ImportFailed) as info:
        transfer.import_rows("agencies", [_rows(1, start=10)[0], _rows(1, start=2)[0]])
    assert info.value.errors == [(3, "licence_number", "already in the registry")]
    employers = [{"name": "Staged Employer", "country": "QA", "registration_number": "QA-77", "address": "Doha"}]
    transfer.import_rows("employers", employers)
    Employer._base_manager.filter(registration_number="QA-77").update(staged=True)  # as if another run were writing
    with pytest.raises(errors.ImportFailed) as info:
        transfer.import_rows("employers", employers)
    assert info.value.errors == [(2, "registration_number", "already in the registry")]


@pytest.mark.django_db(transaction=True)  # tests/conftest.py refills the reference data after the flush
def test_another_write_proceeds_while_the_import_writes_its_batches():
    """Between two batches no lock is held: a service write from another connection completes mid-write."""
    done = []
    seen = []

    def other_write():
        try:
            services.employer_register(acting_user=None, name="Concurrent Writer Co", country="QA",
                                       registration_number="CW-1", address="Doha", screen=False)
            done.append(True)
        finally:
            connection.close()

    def checked():
        seen.append("written")

    def progress(n):
        if seen == ["written"] and ImportRun.objects.filter(written__gt=0, status=ImportRun.STAGED).exists():
            seen.append("mid-write")
            thread = threading.Thread(target=other_write)
            thread.start()
            thread.join(timeout=30)

    assert transfer.import_rows("agencies", _rows(40), progress=progress, checked=checked, batch_size=10) == 40
    assert seen == ["written", "mid-write"] and done == [True]
    assert Employer.objects.filter(name="Concurrent Writer Co").exists()
    assert ImportRun.objects.get().status == ImportRun.PUBLISHED


def test_the_cleanup_command_removes_a_dead_run(officer, capsys):
    from django.core.management import call_command

    run = ImportRun.objects.create(kind="employers", rows=1)
    transfer.import_rows("employers", [{"name": "Dead Run Co", "country": "QA", "registration_number": "QA-D1",
                                        "address": "Doha"}])
    Employer._base_manager.filter(registration_number="QA-D1").update(staged=True, import_run=run)
    call_command("registry", "import-cleanup", "--stale-minutes", "0")
    assert "1 unpublished import run(s) removed." in capsys.readouterr().out
    assert not Employer._base_manager.filter(registration_number="QA-D1").exists()
    assert not Organisation.objects.filter(name="Dead Run Co").exists()
