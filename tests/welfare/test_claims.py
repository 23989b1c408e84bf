"""Claims: eligibility on frozen inputs (same claim, same answer, explained with citations), filing time limits,
four-eyes approval above the threshold, appeal, documents stored encrypted, a claim opened for the family when a case
records a death; repatriation told to the destination through the exchange."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from corridor.core import events
from corridor.core.errors import NotFound, PermissionDenied
from corridor.welfare import eligibility, funds, services
from corridor.welfare.errors import (
    ClaimantNotAllowed,
    ClaimTransitionNotAllowed,
    DocumentRejected,
    FourEyes,
    NotEligible,
    UnknownBenefit,
)
from corridor.welfare.models import Claim, ClaimDocument, PeerRepatriation
from tests.factories.accounts import UserFactory, WorkerUserFactory, verified
from tests.factories.welfare import MembershipFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% a death certificate (test)\n"


def _file(user, member, **kw):
    values = {"benefit": "death_natural", "claimant_kind": "next_of_kin", "claimant_name": "Rosa Santos",
              "claimant_relationship": "mother", "event_date": dt.date(2026, 6, 1), "filed_on": dt.date(2026, 6, 10)}
    values.update(kw)
    return services.claim_file(acting_user=user, membership=member, **values)


def test_the_same_inputs_always_give_the_same_answer_with_reasons_and_citations(fund_officer, member):
    claim = _file(fund_officer, member)
    assert claim.eligible and claim.amount == Decimal("100000.00") and claim.currency == "PHP"
    again = eligibility.evaluate(claim.inputs)
    assert again["reasons"] == claim.decision and again["amount"] == "100000.00"
    assert eligibility.inputs_hash(claim.inputs) == claim.inputs_hash
    assert all(r["citation"]["url"].startswith("http") for r in claim.decision)
    assert "covered on 2026-06-01" in eligibility.explain(claim.decision[2])
    # The inputs are frozen: what the member's record says later does not change the stored answer.
    assert claim.inputs["cover_until"] == "2028-01-14"


def test_an_event_outside_the_cover_is_not_eligible_and_cannot_be_recommended(fund_officer, member):
    claim = _file(fund_officer, member, event_date=dt.date(2029, 3, 1), filed_on=dt.date(2029, 3, 2))
    assert claim.eligible is False
    assert [r["code"] for r in claim.decision if not r["passed"]] == ["cover.not_on_event"]
    with pytest.raises(NotEligible):
        services.claim_recommend(acting_user=fund_officer, claim=claim)
    claim = services.claim_reject(acting_user=fund_officer, claim=claim, reason="Not covered on the date.")
    assert claim.status == "rejected"


def test_nepal_filing_limit_and_the_year_of_grace_after_return(fund_officer):
    member = MembershipFactory(acting_user=fund_officer, fund_id="np-fewf", contract_months=24, payer="worker",
                               amount="1500.00", currency="NPR", exchange_rate=None, destination="QA")
    within_grace = _file(fund_officer, member, benefit="death", event_date=member.ends_on + dt.timedelta(days=200),
                         filed_on=member.ends_on + dt.timedelta(days=220))
    assert within_grace.eligible and within_grace.amount == Decimal("700000.00")
    assert any(r["code"] == "cover.grace" for r in within_grace.decision)
    late = _file(fund_officer, member, benefit="death", event_date=dt.date(2026, 3, 1), filed_on=dt.date(2027, 3, 5))
    assert not late.eligible and [r["code"] for r in late.decision if not r["passed"]] == ["filing.late"]
    capped = _file(fund_officer, member, benefit="family_medical", claimant_kind="member", event_date=dt.date(2026, 3, 1),
                   filed_on=dt.date(2026, 3, 5), requested_amount="80000.00")
    assert capped.eligible and capped.amount == Decimal("50000.00")


def test_disability_by_degree_and_an_unknown_degree(fund_officer, member):
    """OWWA pays a disability within the range of its degree (PHP 2,500-25,000 partial, 50,000-100,000 total and
    permanent): the amount asked, at most the ceiling; below the range, or with no amount, it is not settled."""
    partial = _file(fund_officer, member, benefit="disability", claimant_kind="member", cause="partial",
                    requested_amount="30000.00")
    assert partial.eligible and partial.amount == Decimal("25000.00")
    assert [r["code"] for r in partial.decision][-1] == "amount.degree_range"
    below = _file(fund_officer, member, benefit="disability", claimant_kind="member", cause="total_permanent",
                  requested_amount="20000.00")
    assert not below.eligible and [r["code"] for r in below.decision if not r["passed"]] == ["amount.degree_below"]
    unasked = _file(fund_officer, member, benefit="disability", claimant_kind="member", cause="partial")
    assert not unasked.eligible and unasked.amount is None
    unknown = _file(fund_officer, member, benefit="disability", claimant_kind="member", cause="a finger",
                    requested_amount="1000.00")
    assert not unknown.eligible and unknown.amount is None


def test_bad_claims_are_refused_and_change_nothing(fund_officer, member):
    with pytest.raises(UnknownBenefit):
        _file(fund_officer, member, benefit="lottery")
    with pytest.raises(ClaimantNotAllowed):
        _file(fund_officer, member, benefit="livelihood_loan", claimant_kind="next_of_kin")
    assert not Claim.objects.exists()


def test_four_eyes_above_the_threshold(fund_officer, second_officer, member):
    claim = services.claim_recommend(acting_user=fund_officer, claim=_file(fund_officer, member))
    with pytest.raises(FourEyes) as exc:
        services.claim_approve(acting_user=fund_officer, claim=claim)
    assert exc.value.code == "welfare.four_eyes"
    claim.refresh_from_db()
    assert claim.status == "recommended"
    claim = services.claim_approve(acting_user=second_officer, claim=claim)
    assert claim.approved_by == second_officer and not claim.four_eyes_waived


def test_at_or_below_the_threshold_one_officer_may_decide(fund_officer, member):
    claim = services.claim_recommend(acting_user=fund_officer, claim=_file(fund_officer, member, benefit="burial"))
    claim = services.claim_approve(acting_user=fund_officer, claim=claim)
    assert claim.status == "approved" and claim.four_eyes_waived


def test_an_appeal_with_corrected_facts_is_evaluated_again(fund_officer, second_officer, member):
    claim = _file(fund_officer, member, benefit="disability", claimant_kind="member", cause="unclear")
    claim = services.claim_reject(acting_user=fund_officer, claim=claim, reason="Degree not established.")
    claim = services.claim_appeal(acting_user=fund_officer, claim=claim, reason="Medical board: total and permanent.",
                                  cause="total_permanent", requested_amount="100000.00")
    assert claim.status == "appealed" and claim.eligible and claim.amount == Decimal("100000.00")
    claim = services.claim_recommend(acting_user=fund_officer, claim=claim)
    assert services.claim_approve(acting_user=second_officer, claim=claim).status == "approved"
    with pytest.raises(ClaimTransitionNotAllowed):
        services.claim_appeal(acting_user=fund_officer, claim=claim, reason="again")


def test_who_files_and_who_decides(fund_officer, attache, member):
    worker_user = verified(member.worker.user) if member.worker.user_id else None
    assert worker_user is None
    stranger = WorkerUserFactory()
    with pytest.raises(NotFound):
        _file(stranger, member)
    by_attache = _file(attache, member, claimant_kind="next_of_kin")
    assert by_attache.claimant_kind == "attache"
    with pytest.raises(PermissionDenied):
        services.claim_recommend(acting_user=attache, claim=by_attache)
    outsider = verified(UserFactory(role="consular_attache"))  # posted elsewhere (the factory's consulate is in SA)
    outsider.organisation.post_country_id = "KW"
    with pytest.raises(NotFound):
        _file(outsider, member)


def test_documents_are_checked_by_content_and_stored_encrypted(fund_officer, member):
    claim = _file(fund_officer, member)
    document = services.claim_document_add(acting_user=fund_officer, claim=claim, name="death.pdf", data=PDF)
    stored = Path(settings.DATA_DIR) / "welfare" / document.storage_name
    assert stored.exists() and PDF not in stored.read_bytes()
    with pytest.raises(DocumentRejected):
        services.claim_document_add(acting_user=fund_officer, claim=claim, name="death.pdf", data=b"MZ\x90\x00 not a pdf")
    with pytest.raises(DocumentRejected):
        services.claim_document_add(acting_user=fund_officer, claim=claim, name="photo.jpg", data=PDF)
    assert ClaimDocument.objects.count() == 1


def _publish(name, **payload):
    """As cases will: inside the writing transaction; subscribers run when it commits."""
    with transaction.atomic():
        events.publish(name, **payload)


def test_a_death_recorded_in_a_case_opens_a_claim_for_the_family(fund_officer, member, second_officer):
    _publish("case.death_or_injury_recorded", pk=4242, worker_id=member.worker_id, kind="accidental_death",
             on="2026-05-02")
    claim = Claim.objects.get(prompted_by="case:4242")
    assert claim.status == "prompted" and claim.benefit == "death_accidental" and not claim.inputs
    _publish("case.death_or_injury_recorded", pk=4242, worker_id=member.worker_id, kind="accidental_death",
             on="2026-05-02")
    assert Claim.objects.filter(prompted_by="case:4242").count() == 1
    claim = services.claim_complete(acting_user=fund_officer, claim=claim, claimant_kind="next_of_kin",
                                    claimant_name="Rosa Santos", claimant_relationship="mother",
                                    filed_on=dt.date(2026, 5, 20))
    assert claim.status == "filed" and claim.eligible and claim.amount == Decimal("200000.00")


def test_an_inspection_finding_of_a_death_prompts_the_familys_claim(member):
    _publish("inspection.death_or_injury_found", pk=31, worker_id=member.worker_id, employer_id=5, kind="death")
    _publish("inspection.death_or_injury_found", pk=31, worker_id=member.worker_id, employer_id=5, kind="death")
    claim = Claim.objects.get(prompted_by="inspection:31")
    assert claim.status == "prompted" and claim.membership == member and claim.benefit == "death_natural"
    _publish("inspection.death_or_injury_found", pk=32, worker_id=None, employer_id=5, kind="injury")
    assert not Claim.objects.filter(prompted_by="inspection:32").exists()  # no worker named: nobody to ask


def test_a_case_asking_for_repatriation_opens_a_request(member):
    _publish("case.repatriation_requested", pk=7, worker_id=member.worker_id, reference="CASE-7",
             reason="Sheltered at the embassy.")
    assert member.repatriations.get().case_reference == "CASE-7"


@pytest.fixture
def sa_peer(db):
    from corridor.exchange.models import Peer, PeerGrant

    peer = Peer.objects.create(country_id="SA", url="http://sa.invalid")
    PeerGrant.objects.create(peer=peer, direction="send", kind="welfare.repatriation")
    return peer


def test_repatriation_is_approved_paid_told_to_the_destination_and_closed_on_return(fund_officer, attache, member,
                                                                                      sa_peer):
    from corridor.exchange.models import OutboundMessage
    from corridor.welfare import selectors

    repatriation = services.repatriation_request(acting_user=attache, membership=member, case_reference="CASE-1",
                                                 reason="Abused; sheltered at the labour office.")
    repatriation = services.repatriation_approve(acting_user=fund_officer, repatriation=repatriation,
                                                 travel_on=dt.date(2026, 7, 1))
    sent = OutboundMessage.objects.get(kind="welfare.repatriation")
    assert sent.ordering_key == f"repatriation:{repatriation.reference}"
    repatriation = services.repatriation_pay(acting_user=fund_officer, repatriation=repatriation, cost="450.00",
                                             currency="USD", exchange_rate="58.10", reference="TKT-1")
    assert repatriation.cost == Decimal("26145.00") and repatriation.posting.exchange_rate == Decimal("58.10")
    repatriation = services.repatriation_record_return(acting_user=fund_officer, repatriation=repatriation,
                                                       returned_on=dt.date(2026, 7, 2))
    assert repatriation.status == "returned"
    assert OutboundMessage.objects.filter(kind="welfare.repatriation").count() == 2
    assert selectors.unbalanced_transactions() == []


def test_the_destination_keeps_the_latest_notice(sa_peer):
    body = {"reference": "REP-2026-ABC", "status": "approved", "worker_name": "Maria", "remains": False}
    services.peer_repatriation_receive(peer=sa_peer, body=body)
    services.peer_repatriation_receive(peer=sa_peer, body={**body, "status": "returned", "returned_on": "2026-07-02"})
    notice = PeerRepatriation.objects.get()
    assert notice.body["status"] == "returned"


def test_fund_rules_versions_are_pinned_on_the_membership(member):
    assert member.fund_version == funds.fund_for("ph-owwa").version


def test_an_inspectors_finding_of_a_death_prompts_the_familys_claim_through_the_event(member, settings):
    """The whole way: the inspection service publishes, the welfare subscriber prompts (one database plays both)."""
    from tests.factories.inspection import VisitFactory, inspector

    officer = inspector()
    visit = VisitFactory(acting_user=officer, start=True)
    from corridor.inspection import services as inspection

    finding = inspection.finding_add(acting_user=officer, visit=visit, topic="safety", severity="critical",
                                     description="Electrocuted at the site", casualty="death", worker=member.worker,
                                     occurred_on=dt.date(2026, 5, 3))
    claim = Claim.objects.get(prompted_by=f"inspection:{finding.pk}")
    assert (claim.status, claim.membership, claim.benefit, claim.event_date) == ("prompted", member, "death_natural",
                                                                                  dt.date(2026, 5, 3))
