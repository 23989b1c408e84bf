"""Intake, the receipt code and its throttle, the identity wall, the lifecycle, escalation, liability."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from corridor.cases import receipts, selectors, services
from corridor.cases.choices import CaseStatus, Channel, LiabilityStatus
from corridor.cases.errors import (
    CaseTransitionNotAllowed,
    ClaimError,
    EvidenceRejected,
    EvidenceTooLarge,
    FollowUpExpired,
    NoJurisdiction,
    NoTeam,
    OfficerNotInTeam,
    ReceiptCodeInvalid,
    ReceiptLookupThrottled,
)
from corridor.cases.models import Case, CaseEvent, Complainant, ReceiptCode
from corridor.core.errors import InvalidInput, NotFound, PermissionDenied
from corridor.core.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# --- intake -------------------------------------------------------------------------------------------


def test_an_anonymous_complaint_gets_a_receipt_code_and_only_its_hash_is_stored(file_case, orgs):
    filed = file_case()
    case = filed.case
    assert case.channel == Channel.ANONYMOUS and filed.receipt_code
    assert not Complainant.objects.filter(case=case).exists()
    receipt = ReceiptCode.objects.get(case=case)
    plain = receipts.canonical(filed.receipt_code)
    assert plain not in receipt.code_hash and receipt.prefix == plain[:4] and len(receipt.salt) == 32
    assert receipts.verify(filed.receipt_code) == case
    assert receipts.verify(filed.receipt_code.lower().replace("-", " ")) == case
    assert case.assigned_team == orgs["consulate"] and case.jurisdiction == "origin"
    assert CaseEvent.objects.filter(case=case, action="file", actor__isnull=True, actor_label="complainant").exists()


def test_two_codes_hash_differently_even_for_the_same_prefix(file_case):
    a, b = file_case().case, file_case().case
    ra, rb = ReceiptCode.objects.get(case=a), ReceiptCode.objects.get(case=b)
    assert ra.salt != rb.salt and ra.code_hash != rb.code_hash


def _from(address):
    from django.test import RequestFactory

    return RequestFactory().post("/cases/follow/", REMOTE_ADDR=address)


def _wrong(code):
    plain = receipts.canonical(code)
    return plain[:4] + ("0" * 12 if plain[4:] != "0" * 12 else "1" * 12)


def test_a_guesser_locks_out_only_themselves_never_other_codes(file_case, settings):
    """Issue 13, fault 4: 200 random guesses used to make every code, valid ones too, answer "too many"."""
    settings.CORRIDOR_RECEIPT_REQUESTER_FAILURES = 3
    filed = file_case()
    guesser = _from("203.0.113.7")
    refused = 0
    for i in range(200):
        try:
            receipts.verify(f"{i:04d}-ZZZZ-ZZZZ-ZZZZ", request=guesser)
        except ReceiptLookupThrottled:
            refused += 1
        except ReceiptCodeInvalid:
            pass
    assert refused >= 196  # three free mistakes, then a doubling wait: the guesser is stopped
    with pytest.raises(ReceiptLookupThrottled) as info:
        receipts.verify(filed.receipt_code, request=guesser)
    assert info.value.code == "cases.receipt_lookup_throttled" and info.value.status == 429
    assert receipts.verify(filed.receipt_code, request=_from("198.51.100.20")) == filed.case
    assert receipts.verify(filed.receipt_code, request=_from("2001:db8::1")) == filed.case


def test_wrong_guesses_at_a_live_prefix_do_not_block_the_code(file_case, settings):
    settings.CORRIDOR_RECEIPT_REQUESTER_FAILURES = 2
    filed = file_case()
    for i in range(10):
        with pytest.raises((ReceiptCodeInvalid, ReceiptLookupThrottled)):
            receipts.verify(_wrong(filed.receipt_code), request=_from(f"203.0.113.{i}"))
    assert receipts.verify(filed.receipt_code, request=_from("198.51.100.20")) == filed.case


def test_one_code_tried_too_often_is_slowed_whoever_asks(file_case, settings):
    settings.CORRIDOR_RECEIPT_CODE_FAILURES = 2
    filed = file_case()
    wrong = _wrong(filed.receipt_code)
    for i in range(2):
        with pytest.raises(ReceiptCodeInvalid):
            receipts.verify(wrong, request=_from(f"203.0.113.{i}"))
    with pytest.raises(ReceiptLookupThrottled):
        receipts.verify(wrong, request=_from("203.0.113.99"))
    assert receipts.verify(filed.receipt_code, request=_from("203.0.113.99")) == filed.case


def test_a_wrong_code_costs_the_same_work_whether_its_prefix_is_live_or_not(file_case, monkeypatch):
    """Issue 13, fault 4: a wrong code with a live prefix answered measurably slower (more scrypt runs)."""
    filed = file_case()
    calls = []
    real = receipts._hash
    monkeypatch.setattr(receipts, "_hash", lambda code, salt: calls.append(code) or real(code, salt))
    for code in [_wrong(filed.receipt_code), "ZZZZ-ZZZZ-ZZZZ-ZZZ1", "short"]:
        calls.clear()
        with pytest.raises(ReceiptCodeInvalid):
            receipts.verify(code, request=_from("203.0.113.5"))
        assert len(calls) == 1
    calls.clear()
    assert receipts.verify(filed.receipt_code) == filed.case and len(calls) == 1


def test_the_throttle_keeps_no_address_and_its_keys_change_every_window(file_case, settings, monkeypatch):
    from corridor.core import throttle
    from corridor.core.models import ThrottleBucket

    with pytest.raises(ReceiptCodeInvalid):
        receipts.verify("ZZZZ-ZZZZ-ZZZZ-ZZZ1", request=_from("203.0.113.77"))
    stored = str(list(ThrottleBucket.objects.values()))
    assert "203.0.113.77" not in stored and "ZZZZ" not in stored
    now = throttle.time.time()
    first = throttle.requester_key(_from("203.0.113.77"), window_seconds=900)
    monkeypatch.setattr(throttle.time, "time", lambda: now + 900)
    assert throttle.requester_key(_from("203.0.113.77"), window_seconds=900) != first


def test_a_code_issued_before_the_keyed_lookup_still_opens_its_case(file_case):
    filed = file_case()
    ReceiptCode.objects.filter(case=filed.case).update(lookup="")
    assert receipts.verify(filed.receipt_code) == filed.case
    assert ReceiptCode.objects.get(case=filed.case).lookup


def test_the_follow_up_pass_expires(file_case, monkeypatch):
    filed = file_case()
    token = receipts.follow_up_token(filed.case)
    assert receipts.case_from_token(token) == filed.case
    monkeypatch.setattr(receipts.time, "time", lambda: 10**10)
    with pytest.raises(FollowUpExpired) as info:
        receipts.case_from_token(token)
    assert info.value.code == "cases.follow_up_expired"
    with pytest.raises(FollowUpExpired):
        receipts.case_from_token("garbage")


def test_the_real_scrypt_cost_works(file_case, settings):
    settings.CORRIDOR_RECEIPT_SCRYPT_N = 2**14
    filed = file_case()
    assert receipts.verify(filed.receipt_code) == filed.case


def test_a_worker_files_signed_in_and_is_the_complainant(file_case, make_user):
    from corridor.accounts import services as accounts

    worker = accounts.worker_register_self(username="maria", password="a-long-test-password-2026", full_name="Maria Santos",
                                           nationality="PH", languages=[])
    filed = file_case(acting_user=worker.user)
    assert filed.receipt_code is None and filed.case.channel == Channel.WORKER
    assert filed.case.complainant.full_name == "Maria Santos" and filed.case.complainant.user == worker.user
    assert list(selectors.case_queue(user=worker.user)) == [filed.case]


def test_staff_file_on_a_workers_behalf(file_case, people):
    filed = file_case(acting_user=people["caseworker"], complainant={"full_name": "Jose Cruz", "phone": "+63 900"})
    case = filed.case
    assert case.channel == Channel.STAFF and case.filed_by_organisation == people["caseworker"].organisation
    assert Complainant.objects.get(case=case).phone == "+63 900"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, phone FROM cases_complainant WHERE case_id = %s", [case.pk])
        stored = cursor.fetchone()
    assert "Jose" not in stored[0] and "+63" not in stored[1]  # encrypted at rest


def test_an_employer_cannot_file(file_case, people):
    with pytest.raises(PermissionDenied):
        file_case(acting_user=people["employer"])


def test_intake_validation(file_case):
    with pytest.raises(InvalidInput) as info:
        file_case(grievances=[], respondents=[], answers={"can_leave": "maybe"})
    assert {"grievances", "respondents", "answers"} <= set(info.value.fields)
    with pytest.raises(InvalidInput):
        file_case(grievances=["stolen_goat"])


def test_a_respondent_organisation_must_fit_its_role(file_case, orgs):
    with pytest.raises(InvalidInput):
        file_case(respondents=[{"role": "employer", "organisation": orgs["agency"]}])


def test_a_case_outside_both_countries_is_refused(file_case):
    with pytest.raises(NoJurisdiction) as info:
        file_case(nationality="NP", country_where="QA")
    assert info.value.code == "cases.no_jurisdiction"


def test_agency_matters_go_to_the_licensing_authority_unless_urgent(file_case, orgs):
    fees = file_case(grievances=["recruitment_fees"], respondents=[{"role": "agency", "organisation": orgs["agency"]}],
                     narrative="They charged me 60,000 pesos.", answers={})
    assert fees.case.assigned_team == orgs["licensing"]
    urgent = file_case(grievances=["recruitment_fees", "confinement"],
                       respondents=[{"role": "agency", "organisation": orgs["agency"]}], answers={})
    assert urgent.case.assigned_team == orgs["consulate"]


def test_on_the_destination_node_the_inspectorate_takes_the_case(file_case, settings, make_org):
    settings.CORRIDOR_COUNTRY = "SA"
    inspectorate = make_org(kind="labour_inspectorate", country="SA")
    filed = file_case()
    assert filed.case.jurisdiction == "destination" and filed.case.assigned_team == inspectorate


def test_a_partner_needs_consent(file_case, orgs):
    with pytest.raises(InvalidInput):
        file_case(partner=orgs["ngo"], consent_partner=False)
    filed = file_case(partner=orgs["ngo"], consent_partner=True)
    assert filed.case.partner == orgs["ngo"]


# --- urgency ------------------------------------------------------------------------------------------


def test_an_urgent_case_alerts_the_officer_on_duty_and_shows_hotlines(file_case, people, django_capture_on_commit_callbacks):
    now = timezone.now()
    people["attache"].email = "attache@example.org"
    people["attache"].save()
    services.duty_shift_add(acting_user=people["attache2"], user=people["attache"], starts_at=now - timedelta(hours=1),
                            ends_at=now + timedelta(hours=8))
    with django_capture_on_commit_callbacks(execute=True):
        filed = file_case(narrative="They locked me in and the madam hits me.", grievances=["confinement"])
    assert filed.urgent and filed.case.is_urgent
    assert [h["country"] for h in filed.hotlines] and all(h["country"] == "SA" for h in filed.hotlines)
    note = Notification.objects.get(about=f"case:{filed.case.reference}")
    assert note.recipient == people["attache"] and note.kind == "case.urgent" and note.delivered_at and note.emailed
    assert note.message == "Urgent case %(ref)s" and note.params == {"ref": filed.case.reference}
    assert mail.outbox and filed.case.reference in mail.outbox[0].subject and "hits" not in mail.outbox[0].body
    # Urgent first in the queue, with the shorter time limit.
    calm = file_case()
    assert list(selectors.case_queue(user=people["attache"]))[:2] == [filed.case, calm.case]
    assert filed.case.stage_due_at - filed.case.created_at < calm.case.stage_due_at - calm.case.created_at


def test_with_nobody_on_the_roster_every_officer_of_the_team_hears(file_case, people):
    filed = file_case(grievances=["violence"])
    assert set(Notification.objects.filter(about=f"case:{filed.case.reference}").values_list("recipient__username", flat=True)) == {
        "attache", "attache2"}


# --- the identity wall ---------------------------------------------------------------------------------


def test_only_those_on_the_case_see_who_complained_and_each_view_is_logged(file_case, people):
    filed = file_case(acting_user=people["attache"], complainant={"full_name": "Jose Cruz"})
    case = filed.case
    complainant = selectors.complainant_get(user=people["attache2"], case=case)
    assert complainant.full_name == "Jose Cruz"
    assert AuditEntry.objects.filter(action="case.complainant_view", is_read=True, actor=people["attache2"]).exists()
    for name in ["employer", "agency", "other_officer", "licensing", "auditor", "caseworker"]:
        with pytest.raises(NotFound):
            selectors.complainant_get(user=people[name], case=case)
    for name in ["employer", "agency", "other_officer", "licensing", "caseworker"]:
        with pytest.raises(NotFound):
            selectors.case_get(user=people[name], reference=case.reference)


def test_the_other_party_sees_the_case_only_when_asked_and_never_who_complained(file_case, people):
    case = file_case(acting_user=people["attache"], complainant={"full_name": "Jose Cruz"}).case
    attache = people["attache"]
    assert not selectors.respondent_case_list(user=people["employer"]).exists()
    services.case_triage(acting_user=attache, case=case)
    services.case_assign(acting_user=attache, case=case, officer=attache)
    services.case_start(acting_user=attache, case=case)
    services.note_add(acting_user=attache, case=case, body="internal: worker fears retaliation")
    services.case_await_party(acting_user=attache, case=case, reason="Pay the two months owed.")
    view = selectors.respondent_case_get(user=people["employer"], reference=case.reference)
    assert view["complainant_name"] is None
    assert [n.body for n in view["notes"]] == ["Pay the two months owed."]
    assert not selectors.respondent_case_list(user=people["agency"]).filter(pk=0).exists()
    services.respondent_reply(acting_user=people["employer"], case=case, body="We will pay on Sunday.")
    with pytest.raises(NotFound):
        selectors.respondent_case_get(user=people["caseworker"], reference=case.reference)


def test_with_consent_the_other_party_learns_the_name(file_case, people):
    attache = people["attache"]
    case = file_case(acting_user=attache, complainant={"full_name": "Jose Cruz"}, consent_share_identity=True).case
    for step in (services.case_triage, lambda **k: services.case_assign(**k, officer=attache), services.case_start):
        case = step(acting_user=attache, case=case)
    services.case_await_party(acting_user=attache, case=case, reason="Answer please.")
    assert selectors.respondent_case_get(user=people["employer"], reference=case.reference)["complainant_name"] == "Jose Cruz"


# --- the lifecycle -------------------------------------------------------------------------------------


def _walk(case, officer):
    case = services.case_triage(acting_user=officer, case=case)
    case = services.case_assign(acting_user=officer, case=case, officer=officer)
    return services.case_start(acting_user=officer, case=case)


def test_the_whole_lifecycle_writes_one_event_and_one_audit_entry_per_step(file_case, people):
    officer = people["attache"]
    case = _walk(file_case().case, officer)
    case = services.case_await_party(acting_user=officer, case=case, reason="Answer.")
    case = services.case_resume(acting_user=officer, case=case)
    case = services.case_resolve(acting_user=officer, case=case, resolution="Wages paid.")
    case = services.case_close(acting_user=officer, case=case, reason="Done.")
    case = services.case_reopen(acting_user=officer, case=case, reason="Employer stopped paying again.")
    assert case.status == CaseStatus.REOPENED
    actions = list(case.events.exclude(action__startswith="note_").values_list("action", flat=True))
    assert actions == ["file", "triage", "assign", "start", "await_party", "resume", "resolve", "close", "reopen"]
    assert AuditEntry.objects.filter(object_id=str(case.pk), action__startswith="case.").count() >= 9


def test_a_transition_not_in_the_table_is_refused(file_case, people):
    case = file_case().case
    with pytest.raises(CaseTransitionNotAllowed) as info:
        services.case_resolve(acting_user=people["attache"], case=case, resolution="x")
    assert info.value.code == "cases.transition_not_allowed" and info.value.status == 409


def test_an_officer_outside_the_team_cannot_move_the_case(file_case, people):
    with pytest.raises(NotFound):
        services.case_triage(acting_user=people["other_officer"], case=file_case().case)


def test_the_officer_must_belong_to_the_team(file_case, people):
    case = services.case_triage(acting_user=people["attache"], case=file_case().case)
    with pytest.raises(OfficerNotInTeam) as info:
        services.case_assign(acting_user=people["attache"], case=case, officer=people["other_officer"])
    assert info.value.code == "cases.officer_not_in_team"


def test_assigning_without_a_team_is_refused(file_case, people):
    case = file_case().case
    Case.objects.filter(pk=case.pk).update(assigned_team=None, assigned_officer=people["attache"], status="triaged")
    case.refresh_from_db()
    with pytest.raises(NoTeam) as info:
        services.case_assign(acting_user=people["attache"], case=case)
    assert info.value.code == "cases.no_team"


def test_notes_tasks_and_evidence(file_case, people):
    officer = people["attache"]
    case = file_case().case
    services.note_add(acting_user=officer, case=case, body="Where do you live now?", visibility="shared", is_question=True)
    task = services.task_add(acting_user=officer, case=case, title="Call the employer", due_date=timezone.now().date())
    services.task_complete(acting_user=officer, task=task)
    with pytest.raises(InvalidInput) as info:
        services.task_complete(acting_user=officer, task=task)
    assert info.value.code == "cases.task_already_done"
    evidence = services.evidence_add(acting_user=officer, case=case, name="payslip.png", data=PNG)
    assert evidence.content_type == "image/png"
    from corridor.cases import storage

    assert storage.load(evidence.storage_name) == PNG
    raw = (storage._root() / evidence.storage_name).read_bytes()
    assert PNG not in raw


@pytest.mark.parametrize(("name", "data", "error"), [
    ("payslip.png", b"MZ\x90\x00 an exe", EvidenceRejected),
    ("payslip.pdf", PNG, EvidenceRejected),  # PNG content under a PDF name
    ("empty.png", b"", EvidenceRejected),
])
def test_files_are_checked_by_content(file_case, people, name, data, error):
    with pytest.raises(error) as info:
        services.evidence_add(acting_user=people["attache"], case=file_case().case, name=name, data=data)
    assert info.value.code == "cases.evidence_rejected"


def test_files_are_checked_by_size(file_case, people, settings):
    settings.CORRIDOR_EVIDENCE_MAX_BYTES = 32
    with pytest.raises(EvidenceTooLarge) as info:
        services.evidence_add(acting_user=people["attache"], case=file_case().case, name="p.png", data=PNG)
    assert info.value.code == "cases.evidence_too_large"


def test_answers_rescreen_and_can_raise_urgency(file_case):
    filed = file_case()
    assert not filed.case.is_urgent
    services.answers_set(acting_user=None, case=filed.case, answers={"can_leave": "no"})
    filed.case.refresh_from_db()
    assert filed.case.is_urgent and filed.case.findings.filter(indicator="restriction_of_movement").exists()


# --- escalation ----------------------------------------------------------------------------------------


def test_a_case_past_its_time_limit_is_escalated_once_to_the_supervisor(file_case, people, capsys):
    from django.core.management import call_command

    now = timezone.now()
    services.duty_shift_add(acting_user=people["attache"], user=people["attache2"], starts_at=now - timedelta(hours=1),
                            ends_at=now + timedelta(hours=1), is_supervisor=True)
    late = file_case().case
    on_time = file_case().case
    Case.objects.filter(pk=late.pk).update(stage_due_at=now - timedelta(hours=3))
    call_command("cases", "escalate")
    assert "1 case(s) escalated" in capsys.readouterr().out
    late.refresh_from_db()
    assert late.escalated_at and not Case.objects.get(pk=on_time.pk).escalated_at
    assert late.events.filter(action="escalate").count() == 1
    assert Notification.objects.filter(about=f"case:{late.reference}", kind="case.escalation", recipient=people["attache2"]).exists()
    assert list(selectors.case_overdue(user=people["attache"])) == [late]
    assert services.case_escalate_overdue() == []  # not twice
    services.case_triage(acting_user=people["attache"], case=late)  # a new stage clears the escalation
    late.refresh_from_db()
    assert late.escalated_at is None and late.stage_due_at > now


def test_the_periodic_task_runs_the_same_check(file_case):
    from corridor.cases.tasks import escalate_overdue

    late = file_case().case
    Case.objects.filter(pk=late.pk).update(stage_due_at=timezone.now() - timedelta(minutes=1))
    result = escalate_overdue.enqueue(0)
    assert result.return_value == 1


# --- liability -----------------------------------------------------------------------------------------


def test_an_unpaid_claim_falls_down_the_chain_and_the_case_shows_who_owes_what(file_case, people, orgs):
    officer = people["attache"]
    case = _walk(file_case().case, officer)
    contractor = services.respondent_add(acting_user=officer, case=case, role="principal_contractor",
                                         organisation=orgs["contractor"])
    sub_agent = services.respondent_add(acting_user=officer, case=case, role="sub_agent", name="Mr. Reyes (sub-agent)")
    wages = services.claim_add(acting_user=officer, case=case, kind="wages", amount="3000.00", currency="SAR")
    fees = services.claim_add(acting_user=officer, case=case, kind="fees", amount="45000", currency="PHP")
    roles = [p.respondent.role for p in wages.liabilities.all()]
    assert roles == ["employer", "principal_contractor", "agency", "sub_agent"]
    assert [p.respondent.role for p in fees.liabilities.all()][:2] == ["agency", "sub_agent"]

    employer = wages.liabilities.get(rank=1).respondent
    services.recovery_record(acting_user=officer, claim=wages, respondent=employer, amount="1000")
    nxt = services.claim_default(acting_user=officer, claim=wages, reason="Employer went bankrupt.")
    assert nxt.respondent == contractor
    owed = selectors.owed_by_party(case)
    assert owed[contractor] == {"SAR": Decimal("2000.00")}
    assert owed[fees.liabilities.get(rank=1).respondent] == {"PHP": Decimal("45000.00")}
    services.recovery_record(acting_user=officer, claim=wages, respondent=contractor, amount="2000")
    view = next(v for v in selectors.liability_summary(case) if v.claim == wages)
    assert view.outstanding == 0 and view.recovered == Decimal("3000.00")
    assert wages.liabilities.get(respondent=contractor).status == LiabilityStatus.DISCHARGED
    assert sub_agent.pk


def test_claims_refuse_bad_money(file_case, people):
    officer = people["attache"]
    case = _walk(file_case().case, officer)
    for amount, currency in [("-5", "SAR"), ("abc", "SAR"), ("100", "XXQ"), ("0", "SAR")]:
        with pytest.raises(ClaimError) as info:
            services.claim_add(acting_user=officer, case=case, kind="wages", amount=amount, currency=currency)
        assert info.value.code == "cases.claim_invalid"
    claim = services.claim_add(acting_user=officer, case=case, kind="wages", amount="100", currency="SAR")
    with pytest.raises(ClaimError):
        services.recovery_record(acting_user=officer, claim=claim, amount="150")


def test_when_the_whole_chain_defaults_nobody_is_asked_and_the_claim_stays_owed(file_case, people):
    officer = people["attache"]
    case = _walk(file_case().case, officer)
    claim = services.claim_add(acting_user=officer, case=case, kind="wages", amount="100", currency="SAR")
    services.claim_default(acting_user=officer, claim=claim, reason="no")
    assert services.claim_default(acting_user=officer, claim=claim, reason="no") is None
    with pytest.raises(ClaimError) as info:
        services.claim_default(acting_user=officer, claim=claim, reason="no")
    assert info.value.code == "cases.claim_no_current_party"
    assert selectors.liability_summary(case)[0].outstanding == Decimal("100.00")


def test_dashboard_items_follow_the_role(people, make_user):
    from corridor.accounts.choices import Role
    from corridor.cases.dashboard import dashboard_items
    from tests.conftest import verified

    assert [i["url"] for i in dashboard_items(people["attache"])] == ["/cases/", "/cases/overdue/", "/cases/alerts/",
                                                                    "/cases/roster/"]
    assert [i["url"] for i in dashboard_items(people["employer"])] == ["/respond/"]
    worker = verified(make_user(Role.WORKER))
    assert "/complaints/new/" in [i["url"] for i in dashboard_items(worker)]
    assert dashboard_items(verified(make_user(Role.FUND_OFFICER))) == []


@pytest.mark.parametrize("amounts", [["0.01"], ["999.99", "0.01"], ["333.33", "333.33", "333.34"]])
def test_recoveries_never_exceed_the_claim(file_case, people, amounts):
    officer = people["attache"]
    case = _walk(file_case().case, officer)
    claim = services.claim_add(acting_user=officer, case=case, kind="wages", amount=sum(Decimal(a) for a in amounts),
                               currency="SAR")
    for amount in amounts:
        services.recovery_record(acting_user=officer, claim=claim, amount=amount)
    view = selectors.liability_summary(case)[0]
    assert view.outstanding == 0 and view.current is None
    with pytest.raises(ClaimError):
        services.recovery_record(acting_user=officer, claim=claim, amount="0.01")


def test_documents_are_owed_as_things_and_returned(file_case, people):
    officer = people["attache"]
    case = _walk(file_case().case, officer)
    claim = services.claim_add(acting_user=officer, case=case, kind="documents", description="Passport")
    assert claim.currency_id is None and claim.amount == 0
    view = selectors.liability_summary(case)[0]
    assert view.open and view.current.respondent.role == "employer"
    assert selectors.owed_by_party(case)[view.current.respondent] == {"documents": 1}
    services.recovery_record(acting_user=officer, claim=claim, respondent=view.current.respondent)
    claim.refresh_from_db()
    assert claim.settled_on and selectors.liability_summary(case)[0].settled and not selectors.owed_by_party(case)
    with pytest.raises(ClaimError) as info:
        services.recovery_record(acting_user=officer, claim=claim)
    assert info.value.code == "cases.claim_settled"


def test_the_command_can_queue_the_periodic_check(capsys):
    from django.core.management import call_command

    call_command("cases", "escalate", "--schedule", "900")
    out = capsys.readouterr().out
    assert "0 case(s) escalated." in out and "cannot defer" in out  # the test backend runs tasks at once
