"""The demo-only bulk backfill of the welfare fund's past year (welfare/services/history.py): only the system may call
it, it refuses the future and a four-eyes approval by one officer, and it writes members, claims assessed by the
fund's rules and repatriations dated on their days, with balanced postings, that the statistics count in their
months. The year's plan (welfare/demo.py) is checked without the database."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db.models import Sum

from corridor.core.audit import AuditEntry
from corridor.core.errors import PermissionDenied
from corridor.welfare import selectors
from corridor.welfare.demo import year_plan
from corridor.welfare.models import Claim, ClaimEvent, Leg, Membership, Repatriation
from corridor.welfare.services import history
from tests.factories.accounts import WorkerFactory

START = dt.date(2025, 9, 10)


def _member(worker_id=1):
    return history.PastMember(worker_id=worker_id, destination="SA", starts_on=START, contract_months=24,
                              paid_on=START - dt.timedelta(days=20), payer="employer", amount=Decimal("25.00"),
                              currency="USD", rate=Decimal("58.00"), rate_source="demo rate")


def _claims():
    filed = dt.date(2026, 2, 10)
    return [history.PastClaim(member=0, benefit="disability", claimant_kind="member", event_date=dt.date(2026, 2, 1),
                              filed_on=filed, cause="partial", requested_amount=Decimal("10000.00"),
                              steps=(("recommend", filed + dt.timedelta(days=5)), ("approve", filed + dt.timedelta(days=6)),
                                     ("pay", filed + dt.timedelta(days=9)))),
            history.PastClaim(member=0, benefit="death_natural", claimant_kind="next_of_kin", claimant_name="Ana Santos",
                              claimant_relationship="mother", event_date=dt.date(2026, 3, 1),
                              filed_on=dt.date(2026, 3, 5),
                              steps=(("recommend", dt.date(2026, 3, 9)), ("approve", dt.date(2026, 3, 10)),
                                     ("pay", dt.date(2026, 3, 12))))]


def test_only_the_system_may_backfill():
    user = SimpleNamespace(pk=1, role="fund_officer", is_authenticated=True)
    with pytest.raises(PermissionDenied):
        history.welfare_backfill(acting_user=user, fund_id="ph-owwa", officer=user, approver=user, members=[_member()])


def test_the_future_and_one_pair_of_eyes_are_refused():
    one, two = SimpleNamespace(pk=1), SimpleNamespace(pk=2)
    future = history.PastMember(**(_member().__dict__ | {"paid_on": dt.date(2099, 1, 1)}))
    with pytest.raises(ValueError, match="past"):
        history.welfare_backfill(acting_user=None, fund_id="ph-owwa", officer=one, approver=two, members=[future])
    with pytest.raises(ValueError, match="four eyes"):
        history.welfare_backfill(acting_user=None, fund_id="ph-owwa", officer=one, approver=one, members=[_member()])


@pytest.mark.django_db
def test_the_backfill_writes_the_funds_past_dated_on_their_days(fund_officer, second_officer):
    worker = WorkerFactory()
    returned = dt.date(2026, 4, 20)
    counts = history.welfare_backfill(
        acting_user=None, fund_id="ph-owwa", officer=fund_officer, approver=second_officer,
        members=[_member(worker.pk)], claims=_claims(), repatriations=[history.PastRepatriation(
            member=0, reason="Stranded (demo).", requested_on=dt.date(2026, 4, 10), approved_on=dt.date(2026, 4, 12),
            paid_on=dt.date(2026, 4, 14), returned_on=returned, cost=Decimal("30000.00"), currency="PHP")])
    assert counts == {"members": 1, "claims": 2, "repatriations": 1}
    member = Membership.objects.get()
    assert member.starts_on == START and member.created_at.date() == START - dt.timedelta(days=20)
    disability, death = Claim.objects.order_by("filed_on")
    # assessed by the fund's rules: the amount asked within the degree's range; the death benefit is the fund's
    assert (disability.status, disability.amount, disability.approved_by) == ("paid", Decimal("10000.00"), fund_officer)
    assert (death.status, death.amount, death.approved_by) == ("paid", Decimal("100000.00"), second_officer)
    assert list(ClaimEvent.objects.filter(claim=death).values_list("action", flat=True)) == [
        "file", "recommend", "approve", "pay"]
    assert death.posting.posted_on == dt.date(2026, 3, 12)
    assert [f.month.strftime("%Y-%m") for f in selectors.claim_facts().order_by("month")] == ["2026-02", "2026-03"]
    assert [(f.month.strftime("%Y-%m"), f.left) for f in selectors.repatriation_facts()] == [("2026-04", "SA")]
    rep = Repatriation.objects.get()
    assert (rep.status, rep.returned_on, rep.cost, rep.posting.posted_on) == ("returned", returned,
                                                                               Decimal("30000.00"), dt.date(2026, 4, 14))
    assert Leg.objects.aggregate(total=Sum("amount"))["total"] == 0  # every posting balances
    assert Leg.objects.filter(account__code="contributions").get().amount == Decimal("-1450.00")  # US$25 at 58
    assert AuditEntry.objects.filter(action="welfare.backfill").count() == 1


def test_the_year_plan_has_claims_and_repatriations_in_every_month():
    today = dt.date(2026, 12, 5)
    members = [_member(n) for n in range(300)]
    claims, repatriations = year_plan(members=members, today=today)
    assert (claims, repatriations) == year_plan(members=members, today=today)  # seeded
    claim_months = {c.filed_on.replace(day=1) for c in claims}
    return_months = {r.returned_on.replace(day=1) for r in repatriations}
    assert len(claim_months) == 12 and len(return_months) >= 12
    assert all(c.filed_on <= today and all(d <= today for _a, d in c.steps) for c in claims)
    assert all(r.returned_on <= today for r in repatriations)
    assert {c.benefit for c in claims} == {"disability", "death_natural", "death_accidental", "burial"}
