"""Registering contracts: submit, approve or return, the two-officer override, amendments the worker accepts."""

import json

import pytest
from django.db import IntegrityError, transaction

from corridor.accounts.choices import Role
from corridor.contracts import interchange, services
from corridor.contracts.choices import ContractStatus, VersionStatus
from corridor.contracts.models import ContractEvent, ContractVersion
from corridor.contracts.service_errors import (
    AmendmentPending,
    ContractInvalid,
    NotCheckedStands,
    NothingChanged,
    OverrideNotNeeded,
    OverrideNotRequested,
    OverrideSameOfficer,
    ReasonRequired,
    ViolationsStand,
    WrongWorker,
)
from corridor.core import crypto
from corridor.core.errors import NotFound, PermissionDenied, TransitionNotAllowed
from corridor.core.models import AuditEntry
from corridor.core.signing import jws_verify
from corridor.rules import engine
from tests.conftest import verified

from .django_helpers import registration_parties, sample, violating

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(make_org, make_user):
    return registration_parties(make_org, make_user)


def submit(parties, doc=None):
    return services.contract_submit(acting_user=parties["staff"], worker=parties["worker"], doc=doc or sample(),
                                    job_order=parties["job_order"])


def test_submit_checks_and_waits_for_an_officer(parties):
    contract = submit(parties, violating())
    version = contract.versions.get()
    assert contract.status == ContractStatus.SUBMITTED and contract.reference is None
    assert version.status == VersionStatus.SUBMITTED and version.number == 1
    expected = sum(1 for f in engine.check(violating())["findings"] if f["severity"] == "violation")
    assert version.check_record.violations == expected >= 2 and version.check_record.source == "register"
    assert version.content_hash == services.contract_hash(violating())
    assert version.as_document() == interchange.parse(json.dumps(violating()))
    assert AuditEntry.objects.filter(action="contract.submit").exists()


def test_only_agency_staff_submit_and_only_for_their_own_workers(parties, make_user, make_org):
    with pytest.raises(PermissionDenied):
        services.contract_submit(acting_user=parties["officer"], worker=parties["worker"], doc=sample(),
                                 job_order=parties["job_order"])
    other = verified(make_user(Role.AGENCY_STAFF, organisation=make_org(kind="recruitment_agency", name="Other")))
    with pytest.raises(WrongWorker):
        services.contract_submit(acting_user=other, worker=parties["worker"], doc=sample(), job_order=parties["job_order"])


def test_an_invalid_document_is_refused_by_path_and_nothing_is_saved(parties):
    with pytest.raises(ContractInvalid) as refused:
        submit(parties, sample(wage__amount=12.5))
    assert refused.value.fields == {"$.wage.amount": ["must be a string"]}
    assert not ContractVersion.objects.exists()


def test_approval_registers_signs_and_gives_a_reference(parties):
    contract = submit(parties)
    version = services.contract_approve(acting_user=parties["officer"], version=contract.versions.get())
    contract.refresh_from_db()
    assert contract.status == ContractStatus.REGISTERED
    assert contract.reference.startswith("PH-CTR-")
    assert version.status == VersionStatus.REGISTERED and version.registered_at
    public = crypto.node_private_key().public_key()
    header, payload = jws_verify(version.signature, {crypto.key_id(public): public}, typ="corridor-contract+jws")
    assert payload["reference"] == contract.reference and payload["content_hash"] == version.content_hash
    assert interchange.content_hash(interchange.parse(payload["contract"])) == version.content_hash
    assert list(ContractEvent.objects.values_list("action", flat=True)) == ["submit", "approve"]


def test_approval_is_refused_while_a_violation_stands(parties):
    version = submit(parties, violating()).versions.get()
    with pytest.raises(ViolationsStand):
        services.contract_approve(acting_user=parties["officer"], version=version)
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED


def test_only_origin_officers_decide(parties):
    version = submit(parties).versions.get()
    for who in ("staff", "worker_user"):
        with pytest.raises(PermissionDenied):
            services.contract_approve(acting_user=parties[who], version=version)


def test_an_officer_without_the_second_factor_cannot_decide(parties, make_user):
    version = submit(parties).versions.get()
    unverified = make_user(Role.ORIGIN_OFFICER)
    with pytest.raises(PermissionDenied):
        services.contract_approve(acting_user=unverified, version=version)


def test_return_needs_a_reason_and_the_agency_resubmits(parties):
    contract = submit(parties, violating())
    version = contract.versions.get()
    with pytest.raises(ReasonRequired):
        services.contract_return(acting_user=parties["officer"], version=version, reason=" ")
    services.contract_return(acting_user=parties["officer"], version=version, reason="Wage below the minimum.")
    contract.refresh_from_db()
    assert contract.status == ContractStatus.RETURNED
    with pytest.raises(TransitionNotAllowed):
        services.contract_approve(acting_user=parties["officer"], version=version)
    second = services.contract_resubmit(acting_user=parties["staff"], contract=contract, doc=sample())
    assert second.number == 2 and second.status == VersionStatus.SUBMITTED
    services.contract_approve(acting_user=parties["officer"], version=second)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.REGISTERED
    assert ContractVersion.objects.get(pk=version.pk).status == VersionStatus.RETURNED


def test_override_needs_two_distinct_origin_officers_and_a_reason(parties, make_user):
    version = submit(parties, violating()).versions.get()
    officer, second = parties["officer"], parties["second"]
    with pytest.raises(OverrideNotRequested):
        services.contract_override_confirm(acting_user=second, version=version)
    with pytest.raises(ReasonRequired):
        services.contract_override_request(acting_user=officer, version=version, reason="")
    services.contract_override_request(acting_user=officer, version=version,
                                       reason="The worker's union agreement pays the difference.")
    with pytest.raises(OverrideSameOfficer):
        services.contract_override_confirm(acting_user=officer, version=version)
    with pytest.raises(PermissionDenied):
        services.contract_override_confirm(acting_user=verified(make_user(Role.AUDITOR)), version=version)
    version = services.contract_override_confirm(acting_user=second, version=version)
    assert version.status == VersionStatus.REGISTERED
    assert version.override_requested_by == officer and version.override_confirmed_by == second
    assert version.override_reason.startswith("The worker's union")


def test_the_database_refuses_a_one_officer_override(parties):
    version = submit(parties, violating()).versions.get()
    officer = parties["officer"]
    ContractVersion.objects.filter(pk=version.pk).update(override_requested_by=officer, override_reason="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractVersion.objects.filter(pk=version.pk).update(override_confirmed_by=officer)


def test_no_override_for_a_compliant_contract(parties):
    version = submit(parties).versions.get()
    with pytest.raises(OverrideNotNeeded):
        services.contract_override_request(acting_user=parties["officer"], version=version, reason="why not")


def unchecked():
    """No violation found, but signed where no ruleset of the corridor was in force: a blocking not-checked item."""
    return sample(term__start_date="2010-01-01")


def test_a_blocking_not_checked_item_stops_approval_and_is_kept_on_the_record(parties):
    version = submit(parties, unchecked()).versions.get()
    record = version.check_record
    assert record.violations == 0 and record.compliant is False
    assert record.blocking_not_checked and record.blocking_not_checked[0]["reason"] == "ruleset_not_in_force"
    with pytest.raises(NotCheckedStands):
        services.contract_approve(acting_user=parties["officer"], version=version)
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED


def test_two_officers_may_override_a_blocking_not_checked_item_with_the_reason_recorded(parties):
    version = submit(parties, unchecked()).versions.get()
    services.contract_override_request(acting_user=parties["officer"], version=version,
                                       reason="Checked by hand against the 2010 standard contract.")
    version = services.contract_override_confirm(acting_user=parties["second"], version=version)
    assert version.status == VersionStatus.REGISTERED
    assert version.override_reason == "Checked by hand against the 2010 standard contract."


def test_non_blocking_not_checked_items_do_not_stop_approval(parties):
    version = submit(parties).versions.get()
    assert version.check_record.not_checked and not version.check_record.blocking_not_checked
    services.contract_approve(acting_user=parties["officer"], version=version)


def register(parties, doc=None):
    contract = submit(parties, doc)
    services.contract_approve(acting_user=parties["officer"], version=contract.versions.get())
    contract.refresh_from_db()
    return contract


def test_an_amendment_is_checked_approved_and_accepted_by_the_worker(parties, make_user):
    other_worker = make_user(Role.WORKER)
    contract = register(parties)
    first = contract.versions.get()
    amendment = services.contract_amend(acting_user=parties["staff"], contract=contract,
                                        doc=sample(wage__amount="1600.00"))
    assert amendment.number == 2 and amendment.check_record.compliant
    services.contract_approve(acting_user=parties["officer"], version=amendment)
    amendment.refresh_from_db()
    assert amendment.status == VersionStatus.AWAITING_WORKER
    first.refresh_from_db()
    assert first.status == VersionStatus.REGISTERED  # in force until the worker accepts
    with pytest.raises(PermissionDenied):
        services.contract_amendment_accept(acting_user=parties["staff"], version=amendment)
    with pytest.raises(NotFound):  # another worker
        services.contract_amendment_accept(acting_user=other_worker, version=amendment)
    services.contract_amendment_accept(acting_user=parties["worker_user"], version=amendment)
    amendment.refresh_from_db()
    first.refresh_from_db()
    assert amendment.status == VersionStatus.REGISTERED and amendment.signature
    assert first.status == VersionStatus.SUPERSEDED
    assert first.as_document()["wage"]["amount"] == "1500.00"  # never overwritten
    contract.refresh_from_db()
    assert contract.reference  # the same reference throughout


def test_a_violating_amendment_is_refused_like_a_new_contract(parties):
    contract = register(parties)
    amendment = services.contract_amend(acting_user=parties["staff"], contract=contract, doc=violating())
    with pytest.raises(ViolationsStand):
        services.contract_approve(acting_user=parties["officer"], version=amendment)


def test_the_worker_may_decline_an_amendment(parties):
    contract = register(parties)
    amendment = services.contract_amend(acting_user=parties["staff"], contract=contract,
                                        doc=sample(wage__amount="1600.00"))
    services.contract_approve(acting_user=parties["officer"], version=amendment)
    services.contract_amendment_decline(acting_user=parties["worker_user"], version=amendment, reason="No.")
    assert contract.versions.get(number=1).status == VersionStatus.REGISTERED
    with pytest.raises(TransitionNotAllowed):
        services.contract_amendment_accept(acting_user=parties["worker_user"], version=amendment)


def test_one_amendment_at_a_time_and_never_an_identical_one(parties):
    contract = register(parties)
    with pytest.raises(NothingChanged):
        services.contract_amend(acting_user=parties["staff"], contract=contract, doc=sample(reference="anything"))
    services.contract_amend(acting_user=parties["staff"], contract=contract, doc=sample(wage__amount="1600.00"))
    with pytest.raises(AmendmentPending):
        services.contract_amend(acting_user=parties["staff"], contract=contract, doc=sample(wage__amount="1700.00"))


def test_amending_an_unregistered_contract_is_not_allowed(parties):
    contract = submit(parties)
    with pytest.raises(AmendmentPending):
        services.contract_amend(acting_user=parties["staff"], contract=contract, doc=sample(wage__amount="1600.00"))


def test_a_registered_text_never_changes(parties):
    version = register(parties).versions.get()
    version.content_hash = "0" * 64
    with pytest.raises(ValueError, match="never changes"):
        version.save()


def test_the_database_keeps_one_registered_version(parties):
    contract = register(parties)
    version = contract.versions.get()
    copy = ContractVersion(contract=contract, number=2, document=version.document, content_hash=version.content_hash,
                           check_record=version.check_record, status=VersionStatus.REGISTERED,
                           submitted_by=parties["staff"], submitted_at=version.submitted_at,
                           registered_at=version.registered_at, signature=version.signature)
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_events_are_append_only(parties):
    event = submit(parties).events.first()
    with pytest.raises(ValueError):
        event.save()
