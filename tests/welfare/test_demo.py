"""The demo's fund officer has members, a pending death claim opened by a case, a claim waiting for a second
officer, an approved repatriation and a loan being repaid; the ledger balances and reconciles what it imported."""

import pytest

from corridor.clearance.models import Clearance, ClearanceFact
from corridor.core import lifecycle
from corridor.welfare import selectors
from corridor.welfare.models import Claim, Loan, Membership, Repatriation

pytestmark = [pytest.mark.django_db, pytest.mark.once("sqlite")]  # as `make demo` runs it


def test_demo_welfare(demo_context):
    ctx = demo_context
    assert Membership.objects.count() >= 3
    prompted = Claim.objects.get(status="prompted")
    assert prompted.prompted_by.startswith("case:") and prompted.benefit == "death_natural"
    waiting = Claim.objects.get(status="recommended")
    assert waiting.amount == 100000 and not waiting.four_eyes_waived
    assert Repatriation.objects.filter(status="approved").exists()
    loan = Loan.objects.get()
    assert loan.status == "outstanding"
    assert selectors.unbalanced_transactions() == []
    welfare_lifecycles = [spec for spec in lifecycle.registered() if spec.model.startswith("welfare.")]
    assert len(welfare_lifecycles) == 4
    assert [d for spec in welfare_lifecycles for d in lifecycle.verify(spec)] == []
    assert selectors.trial_balance(fund="ph-owwa")["total"] == 0
    assert any(label == "Welfare fund demo" for label, _user, _note in ctx.accounts)
    # The clearance demo's applications carry the fund membership as their welfare-fund fact.
    applied = Clearance.objects.filter(status="applied").first()
    member = Membership.objects.get(clearance_reference=applied.reference)
    assert ClearanceFact.objects.filter(clearance=applied, kind="welfare_fund", document_reference=member.reference).exists()
