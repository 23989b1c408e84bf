"""Remittances invested with matching funds: a project from proposal to its last tranche, every amount a posting in
the double-entry ledger shared with the welfare fund, which balances."""

import datetime as dt
from decimal import Decimal

import pytest

from corridor.accounts.choices import Role
from corridor.core.errors import InvalidInput, PermissionDenied
from corridor.reintegration import errors, services
from corridor.welfare import selectors as welfare_selectors
from corridor.welfare.models import LedgerTransaction
from tests.factories.accounts import UserFactory, verified

pytestmark = pytest.mark.django_db
DESCRIPTION = ("A covered water tank and pipes bringing clean water to 300 households in the upper barangay; the "
               "barangay council keeps it up from a monthly fee of the households.")


@pytest.fixture
def committee(db):
    return verified(UserFactory(role=Role.ORIGIN_OFFICER))


@pytest.fixture
def treasurer(db):
    return verified(UserFactory(role=Role.FUND_OFFICER))


@pytest.fixture
def association(committee):
    members = [{"full_name": f"Member {i}", "lives_in": "SA", "is_representative": i == 0} for i in range(10)]
    return services.association_register(acting_user=committee, name="Samahang Batangueño sa Riyadh",
                                         hometown="Lipa City", region="Batangas", based_in="SA", members=members)


def _proposal(committee, association, **kw):
    return services.proposal_submit(acting_user=committee, association=association, **{
        "title": "Water for the upper barangay", "description": DESCRIPTION, "kind": "infrastructure",
        "municipality": "Lipa City", "migrant_amount": "250000.00", "currency": "PHP", **kw})


SCORES = {"benefit": 25, "poverty": 20, "jobs": 8, "sustainability": 12, "community": 7}


def test_a_project_from_proposal_to_last_tranche_leaves_the_ledger_balanced(committee, treasurer, association):
    proposal = _proposal(committee, association)
    proposal = services.proposal_check(acting_user=committee, proposal=proposal)
    assert proposal.status == "eligible" and all(c["ok"] for c in proposal.eligibility)
    proposal = services.proposal_score(acting_user=committee, proposal=proposal, scores=SCORES)
    assert proposal.total_score == 72
    proposal = services.proposal_approve(
        acting_user=committee, proposal=proposal, reason="Scores 72 of 100; water reaches 300 households.",
        tranches=[("Tank built", "400000.00"), ("Pipes laid", "400000.00"), ("Water flowing", "200000.00")])
    assert proposal.status == "approved"
    pledges = {p.level: p for p in proposal.pledges.all()}
    assert {k: str(p.amount) for k, p in pledges.items()} == {
        "migrants": "250000.00", "federal": "250000.00", "state": "250000.00", "municipal": "250000.00"}
    first, second, third = proposal.tranches.order_by("sequence")
    with pytest.raises(errors.PledgesIncomplete):  # nothing received yet
        services.tranche_disburse(acting_user=treasurer, tranche=first, evidence="Photos and engineer's report.")
    with pytest.raises(errors.TrancheOutOfOrder):
        services.tranche_disburse(acting_user=treasurer, tranche=second, evidence="Too early.")
    for pledge in pledges.values():
        services.pledge_receive(acting_user=treasurer, pledge=pledge, received_on=dt.date(2026, 3, 1),
                                reference=f"BANK-{pledge.level}")
    for tranche in (first, second, third):
        services.tranche_disburse(acting_user=treasurer, tranche=tranche, evidence="Engineer's report and photos.")
    proposal.refresh_from_db()
    assert proposal.status == "completed"
    assert proposal.events.last().action == "complete"

    ledger = services.ledger_for("PHP").id
    postings = LedgerTransaction.objects.filter(fund=ledger, reference__startswith="")
    assert postings.count() == 4 + 4 + 3  # pledged, received, disbursed
    assert welfare_selectors.unbalanced_transactions(fund=ledger) == []
    balance = welfare_selectors.trial_balance(fund=ledger)
    assert balance["total"] == 0
    assert {line["code"]: line["balance"] for line in balance["lines"]} == {
        "bank": Decimal("0.00"), "pledges_receivable": Decimal("0.00"), "project_funds": Decimal("0.00")}


def test_the_committee_gives_reasons_and_the_tranches_add_up(committee, association):
    proposal = _proposal(committee, association)
    proposal = services.proposal_check(acting_user=committee, proposal=proposal)
    proposal = services.proposal_score(acting_user=committee, proposal=proposal, scores=SCORES)
    with pytest.raises(errors.ReasonsRequired):
        services.proposal_reject(acting_user=committee, proposal=proposal, reason=" ")
    with pytest.raises(errors.TranchesExceedFunds):
        services.proposal_approve(acting_user=committee, proposal=proposal, reason="Good.",
                                  tranches=[("All of it", "999999.00")])
    proposal = services.proposal_reject(acting_user=committee, proposal=proposal,
                                        reason="Another programme already funds the same tank.")
    assert proposal.status == "rejected" and proposal.decision_reason.startswith("Another")
    assert not proposal.pledges.exists()


def test_an_ineligible_proposal_says_why(committee):
    small = services.association_register(acting_user=committee, name="Five friends", hometown="Iloilo", based_in="AE",
                                          members=[{"full_name": f"F{i}"} for i in range(5)])
    proposal = services.proposal_check(acting_user=committee, proposal=_proposal(committee, small, description="Short."))
    assert proposal.status == "ineligible"
    failed = {c["key"] for c in proposal.eligibility if not c["ok"]}
    assert failed == {"members", "description", "representative"}


@pytest.mark.parametrize("scores", [{**SCORES, "benefit": 31}, {**SCORES, "jobs": -1}, {"benefit": 10},
                                    {**SCORES, "bribe": 5}])
def test_a_score_outside_the_published_criteria_is_refused(committee, association, scores):
    proposal = services.proposal_check(acting_user=committee, proposal=_proposal(committee, association))
    with pytest.raises(errors.ScoreInvalid):
        services.proposal_score(acting_user=committee, proposal=proposal, scores=scores)
    proposal.refresh_from_db()
    assert proposal.status == "eligible"


def test_only_the_fund_officer_moves_money_and_bad_input_is_refused(committee, treasurer, association):
    with pytest.raises(PermissionDenied):
        services.proposal_check(acting_user=treasurer, proposal=_proposal(committee, association))
    with pytest.raises(InvalidInput):
        _proposal(committee, association, migrant_amount="-1")
    with pytest.raises(InvalidInput):
        _proposal(committee, association, currency="pesos")
