"""The lifecycle kit: every declared table is complete, event tables are append-only in the database, one transition
does permission, lock, table, save, event, audit and domain events, and stored statuses agree with event logs."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.accounts.permissions import PERMISSIONS
from corridor.core import events, lifecycle
from corridor.core.errors import PermissionDenied
from corridor.core.models import AuditEntry, DomainEvent
from corridor.registry import errors as registry_errors
from corridor.registry import services as registry
from corridor.registry.choices import LicenceStatus
from corridor.registry.lifecycles import LICENCE
from corridor.registry.models import Licence, LicenceEvent
from tests.conftest import verified

EXPECTED = {"case", "clearance", "contract", "employer", "job_order", "licence", "substitution_matter"}


# --- every table, walked ---------------------------------------------------------------------------------------


def test_every_lifecycle_is_registered_and_complete():
    specs = lifecycle.registered()
    assert EXPECTED <= {s.name for s in specs}
    for spec in specs:
        assert spec.problems() == [], spec.name
        table = spec.table()
        assert set(table) == set(spec.status_values)  # every status appears
        for status, actions in table.items():
            assert actions or status in spec.terminal, f"{spec.name}: {status} has no action and is not terminal"
        for name, action in spec.actions.items():
            assert action.targets <= set(spec.status_values), f"{spec.name}.{name}"
            assert action.permission in PERMISSIONS, f"{spec.name}.{name}: {action.permission} is not a permission"
        event_model = spec.Event
        assert issubclass(event_model, lifecycle.LifecycleEvent)
        fk = event_model._meta.get_field(spec.event_fk)
        assert fk.remote_field.on_delete.__name__ == "PROTECT"
        assert fk.related_model is spec.Model


def test_every_event_table_has_the_same_fields():
    shape = None
    for spec in lifecycle.registered():
        fields = {f.name: (type(f).__name__, getattr(f, "max_length", None), f.null)
                  for f in spec.Event._meta.concrete_fields if f.name in
                  {"actor", "action", "from_status", "to_status", "reason", "detail", "created_at"}}
        assert len(fields) == 7, spec.name
        assert spec.Event._meta.get_field("actor").remote_field.on_delete.__name__ == "PROTECT"
        shape = shape or fields
        assert fields == shape, spec.name


def test_an_incomplete_declaration_is_caught():
    bad = lifecycle.Lifecycle(
        name="toy", model="registry.Licence", event_model="registry.LicenceEvent", statuses=LicenceStatus,
        not_allowed=registry_errors.LicenceTransitionNotAllowed, initial="nowhere", autoregister=False,
        terminal={LicenceStatus.ACTIVE},
        actions={"grant": lifecycle.Action(source={LicenceStatus.APPLIED, "limbo"}, target="gone", permission=""),
                 "renew": lifecycle.Action(source={LicenceStatus.ACTIVE}, target=LicenceStatus.ACTIVE, permission="x")},
    )
    problems = "\n".join(bad.problems())
    for expected in ("'suspended' has no action", "'active' is declared terminal but has actions",
                     "initial status 'nowhere'", "source 'limbo'", "target 'gone'", "grant: no permission"):
        assert expected in problems
    assert "toy" not in lifecycle.REGISTRY


# --- records to work on ------------------------------------------------------------------------------------------


@pytest.fixture
def officer(make_user):
    return verified(make_user(Role.ORIGIN_OFFICER))


@pytest.fixture
def applied(make_org):
    organisation = make_org(kind="recruitment_agency", name="Lifecycle Manpower Inc.")
    return registry.agency_apply(acting_user=None, organisation=organisation, name=organisation.name, address="1 Rizal St",
                                 registration_number=f"LC{organisation.pk:06d}",
                                 owners=[{"full_name": "Owner One", "nationality": "PH"}], branches=[])


def _grant(officer, licence):
    today = timezone.localdate()
    return registry.licence_grant(acting_user=officer, licence=licence, number=f"DMW-LC-{licence.pk}",
                                  valid_from=today, valid_until=today + timedelta(days=365))


# --- the machine -------------------------------------------------------------------------------------------------


def test_a_transition_saves_writes_the_event_and_audit_and_publishes_on_commit(officer, applied):
    # tests/conftest.py stands the end of the service's outermost transaction in for the commit (core.events
    # dispatches on commit; tests/core/test_events.py shows that a rolled-back write publishes nothing)
    heard = []

    def listen(**payload):
        heard.append(payload)

    events.subscriber("licence.grant")(listen)
    events.subscriber("licence.transitioned")(listen)
    try:
        licence = _grant(officer, applied)
        stored = set(DomainEvent.objects.filter(payload__pk=licence.pk, payload__action="grant").values_list("name", flat=True))
        assert {"licence.grant", "licence.transitioned"} <= stored
    finally:
        events._subscribers["licence.grant"].remove(listen)
        events._subscribers["licence.transitioned"].remove(listen)
    expected = {"pk": licence.pk, "action": "grant", "from_status": "applied", "to_status": "active", "actor_id": officer.pk}
    assert heard == [expected, expected]
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.ACTIVE
    last = licence.events.order_by("-created_at", "-id").first()
    assert (last.action, last.from_status, last.to_status, last.actor) == ("grant", "applied", "active", officer)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.from_state, entry.to_state, entry.object_id) == ("licence.grant", "applied", "active",
                                                                                 str(licence.pk))


def test_a_refused_step_has_its_code_and_changes_nothing(officer, applied, make_user):
    clerk = verified(make_user(Role.AGENCY_STAFF))
    before = (LicenceEvent.objects.count(), AuditEntry.objects.count())
    with pytest.raises(registry_errors.LicenceTransitionNotAllowed) as refused:  # renew an application
        registry.licence_renew(acting_user=officer, licence=applied, valid_until=timezone.localdate() + timedelta(days=9),
                               reason="x")
    assert refused.value.code == registry_errors.LicenceTransitionNotAllowed.code
    with pytest.raises(PermissionDenied):  # deny by default: agency staff may not decide
        _grant(clerk, applied)
    applied.refresh_from_db()
    assert applied.status == LicenceStatus.APPLIED
    assert (LicenceEvent.objects.count(), AuditEntry.objects.count()) == before


def test_a_transition_saves_only_the_fields_it_changes(officer, applied):
    Licence.objects.filter(pk=applied.pk).update(conditions="set elsewhere meanwhile")
    applied.conditions = "stale copy"
    licence = _grant(officer, applied)
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.ACTIVE
    assert licence.conditions == ""  # the grant sets conditions: saved from the locked row's change


def test_available_actions_follow_the_table_and_the_user(officer, applied, make_user):
    assert lifecycle.available_actions(LICENCE, applied, officer) == ["grant", "refuse"]
    assert lifecycle.available_actions(LICENCE, applied, verified(make_user(Role.AGENCY_STAFF))) == []
    licence = _grant(officer, applied)
    assert lifecycle.available_actions(LICENCE, licence, officer) == ["renew", "suspend", "cancel", "ban"]


def test_event_rows_refuse_change_in_python(officer, applied):
    event = applied.events.get()
    event.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


# --- append-only at the database ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migrations_declare_the_guard_for_every_event_table():
    from django.db.migrations.loader import MigrationLoader

    declared = set()
    for migration in MigrationLoader(connection).disk_migrations.values():
        declared |= {op.table for op in migration.operations if isinstance(op, lifecycle.AppendOnly)}
    assert {spec.Event._meta.db_table for spec in lifecycle.registered()} <= declared


# --- status agrees with the event log ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_table_command_prints_every_lifecycle(capsys):
    call_command("lifecycle", "table")
    out = capsys.readouterr().out
    for name in EXPECTED:
        assert f"\n{name} (" in f"\n{out}"
    assert "banned: (terminal)" in out


# --- the migrations keep every event ----------------------------------------------------------------------------


class _ToScratch:
    """Every query without `using` goes to the scratch database: the data migrations write with `Model.objects`."""

    def db_for_read(self, model, **hints):
        return SCRATCH

    db_for_write = db_for_read


SCRATCH = "migrations_scratch"


@pytest.fixture
def scratch_database():
    """An empty PostgreSQL database beside the test database, under its own connection alias, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_migrations"[:63]
    with connection.cursor() as cursor:  # autocommit: the test is transactional
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    # A connection made here, not declared in settings: Django's test case lets it through (it refuses an alias
    # declared but not named by the test).
    connections[SCRATCH] = scratch = connections["default"].__class__({**connection.settings_dict, "NAME": name}, SCRATCH)
    try:
        with override_settings(DATABASE_ROUTERS=[_ToScratch()]):
            yield scratch
    finally:
        scratch.close()
        del connections[SCRATCH]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _rows(apps, db):
    """`rows("app.Model")`: the manager of a model of a migration state, on the database `db`."""
    return lambda label: apps.get_model(*label.split(".")).objects.using(db)


@pytest.mark.once("postgres")  # the data migrations, on the production database
@pytest.mark.django_db(transaction=True)
def test_the_data_migrations_keep_every_event_backfill_employers_and_link_contracts(scratch_database):
    # On an empty database, forward only: the migrations up to the registry's and the contracts' first states
    # ("before the kit": `at`, short fields, no employer log, a free-text job order reference), rows written with those
    # states' models, then the migrations that move them. A round trip back and forth through every app's
    # migrations checked the same in minutes: each step renders the models' historical states.
    from django.db.migrations.executor import MigrationExecutor

    db = scratch_database.alias
    before = [("registry", "0001_initial"), ("contracts", "0001_initial")]
    executor = MigrationExecutor(scratch_database)
    executor.migrate(before)
    rows = _rows(executor.loader.project_state(before).apps, db)
    country = {c: rows("core.Country").get(code=c) for c in ("PH", "SA")}
    ministry = rows("accounts.Organisation").create(name="Ministry", kind="ministry", country=country["PH"])
    agency_org = rows("accounts.Organisation").create(name="Agency", kind="recruitment_agency", country=country["PH"])
    officer = rows("accounts.User").create(username="officer", role="origin_officer", organisation=ministry)
    staff = rows("accounts.User").create(username="staff", role="agency_staff", organisation=agency_org)
    agency = rows("registry.Agency").create(organisation=agency_org, name="Agency", name_key="agency", address="Manila")
    licence = rows("registry.Licence").create(agency=agency, status="active", number="DMW-LC-1",
                                              valid_from="2026-01-05", valid_until="2030-01-04")
    for action, status in (("apply", "applied"), ("grant", "active")):
        rows("registry.LicenceEvent").create(licence=licence, action=action, to_status=status,
                                             effective_date="2026-01-05", actor=officer)
    kept = list(rows("registry.LicenceEvent").order_by("id").values_list("id", "action", "to_status", "at"))
    employers = {status: rows("registry.Employer").create(
        organisation=rows("accounts.Organisation").create(name=status, kind="employer", country=country["SA"]),
        country=country["SA"], name=f"{status} employer", name_key=status, registration_number=f"10{number}",
        registration_key=f"10{number}", address="Riyadh", status=status,
        verified_by=officer if status == "verified" else None, verification_note="CR certificate seen")
        for number, status in enumerate(("verified", "pending"))}
    order = rows("registry.JobOrder").create(
        reference="JO-2026-000001", title="Housekeeper", workers_needed=5, worksite="Riyadh", offered_terms={},
        terms_hash="x", wage_amount="1500.00", wage_period="month", status="approved", expires_on="2027-01-01",
        agency=agency, country=country["SA"], employer=employers["verified"],
        occupation=rows("core.Occupation").first(), wage_currency=rows("core.Currency").get(code="SAR"))
    worker = rows("accounts.Worker").create(full_name="Maria Santos", name_key="maria santos", nationality=country["PH"])
    contracts = {label: rows("contracts.Contract").create(worker=worker, agency=agency_org, submitted_by=staff,
                                                          job_order_reference=text).pk
                 for label, text in (("match", f" {order.reference} "), ("none", "JO-UNKNOWN-1"), ("blank", ""))}

    after = [("registry", "0003_employer_event"), ("contracts", "0004_lifecycle_events")]
    executor = MigrationExecutor(scratch_database)
    executor.migrate(after)
    rows_now = _rows(executor.loader.project_state(after).apps, db)
    assert list(rows_now("registry.LicenceEvent").order_by("id").values_list("id", "action", "to_status",
                                                                              "created_at")) == kept
    backfilled = rows_now("registry.EmployerEvent").get(employer_id=employers["verified"].pk)
    assert (backfilled.action, backfilled.to_status, backfilled.actor_id, backfilled.reason, backfilled.detail) == (
        "recorded", "verified", officer.pk, "CR certificate seen", {"backfilled": True})
    assert not rows_now("registry.EmployerEvent").filter(employer_id=employers["pending"].pk).exists()
    linked, unmatched, blank = (rows_now("contracts.Contract").get(pk=contracts[k]) for k in ("match", "none", "blank"))
    assert linked.job_order_id == order.pk
    assert unmatched.job_order_id is None and blank.job_order_id is None
    events_of = {k: list(rows_now("contracts.ContractEvent").filter(contract_id=pk)) for k, pk in contracts.items()}
    assert [e.action for e in events_of["match"]] == ["job_order_link"]
    assert [e.action for e in events_of["none"]] == ["job_order_unmatched"]
    assert "JO-UNKNOWN-1" in events_of["none"][0].reason
    assert events_of["blank"] == []
