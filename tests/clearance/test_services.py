"""Every clearance check, every decision and every halt path."""

import json
from datetime import date, timedelta

import pytest

from corridor.clearance import certificate, checks, services
from corridor.clearance.choices import ClearanceStatus, FactKind, NoticeKind
from corridor.clearance.errors import (
    ChecksFailed,
    ClearancePending,
    ContractNotRegistered,
    DepartureDateInvalid,
    FactInvalid,
    NotHaltable,
    ReasonRequired,
)
from corridor.core.errors import NotFound, PermissionDenied, TransitionNotAllowed
from corridor.core.models import Notification
from tests.clearance.conftest import today

pytestmark = pytest.mark.django_db


def result(clearance, code):
    return next(r for r in checks.evaluate(clearance) if r["code"] == code)


def test_all_checks_pass_for_a_complete_application(clearance):
    results = checks.evaluate(clearance)
    assert [r["code"] for r in results] == ["licence", "employer_verified", "employer_watchlist", "contract", "fees",
                                            "orientation", "welfare_fund", "insurance", "minimum_age"]
    assert all(r["passed"] for r in results), [r for r in results if not r["passed"]]


def test_licence_not_in_force_on_departure_date(make_clearance, agency):
    licence = agency.licences.get()
    clearance = make_clearance(departure=licence.valid_until + timedelta(days=1))
    assert result(clearance, "licence")["passed"] is False


def test_licence_suspended_fails_and_halts(clearance, agency):
    from corridor.registry.models import Licence

    Licence.objects.filter(agency=agency).update(status="suspended", suspended_until=today() + timedelta(days=30))
    assert result(clearance, "licence")["passed"] is False


def test_agency_not_in_registry(clearance, make_org):
    clearance.agency = make_org(kind="recruitment_agency", name="Unregistered")
    assert result(clearance, "licence")["passed"] is False


def test_employer_is_the_job_orders_whatever_the_document_says(make_clearance, contract_doc, employer):
    doc = json.loads(json.dumps(contract_doc))
    doc["employer"]["registration_number"] = "999"
    doc["employer"]["name"] = "Unknown Trading Est."
    clearance = make_clearance(doc=doc)
    assert clearance.contract.job_order.employer == employer
    assert clearance.employer == employer


def test_without_a_job_order_employer_found_by_name_when_the_number_differs(make_clearance, contract_doc, employer):
    doc = json.loads(json.dumps(contract_doc))
    doc["employer"]["registration_number"] = "999"
    assert make_clearance(doc=doc, legacy=True).employer == employer


def test_without_a_job_order_employer_found_by_registration_number(make_clearance, contract_doc, employer):
    doc = json.loads(json.dumps(contract_doc))
    doc["employer"]["name"] = "Another name altogether"
    assert make_clearance(doc=doc, legacy=True).employer == employer


def test_employer_not_verified(clearance, employer):
    from corridor.registry.models import Employer

    Employer.objects.filter(pk=employer.pk).update(status="pending")
    clearance.refresh_from_db()
    assert result(clearance, "employer_verified")["passed"] is False


def test_employer_not_registered(make_clearance, contract_doc):
    doc = json.loads(json.dumps(contract_doc))
    doc["employer"]["registration_number"] = "999"
    doc["employer"]["name"] = "Unknown Trading Est."
    clearance = make_clearance(doc=doc, legacy=True)
    assert clearance.employer is None
    assert result(clearance, "employer_verified")["passed"] is False
    assert result(clearance, "employer_watchlist")["passed"] is False


def test_employer_on_our_watchlist(clearance, employer, officer):
    from corridor.registry.models import WatchlistEntry

    # Entered straight into the table so that the halt signal's effect is tested apart (test_halts).
    WatchlistEntry.objects.bulk_create([WatchlistEntry(subject_kind="employer", name=employer.name, employer=employer,
                                                       reason="Unpaid wages", evidence_reference="INS-1", source_country="PH",
                                                       starts_on=today())])
    check = result(clearance, "employer_watchlist")
    assert check["passed"] is False and "Unpaid wages" in check["detail"]


def test_employer_on_a_peers_watchlist_by_registration_number(clearance, employer):
    from corridor.registry.models import WatchlistEntry

    WatchlistEntry.objects.bulk_create([WatchlistEntry(
        subject_kind="employer", name="AL NOOR HOME SERVICES", registration_number=employer.registration_number,
        registration_key=employer.registration_key, country_id="SA", reason="Passports kept", evidence_reference="SA-9",
        source_country="SA", source_key_id="abcd", peer_entry_id="77", starts_on=today())])
    check = result(clearance, "employer_watchlist")
    assert check["passed"] is False and "SA" in check["detail"]


def test_lifted_watchlist_entry_does_not_count(clearance, employer):
    from django.utils import timezone

    from corridor.registry.models import WatchlistEntry

    WatchlistEntry.objects.bulk_create([WatchlistEntry(subject_kind="employer", name=employer.name, employer=employer,
                                                       reason="x", evidence_reference="y", source_country="PH",
                                                       starts_on=today(), lifted_at=timezone.now())])
    assert result(clearance, "employer_watchlist")["passed"] is True


def test_contract_with_standing_violation(clearance):
    from corridor.contracts.models import ContractVersion

    version = ContractVersion.objects.get(contract=clearance.contract)
    doc = version.as_document()
    doc["wage"]["amount"] = "100.00"
    # A text the rules now find in violation (as after a ruleset change): the check runs the rules again.
    from corridor.contracts import interchange

    ContractVersion.objects.filter(pk=version.pk).update(document=interchange.canonical_json(doc).decode())
    check = result(clearance, "contract")
    assert check["passed"] is False and check["findings"]


def test_contract_with_a_blocking_not_checked_item_fails_the_check(clearance):
    from corridor.contracts import interchange
    from corridor.contracts.models import ContractVersion

    version = ContractVersion.objects.get(contract=clearance.contract)
    doc = version.as_document()
    doc["term"]["start_date"] = "2010-01-01"  # no ruleset of the corridor in force then: nothing found, nothing known
    ContractVersion.objects.filter(pk=version.pk).update(document=interchange.canonical_json(doc).decode())
    check = result(clearance, "contract")
    assert check["passed"] is False and not check.get("findings")
    assert check["not_checked"] and all(n["blocking"] for n in check["not_checked"])
    assert "not checked" in check["detail"]


def test_fees_over_the_cap(make_clearance, contract_doc, officer, agency_user, make_worker):
    from corridor.contracts import interchange
    from corridor.contracts.models import ContractVersion

    clearance = make_clearance()
    version = ContractVersion.objects.get(contract=clearance.contract)
    doc = version.as_document()
    doc["fees"] = {"paid_by_worker": [{"item": "placement_fee", "amount": "500.00", "currency": "USD"}]}
    ContractVersion.objects.filter(pk=version.pk).update(document=interchange.canonical_json(doc).decode())
    check = result(clearance, "fees")
    assert check["passed"] is False and "500.00 USD" in check["detail"]
    assert all(f["category"] == "fees.worker_paid" for f in check["findings"])


def test_fees_within_the_cap(clearance):
    check = result(clearance, "fees")
    assert check["passed"] is True


@pytest.mark.parametrize("kind", [FactKind.ORIENTATION, FactKind.WELFARE_FUND, FactKind.INSURANCE])
def test_each_fact_is_needed(make_clearance, agency_user, kind):
    clearance = make_clearance(facts=False)
    for other in FactKind.values:
        if other != kind:
            services.clearance_fact_record(acting_user=agency_user, clearance=clearance, kind=other, document_reference="X-1")
    assert result(clearance, kind)["passed"] is False
    assert result(clearance, kind)["detail"] == "Not recorded."


def test_fact_expiring_before_departure_fails(make_clearance, agency_user):
    clearance = make_clearance()
    services.clearance_fact_record(acting_user=agency_user, clearance=clearance, kind=FactKind.INSURANCE,
                                   document_reference="POL-OLD", valid_until=today() + timedelta(days=1))
    assert result(clearance, "insurance")["passed"] is False


def test_fact_records_who_and_when(clearance, fund_officer):
    fact = clearance.facts.get(kind=FactKind.WELFARE_FUND)
    assert fact.recorded_by == fund_officer and fact.recorded_by_organisation == fund_officer.organisation
    assert "OWWA-778899" in result(clearance, "welfare_fund")["detail"]


def test_minimum_age_for_a_domestic_worker(make_clearance):
    young = today().replace(year=today().year - 21)
    clearance = make_clearance(born=young, passport="P7654321B", name="Young Worker")
    check = result(clearance, "minimum_age")
    assert check["passed"] is False and "23" in check["detail"]


def test_minimum_age_uses_the_person_record_when_the_contract_has_no_birth_date(make_clearance, contract_doc):
    doc = json.loads(json.dumps(contract_doc))
    clearance = make_clearance(doc=doc, born=today().replace(year=today().year - 30), passport="P99")
    assert result(clearance, "minimum_age")["passed"] is True


# --- decisions ----------------------------------------------------------------------------------


def test_grant_signs_a_certificate_and_notifies(granted):
    assert granted.status == ClearanceStatus.GRANTED
    claims = certificate.verify(granted.token, _own_keys()).claims
    assert claims["jti"] == granted.reference and claims["pp4"] == "567A" and claims["dst"] == "SA"
    assert claims["ctr"] == granted.contract.reference and len(claims["ch"]) == 64
    assert claims["dep"] == granted.departure_date.isoformat()
    assert {n.kind for n in Notification.objects.filter(about=f"clearance:{granted.reference}")} == {"clearance.granted"}
    assert Notification.objects.filter(about=f"clearance:{granted.reference}", worker=granted.worker).exists()
    assert Notification.objects.filter(about=f"clearance:{granted.reference}", organisation=granted.agency, role="agency_staff").exists()
    assert granted.events.last().action == "grant" and all(c["passed"] for c in granted.checks)


def _own_keys():
    from corridor.core import crypto

    public = crypto.node_private_key().public_key()
    return {crypto.key_id(public): public}


def test_grant_refused_while_a_check_fails(make_clearance, officer):
    clearance = make_clearance(facts=False)
    with pytest.raises(ChecksFailed) as exc:
        services.clearance_grant(acting_user=officer, clearance=clearance)
    assert set(exc.value.fields) == {"orientation", "welfare_fund", "insurance"}
    clearance.refresh_from_db()
    assert clearance.status == ClearanceStatus.APPLIED


def test_refuse_needs_a_reason(clearance, officer):
    with pytest.raises(ReasonRequired):
        services.clearance_refuse(acting_user=officer, clearance=clearance, reason=" ")
    refused = services.clearance_refuse(acting_user=officer, clearance=clearance, reason="Forged orientation certificate")
    assert refused.status == ClearanceStatus.REFUSED
    assert Notification.objects.filter(about=f"clearance:{refused.reference}", kind=f"clearance.{NoticeKind.REFUSED}").count() == 2
    with pytest.raises(TransitionNotAllowed):
        services.clearance_grant(acting_user=officer, clearance=refused)


def test_only_officers_decide(clearance, agency_user, fund_officer):
    for user in (agency_user, fund_officer):
        with pytest.raises(PermissionDenied):
            services.clearance_grant(acting_user=user, clearance=clearance)
        with pytest.raises(PermissionDenied):
            services.clearance_halt(acting_user=user, clearance=clearance, reason="x")


def test_apply_needs_a_registered_contract(agency_user, make_worker, contract_doc, employer, job_order):
    from corridor.contracts import services as contracts

    worker = make_worker()
    contract = contracts.contract_submit(acting_user=agency_user, worker=worker, doc=contract_doc, job_order=job_order)
    with pytest.raises(ContractNotRegistered):
        services.clearance_apply(acting_user=agency_user, contract=contract, departure_date=today() + timedelta(days=5))


def test_apply_once_per_contract_and_not_in_the_past(clearance, agency_user, make_contract):
    with pytest.raises(ClearancePending):
        services.clearance_apply(acting_user=agency_user, contract=clearance.contract, departure_date=today() + timedelta(days=5))
    with pytest.raises(DepartureDateInvalid):
        services.clearance_apply(acting_user=agency_user, contract=make_contract(passport="P2"), departure_date=date(2020, 1, 1))


def test_another_agency_cannot_apply_or_record(clearance, make_user, make_org, make_contract):
    from corridor.accounts.choices import Role
    from tests.conftest import verified

    other = verified(make_user(Role.AGENCY_STAFF, organisation=make_org(kind="recruitment_agency", name="Other")))
    with pytest.raises(NotFound):
        services.clearance_apply(acting_user=other, contract=make_contract(passport="P3"), departure_date=today() + timedelta(days=3))
    with pytest.raises(NotFound):
        services.clearance_fact_record(acting_user=other, clearance=clearance, kind="insurance", document_reference="X")


def test_fact_invalid(clearance, agency_user):
    with pytest.raises(FactInvalid):
        services.clearance_fact_record(acting_user=agency_user, clearance=clearance, kind="horoscope", document_reference="X")
    with pytest.raises(FactInvalid):
        services.clearance_fact_record(acting_user=agency_user, clearance=clearance, kind="insurance", document_reference=" ")


# --- halts ----------------------------------------------------------------------------------------


def test_officer_halts_a_granted_clearance(granted, officer):
    halted = services.clearance_halt(acting_user=officer, clearance=granted, reason="Complaint from the worker's family")
    assert halted.status == ClearanceStatus.HALTED and halted.halted_at
    assert Notification.objects.filter(about=f"clearance:{halted.reference}", kind=f"clearance.{NoticeKind.HALTED}", worker=halted.worker).exists()
    assert Notification.objects.filter(about=f"clearance:{halted.reference}", kind=f"clearance.{NoticeKind.HALTED}", organisation=halted.agency).exists()


def test_officer_halts_an_open_application(clearance, officer):
    assert services.clearance_halt(acting_user=officer, clearance=clearance, reason="Red flag").status == ClearanceStatus.HALTED


def test_no_halt_after_departure_or_twice(granted, officer):
    services.clearance_depart(acting_user=officer, clearance=granted)
    with pytest.raises(NotHaltable):
        services.clearance_halt(acting_user=officer, clearance=granted, reason="Too late")


def test_halt_for_employer_on_a_new_watchlist_entry(granted, employer, officer, make_clearance):
    from corridor.registry import services as registry

    registry.watchlist_entry_add(acting_user=officer, subject_kind="employer", name=employer.name, reason="Wage theft",
                                 evidence_reference="INS-2026-4", employer=employer, country="SA")
    granted.refresh_from_db()
    assert granted.status == ClearanceStatus.HALTED and "Wage theft" in granted.status_reason


def test_halt_for_employer_on_a_peers_watchlist_entry(granted, employer):
    from corridor.registry import services as registry

    registry.watchlist_entry_receive(peer={"country": "SA", "key_id": "k1"}, payload={
        "id": "SA-W-1", "subject_kind": "employer", "name": employer.name, "country": "SA",
        "registration_number": employer.registration_number, "reason": "Passports confiscated", "evidence_reference": "MHRSD-1",
        "starts_on": today().isoformat()})
    granted.refresh_from_db()
    assert granted.status == ClearanceStatus.HALTED


def test_halt_for_a_suspended_agency(granted, agency, officer):
    from corridor.registry import services as registry

    licence = agency.licences.get()
    proceeding = registry.sanction_notify(acting_user=officer, licence=licence, charge="Fees charged", proposed_penalty="suspend",
                                          answer_due=today() + timedelta(days=10))
    proceeding.status = "answered"
    proceeding.save()
    registry.sanction_decide(acting_user=officer, proceeding=proceeding, outcome="sanctioned", decision="Proven",
                             penalty="suspend", suspended_until=today() + timedelta(days=60))
    granted.refresh_from_db()
    assert granted.status == ClearanceStatus.HALTED and "suspended" in granted.status_reason.lower()


def test_halt_for_an_employer_no_longer_verified(granted, employer, inspector):
    from corridor.registry import services as registry

    registry.employer_reject(acting_user=inspector, employer=employer, note="Licence to employ withdrawn")
    granted.refresh_from_db()
    assert granted.status == ClearanceStatus.HALTED


def test_halt_for_a_worker_complaint(granted, make_clearance):
    other = make_clearance(passport="P4", name="Another Worker")
    halted = services.clearance_halt_for(worker=granted.worker, reason="Complaint: recruiter took passport")
    assert [c.pk for c in halted] == [granted.pk]
    other.refresh_from_db()
    assert other.status == ClearanceStatus.APPLIED


def test_halt_for_skips_refused_and_departed(granted, officer):
    services.clearance_depart(acting_user=officer, clearance=granted)
    assert services.clearance_halt_for(worker=granted.worker, reason="x") == []
    assert services.clearance_halt_for(reason="nothing named") == []


def test_revocation_list_names_halted_certificates(granted, officer):
    services.clearance_halt(acting_user=officer, clearance=granted, reason="x")
    revocations = certificate.revocations_verify(services.revocation_list_token(), _own_keys())
    assert granted.reference in revocations.halted
