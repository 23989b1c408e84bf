"""Licence lifecycle, due process, sub-agents, employers, job orders and every refusal."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from corridor.accounts import services as account_services
from corridor.accounts.choices import Role
from corridor.core.errors import InvalidInput, NotFound, PermissionDenied
from corridor.core.models import AuditEntry
from corridor.registry import errors, services
from corridor.registry.choices import JobOrderStatus, LicenceStatus
from corridor.registry.models import Licence, LicenceEvent
from tests.conftest import verified
from tests.registry.conftest import today

pytestmark = pytest.mark.django_db


def test_apply_then_grant_records_events_and_audit(make_org, officer):
    org = make_org(kind="recruitment_agency", name="Mabuhay Placement Corp.")
    licence = services.agency_apply(acting_user=None, organisation=org, name="Mabuhay Placement Corp.", address="Manila",
                                    owners=[{"full_name": "Ana Cruz", "nationality": "PH", "share_percent": 60}],
                                    branches=[{"name": "Davao", "address": "Davao City"}])
    assert licence.status == LicenceStatus.APPLIED
    assert licence.agency.owners.count() == 1 and licence.agency.branches.count() == 1
    licence = services.licence_grant(acting_user=officer, licence=licence, number="DMW-123-LB", valid_from=today(),
                                     valid_until=today() + timedelta(days=365), conditions="No domestic workers to X")
    assert licence.status == LicenceStatus.ACTIVE and licence.is_in_force
    events = list(LicenceEvent.objects.filter(licence=licence).values_list("action", "from_status", "to_status"))
    assert events == [("apply", "", "applied"), ("grant", "applied", "active")]
    assert AuditEntry.objects.filter(action="licence.grant", object_id=str(licence.pk)).exists()
    assert LicenceEvent.objects.get(action="grant").actor == officer


def test_refuse_an_application(make_agency, officer):
    licence = make_agency(licensed=False).current_licence
    licence = services.licence_refuse(acting_user=officer, licence=licence, reason="Bond not posted")
    assert licence.status == LicenceStatus.REFUSED
    with pytest.raises(errors.LicenceTransitionNotAllowed):
        services.licence_grant(acting_user=officer, licence=licence, number="X-1", valid_from=today(), valid_until=today())


def test_renew_extends_validity(agency, officer):
    licence = agency.current_licence
    new_end = licence.valid_until + timedelta(days=730)
    licence = services.licence_renew(acting_user=officer, licence=licence, valid_until=new_end, reason="Renewal, compliant")
    assert licence.valid_until == new_end and licence.status == LicenceStatus.ACTIVE
    with pytest.raises(InvalidInput):
        services.licence_renew(acting_user=officer, licence=licence, valid_until=new_end, reason="again")


def test_an_expired_licence_can_be_renewed_and_is_shown_as_expired(make_agency, officer):
    agency = make_agency(valid_until=today() - timedelta(days=1))
    licence = agency.current_licence
    assert licence.effective_status == "expired" and not licence.is_in_force
    licence = services.licence_renew(acting_user=officer, licence=licence, valid_until=today() + timedelta(days=30), reason="late")
    assert licence.is_in_force


def test_suspend_needs_due_process(agency, officer, proceeding_for):
    licence = agency.current_licence
    proceeding = services.sanction_notify(acting_user=officer, licence=licence, charge="Fees charged",
                                          proposed_penalty="suspend", answer_due=today() + timedelta(days=10))
    with pytest.raises(errors.DueProcessIncomplete):
        services.licence_suspend(acting_user=officer, proceeding=proceeding, reason="x", suspended_until=today() + timedelta(days=90))
    staff = verified(account_services.user_create(
        acting_user=None, username="agency-staff-x", password="a-long-test-password-2026", role=Role.AGENCY_STAFF,
        organisation=agency.organisation))
    services.sanction_answer(acting_user=staff, proceeding=proceeding, answer="We refunded the fees.")
    licence = services.licence_suspend(acting_user=officer, proceeding=proceeding, reason="Fees charged to 12 workers",
                                       suspended_until=today() + timedelta(days=90))
    assert licence.status == LicenceStatus.SUSPENDED and licence.suspended_until == today() + timedelta(days=90)
    proceeding.refresh_from_db()
    assert proceeding.status == "decided" and proceeding.outcome == "sanctioned"
    licence = services.licence_reinstate(acting_user=officer, licence=licence, reason="Suspension served")
    assert licence.status == LicenceStatus.ACTIVE and licence.suspended_until is None


def test_sanction_after_answer_time_has_passed(agency, officer):
    proceeding = services.sanction_notify(acting_user=officer, licence=agency.current_licence, charge="Fees",
                                          proposed_penalty="cancel", answer_due=today())
    proceeding.answer_due = today() - timedelta(days=1)
    proceeding.save()
    licence = services.licence_cancel(acting_user=officer, proceeding=proceeding, reason="No answer; fees proven")
    assert licence.status == LicenceStatus.CANCELLED


def test_suspension_needs_an_end_date(agency, officer, proceeding_for):
    with pytest.raises(InvalidInput):
        services.licence_suspend(acting_user=officer, proceeding=proceeding_for(agency.current_licence), reason="x",
                                 suspended_until=today())


def test_a_charge_can_be_dismissed(agency, officer, proceeding_for):
    proceeding = services.sanction_decide(acting_user=officer, proceeding=proceeding_for(agency.current_licence),
                                          outcome="dismissed", decision="Not proven")
    assert proceeding.outcome == "dismissed"
    assert Licence.objects.get(pk=agency.current_licence.pk).status == LicenceStatus.ACTIVE


def test_a_banned_agency_cannot_be_renewed_or_apply_again(agency, officer, proceeding_for):
    licence = services.licence_ban(acting_user=officer, proceeding=proceeding_for(agency.current_licence, "ban"),
                                   reason="Trafficking conviction")
    assert licence.status == LicenceStatus.BANNED
    with pytest.raises(errors.AgencyBanned):
        services.licence_renew(acting_user=officer, licence=licence, valid_until=today() + timedelta(days=900), reason="x")
    with pytest.raises(errors.AgencyBanned):
        services.agency_apply(acting_user=None, organisation=agency.organisation, name=agency.name, address="x")


def test_cancelled_agency_may_apply_again(agency, officer, proceeding_for):
    services.licence_cancel(acting_user=officer, proceeding=proceeding_for(agency.current_licence, "cancel"), reason="x")
    licence = services.agency_apply(acting_user=None, organisation=agency.organisation, name=agency.name, address="y")
    assert licence.status == LicenceStatus.APPLIED


def test_one_current_licence_per_agency_is_a_database_rule(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        Licence.objects.create(agency=agency, status=LicenceStatus.APPLIED)
    with pytest.raises(errors.LicenceTransitionNotAllowed):
        services.agency_apply(acting_user=None, organisation=agency.organisation, name=agency.name, address="x")


def test_duplicate_licence_number_is_refused(make_agency, officer):
    make_agency(name="First Agency", number="DMW-1")
    other = make_agency(name="Second Agency", licensed=False)
    with pytest.raises(errors.DuplicateRegistration):
        services.licence_grant(acting_user=officer, licence=other.current_licence, number="dmw 1", valid_from=today(),
                               valid_until=today() + timedelta(days=1))


def test_only_officers_decide_licences(agency, agency_user):
    with pytest.raises(PermissionDenied):
        services.licence_renew(acting_user=agency_user, licence=agency.current_licence,
                               valid_until=today() + timedelta(days=999), reason="self-renewal")


def test_agency_staff_answer_only_their_own_charges(make_agency, make_user, officer, agency):
    other = make_agency(name="Other Agency")
    staff = verified(make_user(Role.AGENCY_STAFF, organisation=other.organisation))
    proceeding = services.sanction_notify(acting_user=officer, licence=agency.current_licence, charge="x",
                                          proposed_penalty="suspend", answer_due=today() + timedelta(days=3))
    with pytest.raises(NotFound):
        services.sanction_answer(acting_user=staff, proceeding=proceeding, answer="not us")


def test_sub_agent_is_registered_under_its_agency(agency, agency_user, make_agency):
    subagent = services.subagent_register(acting_user=agency_user, agency=agency, full_name="Pedro Magbanua", locality="Kalibo")
    assert subagent.agency == agency and subagent.registration_number.startswith(f"SA-{agency.pk}-")
    other = make_agency(name="Other Agency")
    with pytest.raises(NotFound):
        services.subagent_register(acting_user=agency_user, agency=other, full_name="X", locality="Y")
    services.subagent_revoke(acting_user=agency_user, subagent=subagent, reason="Left")
    with pytest.raises(errors.LicenceTransitionNotAllowed):
        services.subagent_revoke(acting_user=agency_user, subagent=subagent, reason="Again")


def test_employer_verification_by_consulate_or_destination(make_employer, make_user):
    employer = make_employer(name="Gulf Build WLL", verify=False)
    attache = verified(make_user(Role.CONSULAR_ATTACHE))
    employer = services.employer_verify(acting_user=attache, employer=employer, note="Visited the site")
    assert employer.status == "verified" and employer.verified_by_kind == "consulate"
    with pytest.raises(errors.EmployerTransitionNotAllowed):
        services.employer_verify(acting_user=attache, employer=employer, note="again")


def test_duplicate_employer_registration(make_employer):
    make_employer(name="A", registration_number="1010-22")
    with pytest.raises(errors.DuplicateRegistration):
        make_employer(name="B", registration_number="101022")


def test_job_order_lifecycle(make_job_order, officer):
    order = make_job_order()
    assert order.status == JobOrderStatus.SUBMITTED and order.offered_terms["job"]["isco08"] == "9111"
    assert "worker" not in order.offered_terms and order.wage_currency_id == "SAR"
    order = services.job_order_approve(acting_user=officer, job_order=order)
    assert order.status == JobOrderStatus.APPROVED
    with pytest.raises(errors.JobOrderTransitionNotAllowed):
        services.job_order_approve(acting_user=officer, job_order=order)
    order = services.job_order_delist(acting_user=officer, job_order=order, reason="Filled")
    assert [e.action for e in order.events.all()] == ["submit", "approve", "delist"]


def test_job_order_reject_and_withdraw(make_job_order, officer, agency_user):
    order = services.job_order_reject(acting_user=officer, job_order=make_job_order(), reason="Wage below minimum")
    assert order.status == JobOrderStatus.REJECTED
    order = services.job_order_withdraw(acting_user=agency_user, job_order=make_job_order(), reason="Employer cancelled")
    assert order.status == JobOrderStatus.WITHDRAWN


def test_an_expired_licence_cannot_post_a_job_order(make_agency, make_job_order):
    expired = make_agency(name="Old Agency", valid_until=today() - timedelta(days=1))
    with pytest.raises(errors.LicenceNotInForce):
        make_job_order(agency=expired)


def test_an_unlicensed_agency_cannot_post_a_job_order(make_agency, make_job_order):
    with pytest.raises(errors.LicenceNotInForce):
        make_job_order(agency=make_agency(name="New Agency", licensed=False))


def test_offered_terms_are_validated_with_json_paths(make_job_order, terms):
    del terms["wage"]["currency"]
    terms["hours"]["normal_daily"] = -1
    with pytest.raises(errors.InvalidOfferedTerms) as exc:
        make_job_order(offered_terms=terms)
    messages = exc.value.fields["offered_terms"]
    assert any(m.startswith("$.wage") for m in messages) and any(m.startswith("$.hours.normal_daily") for m in messages)


def test_offered_terms_must_fit_the_order(make_job_order, terms):
    terms["corridor"]["destination"] = "QA"
    with pytest.raises(errors.InvalidOfferedTerms):
        make_job_order(offered_terms=terms)
    with pytest.raises(errors.InvalidOfferedTerms):
        make_job_order(offered_terms="not a document")


def test_job_order_fields_are_checked(make_job_order):
    with pytest.raises(InvalidInput) as exc:
        make_job_order(occupation="91", workers_needed=0, expires_on=today(), languages=["zz"])
    assert set(exc.value.fields) == {"occupation", "workers_needed", "expires_on", "languages"}


def test_an_unverified_employer_cannot_be_approved(make_employer, make_job_order, officer):
    order = make_job_order(employer=make_employer(name="Unverified Est.", verify=False))
    with pytest.raises(errors.EmployerNotVerified):
        services.job_order_approve(acting_user=officer, job_order=order)


def test_approval_refused_when_licence_lapsed_after_submission(make_job_order, officer, agency):
    order = make_job_order()
    Licence.objects.filter(agency=agency).update(valid_until=today() - timedelta(days=1))
    with pytest.raises(errors.LicenceNotInForce):
        services.job_order_approve(acting_user=officer, job_order=order)


def test_a_watchlisted_employers_job_order_cannot_be_approved(make_job_order, officer, employer, inspector):
    order = make_job_order()
    services.watchlist_entry_add(acting_user=inspector, subject_kind="employer", name=employer.name, employer=employer,
                                 reason="Unpaid wages", evidence_reference="Case 2026-17")
    order.refresh_from_db()
    assert order.status == JobOrderStatus.REJECTED  # an open order is closed at once with the reason
    order = make_job_order()
    with pytest.raises(errors.Watchlisted):
        services.job_order_approve(acting_user=officer, job_order=order)


def test_suspension_takes_job_orders_off_the_board_with_reason(make_job_order, officer, agency, proceeding_for):
    order = services.job_order_approve(acting_user=officer, job_order=make_job_order())
    services.licence_suspend(acting_user=officer, proceeding=proceeding_for(agency.current_licence), reason="Fees",
                             suspended_until=today() + timedelta(days=30))
    order.refresh_from_db()
    assert order.status == JobOrderStatus.DELISTED and "suspended" in order.status_reason


def test_employer_staff_place_orders_only_for_their_employer(make_user, employer, make_employer, make_job_order):
    staff = verified(make_user(Role.EMPLOYER_STAFF, organisation=employer.organisation))
    assert make_job_order(acting_user=staff).employer == employer
    with pytest.raises(NotFound):
        make_job_order(acting_user=staff, employer=make_employer(name="Other Employer"))


def test_a_suspension_ends_on_its_end_date_and_not_before(agency, officer, proceeding_for, capsys):
    from django.core.management import call_command

    until = today() + timedelta(days=30)
    licence = services.licence_suspend(acting_user=officer, proceeding=proceeding_for(agency.current_licence, "suspend"),
                                       reason="Fees charged", suspended_until=until)
    assert services.licence_suspensions_end(today=until - timedelta(days=1)) == []
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.SUSPENDED
    [ended] = services.licence_suspensions_end(today=until)
    assert ended.status == LicenceStatus.ACTIVE and ended.suspended_until is None and ended.status_date == until
    assert LicenceEvent.objects.filter(licence=licence, action="reinstate", actor=None).exists()
    call_command("registry", "end-suspensions")
    assert "0 suspension(s) ended." in capsys.readouterr().out
