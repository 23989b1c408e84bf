"""The lifecycle kit: every declared table is complete, event tables are append-only in the database, one transition
does permission, lock, table, save, event, audit and domain events, and stored statuses agree with event logs."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
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


@pytest.mark.once("postgres")  # the data migrations, on the production database
@pytest.mark.django_db(transaction=True)
def test_the_data_migrations_keep_every_event_backfill_employers_and_link_contracts(officer, applied, make_org,
                                                                                   make_user):
    # One round trip through the migrations checks the registry's and the contracts' data migrations: going back
    # and forth renders every model state and is the slowest thing the suite does (about two minutes here).
    from django.db.migrations.executor import MigrationExecutor

    from corridor.contracts.models import Contract
    from corridor.registry.models import Employer, EmployerEvent
    from tests.contracts.django_helpers import registration_parties

    licence = _grant(officer, applied)
    kept = list(LicenceEvent.objects.filter(licence=licence).order_by("id").values_list("id", "action", "to_status", "created_at"))
    assert [k[1] for k in kept] == ["apply", "grant"]
    employer = registry.employer_register(acting_user=None, name="Al Noor Home Services Co.", country="SA",
                                          registration_number="1012345678", address="King Fahd Road, Riyadh")
    registry.employer_verify(acting_user=None, employer=employer, note="CR certificate seen")
    pending = registry.employer_register(acting_user=None, name="Second Employer Co.", country="SA",
                                         registration_number="1087654321", address="Olaya St, Riyadh")
    parties = registration_parties(make_org, make_user)

    before = [("registry", "0001_initial"), ("contracts", "0001_initial")]  # before the kit: `at`, short fields,
    executor = MigrationExecutor(connection)                                 # no employer log, no job order link
    executor.migrate(before)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, action, to_status FROM registry_licenceevent WHERE licence_id = %s ORDER BY id",
                       [licence.pk])
        assert cursor.fetchall() == [k[:3] for k in kept]
    Contract0 = executor.loader.project_state(before).apps.get_model("contracts", "Contract")
    contracts = {}
    for label, text in (("match", f" {parties['job_order'].reference} "), ("none", "JO-UNKNOWN-1"), ("blank", "")):
        contracts[label] = Contract0.objects.create(worker_id=parties["worker"].pk, agency_id=parties["agency"].pk,
                                                    job_order_reference=text, submitted_by_id=parties["staff"].pk).pk
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    after = list(LicenceEvent.objects.filter(licence=licence).order_by("id").values_list("id", "action", "to_status", "created_at"))
    assert after == kept
    backfilled = EmployerEvent.objects.get(employer=employer)
    assert (backfilled.action, backfilled.to_status, backfilled.detail) == ("recorded", "verified", {"backfilled": True})
    assert not EmployerEvent.objects.filter(employer=pending).exists()
    assert Employer.objects.get(pk=pending.pk).status == "pending"
    linked, unmatched, blank = (Contract.objects.get(pk=contracts[k]) for k in ("match", "none", "blank"))
    assert linked.job_order == parties["job_order"]
    assert unmatched.job_order is None and blank.job_order is None
    assert linked.events.get().action == "job_order_link"
    assert unmatched.events.get().action == "job_order_unmatched"
    assert "JO-UNKNOWN-1" in unmatched.events.get().reason
    assert not blank.events.exists()
    assert lifecycle.verify() == []
