"""Every state change of a contract version goes through the lifecycle kit: each one writes its event row and audit
entry once, publishes `contract.<action>` and `contract.transitioned`, and leaves no status that disagrees with
its events (`corridor lifecycle verify`)."""

import pytest
from django.core.management import call_command

from corridor.contracts import services
from corridor.contracts.choices import ContractStatus, VersionStatus
from corridor.contracts.lifecycles import CONTRACT
from corridor.contracts.models import Contract, ContractEvent, ContractVersion
from corridor.core import lifecycle
from corridor.core.errors import PermissionDenied
from corridor.core.models import AuditEntry, DomainEvent

from .django_helpers import registration_parties, sample, violating

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(make_org, make_user):
    return registration_parties(make_org, make_user)


def _submit(parties, doc):
    return services.contract_submit(acting_user=parties["staff"], worker=parties["worker"], doc=doc,
                                    job_order=parties["job_order"])


def full_flow(parties) -> dict:
    """submit, approve, amend, approve, accept (supersede), amend, approve, decline; on a second contract
    return and resubmit; on a third, the two-officer override."""
    staff, officer, second, worker = parties["staff"], parties["officer"], parties["second"], parties["worker_user"]
    first = _submit(parties, sample())
    services.contract_approve(acting_user=officer, version=first.versions.get())
    amendment = services.contract_amend(acting_user=staff, contract=first, doc=sample(wage__amount="1600.00"))
    services.contract_approve(acting_user=officer, version=amendment)
    services.contract_amendment_accept(acting_user=worker, version=amendment)
    declined = services.contract_amend(acting_user=staff, contract=first, doc=sample(wage__amount="1700.00"))
    services.contract_approve(acting_user=officer, version=declined)
    services.contract_amendment_decline(acting_user=worker, version=declined, reason="No.")

    returned = _submit(parties, violating())
    services.contract_return(acting_user=officer, version=returned.versions.get(), reason="Wage below the minimum.")
    resubmitted = services.contract_resubmit(acting_user=staff, contract=returned, doc=sample())

    overridden = resubmitted  # a violating text approved by two officers
    services.contract_return(acting_user=officer, version=overridden, reason="Still not right.")
    overridden = services.contract_resubmit(acting_user=staff, contract=returned, doc=violating())
    services.contract_override_request(acting_user=officer, version=overridden, reason="The union agreed in writing.")
    services.contract_override_confirm(acting_user=second, version=overridden)

    # A destination officer completes a worker's change of employer: the new contract is registered at once.
    from tests.factories.accounts import UserFactory, verified

    destination = verified(UserFactory(role="destination_officer"))
    transferred = services.contract_register_transfer(acting_user=destination, worker=parties["worker"], doc=sample(),
                                                      job_order=parties["job_order"],
                                                      transfer_reference="TR-SA-2026-000001")
    return {"first": first, "amendment": amendment, "declined": declined, "returned": returned,
            "overridden": overridden, "transferred": transferred}


def test_every_contract_action_publishes_its_domain_event_with_the_event_row(parties):
    full_flow(parties)
    rows = list(ContractEvent.objects.order_by("id"))
    assert {row.action for row in rows} == set(CONTRACT.actions)  # the flow takes every declared action
    published = list(DomainEvent.objects.filter(name__startswith="contract.").order_by("id"))
    by_action = [e for e in published if e.name != "contract.transitioned"]
    transitioned = [e for e in published if e.name == "contract.transitioned"]
    assert len(by_action) == len(transitioned) == len(rows)
    for row, named, each in zip(rows, by_action, transitioned, strict=True):
        expected = {"pk": row.version_id, "action": row.action, "from_status": row.from_status,
                    "to_status": row.to_status, "actor_id": row.actor_id}
        assert named.name == f"contract.{row.action}"
        assert named.payload == expected and each.payload == expected


def test_each_step_writes_one_event_row_and_one_audit_entry_on_the_contract(parties):
    full_flow(parties)
    rows = list(ContractEvent.objects.order_by("id"))
    entries = list(AuditEntry.objects.filter(action__startswith="contract.").order_by("seq"))
    assert [e.action for e in entries] == [f"contract.{r.action}" for r in rows]
    for row, entry in zip(rows, entries, strict=True):
        assert entry.object_id == str(row.contract_id)
        assert (entry.from_state, entry.to_state) == (row.from_status, row.to_status)
        assert entry.detail == {"version": row.version.number, "reason": row.reason}
        assert row.detail == {}


def test_the_event_log_of_a_full_flow_is_the_one_the_services_always_wrote(parties):
    flow = full_flow(parties)
    log = [(r.version.number, r.action, r.from_status, r.to_status)
           for r in ContractEvent.objects.filter(contract=flow["first"]).order_by("id")]
    assert log == [
        (1, "submit", "", "submitted"), (1, "approve", "submitted", "registered"),
        (2, "amend", "", "submitted"), (2, "approve", "submitted", "awaiting_worker"),
        (1, "supersede", "registered", "superseded"), (2, "accept", "awaiting_worker", "registered"),
        (3, "amend", "", "submitted"), (3, "approve", "submitted", "awaiting_worker"),
        (3, "decline", "awaiting_worker", "declined"),
    ]
    confirm = ContractEvent.objects.get(action="override_confirm")
    assert confirm.reason == "The union agreed in writing." and confirm.actor == parties["second"]
    supersede = ContractEvent.objects.get(action="supersede")
    assert supersede.actor == parties["worker_user"]  # the worker's acceptance superseded the old text


def test_the_contract_follows_its_versions(parties):
    flow = full_flow(parties)
    first, returned = (Contract.objects.get(pk=flow[k].pk) for k in ("first", "returned"))
    assert first.status == ContractStatus.REGISTERED
    assert list(first.versions.values_list("status", flat=True)) == [
        VersionStatus.SUPERSEDED, VersionStatus.REGISTERED, VersionStatus.DECLINED]
    assert returned.status == ContractStatus.REGISTERED and returned.reference
    assert ContractVersion.objects.get(pk=flow["overridden"].pk).status == VersionStatus.REGISTERED
    transferred = Contract.objects.get(pk=flow["transferred"].pk)
    assert transferred.status == ContractStatus.REGISTERED and transferred.reference
    assert list(transferred.versions.values_list("status", flat=True)) == [VersionStatus.REGISTERED]
    assert [(e.action, e.reason) for e in ContractEvent.objects.filter(contract=transferred).order_by("id")] == [
        ("transfer_submit", "TR-SA-2026-000001"), ("transfer_register", "TR-SA-2026-000001")]


def test_only_a_destination_officer_registers_a_transfer_contract(parties):
    with pytest.raises(PermissionDenied):
        services.contract_register_transfer(acting_user=parties["officer"], worker=parties["worker"], doc=sample(),
                                            job_order=parties["job_order"], transfer_reference="TR-X")
    assert not ContractEvent.objects.exists() and not Contract.objects.exists()


def test_lifecycle_verify_finds_no_disagreement_after_a_full_flow(parties, capsys):
    full_flow(parties)
    assert lifecycle.verify(CONTRACT) == []
    call_command("lifecycle", "verify", "--lifecycle", "contract")
    assert "every status agrees" in capsys.readouterr().out


def test_a_refused_creation_publishes_nothing(parties):
    with pytest.raises(PermissionDenied):
        services.contract_submit(acting_user=parties["officer"], worker=parties["worker"], doc=sample(),
                                 job_order=parties["job_order"])
    assert not DomainEvent.objects.filter(name__startswith="contract.").exists()
    assert not ContractEvent.objects.exists()


def test_the_table_says_which_actions_create_a_version(capsys):
    call_command("lifecycle", "table")
    out = capsys.readouterr().out
    assert "contract (contracts.ContractVersion)\n  created by: amend, resubmit, submit, transfer_submit\n" in out
    assert "  registered: supersede\n" in out
